"""The kit build, as the list of its steps: load and check the input and render the HTML of
every piece (``prepare``), key each output (``_keyed``), keep a kit that is unchanged
(``_unchanged``), render the rest as PDFs and write each kit (``_render_and_write``, with the
steps of steps.py: the pieces, the tiles, the run sheet again with the real pages, the
slides, the print shop's zip, the office's dividers, what to print again), write its manifest,
swap the kits in, keep the division of the participant list (groepsindeling.csv), and
report (report.py). Each step takes what it needs and returns what it made.
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable
from dataclasses import replace
from contextlib import ExitStack, closing
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from codio_print import paths
from codio_print.builder import cache, division, outdir, steps
from codio_print.builder.report import (PieceMade, Progress, Report, Warned, office_of,
                                        people_of, piece_warnings, pieces_made,
                                        preflight_warnings)
from codio_print.builder.steps import Kit, Made, output_keys
from codio_print.inputs.assets import check_icc
from codio_print.inputs.content import load_content
from codio_print.inputs.options import EXTRAS, OPTIONS
from codio_print.inputs.settings import DEFAULT, Settings
from codio_print.inputs.theme import load_theme
from codio_print.inputs.workspace import case_dirs, override_dirs
from codio_print.kit import manifest
from codio_print.kit.pieces import Piece, plan
from codio_print.kit.printplan import pages_of, plan_printing
from codio_print.kit.profiles import prints, select
from codio_print.kit.session import make_session
from codio_print.printshop import presets
from codio_print.printshop.jobsheet import Contact
from codio_print.render.contrast import check as check_contrast
from codio_print.render.context import Prepared, render_html
from codio_print.render.templating import environment, winner

if TYPE_CHECKING:
    from codio_print.inputs.content import Content
    from codio_print.inputs.models import Case
    from codio_print.inputs.theme import Theme
    from codio_print.kit.pieces import Piece
    from codio_print.kit.session import Session

__all__ = ["PieceMade", "Progress", "Report", "Warned", "build", "build_all", "output_keys",
           "prepare"]

OnProgress = Callable[[Progress], None]  # each render as it arrives: the piece, the profile
Notice = Callable[[str], None]
# The templates of the job sheet, the preflight page and the tiles' marks.
EXTRA_TEMPLATES = ("printopdracht.html", "preflight.html", "tegels.html", "kantoor.html")


def prepare(settings: Settings) -> Prepared:
    """Load and check the input, plan the pieces (once per build) and render the HTML of
    every piece in every profile."""
    profiles = select(settings.profile, settings.bleed)
    if prints(profiles):
        check_icc(settings.icc)
        presets.chosen(settings)  # a preset without its profile: before anything is rendered
    content, case, theme, session, env, pieces = loaded(settings)
    printing = printing_of(settings, pieces, session, profiles)
    documents = {p.name: render_html(content, session, case, env, theme, pieces, p,
                                     settings.icc, printing) for p in profiles}
    return Prepared(content, case, theme, session, env, profiles, documents, printing)


def printing_of(settings: Settings, pieces, session, profiles=None):
    """Where each piece is printed, as the run sheet lists it (kit/printplan.py): with the
    pages of the previous kit, for the sheets the run sheet counts."""
    profiles = profiles or select(settings.profile, settings.bleed)
    previous = manifest.read(settings.kit_dir)
    return plan_printing(settings, pieces, session.named, office=profiles[-1].name,
                         pages=pages_of(((p.id, p.pages) for p in previous.pieces),
                                        previous.extras) if previous else {},
                         shop=prints(profiles))


class Loaded(NamedTuple):
    """The input of a kit, loaded and checked, and its pieces planned."""

    content: Content
    case: Case
    theme: Theme
    session: Session
    env: object  # the Jinja sandbox, with the workspace's templates
    pieces: list[Piece]


def loaded(settings: Settings) -> Loaded:
    """The content, the case, the look (its contrast checked), the session and the pieces
    of ``settings``'s kit: what a build renders from, and a quick preview too (web/quick.py).
    In this order, so the first problem is the one a build has always named first."""
    content = load_content(only_case=settings.case,
                           extra_case_dirs=case_dirs(settings.workspace))
    case = content.case(settings.case)
    theme = load_theme(settings.workspace, content.fundamenten)
    check_contrast(theme)  # WCAG 2.1 AA for every text-on-colour pair: else one line, exit 1
    session = make_session(content, settings.participants, settings.start, settings.date,
                           location=settings.location, facilitator=settings.facilitator,
                           division=settings.division_file, regroup=settings.regroup,
                           sheet=settings.sheet,
                           start_default=settings.origin("start") == DEFAULT)
    env = environment(override_dirs(settings.workspace))
    pieces = plan(content, session.group_sizes, named=session.named, poster=settings.poster)
    return Loaded(content, case, theme, session, env, _own_designs(pieces, settings))


def _own_designs(pieces: list[Piece], settings: Settings) -> list[Piece]:
    """The pieces, without a page budget where the workspace brings its own template for the
    piece: its pages are its own design, not ours (a stylesheet of its own keeps ours)."""
    folders = override_dirs(settings.workspace)
    if not folders:
        return pieces
    return [replace(p, budget=None)
            if winner(p.kind.template, folders).parent != paths.TEMPLATES else p
            for p in pieces]


def build(settings: Settings, progress: OnProgress | None = None,
          notice: Notice | None = None, *, only: frozenset[str] | None = None,
          pool=None) -> Report:
    """Build the kit for one case into OUT/CASE/. ``only``: render just these pieces (watch
    knows what a change affects) and keep the others' last PDFs; ``pool``: render workers
    that stay from build to build (render.pool.WarmPool, for watch)."""
    return build_all([settings], progress, notice, only=only, pool=pool)[0]


def build_all(all_settings: list[Settings], progress: OnProgress | None = None,
              notice: Notice | None = None, *, only: frozenset[str] | None = None,
              pool=None) -> list[Report]:
    """Build several kits (a case each) with one pool of render processes, which stays busy
    from the first render of the first kit to the last of the last. All or nothing: a kit is
    swapped in only when every kit rendered."""
    started = clock.perf_counter()
    kits = [_keyed(settings, prepare(settings)) for settings in all_settings]
    kept = [_unchanged(kit, only) for kit in kits]
    todo = [kit for kit, made in zip(kits, kept) if made is None]
    # nothing to render: WeasyPrint is not even imported
    written = iter(_render_and_write(todo, progress, notice, only, pool) if todo else [])
    made = [k if k is not None else next(written) for k in kept]
    for m in made:  # the kits are in: their divisions are the ones to keep
        _keep_division(m.prep)
    seconds = clock.perf_counter() - started
    return [_report(kit.settings, m, seconds) for kit, m in zip(kits, made)]


def _keyed(settings: Settings, prep: Prepared) -> Kit:
    """A kit with the cache key of each of its outputs."""
    return Kit(settings, prep, output_keys(prep, settings))


def _unchanged(kit: Kit, only: frozenset[str] | None) -> Made | None:
    """The previous kit as it is, when nothing it was made from changed (cache.py); --strict
    fails on the warnings it kept."""
    if only is not None or kit.settings.force:
        return None
    kept = cache.unchanged_kit(kit.final, _kit_key(kit.keys.values(), kit.prep, kit.settings),
                               kit.prep.profiles, kit.prep.pieces)
    if kept is None:
        return None
    if kit.settings.strict:
        steps.fail_on_warnings(kept[0])
    return Made(kit.prep, tuple(kept[0]), tuple(kept[1]))


def _keep_division(prep: Prepared) -> None:
    try:
        division.keep(prep)
    except OSError as exc:  # a full disk is named by its file: the workspace's, not the kit's
        exc.filename = exc.filename or str(prep.session.division.path)
        raise


def _render_and_write(kits: list[Kit], progress: OnProgress | None, notice: Notice | None,
                      only: frozenset[str] | None, pool) -> list[Made]:
    """Render what each kit needs and write the kits into their folders, swapped in together
    when every kit is written."""
    from codio_print.render.pool import BuildPool
    from codio_print.render.slides import start_slides

    with ExitStack() as stack:
        works = _lock(stack, kits, notice)
        scratch = stack.enter_context(outdir.scratch(kits[0].final))
        if pool is None:  # else watch's, which stays from build to build
            pool = stack.enter_context(closing(BuildPool(scratch, kits[0].settings.workers)))
        # again, under the lock; only a kit this machine made gives anything
        previous = [cache.previous_kit(kit.final) for kit in kits]
        splits = [steps.split(kit, prev, only) for kit, prev in zip(kits, previous)]
        jobs, owners = steps.jobs(kits, splits)
        # The slides' .odp is converted by LibreOffice while the PDFs render; for several
        # kits after them, so that the render workers and LibreOffice are not in memory at
        # once (three cases stay under 600 MB).
        slides = start_slides([(kit.final, kit.prep) for kit in kits], at_once=len(kits) == 1,
                              keys=[kit.keys for kit in kits])
        conversion = next((s.conversion for s in slides if s), None)
        if conversion:  # one LibreOffice for all kits; stopped if the build fails
            stack.callback(conversion.cancel)
        fresh = iter(pool.render_all(jobs, steps.on_each(owners, progress)))
        if conversion and len(kits) > 1 and isinstance(pool, BuildPool):
            pool.rest()  # LibreOffice comes next, and not beside the workers
        made = []
        for kit, work, prev, split, slide in zip(kits, works, previous, splits, slides):
            new = {(piece.id, prof.name): next(fresh) for _, piece, prof in split.todo}
            made.append(steps.write_kit(work, kit, prev, split, new, slide, pool.render_all,
                                        notice))
            _write_manifest(work, kit.settings, made[-1])
        return made


def _lock(stack: ExitStack, kits: list[Kit], notice: Notice | None) -> list[Path]:
    """Each kit's folder to write in (outdir.replacing). The locks are taken in one order,
    so two builds of the same kits never wait for each other in a circle."""
    folders = {kit.final: None for kit in sorted(kits, key=lambda k: str(k.final))}
    for kit in sorted(kits, key=lambda k: str(k.final)):
        folders[kit.final] = stack.enter_context(outdir.replacing(
            kit.final, wait=kit.settings.wait, on_wait=notice))
    return [folders[kit.final] for kit in kits]


def _write_manifest(work: Path, settings: Settings, made: Made) -> None:
    """manifest.json: the kit's files, their keys and pages, where each piece is printed,
    who is on which pages, what to print again."""
    prep = made.prep
    chosen = presets.chosen(settings) if prints(prep.profiles) else None
    # The kit's key from the keys its files were really rendered with: a piece kept from an
    # older build under ``only`` (watch) makes the next plain build look at it again.
    recorded = [o.key for r in made.results for o in r.outputs.values()]
    cache.remember(manifest.write(
        work, settings.case, list(made.results), prep.profiles, list(made.extras),
        chosen.icc_name if chosen else None, _kit_key(recorded, prep, settings),
        destinations={r.piece.id: prep.printing.of(r.piece).where for r in made.results},
        limits=(chosen.max_ink, chosen.bleed_mm) if chosen else None, runs=dict(made.runs),
        settings=settings.record(),
        # only a list with something on it: the same inputs rebuilt give the same manifest
        reprint=made.reprint.as_json() if made.reprint and made.reprint.anything else None))


def _report(settings: Settings, made: Made, seconds: float) -> Report:
    """What the caller learns of one kit (report.py)."""
    prep = made.prep
    warnings = [Warned(w, "session") for w in prep.session.warnings]
    kit_warnings = prep.theme.logo_warnings({p.size for p in prep.pieces})
    kit_warnings += prep.theme.template_warnings  # what the PowerPoint template lost
    kit_warnings += prep.theme.text_warnings  # an own text without a place of the built-in
    if prints(prep.profiles):
        kit_warnings += list(presets.chosen(settings).warnings)
    warnings += [Warned(w, "kit") for w in kit_warnings]
    warnings += preflight_warnings(made.checks) + piece_warnings(made.results)
    shop = prints(prep.profiles) and any(prep.printing.to_shop(p) for p in prep.pieces)
    return Report(
        settings.case, settings.kit_dir, seconds, people_of(prep.session, prep.content),
        prep.profiles, pieces_made(made.results, made.rendered, prep.printing), made.extras,
        tuple(warnings), made.checks, tuple(Contact.of(settings).missing) if shop else (),
        made.notes, made.reprint, office_of(prep.printing, made.results, made.extras))


def _kit_key(output_keys, prep: Prepared, settings: Settings) -> str:
    """The key of the whole kit: every output, and what the manifest, the bundle and the
    tiles read besides the pieces' PDFs: the settings the table says the extras read
    (inputs/options.py), a file among them by what it holds, not where it lies."""
    values = {o.name: getattr(settings, o.name) for o in OPTIONS if o.invalidates == EXTRAS}
    read_by_extras = {
        **{name: cache.file_stamp(value, [value]) if isinstance(value, Path) else value
           for name, value in values.items()},
        "slides": cache.file_stamp(prep.theme.slides_template, [prep.theme.slides_template])
        if prep.theme.slides_template else None,  # the PowerPoint template's layouts
        "pieces": [(p.id, p.title, p.size, p.copies, p.kind.audience,
                    prep.printing.of(p).where) for p in prep.pieces],
        # the extras' own templates (their HTML is not among the outputs' keys)
        "templates": [cache.file_stamp(folder / name, [folder])
                      for folder in (paths.TEMPLATES, *override_dirs(settings.workspace))
                      for name in EXTRA_TEMPLATES if (folder / name).is_file()]}
    return cache.kit_key(sorted(output_keys), read_by_extras)
