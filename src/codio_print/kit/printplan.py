"""Where each piece is printed, and how many sheets it takes there.

Every piece has a default place (pieces.PieceKind.destination): the office printer (kantoor:
the file in screen/), the print shop (drukker: drukwerk.zip), the office printer as tiles
glued together (tegels: tegels/), or nowhere (niet: the slides go on the beamer). The
organiser changes it per piece in sessie.yaml (``drukwerk.stukken``) or with
``--destination PIECE=WHERE``; a piece is a kind (``handout-3``: all three) or one file
(``handout-3a``). Two rules work on the defaults only, never on what the organiser asked:

- a piece that shows participants' names (pieces.PieceKind.names, with a participant list)
  stays in the office: names and roles do not go to an outside firm unless asked;
- with ``--tile`` the posters the shop would print are tiled for the office instead, and so
  leave the shop's order.

The run sheet's materials list and the job sheet read this plan; the sheets need the pages
of the rendered files, so the build renders the run sheet again once it knows them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from codio_print.i18n import _
from codio_print.inputs.settings import Settings
from codio_print.i18n import _
from codio_print.kit.pieces import Piece

TILEABLE = ("A0", "A1", "A2")
# The pieces that show this plan (the run sheet's materials list), with the sheets counted
# from the other files' pages.
PLANNED = ("draaiboek",)
SHOP_FOLDER = "drukwerk.zip"
TILES_FOLDER = "tegels"
DEFAULT_TILE = "a3"
# The office's files combined per printer setting (printshop/office.py), one print job each.
OFFICE_FOLDER = "kantoor"
# The settings in the order the run sheet and the summary name them; other paper after them.
OFFICE_ORDER = (("A4", 2), ("A4", 1), ("A3", 1))


@dataclass(frozen=True)
class Placement:
    """Where one piece is printed and why: ``default`` (the kit's choice), ``asked`` (the
    organiser's, in sessie.yaml or an option), ``names`` (kept from the shop: it shows
    participants' names), ``tiled`` (--tile) or ``no-shop`` (a build without the print
    profile has no drukwerk.zip: the shop's pieces are printed at the office)."""

    where: str
    why: str = "default"

    @property
    def printed(self) -> bool:
        return self.where != "niet"


def sheets(copies: int, pages: int, sides: int) -> int:
    """Sheets of paper for ``copies`` of a file of ``pages`` pages, printed on ``sides`` sides
    (a file of one page is one-sided whatever the piece)."""
    return copies * math.ceil(pages / (sides if pages > 1 else 1))


@dataclass(frozen=True)
class Row:
    """One line of the materials list: a kind of piece (its a/b/c files together)."""

    pieces: tuple[Piece, ...]
    place: Placement
    files: tuple[str, ...]            # relative to the kit folder, or drukwerk.zip
    pages: tuple[int | None, ...]     # per file; None before the files are rendered
    paper: str                        # the sheets' size: the piece's, or the tiles' paper

    @property
    def kind(self):
        return self.pieces[0].kind

    @property
    def copies(self) -> tuple[int, ...]:
        return tuple(1 if self.place.where == "tegels" else p.copies for p in self.pieces)

    @property
    def sides(self) -> int:
        """2 when the piece is printed on both sides (and has more than one page)."""
        if self.place.where == "tegels" or self.kind.sides != 2:
            return 1
        return 2 if any((n or 0) > 1 for n in self.pages) else 1

    @property
    def sheets(self) -> int | None:
        if any(n is None for n in self.pages):
            return None
        side = 1 if self.place.where == "tegels" else self.kind.sides
        return sum(sheets(c, n, side) for c, n in zip(self.copies, self.pages))

    @property
    def file_text(self) -> str:
        """The files, short: screen/handout-1a.pdf, 1b.pdf, 1c.pdf (drukwerk.zip once)."""
        files = list(dict.fromkeys(self.files))
        folder, _, first = files[0].rpartition("/")
        names = [f.rpartition("/")[2] for f in files]
        common = names[0]
        for name in names[1:]:
            while not name.startswith(common):
                common = common[:-1]
        cut = common.rfind("-") + 1 if len(names) > 1 else 0
        shown = [first, *(name[cut:] for name in names[1:])]
        return (f"{folder}/" if folder else "") + ", ".join(shown)

    @property
    def total_pages(self) -> int | None:
        return None if any(n is None for n in self.pages) else sum(self.pages)


@dataclass(frozen=True)
class PrintPlan:
    places: dict[str, Placement]          # by piece id
    tile: str | None = None               # a3/a4: the paper of tiles, when a piece is tiled
    office: str = "screen"                # the profile folder the office prints from
    pages: dict[str, int] = field(default_factory=dict)  # by output (see page_key)

    def of(self, piece: Piece) -> Placement:
        return self.places.get(piece.id, Placement(piece.kind.destination))

    def to_shop(self, piece: Piece) -> bool:
        return self.of(piece).where == "drukker"

    def tiled(self, piece: Piece) -> bool:
        return self.of(piece).where == "tegels"

    def file(self, piece: Piece) -> str:
        where = self.of(piece).where
        if where == "drukker":
            return SHOP_FOLDER
        if where == "tegels":
            return f"{TILES_FOLDER}/{tiles_name(piece.id, self.tile or DEFAULT_TILE)}"
        return f"{self.office}/{piece.id}.pdf"

    def page_key(self, piece: Piece) -> str:
        """What ``pages`` is keyed by: the piece id, or the tiles file of a tiled piece."""
        return self.file(piece) if self.tiled(piece) else piece.id

    def rows(self, pieces: list[Piece]) -> list[Row]:
        """One row per kind of piece, in kit order; the a/b/c files of a kind share it as
        long as they are printed in the same place."""
        rows: list[Row] = []
        for piece in pieces:
            place = self.of(piece)
            last = rows[-1] if rows else None
            if last and last.kind.key == piece.kind.key and last.place.where == place.where:
                rows[-1] = replace(last, pieces=(*last.pieces, piece),
                                   files=(*last.files, self.file(piece)),
                                   pages=(*last.pages, self.pages.get(self.page_key(piece))))
                continue
            paper = (self.tile or DEFAULT_TILE).upper() if place.where == "tegels" else piece.size
            rows.append(Row((piece,), place, (self.file(piece),),
                            (self.pages.get(self.page_key(piece)),), paper))
        return rows

    def with_pages(self, pages: dict[str, int]) -> PrintPlan:
        return replace(self, pages=dict(pages))

    def office_jobs(self, pieces: list[Piece]) -> list[OfficeJob]:
        """What the office prints, as one job per printer setting (paper and sides): the
        pieces printed at the office and the tiles, in kit order, with their copies."""
        jobs: dict[tuple[str, int], list[OfficePart]] = {}
        for piece in pieces:
            where = self.of(piece).where
            if where not in ("kantoor", "tegels"):
                continue
            tiles = where == "tegels"
            pages = self.pages.get(self.page_key(piece))
            paper = (self.tile or DEFAULT_TILE).upper() if tiles else piece.size
            sides = 2 if not tiles and piece.kind.sides == 2 and (pages or 0) > 1 else 1
            jobs.setdefault((paper, sides), []).append(
                OfficePart(piece, self.file(piece), pages, 1 if tiles else piece.copies, tiles))
        order = {setting: i for i, setting in enumerate(OFFICE_ORDER)}
        return [OfficeJob(paper, sides, tuple(parts)) for (paper, sides), parts in
                sorted(jobs.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))]


