"""The bounds of one render, in one place: a template may use so much CPU time and memory
(templating.py), a WeasyPrint render so much wall time and memory (pdf.py), and a render
worker that is still busy after its time is ended by its parent (pool.py).

A shared workspace's template may be hostile: 100,000 ``<p>`` (0.8 MB of HTML, far under
the template limits) kept one WeasyPrint render busy for more than 150 s. The bounds are far
above what a real piece needs; measured on a loaded 2-core machine, the longest renders
were the run sheet with 200 names (6.0 s, 3.9 s CPU) and 200 name cards (7.3 s, 3.2 s CPU),
each growing the process by less than 100 MB.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from codio_print.errors import RenderError
from codio_print.i18n import N_, _

try:
    import resource
except ImportError:  # pragma: no cover - not on Windows: no memory limit
    resource = None  # type: ignore[assignment]

RENDER_SECONDS = 120              # wall time for one WeasyPrint render
RENDER_MEMORY = 2 * 1024 ** 3     # bytes it may allocate on top of what the process holds
RENDER_GRACE = 15                 # seconds more before a worker's parent ends it


class TooLong(BaseException):
    """The timer of :func:`wall_clock` ran out. Not an Exception: WeasyPrint catches those
    in places (an image it cannot load is a warning) and would carry on."""


def _too_long(signum, frame) -> None:
    raise TooLong


def _quiet(hook):
    """``hook``, but silent about a :class:`TooLong` raised where Python cannot pass it on
    (a weakref callback, a ``__del__``): it would print a traceback, and the timer fires
    again a second later."""
    def unraisable(info) -> None:
        if not isinstance(info.exc_value, TooLong):
            hook(info)
    return unraisable


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def wall_clock(seconds: float) -> Iterator[None]:
    """Raise :class:`TooLong` in the block once ``seconds`` have passed, and every second
    after that (should something swallow it). Main thread only; a timer of the caller's
    (``signal.alarm``) is put back afterwards."""
    if not _main_thread():
        yield
        return
    started = time.monotonic()
    hook = sys.unraisablehook
    sys.unraisablehook = _quiet(hook)
    handler = signal.signal(signal.SIGALRM, _too_long)
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds, 1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, handler)
        sys.unraisablehook = hook
        if outer:
            signal.setitimer(signal.ITIMER_REAL,
                             max(outer - (time.monotonic() - started), 0.001))


def _vm_bytes() -> int | None:
    try:
        return int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def memory_cap(extra: int) -> Iterator[bool]:
    """The block may allocate ``extra`` bytes on top of what the process holds, then gets a
    MemoryError (Linux; the main thread only, as the limit is the whole process's). It is
    given whether the cap is set: C code that cannot allocate may fail without a
    MemoryError (a SystemError, "error return without exception set"), and under the cap
    that too means the render needed too much memory."""
    if resource is None or not _main_thread():
        yield False
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    used = _vm_bytes()
    cap = None if used is None else used + extra
    if cap is not None and hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if cap is not None and (soft == resource.RLIM_INFINITY or soft > cap):
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    else:
        cap = None
    try:
        yield cap is not None
    finally:
        if cap is not None:
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def too_long(name: str) -> RenderError:
    """The line for a render stopped by its wall time (in its own process or by the pool)."""
    return RenderError(_("rendering took longer than {seconds} s, and was stopped").format(
        seconds=RENDER_SECONDS), file=name, fix=_(_FIX))


def too_large(name: str) -> RenderError:
    return RenderError(_("rendering needed more than {megabytes} MB of memory, and was "
                         "stopped").format(megabytes=f"{RENDER_MEMORY // 1024 ** 2:,}"),
                       file=name, fix=_(_FIX))


_FIX = N_("a piece renders in seconds: look in the workspace's templates for a loop that "
          "repeats too often or a text made too long")
