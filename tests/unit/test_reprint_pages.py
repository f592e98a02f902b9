"""Issue 23 item 4: after a build that changed something, what to print again, per place and
per person or group, in the summary and in manifest.json. (With built kits, a late sign-up
and a cancellation: tests/e2e/test_reprint.py.)"""

from __future__ import annotations

import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfWriter
from pypdf.generic import ContentStream, NameObject

from codio_print import i18n
from codio_print.inputs.content import load_content
from codio_print.kit import manifest
from codio_print.kit.pieces import plan
from codio_print.kit.reprint import Printed, Run, compare, runs


def pdf(marks: list[str]) -> bytes:
    """One A4 page per mark, each drawing its mark."""
    writer = PdfWriter()
    for mark in marks:
        page = writer.add_blank_page(595.28, 841.89)
        stream = ContentStream(None, writer)
        stream.set_data(f"BT /F1 12 Tf 10 10 Td ({mark}) Tj ET".encode())
        page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def content():
    return load_content(only_case="arnhem")


def session_of(groups: dict[str, list[str]]):
    """A session-like object: tables with their fundament and members, named."""
    letters = {"a": "democratie", "b": "rechtsstaat", "c": "bestuurskracht"}
    tables = [SimpleNamespace(fundament=SimpleNamespace(id=letters[x], letter=x),
                              members=[SimpleNamespace(name=n) for n in names],
                              names=list(names))
              for x, names in groups.items()]
    return SimpleNamespace(tables=tables, named=True)


def test_who_is_on_which_pages_comes_from_the_session(content):
    pieces = {p.id: p for p in plan(content, [2, 2, 1], named=True)}
    session = session_of({"a": ["An", "Bo"], "b": ["Cas", "Dee"], "c": ["Eva"]})
    assert runs(pieces["naamkaartjes"], 5, session) == [
        Run("An", "a", 1, 1), Run("Bo", "a", 2, 2), Run("Cas", "b", 3, 3),
        Run("Dee", "b", 4, 4), Run("Eva", "c", 5, 5)]
    # hand-out 2: a sheet of two pages per person of the group and a spare
    assert runs(pieces["handout-2b"], 6, session) == [
        Run("Cas", "b", 1, 2), Run("Dee", "b", 3, 4), Run("", "b", 5, 6)]
    assert runs(pieces["handout-3c"], 1, session) == [Run("", "c", 1, 1)]
    assert runs(pieces["handout-2b"], 7, session) == []  # uneven: compared page by page
    assert runs(pieces["casus"], 2, session) == []


def sheets(people: list[str], spare=True) -> tuple[list[str], tuple[Run, ...]]:
    """Hand-out 2 of one group: two pages per person (and a spare)."""
    who = [*people, ""] if spare else people
    pages = [f"{w or 'spare'} {side}" for w in who for side in (1, 2)]
    return pages, tuple(Run(w, "c", 1 + 2 * i, 2 + 2 * i) for i, w in enumerate(who))


def test_a_late_sign_up_and_a_cancellation_name_the_pages_by_person():
    before_pages, before_runs = sheets(["Anna", "Bram Koster", "Cor"])
    after_pages, after_runs = sheets(["Anna", "Cor", "Noor Bakker"])
    old = {"screen/handout-2c.pdf": pdf(before_pages), "screen/draaiboek.pdf": pdf(["t", "A"]),
           "print/poster-democratie.pdf": pdf(["p"])}
    new = {"screen/handout-2c.pdf": pdf(after_pages), "screen/draaiboek.pdf": pdf(["t", "B"]),
           "print/poster-democratie.pdf": old["print/poster-democratie.pdf"]}

    def printed(files, runs_of):
        return {"kantoor": [Printed(f, f.split("/")[1][:-4], str(hash(data)), 0,
                                    runs_of.get(f, ())) for f, data in files.items()
                            if f.startswith("screen/")],
                "drukker": [Printed("print/poster-democratie.pdf", "poster-democratie",
                                    "same", 1)]}

    change = compare(printed(old, {"screen/handout-2c.pdf": before_runs}),
                     printed(new, {"screen/handout-2c.pdf": after_runs}),
                     old.get, new.get, bundle=("zip", "zip"))
    files = {f.file: f for f in change.places["kantoor"]}
    two = files["screen/handout-2c.pdf"]
    # Cor moved from pages 5-6 to 3-4 but reads the same: not printed again
    assert [(p.first, p.last, p.who, p.change) for p in two.pages] == [
        (5, 6, "Noor Bakker", "new"), (3, 4, "Bram Koster", "gone")]
    assert [(p.first, p.last, p.change) for p in files["screen/draaiboek.pdf"].pages] == \
        [(2, 2, "changed")]
    assert "drukker" not in change.places and change.bundle == "same"

    from codio_print.cli.summary import reprinting
    lines = reprinting(SimpleNamespace(reprint=change))
    assert lines[0] == "To print again:"
    assert lines[1].startswith("  office: screen/handout-2c.pdf: p. 5–6 (Noor Bakker) new, ")
    assert "p. 3–4 (Bram Koster) gone" in lines[1]
    assert lines[1].endswith("; screen/draaiboek.pdf: p. 2 changed")
    assert lines[-1] == ("  drukwerk.zip has not changed: the print shop need not get "
                         "anything new")
    i18n.set_language("nl")
    try:
        dutch = reprinting(SimpleNamespace(reprint=change))
    finally:
        i18n.set_language("en")
    assert dutch[0] == "Opnieuw printen:"
    assert "p. 5–6 (Noor Bakker) nieuw" in dutch[1]
    assert "p. 3–4 (Bram Koster) vervallen" in dutch[1]
    assert dutch[-1] == ("  drukwerk.zip is niet veranderd: de drukkerij hoeft niets nieuws "
                         "te krijgen")
    # the same list as data, for manifest.json and the web interface
    data = change.as_json()
    kantoor = next(p for p in data["places"] if p["place"] == "kantoor")
    noor = next(p for f in kantoor["files"] for p in f["pages"] if p["who"] == "Noor Bakker")
    assert (noor["first"], noor["last"], noor["change"], noor["group"]) == (5, 6, "new", "c")
    assert data["bundle"] == "same"


