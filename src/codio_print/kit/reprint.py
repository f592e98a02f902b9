"""What to print again after a build that changed something: per place (the office, the print
shop, the tiles) the printed files that changed and, where a file holds a page or a fixed run
of pages per person or per group, which pages, by person or group.

Who is on which pages comes from what the build knows, not from the PDF: the session's people
in their order (the name cards: one card each; hand-out 2: a sheet per person of the group
and a spare) and the piece's group (a group's sheet). The manifest keeps these runs per file
(``runs``), so the next build knows who was where before. Whether a person's pages changed is
decided by their pages' content (the page's drawing and its size, hashed): a person whose
sheet moved to other page numbers but reads the same need not be printed again. A file
without runs is compared page by page.

The result is data (Reprint), written into manifest.json (``reprint``) for the web interface
and told in the build's summary (cli/summary.py).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

PLACES = ("kantoor", "drukker", "tegels")
NEW, CHANGED, GONE = "new", "changed", "gone"
COPIES = "copies"  # the file is as before, but more or fewer copies are needed


@dataclass(frozen=True)
class Run:
    """The pages of one person (``who``; "" for a spare or a blank card) or one group."""

    who: str
    group: str       # the fundament's letter, or ""
    first: int       # 1-based, inclusive
    last: int

    def as_list(self) -> list:
        return [self.who, self.group, self.first, self.last]

    @classmethod
    def of(cls, data) -> Run:
        who, group, first, last = data
        return cls(str(who), str(group), int(first), int(last))


@dataclass(frozen=True)
class Pages:
    """Pages of a file to print again (or to take out: ``gone``, numbered as before)."""

    first: int
    last: int
    change: str          # new, changed, gone
    who: str = ""
    group: str = ""
    person: bool = False  # who is a person (or a spare), not a whole group's file


@dataclass(frozen=True)
class FileChange:
    file: str            # relative to the kit folder (print/x.pdf: inside drukwerk.zip)
    piece: str
    change: str          # new, changed, gone, copies
    pages: tuple[Pages, ...] = ()
    whole: bool = False  # every page (a new file, or one that changed throughout)
    copies: int = 0      # copies more (or fewer, below 0) than before: a late sign-up


@dataclass
class Reprint:
    places: dict[str, list[FileChange]] = field(default_factory=dict)
    bundle: str | None = None  # drukwerk.zip: "new", "changed", "same" or "gone"; None: no shop

    @property
    def anything(self) -> bool:
        return any(self.places.values()) or self.bundle in (NEW, CHANGED)

    def as_json(self) -> dict:
        return {
            "bundle": self.bundle,
            "places": [{"place": place, "files": [{
                "file": f.file, "piece": f.piece, "change": f.change, "whole": f.whole,
                "copies": f.copies,
                "pages": [{"first": p.first, "last": p.last, "change": p.change,
                           "who": p.who, "group": p.group, "person": p.person}
                          for p in f.pages]} for f in files]}
                for place, files in self.places.items()]}


# ---- who is on which pages ----------------------------------------------------------------

def runs(piece, pages: int, session) -> list[Run]:
    """The runs of a piece's file of ``pages`` pages (see the module's text); none when the
    pages do not divide evenly among those it holds (then pages are compared one by one)."""
    letter = piece.fundament.letter if piece.fundament is not None else ""
    if piece.kind.key == "naamkaartjes":
        people = [(person.name, t.fundament.letter) for t in session.tables
                  for person in t.members]
    elif piece.kind.personal and session.named and piece.fundament is not None:
        table = next((t for t in session.tables if t.fundament.id == piece.fundament.id), None)
        if table is None:
            return []
        people = [(name, letter) for name in [*table.names, ""]]
    elif letter and pages:
        return [Run("", letter, 1, pages)]
    else:
        return []
    if not people or pages % len(people):
        return []
    each = pages // len(people)
    return [Run(who, group, 1 + i * each, (i + 1) * each) for i, (who, group) in
            enumerate(people)]


def fingerprints(pdf: bytes) -> list[str]:
    """Per page, what it shows: its content and its size, hashed (resource names and the
    file's metadata aside, so a page that reads the same in another file matches)."""
    from pypdf import PdfReader

    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        digest = hashlib.sha256(repr([float(v) for v in page.mediabox]).encode())
        contents = page.get_contents()
        digest.update(contents.get_data() if contents is not None else b"")
        out.append(digest.hexdigest())
    return out


# ---- what changed -------------------------------------------------------------------------

@dataclass(frozen=True)
class Printed:
    """A file as printed somewhere: its place, hash, pages and runs."""

    file: str
    piece: str
    sha256: str
    pages: int
    runs: tuple[Run, ...] = ()
    copies: int = 1


def compare(before: dict[str, list[Printed]], after: dict[str, list[Printed]],
            old: Callable[[str], bytes | None], new: Callable[[str], bytes | None],
            bundle: tuple[str | None, str | None] | None = None) -> Reprint:
    """What changed from ``before`` to ``after`` (per place, the files printed there);
    ``old(file)``/``new(file)``: a file's bytes in the previous and in this kit (None when
    not at hand: the file then counts as changed throughout); ``bundle``: the SHA-256 of
    drukwerk.zip before and after (None: no zip)."""
    reprint = Reprint()
    for place in PLACES:
        was = {p.file: p for p in before.get(place, [])}
        now = {p.file: p for p in after.get(place, [])}
        changes = []
        for file, p in now.items():
            if file not in was:
                changes.append(FileChange(file, p.piece, NEW, (Pages(1, p.pages, NEW),),
                                          whole=True))
            else:
                change = (_changed(was[file], p, old(file), new(file))
                          if was[file].sha256 != p.sha256 else None)
                more = p.copies - was[file].copies
                if more and change is None:
                    change = FileChange(file, p.piece, COPIES, copies=more)
                elif more:
                    change = replace(change, copies=more)
                if change is not None:
                    changes.append(change)
        changes += [FileChange(file, p.piece, GONE, (Pages(1, p.pages, GONE),), whole=True)
                    for file, p in was.items() if file not in now]
        if changes:
            reprint.places[place] = changes
    if bundle is not None:
        was_zip, now_zip = bundle
        reprint.bundle = (None if was_zip is None and now_zip is None else
                          NEW if was_zip is None else GONE if now_zip is None else
                          "same" if was_zip == now_zip else CHANGED)
    return reprint


def _changed(was: Printed, now: Printed, old: bytes | None, new: bytes | None
             ) -> FileChange | None:
    """A file whose bytes differ: its pages that differ, by run where both have runs; None
    when every page reads as before (only its metadata or form fields changed)."""
    if old is None or new is None:
        return FileChange(now.file, now.piece, CHANGED, (Pages(1, now.pages, CHANGED),),
                          whole=True)
    try:
        before, after = fingerprints(old), fingerprints(new)
    except Exception:  # noqa: BLE001 - pypdf's errors are many: then the whole file counts
        return FileChange(now.file, now.piece, CHANGED, (Pages(1, now.pages, CHANGED),),
                          whole=True)
    if was.runs and now.runs:
        pages = _by_run(was.runs, now.runs, before, after)
    else:
        pages = _by_page(before, after)
    if not pages:
        return None
    changed = [p for p in pages if p.change != GONE]
    whole = (len(after) > 0 and sum(p.last - p.first + 1 for p in changed) == len(after)
             and not any(p.person for p in pages))
    if whole:
        pages = [Pages(1, len(after), CHANGED)]
    return FileChange(now.file, now.piece, CHANGED, tuple(pages), whole=whole)


def _key(runs: Iterable[Run]) -> dict[tuple[str, str, int], Run]:
    """Runs by who and group, and which of that name it is (a name may be on a list twice)."""
    seen: dict[tuple[str, str], int] = {}
    out = {}
    for run in runs:
        n = seen.get((run.who, run.group), 0)
        seen[(run.who, run.group)] = n + 1
        out[(run.who, run.group, n)] = run
    return out


def _by_run(was: tuple[Run, ...], now: tuple[Run, ...], before: list[str],
            after: list[str]) -> list[Pages]:
    old_runs, new_runs = _key(was), _key(now)
    person = any(r.who for r in (*was, *now)) or len({r.group for r in now}) > 1

    def prints(run: Run, pages: list[str]) -> list[str]:
        return pages[run.first - 1:run.last]

    out = []
    for key, run in new_runs.items():
        if key not in old_runs:
            out.append(Pages(run.first, run.last, NEW, run.who, run.group, person))
        elif prints(run, after) != prints(old_runs[key], before):
            out.append(Pages(run.first, run.last, CHANGED, run.who, run.group, person))
    out += [Pages(run.first, run.last, GONE, run.who, run.group, person)
            for key, run in old_runs.items() if key not in new_runs]
    return out


def _by_page(before: list[str], after: list[str]) -> list[Pages]:
    marks = [(i + 1, NEW if i >= len(before) else CHANGED) for i, page in enumerate(after)
             if i >= len(before) or before[i] != page]
    marks += [(i + 1, GONE) for i in range(len(after), len(before))]
    out: list[Pages] = []
    for number, change in marks:
        last = out[-1] if out else None
        if last and last.change == change and last.last == number - 1:
            out[-1] = Pages(last.first, number, change)
        else:
            out.append(Pages(number, number, change))
    return out


# ---- the files each place prints ----------------------------------------------------------

def printed_now(plan, results, extras, runs_of: Callable[[str], tuple[Run, ...]],
                sha_of: Callable[[str], str]) -> dict[str, list[Printed]]:
    """Per place, the files this kit prints there: the office's from its profile's folder,
    the shop's print files (in drukwerk.zip), the tiles."""
    out: dict[str, list[Printed]] = {}
    for r in results:
        where = plan.of(r.piece).where
        if where == "kantoor":
            o = r.outputs.get(plan.office)
        elif where == "drukker":
            o = r.outputs.get("print")
        else:
            continue
        if o is not None:
            file = o.file.as_posix()
            out.setdefault(where, []).append(Printed(file, r.piece.id, o.sha256, o.pages,
                                                     runs_of(file), r.piece.copies))
    for e in extras:
        if e.kind == "tiles":
            file = e.file.as_posix()
            out.setdefault("tegels", []).append(Printed(file, e.piece or "", sha_of(file),
                                                        e.pages))
    return out


def printed_before(previous) -> dict[str, list[Printed]]:
    """The same of the previous kit, from its manifest (manifest.Manifest)."""
    out: dict[str, list[Printed]] = {}
    office = previous.profiles[-1] if previous.profiles else "screen"
    for piece in previous.pieces:
        profile = {"kantoor": office, "drukker": "print"}.get(piece.destination)
        entry = piece.files.get(profile) if profile else None
        if entry is not None:
            out.setdefault(piece.destination, []).append(
                Printed(entry.file, piece.id, entry.sha256, entry.pages, entry.runs,
                        piece.copies))
    for e in previous.extras:
        if e.kind == "tiles":
            out.setdefault("tegels", []).append(Printed(e.file, e.piece or "", e.sha256,
                                                        e.pages))
    return out


def of_kit(plan, session, results, extras, previous, old: Callable[[str], bytes | None],
           new: Callable[[str], bytes | None]) -> tuple[dict[str, list[Run]], Reprint | None]:
    """The runs of every file of a kit (for its manifest), and what changed since the
    ``previous`` kit (its manifest; None: a first build, nothing to compare)."""
    by_file: dict[str, list[Run]] = {}
    for r in results:
        for o in r.outputs.values():
            these = runs(r.piece, o.pages, session)
            if these:
                by_file[o.file.as_posix()] = these
    if previous is None:
        return by_file, None

    def sha_of(file: str) -> str:
        data = new(file)
        return hashlib.sha256(data).hexdigest() if data is not None else ""

    after = printed_now(plan, results, extras, lambda f: tuple(by_file.get(f, ())), sha_of)
    was_zip = next((e.sha256 for e in previous.extras if e.kind == "bundle"), None)
    now_zip = next((sha_of(e.file.as_posix()) for e in extras if e.kind == "bundle"), None)
    return by_file, compare(printed_before(previous), after, old, new,
                            bundle=(was_zip, now_zip))
