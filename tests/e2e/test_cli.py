"""The command line as a facilitator meets it."""

from __future__ import annotations

from kits import LIBREOFFICE, run_cli
from incli import run_here
from tiny import tiny_home


def test_help_lists_commands():
    proc = run_cli("--help")
    assert proc.returncode == 0
    assert "build" in proc.stdout and "cases" in proc.stdout


def test_cases_lists_the_three_with_classification():
    proc = run_cli("cases")
    assert proc.returncode == 0
    for case in ("apeldoorn", "arnhem", "utrecht"):
        assert case in proc.stdout
    assert "geen data" in proc.stdout and "eigen klantenbestand" in proc.stdout
    assert "hoog, matig" in proc.stdout


def test_unknown_case_is_one_line_naming_the_known_ones(tmp_path):
    proc = run_here("build", "--case", "amsterdam", "--out", str(tmp_path))
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert lines[-1].startswith("error: unknown case 'amsterdam'")
    assert "apeldoorn, arnhem, utrecht" in lines[-1]
    assert "Traceback" not in proc.stderr
    assert not list(tmp_path.rglob("*.pdf"))


def test_bad_start_time(tmp_path):
    proc = run_here("build", "--case", "arnhem", "--start", "13u", "--out", str(tmp_path))
    assert proc.returncode == 1
    assert "HH:MM" in proc.stderr and "Traceback" not in proc.stderr


def test_too_few_participants(tmp_path):
    proc = run_here("build", "--case", "arnhem", "--participants", "2", "--out", str(tmp_path))
    assert proc.returncode == 1
    assert "at least 3" in proc.stderr


def test_the_readme_build_writes_the_kit_into_build_in_the_current_folder(tmp_path):
    """`make kit` builds without --out: the kit goes to build/<case> under the current folder,
    a relative path all through (LibreOffice, which makes the .odp, needs it absolute)."""
    home = tiny_home(tmp_path / "home")  # the pieces tiny: tiny.py
    proc = run_cli("build", "--case", "utrecht", "--profile", "screen", cwd=tmp_path,
                   env={"CODIO_PRINT_HOME": str(home), **LIBREOFFICE})
    assert proc.returncode == 0, proc.stderr
    kit = tmp_path / "build" / "utrecht"
    assert (kit / "presentatie.odp").stat().st_size > 0
    assert (kit / "screen" / "casus.pdf").is_file()
    assert [p.name for p in (tmp_path / "build").iterdir() if p.name != ".utrecht.lock"] \
        == ["utrecht"]  # no half-written or temporary folder left
