"""``codio-print ARGS`` run inside the test's own process, for commands that end before they
render (a refused input, a wrong option): the same entry point, lines and exit code as the
command in a terminal, without a Python start-up and its imports for each run.

What a process of its own has and this one shares is set as a new process has it and put
back afterwards: the current folder, the environment, the signal handlers, the command
line, the record of what the command read. CODIO_PRINT_HOME is read when
codio-print is imported, so a run that needs another home runs as a process (kits.run_cli).
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
from pathlib import Path

from kits import ROOT


def run_here(*args: str, cwd: Path | None = None,
             env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the command line here; its exit code, standard output and error as text."""
    from codio_print import i18n

    # --taal sets the language for the command, not for later tests; taken before the
    # command line is imported (its help texts ask for the language, choosing it then).
    language = list(i18n._current)
    from codio_print import __main__ as entry
    from codio_print.cli.app import state
    from codio_print.inputs import access

    if env and "CODIO_PRINT_HOME" in env:
        raise ValueError("CODIO_PRINT_HOME is read at import: use kits.run_cli")
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    saved_env = {name: os.environ.get(name) for name in env or {}}
    saved_argv, saved_cwd = sys.argv, os.getcwd()
    # What a command has read so far (for its quick-answer record): a process of its own
    # starts with nothing read, not with what this test process read before.
    records = [access._READ, access._LOOKED_IN]
    saved_records = [set(r) for r in records]
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        for record in records:
            record.clear()
        os.environ.update(env or {})
        os.chdir(cwd or ROOT)
        sys.argv = ["codio-print", *args]
        state["debug"] = False
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                entry.run()
            except SystemExit as end:
                code = end.code if isinstance(end.code, int) else (0 if end.code is None else 1)
    finally:
        os.chdir(saved_cwd)
        sys.argv = saved_argv
        for name, value in saved_env.items():  # only these: a thread may read the others
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        state["debug"] = False
        i18n._current[:] = language
        for record, saved in zip(records, saved_records):
            record.clear()
            record.update(saved)
    return subprocess.CompletedProcess(["codio-print", *args], code, out.getvalue(),
                                       err.getvalue())
