"""The participant list (``--participants deelnemers.csv``) and the division into groups.

The file is what people export from Excel or a registration form: comma, semicolon or tab
separated; UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text") or Windows-1252 (also
a UTF-8 file with some Windows-1252 lines, read line by line); headers in Dutch or English.
Every problem is an :class:`InputError` naming the file and the line, among them more than
MAX_PARTICIPANTS people or a file over MAX_FILE_MB; things that are allowed but odd
(more than 30 people, mixed encodings) become one-line warnings on the
:class:`ParticipantList`. What was read is kept on it for the build's summary: which column
was used for what and which were ignored (:class:`ColumnUse`), names seen twice, and the rows
skipped (empty rows, the header line again).

Columns beyond name, role and group (organisatie, afdeling, ...) spread people over the
groups, like the role: unless every value in them differs (an e-mail address) or none is
filled in.

The division is deterministic: it depends only on the order and content of the list, never
on hash seeds or dictionary order of anything but the list itself.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codio_print.inputs import access
from codio_print.inputs.controls import CONTROLS, controls_in, without_controls
from codio_print.errors import CodioError, InputError

MIN_PARTICIPANTS = 3
# The workshop is for a team: made for 9–15, at most a few dozen. Far above that the kit
# only grows (a page per person, a name card each) until the build takes minutes or hangs.
MAX_PARTICIPANTS = 200
WARN_ABOVE = 30
# 200 people take a few kB, even with many columns; a larger file is not a participant list.
MAX_FILE_MB = 5
TOO_MANY_FIX = "split the group over several sessions, each with its own kit"

# Header spellings, after _header_key(): lower case, no punctuation, single spaces.
NAME_HEADERS = ("naam", "name", "volledige naam", "full name", "deelnemer", "participant")
FIRST_HEADERS = ("voornaam", "roepnaam", "first name", "firstname", "given name")
MIDDLE_HEADERS = ("tussenvoegsel", "tussenvoegsels", "middle name")
LAST_HEADERS = ("achternaam", "last name", "lastname", "surname", "family name")
ROLE_HEADERS = ("functie", "rol", "role", "function", "functietitel", "job title")
GROUP_HEADERS = ("groep", "group", "fundament")
ORG_HEADERS = ("organisatie", "organisation", "organization", "werkgever", "employer")
# Columns that say how to reach someone: never a reason to sit apart.
CONTACT_HEADERS = ("e mail", "email", "mail", "emailadres", "e mailadres", "telefoon",
                   "telefoonnummer", "tel", "mobiel", "phone", "adres", "address",
                   "opmerking", "opmerkingen", "notes", "remarks")

ACCEPTED_HEADERS = ("naam or name (or voornaam/achternaam), optional functie/rol/role, "
                    "groep/group, organisatie/organisation")

# Words people put in front of a group value: "groep a", "Group B", "fundament democratie".
_GROUP_PREFIX = re.compile(r"^(?:groep|group|fundament)\s*[:.\-]?\s*", re.IGNORECASE)
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Participant:
    name: str
    role: str          # "" when unknown
    organisation: str  # "" when unknown
    group: str | None  # fundament id fixed in the file, or None
    row: int           # 1-based line in the file (header = 1); ordinal for anonymous lists
    extra: tuple[str, ...] = ()  # the other columns' cells, as ParticipantList.extra_headers


@dataclass(frozen=True)
class ColumnUse:
    """One column of the list's header and what it was used for."""

    header: str    # as written in the file
    use: str       # "name", "role", "group", "spread" or "ignored"
    why: str = ""  # for an ignored column: "empty", "every value differs", ...


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

    def __len__(self) -> int:
        return len(self.participants)

    @property
    def named(self) -> bool:
        """True when the list came from a file (the participants have names)."""
        return self.source is not None

    def spread_values(self, p: Participant) -> tuple[str, ...]:
        """What a person is spread by besides the role: their organisation and the cells of
        the spread columns that are filled in, each a comparison key tagged with its column."""
        values = [f"organisatie\0{_key(p.organisation)}"] if p.organisation else []
        values += [f"{i}\0{_key(p.extra[i])}" for i in self.spread
                   if i < len(p.extra) and p.extra[i]]
        return tuple(values)


