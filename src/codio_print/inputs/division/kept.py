"""Stable groups: the division is kept in ``groepsindeling.csv``, and a later build keeps
everyone where they were.

The first build with a participant list divides it afresh (fresh.divide) and the
build writes the division to the file: in the workspace, or outside one with the kit
(``build/arnhem/groepsindeling.csv``), never next to the list, which may lie in a read-only
or shared folder. (A division an earlier codio-print wrote next to the list is still read
when the kit has none yet, so nobody moves; the build then keeps it with the kit.)
The organiser may read it and edit it in Excel (``;``, UTF-8 with BOM). A later build reads
it back: everyone on the list who is in the file keeps their table, newcomers are placed at
the tables with room (spread by role and the other columns, as a fresh division does), and
people who cancelled simply leave. Only when the tables would then differ by more than one
is someone moved, one at a time, from the largest table to the smallest: one sign-up or one
cancellation moves at most one other person. A fixed group in the participant list (its
groep column) always wins over the file. ``--regroup`` divides afresh.

This module only reads; the build writes the file (:func:`rows`, through
printshop.csvcells) once the kit is made.
"""

from __future__ import annotations

import os
import stat

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from codio_print.errors import InputError
from codio_print.i18n import _
from codio_print.inputs import access
from codio_print.inputs.division.fresh import Tables, capacities, check_fillable, divide
from codio_print.inputs.participants import (Group, Participant, ParticipantList, clean,
                                             read_table)

DIVISION_FILE = "groepsindeling.csv"
HEADER = ("groep", "naam", "functie")
FORMULA_QUOTE = "'"  # printshop.csvcells puts it before a cell Excel would run


@dataclass(frozen=True)
class Move:
    """Someone kept from the file who sits at another table now."""

    name: str
    before: str  # fundament id
    after: str
    why: str     # "groep in the list", "to keep the tables even"


@dataclass(frozen=True)
class Division:
    """The groups of a named list, and how they came about."""

    groups: list[Group]
    source: Literal["new", "kept", "regroup"]
    path: Path | None                      # the division file (read, and to be written)
    newcomers: tuple[tuple[str, str], ...] = ()  # (name, fundament id) not in the file
    gone: tuple[str, ...] = ()             # in the file, no longer on the list
    moved: tuple[Move, ...] = ()


def division_path(workspace: Path | None, kit: Path) -> Path:
    """Where the division of a list lives: the workspace, else the kit's folder."""
    return (workspace or kit) / DIVISION_FILE


def _name_key(name: str) -> str:
    name = clean(name)
    if name.startswith(FORMULA_QUOTE) and name[1:2] in ("=", "+", "-", "@"):
        name = name[1:]  # written formula-safe: '=Anna is the name =Anna
    return name.casefold()


@dataclass(frozen=True)
class Seat:
    """One row of the division file."""

    name: str
    fundament: str
    line: int

    @property
    def key(self) -> str:
        return _name_key(self.name)


def read_division(path: Path, lookup: dict[str, str]) -> list[Seat]:
    """Every row of a division file. ``lookup`` maps group spellings to fundament ids
    (participants.group_spellings)."""
    where = str(path)
    # It lies with the kit or in the workspace (or beside the list, from an earlier
    # codio-print), where codio-print wrote it: a link to a file elsewhere is refused
    # (access.py), as is a pipe or a device.
    header_line, header, records, _legacy = read_table(path, root=Path(path).absolute().parent)
    keys = [clean(h).casefold() for h in header]
    if "naam" not in keys or "groep" not in keys:
        raise InputError(_("this is not a division: it needs the columns groep and naam"),
                         file=where, line=header_line,
                         fix=_("delete the file to divide afresh (the build writes a new "
                               "one), or give the first line: {header}").format(
                             header=";".join(HEADER)))
    name_at, group_at = keys.index("naam"), keys.index("groep")
    folded = {clean(k).casefold(): v for k, v in lookup.items()}
    accepted = ", ".join(sorted({k.upper() for k in folded if len(k) == 1}))
    rows = []
    for line, cells in records:
        name = cells[name_at] if name_at < len(cells) else ""
        group = cells[group_at] if group_at < len(cells) else ""
        if not name:
            continue
        fid = folded.get(group.casefold()) or folded.get(
            group.casefold().removeprefix("groep").strip(" :."))
        if fid is None:
            raise InputError(_("unknown group '{group}' for {name}").format(group=group,
                                                                             name=name)
                             if group else _("{name} has no group").format(name=name),
                             file=where, line=line, key="groep",
                             fix=_("write one of {groups} in the groep column, or delete "
                                   "the row to place this person afresh").format(
                                 groups=accepted))
        rows.append(Seat(name, fid, line))
    return rows


