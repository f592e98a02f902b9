"""``codio-print`` and ``python -m codio_print``: the command line (cli.main).

Ctrl-C or SIGTERM while Python is still importing the command line ends it with the same
one line and exit code as later (130, 143): nothing has been written yet, and the line says
so, whatever the command. The command line then sets its own handlers (cli.main), and says
what the command leaves unchanged (cli/endings.py)."""

import os
import signal
import sys


def _stopped_while_starting(signum, frame) -> None:
    os.write(2, b"interrupted: nothing was changed\n")
    os._exit(128 + signum)


def run() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(signum) is not signal.SIG_IGN:  # respect nohup and the like
            signal.signal(signum, _stopped_while_starting)
    from codio_print.build import quickcheck

    if quickcheck.answer(sys.argv[1:], os.getcwd()):  # nothing to do: said in milliseconds
        return
    from codio_print.cli import main

    main()


if __name__ == "__main__":
    run()
