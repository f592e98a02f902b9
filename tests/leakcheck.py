"""Nothing left behind: a test run that leaves a file in the temporary folder or a process
running fails, naming what it found.

The run gets a folder of its own in the system's temporary folder: ``tmp/`` is every test's
TMPDIR (inherited by each command a test starts), ``cache/`` codio-print's user cache
(XDG_CACHE_HOME), ``pytest/`` holds pytest's own folders (``tmp_path``). At the end ``tmp/``
must be empty, the system's temporary folder must hold nothing new, and no process started
by the run may still be running; then the run's folder is removed. The processes are found
by a mark in their environment, which every process started by the run inherits, also one
that has left its parent (a LibreOffice whose build died). Each test is checked too: a
process it started must have ended when it ends.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

MARK = "CODIO_PRINT_TEST_RUN"
# Seconds a process may take to end after the run (or a test) is over.
GRACE = float(os.environ.get("CODIO_PRINT_TEST_GRACE", "30"))


def _worker(config) -> bool:
    return hasattr(config, "workerinput")


@pytest.hookimpl(tryfirst=True)  # before pytest makes its temporary folder from the option
def pytest_configure(config) -> None:
    if _worker(config):
        return  # a worker inherits the controller's TMPDIR and mark
    system = Path(tempfile.gettempdir())
    watched = {system, Path("/tmp")}
    before = {folder: set(os.listdir(folder)) for folder in watched if folder.is_dir()}
    root = Path(tempfile.mkdtemp(prefix="codio-tests-", dir=system))
    (root / "tmp").mkdir()
    config._leaks = {"root": root, "before": before, "problems": []}
    os.environ[MARK] = f"{os.getpid()}-{root.name}"
    os.environ["TMPDIR"] = str(root / "tmp")
    # codio-print's own cache (quick answers, kits this machine made, compiled templates,
    # font instances): the run's own, so that no earlier run or build decides anything here
    # and the run adds nothing to the user's; only the static instances of the variable
    # fonts, made from the fonts alone, are taken from it (seconds of CPU each)
    user_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    os.environ["XDG_CACHE_HOME"] = str(root / "cache")
    _seed_fonts(user_cache / "codio-print" / "fonts", root / "cache" / "codio-print" / "fonts")
    tempfile.tempdir = None  # the next gettempdir() reads TMPDIR again
    if config.option.basetemp is None:
        config.option.basetemp = str(root / "pytest")


def _seed_fonts(source: Path, target: Path) -> None:
    """Copy the font instances an earlier build made (plain files only)."""
    try:
        names = [p for p in source.iterdir() if p.is_file() and not p.is_symlink()]
    except OSError:
        return
    target.mkdir(parents=True)
    for path in names:
        shutil.copyfile(path, target / path.name)


def processes_of_this_run() -> dict[int, str]:
    """pid -> command line of every running process with this run's mark, but this one."""
    mark = f"{MARK}={os.environ.get(MARK)}".encode()
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if (entry / "stat").read_text().rsplit(")", 1)[1].split()[0] in "ZX":
                continue  # ended, waiting to be reaped
            if mark not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except (OSError, IndexError):
            continue  # ended meanwhile, or not ours to read
        found[int(entry.name)] = command.decode(errors="replace").strip()[:200]
    return found


def _still_running(pids: dict[int, str], seconds: float) -> dict[int, str]:
    deadline = time.monotonic() + seconds
    while pids and time.monotonic() < deadline:
        time.sleep(0.2)
        pids = {pid: cmd for pid, cmd in pids.items() if _running(pid)}
    return pids


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in "ZX"
    except (OSError, IndexError):
        return False


@pytest.hookimpl(trylast=True)  # after xdist has stopped its workers
def pytest_sessionfinish(session) -> None:
    state = getattr(session.config, "_leaks", None)
    if state is None:
        return
    problems = state["problems"]
    left = _still_running(processes_of_this_run(), GRACE)
    problems += [f"process {pid} still runs: {cmd}" for pid, cmd in sorted(left.items())]
    root: Path = state["root"]
    problems += [f"left in TMPDIR: {p.name}" for p in sorted((root / "tmp").iterdir())]
    for folder, names in state["before"].items():
        # another test run's folder is that run's to check and remove
        new = {n for n in set(os.listdir(folder)) - names if not n.startswith("codio-tests-")}
        problems += [f"left in {folder}: {name}" for name in sorted(new)]
    shutil.rmtree(root, ignore_errors=True)
    if problems:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, config) -> None:
    state = getattr(config, "_leaks", None)
    if state and state["problems"]:
        terminalreporter.write_sep("=", "the run left something behind", red=True)
        for line in state["problems"]:
            terminalreporter.write_line(line, red=True)


def _children() -> set[int]:
    found = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            pass
    return {pid for pid in found if _running(pid)}


@pytest.fixture(autouse=True)
def no_process_outlives_its_test():
    """A process a test starts has ended when the test ends (a generous moment to end)."""
    before = _children()
    yield
    started = _children() - before
    if started:
        left = _still_running({pid: _command(pid) for pid in started}, GRACE)
        assert not left, f"the test left processes running: {left}"


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:200]
    except OSError:
        return "?"
