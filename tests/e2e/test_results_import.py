"""From the table back into the plan: the groups fill in their screen hand-outs 3 and 4 (here
with pypdf, as a PDF program does), `results import` reads them into resultaten.yaml, and
`results build` shows every value and action on the poster and in the report.

The kit is built in a workspace with its own case, logo and colour: the results carry them.
"""

from __future__ import annotations

import re
import shutil
from datetime import time
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader, PdfWriter

from kits import Recipe, run_cli
from tiny import tiny_workspace
from helpers import edit
from pdfpixels import pixels_near


PRIMARY = (0x8B, 0x1E, 0x3F)
LOGO = (0xC0, 0x14, 0x9A)
LOGO_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="80" height="80" viewBox="0 0 80 80">
<rect width="80" height="80" rx="10" fill="#c0149a"/></svg>
"""

# What each group writes: hand-out 3 (values) and hand-out 4 (actions: what, the value, the
# mechanism if any, who; noodzaak, belang and the term are decided at the poster in stap 4).
# Values and mechanisms by id, as the drop-down lists hold them.
FILLED = {
    "a": {
        "values": [("transparantie", "Inwoners willen weten welke gegevens de gemeente gebruikt."),
                   ("inclusie", "Ook wie geen brieven leest, moet de vergunning krijgen.")],
        "not": [("duurzaamheid", "Speelt bij een parkeervergunning bijna geen rol.")],
        "actions": [("Zet op de website welke gegevens we gebruiken en waarom.", "transparantie",
                     "verantwoordingsdocumenten", "Teamleider communicatie"),
                    ("Bel inwoners die niet reageren op de brief.", "inclusie", "",
                     "Klantcontactcentrum")],
    },
    "b": {
        "values": [("privacy", "Kentekens zijn persoonsgegevens; gebruik alleen wat nodig is.")],
        "not": [],
        "actions": [("Laat een DPIA maken voor de koppeling met de RDW.", "privacy", "audits",
                     "Privacy officer")],
    },
    "c": {
        "values": [("effectiviteit", "De vergunning moet vanzelf verlengd worden.")],
        "not": [("deskundigheid", "Is al goed geregeld.")],
        "actions": [("Meet elk kwartaal hoeveel vergunningen vanzelf verlengd worden.",
                     "effectiviteit", "audits", "Data-analist parkeren")],
    },
}
ACTION_FIELDS = ("actie", "waarde", "mechanisme", "eigenaar")


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "") for p in PdfReader(path).pages).split())


def fill(source: Path, target: Path, values: dict[str, str]) -> Path:
    """Fill form fields as a PDF program does: each field's value, on every page."""
    reader = PdfReader(source)
    fields = reader.get_fields()
    writer = PdfWriter(clone_from=reader)
    given = {}
    for name, value in values.items():
        assert name in fields, f"{source.name} has no field {name}"
        options = fields[name].get("/_States_") if fields[name].get("/FT") == "/Btn" else None
        opt = fields[name].get("/Opt")
        if options and opt:  # a radio button: its state is the option's number
            value = f"/{[str(o) for o in opt].index(value)}"
        given[name] = value
    for page in writer.pages:
        writer.update_page_form_field_values(page, given, auto_regenerate=False)
    writer.write(target)
    return target


def values_sheet(group: dict) -> dict[str, str]:
    out = {}
    for i, (value, why) in enumerate(group["values"], 1):
        out |= {f"gekozen-{i}-waarde": value, f"gekozen-{i}-waarom": why}
    for i, (value, why) in enumerate(group["not"], 1):
        out |= {f"niet-gekozen-{i}-waarde": value, f"niet-gekozen-{i}-afweging": why}
    return out


def actions_sheet(group: dict) -> dict[str, str]:
    out = {}
    for i, action in enumerate(group["actions"], 1):
        out |= {f"actie-{i}-{k}": v for k, v in zip(ACTION_FIELDS, action) if v}
    return out


def _hoorn(here: Path) -> None:
    """A workspace with its own case, logo and colour; the pieces but the worksheets the
    groups fill in (hand-outs 3 and 4) tiny (tiny.py)."""
    ws = here / "hoorn"
    tiny_workspace(ws, keep={"handout-3", "handout-4"})  # screen
    (ws / "logo.svg").write_text(LOGO_SVG, encoding="utf-8")
    edit(ws / "huisstijl.yaml", ('organisatie: ""', "organisatie: Regio Westfriesland"),
         ('logo: ""', "logo: logo.svg"), ('primair: "#154273"', 'primair: "#8b1e3f"'))
    edit(ws / "cases" / "eigen-casus.yaml",
         ("organisatie: Naam van je organisatie", "organisatie: Gemeente Hoorn"),
         ("titel: Naam van de dienst", "titel: Automatische parkeervergunning"))
    edit(ws / "sessie.yaml", ("datum:", "datum: 2027-03-11"), ('start: "09:30"', 'start: "13:00"'))


