"""What a previous kit may give: only what this user's machine made (E3 of the December 2026
review, and D18 and D19 through it).

The review's R3: the author of a shared workspace builds it, puts a script in a screen PDF
(and could swap a file or attach one), writes the new SHA-256 into manifest.json and hands
the folder on (a zip, a share, a synced folder). The organiser's build kept those files as
"up to date" and `check` passed them. Now a kit folder is trusted only when this user's
machine recorded its manifest (in the user's cache, never in the folder itself), and `check`
flags what a PDF would run."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from codio_print.builder.pipeline import build
from codio_print.inputs.settings import Settings
from incli import run_here
from tiny import tiny_workspace

# Every test here builds a kit (the smallest, tiny.py): not in make test-fast.
pytestmark = pytest.mark.kit

CASE = "eigen-casus"
TAMPERED = ("casus", "code", "handout-1a")


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """A tiny workspace built once, screen only, on this machine: its folder."""
    ws = tmp_path_factory.mktemp("made") / "ws"
    tiny_workspace(ws)
    assert build(_settings(ws)).rendered == 25
    return ws


def _settings(ws: Path) -> Settings:
    return Settings(case=CASE, workspace=ws, out=ws / "build", profile="screen")


def _copy(made: Path, to: Path) -> Path:
    shutil.copytree(made, to, symlinks=True)
    return to


def _screen(ws: Path, piece: str) -> Path:
    return ws / "build" / CASE / "screen" / f"{piece}.pdf"


def _tamper(ws: Path) -> None:
    """R3 and its kin, as the workspace's author does it: a script run when casus.pdf opens,
    a file attached to code.pdf (D18), handout-1b's bytes as handout-1a (D19), and the new
    hashes written into manifest.json so that the kit looks as it was built."""
    casus = _screen(ws, "casus")
    writer = PdfWriter(clone_from=PdfReader(casus))
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"),
        NameObject("/JS"): TextStringObject("app.alert('from the workspace')")})
    writer.write(casus)
    code = _screen(ws, "code")
    writer = PdfWriter(clone_from=PdfReader(code))
    writer.add_attachment("id_rsa", b"-----BEGIN OPENSSH PRIVATE KEY-----")
    writer.write(code)
    shutil.copy(_screen(ws, "handout-1b"), _screen(ws, "handout-1a"))
    path = ws / "build" / CASE / "manifest.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    for piece in record["pieces"]:
        if piece["id"] in TAMPERED:
            digest = hashlib.sha256(_screen(ws, piece["id"]).read_bytes()).hexdigest()
            piece["sha256"] = piece["files"]["screen"]["sha256"] = digest
    path.write_text(json.dumps(record, indent=2), encoding="utf-8")


def _failures(ws: Path) -> list[str]:
    proc = run_here("check", str(ws / "build" / CASE))
    return [line for line in proc.stderr.splitlines() if line.startswith("FAIL ")]


def test_a_shipped_build_folder_is_rendered_again_and_check_fails_it(made, tmp_path,
                                                                     monkeypatch):
    ws = _copy(made, tmp_path / "ws")
    originals = {p: _screen(ws, p).read_bytes() for p in TAMPERED}
    kit = ws / "build" / CASE
    names = sorted(p.relative_to(kit) for p in kit.rglob("*"))
    _tamper(ws)
    failures = _failures(ws)
    assert "FAIL screen/casus.pdf: active: when the document opens: runs JavaScript" \
        in failures, failures
    assert "FAIL screen/code.pdf: attachments: carries an embedded file: id_rsa" in failures
    assert any(f.startswith("FAIL screen/handout-1a.pdf: title: ") for f in failures)

    # The organiser, on another machine (an empty cache): nothing of the folder is kept.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-cache"))
    report = build(_settings(ws))
    assert {p.id for p in report.pieces if not p.reused} >= set(TAMPERED)
    assert {p: _screen(ws, p).read_bytes() for p in TAMPERED} == originals
    assert _failures(ws) == []
    assert sorted(p.relative_to(kit) for p in kit.rglob("*")) == names  # no record in it
    assert build(_settings(ws)).rendered == 0  # what it made there, it may keep

    # On the machine that built it: the bytes are not the ones it recorded.
    monkeypatch.undo()
    _tamper(ws)
    report = build(_settings(ws))
    assert {p.id for p in report.pieces if not p.reused} >= set(TAMPERED)
    assert {p: _screen(ws, p).read_bytes() for p in TAMPERED} == originals
    assert _failures(ws) == []


def test_a_kit_its_maker_copied_elsewhere_is_still_up_to_date(made, tmp_path):
    """The record is of what the kit holds, not of where it lies: the same user's copy (a
    backup, a moved workspace) renders nothing."""
    ws = _copy(made, tmp_path / "elsewhere" / "ws")
    assert build(_settings(ws)).rendered == 0


def test_the_record_is_kept_where_only_its_user_can_read_or_add_to_it(tmp_path,
                                                                      monkeypatch):
    """What vouches for a kit lies in the user's cache, outside every folder a workspace
    can ship (the test above: the kit holds no more than before), in a folder of the user's
    own."""
    from codio_print import paths
    from codio_print.builder import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cache.remember("0" * 64)
    records = paths.cache_home() / "made"
    assert records.is_relative_to(tmp_path / "cache")
    assert records.stat().st_mode & 0o777 == 0o700
    assert (records / ("0" * 64)).stat().st_mode & 0o777 == 0o600


def test_the_quick_answer_keeps_no_file_changed_after_the_build(made, tmp_path, monkeypatch):
    """A build with nothing to do is answered from a record of the kit's files; a file
    changed since (its size and modification time put back, as a synced folder carries
    them) is not 'up to date': the build renders it again."""
    import os

    from codio_print.inputs import access

    # What the command read, as a process of its own starts it: empty (in this process,
    # other tests' reads are noted there too, and the record would look at them).
    monkeypatch.setattr(access, "_READ", set())
    monkeypatch.setattr(access, "_LOOKED_IN", set())
    ws = _copy(made, tmp_path / "ws")
    assert run_here("build", cwd=ws).returncode == 0  # recorded for the quick answer
    assert "; 0 rendered, 25 up to date" in run_here("build", cwd=ws).stdout
    casus = _screen(ws, "casus")
    original, info = casus.read_bytes(), casus.stat()
    changed = bytearray(original)
    changed[len(changed) // 2] ^= 0x20
    casus.write_bytes(bytes(changed))
    os.utime(casus, ns=(info.st_atime_ns, info.st_mtime_ns))
    proc = run_here("build", cwd=ws)
    assert proc.returncode == 0, proc.stderr
    assert "; 1 rendered, 24 up to date" in proc.stdout
    assert casus.read_bytes() == original
