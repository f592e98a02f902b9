"""The slides, read back out of the deck's own HTML (presentatie.html after the workspace's
overrides and teksten.yaml): every ``div.slide`` in order, as runs of text, blocks, tables and
columns, so that the PowerPoint shows exactly what the PDF shows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Run:
    text: str
    bold: bool = False
    small: bool = False  # a secondary part (a role, an example)
    font: str = ""       # a family of its own: a name in a script the body font lacks


@dataclass
class Block:
    kind: str  # "p", "h2", "li", "task", "example", "table", "columns", "matrix"
    runs: list[Run] = field(default_factory=list)
    number: int | None = None      # the number of an ordered list item
    rows: list[list[str]] = field(default_factory=list)   # a table
    columns: list["Slide"] = field(default_factory=list)  # cards side by side
    two_columns: bool = False      # a long list set in two columns (class "two")
    widths: list[float] = field(default_factory=list)     # a table's columns, in per cent
    per_row: int = 0               # cards: how many in a row (0: all in one)
    axis: str = ""                 # the matrix: the label over its columns
    marked: list[tuple[int, int]] = field(default_factory=list)  # the matrix: the case's cells
    plain: bool = False            # a task without its box, or a card without its fill
    cells: list[list[list[Run]]] = field(default_factory=list)  # a table's cells as runs
    style: str = ""                # a table's class: "agenda", "mechs", "matrix"


@dataclass
class Slide:
    kicker: str = ""
    title: str = ""
    clock: str = ""
    blocks: list[Block] = field(default_factory=list)
    cover: bool = False            # a title slide (coloured to the edge)
    fundament: str | None = None   # a group's slide: its colour
    foot: tuple[str, str] = ("", "")
    stap: str = ""                 # the step the slide belongs to (data-stap)
    plain: bool = False            # a card without its fill
    dense: str = ""                # a card of many lines set smaller: "many", "lots"

    def text(self) -> str:
        parts = [self.kicker, self.title]
        for b in self.blocks:
            parts.append("".join(r.text for r in b.runs))
            parts.extend(" ".join(row) for row in b.rows)
        return " ".join(parts)


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _runs(el, bold: bool = False, small: bool = False) -> list[Run]:
    """The inline content of an element as runs: bold for strong, a line break for br."""
    out: list[Run] = []
    if el.text:
        out.append(Run(el.text, bold, small))
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        classes = (child.get("class") or "").split()
        if tag == "br":
            out.append(Run("\n", bold, small))
        elif tag in ("strong", "b"):
            out.extend(_runs(child, True, small))
        elif tag == "img" or "plate" in classes:
            pass
        elif "person-name" in classes:
            family = re.match(r"\s*font-family:\s*'([^']+)'", child.get("style") or "")
            out.extend(Run(r.text, r.bold, r.small, family.group(1) if family else "")
                       for r in _runs(child, bold, small))
        else:
            out.extend(_runs(child, bold, small or "ex" in classes or "clock" in classes))
        if child.tail:
            out.append(Run(child.tail, bold, small))
    merged: list[Run] = []
    for r in out:
        text = r.text if r.text == "\n" else re.sub(r"\s+", " ", r.text.replace("\u00a0", " "))
        if merged and (merged[-1].bold, merged[-1].small, merged[-1].font) == (
                r.bold, r.small, r.font) and "\n" not in (text, merged[-1].text):
            merged[-1].text += text
        else:
            merged.append(Run(text, r.bold, r.small, r.font))
    if merged and merged[0].text != "\n":
        merged[0].text = merged[0].text.lstrip()
    if merged and merged[-1].text != "\n":
        merged[-1].text = merged[-1].text.rstrip()
    return [r for r in merged if r.text]


def _table(el) -> list[list[str]]:
    return [[_clean(cell.text_content()) for cell in tr if cell.tag in ("th", "td")]
            for tr in el.iter("tr")]


def _cells(el, bold_th: bool = False) -> list[list[list[Run]]]:
    return [[_runs(cell, bold=bold_th and cell.tag == "th") for cell in tr
             if cell.tag in ("th", "td")] for tr in el.iter("tr")]


def _widths(table) -> list[float]:
    """A table's column widths in per cent, from its <col style="width: N%">."""
    out = []
    for col in table.iter("col"):
        m = re.search(r"width:\s*([\d.]+)%", col.get("style") or "")
        out.append(float(m.group(1)) if m else 0.0)
    return out if out and all(out) else []


def _card(el) -> "Slide":
    """One card: its title (h2) and its lines."""
    head = el.find("h2")
    if head is not None:
        el.remove(head)  # the card's title, not one of its lines
    return Slide(title=_clean(head.text_content()) if head is not None else "",
                 blocks=_blocks(el), fundament=_fundament(el),
                 plain="plain" in (el.get("class") or "").split(),
                 dense=next((c for c in ("many", "lots") if c in (el.get("class") or "").split()),
                            ""))


