"""What the later stages say (the build, the render, check, watch, an interrupted command,
the help) is Dutch without a locale or with --taal nl, and English with --taal en (issue 23,
item 1). Cheap: in this process, on a one-page PDF; no kit is built."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from pypdf import PdfWriter

from codio_print import i18n
from incli import run_here

LOCALE = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture
def no_locale(monkeypatch):
    """A computer that says nothing about its language: Dutch."""
    for name in LOCALE:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def dutch():
    """Messages in Dutch for a test that calls the stages itself (run_here sets its own)."""
    before = list(i18n._current)
    i18n.set_language("nl")
    yield
    i18n._current[:] = before


def test_an_interrupted_build_says_in_dutch_that_the_previous_kit_is_unchanged(
        monkeypatch, no_locale, tmp_path):
    from codio_print.builder import pipeline
    from codio_print.errors import Interrupted

    def interrupted(*args, **kwargs):
        raise Interrupted()

    monkeypatch.setattr(pipeline, "build", interrupted)
    args = ("build", "--case", "arnhem", "--out", str(tmp_path))
    dutch = run_here(*args)
    assert dutch.returncode == 130
    assert dutch.stderr.strip().splitlines()[-1] == \
        "onderbroken: de vorige kit (als die er was) is niet veranderd"
    english = run_here("--taal", "en", *args)
    assert english.stderr.strip().splitlines()[-1] == \
        "interrupted: the previous kit, if any, is unchanged"


def _kit_of_one_page(folder: Path) -> Path:
    """A "kit" of one black-and-white file: a blank A4 page without a title or a CMYK
    output intent, as manifest.json lists it."""
    (folder / "mono").mkdir(parents=True)
    writer = PdfWriter()
    writer.add_blank_page(width=595.28, height=841.89)
    writer.write(folder / "mono" / "casus.pdf")
    data = (folder / "mono" / "casus.pdf").read_bytes()
    (folder / "manifest.json").write_text(json.dumps({
        "case": "arnhem", "pieces": [{
            "id": "casus", "title": "Beschrijving van de casus", "size": "A4", "pages": 1,
            "files": {"mono": {"file": "mono/casus.pdf", "pages": 1,
                               "sha256": hashlib.sha256(data).hexdigest()}}}]}),
        encoding="utf-8")
    return folder


def test_check_shows_its_table_and_what_it_found_in_dutch(no_locale, tmp_path, dutch):
    kit = _kit_of_one_page(tmp_path / "arnhem")
    proc = run_here("check", str(kit))
    assert proc.returncode == 1
    head = proc.stdout.splitlines()[0].split()
    assert head[:3] == ["bestand", "opent", "formaat"] and "kleur" in head, head
    row = proc.stdout.splitlines()[2].split()
    assert row[0] == "mono/casus.pdf" and dict(zip(head, row))["kleur"] == "FOUT", row
    # what each check found (the lines around it are cli/commands.py's: see failure_lines)
    assert "geen CMYK-uitvoerprofiel (/OutputIntents met een GTS_PDFX-profiel)" in proc.stderr
    assert "geen titel in de documentgegevens" in proc.stderr

    from codio_print.printshop.preflight import check_path, failure_lines, verdict

    checks = check_path(kit)
    assert verdict(checks) == "1 van de 1 bestanden is niet goed"
    assert "FOUT mono/casus.pdf: kleur: de XMP-metadata noemen geen PDF/X-4" in \
        failure_lines(checks)
    english = run_here("--taal", "en", "check", str(kit))
    assert english.stdout.split()[:3] == ["file", "opens", "boxes"]
    assert "no CMYK output intent" in english.stderr


def test_check_of_something_that_is_no_kit_is_one_dutch_line(no_locale, tmp_path):
    (tmp_path / "lijst.txt").write_text("geen kit\n", encoding="utf-8")
    proc = run_here("check", str(tmp_path / "lijst.txt"))
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        f"fout: '{tmp_path / 'lijst.txt'}' is geen kit en geen zip voor de drukkerij — geef "
        "de map die 'codio-print build' heeft gemaakt, bijvoorbeeld build/arnhem, of de "
        "drukwerk.zip daarin (of de map waarin die is uitgepakt)")


def test_watch_says_its_error_and_writes_a_dutch_preview(monkeypatch, tmp_path, dutch):
    from codio_print.builder import pipeline
    from codio_print.render.limits import too_long
    from codio_print.scaffold.workspace import init
    from codio_print.watch import loop as watch

    def stuck(settings, progress=None, notice=None, only=None, pool=None):
        raise too_long("casus")

    init(tmp_path / "ws")
    monkeypatch.setattr(pipeline, "build", stuck)
    lines: list[str] = []
    loop = watch._Loop(tmp_path / "ws" / "sessie.yaml", None, tmp_path / "ws" / "build",
                       lines.append)
    assert loop.rebuild(None) is None
    assert lines == ["fout: casus: het maken duurde langer dan 120 s en is gestopt — een "
                     "onderdeel is in een paar seconden klaar: zoek in de sjablonen van de "
                     "werkmap naar een lus die te vaak herhaalt, of naar een tekst die te lang "
                     "is gemaakt"]
    page = (tmp_path / "ws" / "build" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in page
    assert '<span class="status" id="status">ronde 1 om ' in page
    assert "· 0 onderdelen, 0 pagina&#39;s</span>" in page


def test_the_help_speaks_the_language_asked_for(no_locale):
    dutch = run_here("check", "--help")
    assert dutch.returncode == 0
    for word in ("Gebruik: ", "check [OPTIONS] {PATH}", "Argumenten", "Opties",
                 "[verplicht]", "Laat deze hulp zien en stop."):
        assert word in dutch.stdout, word
    english = run_here("--taal", "en", "check", "--help")  # the same process, in English
    for word in ("Usage: ", "Arguments", "Options", "[required]",
                 "Show this message and exit."):
        assert word in english.stdout, word
    assert "Opties" not in english.stdout


def test_the_preflight_page_for_the_shop_says_what_it_found_in_dutch_in_any_language(
        tmp_path):
    """preflight.pdf is a Dutch page: its findings are Dutch when the organiser reads English
    (and so the zip does not depend on the organiser's language)."""
    from codio_print.printshop import bundle, preflight

    kit = _kit_of_one_page(tmp_path / "arnhem")
    job = dict(name="casus.pdf", data=(kit / "mono" / "casus.pdf").read_bytes(), size="A4",
               profile="mono", pages=1)
    before = list(i18n._current)
    try:
        i18n.set_language("en")
        checks = preflight.checked([job])
        page = bundle.page_checks([job], checks)
        assert i18n.language() == "en"
    finally:
        i18n._current[:] = before
    assert "no title in the document information" in checks[0].results["title"]
    assert page[0].results["title"] == ["geen titel in de documentgegevens"]


def test_a_wrong_option_is_shown_in_the_language_asked_for(no_locale):
    dutch = run_here("build", "--bogus")
    assert dutch.returncode == 2
    lines = dutch.stderr.strip().splitlines()
    assert lines[0].startswith("Gebruik: ") and lines[1].endswith(" build --help' voor hulp.")
    assert lines[-1] == "fout: No such option: --bogus (Possible options: --out)"  # click's
    english = run_here("--taal", "en", "build", "--bogus")
    assert english.stderr.strip().splitlines()[-1].startswith("Error: No such option")
