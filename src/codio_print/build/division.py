"""groepsindeling.csv, written after a build: the division the kit was made with
(inputs/grouping.py), so that the next build keeps everyone at their table."""

from __future__ import annotations

from codio_print.build import outdir
from codio_print.inputs.grouping import rows
from codio_print.printshop.csvcells import excel_csv
from codio_print.render.context import Prepared


def keep(prep: Prepared) -> None:
    """Write the division file of a named list, only when it changed (Excel-style, each cell
    formula-safe); nothing for a number of participants."""
    division, people = prep.session.division, prep.session.people
    if division is None or division.path is None or people is None:
        return
    letters = {f.id: f.letter for f in prep.content.fundamenten}
    text = excel_csv(rows(division, people, letters))
    try:
        if division.path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    outdir.write_atomically(division.path, text)
