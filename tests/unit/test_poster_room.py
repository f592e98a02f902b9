"""The action-plan poster (hand-out 5) gives room to write with a marker (issue 26, item 5;
review N5, N27): measured in WeasyPrint's layout of the real template, at A0 and at A1 (the
same design at 0.71 of the size), and it stays one sheet."""

from __future__ import annotations

import shutil
from datetime import time

import pytest

from codio_print import paths
from codio_print.inputs.content import load_content
from codio_print.kit.pieces import plan
from codio_print.kit.session import make_session
from codio_print.render import weasy
from codio_print.render.context import render_html

MM_PER_PX = 25.4 / 96
SCALE = {"A0": 1.0, "A1": 0.70711}


@pytest.fixture(scope="module")
def content():
    return load_content(only_case="arnhem")


def _boxes(box):
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


def _classes(box) -> set[str]:
    element = getattr(box, "element", None)
    return set((element.get("class") or "").split()) if element is not None else set()


@pytest.fixture(scope="module", params=["A0", "A1"])
def poster(request, content):
    session = make_session(content, 12, time(9, 30), None)
    pieces = plan(content, session.group_sizes, poster=request.param)
    (piece, html), = render_html(content, session, content.case("arnhem"), pieces=pieces,
                                 only=frozenset({"handout-5"}))
    weasyprint = weasy.load()
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    document = weasyprint.HTML(string=html, base_url=paths.TEMPLATES.as_uri() + "/").render(
        font_config=fonts)
    yield request.param, document
    shutil.rmtree(getattr(fonts, "_folder", None) or "/nonexistent", ignore_errors=True)


def _lines(document, cls: str) -> list[list[float]]:
    """The y (mm) of each ruled line of class ``cls``, grouped per box it is drawn in."""
    groups: dict[int, list[float]] = {}
    for page in document.pages:
        for box in _boxes(page._page_box):
            for child in getattr(box, "children", []):
                if cls in _classes(child) and child.element_tag == "div":
                    bottom = (child.position_y + child.margin_height()) * MM_PER_PX
                    groups.setdefault(id(box), []).append(bottom)
    return [sorted(set(round(y, 2) for y in ys)) for ys in groups.values()]


def test_the_poster_is_one_sheet(poster):
    size, document = poster
    assert len(document.pages) == 1, size


@pytest.mark.parametrize("cls, boxes", [("wl", 3), ("qline", 4)])
def test_three_lines_25_mm_apart_per_value_box_and_stap_4_question(poster, cls, boxes):
    size, document = poster
    groups = [ys for ys in _lines(document, cls) if len(ys) > 1]  # not the follow-up's
    assert len(groups) == boxes, (size, cls, groups)
    for ys in groups:
        assert len(ys) == 3, (size, cls, ys)
        gaps = [b - a for a, b in zip(ys, ys[1:])]
        assert min(gaps) >= 25 * SCALE[size] - 0.05, (size, cls, gaps)


def test_the_noodzaak_hoog_row_is_the_tallest(poster):
    size, document = poster
    rows = {}
    for page in document.pages:
        for box in _boxes(page._page_box):
            for name in ("n-hoog", "n-midden", "n-laag"):
                if name in _classes(box) and box.element_tag == "tr":
                    rows[name] = box.height * MM_PER_PX
    assert rows["n-hoog"] > 1.4 * max(rows["n-midden"], rows["n-laag"]), rows
    assert rows["n-laag"] >= 76 * SCALE[size] - 0.5, rows  # one 76 mm memo note
