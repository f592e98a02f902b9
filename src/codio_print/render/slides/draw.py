"""One slide drawn in the built-in look, without a template: at 16:9 (the PDF's size), laid out
as presentatie.html lays it out, in the organisation's colours, fonts and logo."""

from __future__ import annotations

import io
from dataclasses import dataclass

from codio_print.kit.pieces import PAGE_MM
from codio_print.render.slides.read import Run, Slide

SLIDE_W_MM, SLIDE_H_MM = PAGE_MM["16:9"]  # the PDF's size
MARGIN_MM = 22.0
SLIDE_EMU = (12192000, 6858000)  # PowerPoint's own 16:9 (13.333 × 7.5 in)


@dataclass(frozen=True)
class Look:
    primary: str
    accent: str
    accent_light: str
    ink: str
    muted: str
    paper: str
    fundamenten: dict[str, str]
    body_font: str
    heading_font: str
    logo_png: bytes | None


def _rgb(hex_colour: str):
    from pptx.dml.color import RGBColor
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _mm(v: float):
    from pptx.util import Emu
    return Emu(round(v * 36000))


def add_runs(p, runs: list[Run], size=None, colour=None, font=None, muted=None) -> None:
    for r in runs:
        if r.text == "\n":
            p.add_line_break()
            continue
        run = p.add_run()
        run.text = r.text
        if r.bold:
            run.font.bold = True
        if size is not None:
            from pptx.util import Pt
            run.font.size = Pt(size * (0.8 if r.small else 1))
        if font:
            run.font.name = font
        c = muted if (r.small and muted) else colour
        if c:
            run.font.color.rgb = _rgb(c)


def _columns(tf, count: int, gap_mm: float) -> None:
    from pptx.oxml.ns import qn

    body = tf._txBody.find(qn("a:bodyPr"))  # noqa: SLF001
    body.set("numCol", str(count))
    body.set("spcCol", str(round(gap_mm * 36000)))


def autofit(tf) -> None:
    """Shrink on overflow (PowerPoint and Impress both honour it)."""
    from pptx.oxml.ns import qn

    body = tf._txBody.find(qn("a:bodyPr"))  # noqa: SLF001
    for tag in ("a:spAutoFit", "a:noAutofit", "a:normAutofit"):
        for old in body.findall(qn(tag)):
            body.remove(old)
    body.append(body.makeelement(qn("a:normAutofit"), {}))


def _textbox(slide, x, y, w, h, *, wrap=True):
    box = slide.shapes.add_textbox(_mm(x), _mm(y), _mm(w), _mm(h))
    tf = box.text_frame
    tf.word_wrap = wrap
    for side in ("left", "right", "top", "bottom"):
        setattr(tf, f"margin_{side}", 0)
    return tf


def _para(tf, first: list[bool]):
    if first[0]:
        first[0] = False
        return tf.paragraphs[0]
    return tf.add_paragraph()


def draw_slide(slide, s: Slide, look: Look) -> None:
    """One slide in the built-in look, laid out as presentatie.html lays it out."""
    from pptx.util import Pt

    if s.cover:
        fill = slide.background.fill
        fill.solid()
        fill.fore_color.rgb = _rgb(look.primary)
    text_colour = look.paper if s.cover else look.ink
    title_colour = look.paper if s.cover else (look.fundamenten.get(s.fundament or "")
                                               or look.primary)
    width = SLIDE_W_MM - 2 * MARGIN_MM
    y = 14.0 if not s.cover else 36.0
    if s.kicker:
        tf = _textbox(slide, MARGIN_MM, y, width, 9)
        add_runs(tf.paragraphs[0], [Run(s.kicker, bold=True)], 20,
                  look.accent_light if s.cover else look.accent, look.heading_font)
        y += 10
    if s.title:
        size = 50 if s.cover else 40
        lines = _estimate_lines(s.title + "  " + s.clock, size, width, bold=True)
        tf = _textbox(slide, MARGIN_MM, y, width, lines * size * 0.42 + 2)
        p = tf.paragraphs[0]
        add_runs(p, [Run(s.title, bold=True)], size, title_colour, look.heading_font)
        if s.clock:
            add_runs(p, [Run("  " + s.clock)], 22, look.paper if s.cover else look.muted,
                      look.body_font)
        y += lines * size * 0.42 + 5
    bottom = SLIDE_H_MM - 18
    flow = [b for b in s.blocks if b.kind not in ("table", "columns")]
    others = [b for b in s.blocks if b.kind in ("table", "columns")]
    if flow:
        size = 26 if any(b.kind == "task" for b in flow) and len(flow) <= 2 else 24
        if s.cover:
            size = 26
        two = all(b.two_columns for b in flow)
        lines = sum(_estimate_lines(_plain(b.runs), size, width / (2 if two else 1))
                    for b in flow)
        height = lines * size * 0.45 / (2 if two else 1)
        height = min(max(height + 4, 20), bottom - y - (40 if others else 0))
        tf = _textbox(slide, MARGIN_MM, y, width, height)
        if two:
            _columns(tf, 2, 14)
        first = [True]
        for b in flow:
            p = _para(tf, first)
            p.space_after = Pt(8)
            runs = b.runs
            if b.kind == "li":
                runs = [Run(f"{b.number}. " if b.number else "• ")] + runs
            add_runs(p, runs, size, text_colour, look.body_font, look.muted)
        autofit(tf)
        y += height + 3
    for b in others:
        if b.kind == "table":
            y = _draw_table(slide, b.rows, y, bottom, width, look)
        else:
            _draw_columns(slide, b.columns, y, bottom, width, look)
    _draw_foot(slide, s, look)


