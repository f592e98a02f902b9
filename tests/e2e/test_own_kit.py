"""The organisation's own look and own case, from a workspace, checked in the real PDFs.

From a fresh workspace (`init`): change the organisation name, a colour, the fonts and the
logo, override one block of one template, write a case with `new-case`, build (the screen
profile), and find all of it in every piece, while the built-in templates stay as they were.
The print profile is checked in a build of a copy of the workspace, its case sheet whole and
the other pieces tiny (tiny.py).
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import fontpkg
import pytest

from helpers import edit
from kits import OWN, PdfReader, Recipe, run_cli
from incli import run_here
from pdfpixels import pixels_near
from tiny import tiny_templates

ORGANISATION = "Regio Westfriesland"
PRIMARY = (0x8B, 0x1E, 0x3F)
DEMOCRATIE = (0x0A, 0x7F, 0x6F)
LOGO = (0xC0, 0x14, 0x9A)  # the logo's own colour, used nowhere else
OLD_PRIMARY = (0x15, 0x42, 0x73)
LOGO_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="80" height="80" viewBox="0 0 80 80">
<rect width="80" height="80" rx="10" fill="#c0149a"/></svg>
"""
OVERRIDE = """{% extends "builtin/casus.html" %}
{% block body %}
{{ super() }}
<p class="intro">Deze casus bespreken we op de werkdag van de regio.</p>
{% endblock %}
"""
PIECES = 25


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class Own:
    def __init__(self, ws: Path, proc, builtin_before: dict[str, str]):
        self.ws = ws
        self.kit = ws / "build" / "parkeervergunning" / "screen"  # the RGB files
        self.proc = proc
        self.builtin_before = builtin_before

    def pdfs(self) -> list[Path]:
        return sorted(self.kit.glob("*.pdf"))

    def text(self, piece_id: str) -> str:
        return "\n".join(p.extract_text() or "" for p in PdfReader(self.kit / f"{piece_id}.pdf").pages)


def _westfriesland(here: Path) -> None:
    """From a fresh workspace (`init`): the look, one block of one template, an own case
    (`new-case`) and the session."""
    from codio_print.scaffold.workspace import init, new_case

    ws = here / "westfriesland"
    init(ws)
    # The look: name, logo, a colour, a fundament colour, an installed font and a font file.
    (ws / "logo.svg").write_text(LOGO_SVG, encoding="utf-8")
    bold = next(f.path for f in fontpkg.family("Atkinson Hyperlegible").files
                if f.path.name == "AtkinsonHyperlegible-Bold.ttf")
    (ws / "fonts").mkdir()
    shutil.copy(bold, ws / "fonts" / "Koppen-Bold.ttf")
    edit(ws / "huisstijl.yaml", ('organisatie: ""', f"organisatie: {ORGANISATION}"),
          ('logo: ""', "logo: logo.svg"), ('primair: "#154273"', 'primair: "#8b1e3f"'),
          ('democratie: "#1d5fa0"', 'democratie: "#0a7f6f"'),
          ("tekst: Atkinson Hyperlegible", "tekst: Noto Sans"),
          ('koppen: ""', "koppen: fonts/Koppen-Bold.ttf"))
    # One block of one template.
    (ws / "templates" / "casus.html").write_text(OVERRIDE, encoding="utf-8")
    # The organisation's own case.
    new_case(ws, "parkeervergunning")
    edit(ws / "cases" / "parkeervergunning.yaml",
          ("organisatie: Naam van je organisatie", "organisatie: Gemeente Hoorn"),
          ("titel: Naam van de dienst", "titel: Automatische parkeervergunning"))
    edit(ws / "sessie.yaml", ("casus: eigen-casus", "casus: parkeervergunning"),
          ("datum:", "datum: 2026-03-12"), ('locatie: ""', "locatie: Stadhuis Hoorn, zaal 2"),
          ('begeleider: ""', "begeleider: Fatima el Amrani"),
          ("profiel: all", "profiel: screen"))


# Plain `build` inside the folder; an option on the command line wins over the file.
WESTFRIESLAND = Recipe("parkeervergunning", ("--date", "2026-04-02"), prepare=_westfriesland,
                       workspace="westfriesland")


@pytest.fixture(scope="module")
def own(kits) -> Own:
    before = _tree(OWN / "templates")
    built = kits.get(WESTFRIESLAND)
    return Own(built.workspace, built.kit.proc, before)


def test_the_workspace_kit_is_complete(own):
    assert len(own.pdfs()) == PIECES
    assert "parkeervergunning" in own.proc.stdout
    assert "warning" not in own.proc.stderr


def test_the_own_case_is_in_every_piece_that_names_it(own):
    for piece in ("casus", "handout-1a", "handout-5", "draaiboek", "presentatie"):
        assert "Automatische parkeervergunning" in own.text(piece), piece
    assert "Gemeente Hoorn" in own.text("casus")


def test_the_organisation_name_reaches_every_piece(own):
    for pdf in own.pdfs():
        reader = PdfReader(pdf)
        assert ORGANISATION in reader.metadata.author, pdf.name
    footed = [p for p in own.pdfs() if p.stem not in ("handout-5", "naamkaartjes", "flipover")]
    for pdf in footed:  # with a logo, the name is printed in the foot line
        assert ORGANISATION in own.text(pdf.stem), pdf.name


def test_the_logo_is_on_every_piece(own):
    for pdf in own.pdfs():
        assert pixels_near(pdf, 0, LOGO) >= 20, pdf.name