HOORN = Recipe("eigen-casus", prepare=_hoorn, workspace="hoorn")


@pytest.fixture(scope="module")
def ws(kits, tmp_path_factory) -> Path:
    """A copy of the workspace with its screen kit, where `results init` has written its
    resultaten.yaml."""
    ws = tmp_path_factory.mktemp("ws") / "hoorn"
    shutil.copytree(kits.get(HOORN).workspace, ws, symlinks=True)
    run_cli("results", "init", cwd=ws, check=True)
    return ws


@pytest.fixture(scope="module")
def sheets(ws, tmp_path_factory) -> list[Path]:
    """Hand-outs 3 and 4 of every group, filled in."""
    kit = ws / "build" / "eigen-casus" / "screen"
    out = tmp_path_factory.mktemp("filled")
    files = []
    for letter, group in FILLED.items():
        files.append(fill(kit / f"handout-3{letter}.pdf", out / f"handout-3{letter}.pdf",
                          values_sheet(group)))
        files.append(fill(kit / f"handout-4{letter}.pdf", out / f"handout-4{letter}.pdf",
                          actions_sheet(group)))
    return files


@pytest.fixture(scope="module")
def imported(ws, sheets):
    proc = run_cli("results", "import", *map(str, sheets), cwd=ws, check=True)
    return proc, (ws / "resultaten.yaml").read_text(encoding="utf-8")


def test_import_takes_every_value_and_action_per_group(ws, imported):
    proc, text = imported
    data = yaml.safe_load(text)
    fid = {"a": "democratie", "b": "rechtsstaat", "c": "bestuurskracht"}
    actions = {a["id"]: a for a in data["acties"]}
    assert len(actions) == sum(len(g["actions"]) for g in FILLED.values())
    for letter, group in FILLED.items():
        got = data["waarden"][fid[letter]]
        assert [(g["waarde"], g["waarom"]) for g in got["gekozen"]] == group["values"]
        assert [(n["waarde"], n["afweging"]) for n in got["niet_gekozen"]] == group["not"]
        for i, action in enumerate(group["actions"], 1):
            a = actions[f"{letter.upper()}{i}"]
            assert tuple(a.get(k, "") for k in ACTION_FIELDS) == action
            assert not {"noodzaak", "belang", "termijn"} & set(a)  # stap 4, at the poster
            assert a["groep"] == fid[letter]
    for letter in FILLED:  # it says what it took from which file
        assert re.search(rf"handout-3{letter}\.pdf: group \w+, values chosen: ", proc.stdout)
        assert re.search(rf"handout-4{letter}\.pdf: group \w+, actions: {letter.upper()}1",
                         proc.stdout)
    new = sum(len(g["values"]) + len(g["not"]) + len(g["actions"]) for g in FILLED.values())
    assert f"updated resultaten.yaml: {new} new, 0 changed, 0 removed" in proc.stdout


def test_the_file_stays_readable_with_its_comments(imported):
    _, text = imported
    assert text.startswith("# Resultaten van de workshop CODIO-PaD")
    for header in ("# --- Stap 2: waarden", "# --- Stap 3: acties",
                   "# --- Stap 4: één actieplan voor alle groepen", "# --- Stap 7: afsluiten"):
        assert header in text
    assert "#   mechanisme: " in text  # the explanations of the fields are still there
    assert "\n  - id: A1\n    actie: Zet op de website" in text  # block style, as written by hand


def test_reimport_changes_nothing(ws, sheets, imported):
    _, before = imported
    stamp = (ws / "resultaten.yaml").stat().st_mtime_ns
    proc = run_cli("results", "import", *map(str, sheets), cwd=ws, check=True)
    assert "resultaten.yaml: nothing changed" in proc.stdout
    assert (ws / "resultaten.yaml").read_text(encoding="utf-8") == before
    assert (ws / "resultaten.yaml").stat().st_mtime_ns == stamp
    assert not list(ws.glob("resultaten.yaml.bak-*"))


