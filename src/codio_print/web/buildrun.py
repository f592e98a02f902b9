"""The builds of one workspace for the web interface, in a process of its own that stays:
``python -m codio_print.web.buildrun WORKSPACE`` builds the workspace's kit each time it
reads a line on standard input, with the pipeline the command line runs (the same settings
from sessie.yaml, the same bytes), and writes what happens as JSON lines on standard output:
``{"progress": …}`` per render, then one of ``{"report": …}`` (builder/report.py
``as_dict``), ``{"problems": [...]}`` (each error's parts, in Dutch) or ``{"stopped": true}``.
A line ``voorbeeld PIECE`` asks for the quick preview of one piece instead (web/quick.py):
``{"preview": {"piece": …, "html": …}}``. The server keeps two of these processes per
workspace, one for builds and one for previews, so a preview never waits for a build.

Its render workers stay from build to build (render.pool.WarmPool, as ``watch`` keeps
them): WeasyPrint imported and the fonts loaded once, so a change renders only what it
changes, at once. A process of its own, because a build is all-or-nothing and may be
stopped (the server stops it with SIGTERM; the kit stays as it was), because the template
sandbox's time limits use signals, which work only in a main thread, and because the
render workers' memory is given back when it ends.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

from codio_print.errors import CodioError, Interrupted, ask_to_stop, reason
from codio_print.i18n import set_language

def _stop(signum, frame):
    raise ask_to_stop(signum)


def _say(**data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def build_once(workspace: Path, pool) -> None:
    """One build of the workspace's kit; what happened, said as JSON lines."""
    from codio_print.builder import pipeline
    from codio_print.inputs.settings import resolve
    from codio_print.inputs.workspace import SESSION_FILE, load_session

    try:
        settings = resolve(load_session(workspace / SESSION_FILE))  # read again each time
        report = pipeline.build(settings, lambda p: _say(progress={
            "done": p.done, "total": p.total, "piece": p.piece, "profile": p.profile}),
            pool=pool)
        _say(report=report.as_dict())
    except CodioError as exc:
        _say(problems=[p.fields() for p in exc.problems()])
    except OSError as exc:  # a full disk, a folder that cannot be written
        _say(problems=[{"message": reason(exc), "file": exc.filename, "line": None,
                        "key": None, "fix": None}])


def preview_once(workspace: Path, piece: str) -> None:
    """The quick preview of one piece (web/quick.py), said as one JSON line."""
    from codio_print.inputs.settings import resolve
    from codio_print.inputs.workspace import SESSION_FILE, load_session
    from codio_print.web.quick import piece_html

    try:
        settings = resolve(load_session(workspace / SESSION_FILE))
        _say(preview={"piece": piece, "html": piece_html(settings, piece)})
    except CodioError as exc:
        _say(problems=[p.fields() for p in exc.problems()])


def main(argv: list[str]) -> int:
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _stop)
    set_language("nl")
    from codio_print import writing
    from codio_print.inputs.workspace import check_own_build_folder
    from codio_print.render.pool import WarmPool
    from codio_print.watch.loop import WATCH_SCRATCH, remove_stale_scratch

    workspace = Path(argv[0])
    out = workspace / "build"
    try:
        check_own_build_folder(out)  # as build: never a scratch folder through a link
        writing.make_folder(out, below=workspace)
    except CodioError as exc:
        _say(problems=[p.fields() for p in exc.problems()])
        return 1
    remove_stale_scratch(out)  # a watch's or a server's that was killed
    pool = WarmPool(out / f"{WATCH_SCRATCH}{os.getpid()}")
    try:
        for line in sys.stdin:  # "build": once more; "voorbeeld PIECE": its quick preview
            what, _space, piece = line.strip().partition(" ")
            if what == "voorbeeld":
                preview_once(workspace, piece)
            else:
                build_once(workspace, pool)
        return 0
    except Interrupted:
        _say(stopped=True)
        return 130
    finally:
        pool.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
