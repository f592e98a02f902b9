"""Eigen casus schrijven in `codio-print serve` (Debian's chromium): the organiser writes a
case of their own in the form, adds a row without JavaScript's help, is told what is missing,
saves, and the case is the session's; axe-core finds nothing on the pages; the form works
with JavaScript off."""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import expect

from codio_print.inputs.workspace import load_session
from codio_print.web.steps import stap  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "data"
SHOTS = Path(os.environ.get("CODIO_SHOTS", "")) if os.environ.get("CODIO_SHOTS") else None


def _new_workspace(page, link: str, name: str) -> None:
    page.goto(link)
    page.get_by_label("Naam van de werkmap").fill(name)
    page.get_by_role("button", name="Nieuwe sessie maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je workshop")


def _shot(page, name: str) -> None:
    if SHOTS:  # CODIO_SHOTS=folder: the pages as pictures, to look at
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_an_own_case_is_written_in_the_form_and_becomes_the_sessions(page, axe, served):
    link, home = served
    _new_workspace(page, link, "eigen")
    page.get_by_role("link", name="1. Casus").click()
    page.get_by_role("link", name="Eigen casus schrijven").click()
    expect(page).to_have_title(f"{stap('casus')}: Eigen casus schrijven · codio-print")
    assert not axe(), axe()
    page.get_by_label("Naam van de dienst", exact=True).fill("Bijzondere bijstand op maat")
    page.get_by_label("Beschrijving").fill("De gemeente belt inwoners met schulden.")
    page.locator("#veld-data-1-wat").fill("Betalingsachterstanden")
    page.locator("#veld-data-1-bron").fill("Woningcorporaties")
    page.get_by_role("button", name="Nog een rij voor gegevens").click()
    expect(page.locator("#veld-data-4-wat")).to_be_visible()  # one more row, nothing lost
    expect(page.locator("#veld-data-1-wat")).to_have_value("Betalingsachterstanden")
    page.locator("#veld-proactiviteit-1-niveau").select_option(label="Matig")
    page.locator("#veld-proactiviteit-1-toelichting").fill("Een aanbod op maat")
    page.get_by_label("Data van andere (markt)partij").check()
    page.get_by_role("button", name="Casus opslaan en kiezen").click()

    expect(page).to_have_title(re.compile(f"^Fout: {stap('casus')}: Eigen casus schrijven"))
    page.wait_for_load_state("load")
    assert page.evaluate("document.activeElement.id") == "fouten"
    expect(page.locator("#veld-organisatie-fout")).to_have_text(
        "Vul de organisatie in, bijvoorbeeld Gemeente Arnhem.")
    assert not axe(), axe()
    _shot(page, "eigen-casus-fout")
    page.get_by_role("alert").get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "veld-organisatie"
    page.keyboard.type("Gemeente Zwolle")
    page.keyboard.press("Enter")  # saves, as the button at the end does

    expect(page).to_have_title(re.compile(f"^{stap('sessie')}"))
    ws = home / "eigen"
    assert load_session(ws / "sessie.yaml").sessie.casus == "bijzondere-bijstand-op-maat"
    page.get_by_role("link", name="1. Casus").click()
    expect(page.get_by_label("Gemeente Zwolle – Bijzondere bijstand op maat", exact=False)
           ).to_be_checked()
    _shot(page, "casus-stap")
    page.get_by_role("link", name="Wijzigen Gemeente Zwolle").click()
    expect(page.get_by_label("Organisatie", exact=True)).to_have_value("Gemeente Zwolle")
    assert not axe(), axe()
    _shot(page, "eigen-casus-wijzigen")
    _on_to_a_kit_with_an_excel_list_and_a_colour(page, axe, ws)


def _on_to_a_kit_with_an_excel_list_and_a_colour(page, axe, ws: Path) -> None:
    """The own case goes on as a built-in one does: a registration form's Excel export of 14
    people, a colour of the organisation's, the kit made and the print shop's zip taken."""
    import io
    import zipfile

    from pypdf import PdfReader

    from tiny import tiny_templates

    tiny_templates(ws / "templates")  # quick renders; the name cards are the real ones
    page.get_by_role("link", name="3. Deelnemers").click()
    page.get_by_label("Deelnemerslijst", exact=False).set_input_files(
        DATA / "aanmeldingen-forms.xlsx")
    page.get_by_role("button", name="Lijst inlezen").click()
    expect(page.get_by_text("Wat we lazen")).to_be_visible()
    assert not axe(), axe()
    page.get_by_role("link", name="4. Huisstijl").click()
    page.get_by_label("Hoofdkleur op het scherm", exact=False).fill("#8a1538")
    page.get_by_role("button", name="Huisstijl opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Opgeslagen")
    assert 'primair: "#8a1538"' in (ws / "huisstijl.yaml").read_text(encoding="utf-8")
    page.get_by_role("link", name="7. Bekijken en downloaden").click()
    page.get_by_role("button", name="Kit maken").click()
    page.get_by_text("De kit is gemaakt", exact=False).wait_for(timeout=90_000)
    assert not axe(), axe()
    kit = ws / "build" / "bijzondere-bijstand-op-maat"
    case = " ".join(p.extract_text() for p in PdfReader(kit / "screen" / "casus.pdf").pages)
    assert "Bijzondere bijstand op maat" in case
    assert len(PdfReader(kit / "screen" / "naamkaartjes.pdf").pages) == 14  # a card each
    with page.expect_download() as shop:
        page.get_by_role("link", name="Drukwerk.zip", exact=False).click()
    bundle = zipfile.ZipFile(io.BytesIO(Path(shop.value.path()).read_bytes()))
    assert any(n.endswith("printopdracht.pdf") for n in bundle.namelist())


def test_the_form_works_without_javascript(browser, served):
    link, home = served
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        _new_workspace(page, link, "zonder-js")
        page.goto(page.url + "/casus/eigen")
        page.locator("#veld-vragen-1-vraag").fill("Weten inwoners dit?")
        page.get_by_role("button", name="Nog een rij voor een vraag").click()
        expect(page.locator("#veld-vragen-4-vraag")).to_be_visible()
        expect(page.locator("#veld-vragen-1-vraag")).to_have_value("Weten inwoners dit?")
        page.get_by_role("button", name="Casus opslaan en kiezen").click()
        expect(page).to_have_title(re.compile(f"^Fout: {stap('casus')}"))
        assert page.get_by_role("alert").is_visible()
        expect(page.locator("#veld-titel-fout")).to_contain_text("Vul de naam van de dienst in")
        assert [p.name for p in (home / "zonder-js" / "cases").iterdir()] == ["eigen-casus.yaml"]
    finally:
        context.close()
