"""A table as people save it: a CSV file (comma, semicolon or tab separated; UTF-8 with or
without BOM, UTF-16 as Excel's "Unicode text", Windows-1252, or UTF-8 with some Windows-1252
lines) or an Excel workbook (.xlsx, workbook.py). Read by the one rule for reading
(access.py), at most MAX_FILE_MB, one record at a time.

:func:`text_table` (and listfile.open_table, which tells a workbook from a text) give a
:class:`Table`: where it was read (:class:`Place`: the file, and
the sheet of a workbook, so an error says ``deelnemers.xlsx, blad Antwoorden, rij 7``), its
header and the records after it, and the warnings about what was read.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from codio_print.errors import InputError, shown
from codio_print.i18n import N_, _
from codio_print.inputs import access
from codio_print.inputs.controls import CONTROLS, controls_in
from codio_print.inputs.listmodel import MAX_FILE_MB, MAX_PARTICIPANTS, clean

ACCEPTED_HEADERS = N_("naam or name (or voornaam/achternaam), optional functie/rol/role, "
                      "groep/group, organisatie/organisation")
SAVE_AS_CSV = N_("in Excel choose Save As → 'CSV UTF-8 (comma delimited)'")

Records = Iterable[tuple[int, list[str]]]


@dataclass(frozen=True)
class Place:
    """Where a table was read: a file, and for a workbook its sheet. ``at(row)`` gives the
    ``file=`` and ``line=`` of an error: ``deelnemers.csv:7``, or ``deelnemers.xlsx, sheet
    Antwoorden, row 7`` (a workbook's rows are not lines of a file)."""

    file: str
    sheet: str | None = None

    def at(self, row: int | None = None) -> dict:
        if self.sheet is None:
            return {"file": self.file, "line": row}
        if row is None:
            text = _("{file}, sheet {sheet}").format(file=shown(self.file), sheet=self.sheet)
        else:
            text = _("{file}, sheet {sheet}, row {row}").format(
                file=shown(self.file), sheet=self.sheet, row=row)
        return {"file": text, "line": None}


@dataclass
class Table:
    """A table's header and the records after it, read one at a time (blank ones included,
    as lists of empty cells); ``notes()``: the warnings about what was read, once the records
    are."""

    place: Place
    header_line: int
    header: list[str]
    records: Iterator[tuple[int, list[str]]]
    notes: Callable[[], list[str]] = field(default=lambda: [])


def text_table(data: bytes, where: str, sheet: str | None = None) -> Table:
    """The table in the text ``data`` of the file ``where`` (CSV as Excel writes it);
    ``sheet``: a sheet asked for, which a text has not (inputs/listfile.py)."""
    if sheet is not None:
        raise InputError(_("--sheet {sheet} is given, but this is not an Excel workbook "
                           "(.xlsx)").format(sheet=sheet), file=where, key="--sheet",
                         fix=_("leave out --sheet for a CSV file"))
    text, legacy = _decode(data, where)
    header_line, header, records = first_row(_records(text, where), Place(where))
    notes = ([_mixed_warning(where, legacy)] if legacy else []) + _controls_warning(where, text)
    return Table(Place(where), header_line, header, records, lambda: notes)


def read_table(path: Path, root: Path | None = None
               ) -> tuple[int, list[str], Iterable[tuple[int, list[str]]], list[int]]:
    """A CSV table as Excel writes it: the header's line and cells, the records after it and
    the lines read as Windows-1252 in an otherwise UTF-8 file (groepsindeling.csv)."""
    where = str(path)
    text, legacy = _decode(read_bytes(path, where, root), where)
    return (*first_row(_records(text, where), Place(where)), legacy)


def first_row(records: Records, place: Place) -> tuple[int, list[str], Iterator]:
    """The first row with a cell filled in (the header: its line and cells) and the records
    after it, read one at a time: a list far too long fails at its 201st person, unparsed
    below."""
    rows = ((line, [clean(c) for c in cells]) for line, cells in records)
    first = next(((line, cells) for line, cells in rows if any(cells)), None)
    if first is None:
        raise InputError(_("the file is empty"), **place.at(1 if place.sheet is None else None),
                         fix=_("put a header line ({headers}) and one line per person")
                         .format(headers=_(ACCEPTED_HEADERS)))
    return first[0], first[1], rows


def read_bytes(path: Path, where: str, root: Path | None = None, *,
               what: str = "--participants") -> bytes:
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
        raise InputError(_("cannot read the file: {why}").format(why=exc.strerror or exc),
                         file=where) from None
    if reason == access.MISSING:
        raise InputError(_("file not found"), file=where, key=what,
                         fix=_("check the path given to {option}").format(option=what))
    if "allowed" in reason:  # a pipe or device is refused before: this is a real size
        size = os.stat(path).st_size if os.path.exists(path) else limit + 1
        big = (_("{size} MB").format(size=f"{size / 1024 / 1024:.1f}") if size > limit
               else _("more than {limit} MB").format(limit=MAX_FILE_MB))
        raise InputError(_("the file is {big}, far too large for a participant list of at "
                           "most {max} people").format(big=big, max=MAX_PARTICIPANTS),
                         file=where,
                         fix=_("check that this is the participant list; keep only the "
                               "columns naam and functie (and groep, organisatie)"))
    raise InputError(_("cannot read the file: it {reason}").format(reason=_(reason)),
                     file=where, fix=_(access.FIXES.get(reason, N_("name the file itself"))))


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
        raise _not_a_table(where, _("this is a PDF"))
    elif data.startswith(b"PK\x03\x04"):
        raise InputError(_("this is an Excel workbook or other zip file, not a table in text"),
                         file=where, line=1, fix=_(SAVE_AS_CSV))
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(_("this is an old Excel workbook (.xls), which codio-print does not "
                           "read"), file=where, line=1,
                         fix=_("in Excel choose Save As → 'Excel Workbook (*.xlsx)'"))
    if b"\x00" in data:
        raise _not_a_table(where, _("this is a binary file"))
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
                raise InputError(_("this line is neither UTF-8 nor Windows-1252 text"),
                                 file=where, line=number,
                                 fix=_("correct the line, or save the list again as "
                                       "'CSV UTF-8 (comma delimited)'")) from None
            legacy.append(number)
    return "".join(parts), legacy if utf8 else []


def _lines(lines: list[int]) -> str:
    """"3", "3 and 4", "3, 4 and 5", "1, 2, ... and 5 more": the lines named."""
    if len(lines) > 10:
        return _("{lines} and {count} more").format(
            lines=", ".join(str(n) for n in lines[:10]), count=len(lines) - 10)
    if len(lines) > 1:
        return _("{lines} and {last}").format(lines=", ".join(str(n) for n in lines[:-1]),
                                              last=lines[-1])
    return str(lines[0])


def _mixed_warning(where: str, lines: list[int]) -> str:
    what = (_("this line was") if len(lines) == 1
            else _("lines {lines} were").format(lines=_lines(lines)))
    return InputError(_("{what} read as Windows-1252, the rest of the file as UTF-8")
                      .format(what=what), file=where, line=lines[0],
                      fix=_("check those names on the name cards; saving the list as "
                            "'CSV UTF-8' in Excel avoids this")).one_line()


def _controls_warning(where: str, text: str) -> list[str]:
    """A warning naming the lines and the control characters that :func:`clean` removes."""
    lines = sorted({text.count("\n", 0, m.start()) + 1 for m in CONTROLS.finditer(text)})
    return controls_warning(Place(where), lines, controls_in(text))


def controls_warning(place: Place, lines: list[int], controls: list[str]) -> list[str]:
    """The warning about control characters removed from ``lines`` (rows of a sheet)."""
    if not lines:
        return []
    sheet = place.sheet is not None
    if len(lines) == 1:
        what = (_("row {rows}") if sheet else _("line {lines}")).format(
            lines=_lines(lines), rows=_lines(lines))
    else:
        what = (_("rows {rows}") if sheet else _("lines {lines}")).format(
            lines=_lines(lines), rows=_lines(lines))
    return [InputError(_("removed control characters from {what} ({controls})").format(
                           what=what, controls=", ".join(controls)),
                       **place.at(lines[0]),
                       fix=_("they change how a name is shown, not what it says; check the "
                             "name on that line") if len(lines) == 1 else
                       _("they change how a name is shown, not what it says; check the "
                         "names on those lines")).one_line()]


def _not_a_table(where: str, why: str) -> InputError:
    return InputError(_("not a table: {why}").format(why=why), file=where, line=1,
                      fix=_("save the list as CSV with a header line: {headers}")
                      .format(headers=_(ACCEPTED_HEADERS)))


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
        raise InputError(_("not a readable table: {why}").format(why=exc), file=where,
                         line=line, fix=_("check the quotes on that line")) from None
