"""What a build hands back, as data: per kit its pieces and their files per profile (path,
pages, SHA-256, rendered or reused), the extra files, every warning with its piece, file and
line where known, what to print again since the previous kit, where each piece is printed,
the notes, the print shop's preflight and the seconds. The command line's summary is
written from it (cli/summary.py, cli/commands.py); ``as_dict()`` is the same as plain JSON
for another front end. Also the progress event a build sends as each render arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from codio_print.kit.artifacts import Extra, PieceResult, shown_warning
from codio_print.kit.printplan import PrintPlan
from codio_print.kit.profiles import Profile
from codio_print.kit.reprint import Reprint
from codio_print.kit.session import Session

if TYPE_CHECKING:  # at run time imported where used: it pulls in pypdf
    from codio_print.printshop.preflight import FileCheck


@dataclass(frozen=True)
class Progress:
    """One render arrived: the ``done``-th of ``total``, a piece in a profile."""

    done: int
    total: int
    piece: str
    profile: str


@dataclass(frozen=True)
class Warned:
    """A warning as the summary shows it (``text``, in the reader's language), and what it
    is about: ``kind`` is "session" (the participant list), "kit" (the logo, the
    PowerPoint template, the preset), "preflight" (a print shop's file) or "piece" (a
    render); ``piece``, ``file`` and ``line`` where known."""

    text: str
    kind: str
    piece: str | None = None
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class FileMade:
    """A piece's file in one profile; ``path`` is relative to the kit folder."""

    profile: str
    path: Path
    pages: int
    sha256: str
    rendered: bool  # rendered in this build; else kept from the previous kit


@dataclass(frozen=True)
class PieceMade:
    """A piece of the kit: its files per profile, and where it is printed (``where``:
    kantoor, drukker, tegels or niet; ``printed_as``: its file there)."""

    id: str
    title: str
    size: str
    copies: int
    where: str | None
    printed_as: str | None
    reused: bool  # every file kept from the previous build
    files: tuple[FileMade, ...]


@dataclass(frozen=True)
class Report:
    """One kit of a build. ``session`` (what was read of the participant list and how it was
    divided), ``printing`` (the print plan) and ``results`` (the pieces with their files, as
    the preview shows them) are the build's own objects; the rest is plain data."""

    case: str
    out_dir: Path
    seconds: float
    session: Session
    profiles: tuple[Profile, ...] = ()
    pieces: tuple[PieceMade, ...] = ()
    extras: tuple[Extra, ...] = ()
    warnings: tuple[Warned, ...] = ()  # in the order the summary shows them
    preflight: tuple[FileCheck, ...] = ()  # the print shop's files checked
    missing: tuple[tuple[str, str, str], ...] = ()  # what the job sheet lacks: what, option, key
    notes: tuple[str, ...] = ()  # lines said before the zip was made
    reprint: Reprint | None = None  # what to print again since the last kit
    printing: PrintPlan | None = None  # where each piece is printed
    results: tuple[PieceResult, ...] = ()

    @property
    def outputs(self) -> int:
        return sum(len(p.files) for p in self.pieces)

    @property
    def rendered(self) -> int:
        """Outputs (piece × profile) rendered in this build."""
        return sum(f.rendered for p in self.pieces for f in p.files)

    @property
    def up_to_date(self) -> int:
        """Outputs kept from the previous kit as they were."""
        return self.outputs - self.rendered

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results)

    def as_dict(self) -> dict:
        """The report as plain data (JSON): what another front end shows."""
        return {
            "case": self.case, "out_dir": str(self.out_dir), "seconds": self.seconds,
            "profiles": [p.name for p in self.profiles], "outputs": self.outputs,
            "rendered": self.rendered, "up_to_date": self.up_to_date, "pages": self.pages,
            "pieces": [{"id": p.id, "title": p.title, "size": p.size, "copies": p.copies,
                        "where": p.where, "printed_as": p.printed_as, "reused": p.reused,
                        "files": [{"profile": f.profile, "path": f.path.as_posix(),
                                   "pages": f.pages, "sha256": f.sha256,
                                   "rendered": f.rendered} for f in p.files]}
                       for p in self.pieces],
            "extras": [{"file": Path(e.file).as_posix(), "kind": e.kind, "piece": e.piece,
                        "paper": e.paper, "pages": e.pages} for e in self.extras],
            "warnings": [{"text": w.text, "kind": w.kind, "piece": w.piece, "file": w.file,
                          "line": w.line} for w in self.warnings],
            "preflight": [{"file": c.file, "ok": c.ok,
                           "results": {k: list(v) for k, v in c.results.items()}}
                          for c in self.preflight],
            "missing": [what for what, _option, _key in self.missing],
            "notes": list(self.notes),
            "reprint": self.reprint.as_json() if self.reprint is not None else None,
        }


def pieces_made(results: list[PieceResult] | tuple[PieceResult, ...],
                rendered: frozenset[tuple[str, str]],
                printing: PrintPlan | None) -> tuple[PieceMade, ...]:
    """Each piece with its files, and where it is printed."""
    return tuple(PieceMade(
        r.piece.id, r.piece.title, r.piece.size, r.piece.copies,
        printing.of(r.piece).where if printing else None,
        printing.file(r.piece) if printing else None, r.reused,
        tuple(FileMade(name, o.file, o.pages, o.sha256, (r.piece.id, name) in rendered)
              for name, o in r.outputs.items())) for r in results)


def piece_warnings(results) -> list[Warned]:
    """Each piece's warnings, naming their file (and the piece when the file is another);
    the same warning in two profiles once."""
    found: list[Warned] = []
    for r in results:
        seen: dict[str, Warned] = {}
        for o in r.outputs.values():
            for w in o.warnings:
                text = shown_warning(w, r.piece.id)
                seen.setdefault(text, Warned(text, "piece", r.piece.id, w.file, w.line))
        found += seen.values()
    return found


def preflight_warnings(checks) -> list[Warned]:
    """One warning for each failing property of a print shop's file."""
    if not checks:
        return []
    from codio_print.i18n import _
    from codio_print.printshop.preflight import label

    return [Warned(_("preflight: {file}: {check}: {problem}").format(
        file=check.file, check=label(prop), problem=problem), "preflight", file=check.file)
        for check in checks for prop, problem in check.failures()]
