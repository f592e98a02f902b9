"""What a caller learns from a build (builder/report.py), with a stand-in for WeasyPrint: the
pieces and their files per profile, what was rendered and what was reused, the warnings with
their piece, file and line, the progress events, what to print again, what was read of the
participant list, the tables and the division, where each piece is printed and the office's
print jobs, all as plain data.

The builds here are the pipeline's own, in this process, with render workers that make a
PDF of blank pages (its bytes and pages from the piece's HTML) instead of rendering: the
claims are about what the pipeline decides and hands back, not about rendering."""

from __future__ import annotations

import hashlib
import io
import json
from types import SimpleNamespace

import pytest
from pypdf import PdfWriter

from codio_print.builder import pipeline
from codio_print.builder.report import Progress
from codio_print.errors import RenderWarning
from codio_print.inputs.settings import resolve


class FakePool:
    """Render workers that render nothing: a PDF of blank pages, its bytes from the HTML (in
    its metadata), its pages from the piece (one per divider of the office's), as a real
    render keeps its pages when only a number in the text changes. ``draaiboek`` warns about
    its template's line 12."""

    def __init__(self):
        self.jobs: list = []

    def render_all(self, jobs, done=None) -> list:
        out = []
        for index, job in enumerate(jobs):
            self.jobs.append((job.name, job.profile.name))
            digest = hashlib.sha256(job.html.encode()).hexdigest()
            writer = PdfWriter()
            pages = (job.html.count('<section class="divider') if job.name == "kantoor"
                     else 1 + len(job.name) % 3)  # the office's dividers: one page each
            for _ in range(pages):
                writer.add_blank_page(width=595.28, height=841.89)
            writer.add_metadata({"/Subject": digest})
            data = io.BytesIO()
            writer.write(data)
            warnings = [RenderWarning("unknown property 'colr'", file="draaiboek.html",
                                      line=12)] if job.name == "draaiboek" else []
            rendered = SimpleNamespace(pdf=data.getvalue(), pages=len(writer.pages),
                                       warnings=warnings)
            if done:
                done(index, rendered)
            out.append(rendered)
        return out


@pytest.fixture()
def built(tmp_path):
    """Build the arnhem kit in the mono profile (no slides, no print shop) with the stand-in
    workers: ``built(**settings)`` gives the report, the workers and the progress events."""
    def build(**given):
        settings = resolve(None, case="arnhem", profile="mono", out=tmp_path / "out",
                           **given)
        pool, events = FakePool(), []
        report = pipeline.build(settings, events.append, pool=pool)
        return report, pool, events

    return build


def test_a_first_build_reports_every_file_rendered(built, tmp_path):
    report, pool, events = built(participants="12")
    kit = tmp_path / "out" / "arnhem"
    assert report.out_dir == kit and len(report.pieces) == 25
    assert report.outputs == 25 and report.rendered == 25 and report.up_to_date == 0
    for piece in report.pieces:
        [file] = piece.files
        assert file.profile == "mono" and file.path.as_posix() == f"mono/{piece.id}.pdf"
        data = (kit / file.path).read_bytes()
        assert file.sha256 == hashlib.sha256(data).hexdigest() and file.rendered
        assert not piece.reused and piece.where in ("kantoor", "drukker", "tegels", "niet")
    assert report.pages == sum(p.files[0].pages for p in report.pieces)
    # one progress event per render of the pieces, each with its piece and profile
    assert [(e.piece, e.profile) for e in events] == pool.jobs[:len(events)]
    assert events[0] == Progress(1, 25, events[0].piece, "mono") and events[-1].done == 25


def test_a_warning_names_its_piece_file_and_line(built):
    report, _, _ = built()
    [warned] = [w for w in report.warnings if w.kind == "piece"]
    assert (warned.piece, warned.file, warned.line) == ("draaiboek", "draaiboek.html", 12)
    assert warned.text == "draaiboek.html:12: unknown property 'colr' (in draaiboek)"
    again, pool, _ = built()  # kept from the first build: the warning with it
    assert pool.jobs == [] and [w for w in again.warnings if w.kind == "piece"] == [warned]


