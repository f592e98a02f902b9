"""What `results import` does with a sheet anyone can make: it reads within bounds, and
what a sheet says reaches resultaten.yaml only as text that codio-print reads back."""

from __future__ import annotations

import pytest
from forged import forged_sheet

from codio_print.errors import InputError
from codio_print.results import sheets

IDENT = {"werkblad": "handout-4", "casus": "eigen-casus", "variant": "CODIO-PaD", "datum": "",
         "start": "09:30", "groep": "democratie"}


# --- E12: what a sheet unpacks to is bounded --------------------------------------------------

@pytest.mark.parametrize("fields", [
    {f"veld-{i}": "x" * 600_000 for i in range(3)},   # one object stream of 1.8 MB
    {f"veld-{i}": "x" * 8_000 for i in range(300)},   # three streams of 0.8 MB each
], ids=["one-stream", "several-streams"])
def test_a_sheet_that_unpacks_to_too_much_is_refused_in_one_line(tmp_path, monkeypatch,
                                                                  fields):
    monkeypatch.setattr(sheets, "MAX_SHEET_INFLATED", 1024 ** 2)
    sheet = forged_sheet(tmp_path / "ingevuld.pdf", IDENT, fields)
    assert sheet.stat().st_size < 100_000  # small on disk
    with pytest.raises(InputError) as info:
        sheets.read_sheet(sheet)
    assert info.value.one_line() == (
        f"{sheet}: this PDF unpacks to more than 1 MB, far more than a worksheet — give the "
        "filled-in PDF of a screen hand-out (3 or 4, or the poster), as the PDF program saved "
        "it")


def test_a_sheet_within_the_bound_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_SHEET_INFLATED", 1024 ** 2)
    sheet = forged_sheet(tmp_path / "ingevuld.pdf", IDENT,
                         {f"veld-{i}": "x" * 2_000 for i in range(300)})
    assert len(sheets.read_sheet(sheet).fields) == 300


# --- what a sheet says reaches resultaten.yaml only as text codio-print reads back ------------

ACTION = {"actie-1-actie": "Zet op de website welke gegevens we gebruiken en waarom.",
          "actie-1-waarde": "transparantie", "actie-1-mechanisme": "verantwoordingsdocumenten",
          "actie-1-eigenaar": "Teamleider communicatie", "actie-1-termijn": "Q2 2027",
          "actie-1-noodzaak": "hoog", "actie-1-belang": "midden"}


@pytest.fixture
def ws(tmp_path):
    """A new workspace with the resultaten.yaml of `results init`."""
    from incli import run_here

    from codio_print.scaffold.workspace import init

    ws = tmp_path / "ws"
    init(ws)
    assert run_here("results", "init", cwd=ws).returncode == 0
    return ws


def import_here(ws, *sheets_):
    from incli import run_here

    return run_here("results", "import", *map(str, sheets_), cwd=ws)


def one_error(proc) -> str:
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 1 and "Traceback" not in proc.stderr, proc
    return lines[0]


def test_a_field_longer_than_any_sheet_holds_is_refused_naming_sheet_and_field(ws, tmp_path):
    """E17: a 6.5 MB field made a resultaten.yaml of 6.2 MB that `results build` refused."""
    before = (ws / "resultaten.yaml").read_text(encoding="utf-8")
    sheet = forged_sheet(tmp_path / "ingevuld.pdf", IDENT,
                         {**ACTION, "actie-1-actie": "x" * 6_500_000})
    line = one_error(import_here(ws, sheet))
    assert line == (f"error: {sheet}: the field 'actie-1-actie' holds 6,500,000 characters, "
                    f"more than the {sheets.MAX_FIELD_CHARS:,} a field of a sheet may hold — "
                    "shorten it on the sheet, and import it again")
    assert (ws / "resultaten.yaml").read_text(encoding="utf-8") == before


def test_an_import_that_would_make_the_file_too_large_to_read_is_refused(ws, tmp_path,
                                                                         monkeypatch):
    """E17: what import writes, `results build` reads (the limit lowered for the test)."""
    from codio_print.inputs import yamlread
    from codio_print.results import importer

    assert importer.MAX_RESULTS_BYTES == yamlread.MAX_YAML_BYTES  # what results build reads
    target = ws / "resultaten.yaml"
    before = target.read_text(encoding="utf-8")
    monkeypatch.setattr(importer, "MAX_RESULTS_BYTES", len(before.encode()) + 50)
    sheet = forged_sheet(tmp_path / "ingevuld.pdf", IDENT, ACTION)
    line = one_error(import_here(ws, sheet))
    assert line.startswith(f"error: resultaten.yaml: with what the sheets say it would be ")
    assert f"more than the {len(before.encode()) + 50:,} bytes codio-print reads" in line
    assert target.read_text(encoding="utf-8") == before


