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
from .colour import DEFAULT_ICC, check_icc, css_palette, palette, profile_name
from .content import Content, load_content
from .errors import InputError, RenderError
from .kit import Piece, plan
from .models import ID, Case
from .outputs import Extra, Output, PieceResult
from .profiles import PRINT, SCREEN, Profile, select
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
    profile: str = "all"           # print, screen or all
    icc: Path = DEFAULT_ICC        # the CMYK output profile of the print files
    tile: str | None = None        # "a3" or "a4": posters also as tiles for an office printer
    organisation: str | None = None  # on the job sheet; the case's organisation if not given
    contact: str = ""
    deliver_by: date | None = None


@dataclass
class Report:
    case: str
    out_dir: Path
    results: list[PieceResult]
    seconds: float
    session: Session
    warnings: list[str] = field(default_factory=list)  # about the whole kit (e.g. the logo)
    profiles: tuple[Profile, ...] = ()
    extras: list[Extra] = field(default_factory=list)  # tiles and the print shop's bundle

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results)


Progress = Callable[[int, int, Piece], None]


def context(content: Content, session: Session, case: Case, pieces: list[Piece],
            theme: Theme | None = None, profile: Profile = SCREEN,
            icc: Path = DEFAULT_ICC) -> dict:
    """What every template sees."""
    theme = theme or load_theme(None, content.fundamenten)
    slots = timeline(content.stappen, session.start)
    return {
        "content": content, "code": content.code, "case": case, "session": session,
        "workshop": content.workshop, "fundamenten": content.fundamenten,
        "timeline": slots, "slots": {s.stap.id: s for s in slots}, "pieces": pieces,
        "theme": theme, "font_css": theme.font_css, "font_stack": theme.body_stack,
        "groups": session.tables, "cards": session.cards(theme.body),
        "profile": profile, "icc_url": icc.resolve().as_uri(),
        "colours": css_palette(palette(theme.colours), profile.cmyk, icc),
    }


def render_html(content: Content, session: Session, case: Case, env=None,
                theme: Theme | None = None, poster: str = "A1", profile: Profile = SCREEN,
                icc: Path = DEFAULT_ICC) -> list[tuple[Piece, str]]:
    """The HTML of every piece in one profile, in kit order."""
    env = env or environment()
    pieces = plan(content, session.group_sizes, named=session.named, poster=poster)
    base = context(content, session, case, pieces, theme, profile, icc)
    return [(p, render(env, p.kind.template, {**base, "piece": p, "fundament": p.fundament}))
            for p in pieces]


def build(options: Options, progress: Progress | None = None,
          notice: Callable[[str], None] | None = None) -> Report:
    started = clock.perf_counter()
    check_case_id(options.case)
    profiles = select(options.profile)
    if PRINT in profiles:
        check_icc(options.icc)
    content = load_content(only_case=options.case,
                           extra_case_dirs=case_dirs(options.workspace))
    case = content.case(options.case)
    theme = load_theme(options.workspace, content.fundamenten)
    session = make_session(content, options.participants, options.start, options.date,
                           location=options.location, facilitator=options.facilitator)
    env = environment(override_dirs(options.workspace))
    documents = {p.name: render_html(content, session, case, env, theme, options.poster, p,
                                     options.icc) for p in profiles}
    pieces = [piece for piece, _ in documents[profiles[0].name]]

    from .bundle import write_bundle
    from .pdf import render_pdf  # WeasyPrint (0.8 s) only once the input is known to be good
    from .tiles import write_tiles

    final_dir = options.out / options.case
    allowed = [options.workspace] if options.workspace else []
    results = []
    with output.replacing(final_dir, wait=options.wait, on_wait=notice) as work:
        previous = _previous(final_dir) if options.only is not None else {}
        for i, piece in enumerate(pieces, 1):
            kept = previous.get(piece.id, {})
            if (options.only is not None and piece.id not in options.only
                    and all(p.name in kept for p in profiles)):
                results.append(PieceResult(piece, {
                    p.name: _write(work, p, piece, *kept[p.name]) for p in profiles},
                    final_dir, reused=True))
                continue
            if progress:
                progress(i, len(pieces), piece)
            outputs = {}
            for profile in profiles:
                html = documents[profile.name][i - 1][1]
                rendered = render_pdf(html, paths.TEMPLATES.as_uri() + "/", name=piece.id,
                                      allowed=allowed, profile=profile, icc=options.icc)
                if options.strict and rendered.warnings:
                    first = rendered.warnings[0]
                    raise RenderError(f"{first.message} (in {piece.id}; --strict)",
                                      file=first.file, line=first.line,
                                      fix="correct it, or build without --strict")
                outputs[profile.name] = _write(work, profile, piece, rendered.pdf,
                                               rendered.pages,
                                               [_shown(w, piece) for w in rendered.warnings])
            results.append(PieceResult(piece, outputs, final_dir))
        extras = []
        if options.tile:
            extras += write_tiles(work, results, options.tile, content, session, case, env,
                                  theme, allowed)
        if PRINT in profiles:
            extras.append(write_bundle(work, results, options, session, case, content, env,
                                       theme))
        write_manifest(work / "manifest.json", options.case, results, profiles, extras, work,
                       options.icc)
    return Report(options.case, final_dir, results, clock.perf_counter() - started, session,
                  theme.logo_warnings({piece.size for piece in pieces}), profiles, extras)


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


def _write(work: Path, profile: Profile, piece: Piece, pdf: bytes, pages: int,
           warnings: list[str] | None = None) -> Output:
    """Write one piece in one profile: <profile>/<id>.pdf in the kit folder."""
    relative = Path(profile.name) / f"{piece.id}.pdf"
    (work / profile.name).mkdir(exist_ok=True)
    (work / relative).write_bytes(pdf)
    return Output(profile, relative, pages, hashlib.sha256(pdf).hexdigest(), warnings or [])


def _previous(kit_dir: Path) -> dict[str, dict[str, tuple[bytes, int]]]:
    """The PDFs of the last build per piece and profile, with their page counts, for a
    partial rebuild."""
    try:
        manifest = json.loads((kit_dir / "manifest.json").read_text(encoding="utf-8"))
        return {p["id"]: {name: ((kit_dir / f["file"]).read_bytes(), f["pages"])
                          for name, f in p["files"].items()}
                for p in manifest["pieces"]}
    except (OSError, ValueError, KeyError):
        return {}  # no usable previous kit: render everything


def write_manifest(path: Path, case: str, results: list[PieceResult],
                   profiles: tuple[Profile, ...], extras: list[Extra], work: Path,
                   icc: Path = DEFAULT_ICC) -> None:
    """Every piece with its files per profile; ``file``/``sha256`` name the main one (the
    screen file when there is one), ``files`` all of them."""
    def entry(o: Output) -> dict:
        return {"file": o.file.as_posix(), "pages": o.pages, "sha256": o.sha256}

    data = {
        "case": case,
        "profiles": [p.name for p in profiles],
        "icc": profile_name(icc) if PRINT in profiles else None,
        "pieces": [{
            "id": r.piece.id, "title": r.piece.title, "file": r.main.file.as_posix(),
            "size": r.piece.size, "pages": r.pages, "copies": r.piece.copies,
            "audience": r.piece.kind.audience, "sha256": r.sha256,
            "files": {name: entry(o) for name, o in r.outputs.items()},
        } for r in results],
        "extra": [{"file": e.file.as_posix(), "kind": e.kind, "piece": e.piece, "paper": e.paper,
                   "pages": e.pages,
                   "sha256": hashlib.sha256((work / e.file).read_bytes()).hexdigest()}
                  for e in extras],
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
