"""A real headless browser (Debian's chromium) for the pages codio-print writes."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

# Headless as root in a container: no sandbox, no GPU, nothing that goes online.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-default-apps", "--window-size=1280,1600"]


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("chromium is not installed: run scripts/setup-system.sh "
                    "(Debian package chromium)")
    return path


@contextmanager
def _own_tmp():
    """Chromium's temporary files in a folder of their own, removed afterwards (a browser
    that is stopped leaves its org.chromium.Chromium.* folder behind). Short, in the system's
    temp folder: Chromium's socket path in it must stay under 108 characters."""
    folder = tempfile.mkdtemp(prefix="cr-", dir="/tmp")
    try:
        yield {**os.environ, "TMPDIR": folder}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def dump_dom(url: str, profile: Path) -> str:
    """The page's DOM after its scripts ran."""
    with _own_tmp() as env:
        proc = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}",
                               "--virtual-time-budget=3000", "--dump-dom", url],
                              capture_output=True, text=True, timeout=180, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def screenshot(url: str, profile: Path, png: Path) -> None:
    with _own_tmp() as env:
        subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}",
                        "--virtual-time-budget=3000", f"--screenshot={png}", url],
                       capture_output=True, timeout=180, check=True, env=env)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A page kept open; its title read through the DevTools HTTP endpoint."""

    def __init__(self, url: str, profile: Path):
        self.port = _free_port()
        self._tmp = _own_tmp()
        env = self._tmp.__enter__()
        self.proc = subprocess.Popen(
            [chromium(), *FLAGS, f"--user-data-dir={profile}",
             f"--remote-debugging-port={self.port}", url],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)

    def titles(self) -> list[str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list",
                                        timeout=5) as response:
                return [t["title"] for t in json.load(response) if t.get("type") == "page"]
        except OSError:
            return []  # not listening yet

    def wait_for_title(self, part: str, seconds: float) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for title in self.titles():
                if part in title:
                    return title
            time.sleep(0.5)
        raise AssertionError(f"no page titled '...{part}...' within {seconds} s: "
                             f"{self.titles()}")

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._tmp.__exit__(None, None, None)
