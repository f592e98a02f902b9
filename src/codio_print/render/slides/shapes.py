"""What every part of a drawn slide shares: the slide's measures (the PDF's), the look (colours,
fonts, logo, text widths) and the small helpers that make runs, paragraphs, text boxes and
filled shapes in python-pptx."""

from __future__ import annotations

from dataclasses import dataclass

from codio_print.kit.pieces import PAGE_MM
from codio_print.render.slides.measure import PT_MM, Measure
from codio_print.render.slides.read import Run

SLIDE_W_MM, SLIDE_H_MM = PAGE_MM["16:9"]  # the PDF's size
MARGIN_MM = 20.0      # .slide padding left and right
TOP_MM = 12.0         # .slide padding top
BOTTOM_MM = 18.0      # .slide padding bottom: the footer lies in it
WIDTH_MM = SLIDE_W_MM - 2 * MARGIN_MM
SLIDE_EMU = (12192000, 6858000)  # PowerPoint's own 16:9 (13.333 × 7.5 in)
KICKER_PT, TITLE_PT, COVER_PT, CLOCK_PT = 20, 36, 50, 24


@dataclass(frozen=True)
class Look:
    colours: dict[str, str]  # the palette: ink, muted, paper, tint, primary(-tint), …
    body_font: str
    heading_font: str
    logo_png: bytes | None
    logo_svg: bytes | None = None
    body: Measure = Measure()
    heading: Measure = Measure()

    def colour(self, name: str, fundament: str | None = None) -> str:
        if fundament and fundament in self.colours and name in ("f", "f-tint"):
            return self.colours[fundament + name[1:]]
        return self.colours[{"f": "primary", "f-tint": "primary-tint"}.get(name, name)]


def rgb(hex_colour: str):
    from pptx.dml.color import RGBColor
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def mm(v: float):
    from pptx.util import Emu
    return Emu(round(v * 36000))


def add_runs(p, runs: list[Run], size=None, colour=None, font=None, muted=None,
             small=None) -> None:
    """Runs into a paragraph: bold as given, small runs (a role, an example) at ``small``
    points (else 0.8 of the size) in the muted colour."""
    from pptx.util import Pt

    for r in runs:
        if r.text == "\n":
            p.add_line_break()
            continue
        run = p.add_run()
        run.text = r.text
        run._r.get_or_add_rPr().set("kern", "100")  # noqa: SLF001 - kerned, as the PDF
        if r.bold:
            run.font.bold = True
        if size is not None:
            run.font.size = Pt((small or size * 0.8) if r.small else size)
        if r.font or font:
            run.font.name = r.font or font
        c = muted if (r.small and muted) else colour
        if c:
            run.font.color.rgb = rgb(c)


def spacing(p, size: float, line: float, after_mm: float = 0.0) -> None:
    """A paragraph's lines ``line`` × its size apart, exactly (as CSS line-height)."""
    from pptx.util import Pt

    p.line_spacing = Pt(size * line)
    p.space_before = Pt(0)
    p.space_after = Pt(after_mm / PT_MM)


def autofit(tf) -> None:
    """Shrink on overflow (PowerPoint and Impress both honour it)."""
    _body_autofit(tf, "a:normAutofit")


def no_autofit(tf) -> None:
    _body_autofit(tf, "a:noAutofit")


def _body_autofit(tf, tag: str) -> None:
    from pptx.oxml.ns import qn

    body = tf._txBody.find(qn("a:bodyPr"))  # noqa: SLF001
    for old in ("a:spAutoFit", "a:noAutofit", "a:normAutofit"):
        for el in body.findall(qn(old)):
            body.remove(el)
    body.append(body.makeelement(qn(tag), {}))


def frame(tf, wrap: bool = True, anchor: str = "t") -> None:
    """A text frame without insets, wrapping, anchored at the top (t), middle or bottom."""
    from pptx.enum.text import MSO_ANCHOR

    tf.word_wrap = wrap
    for side in ("left", "right", "top", "bottom"):
        setattr(tf, f"margin_{side}", 0)
    tf.vertical_anchor = {"t": MSO_ANCHOR.TOP, "m": MSO_ANCHOR.MIDDLE,
                          "b": MSO_ANCHOR.BOTTOM}[anchor]
    no_autofit(tf)


def textbox(slide, x, y, w, h, *, wrap=True, anchor="t"):
    box = slide.shapes.add_textbox(mm(x), mm(y), mm(w), mm(max(h, 1)))
    frame(box.text_frame, wrap, anchor)
    return box.text_frame


def rect(slide, x, y, w, h, colour: str):
    """A filled rectangle without outline."""
    shape = slide.shapes.add_shape(1, mm(x), mm(y), mm(w), mm(max(h, 0.5)))
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(colour)
    shape.line.fill.background()
    shape.shadow.inherit = False
    return shape