@dataclass(frozen=True)
class OfficePart:
    """One piece (or one poster's tiles) in an office job."""

    piece: Piece
    file: str           # relative to the kit folder: screen/casus.pdf, tegels/handout-5-a3.pdf
    pages: int | None   # None before the files are rendered
    copies: int
    tiles: bool = False


@dataclass(frozen=True)
class OfficeJob:
    """The office's pieces printed with one setting, combined into one file: before each
    piece a divider page (two pages when two-sided, so the piece starts on a new sheet), then
    its copies, each padded to an even number of pages when two-sided."""

    paper: str
    sides: int
    parts: tuple[OfficePart, ...]

    @property
    def name(self) -> str:
        """a4-dubbelzijdig.pdf, a4-enkelzijdig.pdf, a3-enkelzijdig.pdf"""
        paper = "".join(c if c.isalnum() else "x" for c in self.paper.lower())
        return f"{paper}-{'dubbelzijdig' if self.sides == 2 else 'enkelzijdig'}.pdf"

    @property
    def file(self) -> str:
        return f"{OFFICE_FOLDER}/{self.name}"

    def padded(self, pages: int) -> int:
        """The pages one copy of a file of ``pages`` takes in this job."""
        return pages + pages % 2 if self.sides == 2 else pages

    @property
    def divider_pages(self) -> int:
        return self.sides

    @property
    def pages(self) -> int | None:
        """The pages of the combined file: dividers, copies and padding."""
        if any(p.pages is None for p in self.parts):
            return None
        return sum(self.divider_pages + p.copies * self.padded(p.pages) for p in self.parts)

    @property
    def sheets(self) -> int | None:
        pages = self.pages
        return None if pages is None else math.ceil(pages / self.sides)