@dataclass(frozen=True)
class Group:
    fundament: str                  # fundament id
    members: list[Participant]      # empty names when anonymous
    size: int


# --------------------------------------------------------------------------- helpers


def clean(text: str) -> str:
    """NFC, outer whitespace stripped, inner runs of whitespace (incl. NBSP) as one space,
    without control characters (controls.py)."""
    return _WS.sub(" ", without_controls(unicodedata.normalize("NFC", text))).strip()


def _key(text: str) -> str:
    """Comparison key: cleaned and case-folded."""
    return clean(text).casefold()


def _header_key(text: str) -> str:
    text = text.replace("\ufeff", "")
    text = re.sub(r"\(.*?\)", " ", text)        # "Naam (voor het naamkaartje)"
    text = re.sub(r"[_\-*:.?]", " ", text)      # "first_name", "Naam*", "Functie:"
    return _key(text)


def _role_key(role: str) -> str:
    """"Data-analist", "data analist" and "Data Analist" are the same role."""
    return _key(re.sub(r"[_\-/]", " ", role))


def group_spellings(fundamenten: Iterable[Any]) -> dict[str, str]:
    """Accepted group values for fundament objects with ``id``, ``naam`` and ``letter``.

    ``group_spellings(content.fundamenten)`` gives the mapping read_participants expects:
    {"democratie": "democratie", "a": "democratie", ...}.
    """
    spellings: dict[str, str] = {}
    for f in fundamenten:
        for spelling in (f.id, f.naam, f.letter):
            spellings[_key(spelling)] = f.id
    return spellings


def _group_value(raw: str, lookup: dict[str, str]) -> str | None:
    """The fundament id for a group cell, None if unknown. "" is handled by the caller."""
    value = _key(raw)
    candidates = [value, _GROUP_PREFIX.sub("", value)]
    candidates += [c.strip(" .:()[]") for c in candidates]
    for c in candidates:
        if c in lookup:
            return lookup[c]
    return None


def _accepted_groups(fundamenten: dict[str, str]) -> str:
    by_id: dict[str, list[str]] = {}
    for spelling, fid in fundamenten.items():
        by_id.setdefault(fid, [])
        if spelling not in by_id[fid]:
            by_id[fid].append(spelling)
    parts = [s[0] + (f" ({', '.join(s[1:])})" if len(s) > 1 else "") for s in by_id.values()]
    return ", ".join(parts[:-1]) + " or " + parts[-1] if len(parts) > 1 else "".join(parts)


_WHOLE = re.compile(r"\s*([+-]?)(\d+)\s*")
_NUMBERISH = re.compile(r"\s*[+-]?[\d.,_]*\d[\d.,_]*(?:[eE][+-]?\d+)?\s*")


def is_count(text: str) -> bool:
    """'12', '-3', '+12': a whole number, meant as the number of participants."""
    return bool(_WHOLE.fullmatch(text))


def is_numberish(text: str) -> bool:
    """'1e9', '12.5', '1,000': a number, but not a whole one (or not written as one)."""
    return bool(_NUMBERISH.fullmatch(text)) and not is_count(text)


def checked_count(value: int | str, label: str, *, error: type[CodioError] = InputError,
                  file: str | Path | None = None, line: int | None = None) -> int:
    """A number of participants from MIN_PARTICIPANTS to MAX_PARTICIPANTS, else ``error``.

    ``value`` is an int or a whole number as text (:func:`is_count`); text is judged by its
    length before it is converted (Python refuses to convert more than 4,300 digits).
    ``label`` names the number where ``{n}`` stands: "--participants {n}", "{n} participants"."""
    match = _WHOLE.fullmatch(value if isinstance(value, str) else str(value))
    if match is None:
        raise ValueError(f"not a whole number: {value!r}")
    sign, digits = "-" if match[1] == "-" else "", match[2].lstrip("0") or "0"
    shown = sign + (digits if len(digits) <= 40 else
                    f"{digits[:12]}... ({len(digits)} digits)")
    count = int(digits) if len(digits) <= 9 else MAX_PARTICIPANTS + 1
    count = -count if sign else count
    if count < MIN_PARTICIPANTS:
        raise error(f"{label.format(n=shown)}: the workshop needs at least "
                    f"{MIN_PARTICIPANTS} participants, one group per fundament",
                    file=file, line=line, fix="give 3 or more")
    if count > MAX_PARTICIPANTS:
        raise error(f"{label.format(n=shown)}: the workshop is made for a team of 9–15 and "
                    f"takes at most {MAX_PARTICIPANTS} participants", file=file, line=line,
                    fix=TOO_MANY_FIX)
    return count


