"""After the workshop: ``resultaten.yaml`` into the documents for the follow-up.

``init_results`` writes a fresh ``resultaten.yaml`` for a session. ``build_results`` turns a
filled one into four files: the filled action-plan poster (hand-out 5 with the actions in
place), the follow-up report (A4, PDF/UA), ``acties.csv`` and ``vervolgsessie.ics``. They are
written into a hidden folder that replaces the output folder in one step, under a lock, as
the kit is (outdir.replacing): the folder holds all old files or all new ones.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from codio_print import paths, writing
from codio_print.builder import outdir
from codio_print.errors import InputError, shown
from codio_print.i18n import N_, _
from codio_print.inputs.content import Content, load_content
from codio_print.inputs.settings import Settings
from codio_print.inputs.theme import load_theme
from codio_print.render.contrast import check as check_contrast
from codio_print.inputs.workspace import case_dirs, override_dirs
from codio_print.kit.pieces import Piece, PieceKind
from codio_print.kit.profiles import ARCHIVE, PRINT, SCREEN, Profile
from codio_print.printshop.tiles import PAPERS
from codio_print.render.colour import DEFAULT_ICC
from codio_print.kit.session import make_session
from codio_print.render.context import context
from codio_print.render.templating import environment, render
from codio_print.results.exports import ics_bytes, write_actions_csv
from codio_print.results.load import case_of, code_warnings, load_results, read_results_file
from codio_print.results.plan import Plan, make_plan, results_session
from codio_print.results.template import init_text

POSTER_KIND = PieceKind("actieplan", "Ons actieplan", "results-poster.html", "A0", "once",
                        landscape=True)
REPORT_KIND = PieceKind("verslag", "Verslag van de workshop", "report.html", "A4", "once")

# Text written on the filled poster, in pt at A0 (an A1 poster draws it 0.71 times as large,
# so never under 24 pt): the largest that keeps it on its two sheets, the plan and the
# actions in full.
POSTER_TEXT_PT = (44, 40, 37, 34)
POSTER_SHEETS = 2
A1_SCALE = 0.70711

POSTER_FILE, POSTER_PRINT_FILE, REPORT_FILE = ("actieplan.pdf", "actieplan-drukwerk.pdf",
                                               "verslag.pdf")
CSV_FILE, ICS_FILE = "acties.csv", "vervolgsessie.ics"


def tiles_file(paper: str) -> str:
    return f"actieplan-tegels-{paper}.pdf"


OUTPUT_FILES = (POSTER_FILE, POSTER_PRINT_FILE, REPORT_FILE, CSV_FILE, ICS_FILE,
                *(tiles_file(p) for p in PAPERS))
# The screen profile without form fields: the results are read, not filled in.
RESULTS_SCREEN = replace(SCREEN, forms=False)
# In every results folder (outdir.replacing writes it): a build replaces only a folder
# holding it (or an empty one).
MARKER = outdir.MARKER
KIND = "resultaten"


def load_for(case_id: str | None, workspace: Path | None) -> Content:
    """The content as the kit's build loads it: the built-in cases and the workspace's own
    (only ``case_id`` is parsed; the others are known by name, for the error messages)."""
    return load_content(only_case=case_id or "", extra_case_dirs=case_dirs(workspace))


# --- rendering ------------------------------------------------------------------------------

def _piece(kind: PieceKind) -> Piece:
    return Piece(kind.key, kind, None, 1)


def _render(html: str, kind: PieceKind, allowed: tuple[Path, ...] = (),
            profile: Profile = SCREEN, icc: Path = DEFAULT_ICC):
    """Every PDF of this module is made here, in a profile of the kit: the poster for
    screens (PDF/UA, sent round: a photo of the poster goes to every participant) and for the
    print shop (PDF/X-4), the report for screens and the archive at once (PDF/A-2u and
    PDF/UA-1). ``allowed``: the workspace, whose logo, fonts and stylesheets the render may
    read."""
    from codio_print.render.pdf import render_pdf

    return render_pdf(html, paths.TEMPLATES.as_uri() + "/", name=kind.key, allowed=allowed,
                      profile=profile, icc=icc)


@dataclass
class Made:
    """One rendered document: its bytes, pages and what WeasyPrint or the fitting noticed."""

    pdf: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)
    fill_pt: float | None = None


def poster_piece(size: str = "A0") -> Piece:
    return Piece(POSTER_KIND.key, POSTER_KIND, None, 1, size)


def render_poster(env, base: dict, plan: Plan, allowed: tuple[Path, ...] = (), *,
                  size: str = "A0", base_print: dict | None = None,
                  icc: Path = DEFAULT_ICC) -> tuple[Made, Made | None]:
    """The filled poster (A0 or A1) at the largest text size that keeps it on its two
    sheets, for screens, and with ``base_print`` (the print profile's context) the same for
    the print shop.

    The poster grows rather than cuts off: text that does not fit even at the smallest size
    continues on another sheet, with a warning.
    """
    scale = 1 if size == "A0" else A1_SCALE
    ctx = {**base, "piece": poster_piece(size), "fundament": None, "plan": plan}
    for fill in POSTER_TEXT_PT:
        rendered = _render(render(env, POSTER_KIND.template, {**ctx, "fill_pt": fill}),
                           POSTER_KIND, allowed, RESULTS_SCREEN)
        if rendered.pages <= POSTER_SHEETS:
            break
    shown_pt = round(fill * scale, 1)
    warnings = list(rendered.warnings)
    if rendered.pages > POSTER_SHEETS:
        warnings.append(_("the action plan does not fit on two {size} sheets even at "
                          "{pt} pt; the poster has {pages} pages — shorten the texts or split "
                          "the plan").format(size=size, pt=f"{shown_pt:g}",
                                             pages=rendered.pages))
    screen = Made(rendered.pdf, rendered.pages, warnings, shown_pt)
    if base_print is None:
        return screen, None
    html = render(env, POSTER_KIND.template, {**base_print, "piece": poster_piece(size),
                                              "fundament": None, "plan": plan, "fill_pt": fill})
    printed = _render(html, POSTER_KIND, allowed, PRINT, icc)
    return screen, Made(printed.pdf, printed.pages, printed.warnings, shown_pt)


def render_report(env, base: dict, plan: Plan, allowed: tuple[Path, ...] = ()) -> Made:
    html = render(env, REPORT_KIND.template,
                  {**base, "piece": _piece(REPORT_KIND), "fundament": None, "plan": plan})
    rendered = _render(html, REPORT_KIND, allowed, ARCHIVE)
    return Made(rendered.pdf, rendered.pages, rendered.warnings)


# --- the command: build ---------------------------------------------------------------------

@dataclass
class ResultsReport:
    out_dir: Path
    files: list[Path]
    poster: Made
    report: Made
    warnings: list[str]


def default_out(results_file: Path) -> Path:
    return Path(results_file).parent / "resultaten"


def build_results(results_file: Path, out: Path | None = None, *, force: bool = False,
                  settings: Settings | None = None) -> ResultsReport:
    """Make the four documents from ``results_file`` into ``out`` (default: resultaten/).

    ``workspace`` is the organisation's folder, as for the kit: its cases, huisstijl.yaml
    and template overrides. An existing ``out`` is replaced only if this command made it, or
    with ``force``."""
    results_file = Path(results_file)
    workspace = settings.workspace if settings else None
    workspace = workspace.resolve() if workspace else None  # file: URLs need absolute paths
    located = read_results_file(results_file, workspace)
    content = load_for(case_of(located), workspace)
    results = load_results(located, content)
    warnings: list[str] = [w.one_line() for w in code_warnings(results, content)]
    case = content.case(results.sessie.casus)
    theme = load_theme(workspace, content.fundamenten)
    check_contrast(theme)
    out = Path(out) if out is not None else default_out(results_file)
    _check_path(out, folder=True)

    ics = _invitation(results, case, warnings)
    plan = make_plan(content, results)
    env = environment(override_dirs(workspace))
    session = results_session(content, results)
    icc = settings.icc if settings else DEFAULT_ICC
    size = settings.poster if settings else POSTER_KIND.size
    base = context(content, session, case, [], theme, RESULTS_SCREEN)
    base_print = context(content, session, case, [], theme, PRINT, icc)
    allowed = (workspace,) if workspace else ()
    poster, printed = render_poster(env, base, plan, allowed, size=size, base_print=base_print,
                                    icc=icc)
    report = render_report(env, base, plan, allowed)
    tiles = None
    if settings and settings.tile:
        from codio_print.printshop.tiles import tile_poster
        tiles = tile_poster(poster.pdf, poster_piece(size), settings.tile, env, base,
                            list(allowed))
    warnings += theme.logo_warnings({size, REPORT_KIND.size})

    try:
        with outdir.replacing(out, kind=KIND,
                              is_ours=_any_folder if force else is_results_folder,
                              refusal=_not_ours) as work:
            (work / POSTER_FILE).write_bytes(poster.pdf)
            (work / POSTER_PRINT_FILE).write_bytes(printed.pdf)
            if tiles is not None:
                (work / tiles_file(settings.tile)).write_bytes(tiles)
            (work / REPORT_FILE).write_bytes(report.pdf)
            write_actions_csv(results, content, work / CSV_FILE)
            if ics is not None:
                (work / ICS_FILE).write_bytes(ics)
            names = sorted(p.name for p in work.iterdir() if p.name != MARKER)
    except OSError as exc:  # a read-only or full disk: the previous folder is as it was
        raise cannot_write(exc, out) from None
    warnings += _render_warnings(poster, printed, report)
    return ResultsReport(out, [out / n for n in names], poster, report, warnings)


def _invitation(results, case, warnings: list[str]) -> bytes | None:
    """The invitation to the follow-up (.ics); without its date, a warning instead."""
    try:
        return ics_bytes(results, case)
    except InputError as exc:  # no follow-up date yet: everything else can still be made
        warnings.append(_("no {file}: {problem}").format(file=ICS_FILE,
                                                          problem=exc.one_line()))
        return None


def _render_warnings(poster, printed, report) -> list[str]:
    """What the renders warned, each under its file (the print poster's only where the
    screen poster did not say the same)."""
    return [*(f"{POSTER_FILE}: {w}" for w in poster.warnings),
            *(f"{POSTER_PRINT_FILE}: {w}" for w in printed.warnings
              if f"{w}" not in {f"{x}" for x in poster.warnings}),
            *(f"{REPORT_FILE}: {w}" for w in report.warnings)]


def _check_path(path: Path, *, folder: bool) -> None:
    """``path`` can be written as a folder (or a file): it, or a folder above it, is no file
    (or folder) already."""
    if path.is_dir() and not folder:
        raise InputError(_("this is a folder, not a file"), file=path, key="--out",
                         fix=_("give the name of the file to write, e.g. --out {file}").format(
                             file=shown(path / "resultaten.yaml")))
    for above in [path, *path.parents] if folder else path.parents:
        if above.exists() and not above.is_dir():
            message = (_("this is a file, not a folder") if above == path else
                       _("{file} is a file, not a folder").format(file=shown(above)))
            raise InputError(message, file=path, key="--out",
                             fix=_("choose another place with --out"))


_WRITE_FIXES = {
    errno.ENOSPC: N_("free some space on the disk, or choose another place with --out"),
    errno.EDQUOT: N_("free some space on the disk, or choose another place with --out"),
    errno.EROFS: N_("the disk is read-only: choose another place with --out"),
    errno.EACCES: N_("you may not write there: choose another place with --out"),
    errno.EPERM: N_("you may not write there: choose another place with --out"),
}


def cannot_write(exc: OSError, target: Path) -> InputError:
    """An error of the disk while writing ``target``, as one line the user can act on."""
    reason = exc.strerror or type(exc).__name__
    fix = _WRITE_FIXES.get(exc.errno)
    return InputError(_("cannot write here: {reason}").format(reason=reason), file=target,
                      fix=_(fix) if fix else _("check the disk and the folder, or choose "
                                               "another place with --out"))


def is_results_folder(folder: Path) -> bool:
    """A folder ``results build`` may replace: empty, or one it made (it holds our marker)
    with nothing in it but what it made."""
    if not folder.is_dir() or folder.is_symlink():
        return False
    names = {p.name for p in folder.iterdir()}
    return not names or (outdir.written_by_us(folder, KIND)
                         and names <= {MARKER, *OUTPUT_FILES})


def _any_folder(folder: Path) -> bool:
    """With --force: any real folder (never what a symbolic link points to)."""
    return folder.is_dir() and not folder.is_symlink()


def _not_ours(folder: Path) -> InputError:
    if folder.is_dir() and outdir.written_by_us(folder, KIND):
        other = sorted(p.name for p in folder.iterdir()
                       if p.name not in {MARKER, *OUTPUT_FILES})
        return InputError(_("{folder} holds files that codio-print did not make: "
                            "{files}").format(folder=shown(folder), files=", ".join(other)),
                          key="--out",
                          fix=_("move them away (a new build replaces the whole folder), or "
                                "choose another --out folder"))
    return InputError(_("{folder} exists and is not a results folder made by "
                        "codio-print").format(folder=shown(folder)), key="--out",
                      fix=_("move it away, or choose another --out folder"))


# --- the command: init ----------------------------------------------------------------------

def init_results(settings: Settings, out: Path, *, force: bool = False) -> Path:
    """Write a new ``resultaten.yaml`` for the session of ``settings``; never overwrite
    without ``force``. In a workspace the settings come from sessie.yaml, so the groups are
    divided by the same code, from the same list, as the kit's."""
    out = Path(out)
    _check_path(out, folder=False)
    if out.exists() and not force:
        raise InputError(_("the file already exists"), file=out, key="--out",
                         fix=_("use --force to overwrite it, or choose another name with "
                               "--out"))
    content = load_for(settings.case, settings.workspace)
    case = content.case(settings.case)
    groups = make_session(content, settings.participants, settings.start, settings.date,
                          division=settings.division_file,  # kept with the kit, or in the
                          sheet=settings.sheet).tables      # workspace: the kit's groups
    text = init_text(content, case, settings.date or date.today(), settings.start, groups,
                     location=settings.location, facilitator=settings.facilitator)
    try:
        writing.replace(out, text)  # never through a link at its name
    except OSError as exc:
        raise cannot_write(exc, out) from None
    return out