def test_a_shop_file_that_changed_says_to_send_the_zip_again():
    old, new = pdf(["a"]), pdf(["b"])
    before = {"drukker": [Printed("print/flipover.pdf", "flipover", "1", 1)]}
    after = {"drukker": [Printed("print/flipover.pdf", "flipover", "2", 1)]}
    change = compare(before, after, lambda f: old, lambda f: new, bundle=("z1", "z2"))
    from codio_print.cli.summary import reprinting
    lines = reprinting(SimpleNamespace(reprint=change))
    assert lines[1] == "  print shop (in drukwerk.zip): print/flipover.pdf: every page changed"
    assert lines[2] == "  drukwerk.zip has changed: send it to the print shop again"


def test_a_file_whose_pages_read_as_before_is_not_printed_again():
    data = pdf(["a", "b"])
    change = compare({"kantoor": [Printed("screen/x.pdf", "x", "1", 2)]},
                     {"kantoor": [Printed("screen/x.pdf", "x", "2", 2)]},
                     lambda f: data, lambda f: pdf(["a", "b"]), bundle=None)
    assert not change.anything
    from codio_print.cli.summary import reprinting
    assert reprinting(SimpleNamespace(reprint=change)) == [
        "To print again: nothing, every printed page is as before"]


def test_the_manifest_keeps_the_runs_and_the_reprint_list(tmp_path, content):
    from codio_print.kit.artifacts import Output, PieceResult
    from codio_print.kit.profiles import SCREEN

    piece = next(p for p in plan(content, [1, 1, 1], named=True) if p.id == "naamkaartjes")
    (tmp_path / "screen").mkdir()
    out = Output(SCREEN, Path("screen/naamkaartjes.pdf"), 3, "abc", [], key="k")
    runs_ = {"screen/naamkaartjes.pdf": [Run("An", "a", 1, 1), Run("Bo", "b", 2, 2)]}
    manifest.write(tmp_path, "arnhem", [PieceResult(piece, {"screen": out}, tmp_path)],
                   (SCREEN,), [], None, "kit", runs=runs_, reprint={"bundle": None,
                                                                     "places": []})
    read = manifest.read(tmp_path)
    assert read.pieces[0].files["screen"].runs == tuple(runs_["screen/naamkaartjes.pdf"])
    assert json.loads((tmp_path / "manifest.json").read_text())["reprint"] == \
        {"bundle": None, "places": []}


def test_a_file_as_before_but_needed_more_often_says_how_many_copies_more():
    data = pdf(["a", "b"])
    change = compare({"kantoor": [Printed("screen/casus.pdf", "casus", "1", 2, copies=15)]},
                     {"kantoor": [Printed("screen/casus.pdf", "casus", "1", 2, copies=16)]},
                     lambda f: data, lambda f: data, bundle=None)
    from codio_print.cli.summary import reprinting
    assert reprinting(SimpleNamespace(reprint=change))[1] == \
        "  office: screen/casus.pdf: 1 copy more"
    assert change.as_json()["places"][0]["files"][0]["copies"] == 1
    fewer = compare({"kantoor": [Printed("screen/code.pdf", "code", "1", 2, copies=15)]},
                    {"kantoor": [Printed("screen/code.pdf", "code", "1", 2, copies=13)]},
                    lambda f: data, lambda f: data, bundle=None)
    assert reprinting(SimpleNamespace(reprint=fewer))[1] == \
        "  office: screen/code.pdf: 2 copies fewer"