def _check_ours(path: Path) -> None:
    """A division file there is a plain file: a link, a folder, a pipe or a device is neither
    read nor, at the end of the build, replaced (writing.py), so it is refused before anything
    is rendered."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise InputError(_("is not a plain file (a link, a folder, a pipe or a device): "
                           "codio-print neither reads nor replaces it"), file=path,
                         fix=_("move it away; the build then divides afresh and writes a new "
                               "one"))


def divide_kept(plist: ParticipantList, ids: list[str], path: Path | None,
                lookup: dict[str, str], *, regroup: bool = False) -> Division:
    """The division of a named list, kept from ``path`` when it exists (and not
    ``regroup``), else fresh."""
    read = path
    if path is not None:
        access.note(path)  # read, or written by this build: the quick answer watches it
        _check_ours(path)
        beside = plist.source.parent / DIVISION_FILE if plist.source is not None else None
        if (not os.path.lexists(path) and beside is not None and beside != path
                and os.path.lexists(beside)):
            access.note(beside)
            _check_ours(beside)
            read = beside  # kept beside the list by an earlier codio-print
    if read is None or regroup or not read.is_file():
        source = "regroup" if regroup and read is not None and read.is_file() else "new"
        return Division(divide(plist, ids), source, path)
    return keep(plist, ids, read_division(read, lookup), path)


def keep(plist: ParticipantList, ids: list[str], previous: list[Seat],
         path: Path | None = None) -> Division:
    """Everyone in ``previous`` keeps their table; newcomers are placed; the tables are
    evened out with as few moves as possible."""
    check_fillable(plist, ids)
    capacities(plist, ids)  # the list's fixed groups fit (else the error names the line)
    before: dict[str, list[Seat]] = {}
    for seat in previous:
        before.setdefault(seat.key, []).append(seat)
    taken: Counter[str] = Counter()
    tables = Tables(plist, ids)
    new: list[Participant] = []
    moved: list[Move] = []
    for p in plist.participants:
        key = _name_key(p.name)
        seats = before.get(key, [])
        fid = seats[taken[key]].fundament if taken[key] < len(seats) else None
        taken[key] += 1
        if fid is None:
            new.append(p)
        if p.group is not None:
            if fid is not None and fid != p.group:
                moved.append(Move(p.name, fid, p.group, _("groep in the list")))
            tables.place(ids.index(p.group), p)
        elif fid is not None:
            tables.place(ids.index(fid), p)
    base, rest = divmod(len(plist.participants), len(ids))
    for p in new:
        if p.group is None:
            tables.place(tables.best(p, _room(tables, base, rest)), p)
    moved += _even_out(tables, base, rest, {p.row for p in new})
    gone = sorted((seat for key, seats in before.items() for seat in seats[taken[key]:]),
                  key=lambda seat: seat.line)
    return Division(tables.groups(), "kept", path,
                    newcomers=tuple((p.name, _table_of(tables, p)) for p in new),
                    gone=tuple(seat.name for seat in gone), moved=tuple(moved))


def _room(tables: Tables, base: int, rest: int) -> list[int]:
    """The tables a newcomer may join and keep the sizes even: one below the smaller size
    first, else one at it while fewer than ``rest`` tables are larger, else the smallest."""
    sizes = [tables.size(g) for g in range(len(tables.ids))]
    below = [g for g, s in enumerate(sizes) if s < base]
    if below:
        return below
    larger = sum(s > base for s in sizes)
    at = [g for g, s in enumerate(sizes) if s == base]
    if at and larger < rest:
        return at
    low = min(sizes)
    return [g for g, s in enumerate(sizes) if s == low]


def _even(sizes: list[int], base: int, rest: int) -> bool:
    return all(base <= s <= base + 1 for s in sizes) and sum(s > base for s in sizes) <= rest


def _even_out(tables: Tables, base: int, rest: int, new: set[int]) -> list[Move]:
    """Move people, one at a time, from the largest table to the smallest until the sizes
    differ by at most one: of those not fixed to their table by the list, a newcomer (rows
    ``new``: no one has told them a table yet) before anyone else, then the one who fits the
    smaller table best (role, spread values), the latest on the list on a tie."""
    moves = []
    ids = tables.ids
    while not _even(sizes := [tables.size(g) for g in range(len(ids))], base, rest):
        src = max(range(len(ids)), key=lambda g: (sizes[g], -g))
        dst = min(range(len(ids)), key=lambda g: (sizes[g], g))
        free = [p for p in tables.members[src] if p.group is None]
        if not free:  # capacities() has checked the fixed groups fit; this cannot happen
            raise InputError(_("cannot even out the groups: everyone at table {table} is "
                               "fixed to it").format(table=ids[src]),
                             fix=_("clear some groep cells in the list"))
        person = min(free, key=lambda p: (p.row not in new, *tables.score(dst, p)[:2], -p.row))
        tables.remove(src, person)
        tables.place(dst, person)
        if person.row not in new:
            moves.append(Move(person.name, ids[src], ids[dst], _("to keep the tables even")))
    return moves


def _table_of(tables: Tables, p: Participant) -> str:
    return next(fid for fid, ms in zip(tables.ids, tables.members) if p in ms)


def rows(division: Division, plist: ParticipantList, letters: dict[str, str]) -> list[list[str]]:
    """The division file's header and rows: per table (in fundament order) its members in
    the list's order, with their role and the columns that spread them. ``letters`` maps
    fundament ids to the letter on the name cards (A, B, C)."""
    extra = [plist.extra_headers[i] for i in plist.spread]
    org = any(p.organisation for p in plist.participants)
    header = [*HEADER, *(["organisatie"] if org else []), *extra]
    out = [header]
    for g in division.groups:
        for p in g.members:
            out.append([letters[g.fundament].upper(), p.name, p.role,
                        *([p.organisation] if org else []),
                        *(p.extra[i] for i in plist.spread)])
    return out