def test_an_unchanged_kit_is_reused_without_rendering(built):
    built(participants="12")
    report, pool, events = built(participants="12")
    assert pool.jobs == [] and events == []
    assert report.rendered == 0 and report.up_to_date == report.outputs == 25
    assert all(p.reused and not p.files[0].rendered for p in report.pieces)


def test_a_change_renders_only_what_it_touches_and_says_what_to_print_again(built):
    first, _, _ = built(participants="12")
    report, pool, _ = built(participants="13")
    rendered = {p.id for p in report.pieces if not p.reused}
    pieces = {job for job in pool.jobs if job[0] != "kantoor"}  # not the office's dividers
    assert rendered == {piece for piece, _ in pieces} and 0 < len(rendered) < 25
    assert report.rendered == len(pieces) and report.up_to_date == 25 - report.rendered
    assert report.reprint is not None and report.reprint.anything
    changed = {f.piece for files in report.reprint.places.values() for f in files}
    assert changed and changed <= {p.id for p in report.pieces}
    assert report.as_dict()["reprint"] == report.reprint.as_json()
    assert first.reprint is None  # a first build has nothing to compare with


def test_the_report_is_plain_data(built):
    report, _, _ = built()
    data = json.loads(json.dumps(report.as_dict()))
    assert data["case"] == "arnhem" and data["profiles"] == ["mono"]
    assert data["rendered"] == 25 and data["up_to_date"] == 0 and len(data["pieces"]) == 25
    draaiboek = next(p for p in data["pieces"] if p["id"] == "draaiboek")
    assert draaiboek["files"][0]["path"] == "mono/draaiboek.pdf"
    assert {"text": "draaiboek.html:12: unknown property 'colr' (in draaiboek)", "kind": "piece",
            "piece": "draaiboek", "file": "draaiboek.html", "line": 12} in data["warnings"]


LIST = ("Naam;Functie;E-mail\nAnna de Vries;inwoner;a@x.nl\nBram Koster;jurist;b@x.nl\n"
        "Cees Bakker;beleidsadviseur;c@x.nl\n;;\nDirk Jansen;inwoner;d@x.nl\n"
        "Eva Smit;raadslid;e@x.nl\nAnna de Vries;ambtenaar;f@x.nl\n"
        "Fatima El Amrani;wethouder;g@x.nl\n")


def _built_twice(built, tmp_path):
    """A kit built for a participant list, then again with someone gone and a newcomer (the
    others kept at their table): its report, the list and the division file."""
    listed = tmp_path / "deelnemers.csv"
    listed.write_text(LIST, encoding="utf-8")
    built(participants=str(listed))
    listed.write_text(LIST.replace("Bram Koster;jurist;b@x.nl\n", "") +
                      "Gijs Mol;inwoner;h@x.nl\n", encoding="utf-8")
    report, _, _ = built(participants=str(listed))
    return report, listed, tmp_path / "out" / "arnhem" / "groepsindeling.csv"


