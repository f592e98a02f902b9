"""Stap Teksten in Debian's chromium: a text found by its words, changed, marked as changed,
and set back to the built-in text; a brace that does not close refused beside its field,
with JavaScript on and off; a place left out kept with a note. axe-core on each state of the page."""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import expect

from codio_print.inputs.texts import load_texts
from test_serve_flow import _clean, _new_workspace
from codio_print.web.steps import stap  # noqa: E402

SHOTS = os.environ.get("CODIO_SHOTS")  # a folder: the page's screenshot, to look at
TITLE = "presentatie.bedankt.titel"
FIELD = "#veld-presentatie-bedankt-titel"


def test_find_change_and_reset_a_text(page, axe, served):  # noqa: F811
    link, home = served
    ws = _new_workspace(page, axe, link, home, "teksten")
    page.get_by_role("link", name=f"{stap('teksten').split()[1]}. Teksten").click()
    expect(page).to_have_title(f"{stap('teksten')}: Teksten · codio-print")
    page.get_by_label("Zoek een tekst").fill("BEDANKT")
    page.get_by_role("button", name="Zoeken").click()
    section = page.locator(f"#tekst-{TITLE.replace('.', '-')}")
    expect(section.locator(".soort")).to_have_text("standaardtekst")
    _clean(axe, page)

    section.locator(FIELD).fill("Dank jullie wel!")
    section.get_by_role("button", name="Tekst opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("is bewaard")
    expect(section.locator(".soort")).to_have_text("veranderd")
    expect(page.get_by_text("Je hebt 1 tekst veranderd.")).to_be_visible()
    assert load_texts(ws).text(TITLE) == "Dank jullie wel!"
    _clean(axe, page)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/teksten.png", full_page=True)

    section.get_by_role("button", name="Terug naar de standaardtekst").click()
    expect(page.get_by_role("status")).to_contain_text("weer de standaardtekst")
    expect(section.locator(".soort")).to_have_text("standaardtekst")
    assert load_texts(ws).text(TITLE) != "Dank jullie wel!"

    key = "naamkaartjes.groep"  # "Groep {letter}"
    page.get_by_label("Zoek een tekst").fill(key)
    page.get_by_role("button", name="Zoeken").click()
    page.locator("#veld-naamkaartjes-groep").fill("Groep {letter")
    page.get_by_role("button", name="Tekst opslaan").click()
    expect(page).to_have_title(re.compile(f"^Fout: {stap('teksten')}"))
    expect(page.locator("#veld-naamkaartjes-groep-fout")).to_contain_text(
        "niet wordt gesloten")
    _clean(axe, page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/teksten-fout.png", full_page=True)
    page.locator("#veld-naamkaartjes-groep").fill("Groep")  # a place left out: kept, noted
    page.get_by_role("button", name="Tekst opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("is bewaard")
    expect(page.get_by_text("Let op: {letter} staat niet meer in deze tekst.")).to_be_visible()
    assert load_texts(ws).text(key) == "Groep"
    _clean(axe, page)


def test_texts_without_javascript(browser, served):  # noqa: F811
    link, home = served
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(link)
        page.get_by_label("Naam van de werkmap").fill("zonder-js")
        page.get_by_role("button", name="Nieuwe sessie maken").click()
        page.goto(page.url + "/teksten")
        page.get_by_label("Zoek een tekst").fill("naamkaartjes.groep")
        page.keyboard.press("Enter")
        page.locator("#veld-naamkaartjes-groep").fill("Groep {letter")
        page.keyboard.press("Enter")  # the first button: Tekst opslaan
        expect(page).to_have_title(re.compile(f"^Fout: {stap('teksten')}"))
        page.wait_for_load_state("load")
        assert page.evaluate("document.activeElement.id") == "fouten"
        page.locator("#veld-naamkaartjes-groep").fill("Tafel {letter}")
        page.keyboard.press("Enter")
        expect(page.get_by_role("status")).to_contain_text("is bewaard")
        assert load_texts(home / "zonder-js").text("naamkaartjes.groep") == "Tafel {letter}"
    finally:
        context.close()
