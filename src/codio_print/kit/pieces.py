"""The pieces of a kit (materials.md) and how many copies of each a session needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from codio_print.inputs.content import Content
from codio_print.inputs.models import Fundament

Size = Literal["A4", "A3", "A2", "A1", "A0", "16:9"]
Audience = Literal["participant", "group", "once"]
# Where a piece is printed unless the organiser says otherwise (printplan.py; the words of
# sessie.yaml's drukwerk.stukken): A4 and A3 on the office printer, posters and card stock at
# the print shop, the slides not at all.
Destination = Literal["kantoor", "drukker", "tegels", "niet"]


@dataclass(frozen=True)
class PieceKind:
    key: str
    title: str
    template: str
    size: Size
    audience: Audience
    variant: Literal["none", "letter", "name"] = "none"
    sides: int = 1
    extra_copies: int = 0  # e.g. the facilitator's own copy of the case
    personal: bool = False  # with a participant list the file holds one copy per person
    destination: Destination = "kantoor"
    names: bool = False  # with a participant list it shows participants' names (and roles)
    landscape: bool = False  # the paper turned: wider than high (Piece.page, Piece.page_mm)
    # The page budget: the pages one copy's design has (a name card: one card), and whether
    # that is exact or at most (a text that may run shorter: the code, the run sheet). None:
    # no budget (the slides: one page per slide, however many the deck has). A render that
    # would break it steps its type down; if even that does not hold, the build fails.
    pages: int | None = 1
    pages_most: bool = False
    room: bool = False  # its pages are mostly empty by design (room to write: the flip-over)


KINDS: tuple[PieceKind, ...] = (
    PieceKind("casus", "Beschrijving van de casus", "casus.html", "A4", "participant",
              extra_copies=1, sides=2, pages=2),
    PieceKind("code", "De code in het kort", "code.html", "A4", "participant", sides=2,
              pages=7, pages_most=True),
    PieceKind("handout-1", "Hand-out 1 · Groepskaart", "handout-1.html", "A4", "group",
              "letter", sides=2, pages=2),
    PieceKind("handout-2", "Hand-out 2 · Werkblad voor jezelf", "handout-2.html", "A4",
              "participant", "letter", sides=2, personal=True, names=True, pages=2),
    PieceKind("handout-3", "Hand-out 3 · Werkblad waarden", "handout-3.html", "A3", "group",
              "letter", landscape=True),
    PieceKind("handout-4", "Hand-out 4 · Werkblad acties", "handout-4.html", "A3", "group",
              "letter", landscape=True),
    PieceKind("handout-5", "Hand-out 5 · Poster actieplan", "handout-5.html", "A0", "once",
              destination="drukker", landscape=True),
    PieceKind("handout-6", "Hand-out 6 · Waarden bij soortgelijke diensten", "handout-6.html", "A4",
              "group", "letter"),
    PieceKind("poster", "Poster principes en waarden", "poster.html", "A2", "group", "name",
              destination="drukker"),
    PieceKind("naamkaartjes", "Naamkaartjes", "naamkaartjes.html", "A4", "once",
              destination="drukker", names=True, landscape=True),
    PieceKind("draaiboek", "Draaiboek voor de begeleider", "draaiboek.html", "A4", "once",
              sides=2, names=True, pages=10, pages_most=True),
    PieceKind("presentatie", "Presentatie", "presentatie.html", "16:9", "once",
              destination="niet", names=True, pages=None),
    PieceKind("flipover", "Flip-over: parkeerplaats en terugkijken", "flipover.html", "A1",
              "once", destination="drukker", pages=2, room=True),
)

# Page sizes in millimetres (width, height), the one declaration of each paper: ISO paper
# upright (a landscape piece turns it: Piece.page_mm), the slides' 16:9 as shown. Every
# template takes its @page size from Python, never from a size of its own: a piece's, the job
# sheet's and the preflight page's from the piece (Piece.page), the office's dividers' from
# their job's paper (printshop/office.py), the tiles' from their plan (printshop/tiles.py).
PAGE_MM: dict[str, tuple[float, float]] = {
    "A4": (210, 297), "A3": (297, 420), "A2": (420, 594), "A1": (594, 841), "A0": (841, 1189),
    "16:9": (338.667, 190.5),
}
ISO_PAPERS = ("A4", "A3", "A2", "A1", "A0")  # the sizes CSS knows by name


@dataclass(frozen=True)
class Budget:
    """The pages a piece's file has by its design: ``pages`` of one copy, ``copies`` of them
    in the file (a personal hand-out: one per person and a spare; the name cards: one per
    card); each copy exactly so many, or at most (``most``: one copy, whose pages may end
    short anywhere but its last)."""

    pages: int
    copies: int = 1
    most: bool = False
    room: bool = False  # a page may be nearly empty: the design leaves room to write

    @property
    def total(self) -> int:
        return self.pages * self.copies

    def holds(self, count: int) -> bool:
        """No more pages than the design has. (Fewer is no spill: a template of a workspace
        or of another codio-print home may well be shorter.)"""
        return count <= self.total

    def last_of_copy(self, page: int) -> bool:
        """Is ``page`` (1-based) the last page of a copy, which may end short? (A budget
        of at most so many pages is one copy: only its last page may.)"""
        return not self.most and page % self.pages == 0


@dataclass(frozen=True)
class Piece:
    id: str
    kind: PieceKind
    fundament: Fundament | None
    copies: int
    size: str = ""  # the paper size; the kind's unless the session chose another (poster)
    budget: Budget | None = None  # the pages its file must have (plan() sets it)

    def __post_init__(self) -> None:
        if not self.size:
            object.__setattr__(self, "size", self.kind.size)

    @property
    def title(self) -> str:
        if self.fundament is None:
            return self.kind.title
        return f"{self.kind.title} – {self.fundament.naam}"

    @property
    def page_mm(self) -> tuple[float, float]:
        """(width, height) in millimetres as printed: the paper, turned for a landscape piece."""
        width, height = PAGE_MM[self.size]
        return (height, width) if self.kind.landscape else (width, height)

    @property
    def page(self) -> str:
        """The size of its CSS ``@page``: the paper's name ("A4", "A3 landscape"), or its
        millimetres for a paper without a name (the slides' 16:9)."""
        if self.size in ISO_PAPERS:
            return f"{self.size} landscape" if self.kind.landscape else self.size
        width, height = self.page_mm
        return f"{width:g}mm {height:g}mm"


def _budget(kind: PieceKind, copies_in_file: int) -> Budget | None:
    if kind.pages is None:
        return None
    return Budget(kind.pages, max(1, copies_in_file), kind.pages_most, kind.room)


def group_sizes(participants: int, groups: int = 3) -> list[int]:
    """Sizes that differ by at most one, largest first: 13 -> [5, 4, 4]."""
    base, rest = divmod(participants, groups)
    return [base + (1 if i < rest else 0) for i in range(groups)]


# The piece whose paper the session chooses (sessie.yaml `poster`, --poster: one of
# options.POSTER_PAPERS). A0 is the default: only A0 holds 18 actions as 76 mm memo notes
# with room to write (issue 13).
SIZED_POSTER = "handout-5"


def plan(content: Content, sizes: list[int], named: bool = False,
         poster: str = "A0") -> list[Piece]:
    """Every piece of the kit, in the order of materials.md, with its copies.

    ``copies`` is how often the file is printed. A personal piece built from a participant
    list already holds every person's copy (and a blank spare), so it is printed once."""
    total = sum(sizes)
    pieces: list[Piece] = []
    for kind in KINDS:
        if kind.variant == "none":
            copies = total + kind.extra_copies if kind.audience == "participant" else 1
            cards = total if kind.key == "naamkaartjes" else 1  # a card per participant
            pieces.append(Piece(kind.key, kind, None, copies,
                                poster if kind.key == SIZED_POSTER else kind.size,
                                _budget(kind, cards)))
            continue
        for fundament, size in zip(content.fundamenten, sizes):
            suffix = fundament.letter if kind.variant == "letter" else fundament.id
            piece_id = f"{kind.key}{suffix}" if kind.variant == "letter" else f"{kind.key}-{suffix}"
            copies = size + kind.extra_copies if kind.audience == "participant" else 1
            in_file = 1
            if kind.personal and named:
                copies, in_file = 1, size + 1  # a copy per person, and a blank spare
            pieces.append(Piece(piece_id, kind, fundament, copies,
                                budget=_budget(kind, in_file)))
    return pieces
