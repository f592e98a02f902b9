"""The steps of a kit's build once its input is read, rendered as HTML and keyed
(pipeline.py): what the previous kit can give, the render jobs, and writing one kit's files
(the pieces, the tiles, the run sheet again with the real pages, the slides, the print
shop's zip, the office's dividers, what to print again). Each takes what it needs and
returns what it made.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from codio_print.builder import cache
from codio_print.builder.report import Progress
from codio_print.errors import RenderError
from codio_print.i18n import _
from codio_print.inputs.settings import Settings
from codio_print.inputs.workspace import override_dirs
from codio_print.kit import manifest, reprint
from codio_print.kit.artifacts import Extra, Output, PieceResult
from codio_print.kit.pieces import Piece
from codio_print.kit.printplan import PLANNED, pages_of
from codio_print.kit.profiles import SCREEN, Profile, prints
from codio_print.printshop import presets
from codio_print.printshop.jobsheet import Contact
from codio_print.render.context import Prepared, context, render_html

if TYPE_CHECKING:  # at run time imported where used: they pull in python-pptx, pypdf
    from codio_print.printshop.preflight import FileCheck
    from codio_print.render.slides import Slides

OutputKey = tuple[str, str]  # (piece id, profile name)
Render = Callable[[list], list]  # render jobs in the build's workers (render.pool)


@dataclass(frozen=True)
class Kit:
    """One kit of a build, keyed: its settings, its input and HTML, each output's key."""

    settings: Settings
    prep: Prepared
    keys: Mapping[OutputKey, str]

    @property
    def final(self) -> Path:
        return self.settings.kit_dir


@dataclass(frozen=True)
class Split:
    """What the previous kit gives as it is (its bytes and manifest entry, per output), and
    what must be rendered: (index in the kit, piece, profile)."""

    reused: Mapping[OutputKey, tuple[bytes, manifest.FileEntry]]
    todo: tuple[tuple[int, Piece, Profile], ...]


@dataclass(frozen=True)
class Made:
    """What became of one kit: the input it was last rendered from (the run sheet with the
    real pages), its files, the outputs rendered in this build, the print shop's preflight,
    the notes said on the way, what to print again and who is on which pages."""

    prep: Prepared
    results: tuple[PieceResult, ...]
    extras: tuple[Extra, ...]
    rendered: frozenset[OutputKey] = frozenset()
    checks: tuple[FileCheck, ...] = ()
    notes: tuple[str, ...] = ()
    reprint: reprint.Reprint | None = None
    runs: Mapping[str, list[reprint.Run]] = field(default_factory=dict)


def allowed(settings: Settings) -> tuple[Path, ...]:
    """What a render may read besides our own folders: the workspace."""
    return (settings.workspace,) if settings.workspace else ()


def output_keys(prep: Prepared, settings: Settings,
                only: tuple[str, ...] | None = None) -> dict[OutputKey, str]:
    """The cache key of every piece in every profile (cache.py); ``only`` of these pieces."""
    assets = cache.assets_digest([h for docs in prep.documents.values() for _, h in docs],
                                 override_dirs(settings.workspace),
                                 [*allowed(settings), settings.icc])
    return {(piece.id, prof.name): cache.key(prep.html(i, prof), prof.name, assets)
            for prof in prep.profiles for i, piece in enumerate(prep.pieces)
            if only is None or piece.id in only}


def split(kit: Kit, previous, only: frozenset[str] | None) -> Split:
    """What the ``previous`` kit (its manifest) can give, and what must be rendered."""
    reused: dict[OutputKey, tuple[bytes, manifest.FileEntry]] = {}
    todo: list[tuple[int, Piece, Profile]] = []
    for i, piece in enumerate(kit.prep.pieces):
        for prof in kit.prep.profiles:
            entry = None if kit.settings.force else cache.reusable(
                previous, piece.id, prof.name, kit.keys[(piece.id, prof.name)], only)
            data = cache.kept_bytes(kit.final, entry) if entry else None
            if data is not None:
                reused[(piece.id, prof.name)] = (data, entry)
            else:
                todo.append((i, piece, prof))
    return Split(reused, tuple(todo))


def jobs(kits: list[Kit], splits: list[Split]) -> tuple[list, list]:
    """The render jobs of every kit, in kit order, and who each is for: (strict, piece,
    profile name)."""
    from codio_print.render.pool import Job

    todo, owners = [], []
    for kit, s in zip(kits, splits):
        for i, piece, prof in s.todo:
            todo.append(Job(piece.id, prof, kit.prep.html(i, prof), allowed(kit.settings),
                            kit.settings.icc, piece.budget))
            owners.append((kit.settings.strict, piece, prof.name))
    return todo, owners


