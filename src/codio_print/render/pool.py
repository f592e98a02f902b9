"""Render many pieces at once, one WeasyPrint render per process.

WeasyPrint is single-threaded, so a kit uses a few processes sized to the machine. The
parent imports WeasyPrint once and the workers are forked from it, so none pays the import
(about 0.8 s) again. Each render is a plain function of its inputs: the PDFs are the same,
byte for byte, whatever the number of workers.

The pool is our own, small on purpose (multiprocessing.Pool silently replaced a worker that
died and lost its job, and could hang on a lock the dead worker held):
- a worker that dies (the out-of-memory killer, a crash) ends the build with one line;
- a render has a wall time and a memory bound (limits.py), which the worker keeps itself;
  a worker still busy a little after its time (stuck in C code) is ended by the parent,
  and the build ends with one line naming the piece;
- the first failing render stops the build: no new render starts, those running finish
  (at most one per other worker), the first failure in kit order among them is reported,
  and nothing is rendered again to find another error;
- the parent alone reacts to Ctrl-C and SIGTERM: signals are blocked while a worker is
  forked, and a worker ignores Ctrl-C from then on;
- a worker dies with its parent (Linux ``PR_SET_PDEATHSIG``, and the closed pipe
  elsewhere), so a killed build leaves no process running;
- each worker keeps its temporary files (WeasyPrint's font folders) in ``scratch``, which the
  caller removes; after a kill, the next build does (output.py).
"""

from __future__ import annotations

import ctypes
import faulthandler
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

from codio_print import paths
from codio_print.render import limits, weasy
from codio_print.errors import CodioError, RenderError
from codio_print.i18n import _
from codio_print.kit.pieces import Budget
from codio_print.kit.profiles import Profile

_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@dataclass(frozen=True)
class Job:
    """One piece in one profile."""

    name: str          # the piece id, for messages
    profile: Profile
    html: str
    allowed: tuple[Path, ...]
    icc: Path
    budget: Budget | None = None  # the pages it must keep (kit/pieces.budget)


