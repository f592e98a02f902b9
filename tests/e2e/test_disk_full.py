"""A full disk while a build renders (E20): one line naming the output folder and that its disk
is full, and the previous kit as it was. The render processes copy the fonts into the build's
scratch folder beside the kit, so the output folder's disk is the one that fills up."""

from __future__ import annotations

import errno
import hashlib
import tempfile
from pathlib import Path

import pytest

from incli import run_here
from tiny import tiny_workspace


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("workers", ["1", "2"])  # in this process; in render processes
def test_a_full_disk_while_rendering_names_the_output_folder(tmp_path, monkeypatch, workers):
    from codio_print.render import weasy

    weasy.load()
    from weasyprint.text.fonts import FontConfiguration

    session = tiny_workspace(tmp_path / "ws")
    out = tmp_path / "out"
    args = ["build", "--config", str(session), "--out", str(out), "--workers", workers]
    assert run_here(*args).returncode == 0
    before = snapshot(out / "eigen-casus")

    def full(self, rule_descriptors, url_fetcher):  # WeasyPrint's copy of a font
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="weasyprint-"))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FontConfiguration, "add_font_face", full)
    proc = run_here(*args, "--force", "--date", "2026-12-03")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "could not render" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == (
        f"error: {out}/: the disk is full — free some space on it, or build into a folder on "
        "another disk with --out (while it renders, each render process keeps a copy of the "
        "fonts there as well); the previous kit, if any, is unchanged")
    assert snapshot(out / "eigen-casus") == before
    assert [p.name for p in out.iterdir() if p.is_dir()] == ["eigen-casus"]  # no work folder
