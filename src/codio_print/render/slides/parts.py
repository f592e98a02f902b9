"""The body of a slide in the built-in look, part by part, at the sizes, widths and spacing of
presentatie.html's style sheet: text (paragraphs, headings, lists) in one text box, the group's
task in a filled callout, the example beside a bar, tables with their fixed columns, the Deel 1
matrix with its fills, lines and axis labels, and cards side by side. Each part is measured
first (render/slides/measure.py), so that the body stands in the middle, as in the PDF."""

from __future__ import annotations

from dataclasses import dataclass, replace

from codio_print.render.slides.matrix import draw_matrix, matrix_height
from codio_print.render.slides.measure import PT_MM, SLACK, settle
from codio_print.render.slides.read import Block, Run
from codio_print.render.slides.shapes import (MARGIN_MM, WIDTH_MM, Look, add_runs, frame, mm,
                                              rect, spacing, textbox)

TEXT = ("p", "h2", "li")
BAR_MM = 3.0            # the bar left of a task or an example, and on top of a card
INDENT_EM = 1.3         # a list item's marker
CARD_GAP_MM = 6.0       # .cards gap
STEPS_GAP_MM = 5.0      # table.steps border-spacing
MATRIX_GAP_MM = 1.2     # .matrix border-spacing


@dataclass(frozen=True)
class TextStyle:
    """The CSS of one kind of text: size, line height, space after, small runs' size."""

    size: float
    line: float
    after: float
    small: float | None = None
    bold_font: bool = False  # set in the heading font


def text_style(kind: str, where: str = "") -> TextStyle:
    """``where``: "" on a slide, "card", "case", "case-card" (the case's data) in a card."""
    if where.startswith("card"):  # "card", "card-many", "card-lots": a table's names
        size, small, after = {"card": (24, 20, 1.5), "card-many": (20, 18, 1.5),
                              "card-lots": (18, 18, 1.0)}[where]
        return {"h2": TextStyle(28, 1.15, 2, bold_font=True)}.get(kind, TextStyle(
            size, 1.2, after if kind == "li" else 2, small))
    if where == "steps":
        return TextStyle(24, 1.2, 1.5, 20)
    if where == "case":  # the case's points, under its title
        return {"h2": TextStyle(26, 1.15, 3, bold_font=True)}.get(kind, TextStyle(
            20, 1.25, 1.5, 18))
    if where == "case-card":
        return {"h2": TextStyle(26, 1.15, 2, bold_font=True)}.get(kind, TextStyle(
            20, 1.2, 1.5, 18))
    return {"h2": TextStyle(32, 1.15, 4, bold_font=True), "li": TextStyle(28, 1.25, 2.5),
            "p": TextStyle(28, 1.25, 3)}[kind]


def _groups(blocks: list[Block]) -> list[list[Block]]:
    """Consecutive text blocks together (one text box), every other part alone."""
    out: list[list[Block]] = []
    for b in blocks:
        if b.kind in TEXT and out and out[-1][0].kind in TEXT \
                and out[-1][-1].two_columns == b.two_columns:
            out[-1].append(b)
        else:
            out.append([b])
    return out


def body_height(blocks: list[Block], look: Look, cover: bool = False) -> float:
    return sum(_height(g, look) for g in _groups(blocks))


def draw_body(slide, blocks: list[Block], y: float, look: Look, cover: bool = False) -> None:
    for g in _groups(blocks):
        _draw(slide, g, y, look, cover)
        y += _height(g, look)


def _height(group: list[Block], look: Look) -> float:
    b = group[0]
    if b.kind in TEXT:
        return text_height(group, look, WIDTH_MM)
    if b.kind == "task":
        return _task_height(b, look)
    if b.kind == "example":
        return 5 + 4 + _lines(b.runs, look, 24, WIDTH_MM - BAR_MM - 10) * 24 * 1.25 * PT_MM
    if b.kind == "table":
        return sum(_row_heights(b, look)) + (3 if "agenda" in b.style else 0)
    if b.kind == "matrix":
        return matrix_height(b, look)
    if b.kind == "columns":
        return _cards_height(b, look)
    return 0.0


