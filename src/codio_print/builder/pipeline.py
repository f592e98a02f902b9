"""The kit build, as the list of its steps: load and check the input, render the HTML of
every piece, key each output, reuse what is unchanged, render the rest as PDFs, write the
pieces and the tiles, render the run sheet again if its materials list counted other pages,
write the print shop's bundle and the manifest, swap the kit in, keep the division of the
participant list (groepsindeling.csv).
"""

from __future__ import annotations

import hashlib
import time as clock
from collections.abc import Callable
from contextlib import ExitStack, closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from codio_print import paths
from codio_print.builder import cache, division, outdir
from codio_print.errors import RenderError
from codio_print.i18n import _
from codio_print.inputs.assets import check_icc
from codio_print.inputs.content import load_content
from codio_print.inputs.settings import Settings
from codio_print.inputs.theme import load_theme
from codio_print.inputs.validate import check_case_id
from codio_print.inputs.workspace import case_dirs, override_dirs
from codio_print.kit import manifest, reprint
from codio_print.kit.artifacts import Extra, Output, PieceResult
from codio_print.kit.pieces import Piece, plan
from codio_print.kit.printplan import PLANNED, pages_of, plan_printing
from codio_print.kit.profiles import SCREEN, Profile, prints, select
from codio_print.kit.session import Session, make_session
from codio_print.printshop import presets
from codio_print.printshop.jobsheet import Contact
from codio_print.render.contrast import check as check_contrast
from codio_print.render.context import Prepared, context, render_html
from codio_print.render.templating import environment

if TYPE_CHECKING:  # at run time imported where used: it pulls in python-pptx
    from codio_print.render.slides_pptx import Slides

Progress = Callable[[int, int, str, str], None]  # done so far, to render, piece id, profile
Notice = Callable[[str], None]
# The templates of the job sheet, the preflight page and the tiles' marks.
EXTRA_TEMPLATES = ("printopdracht.html", "preflight.html", "tegels.html", "kantoor.html")


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
    preflight: list = field(default_factory=list)  # the shop's files checked (preflight.py)
    printing: object = None  # where each piece is printed (printplan.PrintPlan)
    missing: list = field(default_factory=list)  # what the shop's job sheet lacks (jobsheet)
    notes: list = field(default_factory=list)  # lines said before the zip was made
    reprint: object = None  # what to print again since the last kit (reprint.Reprint)

    @property
    def outputs(self) -> int:
        return sum(len(r.outputs) for r in self.results)

    @property
    def up_to_date(self) -> int:
        return self.outputs - self.rendered

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.results)


def prepare(settings: Settings) -> Prepared:
    """Load and check the input, and render the HTML of every piece in every profile."""
    check_case_id(settings.case)
    profiles = select(settings.profile, settings.bleed)
    if prints(profiles):
        check_icc(settings.icc)
        presets.chosen(settings)  # a preset without its profile: before anything is rendered
    content = load_content(only_case=settings.case,
                           extra_case_dirs=case_dirs(settings.workspace))
    case = content.case(settings.case)
    theme = load_theme(settings.workspace, content.fundamenten)
    check_contrast(theme)  # WCAG 2.1 AA for every text-on-colour pair: else one line, exit 1
    session = make_session(content, settings.participants, settings.start, settings.date,
                           location=settings.location, facilitator=settings.facilitator,
                           division=settings.division_file, regroup=settings.regroup,
                           sheet=settings.sheet)
    env = environment(override_dirs(settings.workspace))
    pieces = plan(content, session.group_sizes, named=session.named, poster=settings.poster)
    previous = manifest.read(settings.kit_dir)  # its pages: the run sheet counts sheets
    printing = plan_printing(settings, pieces, session.named, office=profiles[-1].name,
                             pages=pages_of(((p.id, p.pages) for p in previous.pieces),
                                            previous.extras) if previous else {},
                             shop=prints(profiles))
    documents = {p.name: render_html(content, session, case, env, theme, pieces, p,
                                     settings.icc, printing) for p in profiles}
    return Prepared(content, case, theme, session, env, profiles, documents, printing)