def on_each(owners: list[tuple[bool, Piece, str]],
            progress: Callable[[Progress], None] | None):
    """What happens as each render arrives: --strict fails at its first warning (not after
    every render), and the progress event."""
    count = iter(range(1, len(owners) + 1))

    def done(index: int, rendered) -> None:
        strict, piece, profile = owners[index]
        if strict and rendered.warnings:
            raise strict_error(piece, rendered.warnings[0])
        if progress:
            progress(Progress(next(count), len(owners), piece.id, profile))

    return done


def write_kit(work: Path, kit: Kit, previous, plan: Split, fresh: dict,
              slides: Slides | None, again: Render, notice) -> Made:
    """The pieces and the extras (tiles, the slides, the print shop's zip, the office's
    dividers) of one kit in ``work``, and what to print again since the ``previous`` kit;
    ``again`` renders jobs in the build's render workers (the run sheet once the other
    files' pages are known, the office's dividers). The manifest is the pipeline's."""
    from codio_print.printshop.tiles import write_tiles
    from codio_print.render.slides import write_slides

    settings = kit.settings
    earlier = _previous_files(previous, kit.final)
    results = write_pieces(work, kit.final, kit.prep, plan.reused, fresh, kit.keys)
    extras = write_tiles(work, results, settings, kit.prep) if kit.prep.printing.tile else []
    prep, results, settled = settle_pages(work, kit, results, extras, again)
    extras += write_slides(work, slides)  # presentatie.pptx and .odp
    bundle, checks, notes = write_shop(work, settings, prep, results, earlier, notice)
    notes = (slides.note, *notes) if slides and slides.note else notes
    extras += bundle
    extras += write_office(work, settings, prep, results, earlier, again)
    runs, change = reprint.of_kit(  # who is on which pages; what to print again
        prep.printing, prep.session, results, extras, previous, old=earlier,
        new=lambda file: _read(work / file))
    rendered = frozenset((piece.id, prof.name) for _, piece, prof in plan.todo) | settled
    return Made(prep, tuple(results), tuple(extras), rendered, checks, notes, change, runs)


def settle_pages(work: Path, kit: Kit, results: list[PieceResult], extras: list[Extra],
                 render: Render) -> tuple[Prepared, list[PieceResult], frozenset[OutputKey]]:
    """The run sheet counts the sheets of every piece from the pages of the previous build.
    When this build's files have other pages, render it again with theirs (its own pages
    count too: at most a few rounds). The Prepared and results to go on with, and the
    outputs rendered again."""
    from codio_print.render.pool import Job

    settings, prep, keys = kit.settings, kit.prep, dict(kit.keys)
    again: set[OutputKey] = set()
    for _ in range(3):
        actual = pages_of(((r.piece.id, r.pages) for r in results), extras)
        if {k: prep.printing.pages.get(k) for k in actual} == actual:
            break
        printing = prep.printing.with_pages(actual)
        redone = {prof.name: dict(render_html(prep.content, prep.session, prep.case, prep.env,
                                              prep.theme, prep.pieces, prof, settings.icc,
                                              printing, only=frozenset(PLANNED)))
                  for prof in prep.profiles}
        documents = {name: [(piece, redone[name].get(piece, html)) for piece, html in docs]
                     for name, docs in prep.documents.items()}
        prep = replace(prep, printing=printing, documents=documents)
        keys.update(output_keys(prep, settings, only=PLANNED))
        todo = [(i, piece, prof) for prof in prep.profiles
                for i, piece in enumerate(prep.pieces) if piece.id in PLANNED]
        jobs_ = [Job(piece.id, prof, prep.html(i, prof), allowed(settings), settings.icc,
                     piece.budget) for i, piece, prof in todo]
        fresh = {(piece.id, prof.name): r for (_, piece, prof), r in zip(todo, render(jobs_))}
        results = write_pieces(work, kit.final, prep, {}, fresh, keys, only=PLANNED,
                               keep=results)
        again |= set(fresh)
    return prep, results, frozenset(again)