def workers(jobs: int, requested: int | None = None) -> int:
    """As many processes as cores (or as asked), never more than there are jobs."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(requested or cores or 1, jobs))


def _render(job: Job):
    from codio_print.render.pdf import render_pdf

    return render_pdf(job.html, paths.TEMPLATES.as_uri() + "/", name=job.name,
                      allowed=job.allowed, profile=job.profile, icc=job.icc,
                      budget=job.budget)


Done = Callable[[int, object], None]  # the job's index and its Rendered; may raise to stop


def render_all(jobs: Sequence[Job], *, processes: int | None = None,
               done: Done | None = None, scratch: Path | None = None) -> list:
    """The Rendered result of every job, in the order given. ``done`` hears of each result
    as it arrives; an exception it raises stops every render at once."""
    if not jobs:
        return []
    weasy.load()  # imported once here, inherited by the forked workers
    count = workers(len(jobs), processes)
    if count == 1 or "fork" not in multiprocessing.get_all_start_methods():
        results = []
        with _fonts():
            for i, job in enumerate(jobs):
                results.append(_render(job))
                if done:
                    done(i, results[-1])
        return results
    pool = _Pool()
    try:
        pool.start(count, scratch)
        return pool.run(jobs, done)
    finally:
        pool.stop()


class WarmPool:
    """Render workers that stay for many builds (watch): WeasyPrint imported and the fonts
    loaded once, not for every change. Their temporary files are kept in ``scratch`` (a
    folder of the caller's, removed by :meth:`close`)."""

    def __init__(self, scratch: Path, processes: int | None = None):
        self.scratch = scratch
        self.processes = processes
        self._pool: _Pool | None = None

    def render_all(self, jobs: Sequence[Job], done: Done | None = None) -> list:
        if not jobs:
            return []
        if self._pool is None:
            weasy.load()
            self._pool = _Pool()
            self._pool.start(workers(10**6, self.processes), self.scratch)
        try:
            return self._pool.run(jobs, done, keep=True)
        except CodioError:  # every worker has finished its render: they can stay
            if self._pool.broken:  # ... but one is gone
                self.close()
            raise
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self._pool is not None:
            self._pool.finished = not self._pool.broken  # idle: they may end by themselves
            self._pool.stop()
            self._pool = None
        shutil.rmtree(self.scratch, ignore_errors=True)


class BuildPool:
    """The render workers of one build: started for its pieces when there are several, and
    kept for what the build renders after them (the run sheet again, the office's dividers),
    which then finds WeasyPrint imported and the fonts loaded instead of starting cold in
    this process; stopped by :meth:`close`. With one piece to render (or one process asked
    for), everything is rendered here, in this process."""

    def __init__(self, scratch: Path, processes: int | None = None):
        self.scratch = scratch / "workers"
        self.processes = processes
        self._warm: WarmPool | None = None
        self._here = False

    def render_all(self, jobs: Sequence[Job], done: Done | None = None) -> list:
        if not jobs:
            return []
        if self._warm is None and not self._here:
            self._here = (workers(len(jobs), self.processes) == 1
                          or "fork" not in multiprocessing.get_all_start_methods())
            if not self._here:
                self._warm = WarmPool(self.scratch, self.processes)
        if self._warm is not None:
            return self._warm.render_all(jobs, done)
        return render_all(jobs, processes=1, done=done)

    def rest(self) -> None:
        """Stop the workers now; what the build renders after this is rendered here, in this
        process (LibreOffice is about to start: not beside the workers)."""
        self.close()
        self._here = True

    def close(self) -> None:
        if self._warm is not None:
            self._warm.close()
            self._warm = None


def dispatch_order(jobs: Sequence[Job]) -> list[int]:
    """The kit's first job first (a problem every piece shares is then reported for it),
    then the largest, so the long slide deck does not start last and keep a core waiting."""
    rest = sorted(range(1, len(jobs)), key=lambda i: -len(jobs[i].html))
    return [0, *rest] if jobs else []


class _Worker:
    def __init__(self, process, conn):
        self.process = process
        self.conn = conn
        self.job: int | None = None
        self.since = 0.0  # when it was sent its job (time.monotonic)


class _Pool:
    def __init__(self) -> None:
        self.workers: list[_Worker] = []
        self.finished = False
        self.broken = False  # a worker died or was ended: these workers cannot go on

    def start(self, count: int, scratch: Path | None) -> None:
        context = multiprocessing.get_context("fork")
        parent = os.getpid()
        # A signal that lands in a child before it has set its handlers would run ours
        # there (and print a traceback): hold them until the children are ready.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        try:
            for n in range(count):
                mine, theirs = context.Pipe(duplex=True)
                folder = str(scratch / f"worker-{n}") if scratch else None
                process = context.Process(target=_serve, args=(theirs, folder, parent),
                                          daemon=True, name=f"codio-print render {n}")
                process.start()
                theirs.close()
                self.workers.append(_Worker(process, mine))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

    def run(self, jobs: Sequence[Job], done: Done | None, *, keep: bool = False) -> list:
        """Every job's result; ``keep``: the workers stay for another run."""
        pending = deque(dispatch_order(jobs))
        results: list = [None] * len(jobs)
        failures: dict[int, BaseException] = {}
        idle = list(self.workers)
        busy: list[_Worker] = []
        while (pending and not failures) or busy:
            while idle and pending and not failures:
                worker = idle.pop()
                worker.job = pending.popleft()
                worker.since = time.monotonic()
                try:
                    worker.conn.send((worker.job, jobs[worker.job]))
                except OSError:
                    raise self._died(worker, jobs) from None
                busy.append(worker)
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                         timeout=self._time_left(busy))
            for worker in list(busy):
                if worker.conn not in ready and worker.process.sentinel not in ready:
                    self._in_time(worker, jobs)
                    continue
                try:
                    index, rendered, error = worker.conn.recv()
                except (EOFError, OSError):
                    raise self._died(worker, jobs) from None
                busy.remove(worker)
                idle.append(worker)
                worker.job = None
                if error is None and done:
                    try:
                        done(index, rendered)
                    except Exception as refused:  # noqa: BLE001 - e.g. a warning, --strict
                        error = refused
                if error is not None:
                    failures[index] = error  # nothing new is sent; what runs may finish
                results[index] = rendered
        if failures:
            # The first failure in kit order among those that ran: the same message every
            # time when one file (a stylesheet) makes every piece fail.
            raise failures[min(failures)]
        self.finished = not keep
        return results

    @staticmethod
    def _time_left(busy: list[_Worker]) -> float:
        """Seconds until the first busy worker is over its time (limits.py)."""
        allowed = limits.RENDER_SECONDS + limits.RENDER_GRACE
        return max(0.0, min(w.since for w in busy) + allowed - time.monotonic())

    def _in_time(self, worker: _Worker, jobs: Sequence[Job]) -> None:
        """A worker still rendering after its time has not stopped itself (stuck in C
        code): it is ended, and the build with it."""
        if time.monotonic() - worker.since < limits.RENDER_SECONDS + limits.RENDER_GRACE:
            return
        self.broken = True
        worker.process.kill()
        worker.process.join(timeout=5)
        raise limits.too_long(jobs[worker.job].name)

    def _died(self, worker: _Worker, jobs: Sequence[Job]) -> RenderError:
        self.broken = True
        return _died(worker, jobs)

    def stop(self) -> None:
        """Let idle workers end by themselves after a good run; kill them otherwise."""
        for worker in self.workers:
            if self.finished:
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
            else:
                worker.process.kill()
        for worker in self.workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():  # pragma: no cover - a worker stuck in C code
                worker.process.kill()
                worker.process.join()
            worker.conn.close()