def build(settings: Settings, progress: Progress | None = None, notice: Notice | None = None,
          *, only: frozenset[str] | None = None, pool=None) -> Report:
    """Build the kit for one case into OUT/CASE/. ``only``: render just these pieces (watch
    knows what a change affects) and keep the others' last PDFs; ``pool``: render workers
    that stay from build to build (render.pool.WarmPool, for watch)."""
    return build_all([settings], progress, notice, only=only, pool=pool)[0]


def build_all(all_settings: list[Settings], progress: Progress | None = None,
              notice: Notice | None = None, *, only: frozenset[str] | None = None,
              pool=None) -> list[Report]:
    """Build several kits (a case each) with one pool of render processes, which stays busy
    from the first render of the first kit to the last of the last. All or nothing: a kit is
    swapped in only when every kit rendered."""
    started = clock.perf_counter()
    kits = [_Kit(s, prepare(s)) for s in all_settings]
    for kit in kits:
        kit.keys = output_keys(kit.prep, kit.settings)
        if only is None and not kit.settings.force:
            kit.kept = cache.unchanged_kit(kit.final, _kit_key(kit.keys.values(), kit.prep,
                                                                kit.settings),
                                           kit.prep.profiles, kit.prep.pieces)
            if kit.kept is not None and kit.settings.strict:
                _fail_on_warnings(kit.kept[0])
    todo = [kit for kit in kits if kit.kept is None]
    if todo:  # else WeasyPrint is not even imported
        _render_and_write(todo, progress, notice, only, pool)
    for kit in kits:  # the kits are in: their divisions are the ones to keep
        try:
            division.keep(kit.prep)
        except OSError as exc:  # a full disk is named by its file: the workspace's, not the kit's
            exc.filename = exc.filename or str(kit.prep.session.division.path)
            raise
    return [_report(kit, *(kit.kept or kit.written), started) for kit in kits]


@dataclass
class _Kit:
    """One kit of a build: its settings, input and HTML, and what becomes of each output."""

    settings: Settings
    prep: Prepared
    keys: dict = field(default_factory=dict)
    kept: tuple | None = None       # the previous kit as it is: results and extras
    written: tuple | None = None    # the new kit's results and extras
    todo: list = field(default_factory=list)
    again: set = field(default_factory=set)  # outputs rendered again (the run sheet's pages)
    checks: list = field(default_factory=list)  # the preflight of the shop's files
    notes: list = field(default_factory=list)   # said before the zip was made
    previous: object = None  # the previous kit's manifest (read under the lock)
    reprint: object = None   # what changed since it, per place (kit/reprint.py)
    slides: Slides | None = None  # its presentatie.pptx, and the .odp being converted

    @property
    def final(self) -> Path:
        return self.settings.kit_dir


