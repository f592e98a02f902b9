"""Cells of the CSV files codio-print writes (acties.csv, printopdracht.csv).

Excel, LibreOffice and Google Sheets run a cell that begins with ``=``, ``+``, ``-`` or ``@``
as a formula (a tab or carriage return before it does not stop them), so text from
resultaten.yaml could open links or start programs on the computer that opens the file.
A leading ``'`` makes such a cell plain text. Every CSV writer of the project passes its
cells through here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from codio_print.inputs.controls import without_controls

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """``text`` as a spreadsheet shows it, never as a formula it runs, and without control
    characters (inputs/controls.py: the bidi override U+202E would show it reversed)."""
    text = without_controls(str(text))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_row(cells: Iterable[Any]) -> list[Any]:
    """A row for ``csv.writer``: text made safe, numbers as they are."""
    return [safe_cell(c) if isinstance(c, str) else c for c in cells]


def excel_csv(rows: Iterable[Iterable[Any]]) -> str:
    """A table as Dutch Excel opens it by a double click: a UTF-8 BOM, semicolons, CRLF;
    every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow(safe_row(row))
    return "\ufeff" + out.getvalue()