def test_the_report_holds_the_list_the_tables_the_division_and_the_office_as_json(built,
                                                                                  tmp_path):
    """Everything the summary says, from the report alone (a web page shows it as it is):
    what was read of the list, who sits where, what changed in the division, where each
    piece goes and why, the office's print jobs."""
    report, listed, kept = _built_twice(built, tmp_path)
    data = json.loads(json.dumps(report.as_dict()))

    read = data["people"]["list"]
    assert read["file"] == str(listed) and read["count"] == 7
    assert read["columns"] == [{"header": "Naam", "use": "name", "why": ""},
                               {"header": "Functie", "use": "role", "why": ""},
                               {"header": "E-mail", "use": "ignored",
                                "why": "contact details"}]
    assert read["twice"] == [{"name": "Anna de Vries", "first": 2, "again": 7}]
    assert read["skipped"] == [{"line": 4, "why": "empty"}]
    tables = data["people"]["tables"]
    assert [(t["letter"], t["fundament"], t["name"], t["size"]) for t in tables] == [
        ("A", "democratie", "Democratie", 3), ("B", "rechtsstaat", "Rechtsstaat", 2),
        ("C", "bestuurskracht", "Bestuurskracht", 2)]
    seated = sorted(name for t in tables for name in t["names"])
    assert seated == sorted(["Anna de Vries", "Cees Bakker", "Dirk Jansen", "Eva Smit",
                             "Anna de Vries", "Fatima El Amrani", "Gijs Mol"])
    division = data["people"]["division"]
    assert division["source"] == "kept" and division["file"] == str(kept)
    assert division["newcomers"] == [{"name": "Gijs Mol", "fundament": "bestuurskracht"}]
    assert division["gone"] == ["Bram Koster"] and division["moved"] == []
    assert division["text"].encode("utf-8") == kept.read_bytes()  # as the build kept it

    pieces = {p["id"]: p for p in data["pieces"]}
    assert (pieces["naamkaartjes"]["where"], pieces["naamkaartjes"]["why"]) == ("kantoor",
                                                                                "names")
    assert (pieces["presentatie"]["where"], pieces["presentatie"]["why"]) == ("niet",
                                                                              "default")
    assert pieces["casus"]["printed_as"] == "mono/casus.pdf"
    assert pieces["handout-3b"]["kind"] == "handout-3"
    office = data["office"]
    assert [(j["file"], j["paper"], j["sides"]) for j in office][:2] == [
        ("kantoor/a4-dubbelzijdig.pdf", "A4", 2), ("kantoor/a4-enkelzijdig.pdf", "A4", 1)]
    assert all(j["sheets"] > 0 for j in office)
    assert "naamkaartjes" in {piece for j in office for piece in j["pieces"]}
    assert {j["file"] for j in office} == {e["file"] for e in data["extras"]
                                           if e["kind"] == "office"}


def test_the_summary_is_written_from_the_plain_report_with_the_lines_of_before(built,
                                                                               tmp_path):
    """The lines the build printed when the summary read the build's own objects (issue 24:
    captured from that code for this build)."""
    from codio_print.cli.summary import people, printing

    report, listed, kept = _built_twice(built, tmp_path)
    assert people(report.people) == [
        f"Participants: 7 read from {listed}",
        "  columns: Naam (name), Functie (role); ignored: E-mail (contact details)",
        "  tables: A Democratie 3, B Rechtsstaat 2, C Bestuurskracht 2",
        f"  groups: as in {kept}; new: Gijs Mol (C); no longer on the list: Bram Koster",
        "  names twice: Anna de Vries (lines 2 and 7) — allowed, but check it is not one "
        "person twice",
        "  skipped: line 4 (empty)"]
    assert printing(report) == [
        "To print: office (mono/) 24 files · not printed: presentatie",
        "  kept from the print shop, as they show participants' names: naamkaartjes "
        "(--destination naamkaartjes=drukker sends it)",
        "  the office in one go: 6 print jobs, the copies in them",
        "    kantoor/a4-dubbelzijdig.pdf: A4, two-sided, 37 sheets",
        "    kantoor/a4-enkelzijdig.pdf: A4, one-sided, 13 sheets",
        "    kantoor/a3-enkelzijdig.pdf: A3, one-sided, 18 sheets",
        "    kantoor/a0-enkelzijdig.pdf: A0, one-sided, 2 sheets",
        "    kantoor/a1-enkelzijdig.pdf: A1, one-sided, 4 sheets",
        "    kantoor/a2-enkelzijdig.pdf: A2, one-sided, 8 sheets",
        "    name cards: on card of 160–250 g/m² (matt), through the manual feed; check what "
        "your printer takes"]