# --------------------------------------------------------------------------- reading


def _decode(data: bytes, where: str) -> tuple[str, list[int]]:
    """The text, and the lines read as Windows-1252 in a file that is otherwise UTF-8.

    A file is decoded line by line only when it is not UTF-8 as a whole: UTF-8 first,
    Windows-1252 for the lines that are not. A file without any UTF-8 beyond ASCII is
    simply Windows-1252 (as Excel writes it) and has no such lines."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            pass
    elif data.startswith(b"%PDF"):
        raise _not_a_table(where, "this is a PDF")
    elif data.startswith(b"PK\x03\x04"):
        raise InputError("this is an Excel workbook or other zip file, not a table in text",
                         file=where, line=1,
                         fix="in Excel choose Save As → 'CSV UTF-8 (comma delimited)'")
    if b"\x00" in data:
        raise _not_a_table(where, "this is a binary file")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    parts: list[str] = []
    legacy: list[int] = []
    utf8 = False  # a line with UTF-8 beyond ASCII: the file is mixed
    for number, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").splitlines(True), 1):
        try:
            parts.append(raw.decode("utf-8"))
            utf8 = utf8 or not raw.isascii()
        except UnicodeDecodeError:
            try:
                parts.append(raw.decode("cp1252"))
            except UnicodeDecodeError:
                raise InputError("this line is neither UTF-8 nor Windows-1252 text",
                                 file=where, line=number,
                                 fix="correct the line, or save the list again as "
                                     "'CSV UTF-8 (comma delimited)'") from None
            legacy.append(number)
    return "".join(parts), legacy if utf8 else []


def _mixed_warning(where: str, lines: list[int]) -> str:
    shown = ", ".join(str(n) for n in lines[:10])
    if len(lines) > 10:
        shown += f" and {len(lines) - 10} more"
    what = "this line was" if len(lines) == 1 else f"lines {shown} were"
    return InputError(f"{what} read as Windows-1252, the rest of the file as UTF-8",
                      file=where, line=lines[0],
                      fix="check those names on the name cards; saving the list as "
                          "'CSV UTF-8' in Excel avoids this").one_line()


def _controls_warning(where: str, text: str) -> list[str]:
    """A warning naming the lines and the control characters that :func:`clean` removes."""
    lines = sorted({text.count("\n", 0, m.start()) + 1 for m in CONTROLS.finditer(text)})
    if not lines:
        return []
    shown = ", ".join(str(n) for n in lines[:10])
    if len(lines) > 10:
        shown += f" and {len(lines) - 10} more"
    elif len(lines) > 1:
        shown = f"{', '.join(str(n) for n in lines[:-1])} and {lines[-1]}"
    what = f"line {shown}" if len(lines) == 1 else f"lines {shown}"
    return [InputError(f"removed control characters from {what} ({', '.join(controls_in(text))})",
                       file=where, line=lines[0],
                       fix="they change how a name is shown, not what it says; check the "
                           + ("name on that line" if len(lines) == 1 else
                              "names on those lines")).one_line()]


def _read(path: Path, where: str, root: Path | None = None) -> bytes:
    """The file's bytes, by the one rule for reading (access.py): a regular file (never a
    pipe or a device), inside ``root`` (default: the file itself, named on the command line),
    of at most MAX_FILE_MB; a larger file is refused without reading it."""
    limit = MAX_FILE_MB * 1024 * 1024
    access.note(path)
    try:
        return access.read_file(path, [root or path], max_bytes=limit)[0]
    except access.Refused as refused:
        reason = refused.reason
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", file=where) from None
    if reason == access.MISSING:
        raise InputError("file not found", file=where,
                         fix="check the path given to --participants")
    if "allowed" in reason:  # a pipe or device is refused before: this is a real size
        size = os.stat(path).st_size if os.path.exists(path) else limit + 1
        big = f"{size / 1024 / 1024:.1f} MB" if size > limit else f"more than {MAX_FILE_MB} MB"
        raise InputError(f"the file is {big}, far too large for a participant list of at "
                         f"most {MAX_PARTICIPANTS} people", file=where,
                         fix="check that this is the participant list; keep only the "
                             "columns naam and functie (and groep, organisatie)")
    raise InputError(f"cannot read the file: it {reason}", file=where,
                     fix=access.FIXES.get(reason, "name the file itself"))


def _not_a_table(where: str, why: str) -> InputError:
    return InputError(f"not a table: {why}", file=where, line=1,
                      fix=f"save the list as CSV with a header line: {ACCEPTED_HEADERS}")


def _delimiter(line: str) -> str:
    unquoted = re.sub(r'"[^"]*"', "", line)
    counts = {d: unquoted.count(d) for d in (";", ",", "\t")}
    best = max(counts.values())
    if best == 0:
        return "\t"  # one column: don't split names like "Vries, Jan de"
    # Ties go to ';' (Dutch Excel), then ',' then tab: dict order is fixed here.
    return next(d for d, n in counts.items() if n == best)


def _records(text: str, where: str) -> Iterable[tuple[int, list[str]]]:
    """(first physical line, cells) for every record, one at a time; skips Excel's "sep=;"
    line."""
    lines = io.StringIO(text, newline="")
    first = lines.readline()
    delimiter = None
    start = 1
    match = re.fullmatch(r"sep=(.)\r?\n?", first)
    if match:
        delimiter = match.group(1)
        start = 2
    else:
        lines.seek(0)
    if delimiter is None:
        header_line = next((ln for ln in io.StringIO(text, newline="") if ln.strip()), "")
        delimiter = _delimiter(header_line)
    reader = csv.reader(lines, delimiter=delimiter)
    line = start
    try:
        for cells in reader:
            yield line, cells
            line = start + reader.line_num
    except csv.Error as exc:
        raise InputError(f"not a readable table: {exc}", file=where, line=line,
                         fix="check the quotes on that line") from None


def _column(index: dict[str, int], names: tuple[str, ...]) -> int | None:
    for n in names:
        if n in index:
            return index[n]
    return None


def read_participants(path: Path, fundamenten: dict[str, str]) -> ParticipantList:
    """Read a participant list. ``fundamenten`` maps every accepted group spelling to a
    fundament id (see :func:`group_spellings`); matching ignores case and spaces."""
    path = Path(path)
    where = str(path)
    text, legacy = _decode(_read(path, where), where)
    header_line, header, records = _table(text, where)
    columns = _Columns.of(header, where, header_line)
    warnings: list[str] = [_mixed_warning(where, legacy)] if legacy else []
    warnings += _controls_warning(where, text)
    lookup = {_key(k): v for k, v in fundamenten.items()}
    skipped: list[tuple[int, str]] = []
    twice: list[Twice] = []
    participants = _people(records, columns, lookup, fundamenten, where, skipped, twice,
                           header)
    _check_count(participants, where, header_line, warnings)
    last = participants[-1].row
    uses, spread = columns.uses(participants)
    return ParticipantList(participants=participants, warnings=warnings, source=path,
                           columns=uses, extra_headers=columns.extra_headers,
                           spread=spread, twice=tuple(twice),
                           skipped=tuple(s for s in skipped if s[0] < last))


def read_table(path: Path, root: Path | None = None
               ) -> tuple[int, list[str], Iterable[tuple[int, list[str]]], list[int]]:
    """A table as Excel writes it (any of the encodings and separators above): the header's
    line and cells, the records after it (blank ones included, as lists of empty cells),
    read one at a time, and the lines read as Windows-1252 in an otherwise UTF-8 file.
    ``root``: the folder it must lie in, links resolved (default: the file itself)."""
    where = str(path)
    text, legacy = _decode(_read(path, where, root), where)
    return (*_table(text, where), legacy)


def _table(text: str, where: str):
    """The header (its line and cells) and the records after it, read one at a time:
    a list far too long fails at its 201st person, unparsed below."""
    empty = InputError("the file is empty", file=where, line=1,
                       fix=f"put a header line ({ACCEPTED_HEADERS}) and one line per person")
    if not text.strip():
        raise empty
    records = ((line, [clean(c) for c in cells]) for line, cells in _records(text, where))
    first = next(((line, cells) for line, cells in records if any(cells)), None)
    if first is None:
        raise empty
    return first[0], first[1], records


@dataclass(frozen=True)
class _Columns:
    """Where each thing is in a row, by the header's words (None: not in the file)."""

    name: int | None
    first: int | None
    middle: int | None
    last: int | None
    role: int | None
    group: int | None
    organisation: int | None
    name_header: str
    header: tuple[str, ...] = ()

    @classmethod
    def of(cls, header: list[str], where: str, line: int) -> _Columns:
        index: dict[str, int] = {}
        for i, cell in enumerate(header):
            index.setdefault(_header_key(cell), i)
        name, first, last = (_column(index, NAME_HEADERS), _column(index, FIRST_HEADERS),
                             _column(index, LAST_HEADERS))
        if name is None and first is None and last is None:
            shown = ", ".join(f"'{c}'" for c in header[:6] if c) or "nothing"
            if len(shown) > 80:
                shown = shown[:77] + "..."
            raise InputError(f"not a table of participants: no naam or name column in the "
                             f"header (found {shown})", file=where, line=line,
                             fix=f"the first line must name the columns: {ACCEPTED_HEADERS}")
        return cls(name, first, _column(index, MIDDLE_HEADERS), last,
                   _column(index, ROLE_HEADERS), _column(index, GROUP_HEADERS),
                   _column(index, ORG_HEADERS),
                   header[name] if name is not None else "naam", tuple(header))

    @property
    def known(self) -> dict[int, str]:
        """The columns read for a purpose of their own: index -> use."""
        named = {self.name: "name", self.first: "name", self.middle: "name",
                 self.last: "name", self.role: "role", self.group: "group",
                 self.organisation: "spread"}
        return {i: use for i, use in named.items() if i is not None}

    @property
    def extra(self) -> tuple[int, ...]:
        """The header's other columns: Participant.extra holds their cells."""
        return tuple(i for i in range(len(self.header)) if i not in self.known)

    @property
    def extra_headers(self) -> tuple[str, ...]:
        return tuple(self.header[i] or f"kolom {i + 1}" for i in self.extra)

    def extra_of(self, cells: list[str]) -> tuple[str, ...]:
        return tuple(self.cell(cells, i) for i in self.extra)

    def uses(self, people: list[Participant]) -> tuple[tuple[ColumnUse, ...], tuple[int, ...]]:
        """What every column was used for, in the header's order, and which of the other
        columns spread people (their indexes in Participant.extra). A column without a
        header or a cell (Excel's trailing separators) is left out."""
        uses = {i: ColumnUse(self.header[i], use) for i, use in self.known.items()}
        spread = []
        for n, (i, header) in enumerate(zip(self.extra, self.extra_headers)):
            values = [_key(p.extra[n]) for p in people if p.extra[n]]
            if not values:
                if self.header[i]:
                    uses[i] = ColumnUse(header, "ignored", "empty")
            elif _header_key(header) in CONTACT_HEADERS:
                uses[i] = ColumnUse(header, "ignored", "contact details")
            elif len(values) > 1 and len(set(values)) == len(values):
                uses[i] = ColumnUse(header, "ignored", "every value differs")
            else:
                spread.append(n)
                uses[i] = ColumnUse(header, "spread")
        return tuple(uses[i] for i in sorted(uses)), tuple(spread)

    @staticmethod
    def cell(cells: list[str], col: int | None) -> str:
        return cells[col] if col is not None and col < len(cells) else ""

    def name_of(self, cells: list[str]) -> str:
        if self.name is not None:
            return self.cell(cells, self.name)
        return clean(" ".join(self.cell(cells, c) for c in (self.first, self.middle, self.last)))


