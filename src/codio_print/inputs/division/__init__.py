"""The division: who sits at which table (one table per fundament), the one home of that
concept and its file ``groepsindeling.csv``.

A participant list is divided afresh (``fresh``: sizes differing by at most one, fixed
groups respected, roles and the other spread columns mixed), or the division of an earlier
build is kept (``kept``: read back from groepsindeling.csv, newcomers placed, the tables
evened out). A number of participants has no names and so no file. The build writes the
file once the kit is in (builder/division.py).
"""

from codio_print.inputs.division.fresh import divide
from codio_print.inputs.division.kept import (DIVISION_FILE, Division, Move, Seat, divide_kept,
                                              division_path, read_division, rows)

__all__ = ["DIVISION_FILE", "Division", "Move", "Seat", "divide", "divide_kept",
           "division_path", "read_division", "rows"]
