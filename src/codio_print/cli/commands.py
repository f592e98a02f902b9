"""The command line. Only this module knows about Typer and exit codes."""

from __future__ import annotations

import os
import signal
import sys
import threading
from datetime import date, datetime, time
from pathlib import Path
from typing import Optional

import typer

from codio_print.errors import CodioError, InputError, Interrupted

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Build the CODIO-PaD workshop kit as print-ready PDFs.")
_state = {"debug": False}


@app.callback()
def _main(debug: bool = typer.Option(False, "--debug", help="Show a traceback on errors.")):
    _state["debug"] = debug


def _parse_time(value: str) -> time:
    try:
        return datetime.strptime(value, "%H:%M").time()
    except ValueError:
        raise InputError(f"--start '{value}' is not a time", fix="write it as HH:MM, e.g. 09:30") from None


def _parse_date(value: str | None, option: str = "--date") -> date | None:
    from codio_print.inputs.workspace import FIRST_YEAR, LAST_YEAR, YEARS_FIX, plausible

    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option} '{value}' is not a date",
                         fix="write it as YYYY-MM-DD, e.g. 2026-03-12") from None
    if not plausible(day):
        raise InputError(f"{option} '{value}' is not a plausible date: the year must be from "
                         f"{FIRST_YEAR} to {LAST_YEAR}", fix=YEARS_FIX)
    return day


def _parse_participants(value: str) -> int | Path:
    """``12`` is a count (3 to 200); anything else is the path of a participant list."""
    from codio_print.inputs.participants import checked_count, is_count, is_numberish

    if not value.strip():
        raise InputError("--participants is empty",
                         fix="give the number of participants, e.g. 12, or the path of the "
                             "participant list (CSV)")
    if is_count(value):
        return checked_count(value, "--participants {n}")
    if is_numberish(value) and not Path(value).exists():
        raise InputError(f"--participants '{value}' is not a whole number",
                         fix="give the number of participants, e.g. 12, or the path of "
                             "the participant list (CSV)")
    return Path(value)


CONFIG_HELP = "The workspace's sessie.yaml (default: ./sessie.yaml if there is one)."


def _session(config: Path | None):
    """The workspace's session file, from --config or the current folder, or None."""
    from codio_print.inputs.workspace import find, load_session

    path = find(config, Path.cwd())
    return load_session(path) if path else None


def _workspace(config: Path | None) -> Path | None:
    from codio_print.inputs.workspace import find

    path = find(config, Path.cwd())
    return path.parent if path else None


@app.command()
def cases(config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP)) -> None:
    """List the cases with their place in the Deel 1 classification."""
    from codio_print.inputs.content import load_content
    from codio_print.inputs.workspace import case_dirs

    root = _workspace(config)
    content = load_content(extra_case_dirs=case_dirs(root))
    for case in content.cases.values():
        herkomst = content.niveau("herkomst", case.herkomst).naam
        levels = ", ".join(p.niveau for p in case.proactiviteit)
        own = " (workspace)" if root and content.case_files[case.id].is_relative_to(root) else ""
        typer.echo(f"{case.id:<12} {case.organisatie}: {case.titel}{own}")
        typer.echo(f"{'':<12} proactiviteit {levels} · {herkomst.lower()}")


