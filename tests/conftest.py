"""Shared fixtures: content loaded once, kits built once per test session through the real CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CLI = [sys.executable, "-m", "codio_print"]

# The tests Ctrl-C the commands they start (watch, killed builds). A shell that runs
# `make test` in the background starts it with SIGINT ignored, and a child inherits that, so
# it would never see the Ctrl-C: give the commands the terminal's default.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None,
            check: bool = False) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd or ROOT,
                          env=full_env, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"codio-print {' '.join(args)} failed:\n{proc.stderr}")
    return proc


class Kit:
    """A built kit on disk."""

    def __init__(self, folder: Path, proc: subprocess.CompletedProcess):
        self.folder = folder
        self.proc = proc
        self.manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))

    def pdf(self, piece_id: str, profile: str = "screen") -> Path:
        """A piece's file in one profile: build/<case>/<profile>/<id>.pdf."""
        return self.folder / profile / f"{piece_id}.pdf"

    def text(self, piece_id: str, profile: str = "screen") -> str:
        from pypdf import PdfReader
        return "\n".join(p.extract_text() or ""
                         for p in PdfReader(self.pdf(piece_id, profile)).pages)


@pytest.fixture(scope="session")
def build_kit(tmp_path_factory):
    """build_kit(case, *extra_args) -> Kit: each kit is built once per test run, also when
    the tests run in several processes (pytest-xdist): the first to need it builds it under a
    lock in a folder they all share, the others use it. Tests read these kits, never change
    them (a test that changes a kit copies it first)."""
    import fcntl
    import hashlib

    shared = _shared_folder(tmp_path_factory) / "kits"
    shared.mkdir(parents=True, exist_ok=True)
    cache: dict[tuple, Kit] = {}

    def _build(case: str, *args: str) -> Kit:
        key = (case, *args)
        if key not in cache:
            name = hashlib.sha256(repr(key).encode()).hexdigest()[:16]
            out = shared / name
            with open(shared / f"{name}.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                done = out / "built.json"
                if not done.is_file():
                    proc = run_cli("build", "--case", case, "--out", str(out), *args,
                                   check=True)
                    done.write_text(json.dumps({"stdout": proc.stdout,
                                                "stderr": proc.stderr}))
                seen = json.loads(done.read_text())
            cache[key] = Kit(out / case, subprocess.CompletedProcess(
                [], 0, seen["stdout"], seen["stderr"]))
        return cache[key]

    return _build


def _shared_folder(tmp_path_factory) -> Path:
    """One folder for the whole run: the base temporary folder, shared by xdist's workers."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
