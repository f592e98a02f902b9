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

from codio_print.build import cache
from codio_print.build import outdir as output
from codio_print.render.colour import DEFAULT_ICC, check_icc, css_palette, palette, profile_name
from codio_print.inputs.content import Content, load_content
from codio_print.errors import InputError, RenderError
from codio_print.kit.pieces import Piece, plan
from codio_print.inputs.models import ID, Case
from codio_print.kit.artifacts import Extra, Output, PieceResult
from codio_print.kit.profiles import PRINT, SCREEN, Profile, select
from codio_print.kit.schedule import timeline
from codio_print.kit.session import Session, make_session
from codio_print.render.templating import environment, render
from codio_print.inputs.theme import Theme, load_theme
from codio_print.inputs.workspace import case_dirs, override_dirs


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
    poster: str = "A0"  # the action-plan poster: A0 (default) or A1
    only: frozenset[str] | None = None  # render just these pieces; keep the others' last PDFs
    strict: bool = False  # a WeasyPrint warning fails the build
    wait: bool = True  # wait for another build into the same folder, or stop
    profile: str = "all"           # print, screen or all
    icc: Path = DEFAULT_ICC        # the CMYK output profile of the print files
    tile: str | None = None        # "a3" or "a4": posters also as tiles for an office printer
    organisation: str | None = None  # on the job sheet; the case's organisation if not given
    contact: str = ""
    deliver_by: date | None = None
    force: bool = False            # render everything, ignoring the previous kit
    workers: int | None = None     # render processes; default: one per core


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
    rendered: int = 0  # outputs (piece × profile) rendered; the rest were up to date

    @property
    def outputs(self) -> int:
        return sum(len(r.outputs) for r in self.results)

    @property
    def up_to_date(self) -> int:
        return self.outputs - self.rendered

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results)


Progress = Callable[[int, int, str], None]  # done so far, to render, piece id


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
                theme: Theme | None = None, poster: str = "A0", profile: Profile = SCREEN,
                icc: Path = DEFAULT_ICC) -> list[tuple[Piece, str]]:
    """The HTML of every piece in one profile, in kit order."""
    env = env or environment()
    pieces = plan(content, session.group_sizes, named=session.named, poster=poster)
    base = context(content, session, case, pieces, theme, profile, icc)
    return [(p, render(env, p.kind.template, {**base, "piece": p, "fundament": p.fundament}))
            for p in pieces]


@dataclass
class Prepared:
    """Everything a build renders from: checked input and the HTML of every piece."""

    content: Content
    case: Case
    theme: Theme
    session: Session
    env: object
    profiles: tuple[Profile, ...]
    pieces: list[Piece]
    documents: dict[str, list[tuple[Piece, str]]]  # profile name -> (piece, HTML) in kit order


def prepare(options: Options) -> Prepared:
    """Load and check the input, and render the HTML of every piece in every profile."""
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
    return Prepared(content, case, theme, session, env, profiles, pieces, documents)


def build(options: Options, progress: Progress | None = None,
          notice: Callable[[str], None] | None = None) -> Report:
    started = clock.perf_counter()
    prep = prepare(options)
    content, case, theme, session, env = prep.content, prep.case, prep.theme, prep.session, prep.env
    profiles, pieces, documents = prep.profiles, prep.pieces, prep.documents

    final_dir = options.out / options.case
    allowed = (options.workspace,) if options.workspace else ()
    assets = cache.assets_digest([h for docs in documents.values() for _, h in docs],
                                 override_dirs(options.workspace), [*allowed, options.icc])
    keys = {(piece.id, prof.name): cache.key(documents[prof.name][i][1], prof.name, assets)
            for prof in profiles for i, piece in enumerate(pieces)}
    settings = _extras_settings(options, pieces)
    logo_warnings = theme.logo_warnings({piece.size for piece in pieces})
    if options.only is None and not options.force:
        unchanged = _unchanged(final_dir, cache.kit_key(sorted(keys.values()), settings),
                               profiles, pieces)
        if unchanged is not None:  # nothing to do: WeasyPrint is not even imported
            if options.strict:
                _fail_on_warnings(unchanged[0])
            return Report(options.case, final_dir, unchanged[0], clock.perf_counter() - started,
                          session, logo_warnings, profiles, unchanged[1], rendered=0)

    from codio_print.printshop.bundle import write_bundle
    from codio_print.render.pool import Job, render_all
    from codio_print.printshop.tiles import write_tiles

    with output.replacing(final_dir, wait=options.wait, on_wait=notice) as work, \
            output.scratch(final_dir) as scratch:
        _, before = cache.previous(final_dir)  # read again, under the lock
        kept: dict[tuple[str, str], tuple[bytes, cache.Cached]] = {}
        todo: list[tuple[Piece, Profile, Job]] = []
        for i, piece in enumerate(pieces):
            for prof in profiles:
                hit = None if options.force else _hit(before, piece, prof, keys, options.only)
                data = cache.read(hit) if hit else None
                if data is not None:
                    kept[(piece.id, prof.name)] = (data, hit)
                else:
                    todo.append((piece, prof, Job(piece.id, prof, documents[prof.name][i][1],
                                                  allowed, options.icc)))
        count = iter(range(1, len(todo) + 1))

        def done(index: int, rendered) -> None:
            piece = todo[index][0]
            if options.strict and rendered.warnings:  # fail at once, not after every render
                raise _strict_error(piece, rendered.warnings[0])
            if progress:
                progress(next(count), len(todo), piece.id)

        rendered = render_all([job for _, _, job in todo], processes=options.workers,
                              done=done, scratch=scratch)
        fresh = {(piece.id, prof.name): r for (piece, prof, _), r in zip(todo, rendered)}
        results = []
        recorded_keys = []
        for piece in pieces:
            outputs = {}
            for prof in profiles:
                k = (piece.id, prof.name)
                if k in kept:  # with the key and warnings it was rendered with
                    data, hit = kept[k]
                    outputs[prof.name] = _write(work, prof, piece, data, hit.pages,
                                                hit.warnings, key=hit.key)
                else:
                    r = fresh[k]
                    outputs[prof.name] = _write(work, prof, piece, r.pdf, r.pages, r.warnings,
                                                key=keys[k])
                recorded_keys.append(outputs[prof.name].key)
            reused = all((piece.id, prof.name) in kept for prof in profiles)
            results.append(PieceResult(piece, outputs, final_dir, reused=reused))
        extras = []
        if options.tile:
            extras += write_tiles(work, results, options.tile, content, session, case, env,
                                  theme, list(allowed))
        if PRINT in profiles:
            extras.append(write_bundle(work, results, options, session, case, content, env,
                                       theme))
        # The kit's key from the keys its files were really rendered with: a piece kept from
        # an older build under ``only`` (watch) makes the next plain build look at it again.
        write_manifest(work / "manifest.json", options.case, results, profiles, extras, work,
                       options.icc, cache.kit_key(sorted(recorded_keys), settings))
    return Report(options.case, final_dir, results, clock.perf_counter() - started, session,
                  logo_warnings, profiles, extras, rendered=len(todo))


