"""The render pool, with a stand-in for WeasyPrint: errors stop it at once, a worker that dies
ends the build with one line, workers die with their parent and keep their temporary files
where they are told."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from helpers import alive

from codio_print.render import pool as renderpool
from codio_print.errors import RenderError
from codio_print.kit.profiles import SCREEN
from codio_print.render.pool import Job, render_all


def jobs(n: int, big: int | None = None) -> list[Job]:
    """``n`` jobs; the one at ``big`` has the largest HTML, so it is sent first."""
    return [Job(f"piece-{i}", SCREEN, "x" * (1000 if i == big else 10 + i), (), Path("x.icc"))
            for i in range(n)]


@pytest.fixture
def log(tmp_path, monkeypatch):
    """Every render appends 'pid name' to a file (forked workers inherit the stand-in)."""
    path = tmp_path / "renders.log"
    path.touch()
    monkeypatch.setattr(renderpool.weasy, "load", lambda: None)  # no WeasyPrint needed
    monkeypatch.setattr(renderpool, "_fonts", contextlib.nullcontext)  # nor its fonts
    return path


def _stand_in(log: Path, behaviour):
    def render(job: Job):
        with open(log, "a") as f:
            f.write(f"{os.getpid()} {job.name}\n")
        return behaviour(job)
    return render


def test_every_job_is_rendered_once_in_the_order_given(log, monkeypatch):
    monkeypatch.setattr(renderpool, "_render", _stand_in(log, lambda job: job.name.upper()))
    seen = []
    out = render_all(jobs(7, big=3), processes=2, done=lambda i, r: seen.append(i))
    assert out == [f"PIECE-{i}" for i in range(7)]
    assert sorted(seen) == list(range(7))
    assert len(log.read_text().splitlines()) == 7


def test_the_largest_jobs_are_sent_first():
    """So the long slide deck does not start last and keep one core waiting."""
    assert renderpool.dispatch_order(jobs(5, big=2)) == [0, 2, 4, 3, 1]  # the kit's first, then by size


def test_the_first_error_stops_the_build_without_rendering_again(log, monkeypatch):
    def behaviour(job):
        if job.name == "piece-5":
            raise RenderError("cut off", file=job.name)
        time.sleep(0.3)
        return job.name

    monkeypatch.setattr(renderpool, "_render", _stand_in(log, behaviour))
    with pytest.raises(RenderError, match="cut off"):
        render_all(jobs(12, big=5), processes=2)
    renders = log.read_text().splitlines()
    assert len(renders) <= 3  # the failing one and what the other worker had started
    assert not [r for r in renders if r.startswith(f"{os.getpid()} ")]  # none in the parent


def test_an_error_in_done_stops_every_render(log, monkeypatch):
    monkeypatch.setattr(renderpool, "_render",
                        _stand_in(log, lambda job: time.sleep(0.2) or job.name))

    def done(i, rendered):
        raise RenderError("a warning under --strict", file="x")

    with pytest.raises(RenderError, match="--strict"):
        render_all(jobs(10), processes=2, done=done)
    assert len(log.read_text().splitlines()) <= 3


def test_of_failures_that_ran_the_first_in_kit_order_is_reported(log, monkeypatch):
    """A stylesheet every piece reads fails them all: the message is the same every time."""
    def behaviour(job):
        raise RenderError(f"fails in {job.name}", file=job.name)

    monkeypatch.setattr(renderpool, "_render", _stand_in(log, behaviour))
    for _ in range(5):
        with pytest.raises(RenderError, match="fails in piece-0$"):
            render_all(jobs(8, big=5), processes=2)


def test_a_worker_that_dies_ends_the_build_with_one_line(log, monkeypatch):
    def behaviour(job):
        if job.name == "piece-2":
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
        return job.name

    monkeypatch.setattr(renderpool, "_render", _stand_in(log, behaviour))
    started = time.monotonic()
    with pytest.raises(RenderError) as info:
        render_all(jobs(6, big=2), processes=2)
    assert time.monotonic() - started < 120  # it ends: before, the build hung for ever
    line = info.value.one_line()
    assert line.startswith("piece-2: the process rendering piece-2 was killed by signal 9")
    assert " — " in line and "\n" not in line


def test_workers_keep_their_temporary_files_in_the_scratch_folder(log, monkeypatch, tmp_path):
    import tempfile

    def behaviour(job):
        folder = tempfile.mkdtemp(prefix="weasyprint-")
        return folder

    monkeypatch.setattr(renderpool, "_render", _stand_in(log, behaviour))
    scratch = tmp_path / "scratch"
    folders = render_all(jobs(4), processes=2, scratch=scratch)
    assert all(Path(f).is_relative_to(scratch) for f in folders)
    assert not any(Path(f).exists() for f in folders)  # each worker removes its own at the end


PARENT = """
import os, sys, time
from pathlib import Path
from codio_print.render import pool as renderpool
from codio_print.kit.profiles import SCREEN
renderpool.weasy.load = lambda: None
renderpool._fonts = __import__("contextlib").nullcontext
def slow(job):
    os.write(1, (str(os.getpid()) + chr(10)).encode())
    time.sleep(60)