def _plain(runs: list[Run]) -> str:
    return "".join(r.text for r in runs)


def _estimate_lines(text: str, pt: float, width_mm: float, bold: bool = False) -> int:
    """How many lines a text takes (an average letter is about half the size wide, a bold
    one more: the reader may not have the font and use a wider one)."""
    per_line = max(1, int(width_mm / (pt * 0.3528 * (0.62 if bold else 0.52))))
    return sum(max(1, -(-len(part) // per_line)) for part in (text.split("\n") or [""]))


def _draw_table(slide, rows: list[list[str]], y: float, bottom: float, width: float,
                look: Look) -> float:

    rows = [r for r in rows if any(r)]
    if not rows:
        return y
    cols = max(len(r) for r in rows)
    size = 20 if len(rows) <= 8 else 18
    row_h = size * 0.3528 * 1.35 + 2
    height = min(row_h * len(rows), bottom - y)
    shape = slide.shapes.add_table(len(rows), cols, _mm(MARGIN_MM), _mm(y), _mm(width),
                                   _mm(height))
    table = shape.table
    # each column as wide as its longest text asks, within 12 % and 60 % of the table
    need = [(max(len(r[j]) if j < len(r) else 0 for r in rows) + 4) * (1.3 if j == 0 else 1)
            for j in range(cols)]  # the first column is set in bold
    shares = [min(0.6, max(0.12, n / sum(need))) for n in need]
    for j, share in enumerate(shares):
        table.columns[j].width = _mm(width * share / sum(shares))
    for i, row in enumerate(rows):
        for j in range(cols):
            cell = table.cell(i, j)
            cell.fill.background()
            tf = cell.text_frame
            tf.paragraphs[0].text = ""
            text = row[j] if j < len(row) else ""
            add_runs(tf.paragraphs[0], [Run(text, bold=(j == 0))], size, look.ink,
                      look.body_font)
            cell.margin_top = cell.margin_bottom = _mm(0.8)
    return y + height + 3


def _draw_columns(slide, columns: list[Slide], y: float, bottom: float, width: float,
                  look: Look) -> None:
    from pptx.util import Pt

    gap = 8.0
    w = (width - gap * (len(columns) - 1)) / max(1, len(columns))
    for i, col in enumerate(columns):
        x = MARGIN_MM + i * (w + gap)
        colour = look.fundamenten.get(col.fundament or "", look.primary)
        bar = slide.shapes.add_shape(1, _mm(x), _mm(y), _mm(w), _mm(4))  # a rectangle
        bar.fill.solid()
        bar.fill.fore_color.rgb = _rgb(colour)
        bar.line.fill.background()
        tf = _textbox(slide, x + 3, y + 6, w - 6, bottom - y - 8)
        first = [True]
        add_runs(_para(tf, first), [Run(col.title, bold=True)], 28, colour, look.heading_font)
        for b in col.blocks:
            p = _para(tf, first)
            p.space_after = Pt(6)
            add_runs(p, b.runs, 22, look.ink, look.body_font)
        autofit(tf)


def _draw_foot(slide, s: Slide, look: Look) -> None:
    from pptx.util import Pt

    y = SLIDE_H_MM - 14
    x = MARGIN_MM
    line = slide.shapes.add_connector(1, _mm(MARGIN_MM), _mm(y), _mm(SLIDE_W_MM - MARGIN_MM),
                                      _mm(y))
    line.line.color.rgb = _rgb(look.paper if s.cover else "#9a9a9a")
    line.line.width = Pt(1)
    if look.logo_png:
        height = 18.0 if s.cover else 7.0
        top = 10.0 if s.cover else y + 1.5
        pic = slide.shapes.add_picture(io.BytesIO(look.logo_png), 0, _mm(top), height=_mm(height))
        if s.cover:  # top right of the title slide, on a white plate: prominent
            plate = slide.shapes.add_shape(1, _mm(SLIDE_W_MM - MARGIN_MM) - pic.width - _mm(6),
                                           _mm(top - 3), pic.width + _mm(6), _mm(height + 6))
            plate.fill.solid()
            plate.fill.fore_color.rgb = _rgb(look.paper)
            plate.line.fill.background()
            pic.left = plate.left + _mm(3)
            # the plate must lie under the logo
            tree = slide.shapes._spTree  # noqa: SLF001
            tree.remove(plate._element)  # noqa: SLF001
            tree.insert(tree.index(pic._element), plate._element)  # noqa: SLF001
        else:
            pic.left = _mm(x)
            x += pic.width / 36000 + 4
    colour = look.paper if s.cover else look.muted
    left, right = s.foot
    w = (SLIDE_W_MM - MARGIN_MM - x) / 2
    tf = _textbox(slide, x, y + 2, w, 8)
    add_runs(tf.paragraphs[0], [Run(left)], 11, colour, look.body_font)
    tf = _textbox(slide, x + w, y + 2, w, 8)
    from pptx.enum.text import PP_ALIGN
    tf.paragraphs[0].alignment = PP_ALIGN.RIGHT
    add_runs(tf.paragraphs[0], [Run(right)], 11, colour, look.body_font)
