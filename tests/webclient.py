"""The web interface in-process (Starlette's TestClient), signed in as a browser that came in
through the printed link, with a new workspace: the fixture the in-process web tests share."""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

warnings.filterwarnings("ignore", message=".*httpx2.*")
from starlette.testclient import TestClient  # noqa: E402

from codio_print.i18n import set_language  # noqa: E402
from codio_print.web.app import Server, make_app  # noqa: E402
from codio_print.web.folders import Workspaces  # noqa: E402
from codio_print.web.security import Keys, allowed_hosts  # noqa: E402

PORT = 8765
ORIGIN = f"http://127.0.0.1:{PORT}"


@contextmanager
def signed_in(home: Path, name: str = "sessie-1") -> Iterator[tuple[TestClient, Path]]:
    """A client of the interface over the workspaces in ``home``, in through the link, and a
    new workspace ``name`` (made by the page, as the organiser makes one): the client and
    the workspace's folder. The interface speaks Dutch while it lasts."""
    set_language("nl")
    keys = Keys()
    client = TestClient(make_app(Server(Workspaces(home)), keys, allowed_hosts(PORT)),
                        base_url=ORIGIN)
    try:
        assert client.get(f"/toegang?token={keys.token}").status_code == 200
        made = client.post("/nieuw", data={"naam": name}, follow_redirects=False)
        assert made.status_code == 303 and made.headers["location"] == f"/werkmap/{name}"
        yield client, home / name
    finally:
        set_language("en")
