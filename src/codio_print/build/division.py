"""groepsindeling.csv, written after a build: the division the kit was made with
(inputs/grouping.py), so that the next build keeps everyone at their table."""

from __future__ import annotations

from codio_print.build import outdir
from codio_print.inputs import access
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
    # The file as it is, by the one rule for reading (access.py): a link, a pipe or a device
    # there is no division of ours (it is replaced), never followed or waited for.
    old = access.bytes_or_none(division.path, [division.path.parent], links=False,
                               max_bytes=2 * len(text.encode("utf-8")) + 1024)
    if old is not None and old == text.encode("utf-8"):
        return
    outdir.write_atomically(division.path, text)
