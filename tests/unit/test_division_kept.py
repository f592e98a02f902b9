"""groepsindeling.csv is left as it is when the division did not change (E13): a build writes
nothing, and watch does not rebuild for a division file that holds what its last build kept.
(Each build rewrote the file, its CRLF read back as LF, and the write started the next build
under watch: 48 builds in 30 s with nothing changed.)"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from codio_print.build import division
from codio_print.inputs.content import load_content
from codio_print.inputs.grouping import DIVISION_FILE
from codio_print.inputs.settings import resolve
from codio_print.inputs.workspace import case_dirs, load_session
from codio_print.kit.session import make_session
from codio_print.scaffold.workspace import init
from codio_print.watch.loop import affected, scope
from helpers import edit
from kits import DATA


@pytest.fixture
def ws(tmp_path) -> Path:
    """A workspace with the 14-person list of the tests."""
    folder = tmp_path / "ws"
    init(folder)
    shutil.copy(DATA / "deelnemers-14.csv", folder / "deelnemers.csv")
    edit(folder / "sessie.yaml", ("deelnemers: 12", "deelnemers: deelnemers.csv"))
    return folder


def prepared(ws: Path) -> SimpleNamespace:
    """What a build of ``ws`` keeps the division from: its session (the list, divided as
    groepsindeling.csv says when it is there) and its content."""
    settings = resolve(load_session(ws / "sessie.yaml"))
    content = load_content(only_case=settings.case, extra_case_dirs=case_dirs(ws))
    session = make_session(content, settings.participants, settings.start, settings.date,
                           division=settings.division_file)
    return SimpleNamespace(session=session, content=content)


def test_a_build_that_keeps_the_division_leaves_its_file_untouched(ws):
    division.keep(prepared(ws))
    path = ws / DIVISION_FILE
    first = path.read_bytes()
    assert b"\r\n" in first  # Excel's line ends, which a text read turned into "\n"
    os.utime(path, (1_000_000_000, 1_000_000_000))
    division.keep(prepared(ws))  # the next build: the same list, the division read back
    assert path.read_bytes() == first
    assert path.stat().st_mtime == 1_000_000_000


def test_watch_does_not_rebuild_for_the_division_its_build_kept_but_for_an_edit(ws):
    prep = prepared(ws)
    division.keep(prep)
    current = scope(ws / "sessie.yaml", prep.session)
    path = ws / DIVISION_FILE
    assert affected(current, path) == frozenset()
    rows = path.read_bytes().split(b"\r\n")
    a = next(i for i, row in enumerate(rows) if row.startswith(b"A;"))
    rows[a] = b"B" + rows[a][1:]  # someone moved to table B by hand
    path.write_bytes(b"\r\n".join(rows))
    assert affected(current, path) == current.pieces
