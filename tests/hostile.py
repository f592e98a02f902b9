"""Hostile files for the tests of what codio-print reads (inputs/access.py), as the second
security review advised: every reader, given a file replaced by a link to ``/dev/zero``, by
a FIFO, and by a link to a file outside the workspace (``../../outside``).

A reader that is wrong hangs on the FIFO or reads ``/dev/zero`` until the memory runs out,
so :func:`bounded` runs it in a child process with a memory limit and a deadline: a wrong
reader fails its test, quickly, and leaves the machine and the test run as they were.
"""

from __future__ import annotations

import json
import os
import resource
import select
import shutil
import signal
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

KINDS = ("dev-zero", "fifo", "outside")
SECRET = "SECRET-outside-the-workspace"


def make(path: Path, kind: str, outside: Path) -> None:
    """Replace the file ``path`` by ``kind``: a link to /dev/zero, a FIFO, or a relative link
    ('../..') to ``outside``, a file outside the workspace that gets what ``path`` held (so a
    reader that follows the link would work, silently, with the outside file)."""
    path = Path(path)
    if kind == "outside":
        outside.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            shutil.move(path, outside)
        else:
            outside.write_text(SECRET + "\n", encoding="utf-8")
        path.symlink_to(os.path.relpath(outside, path.parent))
        return
    path.unlink(missing_ok=True)
    if kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        raise ValueError(kind)


@dataclass
class Outcome:
    status: str  # "returned", "raised", "hung" (past the deadline) or "died" (killed, out of memory)
    text: str    # what it returned (as text), or the error's one line


def _vm_bytes() -> int:
    return int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def bounded(reader: Callable[[], object], *, seconds: float = 10.0,
            memory: int = 1 << 30) -> Outcome:
    """Run ``reader()`` in a child process that may use ``memory`` bytes more than this one
    and ``seconds`` of time; what it returned or raised. The child is ended in any case."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns to pytest
        status, text = "died", ""
        try:
            os.close(read_end)
            limit = _vm_bytes() + memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.alarm(int(seconds) + 1)
            try:
                value = reader()
                status, text = "returned", value if isinstance(value, str) else repr(value)
            except BaseException as exc:  # noqa: BLE001 - reported to the parent
                one_line = getattr(exc, "one_line", None)
                status = "raised"
                text = f"{type(exc).__name__}: {one_line() if one_line else exc}"
            os.write(write_end, json.dumps([status, text[:20000]]).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        chunks = []
        while select.select([read_end], [], [], seconds + 5)[0]:
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            chunks.append(chunk)
        else:
            os.kill(pid, signal.SIGKILL)
            return Outcome("hung", f"still running after {seconds} s")
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    if not chunks:
        return Outcome("died", "ended without an answer (past its deadline, or killed)")
    return Outcome(*json.loads(b"".join(chunks)))


def run_cli(*args: str, cwd: Path, seconds: float = 120.0,
            memory: int = 4 << 30) -> subprocess.CompletedProcess:
    """``codio-print ARGS`` as its own process (and process group) with ``memory`` bytes of
    address space and ``seconds`` of time; on the deadline the whole group is killed and
    the run counts as hung (exit code None)."""

    from kits import CLI

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    proc = subprocess.Popen([*CLI, *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=limit,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return subprocess.CompletedProcess(proc.args, None, out, err + "\n(hung: killed)")
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