def test_results_build_shows_every_filled_value_and_action(ws, imported):
    proc = run_cli("results", "build", cwd=ws, check=True)
    # only that the follow-up has no date yet (so no invitation): the sheets do not say it
    others = [w for w in proc.stderr.splitlines() if "no vervolgsessie.ics" not in w]
    assert others == [], proc.stderr
    out = ws / "resultaten"
    from codio_print.inputs.content import load_content
    names = load_content(only_case="arnhem").waarde_per_id
    poster, report = pdf_text(out / "actieplan.pdf"), pdf_text(out / "verslag.pdf")
    for letter, group in FILLED.items():
        for value, why in group["values"]:
            assert names[value].naam in poster and names[value].naam in report, value
            assert why in report
        for value, why in group["not"]:
            assert why in report
        for i, (actie, _, _, eigenaar) in enumerate(group["actions"], 1):
            code = f"{letter.upper()}{i}"
            for text in (poster, report):
                assert actie in text and eigenaar in text and code in text, code
    for name in ("actieplan.pdf", "actieplan-drukwerk.pdf", "verslag.pdf"):
        assert "Automatische parkeervergunning" in pdf_text(out / name), name


def test_results_of_the_workspace_case_carry_its_logo_and_colours(ws, imported):
    out = ws / "resultaten"
    if not (out / "actieplan.pdf").exists():
        run_cli("results", "build", cwd=ws, check=True)
    for name in ("actieplan.pdf", "actieplan-drukwerk.pdf", "verslag.pdf"):
        assert pixels_near(out / name, 0, LOGO) >= 20, name
        assert pixels_near(out / name, 0, PRIMARY) >= 50, name


def test_a_sheet_of_another_kit_is_refused_in_one_line(ws, imported, tmp_path):
    """Hand-out 3a of a kit for another case: refused, and resultaten.yaml untouched."""
    from codio_print import paths
    from codio_print.inputs.content import load_content
    from codio_print.kit.profiles import SCREEN
    from codio_print.kit.session import make_session
    from codio_print.render.context import render_html
    from codio_print.render.pdf import render_pdf

    content = load_content(only_case="utrecht")
    session = make_session(content, 12, time(13, 0), None)
    html = dict((p.id, h) for p, h in render_html(content, session, content.case("utrecht"),
                                                  profile=SCREEN))["handout-3a"]
    blank = tmp_path / "blank.pdf"
    blank.write_bytes(render_pdf(html, paths.TEMPLATES.as_uri() + "/", name="handout-3a",
                                 profile=SCREEN).pdf)
    other = fill(blank, tmp_path / "handout-3a-utrecht.pdf", values_sheet(FILLED["a"]))
    _, before = imported
    proc = run_cli("results", "import", str(other), cwd=ws)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert "handout-3a-utrecht.pdf: this sheet is of another kit: case 'utrecht'" in lines[0]
    assert (ws / "resultaten.yaml").read_text(encoding="utf-8") == before


def test_a_damaged_or_foreign_pdf_is_one_line(ws, sheets, tmp_path):
    damaged = tmp_path / "kapot.pdf"
    damaged.write_bytes(sheets[0].read_bytes()[:2000])
    casus = ws / "build" / "eigen-casus" / "screen" / "casus.pdf"  # of the kit, no worksheet
    for path, message in ((damaged, "this PDF is damaged and cannot be read"),
                          (casus, "this PDF is not a worksheet of a codio-print kit"),
                          (ws / "sessie.yaml", "this is not a PDF file")):
        proc = run_cli("results", "import", str(path), cwd=ws)
        assert proc.returncode == 1, path
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], proc.stderr


def test_a_hand_edit_is_never_lost(ws, sheets, imported, tmp_path):
    """The facilitator corrects an owner by hand; a re-import of the unchanged sheet keeps
    it; a corrected sheet that changes the same owner replaces it, says so, and keeps the
    file as it was. (On a copy of the imported workspace: the other tests read it as the
    import left it.)"""
    ws = shutil.copytree(ws, tmp_path / "ws", symlinks=True)
    target = ws / "resultaten.yaml"
    edit(target, ("eigenaar: Privacy officer", "eigenaar: Fatima el Amrani (privacy officer)"))
    sheet_4b = next(s for s in sheets if s.name == "handout-4b.pdf")
    proc = run_cli("results", "import", str(sheet_4b), cwd=ws, check=True)
    assert "action B1 was changed by hand after it was imported" in proc.stderr
    assert "eigenaar: Fatima el Amrani (privacy officer)" in target.read_text(encoding="utf-8")

    corrected = fill(sheet_4b, tmp_path / "handout-4b.pdf",
                     {"actie-1-eigenaar": "Functionaris gegevensbescherming"})
    proc = run_cli("results", "import", str(corrected), cwd=ws, check=True)
    note = [line for line in proc.stderr.splitlines() if "action B1 was changed by hand (" in line]
    assert len(note) == 1
    assert "eigenaar 'Fatima el Amrani (privacy officer)'" in note[0]
    assert "says eigenaar 'Functionaris gegevensbescherming': taken from the sheet" in note[0]
    backup = ws / "resultaten.yaml.bak-1"
    assert backup.name in note[0]
    assert "eigenaar: Fatima el Amrani (privacy officer)" in backup.read_text(encoding="utf-8")
    text = target.read_text(encoding="utf-8")
    assert "eigenaar: Functionaris gegevensbescherming" in text
    assert text.count("- id: B1") == 1


