"""Where `results init` and `results build` write: modes, all or none, never the user's files.

The PDFs are stood in for by small byte strings (the rendering is tested in
tests/e2e/test_results_build.py); what is checked here is what ends up on disk.
"""

from __future__ import annotations

import os
import shutil
import stat
from datetime import date
from pathlib import Path

import pytest

from codio_print import results_build
from codio_print.results_build import Made, build_results, init_results

SAMPLE = Path(__file__).parent.parent / "data" / "resultaten-arnhem.yaml"
OUTPUTS = {"actieplan.pdf", "verslag.pdf", "acties.csv", "vervolgsessie.ics"}


@pytest.fixture
def fast(monkeypatch):
    """Rendering replaced by a marker: set ``fast.version`` to tell two builds apart."""
    class Fast:
        version = "v1"

    def poster(env, base, plan):
        return Made(f"%PDF poster {Fast.version}".encode(), 1, [], 18)

    def report(env, base, plan):
        return Made(f"%PDF report {Fast.version}".encode(), 1, [])

    monkeypatch.setattr(results_build, "render_poster", poster)
    monkeypatch.setattr(results_build, "render_report", report)
    return Fast


@pytest.fixture
def source(tmp_path) -> Path:
    path = tmp_path / "resultaten.yaml"
    shutil.copy(SAMPLE, path)
    return path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("umask, folder, file", [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)])
def test_results_get_the_usual_permissions(tmp_path, source, fast, umask, folder, file):
    old = os.umask(umask)
    try:
        made = init_results("arnhem", tmp_path / "nieuw.yaml", day=date(2027, 3, 11))
        report = build_results(source)
    finally:
        os.umask(old)
    assert mode(made) == file
    assert mode(report.out_dir) == folder
    assert {p.name for p in report.files} == OUTPUTS
    assert all(mode(p) == file for p in report.files)