def pages_of(pieces: Iterable[tuple[str, int]], extras) -> dict[str, int]:
    """What PrintPlan.pages holds: the pages of a kit's pieces ((id, pages of its main file))
    and of its tiles files (artifacts.Extra or manifest.ExtraEntry), by their path."""
    pages = dict(pieces)
    pages.update({Path(e.file).as_posix(): e.pages for e in extras if e.kind == "tiles"})
    return pages


def tiles_name(piece_id: str, paper: str) -> str:
    """The file of a piece's tiles in tegels/: handout-5-a3.pdf."""
    return f"{piece_id}-{paper}.pdf"


def plan_printing(settings: Settings, pieces: list[Piece], named: bool, *,
                  office: str = "screen", pages: dict[str, int] | None = None,
                  shop: bool = True) -> PrintPlan:
    """Where every piece of the kit is printed (see the module's text). A piece in
    ``settings.destinations`` that the kit does not have, or tiles of a piece that is not a
    poster, are one line naming where they were asked for."""
    asked = settings.destinations
    known = {p.kind.key for p in pieces} | {p.id for p in pieces}
    kinds = list(dict.fromkeys(p.kind.key for p in pieces))
    for key, where in asked.items():
        if key not in known:
            raise settings.problem(f"destinations.{key}",
                                   _("'{piece}' is not a piece of the kit").format(piece=key),
                                   fix=_("use one of: {pieces} (or one file of them, e.g. "
                                         "handout-3a)").format(pieces=", ".join(kinds)))
        sizes = {p.size for p in pieces if key in (p.id, p.kind.key)}
        if where == "tegels" and not sizes <= set(TILEABLE):
            raise settings.problem(f"destinations.{key}",
                                   _("'{piece}' cannot be tiled: only the posters are "
                                     "({sizes})").format(piece=key, sizes=", ".join(TILEABLE)),
                                   fix=_("print it at the office (kantoor) or at the print "
                                         "shop (drukker)"))
    return default_printing(pieces, named, asked=asked, tile=settings.tile, office=office,
                            pages=pages, shop=shop)


def default_printing(pieces: list[Piece], named: bool, *, asked: dict[str, str] | None = None,
                     tile: str | None = None, office: str = "screen",
                     pages: dict[str, int] | None = None, shop: bool = True) -> PrintPlan:
    """The plan from the kit's defaults and what was ``asked`` (checked by plan_printing);
    without ``shop`` (no print profile, so no drukwerk.zip) nothing goes to the shop."""
    asked = asked or {}
    places = {}
    for piece in pieces:
        key = piece.id if piece.id in asked else piece.kind.key
        where = piece.kind.destination
        if key in asked:
            places[piece.id] = Placement(asked[key], "asked")
        elif where == "drukker" and named and piece.kind.names:
            places[piece.id] = Placement("kantoor", "names")
        elif where == "drukker" and tile and piece.size in TILEABLE:
            places[piece.id] = Placement("tegels", "tiled")
        else:
            places[piece.id] = Placement(where)
        if not shop and places[piece.id].where == "drukker":
            places[piece.id] = Placement("kantoor", "no-shop")
    tiled = any(p.where == "tegels" for p in places.values())
    return PrintPlan(places, tile or (DEFAULT_TILE if tiled else None), office,
                     dict(pages or {}))