@app.command()
def build(
    case: Optional[str] = typer.Option(None, "--case", "-c",
                                       help="Case id, e.g. arnhem (default: sessie.yaml's)."),
    participants: Optional[str] = typer.Option(None, "--participants", "-n",
                                               help="A number, or a participant list (CSV). "
                                                    "Default 12."),
    start: Optional[str] = typer.Option(None, "--start", help="Start time HH:MM (09:30)."),
    date_: Optional[str] = typer.Option(None, "--date", help="Session date YYYY-MM-DD."),
    location: Optional[str] = typer.Option(None, "--location", help="Where the session is."),
    facilitator: Optional[str] = typer.Option(None, "--facilitator", help="Who leads it."),
    poster: Optional[str] = typer.Option(None, "--poster",
                                         help="Size of the action-plan poster: A0 (default) or A1."),
    out: Optional[Path] = typer.Option(None, "--out", help="Output folder (build)."),
    config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
    strict: bool = typer.Option(False, "--strict",
                                help="Fail on any warning about CSS, images or fonts."),
    force: bool = typer.Option(False, "--force",
                               help="Render every piece, even those that are up to date."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1,
                                          help="Render processes (default: one per core)."),
    no_wait: bool = typer.Option(False, "--no-wait",
                                 help="Stop instead of waiting when another build is "
                                      "writing the same folder."),
    profile: Optional[str] = typer.Option(None, "--profile",
                                          help="print (PDF/X-4, CMYK), screen (PDF/UA-1) or "
                                               "all (default: sessie.yaml's, else all)."),
    icc: Optional[Path] = typer.Option(None, "--icc",
                                       help="CMYK output profile for print (default: "
                                            "Ghostscript's generic CMYK profile)."),
    tile: Optional[str] = typer.Option(None, "--tile",
                                       help="Also write the A0/A1/A2 posters as a3 or a4 tiles."),
    organisation: Optional[str] = typer.Option(None, "--organisation",
                                               help="Ordering organisation on the job sheet."),
    contact: Optional[str] = typer.Option(None, "--contact",
                                          help="Contact person on the job sheet."),
    deliver_by: Optional[str] = typer.Option(None, "--deliver-by",
                                             help="Delivery date YYYY-MM-DD on the job sheet."),
) -> None:
    """Render the whole kit for one case into OUT/CASE/."""
    from codio_print.build.pipeline import Options, build as run_build
    from codio_print.kit.pieces import POSTER_SIZES
    from codio_print.kit.profiles import select
    from codio_print.inputs.workspace import settings

    if profile is not None:
        select(profile)  # a wrong choice fails before anything is loaded
    if tile is not None and tile not in ("a3", "a4"):
        raise InputError(f"--tile '{tile}' is not a paper size", fix="use a3 or a4")
    if poster is not None and poster not in POSTER_SIZES:
        raise InputError(f"--poster {poster}: not a poster size",
                         fix="give " + " or ".join(POSTER_SIZES))
    options = Options(**settings(
        _session(config), case=case,
        participants=None if participants is None else _parse_participants(participants),
        start=_parse_time(start) if start else None, date=_parse_date(date_),
        location=location, facilitator=facilitator, poster=poster, out=out,
        profile=profile, icc=icc, tile=tile, organisation=organisation, contact=contact,
        deliver_by=_parse_date(deliver_by, "--deliver-by")),
        strict=strict, wait=not no_wait, force=force, workers=workers)

    def progress(i: int, total: int, name: str) -> None:
        typer.echo(f"  [{i:>2}/{total}] {name}", err=True)

    typer.echo(f"Building the kit for '{options.case}' ...", err=True)
    report = run_build(options, progress, notice=lambda text: typer.echo(text, err=True))
    for w in (*report.session.warnings, *report.warnings):
        typer.echo(f"warning: {w}", err=True)
    for r in report.results:
        for w in r.warnings:
            typer.echo(f"warning: {w}", err=True)
    typer.echo(f"{len(report.results)} pieces, {report.pages} pages in "
               f"{report.seconds:.1f} s → {report.out_dir}/ "
               f"({', '.join(p.name for p in report.profiles)}; {report.rendered} rendered, "
               f"{report.up_to_date} up to date)")
    for extra in report.extras:
        typer.echo(f"  {report.out_dir / extra.file}")


@app.command()
def check(
    folder: Path = typer.Argument(..., help="A built kit, e.g. build/arnhem."),
) -> None:
    """Preflight every PDF of a built kit; exit 1 if anything fails."""
    from codio_print.printshop.preflight import check_kit, table

    checks = check_kit(folder)
    typer.echo(table(checks))
    failed = [c for c in checks if not c.ok]
    typer.echo("")
    if not failed:
        typer.echo(f"all {len(checks)} files pass")
        return
    for c in failed:
        for prop, problem in c.failures():
            typer.echo(f"FAIL {c.file}: {prop}: {problem}", err=True)
    typer.echo(f"{len(failed)} of {len(checks)} files fail", err=True)
    raise typer.Exit(1)


