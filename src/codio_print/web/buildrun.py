"""One build for the web interface, in a process of its own: ``python -m codio_print.web.buildrun
WORKSPACE``. It builds the workspace's kit with the pipeline the command line runs (the
same settings from sessie.yaml, the same bytes) and writes what happens as JSON lines on
standard output: ``{"progress": …}`` per render, then ``{"report": …}`` (builder/report.py
``as_dict``) or ``{"problems": [...]}`` (each error's parts, in Dutch).

In a process of its own, because a build is all-or-nothing and may be stopped (the server
stops it with SIGTERM when it is stopped itself, and the kit stays as it was), because the
template sandbox's time limits use signals, which work only in a main thread, and because
the render workers' memory is given back when it ends.
"""

from __future__ import annotations

import json
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


def main(argv: list[str]) -> int:
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _stop)
    set_language("nl")
    try:
        from codio_print.builder import pipeline
        from codio_print.inputs.settings import resolve
        from codio_print.inputs.workspace import SESSION_FILE, load_session

        settings = resolve(load_session(Path(argv[0]) / SESSION_FILE))
        report = pipeline.build(settings, lambda p: _say(progress={
            "done": p.done, "total": p.total, "piece": p.piece, "profile": p.profile}))
        _say(report=report.as_dict())
        return 0
    except CodioError as exc:
        _say(problems=[p.fields() for p in exc.problems()])
        return 1
    except OSError as exc:  # a full disk, a folder that cannot be written
        _say(problems=[{"message": reason(exc), "file": exc.filename, "line": None,
                        "key": None, "fix": None}])
        return 1
    except Interrupted:
        _say(stopped=True)
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