def _render_and_write(kits: list[_Kit], progress: Progress | None, notice: Notice | None,
                      only: frozenset[str] | None, pool) -> None:
    from codio_print.render.pool import BuildPool, Job
    from codio_print.render.slides_pptx import start_slides

    with ExitStack() as stack:
        # The locks are taken in one order, so two builds of the same kits never wait for
        # each other in a circle.
        folders = {kit.final: None for kit in sorted(kits, key=lambda k: str(k.final))}
        for kit in sorted(kits, key=lambda k: str(k.final)):
            folders[kit.final] = stack.enter_context(outdir.replacing(
                kit.final, wait=kit.settings.wait, on_wait=notice))
        works = [folders[kit.final] for kit in kits]
        scratch = stack.enter_context(outdir.scratch(kits[0].final))
        if pool is None:  # else watch's, which stays from build to build
            pool = stack.enter_context(closing(BuildPool(scratch, kits[0].settings.workers)))
        jobs, owners, reused = [], [], []
        for kit in kits:
            # again, under the lock; only a kit this machine made gives anything
            previous = kit.previous = cache.previous_kit(kit.final)
            kept, kit.todo = _split(kit.final, previous, kit.prep, kit.keys, kit.settings, only)
            reused.append(kept)
            for i, piece, prof in kit.todo:
                jobs.append(Job(piece.id, prof, kit.prep.html(i, prof),
                                _allowed(kit.settings), kit.settings.icc))
                owners.append((kit, piece, prof.name))
        # The slides' .odp is converted by LibreOffice while the PDFs render; for several
        # kits after them, so that the render workers and LibreOffice are not in memory at
        # once (three cases stay under 600 MB).
        for kit, slides in zip(kits, start_slides([(kit.final, kit.prep) for kit in kits],
                                                  at_once=len(kits) == 1)):
            kit.slides = slides
        conversion = next((k.slides.conversion for k in kits if k.slides), None)
        if conversion:  # one LibreOffice for all kits; stopped if the build fails
            stack.callback(conversion.cancel)
        done = _on_each(owners, progress)
        fresh = iter(pool.render_all(jobs, done))
        again = pool.render_all  # the run sheet with the pages; the office's dividers

        for kit, work, kept in zip(kits, works, reused):
            new = {(piece.id, prof.name): next(fresh) for _, piece, prof in kit.todo}
            kit.written = _write_kit(work, kit, kept, new, again, notice)


def _write_kit(work: Path, kit: _Kit, reused: dict, fresh: dict, again, notice) -> tuple:
    """The pieces, the extras (tiles, the slides, the print shop's zip) and the manifest of
    one kit; ``again`` renders jobs in the build's render workers (the run sheet once the
    other files' pages are known, the office's dividers)."""
    from codio_print.printshop.bundle import write_bundle
    from codio_print.printshop.office import write_office
    from codio_print.render.pool import Job
    from codio_print.printshop.tiles import write_tiles
    from codio_print.render.slides_pptx import write_slides

    settings, prep = kit.settings, kit.prep
    results = _write_pieces(work, kit.final, prep, reused, fresh, kit.keys)
    extras = write_tiles(work, results, settings, prep) if prep.printing.tile else []
    prep, results, kit.again = _settle_pages(work, kit, results, extras, again)
    kit.prep = prep
    extras += write_slides(work, kit.slides)  # presentatie.pptx and .odp
    chosen = None
    if prints(prep.profiles):
        chosen = presets.chosen(settings)
        note = Contact.of(settings).missing_note(workspace=settings.workspace is not None)
        if note and any(prep.printing.to_shop(p) for p in prep.pieces):
            kit.notes.append(note)
            if notice:
                notice(note)
        bundle, kit.checks = write_bundle(
            work, results, settings, prep, chosen, previous=_previous_bundle(kit),
            key_of=lambda htmls: cache.key("\0".join(htmls), "bundle", cache.assets_digest(
                htmls, override_dirs(settings.workspace), [*_allowed(settings), settings.icc])))
        extras += [bundle] if bundle else []
    extras += write_office(work, prep.printing, results, env=prep.env, allowed=list(_allowed(
        settings)), base=context(prep.content, prep.session, prep.case, prep.pieces, prep.theme,
                                 SCREEN, settings.icc, prep.printing),
        previous=lambda file: _previous_file(kit, file),
        renderer=lambda html: again([Job("kantoor", SCREEN, html, _allowed(settings),
                                         settings.icc)])[0].pdf,
        key_of=lambda html: cache.key(html, "kantoor", cache.assets_digest(
            [html], override_dirs(settings.workspace), [*_allowed(settings), settings.icc])))
    runs, kit.reprint = reprint.of_kit(  # who is on which pages; what to print again
        prep.printing, prep.session, results, extras, kit.previous,
        old=lambda file: _previous_file(kit, file), new=lambda file: _read(work / file))
    # The kit's key from the keys its files were really rendered with: a piece kept from an
    # older build under ``only`` (watch) makes the next plain build look at it again.
    recorded = [o.key for r in results for o in r.outputs.values()]
    cache.remember(manifest.write(
        work, settings.case, results, prep.profiles, extras,
        chosen.icc_name if chosen else None, _kit_key(recorded, prep, settings),
        destinations={r.piece.id: prep.printing.of(r.piece).where for r in results},
        limits=(chosen.max_ink, chosen.bleed_mm) if chosen else None, runs=runs,
        settings=settings.record(),
        # only a list with something on it: the same inputs rebuilt give the same manifest
        reprint=kit.reprint.as_json() if kit.reprint and kit.reprint.anything else None))
    return results, extras


