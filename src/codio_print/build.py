"""The build, top to bottom: load content, plan the kit, render HTML, render PDF, write."""

from __future__ import annotations

import hashlib
import json
import re
import time as clock
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Callable

from . import output, paths
from .content import Content, load_content
from .errors import InputError, RenderError
from .kit import Piece, plan
from .models import ID, Case
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
    strict: bool = False  # a WeasyPrint warning fails the build
    wait: bool = True  # wait for another build into the same folder, or stop


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


def build(options: Options, progress: Progress | None = None,
          notice: Callable[[str], None] | None = None) -> Report:
    started = clock.perf_counter()
    check_case_id(options.case)
    content = load_content(only_case=options.case,
                           extra_case_dirs=case_dirs(options.workspace))
    case = content.case(options.case)
    theme = load_theme(options.workspace, content.fundamenten)
    session = make_session(content, options.participants, options.start, options.date,
                           location=options.location, facilitator=options.facilitator)
    env = environment(override_dirs(options.workspace))
    documents = render_html(content, session, case, env, theme, options.poster)

    from .pdf import render_pdf  # WeasyPrint (0.8 s) only once the input is known to be good

    final_dir = options.out / options.case
    allowed = [options.workspace] if options.workspace else []
    results = []
    with output.replacing(final_dir, wait=options.wait, on_wait=notice) as work:
        previous = _previous(final_dir) if options.only is not None else {}
        for i, (piece, html) in enumerate(documents, 1):
            if piece.id in previous and piece.id not in options.only:
                pdf, pages = previous[piece.id]
                (work / f"{piece.id}.pdf").write_bytes(pdf)
                results.append(PieceResult(piece, final_dir / f"{piece.id}.pdf", pages,
                                           hashlib.sha256(pdf).hexdigest(), reused=True))
                continue
            if progress:
                progress(i, len(documents), piece)
            rendered = render_pdf(html, paths.TEMPLATES.as_uri() + "/", name=piece.id,
                                  allowed=allowed)
            if options.strict and rendered.warnings:
                first = rendered.warnings[0]
                raise RenderError(f"{first.message} (in {piece.id}; --strict)", file=first.file,
                                  line=first.line, fix="correct it, or build without --strict")
            (work / f"{piece.id}.pdf").write_bytes(rendered.pdf)
            results.append(PieceResult(piece, final_dir / f"{piece.id}.pdf", rendered.pages,
                                       hashlib.sha256(rendered.pdf).hexdigest(),
                                       [_shown(w, piece) for w in rendered.warnings]))
        write_manifest(work / "manifest.json", options.case, results)
    return Report(options.case, final_dir, results, clock.perf_counter() - started, session,
                  theme.logo_warnings({piece.size for piece, _ in documents}))


def check_case_id(case_id: str) -> None:
    """A case id becomes a folder name: never a path, never '..'."""
    if not re.fullmatch(ID, case_id):
        raise InputError(f"'{case_id}' is not a case id",
                         fix="case ids are lower-case letters, digits and hyphens, "
                             "e.g. arnhem (see 'codio-print cases')")


def _shown(warning, piece: Piece) -> str:
    """A warning as one line that names its file, and the piece when the file is another."""
    text = warning.one_line()
    return text if warning.file == piece.id else f"{text} (in {piece.id})"


def _previous(kit_dir: Path) -> dict[str, tuple[bytes, int]]:
    """The PDFs of the last build with their page counts, for a partial rebuild."""
    try:
        manifest = json.loads((kit_dir / "manifest.json").read_text(encoding="utf-8"))
        return {p["id"]: ((kit_dir / p["file"]).read_bytes(), p["pages"])
                for p in manifest["pieces"]}
    except (OSError, ValueError, KeyError):
        return {}  # no usable previous kit: render everything


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
