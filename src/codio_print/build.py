"""The build, top to bottom: load content, plan the kit, render HTML, render PDF, write."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time as clock
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Callable

from . import paths
from .content import Content, load_content
from .errors import InputError
from .fonts import font_face_css, font_faces
from .kit import Piece, group_sizes, plan
from .schedule import end_time, timeline
from .templating import environment, render


@dataclass(frozen=True)
class Options:
    case: str
    participants: int = 12
    start: time = time(9, 30)
    date: date | None = None
    out: Path = Path("build")


@dataclass(frozen=True)
class Session:
    """What the templates know about this session."""

    date: date | None
    start: time
    end: time
    participants: int
    group_sizes: list[int]

    @property
    def stamp(self) -> str:
        """The document date written into PDF metadata: the session date, else a fixed one."""
        return f"{self.date or date(2026, 1, 1):%Y-%m-%d}T00:00:00Z"


@dataclass(frozen=True)
class Card:
    """One tent card; without a participant list the name is left blank to write on."""

    fundament: object
    name: str = ""
    role: str = ""
    name_pt: float = 60


@dataclass(frozen=True)
class Group:
    """One table: its fundament and who sits there (names empty without a list)."""

    fundament: object
    size: int
    names: tuple[str, ...] = ()


@dataclass
class PieceResult:
    piece: Piece
    file: Path
    pages: int
    sha256: str
    warnings: list[str] = field(default_factory=list)


@dataclass
class Report:
    case: str
    out_dir: Path
    results: list[PieceResult]
    seconds: float

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results)


Progress = Callable[[int, int, Piece], None]


def check_options(options: Options) -> None:
    if options.participants < 3:
        raise InputError(f"--participants {options.participants}: the workshop needs at least "
                         "3 participants, one group per fundament", fix="give 3 or more")


def context(content: Content, options: Options, pieces: list[Piece]) -> dict:
    case = content.case(options.case)
    sizes = group_sizes(options.participants)
    slots = timeline(content.stappen, options.start)
    session = Session(options.date, options.start, end_time(content.stappen, options.start),
                      options.participants, sizes)
    return {
        "content": content, "code": content.code, "case": case, "session": session,
        "workshop": content.workshop, "fundamenten": content.fundamenten,
        "timeline": slots, "slots": {s.stap.id: s for s in slots}, "pieces": pieces,
        "font_css": font_face_css(font_faces()),
        "cards": [Card(f) for f, n in zip(content.fundamenten, sizes) for _ in range(n)],
        "groups": [Group(f, n) for f, n in zip(content.fundamenten, sizes)],
    }


def render_html(content: Content, options: Options, env=None) -> list[tuple[Piece, str]]:
    """The HTML of every piece, in kit order."""
    env = env or environment()
    pieces = plan(content, group_sizes(options.participants))
    base = context(content, options, pieces)
    return [(p, render(env, p.kind.template, {**base, "piece": p, "fundament": p.fundament}))
            for p in pieces]


def build(options: Options, progress: Progress | None = None) -> Report:
    from .pdf import render_pdf  # WeasyPrint is imported only when something is rendered

    started = clock.perf_counter()
    check_options(options)
    content = load_content(only_case=options.case)
    content.case(options.case)
    documents = render_html(content, options)

    final_dir = options.out / options.case
    options.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{options.case}-", dir=options.out))
    try:
        results = []
        for i, (piece, html) in enumerate(documents, 1):
            if progress:
                progress(i, len(documents), piece)
            rendered = render_pdf(html, paths.TEMPLATES.as_uri() + "/", name=piece.id)
            (work / f"{piece.id}.pdf").write_bytes(rendered.pdf)
            results.append(PieceResult(piece, final_dir / f"{piece.id}.pdf", rendered.pages,
                                       hashlib.sha256(rendered.pdf).hexdigest(),
                                       rendered.warnings))
        write_manifest(work / "manifest.json", options.case, results)
        _swap(work, final_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Report(options.case, final_dir, results, clock.perf_counter() - started)


def _swap(new: Path, final: Path) -> None:
    """Replace the old kit by the new one in two renames, so no half kit is ever visible."""
    old = final.with_name(f".{final.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    new.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def write_manifest(path: Path, case: str, results: list[PieceResult]) -> None:
    data = {
        "case": case,
        "pieces": [{
            "id": r.piece.id, "title": r.piece.title, "file": r.file.name,
            "size": r.piece.kind.size, "pages": r.pages, "copies": r.piece.copies,
            "audience": r.piece.kind.audience, "sha256": r.sha256,
        } for r in results],
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
