"""After the workshop: ``resultaten.yaml`` into the documents for the follow-up.

``init_results`` writes a fresh ``resultaten.yaml`` for a session. ``build_results`` turns a
filled one into four files: the filled action-plan poster (hand-out 5 with the actions in
place), the follow-up report (A4, PDF/UA), ``acties.csv`` and ``vervolgsessie.ics``. They are
written into a hidden folder that replaces the output folder in one step, under a lock, as
the kit is (output.replacing): the folder holds all old files or all new ones.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from codio_print import paths
from codio_print.results import chart
from codio_print.build import outdir as output
from codio_print.build.pipeline import context
from codio_print.inputs.content import Content, load_content
from codio_print.errors import InputError, shown
from codio_print.kit.pieces import Piece, PieceKind
from codio_print.inputs.models import Fundament, Mechanisme, Waarde
from codio_print.results.records import (NIVEAUS, STAP4_KEYS, Punt, Results, by_priority, case_of, ics_bytes,
                      init_text, load_results, priority, write_actions_csv)
from codio_print.kit.schedule import end_time
from codio_print.kit.session import Person, Session, Table, make_session
from codio_print.render.templating import datum, environment, render
from codio_print.inputs.theme import load_theme
from codio_print.inputs.workspace import case_dirs, override_dirs
from codio_print.inputs.yamlread import load_yaml

POSTER = PieceKind("actieplan", "Ons actieplan", "results-poster.html", "A1", "once")
REPORT = PieceKind("verslag", "Verslag van de workshop", "report.html", "A4", "once")

# How each document is written as PDF, in one place: issue 3's print/screen profiles take
# this over. Both are read on screens and sent round (a photo of the poster goes to every
# participant), so both are PDF/UA with tags.
PDF_OPTIONS: dict[str, dict] = {
    "actieplan": {"variant": "pdf/ua-1", "tags": True},
    "verslag": {"variant": "pdf/ua-1", "tags": True},
}

# Text written on the filled poster, in pt at A1: the largest that keeps it on one page.
POSTER_SIZES = (20, 18, 17, 16, 15, 14, 13, 12)

POSTER_FILE, REPORT_FILE = "actieplan.pdf", "verslag.pdf"
CSV_FILE, ICS_FILE = "acties.csv", "vervolgsessie.ics"
OUTPUT_FILES = (POSTER_FILE, REPORT_FILE, CSV_FILE, ICS_FILE)
# In every results folder (output.replacing writes it): a build replaces only a folder
# holding it (or an empty one).
MARKER = output.MARKER
KIND = "resultaten"


# --- what the templates see ---------------------------------------------------------------

def termijn_text(termijn: str) -> str:
    """A term as people say it: 2027-05-01 → '1 mei 2027'; anything else as written."""
    text = " ".join(termijn.split())
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return datum(date.fromisoformat(text), weekday=False)
        except ValueError:
            pass
    return text


@dataclass(frozen=True)
class PlanAction:
    id: str
    actie: str
    eigenaar: str
    termijn: str
    noodzaak: str
    belang: str
    priority: int
    fundament: Fundament
    waarde: Waarde
    mechanisme: Mechanisme


@dataclass(frozen=True)
class Reason:
    """A value a group chose (with why) or discussed and left out (with the trade-off)."""

    waarde: Waarde
    tekst: str


@dataclass(frozen=True)
class Column:
    """One fundament's group: who sat there, its values and its actions."""

    fundament: Fundament
    leden: list[str]
    gekozen: list[Reason]
    niet_gekozen: list[Reason]
    acties: list[PlanAction]


@dataclass(frozen=True)
class Answer:
    vraag: str
    antwoord: str


@dataclass(frozen=True)
class Tension:
    fundamenten: tuple[Fundament, Fundament]
    wat: str
    afspraak: str


@dataclass(frozen=True)
class FollowUp:
    """The follow-up meeting, as far as it is known."""

    datum: date | None
    begin: time | None
    eind: time | None
    locatie: str
    wie: str
    wat: str
    wanneer: date | None
    monitor: str
    bespreken: list[str]


