"""The print shop's job sheet: per file its finished size, paper, copies, sides, colour, bleed and
finishing, as a PDF (printopdracht.pdf), as a spreadsheet (printopdracht.csv) and as data
(printopdracht.json, which ``codio-print check`` reads); who orders, how to reach them, where
and when to deliver, and what was left out of the order and why."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, make_dataclass
from pathlib import Path
from typing import Any

from codio_print.inputs.options import ORDER
from codio_print.inputs.settings import Settings
from codio_print.printshop.csvcells import excel_csv
from codio_print.kit.pieces import Budget, Piece, PieceKind
from codio_print.kit.artifacts import PieceResult
from codio_print.kit.printplan import sheets
from codio_print.i18n import _

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
                                               "printopdracht.html", "A4", "once",
                                               landscape=True), None, 1)
# The job sheet's page (N24): it steps down to keep it (printshop/bundle.py).
JOB_SHEET_PAGES = Budget(1)


# The order's details the job sheet can lack (the organisation it never lacks: the case's
# unless given), each a setting (inputs/options.py ORDER): Contact's fields.
CONTACT = tuple(o for o in ORDER if o.order)


class _Contact:
    """Who the shop calls, and where and when it delivers (sessie.yaml drukwerk:, options):
    a field for each setting in CONTACT, named as the setting, in the table's order."""

    @classmethod
    def of(cls, settings: Settings) -> Contact:
        return cls(**{o.name: getattr(settings, o.name) for o in CONTACT})

    @property
    def missing(self) -> list[tuple[str, str, str]]:
        """(what, option, sessie.yaml key) of every detail not given; what in the reader's
        language."""
        return [(_(o.order), o.flag, o.sessie_field) for o in CONTACT
                if not getattr(self, o.name)]

    def missing_note(self, *, workspace: bool) -> str | None:
        """One line naming what the job sheet lacks (before the zip is made)."""
        missing = self.missing
        if not missing:
            return None
        whats = ", ".join(what for what, _option, _key in missing)
        options = ", ".join(option for _what, option, _key in missing)
        keys = ", ".join(key for _what, _option, key in missing)
        if workspace:
            return _("note: the print shop's job sheet has no {details} — give {options} or "
                     "fill in 'drukwerk:' in sessie.yaml ({keys}), or the shop will have to "
                     "call").format(details=whats, options=options, keys=keys)
        return _("note: the print shop's job sheet has no {details} — give {options}, or the "
                 "shop will have to call").format(details=whats, options=options)


Contact = make_dataclass("Contact", [(o.name, o.type, field(default=o.default))
                                     for o in CONTACT],
                         bases=(_Contact,), frozen=True)
Contact.__module__, Contact.__doc__ = __name__, _Contact.__doc__


@dataclass(frozen=True)
class LeftOut:
    """A piece of the kit that is not in the shop's order, and why (printplan.Placement)."""

    title: str
    where: str  # kantoor, tegels, niet
    why: str    # default, asked, names, tiled
    names: bool = False  # it shows participants' names (a kit with a participant list)

    @property
    def reason(self) -> str:
        """What the job sheet says: names (kept in the organisation: sent to the office
        because of them, or printed there anyway), tiles, office, none."""
        if self.why == "names" or (self.names and self.where == "kantoor"):
            return "names"
        return {"tegels": "tiles", "niet": "none"}.get(self.where, "office")


