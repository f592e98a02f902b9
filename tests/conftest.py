"""Shared fixtures: kits built once per test run (kits.py), and the run's own temporary folder
and its check that nothing is left behind (leakcheck.py)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from kits import DATA, LIBREOFFICE, KitCache, run_cli, shared_folder

pytest_plugins = ["leakcheck"]

# Builds do without LibreOffice unless a test asks for it (kits.LIBREOFFICE).
os.environ.setdefault("CODIO_PRINT_SOFFICE", "")
# The tests read the messages in English (the text in the code); the Dutch catalog is checked
# whole by tests/unit/test_messages.py, and the tests that read Dutch ask for it.
os.environ["LANGUAGE"] = "en"

# A browser test is an end-to-end test too: `-m "not e2e"` leaves it out, `-m browser` runs
# only the browser tests.
TIERS = {"unit": ("unit",), "safety": ("safety",), "e2e": ("e2e",), "browser": ("browser", "e2e")}

# The tests Ctrl-C the commands they start (watch, killed builds). A shell that runs
# `make test` in the background starts it with SIGINT ignored, and a child inherits that, so
# it would never see the Ctrl-C: give the commands the terminal's default.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_collection_modifyitems(items) -> None:
    """Each test is marked with its tier, the folder it is in: `-m "not e2e"` is the quick
    loop (make test-fast)."""
    for item in items:
        for tier in TIERS.get(Path(item.fspath).parent.name, ()):
            item.add_marker(getattr(pytest.mark, tier))


@pytest.fixture(autouse=True)
def _language_of_the_run():
    """Each test starts in the run's language (English, above): a test that ran a command
    without a locale leaves Dutch chosen in this process otherwise, and every later test
    that reads a translated message would read it in Dutch."""
    yield
    from codio_print import i18n

    i18n._current[:] = []


@pytest.fixture(scope="session")
def kits(tmp_path_factory) -> KitCache:
    """The run's shared kits: ``kits.get(recipe)`` builds a kit once for every worker."""
    return KitCache(shared_folder(tmp_path_factory) / "kits")


@pytest.fixture(scope="session")
def build_kit(kits):
    """build_kit(recipe) -> Kit: a shared kit (kits.py)."""
    return lambda recipe: kits.get(recipe).kit


@pytest.fixture(scope="session")
def sample_results(kits) -> tuple[Path, object]:
    """The sample resultaten.yaml (tests/data) built with `results build` once for the run,
    into resultaten/ beside it: that folder, and what the command said."""
    import shutil

    def copy(here: Path) -> None:
        shutil.copy(DATA / "resultaten-arnhem.yaml", here / "resultaten.yaml")

    here, proc = kits.shared(["results build"], copy, lambda here: run_cli(
        "results", "build", str(here / "resultaten.yaml"), check=True))
    return here / "resultaten", proc


@pytest.fixture
def libreoffice(monkeypatch) -> None:
    """This test's builds and conversions use LibreOffice (the run's others do without)."""
    for name, value in LIBREOFFICE.items():
        monkeypatch.setenv(name, value)