def _strict_error(piece: Piece, warning) -> RenderError:
    return RenderError(f"{warning.message} (in {piece.id}; --strict)", file=warning.file,
                       line=warning.line, fix="correct it, or build without --strict")


def _fail_on_warnings(results: list[PieceResult]) -> None:
    """--strict on a kit that is up to date: its pieces' kept warnings count as well."""
    for r in results:
        for o in r.outputs.values():
            if o.warnings:
                raise _strict_error(r.piece, o.warnings[0])


def _hit(before: dict, piece: Piece, prof: Profile, keys: dict, only: frozenset[str] | None):
    """The previous output to reuse: the one with the same key, or with ``only`` (the live
    preview names what changed) whatever the previous build wrote for a piece not named."""
    key = keys[(piece.id, prof.name)]
    if (piece.id, prof.name, key) in before:
        return before[(piece.id, prof.name, key)]
    if only is not None and piece.id not in only:
        return next((c for (pid, pname, _), c in before.items()
                     if pid == piece.id and pname == prof.name), None)
    return None


def _extras_settings(options: Options, pieces: list[Piece]) -> dict:
    """What the manifest, the bundle and the tiles read besides the pieces' PDFs."""
    return {"profile": options.profile, "tile": options.tile,
            "icc": cache.file_stamp(options.icc, [options.icc]),  # what it holds, not where
            "organisation": options.organisation, "contact": options.contact,
            "deliver_by": options.deliver_by,
            "pieces": [(p.id, p.title, p.size, p.copies, p.kind.audience) for p in pieces]}


def _unchanged(final_dir: Path, kit_key: str, profiles: tuple[Profile, ...],
               pieces: list[Piece]):
    """The previous kit's results and extras when it was built from exactly these inputs."""
    try:
        manifest = json.loads((final_dir / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("kit_key") != kit_key:
            return None
        by_name = {p.name: p for p in profiles}
        by_id = {p.id: p for p in pieces}
        results = []
        for entry in manifest["pieces"]:
            outputs = {}
            for name, f in entry["files"].items():
                cached = cache.Cached(final_dir / f["file"], f["pages"], f["sha256"])
                if cache.read(cached) is None:  # gone or damaged: build again
                    return None
                outputs[name] = Output(by_name[name], Path(f["file"]), f["pages"], f["sha256"],
                                       cache.warnings_of(f), key=f.get("key", ""))
            results.append(PieceResult(by_id[entry["id"]], outputs, final_dir, reused=True))
        extras = [Extra(Path(e["file"]), e["kind"], e.get("piece"), e.get("paper"),
                        e.get("pages", 0)) for e in manifest.get("extra", [])]
        if [r.piece.id for r in results] != list(by_id) or not all(
                (final_dir / e.file).is_file() for e in extras):
            return None
        return results, extras
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check_case_id(case_id: str) -> None:
    """A case id becomes a folder name: never a path, never '..'."""
    if not re.fullmatch(ID, case_id):
        raise InputError(f"'{case_id}' is not a case id",
                         fix="case ids are lower-case letters, digits and hyphens, "
                             "e.g. arnhem (see 'codio-print cases')")


def _write(work: Path, profile: Profile, piece: Piece, pdf: bytes, pages: int,
           warnings: list | None = None, *, key: str = "") -> Output:
    """Write one piece in one profile: <profile>/<id>.pdf in the kit folder."""
    relative = Path(profile.name) / f"{piece.id}.pdf"
    (work / profile.name).mkdir(exist_ok=True)
    (work / relative).write_bytes(pdf)
    return Output(profile, relative, pages, hashlib.sha256(pdf).hexdigest(), warnings or [],
                  key=key)


def write_manifest(path: Path, case: str, results: list[PieceResult],
                   profiles: tuple[Profile, ...], extras: list[Extra], work: Path,
                   icc: Path = DEFAULT_ICC, kit_key: str = "") -> None:
    """Every piece with its files per profile; ``file``/``sha256`` name the main one (the
    screen file when there is one), ``files`` all of them."""
    def entry(o: Output) -> dict:
        return {"file": o.file.as_posix(), "pages": o.pages, "sha256": o.sha256, "key": o.key,
                "warnings": [{"message": w.message, "file": w.file, "line": w.line}
                             for w in o.warnings]}

    data = {
        "case": case,
        "kit_key": kit_key,
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
