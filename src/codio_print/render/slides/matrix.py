"""The Deel 1 matrix in presentatie.pptx as the PDF shows it: the label over the columns
("Herkomst van de data →"), the one in the corner ("Mate van proactiviteit ↓"), every cell
filled (the case's cells in the primary colour, with its name in white) and set apart by
white lines, as the PDF's cells are by their spacing."""

from __future__ import annotations

from codio_print.render.slides.shapes import (MARGIN_MM, WIDTH_MM, Look, add_runs, mm, rgb,
                                              spacing, textbox)
from codio_print.render.slides.measure import PT_MM
from codio_print.render.slides.read import Block, Run

SIZE, LINE = 24, 1.2
PAD = (1.6, 2.0, 1.6, 2.0)   # th, td padding: top, right, bottom, left
CELL_MM = 15.0               # .matrix td height
GAP_MM = 1.2                 # border-spacing
AXIS_AT = 0.24               # the column label starts at 24 % of the width
DEFAULT_WIDTHS = [22.0, 26.0, 26.0, 26.0]


def _widths(b: Block) -> list[float]:
    cols = max(len(r) for r in b.cells)
    shares = b.widths if len(b.widths) == cols else (
        DEFAULT_WIDTHS if cols == 4 else [100 / cols] * cols)
    return [WIDTH_MM * s / sum(shares) for s in shares]


def _axis_height(b: Block) -> float:
    return SIZE * LINE * PT_MM if b.axis else 0.0


def _row_heights(b: Block, look: Look) -> list[float]:
    widths = _widths(b)
    out = []
    for i, row in enumerate(b.cells):
        lines = max((look.body.lines(cell, SIZE, widths[j] - PAD[1] - PAD[3]) if cell else 1)
                    for j, cell in enumerate(row))
        text = lines * SIZE * LINE * PT_MM
        out.append(text + PAD[0] + PAD[2] + GAP_MM if i == 0
                   else max(CELL_MM, text) + PAD[0] + PAD[2] + GAP_MM)
    return out


def matrix_height(b: Block, look: Look) -> float:
    return _axis_height(b) + GAP_MM + sum(_row_heights(b, look)) + 3


def draw_matrix(slide, b: Block, y: float, look: Look) -> None:
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

    if b.axis:
        tf = textbox(slide, MARGIN_MM + WIDTH_MM * AXIS_AT, y, WIDTH_MM * (1 - AXIS_AT),
                     _axis_height(b))
        add_runs(tf.paragraphs[0], [Run(b.axis, bold=True)], SIZE, look.colour("muted"),
                 look.body_font)
        spacing(tf.paragraphs[0], SIZE, LINE)
        y += _axis_height(b)
    heights = _row_heights(b, look)
    widths = _widths(b)
    rows, cols = len(b.cells), len(widths)
    shape = slide.shapes.add_table(rows, cols, mm(MARGIN_MM), mm(y), mm(WIDTH_MM),
                                   mm(sum(heights) + GAP_MM))
    table = shape.table
    table.first_row = table.horz_banding = False
    for j, w in enumerate(widths):
        table.columns[j].width = mm(w)
    for i, row in enumerate(b.cells):
        table.rows[i].height = mm(heights[i])
        for j in range(cols):
            runs = row[j] if j < len(row) else []
            head, here = i == 0 or j == 0, (i, j) in b.marked
            cell = table.cell(i, j)
            fill = look.colour("primary") if here else (None if head else look.colour("tint"))
            colour = (look.colour("paper") if here
                      else look.colour("muted") if (i, j) == (0, 0) else look.colour("ink"))
            if fill:
                cell.fill.solid()
                cell.fill.fore_color.rgb = rgb(fill)
            else:
                cell.fill.background()
            _lines_around(cell, look.colour("paper"))
            cell.margin_top, cell.margin_right = mm(PAD[0]), mm(PAD[1])
            cell.margin_bottom, cell.margin_left = mm(PAD[2]), mm(PAD[3])
            cell.vertical_anchor = MSO_ANCHOR.BOTTOM if i == 0 else MSO_ANCHOR.MIDDLE
            p = cell.text_frame.paragraphs[0]
            p.alignment = (PP_ALIGN.RIGHT if j == 0 else PP_ALIGN.CENTER if i else PP_ALIGN.LEFT)
            add_runs(p, [Run(r.text, bold=r.bold or here, small=r.small) for r in runs], SIZE,
                     colour, look.body_font)
            spacing(p, SIZE, LINE)


def _lines_around(cell, colour: str) -> None:
    """White lines of the PDF's spacing (1.2 mm) on every side of a cell."""
    from pptx.oxml.ns import qn

    tc_pr = cell._tc.get_or_add_tcPr()  # noqa: SLF001
    for side in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
        for old in tc_pr.findall(qn(side)):
            tc_pr.remove(old)
    width = str(round(GAP_MM * 36000))
    lines = []
    for side in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
        ln = tc_pr.makeelement(qn(side), {"w": width, "cap": "flat", "cmpd": "sng"})
        solid = ln.makeelement(qn("a:solidFill"), {})
        solid.append(solid.makeelement(qn("a:srgbClr"), {"val": colour.lstrip("#").upper()}))
        ln.append(solid)
        lines.append(ln)
    # the schema's order: the lines before the cell's fill
    for n, ln in enumerate(lines):
        tc_pr.insert(n, ln)
