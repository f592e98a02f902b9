"""The screenshots of `codio-print serve` in docs/ (the README's and the closing notes'):
`.venv/bin/python scripts/screenshots.py [FOLDER]` walks the organiser's steps in Debian's
chromium, in Dutch, on a new workspace in a temporary folder (the Utrecht case, the
registration form's Excel list, a change, the kit built with the real templates, a piece's
quick preview, the report after the workshop), and writes one PNG per step into FOLDER
(default docs/). Nothing of the user's is read or changed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
WIDTH, HEIGHT = 1100, 900


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="codio-shots-"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "codio_print", "serve", "--no-browser", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "CODIO_PRINT_WERKMAPPEN": str(home / "werkmappen")})
    try:
        link = server.stdout.readline().strip()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", env={
                **os.environ, "LANG": "nl_NL.UTF-8", "LANGUAGE": "nl"})
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT},
                                    locale="nl-NL")
            walk(page, link, f"http://127.0.0.1:{port}", out)
            browser.close()
    finally:
        server.terminate()
        server.communicate(timeout=60)
        shutil.rmtree(home, ignore_errors=True)


def shot(page, out: Path, name: str, full: bool = True) -> None:
    page.wait_for_load_state("load")
    page.evaluate("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=out / f"interface-{name}.png", full_page=full)
    print(out / f"interface-{name}.png")


def walk(page, link: str, base: str, out: Path) -> None:
    ws = f"{base}/werkmap/utrecht-december"
    page.goto(link)
    shot(page, out, "0-start")
    page.get_by_label("Naam van de werkmap").fill("utrecht-december")
    page.get_by_role("button", name="Nieuwe sessie maken").click()
    shot(page, out, "1-overzicht")
    page.goto(f"{ws}/casus")
    shot(page, out, "2-casus")
    page.goto(f"{ws}/casus/eigen")
    shot(page, out, "2-eigen-casus")
    page.goto(f"{ws}/casus")
    page.get_by_label("Gemeente Utrecht", exact=False).check()
    page.get_by_role("button", name="Opslaan en verder").click()
    page.get_by_label("Aantal deelnemers").fill("twaalf")
    page.get_by_role("button", name="Opslaan en verder").click()
    shot(page, out, "3-sessie-fout", full=False)
    page.get_by_label("Aantal deelnemers").fill("14")
    page.get_by_label("Datum", exact=False).fill("2026-12-10")
    page.get_by_label("Begintijd").fill("13:30")
    page.get_by_label("Locatie", exact=False).fill("Stadskantoor, zaal 2")
    page.get_by_role("button", name="Opslaan en verder").click()
    page.get_by_label("Deelnemerslijst", exact=False).set_input_files(
        DATA / "aanmeldingen-forms.xlsx")
    page.get_by_role("button", name="Lijst inlezen").click()
    shot(page, out, "deelnemers")
    page.goto(f"{ws}/huisstijl")
    page.locator("#veld-primair").fill("#7fa6d9")  # too light for white text
    page.get_by_role("button", name="Huisstijl opslaan").click()
    shot(page, out, "huisstijl")
    page.goto(f"{ws}/teksten?zoek=welkom")
    shot(page, out, "teksten")
    page.goto(f"{ws}/drukwerk")
    page.get_by_label("Contactpersoon", exact=False).fill("Sanne de Wit")
    page.get_by_label("Telefoon", exact=False).fill("030 286 00 00")
    shot(page, out, "drukwerk")
    page.get_by_role("button", name="Opslaan en verder").click()
    page.get_by_role("button", name="Kit maken").click()
    expect(page.get_by_text("De kit is gemaakt", exact=False)).to_be_visible(timeout=300_000)
    shot(page, out, "kit")
    page.goto(f"{ws}/sessie")
    page.get_by_label("Locatie", exact=False).fill("Stadskantoor, zaal Vrede")
    page.get_by_role("button", name="Opslaan en verder").click()
    page.goto(f"{ws}/stuk/casus")
    page.frame_locator("iframe").locator("h1").first.wait_for()
    shot(page, out, "snel-voorbeeld", full=False)
    page.goto(f"{ws}/resultaten")
    page.get_by_role("button", name="Resultatenbestand maken").click()
    shot(page, out, "resultaten")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs")
