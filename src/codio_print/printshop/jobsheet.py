"""The print shop's job sheet: per file its finished size, paper, copies, sides, colour, bleed and
finishing, as a PDF (printopdracht.pdf) and as a spreadsheet (printopdracht.csv)."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from codio_print.printshop.csvcells import safe_row
from codio_print.kit.pieces import Piece, PieceKind
from codio_print.kit.artifacts import PieceResult

PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Production:
    """How the shop makes one kind of piece (Dutch, for the job sheet)."""

    paper: str
    finishing: str


PRODUCTION: dict[str, Production] = {
    "casus": Production("100 g/m² ongestreken", "geen"),
    "code": Production("100 g/m² ongestreken", "nieten linksboven"),
    "handout-1": Production("100 g/m² ongestreken", "geen"),
    "handout-2": Production("100 g/m² ongestreken", "geen"),
    "handout-3": Production("120 g/m² ongestreken", "geen"),
    "handout-4": Production("120 g/m² ongestreken", "geen"),
    "handout-5": Production("posterpapier 170 g/m² mat, beschrijfbaar",
                            "op eindformaat snijden"),
    "handout-6": Production("100 g/m² ongestreken", "geen"),
    "poster": Production("posterpapier 170 g/m² mat", "op eindformaat snijden"),
    "naamkaartjes": Production("karton 250 g/m² mat",
                               "op eindformaat snijden, rillen en vouwen over de lange "
                               "middellijn (105 mm van de rand)"),
    "draaiboek": Production("90 g/m² ongestreken", "nieten linksboven"),
    "presentatie": Production("120 g/m² mat, op SRA3",
                              "op eindformaat snijden; losse vellen op volgorde"),
    "flipover": Production("posterpapier 90 g/m² of flip-overpapier",
                           "op eindformaat snijden"),
}

# The job sheet is itself rendered through base.html like a piece.
JOB_SHEET = Piece("printopdracht", PieceKind("printopdracht", "Printopdracht",
                                               "printopdracht.html", "A4", "once"), None, 1)


@dataclass(frozen=True)
class Order:
    organisation: str
    contact: str
    deliver_by: date | None
    icc_name: str


@dataclass(frozen=True)
class JobRow:
    file: str            # name inside drukwerk.zip
    title: str
    width_mm: float
    height_mm: float
    size: str            # A4, A1, 16:9
    pages: int
    copies: int
    sides: int           # 1 or 2
    bleed_pages: tuple[int, ...]
    paper: str
    finishing: str

    @property
    def finished(self) -> str:
        return f"{_mm(self.width_mm)} × {_mm(self.height_mm)} mm"

    @property
    def orientation(self) -> str:
        return "liggend" if self.width_mm > self.height_mm else "staand"

    @property
    def printing(self) -> str:
        """Print-shop shorthand: 4/4 is full colour on both sides, 4/0 on one."""
        return "4/4 dubbelzijdig" if self.sides == 2 else "4/0 enkelzijdig"

    @property
    def sheets(self) -> int:
        return self.copies * math.ceil(self.pages / self.sides)

    @property
    def bleed(self) -> str:
        if not self.bleed_pages:
            return "geen"
        if len(self.bleed_pages) == self.pages:
            return "3 mm rondom"
        return "3 mm rondom op p. " + ", ".join(str(p) for p in self.bleed_pages)


def job_rows(results: list[PieceResult], kit_dir: Path) -> list[JobRow]:
    """One row per print file, measured from the PDF itself."""
    rows = []
    for r in results:
        out = r.outputs["print"]
        reader = PdfReader(kit_dir / out.file)
        trim = reader.pages[0].trimbox
        bleed_pages = tuple(i for i, page in enumerate(reader.pages, 1)
                            if float(page.bleedbox.width) > float(page.trimbox.width) + 1)
        production = PRODUCTION[r.piece.kind.key]
        rows.append(JobRow(
            file=out.file.name, title=r.piece.title,
            width_mm=float(trim.width) / PT_PER_MM, height_mm=float(trim.height) / PT_PER_MM,
            size=r.piece.size, pages=out.pages, copies=r.piece.copies,
            sides=2 if r.piece.kind.sides == 2 and out.pages > 1 else 1,
            bleed_pages=bleed_pages, paper=production.paper, finishing=production.finishing))
    return rows


CSV_HEADER = ("bestand", "stuk", "eindformaat", "formaat", "richting", "pagina's", "oplage",
              "druk", "vellen", "papier", "afloop", "afwerking")


def job_csv(rows: list[JobRow], order: Order) -> bytes:
    """Semicolons and a UTF-8 BOM, so Dutch Excel opens it as a table."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(safe_row((row.file, row.title, row.finished, row.size, row.orientation,
                                  row.pages, row.copies, row.printing, row.sheets, row.paper,
                                  row.bleed, row.finishing)))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _mm(value: float) -> str:
    """210 → '210'; 338.667 → '338,7' (Dutch decimal comma)."""
    rounded = round(value, 1)
    return f"{rounded:g}".replace(".", ",") if rounded != int(rounded) else str(int(rounded))
