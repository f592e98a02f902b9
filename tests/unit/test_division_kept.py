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

from codio_print.builder import division
from codio_print.builder.report import people_of
from codio_print.inputs.content import load_content
from codio_print.inputs.division import DIVISION_FILE
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
    current = scope(ws / "sessie.yaml", people_of(prep.session, prep.content).division)
    path = ws / DIVISION_FILE
    assert affected(current, path) == frozenset()
    rows = path.read_bytes().split(b"\r\n")
    a = next(i for i, row in enumerate(rows) if row.startswith(b"A;"))
    rows[a] = b"B" + rows[a][1:]  # someone moved to table B by hand
    path.write_bytes(b"\r\n".join(rows))
    assert affected(current, path) == current.pieces


# ---- where the division is kept (issue 23 item 8) ----------------------------------------

def test_outside_a_workspace_the_division_is_kept_with_the_kit_not_beside_the_list(tmp_path):
    """The list may lie in a read-only or shared folder: nothing is written there."""
    lists = tmp_path / "gedeeld"
    lists.mkdir()
    shutil.copy(DATA / "deelnemers-14.csv", lists / "deelnemers.csv")
    before = sorted(os.listdir(lists))
    settings = resolve(None, case="arnhem", participants=str(lists / "deelnemers.csv"),
                       out=tmp_path / "build")
    assert settings.division_file == tmp_path / "build" / "arnhem" / DIVISION_FILE
    content = load_content(only_case="arnhem")
    session = make_session(content, settings.participants, settings.start, settings.date,
                           division=settings.division_file)
    (tmp_path / "build" / "arnhem").mkdir(parents=True)  # the kit, swapped in by the build
    lists.chmod(0o555)
    try:
        division.keep(SimpleNamespace(session=session, content=content))
    finally:
        lists.chmod(0o755)
    assert sorted(os.listdir(lists)) == before
    assert settings.division_file.is_file()


def test_in_a_workspace_the_division_stays_in_the_workspace(ws):
    settings = resolve(load_session(ws / "sessie.yaml"))
    assert settings.division_file == ws / DIVISION_FILE


def _move(path: Path, letter: bytes) -> str:
    """Move the first person at table A to table ``letter`` by hand, as in Excel; their name."""
    rows = path.read_bytes().split(b"\r\n")
    a = next(i for i, row in enumerate(rows) if row.startswith(b"A;"))
    rows[a] = letter + rows[a][1:]
    path.write_bytes(b"\r\n".join(rows))
    return rows[a].split(b";")[1].decode()


def test_a_division_an_earlier_version_kept_beside_the_list_is_still_read(tmp_path):
    """Nobody moves after the update: the division beside the list is read, and from then on
    kept with the kit."""
    shutil.copy(DATA / "deelnemers-14.csv", tmp_path / "deelnemers.csv")
    content = load_content(only_case="arnhem")
    settings = resolve(None, case="arnhem", participants=str(tmp_path / "deelnemers.csv"),
                       out=tmp_path / "build")
    beside = tmp_path / DIVISION_FILE
    old = make_session(content, settings.participants, settings.start, settings.date,
                       division=beside)
    division.keep(SimpleNamespace(session=old, content=content))  # as an earlier version did
    name = _move(beside, b"C")
    session = make_session(content, settings.participants, settings.start, settings.date,
                           division=settings.division_file)
    assert session.division.source == "kept" and session.division.path == settings.division_file
    assert name in [p.name for t in session.tables if t.fundament.letter.upper() == "C"
                    for p in t.members]


def test_results_init_finds_the_division_kept_with_the_kit(tmp_path, monkeypatch):
    """results init fills in the groups as the kit has them: from the kit's division."""
    import yaml

    from codio_print.results.build import init_results

    monkeypatch.chdir(tmp_path)
    shutil.copy(DATA / "deelnemers-14.csv", tmp_path / "deelnemers.csv")
    settings = resolve(None, case="arnhem", participants="deelnemers.csv")
    content = load_content(only_case="arnhem")
    session = make_session(content, settings.participants, settings.start, settings.date,
                           division=settings.division_file)
    Path("build/arnhem").mkdir(parents=True)
    division.keep(SimpleNamespace(session=session, content=content))
    assert settings.division_file.resolve() == (tmp_path / "build" / "arnhem" /
                                                DIVISION_FILE).resolve()
    name = _move(settings.division_file, b"C")  # moved to table C in the kit's copy
    out = init_results(settings, tmp_path / "resultaten.yaml")
    groups = yaml.safe_load(out.read_text(encoding="utf-8"))["sessie"]["groepen"]
    assert name in next(g["leden"] for g in groups if g["fundament"] == "bestuurskracht")