def _draw(slide, group: list[Block], y: float, look: Look, cover: bool) -> None:
    b = group[0]
    if b.kind in TEXT:
        colour = look.colour("paper") if cover else look.colour("ink")
        draw_text(slide, group, MARGIN_MM, y, WIDTH_MM, look, colour)
    elif b.kind == "task":
        _draw_task(slide, b, y, look)
    elif b.kind == "example":
        _draw_example(slide, b, y, look)
    elif b.kind == "table":
        draw_table(slide, b, y, look)
    elif b.kind == "matrix":
        draw_matrix(slide, b, y, look)
    elif b.kind == "columns":
        _draw_cards(slide, b, y, look)


def _lines(runs: list[Run], look: Look, size: float, width: float, bold_font=False,
           small: float | None = None) -> int:
    return (look.heading if bold_font else look.body).lines(runs, size, width, small)


def _indent(b: Block, where: str) -> float:
    """The room of a list item's marker (the list's padding), in millimetres."""
    return INDENT_EM * text_style(b.kind, where).size * PT_MM \
        if b.kind == "li" and where in ("", "case") else 0.0


def _column(group: list[Block], width: float, where: str) -> float:
    """The width of one of two columns of a list, with its markers' room: CSS sets the
    columns inside the list's padding, 12 mm apart."""
    indent = _indent(group[0], where)
    return (width - indent - 12) / 2 + indent


def _para_height(b: Block, look: Look, width: float, where: str) -> float:
    st = text_style(b.kind, where)
    indent = _indent(b, where)
    lines = _lines(b.runs, look, st.size, width - indent, st.bold_font, st.small)
    return lines * st.size * st.line * PT_MM + st.after


def text_height(group: list[Block], look: Look, width: float, where: str = "") -> float:
    if group and group[0].two_columns:
        heights = [_para_height(b, look, _column(group, width, where), where) for b in group]
        i = _split(heights)
        return max(sum(heights[:i]), sum(heights[i:]))
    return sum(_para_height(b, look, width, where) for b in group)


def draw_text(slide, group: list[Block], x: float, y: float, width: float, look: Look,
              colour: str, where: str = "", head_colour: str | None = None) -> None:
    """Paragraphs, headings and list items in one text box, as the PDF sets them; a list in
    two columns in two boxes, broken where the PDF breaks it."""
    from pptx.oxml.ns import qn
    from pptx.util import Emu

    if group[0].two_columns and len(group) > 1:
        col = _column(group, width, where)  # a column box holds the markers' room too
        i = _split([_para_height(b, look, col, where) for b in group])
        for n, part in enumerate((group[:i], group[i:])):
            if part:
                draw_text(slide, [replace(b, two_columns=False) for b in part],
                          x + n * (col - _indent(group[0], where) + 12), y, col, look, colour,
                          where, head_colour)
        return
    height = text_height(group, look, width, where) + 1
    # a word longer than the line runs on into the padding in the PDF; here too, unbroken;
    # the box a little wider, the close calls settled by line breaks (measure.settle)
    extra = width * SLACK
    tf = textbox(slide, x, y, max(width, _widest(group, look, where) + 0.5) + extra, height)
    for i, b in enumerate(group):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        st = text_style(b.kind, where)
        font = look.heading_font if st.bold_font else look.body_font
        c = head_colour if (b.kind == "h2" and head_colour) else colour
        face = look.heading if st.bold_font else look.body
        runs = settle(face, b.runs, st.size, width - _indent(b, where), st.small,
                      extra_mm=extra)
        add_runs(p, runs, st.size, c, font, look.colour("muted"), st.small)
        spacing(p, st.size, st.line, st.after)
        if b.kind == "li" and where in ("", "case"):
            indent = Emu(round(INDENT_EM * st.size * 12700))
            ppr = p._p.get_or_add_pPr()  # noqa: SLF001
            ppr.set("marL", str(indent))
            ppr.set("indent", str(-indent))
            bullet = (ppr.makeelement(qn("a:buAutoNum"), {"type": "arabicPeriod",
                                                         "startAt": str(b.number)})
                      if b.number else ppr.makeelement(qn("a:buChar"), {"char": "•"}))
            ppr.append(bullet)