@app.command()
def init(folder: Path = typer.Argument(..., help="A new folder for the workspace.")) -> None:
    """Write a workspace: sessie.yaml, huisstijl.yaml, templates/ and cases/ with a sample."""
    from codio_print.inputs.workspace import init as write_workspace

    for path in write_workspace(folder):
        typer.echo(f"  {path}")
    typer.echo(f"Workspace ready. Edit {folder / 'sessie.yaml'} and "
               f"{folder / 'huisstijl.yaml'}, then run: cd {folder} && codio-print build")


@app.command("new-case")
def new_case(case_id: str = typer.Argument(..., metavar="ID", help="Id of the new case."),
             config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP)) -> None:
    """Write cases/ID.yaml in the workspace, every field explained."""
    from codio_print.inputs.workspace import new_case as write_case

    root = _workspace(config)
    if root is None:
        raise InputError("not in a workspace: no sessie.yaml here",
                         fix="run codio-print init DIR first, then run this inside DIR "
                             "or with --config DIR/sessie.yaml")
    path = write_case(root, case_id)
    typer.echo(f"{path}\nSet 'casus: {case_id}' in sessie.yaml to build the kit for it.")


@app.command()
def templates(config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP)) -> None:
    """List every template and stylesheet, and which file is used."""
    from codio_print.render.templating import template_files
    from codio_print.inputs.workspace import override_dirs

    for t in template_files(override_dirs(_workspace(config))):
        if t.builtin:
            where = "built-in"
        elif t.extends_builtin:
            where = "workspace, extends the built-in one"
        elif t.replaces:
            where = "workspace, replaces the built-in one"
        else:
            where = "workspace, added"
        typer.echo(f"{t.name:<22} {where:<38} {t.path}")


@app.command()
def watch(
    out: Optional[Path] = typer.Option(None, "--out", help="Output folder (build)."),
    config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
) -> None:
    """Rebuild when a workspace file changes; keep OUT/index.html with every page."""
    from codio_print.watch.loop import run

    path = _session(config)
    if path is None:
        raise InputError("not in a workspace: no sessie.yaml here",
                         fix="run it inside a workspace (codio-print init DIR) or with "
                             "--config DIR/sessie.yaml")
    run(path.path, out, echo=lambda text: typer.echo(text, err=True))


results_app = typer.Typer(no_args_is_help=True,
                          help="After the workshop: resultaten.yaml into a poster, a report, "
                               "acties.csv and an invitation.")
app.add_typer(results_app, name="results")


