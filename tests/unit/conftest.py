"""Unit tests import no WeasyPrint: a unit test that would render fails at once, saying so.

While a unit test runs, ``weasy.load()`` (through which codio-print imports WeasyPrint) and a
direct ``import weasyprint`` raise; a test that renders belongs in tests/e2e. This holds in
every order and split of a run, also after an end-to-end test has imported WeasyPrint in the
same process."""

from __future__ import annotations

import sys

import pytest

REFUSAL = "unit tests import no WeasyPrint: render in a test under tests/e2e, or test the HTML"


class _NoWeasyPrint:
    """An import finder that refuses weasyprint (while it is not imported yet)."""

    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise ImportError(REFUSAL)
        return None


def _refuse(*args, **kwargs):
    raise AssertionError(REFUSAL)


@pytest.fixture(autouse=True)
def no_weasyprint(monkeypatch):
    from codio_print.render import weasy

    monkeypatch.setattr(weasy, "load", _refuse)
    finder = _NoWeasyPrint()
    sys.meta_path.insert(0, finder)
    yield
    sys.meta_path.remove(finder)
