"""The set-up the browser tests of `codio-print serve` stand on (issue 25): Debian's chromium
driven by Playwright in Dutch, the vendored NL Design System CSS, axe-core.

A form as the interface will have them (an error summary that is an alert, a date field with
its error, an optional field), served over HTTP from a folder with the vendored CSS: the date
field reads dd-mm-jjjj as a Dutch user sees it, the CSS is applied, and axe-core finds no
WCAG 2.1 A/AA violation."""

from __future__ import annotations

import shutil
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import codio_print

VENDOR = Path(codio_print.__file__).parent / "web" / "static" / "vendor"
STYLESHEETS = ("voorbeeld-design-tokens/theme.css", "utrecht-component-library-css/html.css",
               "utrecht-alert-css/index.css", "utrecht-form-field-css/index.css",
               "utrecht-form-field-error-message-css/index.css")

ERROR = "Vul de datum van de sessie in, bijvoorbeeld 3-12-2026."
FORM = """<!DOCTYPE html>
<html lang="nl" class="utrecht-html">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fout: Stap 2 van 6: Datum, tijd en plaats – codio-print</title>
{links}
</head>
<body class="voorbeeld-theme">
<main>
<h1>Stap 2 van 6: Datum, tijd en plaats</h1>
<div class="utrecht-alert utrecht-alert--error" role="alert" id="fouten" tabindex="-1">
  <div class="utrecht-alert__content"><div class="utrecht-alert__message">
    <h2>Er was een probleem met je inzending. Controleer de onderstaande velden.</h2>
    <ul><li><a href="#datum">{error}</a></li></ul>
  </div></div>
</div>
<form method="post" action="/" novalidate>
  <div class="utrecht-form-field utrecht-form-field--invalid">
    <div class="utrecht-form-field__label"><label for="datum">Datum</label></div>
    <div class="utrecht-form-field__description" id="datum-uitleg">Bijvoorbeeld 3-12-2026.</div>
    <div class="utrecht-form-field__error-message utrecht-form-field-error-message"
         id="datum-fout">{error}</div>
    <div class="utrecht-form-field__input">
      <input type="date" id="datum" name="datum" aria-required="true" aria-invalid="true"
             aria-describedby="datum-uitleg datum-fout">
    </div>
  </div>
  <div class="utrecht-form-field">
    <div class="utrecht-form-field__label"><label for="plaats">Plaats (optioneel)</label></div>
    <div class="utrecht-form-field__input"><input type="text" id="plaats" name="plaats"></div>
  </div>
  <button type="submit">Opslaan en verder</button>
</form>
</main>
</body>
</html>
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def served(folder: Path):
    """The folder over HTTP on 127.0.0.1 (a free port), in a thread, for the with block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def date_field_text(page, selector: str) -> str:
    """What a date field shows while it is empty: the text of its fields inside Chromium's
    own shadow tree (no page script can read it; DevTools can)."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        tree = cdp.send("DOM.describeNode", {"nodeId": node, "depth": -1, "pierce": True})
    finally:
        cdp.detach()

    def texts(node: dict) -> str:
        own = node.get("nodeValue", "") if node.get("nodeType") == 3 else ""
        return own + "".join(texts(child) for child in
                             node.get("shadowRoots", []) + node.get("children", []))

    return texts(tree["node"]).strip()


def test_a_dutch_form_in_the_nl_design_system_style_reads_dd_mm_jjjj_and_passes_axe(
        page, axe, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(VENDOR, site / "vendor")
    links = "\n".join(f'<link rel="stylesheet" href="vendor/{css}">' for css in STYLESHEETS)
    (site / "index.html").write_text(FORM.format(links=links, error=ERROR), encoding="utf-8")

    with served(site) as url:
        page.goto(f"{url}/index.html")
        page.wait_for_load_state("load")

        # Chromium speaks Dutch: the empty date field shows the Dutch order and letters
        assert date_field_text(page, "#datum") == "dd-mm-jjjj", (
            "the date field is not Dutch: install chromium-l10n (make setup) and launch "
            "chromium with LANG=nl_NL.UTF-8 (tests/browser/conftest.py)")
        assert page.evaluate("navigator.language") == "nl-NL"

        # the vendored CSS is what styles the page: every sheet loaded, the theme's
        # tokens reach the components (the alert's border, the body's font)
        assert page.evaluate("Array.from(document.styleSheets, s => s.cssRules.length)"
                             ".filter(n => n > 0).length") == len(STYLESHEETS)
        assert page.evaluate("getComputedStyle(document.body)"
                             ".getPropertyValue('--basis-color-default-color-document')"
                             ".trim()") != ""
        alert = page.locator("#fouten")
        assert alert.evaluate("e => getComputedStyle(e).borderTopStyle") != "none"
        assert alert.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"

        # the error summary is an alert naming the field's error; its link leads to the field
        assert page.get_by_role("alert").get_by_role("link", name=ERROR).is_visible()
        page.get_by_role("link", name=ERROR).click()
        assert page.evaluate("location.hash") == "#datum"

        assert axe() == []
        page.screenshot(path=tmp_path / "form.png", full_page=True)
    assert (tmp_path / "form.png").stat().st_size > 10_000
