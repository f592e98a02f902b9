"""What a participant list is once read: the people, the columns and what each was used for,
and the small text helpers every part of the reading shares (participants.py reads,
columns.py chooses the columns, division/ divides)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from codio_print.inputs.controls import without_controls

MIN_PARTICIPANTS = 3
# The workshop is for a team: made for 9–15, at most a few dozen. Far above that the kit
# only grows (a page per person, a name card each) until the build takes minutes or hangs.
MAX_PARTICIPANTS = 200
WARN_ABOVE = 30
# 200 people take a few kB, even with many columns; a larger file is not a participant list.
MAX_FILE_MB = 5

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Participant:
    name: str
    role: str          # "" when unknown
    organisation: str  # "" when unknown
    group: str | None  # fundament id fixed in the file, or None
    row: int           # 1-based line in the file (header = 1); ordinal for anonymous lists
    # The cells of the columns that spread people (ParticipantList.extra_headers); nothing
    # else of the row is kept, so an ignored column (remarks, e-mail) reaches no output.
    extra: tuple[str, ...] = ()


@dataclass(frozen=True)
class ColumnUse:
    """One column of the list's header and what it was used for."""

    header: str    # as written in the file
    use: str       # "name", "role", "group", "spread" or "ignored"
    why: str = ""  # why it was taken (of several candidates) or ignored ("empty", ...)


@dataclass(frozen=True)
class Twice:
    """A name on two lines of the list (allowed: two people may share a name)."""

    name: str
    first: int
    again: int


@dataclass(frozen=True)
class ParticipantList:
    participants: list[Participant]
    warnings: list[str]   # one-line messages "file:row: ..." for > 30, mixed encodings
    source: Path | None
    columns: tuple[ColumnUse, ...] = ()
    extra_headers: tuple[str, ...] = ()  # the headers of Participant.extra
    spread: tuple[int, ...] = ()         # indexes in Participant.extra that spread people
    twice: tuple[Twice, ...] = ()
    skipped: tuple[tuple[int, str], ...] = ()  # (line, why) of rows read past
    sheet: str | None = None             # the workbook's sheet read, for an .xlsx list

    def __len__(self) -> int:
        return len(self.participants)

    @property
    def named(self) -> bool:
        """True when the list came from a file (the participants have names)."""
        return self.source is not None

    def spread_values(self, p: Participant) -> tuple[str, ...]:
        """What a person is spread by besides the role: their organisation and the cells of
        the spread columns that are filled in, each a comparison key tagged with its column."""
        values = [f"organisatie\0{key(p.organisation)}"] if p.organisation else []
        values += [f"{i}\0{key(p.extra[i])}" for i in self.spread
                   if i < len(p.extra) and p.extra[i]]
        return tuple(values)


@dataclass(frozen=True)
class Group:
    fundament: str                  # fundament id
    members: list[Participant]      # empty names when anonymous
    size: int


def clean(text: str) -> str:
    """NFC, outer whitespace stripped, inner runs of whitespace (incl. NBSP) as one space,
    without control characters (controls.py)."""
    return _WS.sub(" ", without_controls(unicodedata.normalize("NFC", text))).strip()


def key(text: str) -> str:
    """Comparison key: cleaned and case-folded."""
    return clean(text).casefold()


def header_key(text: str) -> str:
    """A header as compared: "Naam (voor het naamkaartje)", "first_name", "Naam*",
    "Wat is uw naam?" lose their marks."""
    text = text.replace("\ufeff", "")
    text = re.sub(r"\(.*?\)", " ", text)
    text = re.sub(r"[_\-*:.?!/]", " ", text)
    return key(text)


def role_key(role: str) -> str:
    """"Data-analist", "data analist" and "Data Analist" are the same role."""
    return key(re.sub(r"[_\-/]", " ", role))