# --- E15: a sheet does not take over what another sheet gave ----------------------------------

def _kit_identity(ws: Path, **changes) -> dict:
    """The identity the kit's sheets carry (here: hand-out 3a's), with ``changes``."""
    import json

    reader = PdfReader(ws / "build" / "eigen-casus" / "screen" / "handout-3a.pdf")
    return {**json.loads(str(reader.metadata["/codioprintwerkblad"])), **changes}


def _one_line(proc) -> str:
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1 and len(lines) == 1 and "Traceback" not in proc.stderr, proc
    return lines[0]


def test_a_sheet_of_another_group_does_not_replace_what_that_group_gave(ws, imported,
                                                                       tmp_path):
    """A participant hands in group b's sheet filled in with other actions: refused, unless
    asked with --replace (a corrected sheet under another name)."""
    from incli import run_here

    ws = shutil.copytree(ws, tmp_path / "ws", symlinks=True)
    target = ws / "resultaten.yaml"
    before = target.read_text(encoding="utf-8")
    blank = ws / "build" / "eigen-casus" / "screen" / "handout-4b.pdf"
    other = fill(blank, tmp_path / "van-een-ander.pdf", actions_sheet(FILLED["c"]))
    line = _one_line(run_here("results", "import", str(other), cwd=ws))
    assert line == (f"error: {other}: this hand-out 4 of group 'rechtsstaat' would change what "
                    "handout-4b.pdf gave: action B1 — import each group's own sheets; if this "
                    "is the corrected sheet of handout-4b.pdf, import it with --replace")
    assert target.read_text(encoding="utf-8") == before
    proc = run_here("results", "import", "--replace", str(other), cwd=ws)
    assert proc.returncode == 0 and "1 changed" in proc.stdout, proc.stderr
    [b1] = [a for a in yaml.safe_load(target.read_text(encoding="utf-8"))["acties"]
            if a["id"] == "B1"]
    assert b1["actie"] == FILLED["c"]["actions"][0][0]


def test_an_empty_poster_removes_nothing_unless_asked(ws, imported, tmp_path):
    """A poster with nothing filled in (only the kit's identity, as anyone can make it)
    removes what the filled poster gave only with --replace; a filled one still updates."""
    from forged import forged_sheet
    from incli import run_here

    ws = shutil.copytree(ws, tmp_path / "ws", symlinks=True)
    target = ws / "resultaten.yaml"
    ident = _kit_identity(ws, werkblad="handout-5", groep="")
    (tmp_path / "later").mkdir()
    poster = forged_sheet(tmp_path / "handout-5.pdf", ident, {"stap4-1": "Binnen een jaar"})
    proc = run_here("results", "import", str(poster), cwd=ws)
    assert proc.returncode == 0 and "1 new" in proc.stdout, proc.stderr
    taken = target.read_text(encoding="utf-8")
    for name in ("leeg.pdf", "handout-5.pdf"):  # another file, or the same name again
        empty = forged_sheet(tmp_path / "later" / name, ident, {})
        line = _one_line(run_here("results", "import", str(empty), cwd=ws))
        assert line.startswith(f"error: {empty}: nothing is filled in on this hand-out 5, and "
                               "importing it would remove what handout-5.pdf gave: "
                               "'stap4.termijn' — "), line
        assert line.endswith("import it with --replace")
        assert target.read_text(encoding="utf-8") == taken
    proc = run_here("results", "import", "--replace", str(empty), cwd=ws)
    assert proc.returncode == 0 and "1 removed" in proc.stdout, proc.stderr
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["stap4"]["termijn"] in ("", None)
