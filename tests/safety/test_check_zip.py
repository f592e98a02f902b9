"""`check` on a zip or a folder it is handed reads a bounded amount (E14 of the December 2026
review: a 3 MB drukwerk.zip with a 3 GB member made check take 2.1 GB, then "ran out of
memory"). What a member may inflate to, and all members together, is bounded from the zip's
headers before anything is inflated, and again while reading; over the bound is one line.
The unpacked folder and the kit's own files are read the same way: regular files only, no
links, within the same bounds."""

from __future__ import annotations

import json
import os
import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from codio_print.errors import InputError
from codio_print.printshop import preflight, shopfiles
from incli import run_here

ORDER = json.dumps({"files": [], "preset": {"max_ink": 300, "bleed_mm": 3}})


def _zip(path: Path, members: dict[str, bytes | int]) -> Path:
    """A zip of ``members``: bytes as they are, a number as that many zero bytes (written
    a megabyte at a time, so the test never holds them)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            if isinstance(data, bytes):
                archive.writestr(name, data)
                continue
            with archive.open(name, "w", force_zip64=True) as member:
                for start in range(0, data, 1 << 20):
                    member.write(bytes(min(1 << 20, data - start)))
    return path


def _claim(path: Path, name: str, size: int) -> None:
    """Make the zip's central directory say that ``name`` inflates to ``size`` bytes."""
    data = bytearray(path.read_bytes())
    at = 0
    while True:
        at = data.index(b"PK\x01\x02", at)
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + length].decode() == name:
            struct.pack_into("<I", data, at + 24, size)
            break
        at += 46
    path.write_bytes(bytes(data))


def _error(proc) -> list[str]:
    return [line for line in proc.stderr.splitlines() if line.strip()]


def test_a_member_that_says_it_inflates_to_3_gb_is_one_line_and_nothing_is_inflated(tmp_path):
    """The review's O8, from the zip's own header: refused before anything is read."""
    path = _zip(tmp_path / "drukwerk.zip", {"printopdracht.json": ORDER.encode(),
                                             "poster-democratie.pdf": b"%PDF-1.7\n" * 100})
    _claim(path, "poster-democratie.pdf", 3_000_000_000)
    proc = run_here("check", str(path), cwd=tmp_path)
    assert proc.returncode == 1
    assert _error(proc) == [
        "error: drukwerk.zip: 'poster-democratie.pdf' inflates to 2.8 GB, more than the "
        "256 MB a file of the print shop's zip may hold — this is not a drukwerk.zip as "
        "codio-print makes it: ask for the zip again, or build the kit again"]


def test_a_member_that_really_inflates_far_is_refused_without_being_held(tmp_path,
                                                                         monkeypatch):
    """A member over the bound (here the bound is made small, the member 8 MB of zeros in
    a zip of a few kB): one line, and check never holds it."""
    monkeypatch.setattr(shopfiles, "MEMBER_MAX", 2 << 20)
    path = _zip(tmp_path / "drukwerk.zip", {"printopdracht.json": ORDER.encode(),
                                             "poster.pdf": 8 << 20})
    assert path.stat().st_size < 64 << 10
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as refused:
            preflight.check_path(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20
    assert "'poster.pdf' inflates to 8.0 MB, more than the 2 MB" in refused.value.one_line()


def test_all_members_together_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(shopfiles, "TOTAL_MAX", 3 << 20)
    path = _zip(tmp_path / "drukwerk.zip", {"printopdracht.json": ORDER.encode(),
                                             **{f"poster-{n}.pdf": 1 << 20 for n in range(4)}})
    with pytest.raises(InputError) as refused:
        preflight.check_path(path)
    assert "its files inflate to 4.0 MB together, more than the 3 MB" in refused.value.one_line()


def test_a_member_whose_header_says_less_than_it_holds_is_damaged(tmp_path):
    """zipfile stops at the size the header says; the rest makes the member damaged."""
    path = _zip(tmp_path / "drukwerk.zip", {"printopdracht.json": ORDER.encode(),
                                             "poster.pdf": 4 << 20})
    _claim(path, "poster.pdf", 1000)
    proc = run_here("check", str(path), cwd=tmp_path)
    assert proc.returncode == 1
    (line,) = _error(proc)
    assert line.startswith("error: drukwerk.zip: 'poster.pdf' cannot be read: ")


def test_the_unpacked_folder_is_bounded_and_holds_no_links(tmp_path):
    folder = tmp_path / "drukwerk"
    folder.mkdir()
    (folder / "printopdracht.json").write_text(ORDER)
    with open(folder / "poster.pdf", "wb") as sparse:  # 3 GB that take no room on disk
        sparse.truncate(3_000_000_000)
    proc = run_here("check", str(folder), cwd=tmp_path)
    assert _error(proc) == [
        "error: drukwerk/poster.pdf: is 2.8 GB, more than the 256 MB a file of the print "
        "shop's zip may hold — this is not a drukwerk.zip as codio-print makes it: ask for "
        "the zip again, or build the kit again"]
    (folder / "poster.pdf").unlink()
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the print shop")
    (folder / "poster.pdf").symlink_to(secret)
    proc = run_here("check", str(folder), cwd=tmp_path)
    assert proc.returncode == 1
    assert _error(proc) == [
        "error: drukwerk/poster.pdf: is a link or not a regular file, not a file unpacked "
        "from a zip — unpack drukwerk.zip again and check that folder"]


def test_a_kits_own_zip_that_inflates_too_far_fails_its_row(tmp_path):
    kit = tmp_path / "kit"
    kit.mkdir()
    path = _zip(kit / "drukwerk.zip", {"printopdracht.json": ORDER.encode(),
                                        "poster.pdf": b"%PDF-1.7\n"})
    _claim(path, "poster.pdf", 3_000_000_000)
    (kit / "manifest.json").write_text(json.dumps({
        "case": "arnhem", "pieces": [], "extra": [
            {"file": "drukwerk.zip", "kind": "bundle", "pages": 1, "sha256": ""}]}))
    (row,) = preflight.check_path(kit)
    assert row.file == "drukwerk.zip"
    assert row.results["opens"] == [
        "'poster.pdf' inflates to 2.8 GB, more than the 256 MB a file of the print shop's "
        "zip may hold"]


@pytest.mark.parametrize("name", ["/etc/passwd", "../outside.pdf", "screen/link.pdf"])
def test_check_reads_no_file_outside_the_kit(tmp_path, name):
    """A manifest that names a file elsewhere (or a link in the kit to one) gets it read
    neither whole nor at all."""
    kit = tmp_path / "kit"
    (kit / "screen").mkdir(parents=True)
    (tmp_path / "outside.pdf").write_bytes(b"%PDF-1.7\n")
    os.symlink(tmp_path / "outside.pdf", kit / "screen" / "link.pdf")
    (kit / "manifest.json").write_text(json.dumps({
        "case": "arnhem", "extra": [], "pieces": [{
            "id": "casus", "title": "Casus", "size": "A4", "files": {
                "screen": {"file": name, "pages": 1, "sha256": "0" * 64}}}]}))
    (row,) = preflight.check_path(kit)
    assert row.results == {"opens": [f"'{name}' is not a file of this kit (a link, not a "
                                     "regular file, or a name outside its folder)"]}