def _split(heights: list[float]) -> int:
    """Where CSS columns break a list in two: the first split whose taller half is lowest."""
    return min(range(1, len(heights) + 1),
               key=lambda i: (max(sum(heights[:i]), sum(heights[i:])), i))


def _widest(group: list[Block], look: Look, where: str) -> float:
    """The widest single word of the text, with its list marker's room."""
    widths = [0.0]
    for b in group:
        st = text_style(b.kind, where)
        face = look.heading if st.bold_font else look.body
        widths += [face.width(word, (st.small or st.size * 0.8) if r.small else st.size,
                              r.bold) + _indent(b, where)
                   for r in b.runs for word in r.text.split()]
    return max(widths)


def _task_height(b: Block, look: Look) -> float:
    size = 28 if b.plain else 30
    lines = _lines(b.runs, look, size, WIDTH_MM - BAR_MM - 14)
    return (0 if b.plain else 4) + 10 + lines * size * 1.25 * PT_MM + (4 if b.plain else 0)


def _draw_task(slide, b: Block, y: float, look: Look) -> None:
    """The group's task in a filled callout with the accent's bar, as the PDF's box."""
    from pptx.enum.text import PP_ALIGN

    size = 28 if b.plain else 30
    y += 0 if b.plain else 4
    h = _task_height(b, look) - (4 if b.plain else 4)
    rect(slide, MARGIN_MM, y, BAR_MM, h, look.colour("accent"))
    box = rect(slide, MARGIN_MM + BAR_MM, y, WIDTH_MM - BAR_MM, h, look.colour("tint"))
    tf = box.text_frame
    frame(tf, anchor="m")
    text_w = WIDTH_MM - BAR_MM - 14
    tf.margin_left, tf.margin_right = mm(7), mm(7 - text_w * SLACK)  # see draw_text
    tf.margin_top = tf.margin_bottom = mm(5)
    p = tf.paragraphs[0]
    p.alignment = PP_ALIGN.LEFT
    add_runs(p, settle(look.body, b.runs, size, text_w), size, look.colour("ink"),
             look.body_font)
    spacing(p, size, 1.25)


def _draw_example(slide, b: Block, y: float, look: Look) -> None:
    y += 5
    h = _height([b], look) - 5
    rect(slide, MARGIN_MM, y, BAR_MM, h, look.colour("accent"))
    text_w = WIDTH_MM - BAR_MM - 10
    tf = textbox(slide, MARGIN_MM + BAR_MM + 5, y + 2, text_w * (1 + SLACK), h - 4)
    add_runs(tf.paragraphs[0], settle(look.body, b.runs, 24, text_w), 24, look.colour("ink"),
             look.body_font)
    spacing(tf.paragraphs[0], 24, 1.25)


def _table_style(b: Block) -> tuple[float, float, tuple[float, float, float, float]]:
    """Size, line height and cell padding (top, right, bottom, left) of a table's class."""
    if "mechs" in b.style:
        return 24, 1.15, (0, 6, 3, 0)
    return 28, 1.25, (1.5, 3, 1.5, 3)


def _widths(b: Block, total: float, default: list[float] | None = None) -> list[float]:
    cols = max(len(r) for r in b.cells)
    shares = b.widths if len(b.widths) == cols else (default or [100 / cols] * cols)
    return [total * w / sum(shares) for w in shares]


def _row_heights(b: Block, look: Look) -> list[float]:
    size, line, (top, right, bottom, left) = _table_style(b)
    widths = _widths(b, WIDTH_MM)
    return [max(_lines(cell, look, size, widths[j] - left - right, small=20) if cell else 1
                for j, cell in enumerate(row)) * size * line * PT_MM + top + bottom
            for row in b.cells]