@dataclass(frozen=True)
class Plan:
    """Everything the filled poster and the report show, resolved against the content."""

    results: Results
    columns: dict[str, Column]
    actions: list[PlanAction]  # most urgent first
    grid: dict[str, dict[str, list[PlanAction]]]  # noodzaak → belang → actions, file order
    answers: list[Answer]
    ander_niveau: list[str]
    tensions: list[Tension]
    checklist: list[Punt]
    vervolg: FollowUp
    chart_uri: str
    chart_alt: str
    rows: tuple[str, ...] = NIVEAUS  # noodzaak, top to bottom
    cols: tuple[str, ...] = tuple(reversed(NIVEAUS))  # belang, left to right


def _stap(content: Content, stap_id: str):
    return next(s for s in content.stappen if s.id == stap_id)


def make_plan(content: Content, results: Results) -> Plan:
    waarden = content.waarde_per_id
    mechanismen = {m.id: m for m in content.borging.mechanismen}
    actions = [PlanAction(a.id, " ".join(a.actie.split()), " ".join(a.eigenaar.split()),
                          termijn_text(a.termijn), a.noodzaak, a.belang, priority(a),
                          content.fundament(a.groep), waarden[a.waarde],
                          mechanismen[a.mechanisme])
               for a in results.acties]
    per_id = {a.id: a for a in actions}
    leden = {g.fundament: list(g.leden) for g in results.sessie.groepen}

    columns = {}
    for f in content.fundamenten:
        gw = results.waarden.get(f.id)
        columns[f.id] = Column(
            f, leden.get(f.id, []),
            [Reason(waarden[g.waarde], " ".join(g.waarom.split())) for g in gw.gekozen]
            if gw else [],
            [Reason(waarden[n.waarde], " ".join(n.afweging.split())) for n in gw.niet_gekozen]
            if gw else [],
            [a for a in actions if a.fundament.id == f.id])

    grid = {n: {b: [a for a in actions if (a.noodzaak, a.belang) == (n, b)] for b in NIVEAUS}
            for n in NIVEAUS}
    vragen = _stap(content, "stap-4").actieplan_vragen
    answers = [Answer(vraag, " ".join(getattr(results.stap4, key).split()))
               for key, vraag in zip(STAP4_KEYS, vragen)]
    checklist = results.checklist or [Punt(punt=p) for p in _stap(content, "stap-6").checklist]

    v = results.vervolg
    eind = None
    if v.datum and v.tijd:
        eind = (datetime.combine(v.datum, v.tijd) + timedelta(minutes=v.duur_minuten)).time()
    vervolg = FollowUp(v.datum, v.tijd, eind, v.locatie or results.sessie.locatie,
                       " ".join(v.wie.split()), " ".join(v.wat.split()), v.wanneer,
                       " ".join(v.monitor.split()), list(v.bespreken))

    points = [chart.Point(a.id, a.noodzaak, a.belang, a.fundament.kleur) for a in actions]
    return Plan(
        results=results, columns=columns,
        actions=[per_id[a.id] for a in by_priority(results)], grid=grid, answers=answers,
        ander_niveau=list(results.stap4.ander_niveau),
        tensions=[Tension((content.fundament(s.tussen[0]), content.fundament(s.tussen[1])),
                          " ".join(s.wat.split()), " ".join(s.afspraak.split()))
                  for s in results.spanningen],
        checklist=checklist, vervolg=vervolg,
        chart_uri=chart.data_uri(chart.svg(points)), chart_alt=chart.describe(points))


def results_session(content: Content, results: Results) -> Session:
    """The session as the templates know it, from the file: date, times, who sat where."""
    s = results.sessie
    tables = tuple(Table(content.fundament(g.fundament),
                         tuple(Person(name, "", "") for name in g.leden))
                   for g in s.groepen)
    return Session(s.datum, s.start, end_time(content.stappen, s.start), tables,
                   named=any(g.leden for g in s.groepen), location=s.locatie,
                   facilitator=s.begeleider)


def load_for(case_id: str | None, workspace: Path | None) -> Content:
    """The content as the kit's build loads it: the built-in cases and the workspace's own
    (only ``case_id`` is parsed; the others are known by name, for the error messages)."""
    return load_content(only_case=case_id or "", extra_case_dirs=case_dirs(workspace))


