"""Render many pieces at once, one WeasyPrint render per process.

WeasyPrint is single-threaded, so a kit uses a pool of processes sized to the machine. The
parent imports WeasyPrint once and the workers are forked from it, so none pays the import
(about 0.8 s) again. Each render is a plain function of its inputs: the PDFs are the same,
byte for byte, whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .profiles import Profile


@dataclass(frozen=True)
class Job:
    """One piece in one profile."""

    name: str          # the piece id, for messages
    profile: Profile
    html: str
    allowed: tuple[Path, ...]
    icc: Path


def workers(jobs: int, requested: int | None = None) -> int:
    """As many processes as cores (or as asked), never more than there are jobs."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(requested or cores or 1, jobs))


def _render(job: Job):
    from .pdf import render_pdf

    return render_pdf(job.html, paths.TEMPLATES.as_uri() + "/", name=job.name,
                      allowed=job.allowed, profile=job.profile, icc=job.icc)


def render_all(jobs: Sequence[Job], *, processes: int | None = None,
               done: Callable[[Job], None] | None = None) -> list:
    """The Rendered result of every job, in the order given."""
    if not jobs:
        return []
    import weasyprint  # noqa: F401 - imported once here, inherited by the forked workers

    count = workers(len(jobs), processes)
    if count == 1 or "fork" not in multiprocessing.get_all_start_methods():
        results = []
        for job in jobs:
            results.append(_render(job))
            if done:
                done(job)
        return results

    # Largest first, so the long slide deck does not start last and keep one core waiting.
    order = sorted(range(len(jobs)), key=lambda i: -len(jobs[i].html))
    results: list = [None] * len(jobs)
    pool = multiprocessing.get_context("fork").Pool(count, initializer=_worker_signals)
    try:
        for i, rendered, error in pool.imap_unordered(_indexed, [(i, jobs[i]) for i in order]):
            if error is not None:
                pool.terminate()  # stop the other renders at once
                raise _first_error(jobs, results, i, error)
            results[i] = rendered
            if done:
                done(jobs[i])
        pool.close()
    except BaseException:
        pool.terminate()  # Ctrl-C or kill: stop the other renders at once
        raise
    finally:
        pool.join()
    return results


def _first_error(jobs: Sequence[Job], results: list, failed: int, error: BaseException):
    """The error of the first failing piece in kit order, whatever order the workers ran in:
    the pieces before the one that failed and not rendered yet are tried here, one by one."""
    for i in range(failed):
        if results[i] is None:
            try:
                results[i] = _render(jobs[i])
            except Exception as earlier:  # noqa: BLE001 - reported instead of the later one
                return earlier
    return error


def _indexed(item: tuple[int, Job]):
    """(index, Rendered, None), or (index, None, error) so the parent can choose which error
    to report."""
    try:
        return item[0], _render(item[1]), None
    except Exception as error:  # noqa: BLE001 - sent back to the parent, raised there
        return item[0], None, error


def _worker_signals() -> None:
    """Ctrl-C reaches the whole process group: the parent alone decides what happens, and
    ends the workers itself; SIGTERM ends a worker as by default. Workers write nothing to
    the terminal."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # A worker's errors travel back to the parent as results; if the parent is killed the
    # worker's own "broken pipe" traceback would only clutter the user's terminal.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
