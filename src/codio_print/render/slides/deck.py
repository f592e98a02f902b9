"""The deck as a .pptx, with python-pptx: drawn in the organisation's look (render/slides/draw.py),
or in the layouts of the PowerPoint template huisstijl.yaml names."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from codio_print.errors import ContentError
from codio_print.i18n import _
from codio_print.inputs.fonts import faces_of, installed, name_of
from codio_print.inputs.models import Workshop
from codio_print.inputs.pptx_template import SlidesTemplate
from codio_print.inputs.theme import Theme
from codio_print.render.colour import palette
from codio_print.render.slides.embed import FALLBACK, Embeddable, embed, embeddable, theme_fonts
from codio_print.render.slides.draw import SLIDE_EMU, Look, add_runs, autofit, draw_slide
from codio_print.render.slides.measure import Measure
from codio_print.render.slides.notes import notes
from codio_print.render.slides.read import Block, Run, Slide
from codio_print.render.slides.reproducible import normalise_zip


def look_of(theme: Theme) -> Look:
    body, heading = fonts_of(theme)
    return Look(palette(theme.colours), body.name if body.regular else FALLBACK,
                heading.name if heading.regular else FALLBACK, logo_png(theme),
                logo_svg(theme), _measure(theme.body[0]), _measure(theme.heading[0]))


def _files(entry) -> tuple:
    faces = {(f.weight, f.style): f.path for f in faces_of(entry)}
    regular = faces.get(("400", "normal"))
    return regular, faces.get(("700", "normal"), regular)


def _measure(entry) -> Measure:
    """Text widths in the family's own regular and bold files."""
    return Measure(*_files(entry))


def fonts_of(theme: Theme) -> tuple[Embeddable, Embeddable]:
    """The body's and the headings' family, by their own names, embeddable or not."""
    body = embeddable(*_files(theme.body[0]), name_of(theme.body[0]))
    if name_of(theme.heading[0]) == name_of(theme.body[0]):
        return body, body
    return body, embeddable(*_files(theme.heading[0]), name_of(theme.heading[0]))


def _own_fonts(slides: list[Slide]) -> list[Embeddable]:
    """The families of the names set in a font of their own (a script the body lacks)."""
    def runs(blocks):
        for b in blocks:
            yield from b.runs
            for row in b.cells:
                for cell in row:
                    yield from cell
            for col in b.columns:
                yield from runs(col.blocks)

    names = sorted({r.font for s in slides for r in runs(s.blocks) if r.font})
    return [embeddable(*_files(name), name) for name in names if name in installed()]


def font_note(theme: Theme) -> str | None:
    """What the build says when a font of the deck cannot travel in presentatie.pptx."""
    missing = [f for f in dict.fromkeys(fonts_of(theme)) if f.regular is None]
    if not missing:
        return None
    return _("presentatie.pptx: the font {font} cannot be embedded ({why}); the slides use "
             "{fallback}, which every Windows and macOS computer has, so their lines may "
             "break elsewhere than in presentatie.pdf").format(
        font=", ".join(f.name for f in missing), why=", ".join(f.why for f in missing),
        fallback=FALLBACK)


def logo_svg(theme: Theme) -> bytes | None:
    """An SVG logo as it is, for PowerPoint to draw sharp at any size."""
    if theme.logo and theme.logo.path.suffix.lower() == ".svg":
        return theme.logo.path.read_bytes()
    return None


def logo_png(theme: Theme) -> bytes | None:
    """The logo as a PNG (beside the SVG, for readers without SVG): a PNG as it is, an SVG
    drawn by WeasyPrint and rasterised by pdfium at 600 px high (it was rasterised from the
    whole page's height, and so came out about 40 px high)."""
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
    scale = 600 / (20 / 25.4 * 72)  # the logo, 20 mm high on the page, at 600 px
    image = page.render(scale=scale).to_pil()
    # crop the empty page around the logo
    bbox = image.convert("L").point(lambda v: 255 if v < 250 else 0).getbbox()
    if bbox:
        image = image.crop(bbox)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()


def build_pptx(slides: list[Slide], workshop: Workshop, theme: Theme, *, title: str,
               author: str, stamp: datetime, template: SlidesTemplate | None = None) -> bytes:
    """The deck as .pptx bytes, reproducible for the same input. A template is the one
    huisstijl.yaml names, checked and cleaned (inputs/pptx_template.py): python-pptx never
    opens the file itself."""
    from pptx import Presentation
    from pptx.oxml.ns import qn
    from pptx.util import Emu

    look = look_of(theme)
    if template is not None:
        prs = _open(template)
        _drop_slides(prs)
        title_layout, content_layout = _layouts(prs, template.path)
    else:
        prs = Presentation()
        prs.slide_width, prs.slide_height = Emu(SLIDE_EMU[0]), Emu(SLIDE_EMU[1])
        prs.part._element.find(qn("p:sldSz")).attrib.pop("type", None)  # noqa: SLF001 (not 4:3)
        # "Title Only": each slide's title in its title placeholder (outline, accessibility)
        title_layout = content_layout = prs.slide_layouts[5]
        embed(prs, [f for f in dict.fromkeys((*fonts_of(theme), *_own_fonts(slides)))
                    if f.regular])
        theme_fonts(prs, look.heading_font, look.body_font)
    for s in slides:
        if template is not None:
            slide = prs.slides.add_slide(title_layout if s.cover else content_layout)
            _fill_layout(slide, s)
        else:
            slide = prs.slides.add_slide(content_layout)
            draw_slide(slide, s, look)
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
        add_runs(p, runs)
    autofit(tf)


def _lines_of(b: Block) -> list[tuple[list[Run], int]]:
    if b.kind in ("table", "matrix"):
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