def draw_table(slide, b: Block, y: float, look: Look) -> None:
    """A table with the PDF's fixed columns, no fills, no rules: the agenda, the mechanisms."""
    size, line, pad = _table_style(b)
    heights = _row_heights(b, look)
    cols = max(len(r) for r in b.cells)
    shape = slide.shapes.add_table(len(b.cells), cols, mm(MARGIN_MM), mm(y), mm(WIDTH_MM),
                                   mm(sum(heights)))
    table = shape.table
    table.first_row = table.horz_banding = False
    for j, w in enumerate(_widths(b, WIDTH_MM)):
        table.columns[j].width = mm(w)
    for i, row in enumerate(b.cells):
        table.rows[i].height = mm(heights[i])
        for j in range(cols):
            cell = table.cell(i, j)
            cell.fill.background()
            fill_cell(cell, row[j] if j < len(row) else [], size, line, pad, look)


def fill_cell(cell, runs: list[Run], size: float, line: float, pad, look: Look,
              colour: str | None = None) -> None:
    top, right, bottom, left = pad
    cell.margin_top, cell.margin_right = mm(top), mm(right)
    cell.margin_bottom, cell.margin_left = mm(bottom), mm(left)
    p = cell.text_frame.paragraphs[0]
    add_runs(p, runs, size, colour or look.colour("ink"), look.body_font,
             look.colour("muted"), 20)
    spacing(p, size, line)


def _card_layout(b: Block) -> tuple[int, float, float, float]:
    """Cards in a row, the gap between them (and left and right of the row), the space
    above and below the rows: the table's border-spacing."""
    per_row = b.per_row or len(b.columns)
    return (per_row, STEPS_GAP_MM, STEPS_GAP_MM, STEPS_GAP_MM) if b.per_row \
        else (per_row, CARD_GAP_MM, CARD_GAP_MM, 0.0)


def _card_widths(b: Block) -> list[float]:
    per_row, gap, outer, _ = _card_layout(b)
    inner = WIDTH_MM - 2 * outer - gap * (per_row - 1)
    shares = b.widths if len(b.widths) == per_row else [1.0] * per_row
    return [inner * s / sum(shares) for s in shares]


def _card_where(b: Block, card) -> str:
    if b.per_row:
        return "steps"
    if len(b.widths) == 2:
        return "case" if card.plain else "case-card"
    return f"card-{card.dense}" if card.dense else "card"


def _card_height(b: Block, card, width: float, look: Look) -> float:
    where = _card_where(b, card)
    pad = 0 if card.plain else BAR_MM + 6
    inner = width - (0 if card.plain else 8)
    head = [Block("h2", [Run(card.title, bold=True)])] if card.title else []
    return pad + text_height(head, look, inner, where) + sum(
        text_height([x], look, inner, where) for x in card.blocks)


def _rows(b: Block) -> list[list]:
    per_row = _card_layout(b)[0]
    return [b.columns[i:i + per_row] for i in range(0, len(b.columns), per_row)]


def _cards_height(b: Block, look: Look) -> float:
    _, _, _, gap = _card_layout(b)
    widths = _card_widths(b)
    rows = [max(_card_height(b, c, widths[j], look) for j, c in enumerate(row))
            for row in _rows(b)]
    return sum(rows) + gap * (len(rows) + 1)


def _draw_cards(slide, b: Block, y: float, look: Look) -> None:
    """Cards side by side, as the PDF's grid: the tables, the code, the case's data, the
    steps of the day. Each a filled box with a bar in its colour and its own text box."""
    _, gap, outer, gap_y = _card_layout(b)
    widths = _card_widths(b)
    y += gap_y
    for row in _rows(b):
        h = max(_card_height(b, c, widths[j], look) for j, c in enumerate(row))
        x = MARGIN_MM + outer
        for j, card in enumerate(row):
            where = _card_where(b, card)
            colour = look.colour("f", card.fundament)
            if not card.plain:
                rect(slide, x, y, widths[j], BAR_MM, colour)
                rect(slide, x, y + BAR_MM, widths[j], h - BAR_MM, look.colour("f-tint",
                                                                          card.fundament))
            head = [Block("h2", [Run(card.title, bold=True)])] if card.title else []
            inset = 0 if card.plain else 4
            top = 0 if card.plain else BAR_MM + 3
            draw_text(slide, head + card.blocks, x + inset, y + top, widths[j] - 2 * inset,
                      look, look.colour("ink"), where,
                      look.colour("ink") if card.plain else colour)
            x += widths[j] + gap
        y += h + gap_y