def _people(records, columns: _Columns, lookup: dict[str, str], fundamenten: dict[str, str],
            where: str, skipped: list[tuple[int, str]], twice: list[Twice],
            header: list[str]) -> list[Participant]:
    """One Participant per row; a name seen before is noted in ``twice``, not an error;
    empty rows and the header line again go to ``skipped``."""
    participants: list[Participant] = []
    seen: dict[str, int] = {}
    for line, cells in records:
        if not any(cells):
            skipped.append((line, "empty"))
            continue
        if [_header_key(c) for c in cells] == [_header_key(c) for c in header]:
            skipped.append((line, "the header line again"))
            continue
        if len(participants) == MAX_PARTICIPANTS:
            raise InputError(f"more than {MAX_PARTICIPANTS} participants: the workshop is made "
                             f"for a team of 9–15 and takes at most {MAX_PARTICIPANTS}",
                             file=where, line=line, fix=TOO_MANY_FIX)
        name = columns.name_of(cells)
        if not name:
            raise InputError("row has no name", file=where, line=line,
                             fix=f"fill in the {columns.name_header} column or delete the row")
        raw_group = columns.cell(cells, columns.group)
        group = _group_value(raw_group, lookup) if raw_group else None
        if raw_group and group is None:
            raise InputError(f"unknown group '{raw_group}'", file=where, line=line,
                             fix=f"use {_accepted_groups(fundamenten)}, or leave the cell empty")
        participants.append(Participant(name=name, role=columns.cell(cells, columns.role),
                                        organisation=columns.cell(cells, columns.organisation),
                                        group=group, row=line, extra=columns.extra_of(cells)))
        key = _key(name)
        if key in seen:
            twice.append(Twice(name, seen[key], line))
        else:
            seen[key] = line
    return participants


