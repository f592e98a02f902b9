"""Stap Huisstijl of `codio-print serve` in Debian's chromium: a colour typed shows its
contrast at once (the server computes it), "Deze kleur gebruiken" writes the nearest shade
that passes, the logo is shown back; without JavaScript the same after saving. axe-core finds
nothing on the page, with a failing colour on it too. Screenshots: CODIO_SHOTS (a folder)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import expect
from codio_print.web.steps import stap  # noqa: E402

SVG = ('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="120" '
       'height="40"><rect width="120" height="40" fill="#154273"/></svg>\n')


def _open_step(page, link: str, name: str) -> None:
    page.goto(link)
    page.get_by_label("Naam van de werkmap").fill(name)
    page.get_by_role("button", name="Nieuwe sessie maken").click()
    page.get_by_role("link", name=f"{stap('huisstijl').split()[1]}. Huisstijl").click()
    expect(page).to_have_title(f"{stap('huisstijl')}: Huisstijl · codio-print")


def _shot(page, name: str) -> None:
    if os.environ.get("CODIO_SHOTS"):
        page.screenshot(path=str(Path(os.environ["CODIO_SHOTS"]) / name), full_page=True)


def test_a_colour_shows_its_contrast_as_you_type_and_takes_the_nearest_shade(
        page, axe, served, tmp_path):
    link, home = served
    _open_step(page, link, "huisstijl")
    assert not axe()
    colour = page.get_by_label("Hoofdkleur op het scherm", exact=False)
    colour.fill("#aabbcc")
    box = page.locator("#contrast-primair")
    expect(box).to_contain_text("te laag voor witte tekst (nodig 4,5 : 1)")  # not saved yet
    use = box.get_by_role("button", name=re.compile("^Deze kleur gebruiken"))
    expect(use).to_be_visible()
    shade = use.inner_text().split()[-1]
    assert re.fullmatch(r"#[0-9a-f]{6}", shade)
    found = axe()
    assert not found, repr(found)
    _shot(page, "huisstijl-te-laag.png")
    use.click()
    expect(page.get_by_role("status")).to_contain_text("Opgeslagen")
    expect(colour).to_have_value(shade)
    expect(box).to_contain_text("goed leesbaar")
    assert f'primair: "{shade}"' in (home / "huisstijl" / "huisstijl.yaml").read_text(
        encoding="utf-8")
    logo = tmp_path / "wapen.svg"
    logo.write_text(SVG, encoding="utf-8")
    page.get_by_label("Logo (SVG of PNG", exact=False).set_input_files(logo)
    page.get_by_role("button", name="Logo opslaan").click()
    image = page.get_by_role("img", name="Logo")
    expect(image).to_be_visible()
    expect(image).to_have_js_property("naturalWidth", 120)  # loaded, as an image
    assert not axe()
    _shot(page, "huisstijl.png")


def test_without_javascript_the_contrast_shows_after_saving(browser, served):
    link, home = served
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        _open_step(page, link, "zonder-js")
        before = (home / "zonder-js" / "huisstijl.yaml").read_bytes()
        page.get_by_label("Hoofdkleur op het scherm", exact=False).fill("#aabbcc")
        page.keyboard.press("Enter")  # saves the form, not a colour's button
        expect(page).to_have_title(re.compile(f"^Fout: {stap('huisstijl')}"))
        expect(page.locator("#veld-primair-fout")).to_contain_text("te laag voor witte tekst")
        assert (home / "zonder-js" / "huisstijl.yaml").read_bytes() == before
        _shot(page, "huisstijl-fout-zonder-js.png")
        page.locator("#contrast-primair").get_by_role(
            "button", name=re.compile("^Deze kleur gebruiken")).click()
        expect(page.get_by_role("status")).to_contain_text("Opgeslagen")
        expect(page.locator("#contrast-primair")).to_contain_text("goed leesbaar")
    finally:
        context.close()
