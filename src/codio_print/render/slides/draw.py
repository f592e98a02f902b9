"""One slide drawn in the built-in look, without a template: at 16:9 (the PDF's size), laid out
as presentatie.html lays it out — the same margins, sizes, line heights and box widths, so
that its lines break where the PDF's do — in the organisation's colours, fonts and logo.

The top line: the kicker, then the title in the slide's title placeholder (the outline,
navigation and PowerPoint's accessibility check read it) with the clock time after it. The
body in the middle of the rest of the slide, as the PDF centres it; its parts are drawn by
render/slides/parts.py."""

from __future__ import annotations

from codio_print.render.slides.measure import PT_MM, SLACK, settle
from codio_print.render.slides.parts import body_height, draw_body
from codio_print.render.slides.read import Run, Slide
from codio_print.render.slides.shapes import (BOTTOM_MM, CLOCK_PT, COVER_PT, KICKER_PT,
                                              MARGIN_MM, SLIDE_EMU, SLIDE_H_MM, SLIDE_W_MM,
                                              TITLE_PT, TOP_MM, WIDTH_MM, Look, add_runs,
                                              autofit, frame, mm, rect, rgb, spacing, textbox)

__all__ = ["SLIDE_EMU", "Look", "add_runs", "autofit", "draw_slide"]

def draw_slide(slide, s: Slide, look: Look) -> None:
    """One slide in the built-in look, laid out as presentatie.html lays it out."""
    if s.cover:
        fill = slide.background.fill
        fill.solid()
        fill.fore_color.rgb = rgb(look.colour("primary"))
    y = TOP_MM
    if s.kicker:
        tf = textbox(slide, MARGIN_MM, y, WIDTH_MM, KICKER_PT * 1.2 * PT_MM)
        add_runs(tf.paragraphs[0], [Run(s.kicker, bold=True)], KICKER_PT,
                 look.colour("accent-light" if s.cover else "accent"), look.heading_font)
        spacing(tf.paragraphs[0], KICKER_PT, 1.2)
        y += KICKER_PT * 1.2 * PT_MM + 1.5
    bottom = SLIDE_H_MM - BOTTOM_MM
    if s.cover:  # the title is part of the body, in the middle of the slide
        title_h = _title_height(s, look) + 3
        height = title_h + body_height(s.blocks, look, cover=True)
        y += max(0.0, (bottom - y - height) / 2)
        _title(slide, s, look, y)
        y += title_h
    else:
        if s.title:
            _title(slide, s, look, y)
            y += _title_height(s, look) + 3
        y += max(0.0, (bottom - y - body_height(s.blocks, look)) / 2)
    draw_body(slide, s.blocks, y, look, cover=s.cover)
    _foot(slide, s, look)


def _title_runs(s: Slide) -> list[Run]:
    runs = [Run(s.title, bold=True)]
    if s.clock:
        runs += [Run(" "), Run(s.clock, small=True)]
    return runs


def _title_height(s: Slide, look: Look) -> float:
    size = COVER_PT if s.cover else TITLE_PT
    lines = look.heading.lines(_title_runs(s), size, WIDTH_MM, CLOCK_PT, keep=(s.clock,))
    return lines * size * 1.15 * PT_MM


def _title(slide, s: Slide, look: Look, y: float) -> None:
    """The title in the slide's title placeholder, where the PDF has it."""
    from pptx.enum.text import PP_ALIGN

    shape = slide.shapes.title
    shape.left, shape.top = mm(MARGIN_MM), mm(y)
    shape.width = mm(WIDTH_MM * (1 + SLACK))  # see parts.draw_text
    shape.height = mm(_title_height(s, look) + 1)
    tf = shape.text_frame
    frame(tf)
    p = tf.paragraphs[0]
    p.alignment = PP_ALIGN.LEFT
    size = COVER_PT if s.cover else TITLE_PT
    colour = look.colour("paper") if s.cover else look.colour("primary")
    clock = look.colour("primary-tint") if s.cover else look.colour("muted")
    # as the PDF: the clock time never breaks, it moves to the next line whole
    for r in settle(look.heading, _title_runs(s), size, WIDTH_MM, CLOCK_PT, keep=(s.clock,)):
        if r.small:
            add_runs(p, [Run(unbroken(r.text))], CLOCK_PT, clock, look.body_font)
        else:
            add_runs(p, [r], size, colour, look.heading_font)
    spacing(p, size, 1.15)


def unbroken(text: str) -> str:
    """A text that does not break: no-break spaces, and a word joiner after a dash."""
    return text.replace(" ", "\u00a0").replace("–", "–\u2060")


def _foot(slide, s: Slide, look: Look) -> None:
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    y = SLIDE_H_MM - 14
    x = MARGIN_MM
    line = slide.shapes.add_connector(1, mm(MARGIN_MM), mm(y), mm(SLIDE_W_MM - MARGIN_MM), mm(y))
    line.line.color.rgb = rgb(look.colour("primary-light" if s.cover else "line"))
    line.line.width = Pt(1)
    if look.logo_png:
        x = _logo(slide, s, look, y, x)
    colour = look.colour("primary-tint" if s.cover else "muted")
    left, right = s.foot
    w = (SLIDE_W_MM - MARGIN_MM - x) / 2
    tf = textbox(slide, x, y + 2, w, 6)
    add_runs(tf.paragraphs[0], [Run(left)], 11, colour, look.body_font)
    tf = textbox(slide, x + w, y + 2, w, 6)
    tf.paragraphs[0].alignment = PP_ALIGN.RIGHT
    add_runs(tf.paragraphs[0], [Run(right)], 11, colour, look.body_font)


def _logo(slide, s: Slide, look: Look, y: float, x: float) -> float:
    """The logo in the footer; on the title slide top right, on a white plate."""
    from codio_print.render.slides.logo import add_logo

    height = 18.0 if s.cover else 7.0
    top = 10.0 if s.cover else y + 1.5
    if s.cover:
        plate = rect(slide, 0, top - 3, 1, height + 6, look.colour("paper"))
    pic = add_logo(slide, look.logo_png, look.logo_svg, mm(0), mm(top), mm(height))
    if s.cover:
        plate.width = pic.width + mm(6)
        plate.left = mm(SLIDE_W_MM - MARGIN_MM) - plate.width
        pic.left = plate.left + mm(3)
        return x
    pic.left = mm(x)
    return x + pic.width / 36000 + 4