renderpool._render = slow
renderpool.render_all([renderpool.Job(str(i), SCREEN, "x", (), Path("x")) for i in range(2)],
                      processes=2)
"""


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_workers_die_with_a_killed_parent(tmp_path):
    parent = subprocess.Popen([sys.executable, "-c", textwrap.dedent(PARENT)],
                              stdout=subprocess.PIPE, text=True,
                              env={**os.environ,
                                   "PYTHONPATH": str(Path(renderpool.__file__).parents[2])})
    children = [int(parent.stdout.readline()) for _ in range(2)]
    assert all(alive(pid) for pid in children)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in children)


def test_a_worker_stuck_past_its_time_is_ended_and_named(log, monkeypatch):
    """E10: a render stuck where its own timer cannot stop it (C code) is ended by the
    parent, and the build ends with one line naming the piece."""
    from codio_print.render import limits

    monkeypatch.setattr(limits, "RENDER_SECONDS", 1)
    monkeypatch.setattr(limits, "RENDER_GRACE", 0.5)

    def behaviour(job):
        if job.name == "piece-1":
            time.sleep(600)  # as a render stuck in C code, where no timer reaches it
        return job.name

    monkeypatch.setattr(renderpool, "_render", _stand_in(log, behaviour))
    started = time.monotonic()
    with pytest.raises(RenderError) as info:
        render_all(jobs(4, big=1), processes=2)
    assert time.monotonic() - started < 30
    assert info.value.one_line().startswith("piece-1: rendering took longer than 1 s")


def test_watch_renders_again_after_a_worker_was_ended(log, monkeypatch, tmp_path):
    from codio_print.render import limits

    monkeypatch.setattr(limits, "RENDER_SECONDS", 1)
    monkeypatch.setattr(limits, "RENDER_GRACE", 0.5)
    monkeypatch.setattr(renderpool, "_render", _stand_in(
        log, lambda job: time.sleep(600) if job.name == "piece-0" else job.name))
    warm = renderpool.WarmPool(tmp_path / "scratch", processes=2)
    try:
        with pytest.raises(RenderError, match="longer than"):
            warm.render_all(jobs(1))
        monkeypatch.setattr(renderpool, "_render", _stand_in(log, lambda job: job.name))
        assert warm.render_all(jobs(3)) == ["piece-0", "piece-1", "piece-2"]
    finally:
        warm.close()


def test_a_build_keeps_its_workers_for_what_it_renders_after_the_pieces(log, monkeypatch,
                                                                         tmp_path):
    """The run sheet again and the office's dividers go to the workers that rendered the
    pieces (WeasyPrint warm there), not to this process, which would start it cold; a build
    with one piece to render does it all here. Closed, no worker is left."""
    monkeypatch.setattr(renderpool, "_render", _stand_in(log, lambda job: job.name))
    build = renderpool.BuildPool(tmp_path, processes=2)
    try:
        assert build.render_all(jobs(4)) == [f"piece-{i}" for i in range(4)]
        assert build.render_all(jobs(1)) == ["piece-0"]
        workers = {worker.process.pid for worker in build._warm._pool.workers}
    finally:
        build.close()
    pids = [int(line.split()[0]) for line in log.read_text().splitlines()]
    assert os.getpid() not in pids and set(pids) <= workers and len(pids) == 5
    assert not any(alive(pid) for pid in workers)
    log.write_text("")
    alone = renderpool.BuildPool(tmp_path, processes=2)
    assert alone.render_all(jobs(1)) == ["piece-0"] and alone.render_all(jobs(3)) == [
        "piece-0", "piece-1", "piece-2"]
    alone.close()
    assert {int(line.split()[0]) for line in log.read_text().splitlines()} == {os.getpid()}
