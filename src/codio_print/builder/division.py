"""groepsindeling.csv, written after a build: the division the kit was made with
(inputs/division), so that the next build keeps everyone at their table."""

from __future__ import annotations

from codio_print import writing
from codio_print.inputs.division import rows
from codio_print.printshop.csvcells import excel_csv
from codio_print.render.context import Prepared


def data(session, content) -> bytes | None:
    """What the division file of ``session`` holds (Excel-style, each cell formula-safe),
    byte for byte; None for a number of participants."""
    division, people = session.division, session.people
    if division is None or division.path is None or people is None:
        return None
    letters = {f.id: f.letter for f in content.fundamenten}
    return excel_csv(rows(division, people, letters)).encode("utf-8")


def keep(prep: Prepared) -> None:
    """Write the division file of a named list, only when its bytes change (watch sees every
    write, and would build again)."""
    kept = data(prep.session, prep.content)
    if kept is not None:
        writing.update(prep.session.division.path, kept)
