"""``codio-print serve``: the interface on this computer only (127.0.0.1, a free port), the
browser opened by itself through a private one-time link, the link to open by hand printed,
and a clean stop from the page's "Stoppen" button or Ctrl-C.

The one-time link is written into a small HTML file only this user can read (0600, in a
folder of its own), and the browser is opened on that file: the token never appears in the
process list, where every user of the computer can read a command line (as Jupyter does).
"""

from __future__ import annotations

import os
import socket
import tempfile
import webbrowser
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from codio_print.i18n import set_language
from codio_print.web.app import Server, make_app
from codio_print.web.security import LOGIN_PATH, Keys, allowed_hosts
from codio_print.web.folders import Workspaces

DEFAULT_PORT = 8765
LOOPBACK = "127.0.0.1"


def listening(host: str, wanted: int = DEFAULT_PORT) -> socket.socket:
    """A socket listening on ``wanted`` if it is free, else on the next free one of the ten
    after it, else on any: bound before the link is printed, so the link always answers."""
    for port in [*range(wanted, wanted + 10), 0]:
        # IPPROTO_TCP named: asyncio turns Nagle's delay off only on a socket that says it is
        # TCP, and without that every answer on a kept-alive connection waited 40 ms
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.bind((host, port))
        except OSError:
            sock.close()
            continue
        sock.listen(64)
        return sock
    raise OSError("no free port")  # internal: port 0 always binds


@contextmanager
def opener_file(url: str) -> Iterator[Path]:
    """A private HTML file that sends the browser to ``url``; removed at the end."""
    folder = Path(tempfile.mkdtemp(prefix="codio-print-"))
    page = folder / "open.html"
    try:
        fd = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(f'<!DOCTYPE html><meta charset="utf-8"><meta http-equiv="refresh" '
                    f'content="0;url={url}"><title>codio-print</title>'
                    f'<a href="{url}">codio-print openen</a>')
        yield page
    finally:
        page.unlink(missing_ok=True)
        folder.rmdir()


def serve(workspaces: Workspaces, *, host: str = LOOPBACK, port: int | None = None,
          browser: bool = True, say: Callable[[str], None] = print) -> None:
    """Run the interface until it is stopped (the page's button, Ctrl-C, SIGTERM)."""
    import uvicorn

    set_language("nl")  # the interface is Dutch, whatever the terminal's language
    sock = listening(host, port or DEFAULT_PORT)
    port = sock.getsockname()[1]
    keys = Keys()
    server_state = Server(workspaces)
    app = make_app(server_state, keys, allowed_hosts(port, host if host != LOOPBACK else None))
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                            timeout_graceful_shutdown=5, lifespan="on")
    server = uvicorn.Server(config)
    server_state.stop = lambda: setattr(server, "should_exit", True)
    shown = f"http://{LOOPBACK if host == LOOPBACK else host}:{port}"
    link = f"{shown}{LOGIN_PATH}?token={keys.token}"
    with opener_file(f"{shown}{LOGIN_PATH}?token={keys.once}") as opener:
        say(link)
        if browser:
            webbrowser.open(opener.as_uri())
        server.run(sockets=[sock])
