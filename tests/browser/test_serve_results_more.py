"""Na de workshop in Debian's chromium, the forms after the values and actions: a tension of
stap 4 filled in with the keyboard only, the follow-up of stap 6 filled in with JavaScript
off (a row added with "Nog een rij", a wrong duration refused beside its field), the report
made and the text of both found in its PDF (pypdf); axe-core on the page after each.
The forms in-process, part by part, are in tests/unit/test_web_results_more.py.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from test_serve_flow import _clean
from test_serve_results import _results_page

SHOTS = os.environ.get("CODIO_PRINT_SHOTS")  # a folder for the page's screenshots, to look at
TENSION = "Persoonlijk contact kost tijd, snelheid vraagt automatisch verwerken."


def _tab_to(page, name: str, most: int = 40) -> None:
    """Tab until the button ``name`` has the focus, as someone without a mouse does."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == name:
            return
    raise AssertionError(f"no button {name!r} within {most} tabs")


def _tension_by_keyboard(page) -> None:
    page.get_by_label("Tussen groep").first.focus()
    page.keyboard.type("Democratie")  # a select takes what is typed: the first group
    page.keyboard.press("Tab")
    page.keyboard.type("Rechtsstaat")
    page.keyboard.press("Tab")
    page.keyboard.type(TENSION)
    page.keyboard.press("Tab")
    page.keyboard.type("Wie dat wil, kan altijd iemand spreken.")
    _tab_to(page, "Stap 4 opslaan")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(
        "Stap 4 is opgeslagen in resultaten.yaml.")


def _follow_up_without_javascript(browser, page, url: str) -> None:
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    context.add_cookies(page.context.cookies())
    plain = context.new_page()
    try:
        plain.goto(url)
        plain.get_by_role("button", name="Nog een rij: bespreken").click()
        points = plain.locator("form[action*='opslaan/stap6']").get_by_label("Punt (optioneel)")
        expect(points).to_have_count(4)
        plain.get_by_label("Wie zet de eerste stap?").fill("Fatima de Vries")
        points.nth(3).fill("Hoe staat het met de website?")
        plain.locator("#veld-vervolg-datum").fill("2027-06-17")
        plain.locator("#veld-vervolg-tijd").fill("14:00")
        plain.locator("#veld-vervolg-duur_minuten").fill("0")
        plain.get_by_role("button", name="Stap 6 opslaan").click()
        expect(plain).to_have_title(re.compile("^Fout: Na de workshop"))
        expect(plain.locator("#veld-vervolg-duur_minuten-fout")).to_have_text(
            "Schrijf de duur als een aantal minuten, tussen 1 en 480, bijvoorbeeld 60.")
        expect(points.nth(3)).to_have_value(
            "Hoe staat het met de website?")  # what was typed is kept
        plain.locator("#veld-vervolg-duur_minuten").fill("90")
        plain.locator("#veld-vervolg-duur_minuten").press("Enter")  # saves, adds no row
        expect(plain.get_by_role("status")).to_have_text(
            "Stap 6 is opgeslagen in resultaten.yaml.")
    finally:
        context.close()


def test_a_tension_and_the_follow_up_reach_the_report(page, axe, browser, served):
    link, home = served
    ws = _results_page(page, axe, link, home, "na-afloop-meer")
    _tension_by_keyboard(page)
    _clean(axe, page)
    _follow_up_without_javascript(browser, page, page.url.split("?")[0])
    page.reload()
    expect(page.get_by_label("Wie zet de eerste stap?")).to_have_value("Fatima de Vries")
    _clean(axe, page)
    if SHOTS:
        page.locator("#stap4").scroll_into_view_if_needed()
        page.screenshot(path=str(Path(SHOTS) / "resultaten-meer.png"), full_page=True)

    page.get_by_role("button", name="Verslag maken").click()
    page.get_by_text("zijn gemaakt", exact=False).wait_for(timeout=120_000)
    with page.expect_download() as report:
        page.get_by_role("link", name="Verslag (PDF)").click()
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(
        report.value.path()).pages).split())
    assert TENSION in text and "Wie dat wil, kan altijd iemand spreken." in text
    assert "Fatima de Vries" in text and "Hoe staat het met de website?" in text
    assert "vervolgsessie.ics" in [p.name for p in (ws / "resultaten").iterdir()]
