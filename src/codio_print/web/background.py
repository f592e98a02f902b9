"""The builds the interface starts: one at a time per workspace, each in a process of its own
(web/buildrun.py), followed line by line. What a page shows of a build is a :class:`Build`: how
far it is, and at the end the report or the problems. The kit on disk is replaced only when
a build is complete (builder/outdir.py), so a page never shows half a kit.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
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
    """Each workspace's last build, and the processes still running. ``MODULE``: what runs
    in the build's process (``python -m MODULE WORKSPACE``)."""

    MODULE = "codio_print.web.buildrun"

    def __init__(self) -> None:
        self.last: dict[Path, Build] = {}
        self._processes: dict[Path, asyncio.subprocess.Process] = {}
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

    async def _run(self, workspace: Path, build: Build) -> None:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", self.MODULE, str(workspace),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, start_new_session=True, env=_child_env())
        self._processes[workspace] = process
        try:
            assert process.stdout is not None  # internal
            async for line in process.stdout:
                self._follow(build, line)
            errors = await process.stderr.read() if process.stderr else b""
            code = await process.wait()
            if code not in (0, 1, 130) and not build.problems:
                build.problems.append({"message": _crashed(code, errors)})
        finally:
            self._processes.pop(workspace, None)
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
        """Stop every running build (the kit stays as it was) and wait for it to end."""
        for process in list(self._processes.values()):
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=20)


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _crashed(code: int, errors: bytes) -> str:
    last = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    return _("the build stopped unexpectedly (exit code {code}): {last}").format(
        code=code, last=last[0])