def _settle_pages(work: Path, kit: _Kit, results: list[PieceResult], extras: list[Extra],
                  render) -> tuple:
    """The run sheet counts the sheets of every piece from the pages of the previous build.
    When this build's files have other pages, render it again with theirs (its own pages
    count too: at most a few rounds). The Prepared and results to go on with, and the
    outputs rendered again."""
    from codio_print.render.pool import Job

    settings, prep = kit.settings, kit.prep
    again: set[tuple[str, str]] = set()
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
        kit.keys.update(output_keys(prep, settings, only=PLANNED))
        todo = [(i, piece, prof) for prof in prep.profiles
                for i, piece in enumerate(prep.pieces) if piece.id in PLANNED]
        jobs = [Job(piece.id, prof, prep.html(i, prof), _allowed(settings), settings.icc)
                for i, piece, prof in todo]
        fresh = {(piece.id, prof.name): r for (_, piece, prof), r in zip(todo, render(jobs))}
        results = _write_pieces(work, kit.final, prep, {}, fresh, kit.keys, only=PLANNED,
                                keep=results)
        again |= set(fresh)
    return prep, results, again


def output_keys(prep: Prepared, settings: Settings,
                only: tuple[str, ...] | None = None) -> dict[tuple[str, str], str]:
    """The cache key of every piece in every profile (cache.py); ``only`` of these pieces."""
    allowed = _allowed(settings)
    assets = cache.assets_digest([h for docs in prep.documents.values() for _, h in docs],
                                 override_dirs(settings.workspace), [*allowed, settings.icc])
    return {(piece.id, prof.name): cache.key(prep.html(i, prof), prof.name, assets)
            for prof in prep.profiles for i, piece in enumerate(prep.pieces)
            if only is None or piece.id in only}


def _allowed(settings: Settings) -> tuple[Path, ...]:
    """What a render may read besides our own folders: the workspace."""
    return (settings.workspace,) if settings.workspace else ()


def _kit_key(output_keys, prep: Prepared, settings: Settings) -> str:
    """The key of the whole kit: every output, and what the manifest, the bundle and the
    tiles read besides the pieces' PDFs."""
    read_by_extras = {
        "profile": settings.profile, "tile": settings.tile,
        "icc": cache.file_stamp(settings.icc, [settings.icc]),  # what it holds, not where
        "organisation": settings.organisation, "contact": settings.contact,
        "phone": settings.phone, "email": settings.email, "address": settings.address,
        "reference": settings.reference, "deliver_by": settings.deliver_by,
        "preset": settings.preset, "bleed": settings.bleed,
        "slides": cache.file_stamp(prep.theme.slides_template, [prep.theme.slides_template])
        if prep.theme.slides_template else None,  # the PowerPoint template's layouts
        "pieces": [(p.id, p.title, p.size, p.copies, p.kind.audience,
                    prep.printing.of(p).where) for p in prep.pieces],
        # the extras' own templates (their HTML is not among the outputs' keys)
        "templates": [cache.file_stamp(folder / name, [folder])
                      for folder in (paths.TEMPLATES, *override_dirs(settings.workspace))
                      for name in EXTRA_TEMPLATES if (folder / name).is_file()]}
    return cache.kit_key(sorted(output_keys), read_by_extras)