def _died(worker: _Worker, jobs: Sequence[Job]) -> RenderError:
    worker.process.join(timeout=5)
    code = worker.process.exitcode
    name = jobs[worker.job].name if worker.job is not None else _("a piece")
    how = (_("the process rendering {piece} was killed by signal {signal}").format(
               piece=name, signal=-code) if code is not None and code < 0
           else _("the process rendering {piece} ended with exit code {code}").format(
               piece=name, code=code))
    return RenderError(how, file=name,
                       fix=_("the machine may be short of memory: close other programs, or "
                             "build with --workers 1, and build again"))


def _serve(conn, scratch: str | None, parent: int) -> None:
    """A worker: one font configuration for all its renders (shared_fonts), its temporary
    files in ``scratch``, removed when it ends."""
    _become_worker(scratch, parent)
    try:
        with _fonts():
            _answer_jobs(conn)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


def _fonts():
    """One font configuration for all of a process's renders (render.pdf.shared_fonts)."""
    from codio_print.render.pdf import shared_fonts

    return shared_fonts()


def _answer_jobs(conn) -> None:
    """Render each job the worker is sent, until it is sent None or its parent is gone."""
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        index, job = item
        try:
            reply = (index, _render(job), None)
        except Exception as error:  # noqa: BLE001 - sent back to the parent, raised there
            reply = (index, None, error)
        try:
            conn.send(reply)
        except OSError:
            return
        except Exception as error:  # noqa: BLE001 - a result that cannot be pickled
            conn.send((index, None, RenderError(
                _("could not return the render: {reason}").format(reason=error),
                file=job.name)))


def _become_worker(scratch: str | None, parent: int) -> None:
    """Ctrl-C reaches the whole process group: the parent alone decides what happens, and
    ends the workers itself; SIGTERM ends a worker as by default. A worker dies with its
    parent, keeps its temporary files in ``scratch`` and writes nothing to the terminal."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(0)
    if scratch:
        os.makedirs(scratch, exist_ok=True)
        tempfile.tempdir = scratch
        os.environ["TMPDIR"] = scratch
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    faulthandler.disable()  # a worker that crashes is named by its parent, in one line


_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux: the pipe closes instead
        pass
