"""presentatie.pptx (and .odp) beside presentatie.pdf: the same slides, editable.

The slides are read from the deck's own HTML (presentatie.html, after the workspace's
overrides and teksten.yaml), so the PowerPoint shows exactly what the PDF shows, in the same
order, with the same words. Each slide gets the facilitator's script for its step in the
speaker notes (workshop.yaml ``begeleider``, with the step's goal and questions).

Without a template of its own the deck is drawn at 16:9 (338.7 × 190.5 mm, the PDF's size)
in the organisation's colours, fonts and logo. With ``powerpoint: sjabloon.pptx`` in
huisstijl.yaml the deck uses that file's slide layouts (a title layout for the title slides,
a title-and-content layout for the rest) and so its masters, colours and fonts.

The .odp is made from the .pptx by LibreOffice (``soffice --headless --convert-to odp``): one
source of slides instead of a second writer, and LibreOffice writes the ODF that Impress
itself reads (render/libreoffice.py runs it). Both files are made reproducible: fixed dates in the zip and the metadata.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from codio_print.errors import ContentError
from codio_print.i18n import _
from codio_print.inputs import access
from codio_print.inputs.fonts import name_of
from codio_print.inputs.models import Stap, Workshop
from codio_print.inputs.pptx_template import SlidesTemplate
from codio_print.inputs.theme import Theme
from codio_print.render.colour import palette
# convert: the one conversion tests and callers ask for by this module's name
from codio_print.render.libreoffice import Conversion, convert, soffice  # noqa: F401

PPTX = "presentatie.pptx"
ODP = "presentatie.odp"
SLIDE_W_MM, SLIDE_H_MM = 338.667, 190.5
MARGIN_MM = 22.0
SLIDE_EMU = (12192000, 6858000)  # PowerPoint's own 16:9 (13.333 × 7.5 in)


# --- the slides, read from the deck's HTML ---------------------------------------------------

@dataclass
class Run:
    text: str
    bold: bool = False
    small: bool = False  # a secondary part (a role, an example)


@dataclass
class Block:
    kind: str                      # "p", "li", "task", "example", "table", "columns"
    runs: list[Run] = field(default_factory=list)
    number: int | None = None      # the number of an ordered list item
    rows: list[list[str]] = field(default_factory=list)   # a table
    columns: list["Slide"] = field(default_factory=list)  # three columns
    two_columns: bool = False      # a long list set in two columns (class "mechs")


@dataclass
class Slide:
    kicker: str = ""
    title: str = ""
    clock: str = ""
    blocks: list[Block] = field(default_factory=list)
    cover: bool = False            # a title slide (coloured to the edge)
    fundament: str | None = None   # a group's slide: its colour
    foot: tuple[str, str] = ("", "")

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
        else:
            out.extend(_runs(child, bold, small or "ex" in classes or "clock" in classes))
        if child.tail:
            out.append(Run(child.tail, bold, small))
    merged: list[Run] = []
    for r in out:
        text = r.text if r.text == "\n" else re.sub(r"\s+", " ", r.text.replace("\u00a0", " "))
        if merged and merged[-1].bold == r.bold and merged[-1].small == r.small \
                and "\n" not in (text, merged[-1].text):
            merged[-1].text += text
        else:
            merged.append(Run(text, r.bold, r.small))
    if merged and merged[0].text != "\n":
        merged[0].text = merged[0].text.lstrip()
    if merged and merged[-1].text != "\n":
        merged[-1].text = merged[-1].text.rstrip()
    return [r for r in merged if r.text]


def _table(el) -> list[list[str]]:
    return [[_clean(cell.text_content()) for cell in tr if cell.tag in ("th", "td")]
            for tr in el.iter("tr")]


def _blocks(el) -> list[Block]:
    out: list[Block] = []
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        classes = (child.get("class") or "").split()
        if tag in ("h1",) or "kicker" in classes or "foot" in classes:
            continue
        if tag in ("p", "h2", "h3"):
            out.append(Block("p", _runs(child, bold=tag != "p")))
        elif tag in ("ul", "ol"):
            for n, li in enumerate(child.findall("li"), 1):
                out.append(Block("li", _runs(li), number=n if tag == "ol" else None,
                                 two_columns="mechs" in classes))
        elif tag == "table":
            out.append(Block("table", rows=_table(child)))
        elif "task" in classes:
            out.append(Block("task", _runs(child)))
        elif "example" in classes:
            out.append(Block("example", _runs(child)))
        elif "three" in classes:
            columns = []
            for col in child:
                head = col.find("h2")
                if head is not None:
                    col.remove(head)  # the column's title, not one of its lines
                columns.append(Slide(title=_clean(head.text_content()) if head is not None
                                     else "", blocks=_blocks(col), fundament=_fundament(col)))
            out.append(Block("columns", columns=columns))
        elif "matrix-wrap" in classes:
            table = child.find(".//table")
            if table is not None:
                out.append(Block("table", rows=_table(table)))
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
        s = Slide(cover="title" in classes, fundament=_fundament(el))
        kicker = el.find_class("kicker")
        if kicker:
            s.kicker = _clean(kicker[0].text_content())
        h1 = el.find("h1")
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


# --- the facilitator's script: the speaker notes ---------------------------------------------

def _all_steps(stappen: list[Stap]) -> list[Stap]:
    out = []
    for s in stappen:
        out.append(s)
        out.extend(_all_steps(s.substappen))
    return out


def step_of(slide: Slide, workshop: Workshop) -> Stap | None:
    """The step a slide belongs to: the one its kicker names ("Deel 2 · 2b", "Deel 1 · Stap
    1 · De casus"); the opening slides belong to the start, the closing one to step 7."""
    steps = _all_steps(workshop.stappen)
    parts = [p.strip() for p in slide.kicker.split("·")]
    for part in reversed(parts):
        for s in steps:
            if part == s.label:
                return s
    for s in steps:  # a step's own slide without kicker match: by its name
        if slide.title and slide.title == s.naam:
            return s
    if slide.cover and not slide.kicker:  # the closing slide ("Bedankt!")
        return next((s for s in reversed(steps) if s.nummer is not None), None)
    return steps[0] if steps else None


def notes(slide: Slide, workshop: Workshop) -> str:
    """The facilitator's script for the slide's step: its goal, every line of
    ``begeleider``, its questions and example (as in the run sheet)."""
    stap = step_of(slide, workshop)
    if stap is None:
        return ""
    lines = [f"{stap.label}: {stap.naam}" if stap.label != stap.naam else stap.naam,
             f"Doel: {stap.doel}"]
    lines += [f"- {b}" for b in stap.begeleider]
    if stap.vragen:
        lines.append("Vragen:")
        lines += [f"{i}. {q}" for i, q in enumerate(stap.vragen, 1)]
    if stap.voorbeeld:
        lines.append(f"Voorbeeld: {stap.voorbeeld}")
    return "\n".join(lines)


# --- writing the deck ------------------------------------------------------------------------

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


def look_of(theme: Theme) -> Look:
    colours = palette(theme.colours)
    fundamenten = {k: v for k, v in theme.colours.items() if k not in ("primary", "accent")}
    return Look(colours["primary"], colours["accent"], colours["accent-light"], colours["ink"],
                colours["muted"], colours["paper"], fundamenten, name_of(theme.body[0]),
                name_of(theme.heading[0]), logo_png(theme))


def logo_png(theme: Theme) -> bytes | None:
    """The logo as a PNG (PowerPoint takes no SVG): a PNG as it is, an SVG drawn by
    WeasyPrint and rasterised by pdfium at 600 px high."""
    if not theme.logo:
        return None
    path = theme.logo.path
    if path.suffix.lower() == ".png":
        return path.read_bytes()
    from codio_print.render import weasy
    from codio_print.render.fetcher import RestrictedFetcher, roots
    import pypdfium2

    weasyprint = weasy.load()
    html = (f'<style>@page {{ size: auto; margin: 0 }} body {{ margin: 0 }} img {{ height: 20mm;'
            f' display: block }}</style><img src="{path.as_uri()}">')
    pdf = weasyprint.HTML(string=html, base_url=path.parent.as_uri() + "/",
                          url_fetcher=RestrictedFetcher(roots([path.parent]))).write_pdf()
    page = pypdfium2.PdfDocument(pdf)[0]
    scale = 600 / page.get_height()
    image = page.render(scale=scale).to_pil()
    # crop the empty page around the logo
    bbox = image.convert("L").point(lambda v: 255 if v < 250 else 0).getbbox()
    if bbox:
        image = image.crop(bbox)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()


def _rgb(hex_colour: str):
    from pptx.dml.color import RGBColor
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _mm(v: float):
    from pptx.util import Emu
    return Emu(round(v * 36000))


def build_pptx(slides: list[Slide], workshop: Workshop, theme: Theme, *, title: str,
               author: str, stamp: datetime, template: SlidesTemplate | None = None) -> bytes:
    """The deck as .pptx bytes, reproducible for the same input. A template is the one
    huisstijl.yaml names, checked and cleaned (inputs/pptx_template.py): python-pptx never
    opens the file itself."""
    from pptx import Presentation
    from pptx.util import Emu

    look = look_of(theme)
    if template is not None:
        prs = _open(template)
        _drop_slides(prs)
        title_layout, content_layout = _layouts(prs, template.path)
    else:
        prs = Presentation()
        prs.slide_width, prs.slide_height = Emu(SLIDE_EMU[0]), Emu(SLIDE_EMU[1])
        title_layout = content_layout = prs.slide_layouts[6]  # blank
    for s in slides:
        if template is not None:
            slide = prs.slides.add_slide(title_layout if s.cover else content_layout)
            _fill_layout(slide, s)
        else:
            slide = prs.slides.add_slide(content_layout)
            _draw(slide, s, look)
        slide.notes_slide.notes_text_frame.text = notes(s, workshop)
    props = prs.core_properties
    props.title, props.author, props.last_modified_by = title, author, "codio-print"
    props.subject, props.keywords = "CODIO-PaD workshop", "CODIO-PaD, presentatie"
    when = stamp.replace(tzinfo=None)
    props.created = props.modified = props.last_printed = when
    props.revision = 1
    out = io.BytesIO()
    prs.save(out)
    return normalise_zip(out.getvalue(), stamp)


def _open(template: SlidesTemplate):
    """The cleaned template in python-pptx; what it cannot read, one line."""
    from pptx import Presentation

    try:
        return Presentation(io.BytesIO(template.package))
    except (KeyError, ValueError, AttributeError, zipfile.BadZipFile) as exc:
        raise ContentError(_("the PowerPoint template '{name}' could not be read "
                             "({reason})").format(name=template.path.name,
                                                  reason=f"{type(exc).__name__}: {exc}"),
                           file=template.source or template.path, line=template.line,
                           fix=_("save it again from PowerPoint (as .pptx or .potx)")) from None


def _drop_slides(prs) -> None:
    """A template's own example slides are not part of the deck."""
    ids = prs.slides._sldIdLst  # noqa: SLF001 - python-pptx has no public way
    for sld in list(ids):
        prs.part.drop_rel(sld.rId)
        ids.remove(sld)


def _layouts(prs, template: Path):
    from pptx.enum.shapes import PP_PLACEHOLDER as PH

    def kinds(layout) -> set:
        return {p.placeholder_format.type for p in layout.placeholders}

    layouts = list(prs.slide_layouts)
    title = next((la for la in layouts if PH.CENTER_TITLE in kinds(la)), None)
    content = next((la for la in layouts if PH.TITLE in kinds(la)
                    and ({PH.BODY, PH.OBJECT} & kinds(la))), None)
    if content is None:
        raise ContentError(_("the PowerPoint template has no layout with a title and a text "
                             "area"), file=template,
                           fix=_("add a 'Title and Content' layout to its slide master"))
    return title or content, content


def _fill_layout(slide, s: Slide) -> None:
    """A template's layout: the title in its title placeholder, the rest in its body."""
    from pptx.enum.shapes import PP_PLACEHOLDER as PH

    body = None
    for ph in slide.placeholders:
        kind = ph.placeholder_format.type
        if kind in (PH.TITLE, PH.CENTER_TITLE):
            ph.text_frame.text = s.title
        elif body is None and kind in (PH.BODY, PH.OBJECT, PH.SUBTITLE):
            body = ph
    if body is None:
        return
    tf = body.text_frame
    lines: list[tuple[list[Run], int]] = []
    if s.kicker:
        lines.append(([Run(s.kicker, bold=True)], 0))
    if s.clock:
        lines.append(([Run(s.clock)], 0))
    for b in s.blocks:
        lines += _lines_of(b)
    for i, (runs, level) in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.level = level
        _add_runs(p, runs)
    _autofit(tf)


def _lines_of(b: Block) -> list[tuple[list[Run], int]]:
    if b.kind == "table":
        return [([Run("  ·  ".join(c for c in row if c))], 1) for row in b.rows if any(row)]
    if b.kind == "columns":
        out = []
        for col in b.columns:
            out.append(([Run(col.title, bold=True)], 0))
            for inner in col.blocks:
                out += [(r, 1) for r, _ in _lines_of(inner)]
        return out
    prefix = [Run(f"{b.number}. ")] if b.number else []
    return [(prefix + b.runs, 1 if b.kind == "li" else 0)]


def _add_runs(p, runs: list[Run], size=None, colour=None, font=None, muted=None) -> None:
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


def _autofit(tf) -> None:
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


def _draw(slide, s: Slide, look: Look) -> None:
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
        _add_runs(tf.paragraphs[0], [Run(s.kicker, bold=True)], 20,
                  look.accent_light if s.cover else look.accent, look.heading_font)
        y += 10
    if s.title:
        size = 50 if s.cover else 40
        lines = _estimate_lines(s.title + "  " + s.clock, size, width, bold=True)
        tf = _textbox(slide, MARGIN_MM, y, width, lines * size * 0.42 + 2)
        p = tf.paragraphs[0]
        _add_runs(p, [Run(s.title, bold=True)], size, title_colour, look.heading_font)
        if s.clock:
            _add_runs(p, [Run("  " + s.clock)], 22, look.paper if s.cover else look.muted,
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
            _add_runs(p, runs, size, text_colour, look.body_font, look.muted)
        _autofit(tf)
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
            _add_runs(tf.paragraphs[0], [Run(text, bold=(j == 0))], size, look.ink,
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
        _add_runs(_para(tf, first), [Run(col.title, bold=True)], 28, colour, look.heading_font)
        for b in col.blocks:
            p = _para(tf, first)
            p.space_after = Pt(6)
            _add_runs(p, b.runs, 22, look.ink, look.body_font)
        _autofit(tf)


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
    _add_runs(tf.paragraphs[0], [Run(left)], 11, colour, look.body_font)
    tf = _textbox(slide, x + w, y + 2, w, 8)
    from pptx.enum.text import PP_ALIGN
    tf.paragraphs[0].alignment = PP_ALIGN.RIGHT
    _add_runs(tf.paragraphs[0], [Run(right)], 11, colour, look.body_font)


# --- reproducible files ----------------------------------------------------------------------

def normalise_zip(data: bytes, stamp: datetime) -> bytes:
    """The same zip with every entry dated ``stamp`` (python-pptx and LibreOffice write the
    current time), in the same order; the ODF ``mimetype`` stays first and stored."""
    when = max(stamp.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "meta.xml":
                body = _odf_meta(body, stamp)
            elif info.filename in ("content.xml", "styles.xml"):
                body = _odf_fonts(body)
            elif info.filename == "settings.xml":
                body = _odf_view(body)
            new = zipfile.ZipInfo(info.filename, date_time=when)
            new.compress_type = (zipfile.ZIP_STORED if info.filename == "mimetype"
                                 else zipfile.ZIP_DEFLATED)
            new.create_system = 3
            new.external_attr = 0o644 << 16
            target.writestr(new, body, compresslevel=9)
    return out.getvalue()


_VISIBLE_AREA = re.compile(
    rb'(<config:config-item config:name="VisibleArea(?:Top|Left)" config:type="int">)-?\d+(<)')


def _odf_view(body: bytes) -> bytes:
    """Where the window was scrolled: LibreOffice writes it for the first file it converts
    in a process and 0 for the others; always 0, so a kit's .odp is the same bytes however
    many kits one command built."""
    return _VISIBLE_AREA.sub(rb"\g<1>0\2", body)


_DECLS = re.compile(r"<office:font-face-decls>(.*?)</office:font-face-decls>", re.S)
_FACE = re.compile(r"<style:font-face\b[^>]*/>")
_FONT_REF = re.compile(r'(style:font-name(?:-asian|-complex)?=")([^"]*)(")')


def _odf_fonts(body: bytes) -> bytes:
    """LibreOffice lists the fonts it knows in the order it happens to find them, naming
    two faces of one family "DejaVu Serif" and "DejaVu Serif1" either way round: list them
    sorted and name them in that order (and every reference to them), so that the same
    slides give the same file."""
    text = body.decode("utf-8")
    block = _DECLS.search(text)
    if not block or _FACE.sub("", block.group(1)).strip():
        return body  # not the plain list of self-closing faces this expects
    faces = []
    for face in _FACE.findall(block.group(1)):
        name = re.search(r'style:name="([^"]*)"', face)
        rest = re.sub(r'\s*style:name="[^"]*"', "", face)
        faces.append((name.group(1) if name else "", rest))
    faces.sort(key=lambda f: f[1])
    mapping, used = {}, {}
    for old, rest in faces:
        family = re.search(r'svg:font-family="([^"]*)"', rest)
        base = (family.group(1).replace("&apos;", "").replace("&quot;", "").strip()
                if family else old.rstrip("0123456789")) or old
        n = used.get(base, 0)
        used[base] = n + 1
        mapping[old] = base if n == 0 else f"{base}{n}"
    listed = "".join(rest.replace("<style:font-face", f'<style:font-face style:name='
                                  f'"{mapping[old]}"', 1) for old, rest in faces)
    text = text[:block.start(1)] + listed + text[block.end(1):]
    text = _FONT_REF.sub(lambda m: m.group(1) + mapping.get(m.group(2), m.group(2))
                         + m.group(3), text)
    return text.encode("utf-8")


def _odf_meta(body: bytes, stamp: datetime) -> bytes:
    iso = stamp.astimezone(timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds")
    text = body.decode("utf-8")
    text = re.sub(r"<dc:date>[^<]*</dc:date>", f"<dc:date>{iso}</dc:date>", text)
    text = re.sub(r"<meta:creation-date>[^<]*</meta:creation-date>",
                  f"<meta:creation-date>{iso}</meta:creation-date>", text)
    text = re.sub(r"<meta:editing-duration>[^<]*</meta:editing-duration>",
                  "<meta:editing-duration>PT0S</meta:editing-duration>", text)
    text = re.sub(r"<meta:print-date>[^<]*</meta:print-date>", "", text)
    return text.encode("utf-8")


# --- the build step --------------------------------------------------------------------------

PREVIOUS_ODP_MAX = 256 * 1024 * 1024  # the .odp of a deck; far more than any


@dataclass
class Slides:
    """A kit's slides: presentatie.pptx, and presentatie.odp as the previous kit's copy (when
    the .pptx is the same) or from a conversion that runs meanwhile (:func:`start_slides`)."""

    data: bytes
    pages: int
    stamp: datetime
    previous_odp: bytes | None = None  # read by the rule for reading (access.py)
    conversion: Conversion | _Later | None = None
    index: int = 0  # this kit's file in the conversion


def start_slides(kits: list[tuple[Path, object]], *, at_once: bool = True
                 ) -> list[Slides | None]:
    """For each (final folder, Prepared): the .pptx, and one LibreOffice process that
    converts those whose .pptx changed to .odp (one for all kits: one start-up). ``at_once``:
    it starts now and runs while the PDFs render (seconds saved); else when the first kit
    needs its .odp, after the renders (LibreOffice takes about 200 MB beside the workers).
    None for a kit without slides to show (mono only). The caller cancels the conversion on
    failure."""
    slides = [_pptx(final, prep) for final, prep in kits]
    todo = [s for s in slides if s is not None and s.previous_odp is None]
    if todo and soffice() is not None:
        files = [s.data for s in todo]
        templates = [prep.theme.slides_template for _, prep in kits
                     if prep.theme.slides_template]  # named should LibreOffice fail
        conversion = Conversion(files, "odp", templates=templates) if at_once \
            else _Later(files, templates)
        for n, s in enumerate(todo):
            s.conversion, s.index = conversion, n
    return slides


class _Later:
    """A conversion that starts when its result is first asked for."""

    def __init__(self, files: list[bytes], templates: list[Path]) -> None:
        self.files, self.templates, self.conversion = files, templates, None

    def result(self) -> list[bytes]:
        if self.conversion is None:
            self.conversion = Conversion(self.files, "odp", templates=self.templates)
        return self.conversion.result()

    def cancel(self) -> None:
        if self.conversion is not None:
            self.conversion.cancel()


def _pptx(final: Path, prep) -> Slides | None:
    from codio_print.kit.dates import build_time

    profile = next((p for p in prep.profiles if p.name == "screen"), None) or next(
        (p for p in prep.profiles if not p.mono), None)
    index = next((i for i, p in enumerate(prep.pieces) if p.kind.key == "presentatie"), None)
    if profile is None or index is None:  # a mono-only build: shown, not printed in mono
        return None
    slides = read_slides(prep.html(index, profile))
    stamp = build_time(prep.session.date)
    author = " · ".join(x for x in (prep.theme.organisation, "CODIO-PaD workshop") if x)
    data = build_pptx(slides, prep.content.workshop, prep.theme,
                      title=f"Presentatie – {prep.case.organisatie}: {prep.case.titel}",
                      author=author, stamp=stamp, template=prep.theme.slides_package)
    made = Slides(data, len(slides), stamp)
    # The previous kit's files by the rule for reading: inside the kit, never through a link,
    # a regular file of a reasonable size (a shipped link to a private file is no .odp).
    if access.bytes_or_none(final / PPTX, [final], links=False, max_bytes=len(data)) == data:
        made.previous_odp = access.bytes_or_none(final / ODP, [final], links=False,
                                                 max_bytes=PREVIOUS_ODP_MAX)
    return made


def write_slides(work: Path, slides: Slides | None) -> list:
    """presentatie.pptx in the kit folder, and presentatie.odp beside it (the conversion's,
    waited for here; or the previous kit's, when the .pptx is the same)."""
    from codio_print.kit.artifacts import Extra

    if slides is None:
        return []
    (work / PPTX).write_bytes(slides.data)
    extras = [Extra(Path(PPTX), "slides", pages=slides.pages)]
    if slides.previous_odp is not None:
        (work / ODP).write_bytes(slides.previous_odp)
    elif slides.conversion is not None:
        odp = slides.conversion.result()[slides.index]
        (work / ODP).write_bytes(normalise_zip(odp, slides.stamp))
    else:
        return extras
    extras.append(Extra(Path(ODP), "slides", pages=slides.pages))
    return extras