def write_shop(work: Path, settings: Settings, prep: Prepared, results: list[PieceResult],
               earlier: Callable[[str], bytes | None], notice
               ) -> tuple[list[Extra], tuple[FileCheck, ...], tuple[str, ...]]:
    """The print shop's drukwerk.zip (a print build only), its preflight, and the note of
    what its job sheet lacks (said at once)."""
    from codio_print.printshop.bundle import BUNDLE, write_bundle

    if not prints(prep.profiles):
        return [], (), ()
    chosen = presets.chosen(settings)
    notes = []
    note = Contact.of(settings).missing_note(workspace=settings.workspace is not None)
    if note and any(prep.printing.to_shop(p) for p in prep.pieces):
        notes.append(note)
        if notice:
            notice(note)
    bundle, checks = write_bundle(
        work, results, settings, prep, chosen, previous=earlier(BUNDLE),
        key_of=lambda htmls: cache.key("\0".join(htmls), "bundle", cache.assets_digest(
            htmls, override_dirs(settings.workspace), [*allowed(settings), settings.icc])))
    return [bundle] if bundle else [], tuple(checks), tuple(notes)


def write_office(work: Path, settings: Settings, prep: Prepared, results: list[PieceResult],
                 earlier: Callable[[str], bytes | None], again: Render) -> list[Extra]:
    """kantoor/: the office's print jobs with their dividers (printshop/office.py)."""
    from codio_print.printshop.office import write_office as write
    from codio_print.render.pool import Job

    return write(work, prep.printing, results, env=prep.env, allowed=list(allowed(
        settings)), base=context(prep.content, prep.session, prep.case, prep.pieces, prep.theme,
                                 SCREEN, settings.icc, prep.printing),
        previous=earlier,
        renderer=lambda html: again([Job("kantoor", SCREEN, html, allowed(settings),
                                         settings.icc)])[0].pdf,
        key_of=lambda html: cache.key(html, "kantoor", cache.assets_digest(
            [html], override_dirs(settings.workspace), [*allowed(settings), settings.icc])))


def _previous_files(previous, final: Path) -> Callable[[str], bytes | None]:
    """A file of the previous kit (a piece's in a profile, or an extra), when it is what
    that kit's manifest says."""
    def read(file: str) -> bytes | None:
        if previous is None:
            return None
        entry = next((e for p in previous.pieces for e in p.files.values() if e.file == file),
                     None) or next((e for e in previous.extras if str(e.file) == file), None)
        return cache.kept_bytes(final, entry) if entry else None

    return read


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def write_pieces(work: Path, final: Path, prep: Prepared, reused: Mapping, fresh: dict,
                 keys: Mapping, *, only: tuple[str, ...] | None = None,
                 keep: list[PieceResult] | None = None) -> list[PieceResult]:
    """<profile>/<id>.pdf for every piece: a reused one with the key and the warnings it
    was rendered with, a fresh one with its own. ``only``: write just these pieces again and
    ``keep`` the other results as they are."""
    kept = {r.piece.id: r for r in keep or []}
    results = []
    for piece in prep.pieces:
        if only is not None and piece.id not in only:
            results.append(kept[piece.id])
            continue
        outputs = {}
        for prof in prep.profiles:
            k = (piece.id, prof.name)
            if k in reused:
                data, entry = reused[k]
                outputs[prof.name] = _write(work, prof, piece, data, entry.pages,
                                            list(entry.warnings), key=entry.key)
            else:
                r = fresh[k]
                outputs[prof.name] = _write(work, prof, piece, r.pdf, r.pages, r.warnings,
                                            key=keys[k])
        results.append(PieceResult(piece, outputs, final,
                                   reused=all((piece.id, p.name) in reused
                                              for p in prep.profiles)))
    return results


def _write(work: Path, profile: Profile, piece: Piece, pdf: bytes, pages: int,
           warnings: list, *, key: str) -> Output:
    relative = Path(profile.name) / f"{piece.id}.pdf"
    (work / profile.name).mkdir(exist_ok=True)
    (work / relative).write_bytes(pdf)
    return Output(profile, relative, pages, hashlib.sha256(pdf).hexdigest(), warnings, key=key)


def strict_error(piece: Piece, warning) -> RenderError:
    return RenderError(_("{warning} (in {piece}; --strict)").format(warning=warning.message,
                                                                   piece=piece.id),
                       file=warning.file, line=warning.line,
                       fix=_("correct it, or build without --strict"), key="strict")


def fail_on_warnings(results) -> None:
    """--strict on a kit that is up to date: its pieces' kept warnings count as well."""
    for r in results:
        for o in r.outputs.values():
            if o.warnings:
                raise strict_error(r.piece, o.warnings[0])