def _matrix(wrap) -> Block:
    """The Deel 1 matrix: its cells, the label over its columns, the case's cells."""
    table = wrap.find(".//table")
    axis = wrap.find_class("axis")
    marked = [(i, j) for i, tr in enumerate(table.iter("tr"))
              for j, cell in enumerate(c for c in tr if c.tag in ("th", "td"))
              if "here" in (cell.get("class") or "").split()]
    return Block("matrix", rows=_table(table), axis=_clean(axis[0].text_content()) if axis
                 else "", marked=marked, cells=_cells(table, bold_th=True), style="matrix",
                 widths=_widths(table))


def _blocks(el) -> list[Block]:
    out: list[Block] = []
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        classes = (child.get("class") or "").split()
        if tag in ("h1",) or "kicker" in classes or "foot" in classes:
            continue
        if tag in ("h2", "h3"):
            out.append(Block("h2", _runs(child, bold=True)))
        elif tag == "p":
            out.append(Block("p", _runs(child, bold="lead" in classes)))
        elif tag in ("ul", "ol"):
            for n, li in enumerate(child.findall("li"), 1):
                out.append(Block("li", _runs(li), number=n if tag == "ol" else None,
                                 two_columns="two" in classes))
        elif tag == "table" and "steps" in classes:
            cards = [_card(cell) for cell in child.iter("td", "th")]
            per_row = max((len(tr.findall("th")) + len(tr.findall("td"))
                           for tr in child.iter("tr")), default=0)
            out.append(Block("columns", columns=cards, per_row=per_row))
        elif "task" in classes:
            out.append(Block("task", _runs(child), plain="plain" in classes))
        elif "example" in classes:
            out.append(Block("example", _runs(child)))
        elif "cards" in classes:
            cells = list(child.iter("td")) if tag == "table" else list(child)
            cards = [_card(col) for col in cells]
            for card, head in zip(cards, child.iter("th")):  # a table's header: the titles
                card.title = _clean(head.text_content())
            out.append(Block("columns", columns=cards,
                             widths=[1.0, 1.0] if "case" in classes else []))
        elif tag == "table":
            out.append(Block("table", rows=_table(child), widths=_widths(child),
                             cells=_cells(child), style=" ".join(classes)))
        elif "matrix-wrap" in classes and child.find(".//table") is not None:
            out.append(_matrix(child))
        else:
            out.extend(_blocks(child))
    return out


def _fundament(el) -> str | None:
    for c in (el.get("class") or "").split():
        if c.startswith("f-"):
            return c[2:]
    return None


def read_slides(html: str) -> list[Slide]:
    """Every ``div.slide`` of the deck's HTML, in order."""
    import lxml.html

    doc = lxml.html.fromstring(html)
    slides = []
    for el in doc.find_class("slide"):
        classes = (el.get("class") or "").split()
        s = Slide(cover="title" in classes, fundament=_fundament(el),
                  stap=el.get("data-stap") or "")
        kicker = el.find_class("kicker")
        if kicker:
            s.kicker = _clean(kicker[0].text_content())
        h1 = next(el.iter("h1"), None)
        if h1 is not None:
            clock = h1.find_class("clock")
            s.clock = _clean(clock[0].text_content()) if clock else ""
            s.title = _clean((h1.text or "") + "".join(
                (c.text_content() if "clock" not in (c.get("class") or "") else "")
                + (c.tail or "") for c in h1))
        foot = el.find_class("foot")
        if foot:
            spans = [c for c in foot[0] if c.tag == "span"]
            texts = [_clean(" ".join(t for t in sp.itertext()
                                     if not _in_plate(sp, t))) for sp in spans]
            s.foot = (texts[0] if texts else "", texts[1] if len(texts) > 1 else "")
        s.blocks = _blocks(el)
        slides.append(s)
    return slides


def _in_plate(span, text: str) -> bool:
    """Text of the organisation's wordmark in the footer's plate (drawn as the logo)."""
    return any(text in "".join(p.itertext()) for p in span.find_class("plate"))


def slide_numbers(html: str) -> dict[str, list[int]]:
    """For each step, the numbers of its slides (1 is the first), read from the deck's HTML
    (``data-stap``): the run sheet names them beside each step."""
    import lxml.html

    out: dict[str, list[int]] = {}
    for n, el in enumerate(lxml.html.fromstring(html).find_class("slide"), 1):
        if el.get("data-stap"):
            out.setdefault(el.get("data-stap"), []).append(n)
    return out
