"""The command line: ``codio-print`` (cli/commands.py, cli/results.py on the app of
cli/app.py). main() turns every ending into one line and an exit code: 1 for an error the
user can fix, 2 for a wrong option, 130 for Ctrl-C, 143 for SIGTERM."""

from __future__ import annotations

import os
import signal
import sys
import threading

import typer
from typer.core import TyperCommand, TyperGroup

from codio_print.cli import commands, endings, results, serve, words  # noqa: F401 - add commands
from codio_print.cli.app import app, state
from codio_print.errors import CodioError, Interrupted, ask_to_stop, asked_to_stop
from codio_print.i18n import _


# --- the help in the reader's language ------------------------------------------------------
# Typer's help shows a few words of its own: the panels' titles and "[default: …]" (module
# constants of typer.rich_utils, read each time help is drawn), "Usage:" (click's
# format_usage) and the --help option's text. The command classes below say them in the
# reader's language, through click's own hooks; every command of the app is made with them.

def _help_words() -> None:
    """typer.rich_utils' words, in the current language (imported only when help is shown:
    it imports rich). A constant a later Typer no longer has is left alone."""
    from typer import rich_utils

    words = {"ARGUMENTS_PANEL_TITLE": _("Arguments"), "OPTIONS_PANEL_TITLE": _("Options"),
             "COMMANDS_PANEL_TITLE": _("Commands"), "ERRORS_PANEL_TITLE": _("Error"),
             "REQUIRED_LONG_STRING": _("[required]"), "DEPRECATED_STRING": _("(deprecated) "),
             "DEFAULT_STRING": _("[default: {value}]").format(value="{}"),
             "ENVVAR_STRING": _("[env var: {name}]").format(name="{}"),
             "ABORTED_TEXT": _("Aborted.")}
    for name, text in words.items():
        if isinstance(getattr(rich_utils, name, None), str):
            setattr(rich_utils, name, text)


class _InLanguage:
    """What a command and a group share: the usage line, the --help option, the panels."""

    def format_usage(self, ctx, formatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix=_("Usage:") + " ")

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _("Show this message and exit.")
        return option

    def format_help(self, ctx, formatter) -> None:
        _help_words()
        super().format_help(ctx, formatter)


class Command(_InLanguage, TyperCommand):
    """A command whose help is in the reader's language."""


class Group(_InLanguage, TyperGroup):
    """A group (the app, results) whose help is in the reader's language."""


def _in_language(typer_app: typer.Typer) -> None:
    """Make ``typer_app``'s group and commands (and its sub-apps') with the classes above
    (what ``cls=`` would have chosen), unless one was given its own class."""
    if typer_app.info.cls is None or not isinstance(typer_app.info.cls, type):
        typer_app.info.cls = Group
    for command in typer_app.registered_commands:
        if command.cls in (None, TyperCommand):
            command.cls = Command
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _in_language(group.typer_instance)


_in_language(app)


def _interrupted(signum, frame) -> None:
    if _in_finalizer(frame):
        # Raised inside a __del__ (WeasyPrint's FontConfiguration), the exception would be
        # printed as "Exception ignored" and lost: deliver the signal again a moment later.
        threading.Timer(0.05, os.kill, (os.getpid(), signum)).start()
        return
    _quiet_signals()  # the first signal decides: a second one must not cut the clean-up short
    raise ask_to_stop(signum)


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
    sys.unraisablehook = _keep_lost_stops


def _keep_lost_stops(unraisable, _before=sys.unraisablehook) -> None:
    """A stop raised where nothing can raise (a weakref callback, as importlib's module locks
    have; a finaliser) is lost on the way: Python would print it as "Exception ignored" with
    a traceback. It is kept instead (errors.ask_to_stop noted the signal), and the next
    ``stop_if_asked`` raises it. Anything else is shown as Python shows it."""
    if not isinstance(unraisable.exc_value, Interrupted):
        _before(unraisable)


def _ignored(signum, frame) -> None:
    """A signal after the outcome is decided: the process is ending anyway."""


def _quiet_signals() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _ignored)


def _is_usage_error(exc: Exception) -> bool:
    # Typer carries its own copy of click; its exceptions share click's class names.
    return any(cls.__name__ == "ClickException" for cls in type(exc).__mro__)


def _show_usage_error(exc) -> None:
    """A wrong option as click shows it (the usage line, where to find help, the error),
    with its words in the reader's language; what click says of the option stays click's."""
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]) + "\n"
        typer.echo(f"{ctx.get_usage()}\n{hint}", err=True, color=ctx.color)
    typer.echo(_("Error: {message}").format(message=exc.format_message()), err=True)


def _stopped(signum: int) -> int:
    typer.echo(endings.interrupted(), err=True)  # what the command leaves unchanged
    return 128 + signum  # 130 for Ctrl-C, 143 for SIGTERM, as shells report them


def _system_error(exc: OSError) -> str:
    """An error of the system (a read-only or full disk, a folder that is a file) as a line."""
    where = f"{exc.filename}: " if exc.filename else ""
    reason = exc.strerror or str(exc)
    return _("error: {where}{reason} — check that the folder exists, that you may write "
             "there and that the disk has room, then try again").format(where=where,
                                                                        reason=reason)


def _stopped_meanwhile() -> int | None:
    """When a signal asked the command to stop, an error raised while it unwound (a zip file
    that cannot be closed with a member half written) came of the stop: the ending is the
    interruption's, not an error or a bug."""
    signum = asked_to_stop()
    return None if signum is None else _stopped(signum)


def _run() -> int:
    """Run the command; the exit code it ends with."""
    endings.forget()
    try:
        code = app(standalone_mode=False)  # typer.Exit(n) comes back as n here
        return code if isinstance(code, int) else 0
    except CodioError as exc:
        if (stopped := _stopped_meanwhile()) is not None:
            return stopped
        if state["debug"]:
            raise
        full = endings.disk_full(exc)  # our error about a file that a full disk cut short
        typer.echo(endings.full_line(full, exc.file) if full
                   else _("error: {message}").format(message=exc.one_line()), err=True)
        for other in [] if full else exc.more:  # every further problem on its own line
            typer.echo(_("error: {message}").format(message=other.one_line()), err=True)
        return 1
    except typer.Exit as exc:
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        return _stopped(signal.SIGINT)
    except Interrupted as exc:
        return _stopped(exc.signum)
    except OSError as exc:
        if (stopped := _stopped_meanwhile()) is not None:
            return stopped
        if state["debug"]:
            raise
        full = endings.disk_full(exc)
        typer.echo(endings.full_line(full) if full else _system_error(exc), err=True)
        return 1
    except MemoryError:
        if (stopped := _stopped_meanwhile()) is not None:
            return stopped
        if state["debug"]:
            raise
        typer.echo(_("error: codio-print ran out of memory — close other programs, or build "
                     "with --workers 1, and try again"), err=True)
        return 1
    except Exception as exc:
        if _is_usage_error(exc):  # a wrong option: click's message and exit code 2
            _show_usage_error(exc)
            return exc.exit_code if exc.exit_code else 2
        if (stopped := _stopped_meanwhile()) is not None:
            return stopped
        if state["debug"]:
            raise
        text = " ".join(f"{type(exc).__name__}: {exc}".split())
        typer.echo(_("internal error: {text} — this is a bug in codio-print; run again with "
                     "--debug and report what it shows").format(text=text), err=True)
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
