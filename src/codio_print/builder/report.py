"""What a build hands back, as plain data: per kit its pieces and their files per profile
(path, pages, SHA-256, rendered or reused), where each piece is printed and why, what was read
of the participant list, the tables and who sits at each, how the list was divided and what
changed in that, the office's print jobs, the extra files, every warning with its piece, file
and line where known, what to print again since the previous kit, the notes, the print
shop's preflight and the seconds. The build's own objects (its session, print plan and
piece results) stay in the build: ``report_of`` takes from them what a reader needs. The
command line's summary is written from it (cli/summary.py, cli/commands.py) and so is watch's
preview; ``as_dict()`` is the same as plain JSON for another front end. Also the progress
event a build sends as each render arrives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from codio_print.kit.artifacts import Extra, PieceResult, shown_warning
from codio_print.kit.profiles import Profile
from codio_print.kit.reprint import Reprint

if TYPE_CHECKING:  # at run time imported where used: it pulls in pypdf
    from codio_print.inputs.content import Content
    from codio_print.kit.printplan import PrintPlan
    from codio_print.kit.session import Session
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
    kantoor, drukker, tegels or niet; ``printed_as``: its file there; ``why``: default,
    asked, names (kept from the print shop: it shows participants' names), tiled or no-shop;
    kit/printplan.Placement)."""

    id: str
    title: str
    size: str
    copies: int
    where: str | None
    printed_as: str | None
    reused: bool  # every file kept from the previous build
    files: tuple[FileMade, ...]
    kind: str = ""  # the kind of piece (handout-3a, 3b and 3c are all handout-3)
    why: str | None = None

    @property
    def main(self) -> FileMade:
        """The file to show (preview, summary): the screen one when it was built."""
        return next((f for f in self.files if f.profile == "screen"), self.files[0])

    @property
    def pages(self) -> int:
        return self.main.pages


@dataclass(frozen=True)
class Column:
    """A column of the participant list and what it was used for: ``use`` is name, role,
    group, spread or ignored; ``why`` why it was taken (of several candidates) or ignored."""

    header: str
    use: str
    why: str = ""


@dataclass(frozen=True)
class NameTwice:
    """A name on two lines of the list (allowed: two people may share a name)."""

    name: str
    first: int
    again: int


@dataclass(frozen=True)
class ListRead:
    """What was read of a participant list: its file, how many, its columns, the names on two
    lines and the lines read past (line, why)."""

    file: Path
    count: int
    columns: tuple[Column, ...] = ()
    twice: tuple[NameTwice, ...] = ()
    skipped: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class TableMade:
    """A table: its letter (A, B, ...), its fundament (id and name), how many sit there and
    their names (none for a number of participants)."""

    letter: str
    fundament: str
    name: str
    size: int
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Moved:
    """Someone kept from the division file who sits at another table now (fundament ids)."""

    name: str
    before: str
    after: str
    why: str


@dataclass(frozen=True)
class DivisionMade:
    """How a named list was divided: ``source`` new, kept (from ``file``) or regroup; the
    people not in the file (name, fundament id), those in it no longer on the list, those
    moved; ``text``: the division file as this build kept it."""

    source: str
    file: Path | None
    newcomers: tuple[tuple[str, str], ...] = ()
    gone: tuple[str, ...] = ()
    moved: tuple[Moved, ...] = ()
    text: str | None = None


@dataclass(frozen=True)
class People:
    """Who comes and where they sit: what was read of the participant list (None for a number
    of participants), the tables, and how a named list was divided."""

    read: ListRead | None = None
    tables: tuple[TableMade, ...] = ()
    division: DivisionMade | None = None


