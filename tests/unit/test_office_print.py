"""Issue 23 item 6: the office's printing in one go: kantoor/ holds one file per printer
setting (A4 two-sided, A4 one-sided, A3 one-sided) with the copies in it and a divider page
before each piece; the run sheet and the summary name the files and their settings. (A built
kit's combined files: tests/e2e/test_reprint.py.)"""

from __future__ import annotations

import io
import re
from datetime import time
from types import SimpleNamespace

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, NameObject

from codio_print.inputs.content import load_content
from codio_print.inputs.settings import resolve
from codio_print.kit.pieces import plan
from codio_print.kit.printplan import plan_printing
from codio_print.kit.session import make_session
from codio_print.printshop.office import combine, dividers
from codio_print.render.context import render_html

A4 = (595.28, 841.89)
A3 = (841.89, 1190.55)


@pytest.fixture(scope="module")
def content():
    return load_content(only_case="arnhem")


def pdf(pages: int, size=A4, mark: str = "x") -> bytes:
    """A PDF of ``pages`` pages, each drawing its own text (so pages can be told apart)."""
    writer = PdfWriter()
    for i in range(pages):
        page = writer.add_blank_page(*size)
        stream = ContentStream(None, writer)
        stream.set_data(f"BT /F1 12 Tf 10 10 Td ({mark} {i + 1}) Tj ET".encode())
        page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def office_plan(content, named=False, pages=None, **given):
    pieces = plan(content, [4, 4, 4], named=named)
    printing = plan_printing(resolve(None, case="arnhem", **given), pieces, named)
    pages = pages or {p.id: (3 if p.kind.key == "code" else 2 if p.kind.sides == 2 else 1)
                      for p in pieces}
    return pieces, printing.with_pages(pages)


def test_the_office_pieces_fall_into_three_settings_in_a_fixed_order(content):
    pieces, printing = office_plan(content, named=True)
    jobs = printing.office_jobs(pieces)
    assert [(j.file, j.paper, j.sides) for j in jobs] == [
        ("kantoor/a4-dubbelzijdig.pdf", "A4", 2), ("kantoor/a4-enkelzijdig.pdf", "A4", 1),
        ("kantoor/a3-enkelzijdig.pdf", "A3", 1)]
    ids = [[p.piece.id for p in j.parts] for j in jobs]
    assert {"casus", "code", "handout-1a", "handout-2c", "draaiboek"} <= set(ids[0])
    assert {"naamkaartjes", "handout-6b"} <= set(ids[1])  # one-sided pieces
    assert set(ids[2]) == {f"handout-{n}{x}" for n in (3, 4) for x in "abc"}
    # the shop's pieces and the slides are in none of them
    assert not {"handout-5", "poster-democratie", "presentatie"} & {i for j in ids for i in j}
    casus = jobs[0].parts[[p.piece.id for p in jobs[0].parts].index("casus")]
    assert (casus.copies, casus.file) == (13, "screen/casus.pdf")  # 12 people + facilitator


def test_a_one_page_file_of_a_two_sided_piece_is_printed_one_sided(content):
    pieces, printing = office_plan(content, pages={p.id: 1 for p in plan(content, [4, 4, 4])})
    jobs = printing.office_jobs(pieces)
    assert [j.file for j in jobs] == ["kantoor/a4-enkelzijdig.pdf", "kantoor/a3-enkelzijdig.pdf"]


def test_tiles_are_printed_one_sided_on_their_paper(content):
    pieces, printing = office_plan(content, tile="a3")
    printing = printing.with_pages({**printing.pages, "tegels/handout-5-a3.pdf": 9})
    a3 = next(j for j in printing.office_jobs(pieces) if j.paper == "A3")
    tiles = [p for p in a3.parts if p.tiles]
    assert "tegels/handout-5-a3.pdf" in [p.file for p in tiles]
    assert all(p.copies == 1 for p in tiles) and a3.sides == 1