def test_the_colours_replace_ours(own):
    for piece in ("casus", "presentatie", "handout-5", "flipover", "draaiboek"):
        pdf = own.kit / f"{piece}.pdf"
        assert pixels_near(pdf, 0, PRIMARY) >= 50, piece
        assert pixels_near(pdf, 0, OLD_PRIMARY) == 0, piece
    for piece in ("poster-democratie", "handout-1a", "handout-2a"):
        assert pixels_near(own.kit / f"{piece}.pdf", 0, DEMOCRATIE) >= 50, piece
    assert pixels_near(own.kit / "poster-rechtsstaat.pdf", 0, DEMOCRATIE) == 0


def _font_names(pdf: Path) -> set[str]:
    names = set()
    for page in PdfReader(pdf).pages:
        for ref in page["/Resources"].get_object().get("/Font", {}).values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_the_fonts_are_the_organisations(own):
    for piece in ("casus", "presentatie", "poster-rechtsstaat"):
        names = _font_names(own.kit / f"{piece}.pdf")
        # WeasyPrint names an embedded font after its CSS family: the font file of the
        # headings is "Huisstijl koppen"; the body text is the installed Noto Sans.
        assert {"Noto-Sans", "Huisstijl-koppen-Bold"} <= names, (piece, names)
        assert not any("Atkinson" in n for n in names), (piece, names)


def test_the_override_changes_one_block_of_one_template(own):
    assert "werkdag van de regio" in own.text("casus")
    assert "Welke gegevens worden gebruikt?" in own.text("casus")  # the rest is still there
    for piece in ("code", "handout-1a", "draaiboek"):
        assert "werkdag van de regio" not in own.text(piece)


def test_session_details_and_command_line_override(own):
    # the run sheet's facts stand in a row of narrow boxes: a place may wrap over lines
    draaiboek = " ".join(own.text("draaiboek").split())
    slides = " ".join(own.text("presentatie").split())
    for text in (draaiboek, slides):
        assert "Stadhuis Hoorn, zaal 2" in text and "Fatima el Amrani" in text
        assert "2 april 2026" in text and "12 maart" not in text


def test_builtin_templates_stay_untouched(own):
    assert _tree(OWN / "templates") == own.builtin_before


def test_cases_and_templates_commands_see_the_workspace(own):
    cases = run_cli("cases", cwd=own.ws, check=True).stdout
    assert re.search(r"^parkeervergunning\s+Gemeente Hoorn: Automatische parkeervergunning "
                     r"\(workspace\)$", cases, re.M)
    assert re.search(r"^arnhem\s", cases, re.M)
    listed = run_cli("templates", "--config", str(own.ws / "sessie.yaml"), check=True).stdout
    assert re.search(r"^casus\.html\s+workspace, extends the built-in one\s+"
                     + re.escape(str(own.ws / "templates" / "casus.html")), listed, re.M)
    assert re.search(r"^handout-1\.html\s+built-in\s", listed, re.M)


@pytest.mark.parametrize("old, new, message", [
    ('primair: "#154273"', "primair: #8b1e3f", "the colour is empty"),
    ("tekst: Atkinson Hyperlegible", "tekst: Fira Sans",
     "font 'Fira Sans' is neither in codio-print nor installed on this computer"),
    ('logo: ""', "logo: logo.png", "the logo 'logo.png' does not exist"),
])
def test_a_bad_theme_is_one_line_naming_file_and_line(tmp_path, old, new, message):
    from codio_print.scaffold.workspace import init

    ws = tmp_path / "ws"
    init(ws)
    edit(ws / "huisstijl.yaml", (old, new))
    line = next(i for i, text in enumerate(
        (ws / "huisstijl.yaml").read_text(encoding="utf-8").splitlines(), 1) if new in text)
    proc = run_here("build", "--config", str(ws / "sessie.yaml"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error: {ws / 'huisstijl.yaml'}:{line}: ")
    assert message in last
    assert "Traceback" not in proc.stderr
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_build_outside_a_workspace_needs_a_case(tmp_path):
    proc = run_here("build", "--out", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 1
    assert "which case?" in proc.stderr and "codio-print init" in proc.stderr


def test_new_case_outside_a_workspace_says_what_to_do(tmp_path):
    proc = run_here("new-case", "parkeren", cwd=tmp_path)
    assert proc.returncode == 1
    assert "not in a workspace" in proc.stderr and "codio-print init" in proc.stderr
    assert not list(tmp_path.rglob("*.yaml"))


def test_the_own_look_prints_in_cmyk_and_passes_the_preflight(own, tmp_path):
    """The theme's colours and its SVG logo reach the print files as CMYK, not RGB; `check`
    passes the screen kit and a kit of both profiles (from a copy of the workspace: the case
    sheet whole, with its override, the other pieces tiny, each with the look's band, logo and
    foot line)."""
    proc = run_cli("check", str(own.kit.parent))
    assert proc.returncode == 0, proc.stderr
    copy = tmp_path / "westfriesland"
    shutil.copytree(own.ws, copy, ignore=shutil.ignore_patterns("build"))
    tiny_templates(copy / "templates", keep={"naamkaartjes", "casus"})
    edit(copy / "sessie.yaml", ("profiel: screen", "profiel: all"))
    run_cli("build", "--date", "2026-04-02", cwd=copy, check=True)
    kit = copy / "build" / "parkeervergunning"
    proc = run_cli("check", str(kit))
    assert proc.returncode == 0, proc.stderr
    content = PdfReader(kit / "print" / "casus.pdf").pages[0].get_contents().get_data()
    assert not re.search(rb"\s(rg|RG)\s", content)
    casus = PdfReader(kit / "print" / "casus.pdf").pages[0].extract_text()
    assert "Automatische parkeervergunning" in casus
