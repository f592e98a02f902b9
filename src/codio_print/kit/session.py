"""The session a kit is for: date, times, who comes and at which table they sit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

from codio_print.inputs.content import Content
from codio_print.kit.namefit import family_for, fit_name
from codio_print.inputs.fonts import DEFAULT_STACK, SHAPED_FAMILIES, Entry, name_of
from codio_print.inputs.division import Division, divide, divide_kept
from codio_print.inputs.models import Fundament
from codio_print.inputs.participants import (ParticipantList, anonymous, group_spellings,
                                             read_participants)
from codio_print.kit.schedule import end_time
from codio_print.kit.dates import build_time, iso

# The name area of a tent card (naamkaartjes.html): 297 mm wide less 2 × 16 mm, 52 mm high.
CARD_NAME_MM = (265, 52)


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    organisation: str


@dataclass(frozen=True)
class Table:
    """One group: its fundament and who sits there (no names without a list)."""

    fundament: Fundament
    members: tuple[Person, ...]

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.members if p.name]


@dataclass(frozen=True)
class Card:
    """One tent card; without a name it is left blank to write on."""

    fundament: Fundament
    name: str = ""
    role: str = ""
    lines: tuple[str, ...] = ()
    name_pt: float = 80
    stack: tuple[Entry, ...] = DEFAULT_STACK  # the body font of the theme

    @property
    def font(self) -> str:
        return name_of(family_for(self.name, self.stack))

    @property
    def shaped(self) -> bool:
        return self.font in SHAPED_FAMILIES


@dataclass(frozen=True)
class Session:
    """What the templates know about this session."""

    date: date | None
    start: time
    end: time
    tables: tuple[Table, ...]
    named: bool
    warnings: tuple[str, ...] = ()
    location: str = ""
    facilitator: str = ""
    people: ParticipantList | None = None  # the list as read (for the build's summary)
    division: Division | None = None       # how a named list was divided, and its file
    start_default: bool = False  # no start time was given: the run sheet says it is a default

    @property
    def participants(self) -> int:
        return sum(t.size for t in self.tables)

    @property
    def group_sizes(self) -> list[int]:
        return [t.size for t in self.tables]

    @property
    def stamp(self) -> str:
        """The document date written into PDF metadata (stamp.build_time)."""
        return iso(build_time(self.date))

    def cards(self, stack: tuple[Entry, ...] = DEFAULT_STACK) -> list[Card]:
        """Names are fitted in the font they are printed in (``stack``, the body font)."""
        out = []
        for table in self.tables:
            for person in table.members:
                if person.name:
                    fit = fit_name(person.name, *CARD_NAME_MM, stack=stack)
                    out.append(Card(table.fundament, person.name, person.role, fit.lines,
                                    fit.size_pt, stack))
                else:
                    out.append(Card(table.fundament))
        return out


def participant_list(content: Content, participants: int | Path,
                     sheet: str | None = None) -> ParticipantList:
    if isinstance(participants, Path):
        return read_participants(participants, group_spellings(content.fundamenten),
                                 sheet=sheet)
    return anonymous(participants)


def make_session(content: Content, participants: int | Path, start: time,
                 day: date | None, *, location: str = "", facilitator: str = "",
                 division: Path | None = None, regroup: bool = False,
                 sheet: str | None = None, people: ParticipantList | None = None,
                 start_default: bool = False) -> Session:
    """The session of a kit: the participants (a number or a list) divided into groups.

    A list keeps the division in the file ``division`` (inputs/division) when there is one, unless
    ``regroup``; this only reads it (the build writes it). ``people``: the list as read
    already (the web interface reads an upload once)."""
    plist = people if people is not None else participant_list(content, participants, sheet)
    ids = [f.id for f in content.fundamenten]
    kept = None
    if plist.named:
        kept = divide_kept(plist, ids, division, group_spellings(content.fundamenten),
                           regroup=regroup)
        groups = kept.groups
    else:
        groups = divide(plist, ids)
    tables = tuple(
        Table(content.fundament(g.fundament),
              tuple(Person(p.name, p.role, p.organisation) for p in g.members))
        for g in groups)
    return Session(day, start, end_time(content.stappen, start), tables,
                   named=plist.source is not None, warnings=tuple(plist.warnings),
                   location=location, facilitator=facilitator, people=plist, division=kept,
                   start_default=start_default)


def session_of_groups(content: Content, groups: list[tuple[str, list[str]]], start: time,
                      day: date | None, *, location: str = "",
                      facilitator: str = "") -> Session:
    """The session as written down afterwards (resultaten.yaml): who sat at which table."""
    tables = tuple(Table(content.fundament(fid), tuple(Person(name, "", "") for name in names))
                   for fid, names in groups)
    return Session(day, start, end_time(content.stappen, start), tables,
                   named=any(names for _, names in groups), location=location,
                   facilitator=facilitator)
