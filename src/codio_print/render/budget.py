"""A piece keeps the pages its design has (kit/pieces.Budget), whatever the look.

After layout we look at the pages: more than the budget, a page with nothing on it
but the running header and footer, or a page of a copy that is nearly empty while the next
page of that copy goes on (a block that did not fit and left a hole). Then the layout steps
down: ``fit-1`` … ``fit-3`` on ``<html>`` (base.css: less room between lines and blocks,
then type a step smaller, never under 10 pt) and the piece is laid out again. What still
does not hold is an error naming the piece, the page, what is on it and what to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from codio_print.errors import RenderError
from codio_print.i18n import _, ngettext
from codio_print.kit.pieces import Budget

STEPS = 3  # fit-1 … fit-3 in base.css
# A page of a copy, not its last, that uses less of its height than this left a hole.
NEARLY_EMPTY = 0.25
_HTML = re.compile(r"<html\b", re.IGNORECASE)


def stepped(html: str, step: int) -> str:
    """``html`` with the type step ``step`` (0: as designed) on its root element."""
    if step == 0:
        return html
    return _HTML.sub(f'<html class="fit-{step}"', html, count=1)


@dataclass(frozen=True)
class Broken:
    """Why a layout breaks its budget: on ``page`` (1-based), ``what`` it holds."""

    page: int
    kind: str  # "more", "empty", "hole"
    what: str
    count: int
    used: float = 0.0


def problem(document, budget: Budget | None) -> Broken | None:
    """The first way the laid-out ``document`` breaks ``budget``, else None."""
    if budget is None:
        return None
    pages = document.pages
    fills = [_fill(page) for page in pages]
    for number, used in enumerate(fills, 1):
        if used <= 0:
            return Broken(number, "empty", "", len(pages))
    if not budget.holds(len(pages)):
        first = budget.total + 1
        return Broken(first, "more", _first_text(pages[first - 1]), len(pages))
    for number, used in enumerate(fills[:-1], 1):
        if used < NEARLY_EMPTY and not budget.room and not budget.last_of_copy(number):
            return Broken(number, "hole", _first_text(pages[number]), len(pages), used)
    return None


def error(name: str, budget: Budget, broken: Broken) -> RenderError:
    """The build's one line for a piece that does not keep its pages even at the last step."""
    fix = _("shorten the text (teksten.yaml, the case), choose a narrower font or a lower "
            "logo in huisstijl.yaml")
    if broken.kind == "more":
        message = ngettext("{piece} does not fit on its {budget} page: page {page} would "
                           "start with '{text}'",
                           "{piece} does not fit on its {budget} pages: page {page} would "
                           "start with '{text}'", budget.total).format(
            piece=name, budget=budget.total, page=broken.page, text=broken.what)
    elif broken.kind == "empty":
        message = _("{piece}, page {page}: the page is empty but for its header and "
                    "footer").format(piece=name, page=broken.page)
    else:
        message = _("{piece}, page {page}: the page is nearly empty ({percent} % used), "
                    "because '{text}' does not fit under it").format(
            piece=name, page=broken.page, percent=round(broken.used * 100), text=broken.what)
    return RenderError(message, fix=fix, key="pages")


def _fill(page) -> float:
    """How much of the page's content area its content takes, from the top (0: nothing but
    the margin boxes, the running header and footer)."""
    box = page._page_box
    root = next((c for c in box.children if getattr(c, "element_tag", "") == "html"), None)
    if root is None:
        return 0.0
    top = box.content_box_y()
    height = box.height or 1
    bottom = _bottom(root)
    return 0.0 if bottom is None else max(0.0, min(1.0, (bottom - top) / height))


def _bottom(box) -> float | None:
    """The lowest edge of anything drawn in ``box``: text, an image, a box with a border or
    a background (a writing line, a card)."""
    lowest = None
    for child in box.all_children() if hasattr(box, "all_children") else ():
        below = _bottom(child)
        if below is not None and (lowest is None or below > lowest):
            lowest = below
    if lowest is None and _drawn(box):
        lowest = box.position_y + box.margin_height()
    return lowest


def _drawn(box) -> bool:
    style = getattr(box, "style", None)
    if style is None or style["visibility"] != "visible":
        return False  # the running header's source is hidden
    if getattr(box, "text", "").strip():
        return True
    if getattr(box, "element_tag", "") == "img" or type(box).__name__.endswith("ReplacedBox"):
        return True
    bordered = any(style[f"border_{side}_width"] and style[f"border_{side}_style"] != "none"
                   for side in ("top", "right", "bottom", "left"))
    painted = style["background_color"].alpha > 0 or any(
        image[0] != "none" for image in style["background_image"])
    return bool(bordered or painted) and box.margin_height() > 0


def _first_text(page) -> str:
    """The start of the text on ``page`` (the running header and footer aside)."""
    words: list[str] = []
    root = next((c for c in page._page_box.children
                 if getattr(c, "element_tag", "") == "html"), None)
    _collect(root, words)
    text = " ".join(" ".join(words).split())
    return text if len(text) <= 60 else text[:57] + "..."


def _collect(box, words: list[str]) -> None:
    if box is None or len(words) > 20:
        return
    text = getattr(box, "text", None)
    style = getattr(box, "style", None)
    if style is not None and style["visibility"] != "visible":
        return
    if isinstance(text, str):
        if text.strip():
            words.append(text)
        return
    for child in box.all_children() if hasattr(box, "all_children") else ():
        _collect(child, words)
