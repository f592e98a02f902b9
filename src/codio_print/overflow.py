"""Find text that a fixed-size box cuts off, so that it is never lost silently.

Boxes with ``overflow: hidden`` (a tent card's role line, a slide) clip what does not fit,
or, when they are a page high, are split by WeasyPrint over two pages. After layout we look
at every piece of text inside such a box: if it reaches outside the box, or the box runs
onto a next page, the build fails naming the piece, the field and the start of the text. A template
names the field with ``data-field="..."`` on the element (or an ancestor); otherwise the
box's class is used. Boxes of zero height hide their text on purpose (running headers).
"""

from __future__ import annotations

from dataclasses import dataclass

TOLERANCE = 0.75  # CSS px (0.2 mm): rounding, not text


@dataclass(frozen=True)
class CutOff:
    page: int
    field: str
    text: str


def _clips(box) -> bool:
    return box.style["overflow"] == "hidden"


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


def _text(box) -> str:
    element = getattr(box, "element", None)
    text = " ".join(" ".join(element.itertext()).split()) if element is not None else ""
    return text if len(text) <= 60 else text[:57] + "..."


def cut_off(document) -> list[CutOff]:
    """Every box of a rendered WeasyPrint document that clips text, once per box."""
    from weasyprint.formatting_structure.boxes import LineBox, TextBox

    found: list[CutOff] = []
    first_page: dict[int, int] = {}  # clipping element -> the page it starts on
    reported: set[int] = set()
    for number, page in enumerate(document.pages, 1):

        def walk(box, clip, field: str, line=None) -> None:
            if isinstance(box, LineBox):
                line = box
            if isinstance(box, TextBox):
                key = id(getattr(clip, "element", None) or clip)
                if (clip is not None and key not in reported and box.text.strip()
                        and _outside(box, line, clip)):
                    reported.add(key)
                    found.append(CutOff(number, field or _label(clip), _text(clip)))
                return
            element = getattr(box, "element", None)
            if element is not None and box.element_tag != "html" and element.get("data-field"):
                field = element.get("data-field")
            if box.style is not None and _clips(box):
                if box.padding_height() <= 0 or box.padding_width() <= 0:
                    return  # hidden on purpose, e.g. the running header's source
                clip = box
                key = id(element) if element is not None else id(box)
                # A fixed-size box that WeasyPrint had to split over two pages overflowed.
                if first_page.setdefault(key, number) != number and key not in reported:
                    reported.add(key)
                    found.append(CutOff(first_page[key], field or _label(box), _text(box)))
            for child in box.all_children() if hasattr(box, "all_children") else ():
                walk(child, clip, field, line)

        walk(page._page_box, None, "")
    return found


def _label(box) -> str:
    element = getattr(box, "element", None)
    if element is None:
        return box.element_tag
    return element.get("class") or element.tag