@dataclass(frozen=True)
class Order:
    organisation: str
    contact: Contact
    icc_name: str
    preset: str = ""          # the printing condition, e.g. "FOGRA39 (ISO Coated v2 (ECI))"
    paper: str = ""           # the paper the preset is for
    max_ink: int = 300        # total ink, percent
    bleed_mm: float = 3.0
    left_out: tuple[LeftOut, ...] = ()
    shop_note: str = ""       # for the print shop: pack per set, call on arrival

    def detail(self, option) -> Any:
        """The order's value of a setting in ORDER: the contact's, or the order's own (the
        organisation, the case's unless given)."""
        return getattr(self.contact if option in CONTACT else self, option.name)


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
    bleed_mm: float = 3.0
    sha256: str = ""
    budget: tuple[int, bool] | None = None  # the pages its design has (kit/pieces.Budget)

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
        return sheets(self.copies, self.pages, self.sides)

    @property
    def bleed(self) -> str:
        if not self.bleed_pages:
            return "geen"
        around = f"{_mm(self.bleed_mm)} mm rondom"
        if len(self.bleed_pages) == self.pages:
            return around
        return f"{around} op p. " + ", ".join(str(p) for p in self.bleed_pages)


def job_rows(results: list[PieceResult], kit_dir: Path) -> list[JobRow]:
    """One row per print file, measured from the PDF itself."""
    from pypdf import PdfReader

    rows = []
    for r in results:
        out = r.outputs["print"]
        reader = PdfReader(kit_dir / out.file)
        trim = reader.pages[0].trimbox
        bleed_pages = tuple(i for i, page in enumerate(reader.pages, 1)
                            if float(page.bleedbox.width) > float(page.trimbox.width) + 1)
        bleed_mm = 0.0
        if bleed_pages:
            page = reader.pages[bleed_pages[0] - 1]
            bleed_mm = round((float(page.bleedbox.width) - float(page.trimbox.width)) / 2
                             / PT_PER_MM, 1)
        production = PRODUCTION[r.piece.kind.key]
        rows.append(JobRow(
            file=out.file.name, title=r.piece.title,
            width_mm=float(trim.width) / PT_PER_MM, height_mm=float(trim.height) / PT_PER_MM,
            size=r.piece.size, pages=out.pages, copies=r.piece.copies,
            sides=2 if r.piece.kind.sides == 2 and out.pages > 1 else 1,
            bleed_pages=bleed_pages, paper=production.paper, finishing=production.finishing,
            bleed_mm=bleed_mm, sha256=out.sha256,
            budget=(r.piece.budget.total, r.piece.budget.most) if r.piece.budget else None))
    return rows


CSV_HEADER = ("bestand", "stuk", "eindformaat", "formaat", "richting", "pagina's", "oplage",
              "druk", "vellen", "papier", "afloop", "afwerking")


def job_csv(rows: list[JobRow], order: Order) -> bytes:
    """Semicolons and a UTF-8 BOM, so Dutch Excel opens it as a table."""
    return excel_csv([CSV_HEADER, *((row.file, row.title, row.finished, row.size,
                                     row.orientation, row.pages, row.copies, row.printing,
                                     row.sheets, row.paper, row.bleed, row.finishing)
                                    for row in rows)]).encode("utf-8")


JSON_FORMAT = "codio-print-printopdracht-1"


def job_json(rows: list[JobRow], order: Order) -> bytes:
    """What ``codio-print check`` reads of an unpacked or zipped bundle: every file with its
    size, pages and SHA-256, and the preset the files were made for."""
    data = {
        "format": JSON_FORMAT,
        "order": {o.name: o.plain(order.detail(o)) for o in ORDER},
        "preset": {"name": order.preset, "icc": order.icc_name, "max_ink": order.max_ink,
                   "bleed_mm": order.bleed_mm},
        "files": [{"file": r.file, "title": r.title, "size": r.size, "pages": r.pages,
                   "copies": r.copies, "sides": r.sides, "sheets": r.sheets,
                   "sha256": r.sha256,
                   **({"budget": {"pages": r.budget[0], "most": r.budget[1]}}
                      if r.budget else {})} for r in rows],
        "left_out": [{"title": x.title, "where": x.where, "why": x.why, "reason": x.reason}
                     for x in order.left_out],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _mm(value: float) -> str:
    """210 → '210'; 338.667 → '338,7' (Dutch decimal comma)."""
    rounded = round(value, 1)
    return f"{rounded:g}".replace(".", ",") if rounded != int(rounded) else str(int(rounded))