def _check_count(participants: list[Participant], where: str, header_line: int,
                 warnings: list[str]) -> None:
    count = len(participants)
    if count == 0:
        raise InputError("the file has a header but no participants", file=where,
                         line=header_line + 1, fix="add one line per person below the header")
    if count < MIN_PARTICIPANTS:
        raise InputError(f"only {count} participant{'s' if count > 1 else ''}: the workshop "
                         f"needs at least {MIN_PARTICIPANTS}, one group per fundament",
                         file=where, line=participants[-1].row,
                         fix="add people to the list")
    if count > WARN_ABOVE:
        warnings.append(InputError(
            f"{count} participants: the workshop is made for 9–15 and groups of "
            f"{-(-count // 3)} get crowded", file=where, line=participants[WARN_ABOVE].row,
            fix="allowed; consider two sessions").one_line())


def anonymous(count: int) -> ParticipantList:
    """A list without names, for ``--participants 12``."""
    checked_count(count, "--participants {n}")
    warnings = []
    if count > WARN_ABOVE:
        warnings.append(InputError(
            f"--participants {count}: the workshop is made for 9–15 and groups of "
            f"{-(-count // 3)} get crowded", fix="allowed; consider two sessions").one_line())
    people = [Participant(name="", role="", organisation="", group=None, row=i + 1)
              for i in range(count)]
    return ParticipantList(participants=people, warnings=warnings, source=None)