# --- rendering ------------------------------------------------------------------------------

def _piece(kind: PieceKind) -> Piece:
    return Piece(kind.key, kind, None, 1)


def _render(html: str, kind: PieceKind, allowed: tuple[Path, ...] = ()):
    """Every PDF of this module is made here, with the options of its document. ``allowed``:
    the workspace, whose logo, fonts and stylesheets the render may read."""
    from codio_print.render.pdf import render_pdf

    return render_pdf(html, paths.TEMPLATES.as_uri() + "/", name=kind.key, allowed=allowed,
                      **PDF_OPTIONS[kind.key])


@dataclass
class Made:
    """One rendered document: its bytes, pages and what WeasyPrint or the fitting noticed."""

    pdf: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)
    fill_pt: float | None = None


def render_poster(env, base: dict, plan: Plan, allowed: tuple[Path, ...] = ()) -> Made:
    """The filled poster at the largest text size that keeps it on one A1 page.

    The poster grows rather than cuts off: text that does not fit even at the smallest size
    continues on a second page, with a warning.
    """
    ctx = {**base, "piece": _piece(POSTER), "fundament": None, "plan": plan}
    for size in POSTER_SIZES:
        rendered = _render(render(env, POSTER.template, {**ctx, "fill_pt": size}), POSTER,
                           allowed)
        if rendered.pages == 1:
            return Made(rendered.pdf, 1, rendered.warnings, size)
    warning = (f"the action plan does not fit on one A1 page even at {size} pt; "
               f"the poster has {rendered.pages} pages — shorten the texts or split the plan")
    return Made(rendered.pdf, rendered.pages, [*rendered.warnings, warning], size)


def render_report(env, base: dict, plan: Plan, allowed: tuple[Path, ...] = ()) -> Made:
    html = render(env, REPORT.template,
                  {**base, "piece": _piece(REPORT), "fundament": None, "plan": plan})
    rendered = _render(html, REPORT, allowed)
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
                  workspace: Path | None = None) -> ResultsReport:
    """Make the four documents from ``results_file`` into ``out`` (default: resultaten/).

    ``workspace`` is the organisation's folder, as for the kit: its cases, huisstijl.yaml
    and template overrides. An existing ``out`` is replaced only if this command made it, or
    with ``force``."""
    results_file = Path(results_file)
    workspace = workspace.resolve() if workspace else None  # file: URLs need absolute paths
    located = load_yaml(results_file)
    content = load_for(case_of(located), workspace)
    results = load_results(located, content)
    case = content.case(results.sessie.casus)
    theme = load_theme(workspace, content.fundamenten)
    out = Path(out) if out is not None else default_out(results_file)
    _check_path(out, folder=True)

    warnings: list[str] = []
    ics = None
    try:
        ics = ics_bytes(results, case)
    except InputError as exc:  # no follow-up date yet: everything else can still be made
        warnings.append(f"no {ICS_FILE}: {exc.one_line()}")

    plan = make_plan(content, results)
    env = environment(override_dirs(workspace))
    base = context(content, results_session(content, results), case, [], theme)
    allowed = (workspace,) if workspace else ()
    poster = render_poster(env, base, plan, allowed)
    report = render_report(env, base, plan, allowed)
    warnings += theme.logo_warnings({POSTER.size, REPORT.size})

    try:
        with output.replacing(out, kind=KIND,
                              is_ours=_any_folder if force else is_results_folder,
                              refusal=_not_ours) as work:
            (work / POSTER_FILE).write_bytes(poster.pdf)
            (work / REPORT_FILE).write_bytes(report.pdf)
            write_actions_csv(results, content, work / CSV_FILE)
            if ics is not None:
                (work / ICS_FILE).write_bytes(ics)
            names = sorted(p.name for p in work.iterdir() if p.name != MARKER)
    except OSError as exc:  # a read-only or full disk: the previous folder is as it was
        raise cannot_write(exc, out) from None
    warnings += [f"{POSTER_FILE}: {w}" for w in poster.warnings]
    warnings += [f"{REPORT_FILE}: {w}" for w in report.warnings]
    return ResultsReport(out, [out / n for n in names], poster, report, warnings)