def _previous_bundle(kit: _Kit) -> bytes | None:
    """The previous kit's drukwerk.zip, when it is what that kit's manifest says."""
    from codio_print.printshop.bundle import BUNDLE

    return _previous_file(kit, BUNDLE)


def _previous_file(kit: _Kit, file: str) -> bytes | None:
    """A file of the previous kit (a piece's in a profile, or an extra), when it is what
    that kit's manifest says."""
    previous = kit.previous
    if previous is None:
        return None
    entry = next((e for p in previous.pieces for e in p.files.values() if e.file == file),
                 None) or next((e for e in previous.extras if str(e.file) == file), None)
    return cache.kept_bytes(kit.final, entry) if entry else None


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _split(final: Path, previous, prep: Prepared, keys: dict, settings: Settings,
           only: frozenset[str] | None):
    """What the previous kit can give (its bytes and entry), and what must be rendered."""
    reused: dict[tuple[str, str], tuple[bytes, manifest.FileEntry]] = {}
    todo: list[tuple[int, Piece, Profile]] = []
    for i, piece in enumerate(prep.pieces):
        for prof in prep.profiles:
            entry = None if settings.force else cache.reusable(
                previous, piece.id, prof.name, keys[(piece.id, prof.name)], only)
            data = cache.kept_bytes(final, entry) if entry else None
            if data is not None:
                reused[(piece.id, prof.name)] = (data, entry)
            else:
                todo.append((i, piece, prof))
    return reused, todo


def _on_each(owners: list, progress: Progress | None):
    """What happens as each render arrives: --strict fails at its first warning (not after
    every render), and the progress line."""
    count = iter(range(1, len(owners) + 1))

    def done(index: int, rendered) -> None:
        kit, piece, profile = owners[index]
        if kit.settings.strict and rendered.warnings:
            raise _strict_error(piece, rendered.warnings[0])
        if progress:
            progress(next(count), len(owners), piece.id, profile)

    return done


def _write_pieces(work: Path, final: Path, prep: Prepared, reused: dict, fresh: dict,
                  keys: dict, *, only: tuple[str, ...] | None = None,
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


def _report(kit: _Kit, results: list[PieceResult], extras: list[Extra],
            started: float) -> Report:
    settings, prep = kit.settings, kit.prep
    warnings = prep.theme.logo_warnings({p.size for p in prep.pieces})
    warnings += prep.theme.template_warnings  # what the PowerPoint template lost
    if prints(prep.profiles):
        warnings += list(presets.chosen(settings).warnings)
    if kit.checks:
        from codio_print.printshop.preflight import label
    for check in kit.checks:
        warnings += [_("preflight: {file}: {check}: {problem}").format(
            file=check.file, check=label(prop), problem=problem)
            for prop, problem in check.failures()]
    shop = prints(prep.profiles) and any(prep.printing.to_shop(p) for p in prep.pieces)
    rendered = {(piece.id, prof.name) for _, piece, prof in kit.todo} | kit.again
    return Report(settings.case, settings.kit_dir, results, clock.perf_counter() - started,
                  prep.session, warnings, prep.profiles, extras, rendered=len(rendered),
                  preflight=list(kit.checks), printing=prep.printing,
                  missing=Contact.of(settings).missing if shop else [],
                  notes=list(kit.notes), reprint=kit.reprint)


def _strict_error(piece: Piece, warning) -> RenderError:
    return RenderError(_("{warning} (in {piece}; --strict)").format(warning=warning.message,
                                                                   piece=piece.id),
                       file=warning.file, line=warning.line,
                       fix=_("correct it, or build without --strict"), key="strict")


def _fail_on_warnings(results: list[PieceResult]) -> None:
    """--strict on a kit that is up to date: its pieces' kept warnings count as well."""
    for r in results:
        for o in r.outputs.values():
            if o.warnings:
                raise _strict_error(r.piece, o.warnings[0])
