"""The command line: ``codio-print`` (cli/commands.py, cli/results.py on the app of
cli/app.py). main() turns every ending into one line and an exit code: 1 for an error the
user can fix, 2 for a wrong option, 130 for Ctrl-C, 143 for SIGTERM."""

from __future__ import annotations

import os
import signal
import sys
import threading

import typer

from codio_print.cli import commands, endings, results, words  # noqa: F401 - add commands
from codio_print.cli.app import app, state
from codio_print.errors import CodioError, Interrupted, ask_to_stop, asked_to_stop
from codio_print.i18n import _

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
        if _is_usage_error(exc):  # a wrong option: click's own message and exit code 2
            exc.show()
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
