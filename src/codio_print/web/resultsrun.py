"""One results build for the web interface, in a process of its own: ``python -m
codio_print.web.resultsrun WORKSPACE``. It makes the poster, the report, acties.csv and
vervolgsessie.ics from the workspace's resultaten.yaml as ``codio-print results build`` does
in the workspace (the same settings from sessie.yaml, the same folder resultaten/, the same
bytes), and writes what happens as JSON lines on standard output, as web/buildrun.py does:
``{"report": {"files": [...], "warnings": [...]}}`` or ``{"problems": [...]}``.

In a process of its own for the reasons of web/buildrun.py: the template sandbox's time
limits use signals (render/limits.py), which work only in a main thread, and the server may
stop it (SIGTERM) while the folder it replaces stays as it was.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from codio_print.errors import CodioError, Interrupted, reason
from codio_print.i18n import set_language
from codio_print.web.buildrun import _say, _stop

RESULTS_FILE = "resultaten.yaml"  # where `codio-print results init` writes it in a workspace


def main(argv: list[str]) -> int:
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _stop)
    set_language("nl")
    try:
        from codio_print.inputs.settings import resolve
        from codio_print.inputs.workspace import SESSION_FILE, load_session
        from codio_print.results.build import build_results

        root = Path(argv[0]).absolute()
        os.chdir(root)  # its messages name resultaten.yaml as the person sees it there
        settings = resolve(load_session(root / SESSION_FILE), need_case=False)
        report = build_results(root / RESULTS_FILE, None, settings=settings)
        _say(report={"files": [p.name for p in report.files], "warnings": report.warnings,
                     "pt": report.poster.fill_pt})
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