@results_app.command("init")
def results_init(
    case: Optional[str] = typer.Option(None, "--case", "-c",
                                       help="Case id, e.g. arnhem (default: sessie.yaml's)."),
    participants: Optional[str] = typer.Option(
        None, "--participants", "-n", help="A number, or a participant list (CSV) for the names "
                                           "(default: sessie.yaml's)."),
    date_: Optional[str] = typer.Option(None, "--date", help="Session date YYYY-MM-DD "
                                                             "(default: sessie.yaml's, or today)."),
    start: Optional[str] = typer.Option(None, "--start", help="Start time HH:MM (09:30)."),
    location: Optional[str] = typer.Option(None, "--location", help="Where the session was."),
    facilitator: Optional[str] = typer.Option(None, "--facilitator", help="Who led it."),
    out: Optional[Path] = typer.Option(None, "--out", help="The file to write (default: "
                                                           "resultaten.yaml in the workspace, "
                                                           "or here)."),
    config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a new resultaten.yaml with the session filled in, to complete after the workshop.

    In a workspace everything sessie.yaml knows is filled in, with the kit's groups; options
    on the command line win."""
    from codio_print.errors import shown
    from codio_print.results.build import init_results
    from codio_print.inputs.workspace import settings

    sf = _session(config)
    s = settings(sf, case=case, location=location, facilitator=facilitator,
                 participants=None if participants is None else _parse_participants(participants),
                 start=_parse_time(start) if start else None, date=_parse_date(date_))
    target = out or (sf.root / "resultaten.yaml" if sf else Path("resultaten.yaml"))
    path = init_results(s["case"], target, force=force, start=s.get("start", time(9, 30)),
                        day=s.get("date"), participants=s.get("participants"),
                        location=s.get("location", ""), facilitator=s.get("facilitator", ""),
                        workspace=s.get("workspace"))
    typer.echo(f"wrote {shown(path)}; fill it in, then run: codio-print results build "
               f"{shown(path)}")


@results_app.command("build")
def results_build(
    file: Optional[Path] = typer.Argument(None, help="The filled-in resultaten.yaml (default: "
                                                     "the workspace's)."),
    out: Optional[Path] = typer.Option(None, "--out",
                                       help="Output folder (default: resultaten/ next to FILE)."),
    config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
    force: bool = typer.Option(False, "--force",
                               help="Replace the output folder even if codio-print did not "
                                    "make it (the files in it are deleted)."),
) -> None:
    """Make the filled action-plan poster, the report, acties.csv and vervolgsessie.ics."""
    from codio_print.results.build import build_results

    root = _workspace(config)
    if file is None:
        if root is None:
            raise InputError("which resultaten.yaml? no FILE given and no sessie.yaml here",
                             fix="give the file: codio-print results build resultaten.yaml")
        file = root / "resultaten.yaml"
    report = build_results(file, out, force=force, workspace=root)
    for w in report.warnings:
        typer.echo(f"warning: {w}", err=True)
    for path in report.files:
        typer.echo(f"  {path}")
    typer.echo(f"{len(report.files)} files → {report.out_dir}/ (poster text {report.poster.fill_pt:g} pt)")


def _interrupted(signum, frame) -> None:
    if _in_finalizer(frame):
        # Raised inside a __del__ (WeasyPrint's FontConfiguration), the exception would be
        # printed as "Exception ignored" and lost: deliver the signal again a moment later.
        threading.Timer(0.05, os.kill, (os.getpid(), signum)).start()
        return
    _quiet_signals()  # the first signal decides: a second one must not cut the clean-up short
    raise Interrupted(signum)


def _in_finalizer(frame) -> bool:
    while frame is not None:
        if frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


def _catch_signals() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(signum) is not signal.SIG_IGN:  # respect nohup and the like
            signal.signal(signum, _interrupted)


def _ignored(signum, frame) -> None:
    """A signal after the outcome is decided: the process is ending anyway."""


def _quiet_signals() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _ignored)


def _is_usage_error(exc: Exception) -> bool:
    # Typer carries its own copy of click; its exceptions share click's class names.
    return any(cls.__name__ == "ClickException" for cls in type(exc).__mro__)


def _stopped(signum: int) -> int:
    typer.echo("interrupted: the previous kit, if any, is unchanged", err=True)
    return 128 + signum  # 130 for Ctrl-C, 143 for SIGTERM, as shells report them


def _system_error(exc: OSError) -> str:
    """An error of the system (a read-only or full disk, a folder that is a file) as a line."""
    where = f"{exc.filename}: " if exc.filename else ""
    reason = exc.strerror or str(exc)
    return (f"error: {where}{reason} — check that the folder exists, that you may write "
            "there and that the disk has room, then try again")


def _run() -> int:
    """Run the command; the exit code it ends with."""
    try:
        code = app(standalone_mode=False)  # typer.Exit(n) comes back as n here
        return code if isinstance(code, int) else 0
    except CodioError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"error: {exc.one_line()}", err=True)
        return 1
    except typer.Exit as exc:
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        return _stopped(signal.SIGINT)
    except Interrupted as exc:
        return _stopped(exc.signum)
    except OSError as exc:
        if _state["debug"]:
            raise
        typer.echo(_system_error(exc), err=True)
        return 1
    except MemoryError:
        if _state["debug"]:
            raise
        typer.echo("error: codio-print ran out of memory — close other programs, or build "
                   "with --workers 1, and try again", err=True)
        return 1
    except Exception as exc:
        if _is_usage_error(exc):  # a wrong option: click's own message and exit code 2
            exc.show()
            return exc.exit_code if exc.exit_code else 2
        if _state["debug"]:
            raise
        text = " ".join(f"{type(exc).__name__}: {exc}".split())
        typer.echo(f"internal error: {text} — this is a bug in codio-print; run again with "
                   "--debug and report what it shows", err=True)
        return 1


def main() -> None:
    _catch_signals()
    try:
        try:
            code = _run()
        finally:
            # The outcome is decided: a signal during the clean-up at exit (logging's, the
            # workers') must not print a traceback.
            _quiet_signals()
    except Interrupted as exc:  # landed between the command's end and the line above
        code = _stopped(exc.signum)
    sys.exit(code)