@dataclass(frozen=True)
class OfficeJobMade:
    """One of the office's print jobs (kantoor/): its file, the paper and sides to print it
    with, its sheets (None when not known) and the pieces in it."""

    file: str
    paper: str
    sides: int
    sheets: int | None
    pieces: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    """One kit of a build, as plain data: nothing in it is one of the build's own objects."""

    case: str
    out_dir: Path
    seconds: float
    people: People = field(default_factory=People)
    profiles: tuple[Profile, ...] = ()
    pieces: tuple[PieceMade, ...] = ()
    extras: tuple[Extra, ...] = ()
    warnings: tuple[Warned, ...] = ()  # in the order the summary shows them
    preflight: tuple[FileCheck, ...] = ()  # the print shop's files checked
    missing: tuple[tuple[str, str, str], ...] = ()  # what the job sheet lacks: what, option, key
    notes: tuple[str, ...] = ()  # lines said before the zip was made
    reprint: Reprint | None = None  # what to print again since the last kit
    office: tuple[OfficeJobMade, ...] = ()  # the office's print jobs, as made

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
        return sum(p.pages for p in self.pieces)

    def as_dict(self) -> dict:
        """The report as plain data (JSON): what another front end shows."""
        return {
            "case": self.case, "out_dir": str(self.out_dir), "seconds": self.seconds,
            "profiles": [p.name for p in self.profiles], "outputs": self.outputs,
            "rendered": self.rendered, "up_to_date": self.up_to_date, "pages": self.pages,
            "people": _people_dict(self.people),
            "pieces": [{"id": p.id, "title": p.title, "kind": p.kind, "size": p.size,
                        "copies": p.copies, "where": p.where, "why": p.why,
                        "printed_as": p.printed_as, "reused": p.reused,
                        "files": [{"profile": f.profile, "path": f.path.as_posix(),
                                   "pages": f.pages, "sha256": f.sha256,
                                   "rendered": f.rendered} for f in p.files]}
                       for p in self.pieces],
            "office": [{"file": j.file, "paper": j.paper, "sides": j.sides,
                        "sheets": j.sheets, "pieces": list(j.pieces)} for j in self.office],
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


def _people_dict(people: People) -> dict:
    read, division = people.read, people.division
    return {
        "list": None if read is None else {
            "file": str(read.file), "count": read.count,
            "columns": [{"header": c.header, "use": c.use, "why": c.why}
                        for c in read.columns],
            "twice": [{"name": t.name, "first": t.first, "again": t.again}
                      for t in read.twice],
            "skipped": [{"line": line, "why": why} for line, why in read.skipped]},
        "tables": [{"letter": t.letter, "fundament": t.fundament, "name": t.name,
                    "size": t.size, "names": list(t.names)} for t in people.tables],
        "division": None if division is None else {
            "source": division.source,
            "file": str(division.file) if division.file is not None else None,
            "newcomers": [{"name": name, "fundament": fid} for name, fid in division.newcomers],
            "gone": list(division.gone),
            "moved": [{"name": m.name, "before": m.before, "after": m.after, "why": m.why}
                      for m in division.moved],
            "text": division.text},
    }


def people_of(session: Session, content: Content) -> People:
    """What a reader learns of the session: the list as read, the tables, the division."""
    from codio_print.builder.division import data

    plist, division = session.people, session.division
    read = None
    if plist is not None and plist.named:
        read = ListRead(plist.source, len(plist),
                        tuple(Column(c.header, c.use, c.why) for c in plist.columns),
                        tuple(NameTwice(t.name, t.first, t.again) for t in plist.twice),
                        tuple(plist.skipped))
    made = None
    if division is not None:
        kept = data(session, content)
        made = DivisionMade(division.source, division.path, tuple(division.newcomers),
                            tuple(division.gone),
                            tuple(Moved(m.name, m.before, m.after, m.why)
                                  for m in division.moved),
                            kept.decode("utf-8") if kept is not None else None)
    tables = tuple(TableMade(t.fundament.letter.upper(), t.fundament.id, t.fundament.naam,
                             t.size, tuple(t.names)) for t in session.tables)
    return People(read, tables, made)


def office_of(printing: PrintPlan, results, extras) -> tuple[OfficeJobMade, ...]:
    """The office's print jobs the build made (printshop/office.py)."""
    made = {Path(extra.file).as_posix() for extra in extras if extra.kind == "office"}
    return tuple(OfficeJobMade(job.file, job.paper, job.sides, job.sheets,
                               tuple(part.piece.id for part in job.parts))
                 for job in printing.office_jobs([r.piece for r in results])
                 if job.file in made)


def pieces_made(results: list[PieceResult] | tuple[PieceResult, ...],
                rendered: frozenset[tuple[str, str]],
                printing: PrintPlan | None) -> tuple[PieceMade, ...]:
    """Each piece with its files, and where it is printed and why."""
    return tuple(PieceMade(
        r.piece.id, r.piece.title, r.piece.size, r.piece.copies,
        printing.of(r.piece).where if printing else None,
        printing.file(r.piece) if printing else None, r.reused,
        tuple(FileMade(name, o.file, o.pages, o.sha256, (r.piece.id, name) in rendered)
              for name, o in r.outputs.items()), r.piece.kind.key,
        printing.of(r.piece).why if printing else None) for r in results)


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
