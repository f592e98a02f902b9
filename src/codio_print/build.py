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
from .kit import Piece, plan
from .models import Case
from .schedule import timeline
from .session import Session, make_session
from .templating import environment, render
from .theme import Theme, load_theme
from .workspace import case_dirs, override_dirs


@dataclass(frozen=True)
class Options:
    case: str
    participants: int | Path = 12  # a number, or a participant list (CSV)
    start: time = time(9, 30)
    date: date | None = None
    out: Path = Path("build")
    workspace: Path | None = None  # the organisation's folder: cases, templates, huisstijl.yaml
    location: str = ""
    facilitator: str = ""
    poster: str = "A1"  # the action-plan poster: A1 or A0
    only: frozenset[str] | None = None  # render just these pieces; keep the others' last PDFs


@dataclass
class PieceResult:
    piece: Piece
    file: Path
    pages: int
    sha256: str
    warnings: list[str] = field(default_factory=list)
    reused: bool = False  # kept from the previous build (Options.only)


@dataclass
class Report:
    case: str
    out_dir: Path
    results: list[PieceResult]
    seconds: float
    session: Session
    warnings: list[str] = field(default_factory=list)  # about the whole kit (e.g. the logo)

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results)


Progress = Callable[[int, int, Piece], None]


def context(content: Content, session: Session, case: Case, pieces: list[Piece],
            theme: Theme | None = None) -> dict:
    """What every template sees."""
    theme = theme or load_theme(None, content.fundamenten)
    slots = timeline(content.stappen, session.start)
    return {
        "content": content, "code": content.code, "case": case, "session": session,
        "workshop": content.workshop, "fundamenten": content.fundamenten,
        "timeline": slots, "slots": {s.stap.id: s for s in slots}, "pieces": pieces,
        "theme": theme, "font_css": theme.font_css, "font_stack": theme.body_stack,
        "groups": session.tables, "cards": session.cards(theme.body),
    }


def render_html(content: Content, session: Session, case: Case, env=None,
                theme: Theme | None = None, poster: str = "A1") -> list[tuple[Piece, str]]:
    """The HTML of every piece, in kit order."""
    env = env or environment()
    pieces = plan(content, session.group_sizes, named=session.named, poster=poster)
    base = context(content, session, case, pieces, theme)
    return [(p, render(env, p.kind.template, {**base, "piece": p, "fundament": p.fundament}))
            for p in pieces]


def build(options: Options, progress: Progress | None = None) -> Report:
    from .pdf import render_pdf  # WeasyPrint is imported only when something is rendered

    started = clock.perf_counter()
    content = load_content(only_case=options.case,
                           extra_case_dirs=case_dirs(options.workspace))
    case = content.case(options.case)
    theme = load_theme(options.workspace, content.fundamenten)
    session = make_session(content, options.participants, options.start, options.date,
                           location=options.location, facilitator=options.facilitator)
    env = environment(override_dirs(options.workspace))
    documents = render_html(content, session, case, env, theme, options.poster)

    final_dir = options.out / options.case
    previous = _previous(final_dir) if options.only is not None else {}
    options.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{options.case}-", dir=options.out))
    try:
        results = []
        for i, (piece, html) in enumerate(documents, 1):
            if piece.id in previous and piece.id not in options.only:
                pdf, pages = previous[piece.id]
                (work / f"{piece.id}.pdf").write_bytes(pdf)
                results.append(PieceResult(piece, final_dir / f"{piece.id}.pdf", pages,
                                           hashlib.sha256(pdf).hexdigest(), reused=True))
                continue
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
    return Report(options.case, final_dir, results, clock.perf_counter() - started, session,
                  theme.logo_warnings({piece.size for piece, _ in documents}))


def _previous(kit_dir: Path) -> dict[str, tuple[bytes, int]]:
    """The PDFs of the last build with their page counts, for a partial rebuild."""
    try:
        manifest = json.loads((kit_dir / "manifest.json").read_text(encoding="utf-8"))
        return {p["id"]: ((kit_dir / p["file"]).read_bytes(), p["pages"])
                for p in manifest["pieces"]}
    except (OSError, ValueError, KeyError):
        return {}  # no usable previous kit: render everything


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
            "size": r.piece.size, "pages": r.pages, "copies": r.piece.copies,
            "audience": r.piece.kind.audience, "sha256": r.sha256,
        } for r in results],
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
