"""An Excel workbook (.xlsx) as a participant list: the first sheet, or the one named by
``--sheet`` (``blad:`` in sessie.yaml), read with openpyxl behind bounds.

A workbook is a zip of XML parts, and a crafted one can be small on disk and huge once
unpacked (a zip bomb), claim a million rows (a false dimension), or hold a million empty
rows. So before openpyxl sees it, the zip is checked: at most MAX_ENTRIES entries, each part
at most MAX_PART_BYTES unpacked (shared strings MAX_STRINGS_BYTES), all together at most
MAX_TOTAL_BYTES, no part packed more than MAX_RATIO times, no DOCTYPE (entities), and only
the parts a workbook's cells need are handed on (:data:`NEEDED`: no macros, images or
external links). openpyxl then reads with ``read_only=True, data_only=True`` (a formula as
the value Excel saved with it), ``reset_dimensions()`` (the sheet's own claim of its size is
not believed) and at most MAX_ROWS rows of MAX_COLUMNS columns: reading stops at the cap,
and the sheet is refused in one line. Dates are written as ISO dates (2026-12-10), a whole
number without ".0".
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from codio_print.errors import InputError
from codio_print.i18n import _
from codio_print.inputs.controls import CONTROLS, controls_in
from codio_print.inputs.listmodel import MAX_PARTICIPANTS
from codio_print.inputs.table import SAVE_AS_CSV, Place, Table, controls_warning, first_row

MAX_ENTRIES = 300
MAX_PART_BYTES = 20 * 1024 * 1024
MAX_STRINGS_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 60 * 1024 * 1024
MAX_RATIO = 100              # for parts above RATIO_FROM: real XML packs 5 to 30 times
RATIO_FROM = 1024 * 1024
MAX_ROWS = 1000              # rows read, empty ones included: 200 people and room to spare
MAX_COLUMNS = 200
# The parts openpyxl reads for the cells of a sheet; the rest stays in the zip, unread.
NEEDED = re.compile(r"\[Content_Types\]\.xml|_rels/\.rels|xl/workbook\.xml|"
                    r"xl/_rels/workbook\.xml\.rels|xl/styles\.xml|xl/sharedStrings\.xml|"
                    r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)


def _refused(where: str, why: str, fix: str | None = None) -> InputError:
    return InputError(_("this workbook cannot be read safely: {why}").format(why=why),
                      file=where,
                      fix=fix or _("open it in Excel and save it again, or save the list "
                                   "as CSV ({how})").format(how=_(SAVE_AS_CSV)))


def needed_parts(data: bytes, where: str) -> bytes:
    """The parts of the workbook ``data`` that its cells need, in a zip of their own, once
    the whole zip passed the checks above; else one line saying why it is refused."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise InputError(_("this is not an Excel workbook: the zip cannot be read ({why})")
                         .format(why=exc), file=where, fix=_(SAVE_AS_CSV)) from None
    if len(entries) > MAX_ENTRIES:
        raise _refused(where, _("it holds {count} parts, a workbook of a list far fewer")
                       .format(count=len(entries)))
    total = sum(e.file_size for e in entries)
    if total > MAX_TOTAL_BYTES:
        raise _refused(where, _("it unpacks to {size} MB").format(size=total >> 20))
    out = io.BytesIO()
    names = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as kept:
        for entry in entries:
            if not NEEDED.fullmatch(entry.filename):
                continue
            limit = (MAX_STRINGS_BYTES if entry.filename.lower().endswith("sharedstrings.xml")
                     else MAX_PART_BYTES)
            if entry.file_size > limit:
                raise _refused(where, _("its part {part} unpacks to {size} MB").format(
                    part=entry.filename, size=entry.file_size >> 20))
            if (entry.file_size > RATIO_FROM
                    and entry.file_size > MAX_RATIO * max(entry.compress_size, 1)):
                raise _refused(where, _("its part {part} is packed {ratio} times, as a zip "
                                        "bomb is").format(
                    part=entry.filename, ratio=entry.file_size // max(entry.compress_size, 1)))
            try:  # zipfile stops at the declared size, so a size that lies gains nothing;
                # asked for no more than it, it also unpacks in small steps (asked for all,
                # zlib may first make room for far more than the part claims)
                with archive.open(entry) as handle:
                    part = handle.read(entry.file_size + 1)
            except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError,
                    RuntimeError) as exc:
                raise _refused(where, _("its part {part} cannot be unpacked ({why})").format(
                    part=entry.filename, why=exc)) from None
            head = part[:4096]
            if b"<!DOCTYPE" in head.upper() or b"<\x00!\x00D\x00O\x00C" in head:
                raise _refused(where, _("its part {part} declares a DOCTYPE, which no "
                                        "workbook does").format(part=entry.filename))
            kept.writestr(entry.filename, part)
            names.add(entry.filename.lower())
    if "xl/workbook.xml" not in names or "[content_types].xml" not in names:
        raise InputError(_("this is a zip file, but not an Excel workbook (.xlsx)"),
                         file=where, fix=_(SAVE_AS_CSV))
    return out.getvalue()


def sheet_names(data: bytes, where: str) -> list[str]:
    """The names of the workbook's sheets with cells, in its order (for a choice of sheet)."""
    import openpyxl

    parts = needed_parts(data, where)
    try:
        book = openpyxl.load_workbook(io.BytesIO(parts), read_only=True, data_only=True,
                                      keep_links=False)
    except Exception:  # noqa: BLE001 - open_sheet says what is wrong with the file
        return []
    try:
        return [ws.title for ws in book.worksheets if hasattr(ws, "reset_dimensions")]
    finally:
        book.close()


def open_sheet(data: bytes, where: str, sheet: str | None) -> Table:
    """The sheet ``sheet`` (default: the first) of the workbook ``data`` as a table."""
    import openpyxl

    parts = needed_parts(data, where)
    try:
        book = openpyxl.load_workbook(io.BytesIO(parts), read_only=True, data_only=True,
                                      keep_links=False)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
        raise InputError(_("cannot read this workbook: {why}").format(
            why=str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__),
            file=where, fix=_("open it in Excel and save it again as .xlsx, or {how}")
            .format(how=_(SAVE_AS_CSV))) from None
    sheets = [ws for ws in book.worksheets if hasattr(ws, "reset_dimensions")]
    if not sheets:
        raise InputError(_("the workbook has no sheet with cells"), file=where,
                         fix=_(SAVE_AS_CSV))
    if sheet is None:
        ws = sheets[0]
    else:
        ws = next((s for s in sheets if s.title == sheet), None) or next(
            (s for s in sheets if s.title.casefold() == sheet.strip().casefold()), None)
        if ws is None:
            book.close()
            raise InputError(_("the workbook has no sheet '{sheet}'").format(sheet=sheet),
                             file=where, key="--sheet",
                             fix=_("give one of its sheets: {sheets}").format(
                                 sheets=", ".join(s.title for s in sheets)))
    ws.reset_dimensions()
    place = Place(where, ws.title)
    controls: dict[int, list[str]] = {}
    header_line, header, records = first_row(_rows(ws, place, controls), place)

    def notes() -> list[str]:
        found = sorted({c for cs in controls.values() for c in cs})
        return controls_warning(place, sorted(controls), found)

    return Table(place, header_line, header, records, notes)


def _rows(ws, place: Place, controls: dict[int, list[str]]) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) of every row up to the last one with a cell, at most
    MAX_ROWS rows of MAX_COLUMNS columns (the sheet is refused beyond)."""
    try:
        rows = ws.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
        for number, values in enumerate(rows, 1):
            if number > MAX_ROWS:
                raise InputError(
                    _("the sheet goes on past row {rows}; a participant list has at most "
                      "{max} people").format(rows=MAX_ROWS, max=MAX_PARTICIPANTS),
                    **place.at(), fix=_("delete the empty rows below the list, or copy the "
                                        "list to a new sheet"))
            if len(values) > MAX_COLUMNS and values[MAX_COLUMNS] not in (None, ""):
                raise InputError(
                    _("the sheet has more than {columns} columns").format(columns=MAX_COLUMNS),
                    **place.at(number), fix=_("copy the columns of the list to a new sheet"))
            cells = [_text(v) for v in values[:MAX_COLUMNS]]
            found = [c for cell in cells if CONTROLS.search(cell) for c in controls_in(cell)]
            if found:
                controls[number] = found
            yield number, cells
        ws.parent.close()  # the list ends here: the workbook is read
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken sheet, as openpyxl finds it
        raise InputError(_("cannot read this sheet: {why}").format(
            why=str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__),
            **place.at(), fix=_("open it in Excel and save it again as .xlsx, or {how}")
            .format(how=_(SAVE_AS_CSV))) from None


def _text(value) -> str:
    """A cell as the list shows it: dates as ISO (2026-12-10, 2026-12-10 09:30), 12.0 as
    12, nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(" ", "minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat("minutes")
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)
