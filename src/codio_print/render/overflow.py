"""Find text that a fixed-size box cuts off, so that it is never lost silently.

Boxes with ``overflow: hidden`` (a tent card's role line, a slide) clip what does not fit,
or, when they are a page high, are split by WeasyPrint over two pages. After layout we look
at every piece of text inside such a box: if it reaches outside the box, or the box runs
onto a next page, the build fails naming the piece, the field and the start of the text. A template
names the field with ``data-field="..."`` on the element (or an ancestor); otherwise the
box's class is used. Boxes of zero height hide their text on purpose (running headers).
An image that could not be loaded shows its alt text, clipped by the image's own box: that is
the image's warning (a logo WeasyPrint cannot draw), not text that does not fit.

A box marked ``data-fit="width"`` (the cells and boxes of the results documents) must hold
its text across: text that reaches past its left or right edge, over the next column or off
the page, fails the same way. Such a box may grow downwards and run onto the next page.
"""

from __future__ import annotations

from dataclasses import dataclass

TOLERANCE = 0.75  # CSS px (0.2 mm): rounding, not text


@dataclass(frozen=True)
class CutOff:
    page: int
    field: str  # the template's data-field, else the box's class
    text: str  # the start of the box's text
    key: int = 0  # the element, so that a box is reported once


def _outside(text, line, clip) -> bool:
    """Does ``text`` reach outside ``clip``? Across: the text's own width. Down: its line's
    height, which is what the layout reserves (the font's full ascent and descent reach
    further, but no letter does)."""
    left, top = clip.padding_box_x(), clip.padding_box_y()
    right, bottom = left + clip.padding_width(), top + clip.padding_height()
    upper = (line or text).position_y
    lower = upper + (line or text).height
    return (text.position_x < left - TOLERANCE or upper < top - TOLERANCE
            or text.position_x + text.width > right + TOLERANCE or lower > bottom + TOLERANCE)


def _beside(text, box) -> bool:
    """Does ``text`` reach past the left or right edge of ``box``?"""
    left = box.padding_box_x()
    right = left + box.padding_width()
    return text.position_x < left - TOLERANCE or text.position_x + text.width > right + TOLERANCE


def _key(box) -> int:
    """The same for every fragment of one element (a box split over pages)."""
    element = getattr(box, "element", None)
    return id(element) if element is not None else id(box)


def _label(box) -> str:
    element = getattr(box, "element", None)
    if element is None:
        return box.element_tag
    return (element.get("class") or element.tag).split()[0]


def _text(box, cut) -> str:
    """The start of the box's own text, else (text from CSS) of the text that is cut off."""
    element = getattr(box, "element", None)
    text = " ".join(" ".join(element.itertext()).split()) if element is not None else ""
    text = text or " ".join(getattr(cut, "text", "").split())
    return text if len(text) <= 60 else text[:57] + "..."


class _Search:
    """One walk over the laid-out pages, remembering what was already reported."""

    def __init__(self) -> None:
        from weasyprint.formatting_structure.boxes import LineBox, TextBox

        self.line_box, self.text_box = LineBox, TextBox
        self.found: list[CutOff] = []
        self.first_page: dict[int, int] = {}  # clipping element -> the page it starts on

    def report(self, page: int, clip, field: str, cut) -> None:
        if all(_key(clip) != c.key for c in self.found):
            self.found.append(CutOff(page, field or _label(clip), _text(clip, cut), _key(clip)))

    def walk(self, box, page: int, clip=None, field: str = "", line=None,
             fits: tuple = ()) -> None:
        if isinstance(box, self.text_box):
            if clip is not None and box.text.strip() and _outside(box, line, clip):
                self.report(page, clip, field, box)
            elif box.text.strip():
                for fit, fit_field in fits:
                    if _beside(box, fit):
                        self.report(page, fit, fit_field, box)
                        break
            return
        if box.element_tag == "img":
            return  # a drawn image has no text; one that failed shows its alt text
        if isinstance(box, self.line_box):
            line = box
        element = getattr(box, "element", None)
        if element is not None and box.element_tag != "html" and element.get("data-field"):
            field = element.get("data-field")
        if (element is not None and element.get("data-fit") == "width"
                and "::" not in box.element_tag  # not its ::marker or ::before
                and not (fits and fits[0][0].element is element)):  # nor an anonymous box
            fits = ((box, field), *fits)  # the innermost first
        if box.style is not None and box.style["overflow"] == "hidden":
            if box.padding_height() <= 0 or box.padding_width() <= 0:
                return  # hidden on purpose, e.g. the running header's source
            clip = box
            # A fixed-size box that WeasyPrint had to split over two pages overflowed.
            first = self.first_page.setdefault(_key(box), page)
            if first != page:
                self.report(first, box, field, box)
        for child in box.all_children() if hasattr(box, "all_children") else ():
            self.walk(child, page, clip, field, line, fits)


def cut_off(document) -> list[CutOff]:
    """Every box of a rendered WeasyPrint document that clips text, once per box."""
    search = _Search()
    for number, page in enumerate(document.pages, 1):
        search.walk(page._page_box, number)
    return search.found