# --------------------------------------------------------------------------- dividing


def capacities(plist: ParticipantList, ids: list[str]) -> list[int]:
    """Group sizes differing by at most one that leave room for every fixed member.

    The larger groups go first to groups that need them for their fixed members, then in
    fundament order (so without fixed groups this equals kit.group_sizes)."""
    n, k = len(plist.participants), len(ids)
    base, rest = divmod(n, k)
    where = str(plist.source) if plist.source else "--participants"
    fixed: dict[str, list[Participant]] = {fid: [] for fid in ids}
    for p in plist.participants:
        if p.group is not None:
            if p.group not in fixed:
                raise InputError(f"unknown group '{p.group}'", file=where, line=p.row,
                                 fix=f"use one of {', '.join(ids)}")
            fixed[p.group].append(p)
    for fid in ids:
        if len(fixed[fid]) > base + (1 if rest else 0):
            limit = base + (1 if rest else 0)
            raise InputError(
                f"{len(fixed[fid])} people are fixed to group {fid}, but with {n} participants "
                f"a group holds at most {limit}", file=where, line=fixed[fid][limit].row,
                fix="move someone to another group or clear their groep cell")
    # Groups that must be a larger one, ordered by the line that made them so.
    needy = sorted((fid for fid in ids if len(fixed[fid]) > base),
                   key=lambda fid: fixed[fid][base].row)
    if len(needy) > rest:
        culprit = needy[rest]
        full = ", ".join(needy[:rest + 1])
        raise InputError(
            f"groups {full} each have {base + 1} fixed people, but with {n} participants only "
            f"{rest} group{'s' if rest != 1 else ''} can have {base + 1}",
            file=where, line=fixed[culprit][base].row,
            fix="move someone to another group or clear their groep cell")
    larger = needy + [fid for fid in ids if fid not in needy]
    larger = larger[:rest]
    return [base + (1 if fid in larger else 0) for fid in ids]