CONTROLLED = {"actie-1-actie": "Zet\x00 op de \x07website\u202e welke\u2066 gegevens\u202c we "
                               "gebruiken en waarom.",
              "actie-1-eigenaar": "Teamleider\x1b[2J communicatie\u200f"}


def test_control_characters_on_a_sheet_are_removed_and_said(ws, tmp_path):
    """E18: NUL, BEL, ESC and the bidi controls never reach resultaten.yaml or acties.csv;
    the import says which it removed from which field."""
    import yaml

    from codio_print.inputs.controls import CONTROLS
    from codio_print.results.build import load_for
    from codio_print.results.exports import write_actions_csv
    from codio_print.results.load import load_results

    sheet = forged_sheet(tmp_path / "ingevuld.pdf", IDENT, {**ACTION, **CONTROLLED})
    proc = import_here(ws, sheet)
    assert proc.returncode == 0, proc.stderr
    text = (ws / "resultaten.yaml").read_text(encoding="utf-8")
    assert not CONTROLS.search(text) and "\\0" not in text and "\\a" not in text
    [action] = yaml.safe_load(text)["acties"]
    assert action["actie"] == ACTION["actie-1-actie"]
    assert action["eigenaar"] == "Teamleider[2J communicatie"
    notes = [line for line in proc.stderr.splitlines() if "removed" in line]
    assert notes == [
        f"note: {sheet}: removed U+0000, U+0007, U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 "
        "LEFT-TO-RIGHT ISOLATE, U+202C POP DIRECTIONAL FORMATTING from the field "
        "'actie-1-actie': they change how a text is shown, not what it says",
        f"note: {sheet}: removed U+001B, U+200F RIGHT-TO-LEFT MARK from the field "
        "'actie-1-eigenaar': they change how a text is shown, not what it says"], proc.stderr
    content = load_for("eigen-casus", ws)
    csv = write_actions_csv(load_results(ws / "resultaten.yaml", content), content,
                            tmp_path / "acties.csv").read_text(encoding="utf-8")
    assert "Zet op de website welke gegevens" in csv and not CONTROLS.search(csv)


def test_a_sheet_whose_identity_carries_control_characters_is_refused(ws, tmp_path):
    """The identity is written by the kit; one with an ESC sequence is not the kit's (and
    would be printed in the error about another kit)."""
    sheet = forged_sheet(tmp_path / "ingevuld.pdf", {**IDENT, "casus": "x\x1b]0;pwned\x07"},
                         ACTION)
    line = one_error(import_here(ws, sheet))
    assert line.startswith(f"error: {sheet}: the worksheet's kit data is damaged — ")
    assert "\x1b" not in line


def test_no_csv_cell_carries_control_characters():
    """Whatever the text came from (a resultaten.yaml written by hand with "\\u202e" in it,
    a division file), a cell of a CSV codio-print writes has none, and a formula hidden
    behind one is still made plain text."""
    from codio_print.inputs.controls import CONTROLS
    from codio_print.printshop.csvcells import excel_csv, safe_cell

    assert safe_cell("\x07=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert safe_cell("Team\u202e leider") == "Team leider"
    text = excel_csv([["id", "eigenaar"], ["A1", "\u2066Sanne\u2069 \x1b[2JVerhoeven"]])
    assert not CONTROLS.search(text) and "Sanne [2JVerhoeven" in text


# --- E15: a sheet is of this kit, as a kit writes it -------------------------------------------

@pytest.mark.parametrize("ident, message", [
    ({**IDENT, "variant": ""}, "this sheet is of another kit: code '', resultaten.yaml is for "
                               "'CODIO-PaD'"),
    ({k: v for k, v in IDENT.items() if k != "start"},
     "this sheet is of another kit: the session of no date, resultaten.yaml is of "),
    ({**IDENT, "werkblad": "handout-5"}, "this poster says it is of group 'democratie'"),
], ids=["no-variant", "no-start", "poster-of-a-group"])
def test_a_sheet_whose_identity_no_kit_writes_is_refused(ws, tmp_path, ident, message):
    before = (ws / "resultaten.yaml").read_text(encoding="utf-8")
    sheet = forged_sheet(tmp_path / "ingevuld.pdf", ident, {"stap4-1": "Binnen een jaar"})
    line = one_error(import_here(ws, sheet))
    assert line.startswith(f"error: {sheet}: {message}"), line
    assert (ws / "resultaten.yaml").read_text(encoding="utf-8") == before
