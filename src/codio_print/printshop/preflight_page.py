"""The preflight as a page the print shop reads without the tool: what was checked, and per
file of the order each check passed or failed (preflight.pdf in drukwerk.zip). Its wording,
the checks' names and what each one means, is in content/teksten/preflight.yaml."""

from __future__ import annotations

from dataclasses import dataclass

from codio_print.kit.pieces import Piece, PieceKind
from codio_print.printshop.jobsheet import Order
from codio_print.printshop.preflight import FileCheck
from codio_print.render.templating import render

PREFLIGHT_PAGE = Piece("preflight", PieceKind("preflight", "Preflight", "preflight.html", "A4",
                                              "once", landscape=True), None, 1)
# The checks of a print file, in the order of the page's columns.
SHOWN = ("opens", "boxes", "fonts", "colour", "ink", "annots", "title", "attachments",
         "active")


@dataclass(frozen=True)
class Checked:
    """One row of the page: a file, each check's outcome (True, False; None: not done), and
    the problems as (check, what check found)."""

    file: str
    outcomes: tuple[bool | None, ...]
    problems: tuple[tuple[str, str], ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def rows(checks: list[FileCheck]) -> list[Checked]:
    return [Checked(c.file, tuple(None if prop not in c.results else not c.results[prop]
                                  for prop in SHOWN),
                    tuple((prop, p) for prop, p in c.failures() if prop in SHOWN))
            for c in checks]


def preflight_html(env, base: dict, checks: list[FileCheck], order: Order) -> str:
    """The page's HTML, from the build's context (``base``)."""
    return render(env, PREFLIGHT_PAGE.kind.template,
                  {**base, "piece": PREFLIGHT_PAGE, "fundament": None, "order": order,
                   "rows": rows(checks), "columns": SHOWN})