class Tables:
    """Groups being filled, one per fundament id: who sits where, and per group how many of
    each role and of each spread value (organisation, afdeling, ...), to choose where the
    next person goes. Used for a fresh division (:func:`divide`) and to place newcomers in a
    kept one (grouping.py)."""

    def __init__(self, plist: ParticipantList, ids: list[str]):
        self.plist = plist
        self.ids = list(ids)
        self.members: list[list[Participant]] = [[] for _ in self.ids]
        self._roles: list[Counter[str]] = [Counter() for _ in self.ids]
        self._spread: list[Counter[str]] = [Counter() for _ in self.ids]

    def size(self, gi: int) -> int:
        return len(self.members[gi])

    def place(self, gi: int, p: Participant) -> None:
        self.members[gi].append(p)
        self._roles[gi][_role_key(p.role)] += 1
        self._spread[gi].update(self.plist.spread_values(p))

    def remove(self, gi: int, p: Participant) -> None:
        self.members[gi].remove(p)
        self._roles[gi][_role_key(p.role)] -= 1
        self._spread[gi].subtract(self.plist.spread_values(p))

    def score(self, gi: int, p: Participant) -> tuple[int, int, int, int]:
        """Lower is a better table for ``p``: the fewest of their role, then of their
        organisation and other spread values, then the smallest, then fundament order."""
        same = sum(self._spread[gi][v] for v in self.plist.spread_values(p))
        return (self._roles[gi][_role_key(p.role)], same, self.size(gi), gi)

    def best(self, p: Participant, candidates: Iterable[int]) -> int:
        return min(candidates, key=lambda g: self.score(g, p))

    def groups(self) -> list[Group]:
        """The groups in fundament order, members in the file's order."""
        return [Group(fundament=fid, members=sorted(ms, key=lambda p: p.row), size=len(ms))
                for fid, ms in zip(self.ids, self.members)]


def check_fillable(plist: ParticipantList, ids: list[str]) -> None:
    n = len(plist.participants)
    if not ids:
        raise ValueError("divide() needs at least one fundament id")
    if n < len(ids):
        where = str(plist.source) if plist.source else "--participants"
        raise InputError(f"{n} participants cannot fill {len(ids)} groups", file=where,
                         fix=f"give {len(ids)} or more")


def divide(plist: ParticipantList, fundament_ids: list[str]) -> list[Group]:
    """Divide the list over the groups, one per fundament id, in that order.

    Sizes differ by at most one; fixed groups are respected; roles are spread: the most
    common role is dealt first, each person to the group with the fewest of that role, then
    the fewest of their organisation and other spread columns, then the smallest, then the
    first in fundament order. Members keep the file's order within a group."""
    ids = list(fundament_ids)
    check_fillable(plist, ids)
    caps = capacities(plist, ids)
    tables = Tables(plist, ids)
    for p in plist.participants:
        if p.group is not None:
            tables.place(ids.index(p.group), p)

    free = [p for p in plist.participants if p.group is None]
    by_role: dict[str, list[Participant]] = {}   # insertion order = first appearance
    for p in free:
        by_role.setdefault(_role_key(p.role), []).append(p)
    first_seen = {r: i for i, r in enumerate(by_role)}
    order = sorted(by_role, key=lambda r: (r == "", -len(by_role[r]), first_seen[r]))

    for r in order:
        for p in by_role[r]:
            open_groups = [gi for gi in range(len(ids)) if tables.size(gi) < caps[gi]]
            tables.place(tables.best(p, open_groups), p)
    return tables.groups()
