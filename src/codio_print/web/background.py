"""The builds the interface starts: one at a time per workspace, in a process of the
workspace's own that stays between builds (web/buildrun.py), followed line by line. What a
page shows of a build is a :class:`Build`: how far it is, and at the end the report or the
problems. The kit on disk is replaced only when a build is complete (builder/outdir.py), so
a page never shows half a kit.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from codio_print.i18n import _


@dataclass
class Build:
    """One build of one workspace, as far as it got."""

    started: float = field(default_factory=time.time)
    done: int = 0
    total: int = 0
    piece: str | None = None
    report: dict | None = None
    problems: list[dict] = field(default_factory=list)
    finished: float | None = None
    stopped: bool = False

    @property
    def running(self) -> bool:
        return self.finished is None

    @property
    def ok(self) -> bool:
        return self.report is not None

    def as_dict(self) -> dict:
        return {"running": self.running, "done": self.done, "total": self.total,
                "piece": self.piece, "ok": self.ok, "problems": self.problems,
                "finished": self.finished}


class Builds:
    """Each workspace's last build, and the process that builds it (web/buildrun.py): it
    stays from build to build with its render workers warm, and is started afresh when the
    look's fonts may have changed (the workers keep each font they loaded)."""

    def __init__(self) -> None:
        self.last: dict[Path, Build] = {}
        # per workspace and role ("bouw", "voorbeeld"): the process and the look it started with
        self._workers: dict[tuple[Path, str], tuple[asyncio.subprocess.Process, str]] = {}
        self._errors: dict[tuple[Path, str], deque[str]] = {}
        self._asking: dict[Path, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task] = set()
        self.changed = asyncio.Event()

    def of(self, workspace: Path) -> Build | None:
        return self.last.get(workspace)

    def start(self, workspace: Path) -> Build:
        """A build of ``workspace``, unless one is running: then that one."""
        current = self.last.get(workspace)
        if current is not None and current.running:
            return current
        build = self.last[workspace] = Build()
        task = asyncio.get_running_loop().create_task(self._run(workspace, build))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return build

    async def _worker(self, workspace: Path, role: str = "bouw") -> asyncio.subprocess.Process:
        """The workspace's process for ``role``, started if it is not running or the look
        changed."""
        look = _look_stamp(workspace)
        process, stamp = self._workers.get((workspace, role), (None, ""))
        if process is not None and (process.returncode is not None or stamp != look):
            await _end(process)
            process = None
        if process is None:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "codio_print.web.buildrun", str(workspace),
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, start_new_session=True, env=child_env())
            self._errors[workspace, role] = deque(maxlen=20)
            task = asyncio.get_running_loop().create_task(
                _drain(process.stderr, self._errors[workspace, role]))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            self._workers[workspace, role] = (process, look)
        return process

    async def preview(self, workspace: Path, piece: str) -> dict:
        """The quick preview of ``piece`` (web/quick.py): {"piece", "html"} (html None for
        a piece the kit does not have) or {"problems": [...]}."""
        lock = self._asking.setdefault(workspace, asyncio.Lock())
        async with lock:
            try:
                process = await self._worker(workspace, "voorbeeld")
                process.stdin.write(f"voorbeeld {piece}\n".encode())
                await process.stdin.drain()
                while line := await process.stdout.readline():
                    said = json.loads(line)
                    if "preview" in said:
                        return said["preview"]
                    if "problems" in said:
                        return said
            except (BrokenPipeError, ConnectionResetError, ValueError):
                pass
            return {"problems": [{"message": crashed(-1, "\n".join(
                self._errors.get((workspace, "voorbeeld"), ())))}]}

    async def _run(self, workspace: Path, build: Build) -> None:
        try:
            process = await self._worker(workspace)
            process.stdin.write(b"build\n")
            await process.stdin.drain()
            while not build.report and not build.problems and not build.stopped:
                line = await process.stdout.readline()
                if not line:  # the process ended
                    code = await process.wait()
                    build.problems.append({"message": crashed(
                        code, "\n".join(self._errors.get((workspace, "bouw"), ())))})
                    break
                self._follow(build, line)
        except (BrokenPipeError, ConnectionResetError):
            build.problems.append({"message": crashed(-1, "")})
        finally:
            build.finished = time.time()
            self._tell()

    def _follow(self, build: Build, line: bytes) -> None:
        try:
            said = json.loads(line)
        except ValueError:
            return
        if "progress" in said:
            step = said["progress"]
            build.done, build.total, build.piece = step["done"], step["total"], step["piece"]
        elif "report" in said:
            build.report = said["report"]
        elif "problems" in said:
            build.problems = said["problems"]
        elif said.get("stopped"):
            build.stopped = True
        self._tell()

    def _tell(self) -> None:
        self.changed.set()
        self.changed = asyncio.Event()

    async def stop_all(self) -> None:
        """Stop every build process (a build still running leaves its kit as it was) and
        wait for them to end."""
        for process, _stamp in list(self._workers.values()):
            await _end(process)
        self._workers.clear()
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=20)


async def _end(process: asyncio.subprocess.Process) -> None:
    """Stop a build process: its input closed, then SIGTERM to its group (the workers)."""
    if process.returncode is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    try:
        await asyncio.wait_for(process.wait(), timeout=20)
    except asyncio.TimeoutError:
        os.killpg(process.pid, signal.SIGKILL)
        await process.wait()


async def _drain(stream, kept: deque) -> None:
    """What the build process writes to its error output: the last lines kept."""
    async for line in stream:
        kept.append(line.decode("utf-8", "replace").rstrip())


def _look_stamp(workspace: Path) -> str:
    """What the render workers' fonts depend on: huisstijl.yaml and the font files of the
    workspace, by their size and time."""
    from codio_print.watch.loop import FONT_SUFFIXES

    parts = []
    for folder, dirs, files in os.walk(workspace):  # links not followed: never outside it
        if Path(folder) == workspace:
            dirs[:] = [d for d in dirs if d != "build"]  # the kits: not the look
        dirs.sort()
        for name in sorted(files):
            path = Path(folder, name)
            if name == "huisstijl.yaml" or path.suffix.lower() in FONT_SUFFIXES:
                try:
                    info = path.stat()
                except OSError:
                    continue
                parts.append(f"{path.relative_to(workspace)}:{info.st_size}:"
                             f"{info.st_mtime_ns}")
    return "|".join(parts)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def crashed(code: int, errors: str) -> str:
    last = errors.strip().splitlines()[-1:] or [""]
    return _("the build stopped unexpectedly (exit code {code}): {last}").format(
        code=code, last=last[0])
