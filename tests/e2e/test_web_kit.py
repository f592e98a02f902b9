"""A kit built from the web interface is the command line's kit: the same pipeline, the same
bytes for the same workspace. And what the interface shows of it: each piece's pages as
pictures, its files only by the manifest, and after a change what to print again.

The workspace's piece templates are the tiny ones (tests/tiny.py) but the name cards: the
claims are about the build and the interface, not about what a page shows."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import time
import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx2.*")
from starlette.testclient import TestClient  # noqa: E402

from codio_print.i18n import set_language  # noqa: E402
from codio_print.web.app import Server, make_app  # noqa: E402
from codio_print.web.folders import Workspaces  # noqa: E402
from codio_print.web.security import Keys, allowed_hosts  # noqa: E402
from helpers import edit  # noqa: E402
from kits import run_cli  # noqa: E402
from tiny import tiny_workspace  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "data"


def _hashes(kit: Path) -> dict[str, str]:
    return {p.relative_to(kit).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(kit.rglob("*")) if p.is_file() and p.name != "manifest.json"}


def _built(client: TestClient, name: str) -> dict:
    """Press "Kit maken" and wait for the build to end; its state."""
    assert client.post(f"/werkmap/{name}/bouwen", follow_redirects=False).status_code == 303
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state = client.get(f"/werkmap/{name}/status").json()
        if not state["running"]:
            return state
        time.sleep(0.2)
    pytest.fail("the build did not end")


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    """A workspace (Utrecht, the 14-person list, a date) whose kit was built from the
    interface once: the client, the workspace, and a copy of the workspace as it was then
    with the hashes of that kit (the tests after it change the list)."""
    set_language("nl")
    tmp = tmp_path_factory.mktemp("web")
    home = tmp / "werkmappen"
    home.mkdir()
    ws = home / "utrecht-dec"
    tiny_workspace(ws, profile="all")
    edit(ws / "sessie.yaml", ("casus: eigen-casus", "casus: utrecht"),
         ("deelnemers: 12", "deelnemers: deelnemers.csv"), ("datum:", "datum: 2026-12-10"))
    shutil.copy(DATA / "deelnemers-14.csv", ws / "deelnemers.csv")
    keys = Keys()
    with TestClient(make_app(Server(Workspaces(home)), keys, allowed_hosts(8765)),
                    base_url="http://127.0.0.1:8765") as client:
        client.get(f"/toegang?token={keys.token}")
        state = _built(client, "utrecht-dec")
        assert state["ok"], state["problems"]
        first = tmp / "then" / "utrecht-dec"
        shutil.copytree(ws, first, ignore=shutil.ignore_patterns("build"))
        made = _hashes(ws / "build" / "utrecht")
        _stop_builds(client)
        yield client, ws, first, made
    set_language("en")


def _stop_builds(client: TestClient) -> None:
    """The workspace's build and preview processes stop (a test leaves none running; the
    next build starts them again)."""
    client.portal.call(client.app.app.state.server.builds.stop_all)


@pytest.fixture(autouse=True)
def _no_process_left(web):
    yield
    _stop_builds(web[0])


def test_the_web_builds_the_command_lines_kit(web):
    _client, _ws, first, from_web = web
    assert any(name.startswith("print/") for name in from_web) and "drukwerk.zip" in from_web
    run_cli("build", cwd=first, check=True)
    assert _hashes(first / "build" / "utrecht") == from_web


def test_pages_files_and_what_to_print_again(web):
    client, ws, _first, _hashes_then = web
    kit = client.get("/werkmap/utrecht-dec/kit").text
    assert "Naamkaartjes" in kit and "/werkmap/utrecht-dec/pagina/screen/naamkaartjes/1.png" in kit
    picture = client.get("/werkmap/utrecht-dec/pagina/screen/naamkaartjes/1.png")
    assert picture.status_code == 200 and picture.content.startswith(b"\x89PNG")
    assert client.get("/werkmap/utrecht-dec/pagina/screen/naamkaartjes/99.png").status_code \
        == 404
    piece = client.get("/werkmap/utrecht-dec/stuk/naamkaartjes").text
    cards = json.loads((ws / "build" / "utrecht" / "manifest.json").read_text())
    pages = next(p["pages"] for p in cards["pieces"] if p["id"] == "naamkaartjes")
    assert piece.count('alt="Pagina ') == pages >= 14  # a card each
    pdf = client.get("/werkmap/utrecht-dec/bestand/screen/naamkaartjes")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    for url in ("/werkmap/utrecht-dec/download/../../sessie.yaml",
                "/werkmap/utrecht-dec/download/manifest.json",
                "/werkmap/utrecht-dec/bestand/screen/..%2F..%2Fsessie",
                "/werkmap/utrecht-dec/download/%2Fetc%2Fpasswd"):
        assert client.get(url).status_code == 404, url



def test_an_edit_rebuilds_the_kit_and_shows_a_quick_preview_meanwhile(web):
    """After the kit is made, a change in a step makes it again at once; while it is made,
    a piece's page shows its quick preview: the piece's HTML with the change, in a
    sandboxed frame, its files only by capability names, no script, no file: URL."""
    client, ws, _first, _hashes_then = web
    later = (DATA / "deelnemers-14.csv").read_bytes() + "Zoë Laatkomer;inwoner\n".encode()
    answer = client.post("/werkmap/utrecht-dec/deelnemers",
                         files={"lijst": ("lijst.csv", later)}, follow_redirects=False)
    assert answer.status_code == 303
    assert client.get("/werkmap/utrecht-dec/status").json()["running"]  # started by itself
    piece = client.get("/werkmap/utrecht-dec/stuk/naamkaartjes").text
    assert "Snel voorbeeld" in piece and 'sandbox title="Snel voorbeeld' in piece
    quick = client.get("/werkmap/utrecht-dec/voorbeeld/naamkaartjes")
    assert quick.status_code == 200
    policy = quick.headers["content-security-policy"]
    assert policy.startswith("sandbox;") and "default-src 'none'" in policy
    assert "Zoë Laatkomer" in quick.text
    assert "file:" not in quick.text and "<script" not in quick.text.lower()
    names = set(re.findall(r"/voorbeeldbestand/[0-9a-f]+\.\w+", quick.text))
    assert names  # its stylesheet and fonts
    stranger = TestClient(client.app, base_url="http://127.0.0.1:8765")  # no cookie
    for name in names:
        assert stranger.get(name).status_code == 200
    assert stranger.get("/voorbeeldbestand/" + "0" * 40 + ".ttf").status_code == 404
    assert client.get("/werkmap/utrecht-dec/voorbeeld/bestaat-niet").status_code == 404
    deadline = time.monotonic() + 120
    while client.get("/werkmap/utrecht-dec/status").json()["running"]:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert "Snel voorbeeld" not in client.get("/werkmap/utrecht-dec/stuk/naamkaartjes").text
    kit = client.get("/werkmap/utrecht-dec/kit").text  # a late sign-up: what to print again
    assert "Opnieuw printen" in kit and "naamkaartjes.pdf" in kit and "Zoë Laatkomer" in kit
    assert "stuk--gewijzigd" in kit
