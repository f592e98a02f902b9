"""Na de workshop in Debian's chromium: from the overview to the results page, a filled
worksheet uploaded and what it gave shown, the report made and downloaded (read with pypdf),
axe-core on the page; a wrong value refused beside its field without JavaScript.

The sheet is made as anyone can make one (tests/forged.py): the claim here is about the
interface; the sheets of a real kit are imported in tests/e2e/test_results_import.py.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from forged import forged_sheet
from test_serve_flow import _clean, _new_workspace

SHOTS = os.environ.get("CODIO_PRINT_SHOTS")  # a folder for the page's screenshot, to look at
IDENT = {"werkblad": "handout-4", "casus": "eigen-casus", "variant": "CODIO-PaD", "datum": "",
         "start": "09:30", "groep": "democratie"}
ACTION = {"actie-1-actie": "Zet op de website welke gegevens we gebruiken.",
          "actie-1-waarde": "transparantie", "actie-1-mechanisme": "verantwoordingsdocumenten",
          "actie-1-eigenaar": "Team communicatie", "actie-1-termijn": "Q2 2027",
          "actie-1-noodzaak": "hoog", "actie-1-belang": "midden"}


def _results_page(page, axe, link, home, name) -> Path:
    ws = _new_workspace(page, axe, link, home, name)
    page.get_by_role("link", name="Naar de resultaten").click()
    expect(page).to_have_title(f"Na de workshop · {name} · codio-print")
    _clean(axe, page)
    page.get_by_role("button", name="Resultatenbestand maken").click()
    expect(page.get_by_role("heading", name="Ingevulde werkbladen inlezen")).to_be_visible()
    return ws


def test_a_sheet_read_in_and_the_report_made_and_downloaded(page, axe, served, tmp_path):
    link, home = served
    ws = _results_page(page, axe, link, home, "na-afloop")
    sheet = forged_sheet(tmp_path / "handout-4a.pdf", IDENT, ACTION)
    page.get_by_label("Ingevulde werkbladen", exact=False).set_input_files(sheet)
    page.get_by_role("button", name="Werkbladen inlezen").click()
    said = page.locator("#ingelezen")
    expect(said).to_contain_text("handout-4a.pdf (ingevuld/werkblad-1.pdf): groep Democratie, "
                                 "acties: A1 (1 nieuw)")
    expect(page.get_by_label("Eigenaar: wie voert de actie uit?").first).to_have_value(
        "Team communicatie")
    _clean(axe, page)

    page.get_by_role("button", name="Verslag maken").click()
    page.get_by_text("zijn gemaakt", exact=False).wait_for(timeout=120_000)
    _clean(axe, page)
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "resultaten.png"), full_page=True)
    with page.expect_download() as report:
        page.get_by_role("link", name="Verslag (PDF)").click()
    assert report.value.suggested_filename == "verslag.pdf"
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(
        report.value.path()).pages).split())
    assert "Zet op de website welke gegevens we gebruiken." in text
    assert "Team communicatie" in text
    assert (ws / "resultaten" / "verslag.pdf").is_file()


def test_a_wrong_value_is_refused_beside_its_field_without_javascript(browser, served,
                                                                       tmp_path):
    link, home = served
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(link)
        page.get_by_label("Naam van de werkmap").fill("zonder-js")
        page.get_by_role("button", name="Nieuwe sessie maken").click()
        page.get_by_role("link", name="Naar de resultaten").click()
        page.get_by_role("button", name="Resultatenbestand maken").click()
        page.get_by_label("Ingevulde werkbladen", exact=False).set_input_files(
            forged_sheet(tmp_path / "handout-4a.pdf", IDENT, ACTION))
        page.get_by_role("button", name="Werkbladen inlezen").click()
        before = (home / "zonder-js" / "resultaten.yaml").read_bytes()
        page.get_by_label("Eigenaar: wie voert de actie uit?").first.fill("")
        page.get_by_role("button", name="Resultaten opslaan").click()
        expect(page).to_have_title(re.compile("^Fout: Na de workshop"))
        assert page.get_by_role("alert").first.is_visible()
        expect(page.locator("#veld-a-0-eigenaar-fout")).to_have_text(
            "Deze actie heeft geen eigenaar. Schrijf na 'eigenaar:' wie de actie uitvoert.")
        page.wait_for_load_state("load")
        assert page.evaluate("document.activeElement.id") == "fouten"
        assert (home / "zonder-js" / "resultaten.yaml").read_bytes() == before
    finally:
        context.close()
