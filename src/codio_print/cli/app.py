"""The Typer application and its shared options. Only cli/ knows about Typer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from codio_print import i18n
from codio_print.i18n import N_, _

# The help texts are made when this module is imported: after the language is chosen
# (__main__.run, i18n.choose), so they are in it.
app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help=_("Build the CODIO-PaD workshop kit as print-ready PDFs."))
results_app = typer.Typer(no_args_is_help=True,
                          help=_("After the workshop: resultaten.yaml into a poster, a "
                                 "report, acties.csv and an invitation."))
app.add_typer(results_app, name="results")
state = {"debug": False, "stake": None}  # stake: what the command may change (endings.py)

CONFIG_HELP = N_("The workspace's sessie.yaml (default: ./sessie.yaml if there is one).")

# The settings' options are made from their table (cli/options.py, inputs/options.py).
Config = Annotated[Optional[Path], typer.Option("--config", help=_(CONFIG_HELP))]

MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
          N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
          N_("December"))


def long_date(day) -> str:
    """3 December 2026 (3 december 2026 in Dutch): a date no reader can take for another."""
    return _("{day} {month} {year}").format(day=day.day, month=_(MONTHS[day.month - 1]),
                                            year=day.year)


def _language(value: Optional[str]) -> Optional[str]:
    """--taal: already applied before the command line was read (i18n.choose in
    __main__.run, so that help texts are in it too); here only refused when unknown."""
    if value is not None and value.lower() not in i18n.LANGUAGES:
        raise typer.BadParameter(_("choose nl (Nederlands) or en (English)"))
    return value


@app.callback()
def _main(debug: bool = typer.Option(False, "--debug", help=_("Show a traceback on errors.")),
          taal: Optional[str] = typer.Option(
              None, i18n.TAAL_OPTION, callback=_language, metavar="nl|en",
              help=_("Language of the messages: nl or en (default: the computer's "
                     "language; Dutch unless it is English)."))):
    state["debug"] = debug


def session_file(config: Path | None):
    """The workspace's session file, from --config or the current folder, or None."""
    from codio_print.inputs.workspace import find, load_session

    path = find(config, Path.cwd())
    return load_session(path) if path else None


def workspace_root(config: Path | None) -> Path | None:
    from codio_print.inputs.workspace import find

    path = find(config, Path.cwd())
    return path.parent if path else None


def say(text: str) -> None:
    """A line for the person at the terminal, apart from the command's own output."""
    typer.echo(text, err=True)
