"""The browser tests (issue 25): pytest-playwright drives Debian's chromium, in Dutch.

Playwright never uses a browser of its own here (none can be downloaded): it launches
/usr/bin/chromium (apt `chromium`, scripts/setup-system.sh), which as root it runs with
--no-sandbox itself. Only Chromium's own language makes a date field read dd-mm-jjjj: apt
`chromium-l10n` and LANG=nl_NL.UTF-8 in the browser's environment; the context's locale
only changes navigator.language. One browser per worker for the run, a new context and page
for each test; pytest-playwright closes them, so no process outlives the run (leakcheck.py).

Every test here is marked `browser` and `e2e` (tests/conftest.py): `make test` runs them,
`make test-fast` does not, `pytest -m browser` runs only them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, what EN 301 549 asks of Dutch public-sector websites
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run make setup (Debian packages chromium and "
                    "chromium-l10n, scripts/setup-system.sh)")
    # LC_ALL and LC_MESSAGES would win over LANG
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM),
            "env": {**env, "LANG": "nl_NL.UTF-8", "LANGUAGE": "nl"}}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}


@pytest.fixture(scope="session")
def _pw_artifacts_folder(tmp_path_factory):
    """pytest-playwright's folder for traces and videos, among pytest's own folders: the
    plugin's own, in the temporary folder, is removed only after the run's check that
    nothing is left there (leakcheck.py), which would report it."""
    return tempfile.TemporaryDirectory(prefix="playwright-",
                                       dir=tmp_path_factory.getbasetemp())


class Violations(list):
    """axe-core's violations (its objects: id, impact, help, nodes), shown a line each."""

    def __repr__(self) -> str:
        return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} -- "
                         + "; ".join(n["html"][:120] for n in v["nodes"][:3]) for v in self)


@pytest.fixture
def axe(page):
    """axe() -> the WCAG 2.1 A/AA violations axe-core finds on the page as it is now.
    axe-core is added to every page the test opens, before the page's own scripts, as
    Playwright's init script, which a Content-Security-Policy does not block; a page opened
    before is given it afterwards."""
    page.add_init_script(path=str(AXE))

    def run() -> Violations:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE))
        return Violations(page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
            ".then(result => result.violations)", WCAG))

    return run


@pytest.fixture()
def served(tmp_path):
    """`codio-print serve` over an empty folder of workspaces, as a person starts it: its
    link (with the token) and the folder; stopped at the end."""
    home = tmp_path / "werkmappen"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "codio_print", "serve", "--no-browser", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "CODIO_PRINT_WERKMAPPEN": str(home)})
    link = process.stdout.readline().strip()
    assert "/toegang?token=" in link, process.stderr.read()
    yield link, home
    if process.poll() is None:
        process.terminate()
    process.communicate(timeout=30)
