"""A participant list's file, as it comes: an Excel workbook (inputs/workbook.py) or a CSV
table (inputs/table.py), told apart by its content, not by its name."""

from __future__ import annotations

from pathlib import Path

from codio_print.inputs import workbook
from codio_print.inputs.table import Table, read_bytes, text_table

ZIP_START = b"PK\x03\x04"


def open_table(path: Path, root: Path | None = None, *, sheet: str | None = None,
               what: str = "--participants") -> Table:
    """The table in ``path``: a workbook by its content (a zip), else text. ``root``: the
    folder it must lie in, links resolved (default: the file itself); ``sheet``: the
    workbook's sheet to read (default: the first); ``what``: the option that named the file,
    for the fix of a missing one."""
    where = str(path)
    data = read_bytes(path, where, root, what=what)
    if data.startswith(ZIP_START):
        return workbook.open_sheet(data, where, sheet)
    return text_table(data, where, sheet)
