"""Posters as tiles for an office printer: A1/A2 cut into A3 or A4 sheets that overlap, with
a building plan, cut lines, glue strips and a code per sheet (A1, A2, B1, ...).

The marks are a small HTML page per tile (templates/tegels.html) rendered by WeasyPrint; the
poster is laid under each with pypdf, clipped to the part that sheet shows."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject, RectangleObject, TextStringObject

from codio_print import paths
from codio_print.kit.pieces import PAGE_MM
from codio_print.inputs.settings import Settings
from codio_print.render.context import Prepared, context
from codio_print.kit.artifacts import Extra, PieceResult
from codio_print.kit.profiles import PROFILES, SCREEN
from codio_print.render.templating import render

PT_PER_MM = 72 / 25.4
PAPERS = {"a3": "A3", "a4": "A4"}
MARGIN_MM = 12.0   # white edge an office printer leaves, and room for the marks
OVERLAP_MM = 10.0  # the glue strip: this much of the poster is on both neighbouring sheets
LABEL_MM = 14.0    # below the poster's part: the sheet's code and glue labels, cut off last
PLAN_TEXT_MM = 85.0  # the building plan's heading and instructions; the miniature goes below


@dataclass(frozen=True)
class Tile:
    row: int
    col: int
    x_mm: float   # the part of the poster on this sheet, from the poster's top left
    y_mm: float
    w_mm: float
    h_mm: float
    last_col: bool
    last_row: bool

    @property
    def code(self) -> str:
        return f"{chr(ord('A') + self.row)}{self.col + 1}"


@dataclass(frozen=True)
class Layout:
    paper: str
    page_w: float
    page_h: float
    poster_w: float
    poster_h: float
    cols: int
    rows: int
    tiles: tuple[Tile, ...]
    scale: float  # of the miniature on the building plan
    margin: float = MARGIN_MM
    overlap: float = OVERLAP_MM

    @property
    def window_w(self) -> float:
        return self.page_w - 2 * self.margin

    @property
    def window_h(self) -> float:
        return self.page_h - 2 * self.margin

    @property
    def mini_w(self) -> float:  # the poster's miniature on the building plan
        return self.poster_w * self.scale

    @property
    def mini_h(self) -> float:
        return self.poster_h * self.scale

    @property
    def mini_x(self) -> float:
        return (self.page_w - self.mini_w) / 2

    @property
    def mini_top(self) -> float:  # from the top of the sheet, below the instructions
        return self.margin + PLAN_TEXT_MM

    @property
    def mini_bottom(self) -> float:  # from the bottom of the sheet
        return self.page_h - self.mini_top - self.mini_h

    def code_at(self, row: int, col: int) -> str | None:
        if 0 <= row < self.rows and 0 <= col < self.cols:
            return f"{chr(ord('A') + row)}{col + 1}"
        return None


def layout(poster_w: float, poster_h: float, paper: str) -> Layout:
    """The fewest sheets, portrait or landscape; ties go to portrait."""
    short, long_ = sorted(PAGE_MM[paper])
    best = None
    for page_w, page_h in ((short, long_), (long_, short)):
        candidate = _grid(poster_w, poster_h, paper, page_w, page_h)
        if best is None or len(candidate.tiles) < len(best.tiles):
            best = candidate
    return best


def _grid(poster_w: float, poster_h: float, paper: str, page_w: float, page_h: float) -> Layout:
    window_w, window_h = page_w - 2 * MARGIN_MM, page_h - 2 * MARGIN_MM - LABEL_MM
    step_x, step_y = window_w - OVERLAP_MM, window_h - OVERLAP_MM
    cols = max(1, math.ceil((poster_w - OVERLAP_MM) / step_x))
    rows = max(1, math.ceil((poster_h - OVERLAP_MM) / step_y))
    # Every sheet shows an equal share of the poster (no last sheet with a sliver): the
    # window is the poster's width plus the glue strips, divided by the number of sheets.
    each_w = (poster_w + (cols - 1) * OVERLAP_MM) / cols
    each_h = (poster_h + (rows - 1) * OVERLAP_MM) / rows
    tiles = []
    for r in range(rows):
        for c in range(cols):
            x, y = c * (each_w - OVERLAP_MM), r * (each_h - OVERLAP_MM)
            tiles.append(Tile(r, c, x, y, each_w, each_h, c == cols - 1, r == rows - 1))
    room_w, room_h = window_w, window_h - PLAN_TEXT_MM
    scale = min(room_w / poster_w, room_h / poster_h)
    return Layout(paper, page_w, page_h, poster_w, poster_h, cols, rows, tuple(tiles), scale)


def write_tiles(work: Path, results: list[PieceResult], settings: Settings,
                prep: Prepared) -> list[Extra]:
    """tegels/<id>-a3.pdf for every poster printed as tiles (printplan.py), from the PDF the
    office prints (screen, or mono for a black-and-white printer; else the print PDF), its
    marks drawn in that profile."""
    paper_choice = prep.printing.tile
    content, session, case, env, theme = (prep.content, prep.session, prep.case, prep.env,
                                          prep.theme)
    allowed = [settings.workspace] if settings.workspace else []
    paper = PAPERS[paper_choice]
    base = None
    extras = []
    for r in results:
        if not prep.printing.tiled(r.piece):
            continue
        office = next(name for name in ("screen", "mono", "print") if name in r.outputs)
        source = r.outputs[office]
        if base is None:
            base = context(content, session, case, [], theme, PROFILES.get(office, SCREEN))
        data = tile_poster((work / source.file).read_bytes(), r.piece, paper_choice, env, base,
                           allowed)
        relative = Path(prep.printing.file(r.piece))
        (work / "tegels").mkdir(exist_ok=True)
        (work / relative).write_bytes(data)
        extras.append(Extra(relative, "tiles", piece=r.piece.id, paper=paper,
                            pages=len(PdfReader(io.BytesIO(data)).pages)))
    return extras


def tile_poster(poster_pdf: bytes, piece, paper_choice: str, env, base: dict,
                allowed: list[Path]) -> bytes:
    """One poster (every page of it) as tiles of ``paper_choice`` (a3, a4) with their marks;
    ``base``: the template context (context.context) the marks are drawn with."""
    from codio_print.render.pdf import render_pdf

    paper = PAPERS[paper_choice]
    reader = PdfReader(io.BytesIO(poster_pdf))
    trim = reader.pages[0].trimbox
    plan = layout(float(trim.width) / PT_PER_MM, float(trim.height) / PT_PER_MM, paper)
    html = render(env, "tegels.html", {**base, "piece": piece, "fundament": piece.fundament,
                                        "plan": plan, "pages": len(reader.pages)})
    marks = render_pdf(html, paths.TEMPLATES.as_uri() + "/", name=f"{piece.id} (tegels)",
                       allowed=allowed or [])
    return impose(marks.pdf, reader, plan, title=f"{piece.title} – tegels {paper}",
                  created=base["session"].stamp)


def impose(marks_pdf: bytes, poster_reader: PdfReader, plan: Layout, *, title: str,
           created: str) -> bytes:
    """Lay the poster under the marks: per poster page a building plan and one sheet per tile."""
    marks = PdfReader(io.BytesIO(marks_pdf))
    per_poster = 1 + len(plan.tiles)
    writer = PdfWriter()
    for p, poster in enumerate(poster_reader.pages):
        trim = poster.trimbox
        left, bottom = float(trim.left), float(trim.bottom)
        for t, sheet in enumerate(marks.pages[p * per_poster:(p + 1) * per_poster]):
            page = writer.add_page(sheet)
            poster.cropbox = RectangleObject(trim)  # merging clips to the source's cropbox
            if t == 0:  # the building plan: the whole poster, small
                ctm = (Transformation().translate(-left, -bottom).scale(plan.scale)
                       .translate(plan.mini_x * PT_PER_MM, plan.mini_bottom * PT_PER_MM))
            else:
                tile = plan.tiles[t - 1]
                x0 = left + tile.x_mm * PT_PER_MM
                top = float(trim.top) - tile.y_mm * PT_PER_MM
                poster.cropbox = RectangleObject((x0, top - tile.h_mm * PT_PER_MM,
                                                  x0 + tile.w_mm * PT_PER_MM, top))
                # The window's top left on the sheet is (margin, page_h - margin).
                ctm = Transformation().translate(plan.margin * PT_PER_MM - x0,
                                                 (plan.page_h - plan.margin) * PT_PER_MM - top)
            page.merge_transformed_page(poster, ctm, over=False)
            page.compress_content_streams()
        poster.cropbox = RectangleObject(trim)
    writer.add_metadata({"/Title": title, "/Creator": "codio-print", "/Producer": "codio-print",
                         "/CreationDate": _pdf_date(created), "/ModDate": _pdf_date(created)})
    writer._root_object[NameObject("/Lang")] = TextStringObject("nl")
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_date(iso: str) -> str:
    """2026-01-01T00:00:00Z → D:20260101000000Z."""
    return "D:" + iso.replace("-", "").replace(":", "").replace("T", "").rstrip("Z") + "Z"
