"""`codio-print serve` in Debian's chromium, as the organiser uses it: from the link on, a
session is prepared for a built-in case with an Excel list of 14 people and the print
shop's details, the kit is built, and the office's zip and drukwerk.zip are downloaded,
without touching a file by hand. Every page is checked with axe-core; the forms are also
used with JavaScript off and with the keyboard only.

The workspace's piece templates are the tiny ones (tests/tiny.py): the claim here is about
the interface, not about the pages of the kit, which the other end-to-end tests check.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from playwright.sync_api import expect

from codio_print.web.steps import stap
from tiny import tiny_templates

DATA = Path(__file__).resolve().parents[1] / "data"


def _clean(axe, page):
    found = axe()
    assert not found, f"{page.url}: {found!r}"


def _new_workspace(page, axe, link: str, home: Path, name: str) -> Path:
    page.goto(link)
    expect(page).to_have_title("Je workshops · codio-print")
    _clean(axe, page)
    page.get_by_label("Naam van de werkmap").fill(name)
    page.get_by_role("button", name="Nieuwe sessie maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je workshop")
    tiny_templates(home / name / "templates")  # quick renders: see the module's text
    return home / name


def test_a_session_for_a_built_in_case_from_link_to_downloads(page, axe, served):
    link, home = served
    ws = _new_workspace(page, axe, link, home, "arnhem-december")

    page.get_by_role("link", name="1. Casus").click()
    expect(page).to_have_title(f"{stap('casus')}: Casus · codio-print")
    _clean(axe, page)
    page.get_by_label("Gemeente Arnhem", exact=False).check()
    page.get_by_role("button", name="Opslaan en verder").click()

    expect(page).to_have_title(re.compile(f"^{stap('sessie')}"))
    _clean(axe, page)
    page.get_by_label("Datum", exact=False).fill("2026-12-10")
    page.get_by_label("Begintijd").fill("13:30")
    page.get_by_label("Locatie", exact=False).fill("Stadhuis, zaal 2")
    page.get_by_role("button", name="Opslaan en verder").click()

    expect(page).to_have_title(re.compile(f"^{stap('deelnemers')}"))
    page.get_by_label("Deelnemerslijst", exact=False).set_input_files(
        DATA / "aanmeldingen-forms.xlsx")
    page.get_by_role("button", name="Lijst inlezen").click()
    assert page.get_by_text("Wat we lazen").is_visible()
    for letter in "ABC":
        assert page.locator("caption", has_text=f"Tafel {letter}").count() == 1
    _clean(axe, page)
    page.get_by_role("link", name="Verder naar stap", exact=False).click()
    # Huisstijl and Teksten have tests of their own
    expect(page).to_have_title(re.compile(f"^{stap('huisstijl')}: Huisstijl"))
    page.get_by_role("link", name="Drukwerk", exact=False).first.click()

    expect(page).to_have_title(re.compile(f"^{stap('drukwerk')}"))
    _clean(axe, page)
    page.get_by_label("Contactpersoon", exact=False).fill("Sanne de Wit")
    page.get_by_label("Telefoon", exact=False).fill("026 377 4911")
    page.get_by_label("Uiterlijke leverdatum", exact=False).fill("2026-12-08")
    page.get_by_role("button", name="Opslaan en verder").click()

    expect(page).to_have_title(re.compile(f"^{stap('kit')}"))
    page.get_by_role("button", name="Kit maken").click()
    page.get_by_text("De kit is gemaakt", exact=False).wait_for(timeout=90_000)
    _clean(axe, page)
    with page.expect_download() as office:
        page.get_by_role("link", name="Alles voor de kantoorprinter", exact=False).click()
    names = zipfile.ZipFile(office.value.path()).namelist()
    assert names and all(n.endswith(".pdf") for n in names)
    with page.expect_download() as shop:
        page.get_by_role("link", name="Drukwerk.zip", exact=False).click()
    bundle = zipfile.ZipFile(io.BytesIO(Path(shop.value.path()).read_bytes()))
    assert any(n.endswith("printopdracht.pdf") for n in bundle.namelist())
    text = (ws / "sessie.yaml").read_text(encoding="utf-8")
    assert "casus: arnhem" in text and "deelnemers: deelnemers.xlsx" in text
    assert 'contactpersoon: "Sanne de Wit"' in text or "contactpersoon: Sanne de Wit" in text
    _a_text_changed_is_shown_at_once_then_in_the_real_pages(page, axe, ws)


def _a_text_changed_is_shown_at_once_then_in_the_real_pages(page, axe, ws: Path) -> None:
    """A text saved: the kit is made again, and the page links to the pieces with that
    text, whose quick preview shows the change at once and whose real PDF follows."""
    import json

    from pypdf import PdfReader

    page.get_by_role("link", name="5. Teksten").click()
    page.get_by_label("Zoek een tekst").fill("naamkaartjes.groep")
    page.get_by_role("button", name="Zoeken").click()
    page.locator("#veld-naamkaartjes-groep").fill("Tafel {letter}")
    page.get_by_role("button", name="Tekst opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De kit wordt opnieuw gemaakt")
    _clean(axe, page)
    page.get_by_role("status").get_by_role("link", name="Naamkaartjes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Naamkaartjes")
    workspace = page.url.split("/werkmap/")[1].split("/")[0]
    base = page.url.split("/werkmap/")[0] + f"/werkmap/{workspace}"
    quick = page.request.get(f"{base}/voorbeeld/naamkaartjes")  # the sandboxed frame's page
    assert quick.ok and "Tafel A" in quick.text() and "Groep A" not in quick.text()
    for _ in range(600):  # until the build that the save started has ended
        if not json.loads(page.request.get(f"{base}/status").text())["running"]:
            break
        page.wait_for_timeout(100)
    page.reload()
    expect(page.get_by_text("Snel voorbeeld")).to_have_count(0)
    _clean(axe, page)
    pdf = page.request.get(f"{base}/bestand/screen/naamkaartjes")
    said = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Tafel A" in said and "Groep A" not in said


def test_a_wrong_value_is_named_in_a_summary_that_takes_focus(page, axe, served):
    link, home = served
    _new_workspace(page, axe, link, home, "fouten")
    page.get_by_role("link", name="2. Datum, tijd en plaats").click()
    page.get_by_label("Aantal deelnemers").fill("twaalf")
    page.get_by_role("button", name="Opslaan en verder").click()
    expect(page).to_have_title(re.compile(f"^Fout: {stap('sessie')}"))
    page.wait_for_load_state("load")
    assert page.evaluate("document.activeElement.id") == "fouten"
    _clean(axe, page)
    page.get_by_role("alert").get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "veld-deelnemers"


def test_the_forms_work_without_javascript_and_with_the_keyboard(browser, served):
    link, home = served
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(link)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
        page.get_by_label("Naam van de werkmap").focus()
        page.keyboard.type("zonder-js")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Je workshop")
        page.goto(page.url + "/sessie")
        page.get_by_label("Aantal deelnemers").focus()
        page.keyboard.press("Control+A")
        page.keyboard.type("twaalf")
        page.keyboard.press("Enter")
        expect(page).to_have_title(re.compile(f"^Fout: {stap('sessie')}"))
        assert page.get_by_role("alert").is_visible()
        page.wait_for_load_state("load")
        assert page.evaluate("document.activeElement.id") == "fouten"  # without a script
    finally:
        context.close()