def test_the_combined_file_holds_every_copy_padded_with_a_divider_before_each_piece(content):
    pieces, printing = office_plan(content, named=True)
    jobs = printing.office_jobs(pieces)
    duplex, simplex, a3 = jobs
    files = {p.file: pdf(p.pages, A3 if j.paper == "A3" else A4, p.piece.id)
             for j in jobs for p in j.parts}
    for job in jobs:
        size = A3 if job.paper == "A3" else A4
        dividers_pdf = pdf(len(job.parts), size, "divider")
        divider_pages = [(dividers_pdf, i) for i in range(len(job.parts))]
        data = combine(job, divider_pages, files.__getitem__, title="Kantoor",
                       created="2026-12-03T00:00:00Z")
        reader = PdfReader(io.BytesIO(data))
        expected = sum(job.sides + p.copies * (p.pages + (p.pages % 2 if job.sides == 2 else 0))
                       for p in job.parts)
        assert len(reader.pages) == expected == job.pages
        assert {(round(float(pg.mediabox.width)), round(float(pg.mediabox.height)))
                for pg in reader.pages} == {tuple(round(v) for v in size)}
        # the same inputs, the same bytes; a title and Dutch as the document's language
        assert combine(job, divider_pages, files.__getitem__, title="Kantoor",
                       created="2026-12-03T00:00:00Z") == data
        assert reader.metadata.title == "Kantoor" and reader.trailer["/Root"]["/Lang"] == "nl"
    # two-sided: the divider has a blank back, code's 3 pages take 2 sheets per copy
    duplex_dividers = pdf(len(duplex.parts), A4, "divider")
    reader = PdfReader(io.BytesIO(combine(
        duplex, [(duplex_dividers, i) for i in range(len(duplex.parts))],
        files.__getitem__, title="t", created="2026-12-03T00:00:00Z")))
    texts = [p.get_contents().get_data() if p.get_contents() is not None else b""
             for p in reader.pages]
    code_at = texts.index(b"BT /F1 12 Tf 10 10 Td (code 1) Tj ET")
    assert texts[code_at - 2].startswith(b"BT") and b"divider" in texts[code_at - 2]
    assert texts[code_at - 1] == b""  # the divider's back
    one_copy = [b"BT /F1 12 Tf 10 10 Td (code %d) Tj ET" % n for n in (1, 2, 3)] + [b""]
    assert texts[code_at:code_at + 8] == one_copy * 2  # a copy of 3 pages padded to 4
    assert simplex.sides == 1 and a3.paper == "A3"


def test_the_dividers_say_piece_copies_paper_and_setting_in_readable_dutch(content):
    pieces, printing = office_plan(content, named=True)
    jobs = printing.office_jobs(pieces)
    env_html = _kantoor_html(content, dividers(jobs))
    assert env_html.count('<section class="divider') == sum(len(j.parts) for j in jobs)
    first = env_html.split('<section class="divider')[1]
    assert "Beschrijving van de casus" in first and "screen/casus.pdf" in first
    assert "13×" in first and "A4" in first and "dubbelzijdig" in first
    assert "kantoor/a4-dubbelzijdig.pdf · onderdeel 1 van" in first
    cards = next(s for s in env_html.split('<section class="divider')[1:] if "Naamkaartjes" in s)
    assert "enkelzijdig" in cards and "160 tot 250 g/m²" in cards
    assert 'class="divider a3"' in env_html  # the A3 job's dividers are A3 pages
    sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)pt", env_html.split("</style>")[-2])]
    assert sizes and min(sizes) >= 10


def test_the_run_sheet_lists_the_three_files_with_their_settings(content):
    session = make_session(content, 12, time(13, 0), None)
    pieces, printing = office_plan(content)
    html = dict((p.id, h) for p, h in render_html(content, session, content.cases["arnhem"],
                                                   printing=printing))["draaiboek"]
    jobs = printing.office_jobs(pieces)
    for job in jobs:
        assert f"<strong>{job.file}</strong>" in html
    assert "kantoor/a4-dubbelzijdig.pdf</strong>: A4, dubbelzijdig (omslaan langs de lange " \
           f"kant), {jobs[0].sheets} vellen" in html
    assert "kantoor/a3-enkelzijdig.pdf</strong>: A3, enkelzijdig" in html


def test_the_run_sheet_advises_card_for_the_name_cards_printed_at_the_office(content):
    session = make_session(content, 12, time(13, 0), None)
    _, printing = office_plan(content, destinations=["naamkaartjes=kantoor"])
    html = dict((p.id, h) for p, h in render_html(content, session, content.cases["arnhem"],
                                                   printing=printing))["draaiboek"]
    assert "karton van 160 tot 250 g/m²" in html


def test_the_summary_names_each_file_with_its_setting_and_the_card_paper(content):
    from codio_print.builder.report import PieceMade, office_of
    from codio_print.cli.summary import office
    from codio_print.kit.artifacts import Extra

    pieces, printing = office_plan(content, named=True)
    jobs = printing.office_jobs(pieces)
    extras = [Extra(__import__("pathlib").Path(j.file), "office") for j in jobs]
    made = [PieceMade(p.id, p.title, p.size, p.copies, printing.of(p).where, printing.file(p),
                      False, (), p.kind.key, printing.of(p).why) for p in pieces]
    report = SimpleNamespace(pieces=made, office=office_of(
        printing, [SimpleNamespace(piece=p) for p in pieces], extras))
    lines = office(report)
    assert lines[0] == "  the office in one go: 3 print jobs, the copies in them"
    assert lines[1] == f"    kantoor/a4-dubbelzijdig.pdf: A4, two-sided, {jobs[0].sheets} sheets"
    assert lines[3].startswith("    kantoor/a3-enkelzijdig.pdf: A3, one-sided, ")
    assert "160–250 g/m²" in lines[4]


def _kantoor_html(content, entries) -> str:
    from codio_print.printshop.office import DIVIDERS, divider_context
    from codio_print.render.context import context
    from codio_print.render.templating import environment, render

    session = make_session(content, 12, time(13, 0), None)
    base = context(content, session, content.cases["arnhem"], [])
    return render(environment(), DIVIDERS, {**base, **divider_context(entries)})