def _check_path(path: Path, *, folder: bool) -> None:
    """``path`` can be written as a folder (or a file): it, or a folder above it, is no file
    (or folder) already."""
    if path.is_dir() and not folder:
        raise InputError("this is a folder, not a file", file=path,
                         fix=f"give the name of the file to write, e.g. --out "
                             f"{shown(path / 'resultaten.yaml')}")
    for above in [path, *path.parents] if folder else path.parents:
        if above.exists() and not above.is_dir():
            what = "this" if above == path else shown(above)
            raise InputError(f"{what} is a file, not a folder", file=path,
                             fix="choose another place with --out")


_WRITE_FIXES = {
    errno.ENOSPC: "free some space on the disk, or choose another place with --out",
    errno.EDQUOT: "free some space on the disk, or choose another place with --out",
    errno.EROFS: "the disk is read-only: choose another place with --out",
    errno.EACCES: "you may not write there: choose another place with --out",
    errno.EPERM: "you may not write there: choose another place with --out",
}


def cannot_write(exc: OSError, target: Path) -> InputError:
    """An error of the disk while writing ``target``, as one line the user can act on."""
    reason = exc.strerror or type(exc).__name__
    return InputError(f"cannot write here: {reason}", file=target,
                      fix=_WRITE_FIXES.get(exc.errno, "check the disk and the folder, or "
                                                      "choose another place with --out"))


def is_results_folder(folder: Path) -> bool:
    """A folder ``results build`` may replace: empty, or one it made (it holds our marker)
    with nothing in it but what it made."""
    if not folder.is_dir() or folder.is_symlink():
        return False
    names = {p.name for p in folder.iterdir()}
    return not names or (output.written_by_us(folder, KIND)
                         and names <= {MARKER, *OUTPUT_FILES})


def _any_folder(folder: Path) -> bool:
    """With --force: any real folder (never what a symbolic link points to)."""
    return folder.is_dir() and not folder.is_symlink()


def _not_ours(folder: Path) -> InputError:
    if folder.is_dir() and output.written_by_us(folder, KIND):
        other = sorted(p.name for p in folder.iterdir()
                       if p.name not in {MARKER, *OUTPUT_FILES})
        return InputError(f"{shown(folder)} holds files that codio-print did not make: "
                          + ", ".join(other),
                          fix="move them away (a new build replaces the whole folder), or "
                              "choose another --out folder")
    return InputError(f"{shown(folder)} exists and is not a results folder made by "
                      "codio-print", fix="move it away, or choose another --out folder")


# --- the command: init ----------------------------------------------------------------------

def init_results(case_id: str, out: Path, *, participants: int | Path | None = None,
                 day: date | None = None, start: time = time(9, 30), location: str = "",
                 facilitator: str = "", workspace: Path | None = None,
                 force: bool = False) -> Path:
    """Write a new ``resultaten.yaml`` for the session; never overwrite without ``force``.

    In a workspace the CLI takes all of these from sessie.yaml (workspace.settings), so the
    groups are divided by the same code, from the same list, as the kit's.
    """
    out = Path(out)
    _check_path(out, folder=False)
    if out.exists() and not force:
        raise InputError("the file already exists", file=out,
                         fix="use --force to overwrite it, or choose another name with --out")
    content = load_for(case_id, workspace)
    case = content.case(case_id)
    groups = None
    if participants is not None:
        groups = make_session(content, participants, start, day).tables
    text = init_text(content, case, day or date.today(), start, groups, location=location,
                     facilitator=facilitator)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _write_text(out, text)
    except OSError as exc:
        raise cannot_write(exc, out) from None
    return out


def _write_text(path: Path, text: str) -> None:
    """Write ``path`` in one step: a hidden file next to it, then a rename. Opened with the
    user's usual permissions (``tempfile.mkstemp`` would make the file private)."""
    tmp = path.with_name(f".{path.name}.tmp-{secrets.token_hex(4)}")
    try:
        with open(tmp, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)

