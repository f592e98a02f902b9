"""``codio-print serve`` as a person starts it: the link it prints, the browser it opens
without the token on a command line, and the two ways to stop it (the page's button and
Ctrl-C), each ending cleanly."""

from __future__ import annotations

import http.cookiejar
import os
import signal
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def _start(tmp_path: Path, *more: str, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "codio_print", "--taal", "nl", "serve", str(tmp_path / "ws"),
         "--port", _port(), *more],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
        env={**os.environ, **(env or {})})
    link = process.stdout.readline().strip()
    assert link.startswith("http://127.0.0.1:") and "/toegang?token=" in link, (
        link + process.stderr.read())
    return process, link


def _port() -> str:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return str(s.getsockname()[1])


def _browser():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def _ended(process: subprocess.Popen) -> tuple[int, str]:
    try:
        _out, err = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("serve did not stop")
    return process.returncode, err


@pytest.fixture(autouse=True)
def _no_server_left(monkeypatch):
    """Whatever a test asserts, the server it started ends with it."""
    started: list[subprocess.Popen] = []
    real = subprocess.Popen

    def popen(*args, **kwargs):
        started.append(real(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(subprocess, "Popen", popen)
    yield
    for process in started:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_the_stop_button_ends_the_server_cleanly(tmp_path):
    process, link = _start(tmp_path, "--no-browser")
    browser = _browser()
    start = browser.open(link, timeout=10)
    assert start.status == 200 and "Je workshop" in start.read().decode()
    base = link.split("/toegang")[0]
    stopped = browser.open(urllib.request.Request(base + "/stoppen", data=b"", method="POST"),
                           timeout=10).read().decode()
    assert "codio-print is gestopt" in stopped
    code, err = _ended(process)
    assert code == 0 and "Traceback" not in err and "gestopt" in err
    assert (tmp_path / "ws" / "sessie.yaml").is_file()  # a new folder became a workspace


def test_ctrl_c_ends_the_server_cleanly(tmp_path):
    process, link = _start(tmp_path, "--no-browser")
    assert _browser().open(link, timeout=10).status == 200
    process.send_signal(signal.SIGINT)
    code, err = _ended(process)
    assert code == 0 and "Traceback" not in err and "gestopt" in err
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(link, timeout=2)


def test_the_browser_is_opened_on_a_private_file_not_on_the_token(tmp_path):
    """The browser's command line (which every user can read) holds a file name; the file
    holds the one-time link, only this user may read it, and it is gone after the stop."""
    seen = tmp_path / "browser.txt"
    fake = tmp_path / "browser.sh"
    fake.write_text(textwrap.dedent(f"""\
        #!/bin/sh
        echo "$1" > {seen}
        stat -c %a "${{1#file://}}" >> {seen}
        cat "${{1#file://}}" >> {seen}
        """))
    fake.chmod(0o755)
    process, link = _start(tmp_path, env={"BROWSER": str(fake)})
    token = link.split("token=")[1]
    for _ in range(100):
        if seen.is_file() and len(seen.read_text().splitlines()) >= 3:
            break
        time.sleep(0.1)
    argument, mode, page = seen.read_text().split("\n", 2)
    assert argument.startswith("file://") and token not in argument
    assert mode == "600" and "/toegang?token=" in page and token not in page
    once = page.split("token=")[1].split('"')[0]
    browser = _browser()
    assert browser.open(link.replace(token, once), timeout=10).status == 200
    with pytest.raises(urllib.error.HTTPError):  # used once
        _browser().open(link.replace(token, once), timeout=10)
    process.send_signal(signal.SIGINT)
    _ended(process)
    assert not Path(argument.removeprefix("file://")).exists()


def test_the_server_socket_says_it_is_tcp():
    """asyncio turns Nagle's algorithm off only on sockets that name IPPROTO_TCP; on one
    that did not, every answer on a kept-alive connection (a browser's) waited 40 ms for
    the client's delayed acknowledgement (make bench: 44 ms a page, 1.2 ms after)."""
    import socket

    from codio_print.web.server import listening

    sock = listening("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()
