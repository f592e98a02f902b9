"""The command line. Only this module knows about Typer and exit codes."""

from __future__ import annotations

import sys
from datetime import date, datetime, time
from pathlib import Path
from typing import Optional

import typer

from .errors import CodioError, InputError

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


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date '{value}' is not a date",
                         fix="write it as YYYY-MM-DD, e.g. 2026-03-12") from None


def _parse_participants(value: str) -> int | Path:
    """``12`` is a count; anything else is the path of a participant list."""
    return int(value) if value.strip().isdigit() else Path(value)


@app.command()
def cases() -> None:
    """List the cases with their place in the Deel 1 classification."""
    from .content import load_content

    content = load_content()
    for case in content.cases.values():
        herkomst = content.niveau("herkomst", case.herkomst).naam
        levels = ", ".join(p.niveau for p in case.proactiviteit)
        typer.echo(f"{case.id:<12} {case.organisatie}: {case.titel}")
        typer.echo(f"{'':<12} proactiviteit {levels} · {herkomst.lower()}")


@app.command()
def build(
    case: str = typer.Option(..., "--case", "-c", help="Case id, e.g. arnhem."),
    participants: str = typer.Option("12", "--participants", "-n",
                                     help="A number, or a participant list (CSV)."),
    start: str = typer.Option("09:30", "--start", help="Start time HH:MM."),
    date_: Optional[str] = typer.Option(None, "--date", help="Session date YYYY-MM-DD."),
    out: Path = typer.Option(Path("build"), "--out", help="Output folder."),
) -> None:
    """Render the whole kit for one case into OUT/CASE/."""
    from .build import Options, build as run_build

    options = Options(case=case, participants=_parse_participants(participants),
                      start=_parse_time(start),
                      date=_parse_date(date_), out=out)

    def progress(i: int, total: int, piece) -> None:
        typer.echo(f"  [{i:>2}/{total}] {piece.id}", err=True)

    typer.echo(f"Building the kit for '{case}' ...", err=True)
    report = run_build(options, progress)
    for w in report.session.warnings:
        typer.echo(f"warning: {w}", err=True)
    for r in report.results:
        for w in r.warnings:
            typer.echo(f"warning: {r.piece.id}: {w}", err=True)
    typer.echo(f"{len(report.results)} pieces, {report.pages} pages in "
               f"{report.seconds:.1f} s → {report.out_dir}/")


results_app = typer.Typer(no_args_is_help=True,
                          help="After the workshop: resultaten.yaml into a poster, a report, "
                               "acties.csv and an invitation.")
app.add_typer(results_app, name="results")


@results_app.command("init")
def results_init(
    case: str = typer.Option(..., "--case", "-c", help="Case id, e.g. arnhem."),
    participants: Optional[str] = typer.Option(
        None, "--participants", "-n", help="A number, or a participant list (CSV) for the names."),
    date_: Optional[str] = typer.Option(None, "--date", help="Session date YYYY-MM-DD (default today)."),
    start: str = typer.Option("09:30", "--start", help="Start time HH:MM."),
    out: Path = typer.Option(Path("resultaten.yaml"), "--out", help="The file to write."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a new resultaten.yaml with the session filled in, to complete after the workshop."""
    from .results_build import init_results

    path = init_results(case, out, force=force, start=_parse_time(start), day=_parse_date(date_),
                        participants=None if participants is None
                        else _parse_participants(participants))
    typer.echo(f"wrote {path}; fill it in, then run: codio-print results build {path}")


@results_app.command("build")
def results_build(
    file: Path = typer.Argument(..., help="The filled-in resultaten.yaml."),
    out: Optional[Path] = typer.Option(None, "--out",
                                       help="Output folder (default: resultaten/ next to FILE)."),
) -> None:
    """Make the filled action-plan poster, the report, acties.csv and vervolgsessie.ics."""
    from .results_build import build_results

    report = build_results(file, out)
    for w in report.warnings:
        typer.echo(f"warning: {w}", err=True)
    for path in report.files:
        typer.echo(f"  {path}")
    typer.echo(f"{len(report.files)} files → {report.out_dir}/ (poster text {report.poster.fill_pt:g} pt)")


def main() -> None:
    try:
        app(standalone_mode=False)
    except CodioError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"error: {exc.one_line()}", err=True)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(130)
    except Exception as exc:  # click usage errors
        import click
        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code if exc.exit_code else 2)
        raise
