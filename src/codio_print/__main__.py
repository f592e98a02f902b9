"""``codio-print`` and ``python -m codio_print``: the command line (cli.main).

Ctrl-C or SIGTERM while Python is still importing the command line ends it with the same
one line and exit code as later (130, 143): nothing has been written yet, and the line says
so, whatever the command. The command line then sets its own handlers (cli.main), and says
what the command leaves unchanged (cli/endings.py). Once the command has ended, its outcome
stands: as Python exits it puts back the default action (end the process, say nothing) for
every signal it handles, so from then on the signals are ignored instead."""

import atexit
import os
import signal
import sys

SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _stopped_while_starting(signum, frame) -> None:
    try:
        from codio_print.i18n import _

        line = _("interrupted: nothing was changed")
    except Exception:  # the signal came while i18n itself was being imported
        line = "interrupted: nothing was changed"
    os.write(2, (line + "\n").encode("utf-8"))
    os._exit(128 + signum)


def _ignore_signals_from_now_on() -> None:
    """At exit (atexit runs before Python removes its handlers): the command has ended, a
    Ctrl-C or SIGTERM can change nothing any more."""
    for signum in SIGNALS:
        signal.signal(signum, signal.SIG_IGN)


def run() -> None:
    for signum in SIGNALS:
        if signal.getsignal(signum) is not signal.SIG_IGN:  # respect nohup and the like
            signal.signal(signum, _stopped_while_starting)
    atexit.unregister(_ignore_signals_from_now_on)  # once, however often run() is called
    atexit.register(_ignore_signals_from_now_on)
    from codio_print import i18n

    i18n.choose(sys.argv[1:])  # --taal, else the locale: before any message is made
    from codio_print.builder import quickcheck

    if quickcheck.answer(sys.argv[1:], os.getcwd()):  # nothing to do: said in milliseconds
        return
    from codio_print.cli import main

    main()


if __name__ == "__main__":
    run()
