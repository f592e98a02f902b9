"""The readers of issue 22 as a person meets them, in a build (tiny.py): a previous kit whose
manifest is a FIFO or a link to /dev/zero is rendered again, a division file that is none is
refused before anything is rendered, a shipped link is never copied into a kit. (The readers
themselves, one by one, are tested in tests/safety/test_reading.py.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hostile import SECRET, make
from kits import DATA

# Every test here builds a kit (the smallest, tiny.py): not in make test-fast.
pytestmark = pytest.mark.kit


def outside(ws: Path, name: str) -> Path:
    """Where the file goes that a hostile link leads to: beside the workspace."""
    return ws.parent / "outside" / name


# --- the same, as a person sees it: a build over a hostile previous kit and division ---------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A tiny workspace with a participant list, built once: its kit and groepsindeling.csv."""
    from helpers import edit
    from hostile import run_cli
    from tiny import tiny_workspace

    ws = tmp_path_factory.mktemp("built") / "ws"
    tiny_workspace(ws)
    shutil.copy(DATA / "deelnemers-14.csv", ws / "deelnemers.csv")
    edit(ws / "sessie.yaml", ("deelnemers: 12", "deelnemers: deelnemers.csv"))
    proc = run_cli("build", cwd=ws)
    assert proc.returncode == 0, proc.stderr
    assert (ws / "groepsindeling.csv").is_file()
    return ws


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_build_over_a_hostile_previous_kit_renders_it_again(built, tmp_path, kind):
    """The previous kit's manifest.json made a FIFO or a link to /dev/zero (a link to an
    outside file: the tests above): the build neither hangs nor runs out of memory; it
    renders every piece again."""
    from hostile import run_cli

    ws = tmp_path / "ws"
    shutil.copytree(built, ws, symlinks=True)
    kit = ws / "build" / "eigen-casus"
    make(kit / "manifest.json", kind, outside(ws, "manifest.json"))
    proc = run_cli("build", cwd=ws)
    assert proc.returncode == 0, proc.stderr
    assert " 0 up to date)" in proc.stdout, proc.stdout
    assert json.loads((kit / "manifest.json").read_text())["case"] == "eigen-casus"


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "outside"])
def test_a_hostile_division_file_is_refused_before_anything_is_rendered(built, tmp_path, kind):
    """groepsindeling.csv made a FIFO, a link to /dev/zero or a link to an outside file: the
    build neither hangs, nor reads it, nor (at its end) writes through it: one line, before
    any render, and the previous kit as it was."""
    from hostile import run_cli

    ws = tmp_path / "ws"
    shutil.copytree(built, ws, symlinks=True)
    kit = ws / "build" / "eigen-casus"
    before = (kit / "manifest.json").read_bytes()
    make(ws / "groepsindeling.csv", kind, outside(ws, "groepsindeling.csv"))
    proc = run_cli("build", cwd=ws)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1].startswith(
        "error: groepsindeling.csv: is not a plain file"), proc.stderr  # named from ws
    assert "[1/" not in proc.stderr  # nothing rendered
    assert (kit / "manifest.json").read_bytes() == before


def test_a_previous_presentatie_odp_that_links_outside_is_not_copied_into_the_kit(built,
                                                                                 tmp_path):
    """The slides' .odp of the previous kit is kept when its .pptx is the same as the new one:
    it is read by the rule, so a shipped presentatie.odp that is a link to a private file
    never ends up in the new kit."""
    from hostile import run_cli

    ws = tmp_path / "ws"
    shutil.copytree(built, ws, symlinks=True)
    kit = ws / "build" / "eigen-casus"
    assert (kit / "presentatie.pptx").is_file()
    private = tmp_path / "home" / "id_rsa"
    private.parent.mkdir()
    private.write_text(SECRET)
    (kit / "presentatie.odp").symlink_to(private)
    proc = run_cli("build", "--force", cwd=ws)
    assert proc.returncode == 0, proc.stderr
    odp = kit / "presentatie.odp"
    assert not odp.exists() or SECRET.encode() not in odp.read_bytes()


def test_a_kit_kept_as_it_is_holds_no_link(built, tmp_path):
    """A build with nothing to do keeps the previous kit as it is (the quick answer, or the
    kit's key): only when every file in it is the regular file its manifest lists. A file of
    the kit swapped for a link to an outside copy (same bytes, same time) is rebuilt, so the
    kit a person sends on never carries a link to elsewhere."""
    from hostile import run_cli

    ws = tmp_path / "ws"
    shutil.copytree(built, ws, symlinks=True)
    assert run_cli("build", cwd=ws).returncode == 0  # the quick answer's record, here
    pptx = ws / "build" / "eigen-casus" / "presentatie.pptx"
    make(pptx, "outside", outside(ws, "presentatie.pptx"))
    proc = run_cli("build", cwd=ws)
    assert proc.returncode == 0, proc.stderr
    assert pptx.is_file() and not pptx.is_symlink()
