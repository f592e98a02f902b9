"""Wrong values of build's options and of sessie.yaml: one line, exit 1, and the build is not
even started (the checks come before anything is loaded or rendered)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from codio_print.builder import pipeline as build
import codio_print.cli as cli
from codio_print.scaffold.workspace import init


@pytest.fixture()
def started(monkeypatch) -> list:
    """Records every start of the build; the build itself stops at once."""
    calls: list = []

    def record(options, progress=None, notice=None):
        calls.append(options)
        raise SystemExit(99)

    monkeypatch.setattr(build, "build", record)
    return calls


def run_main(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["codio-print", *args])
    monkeypatch.setitem(cli.state, "debug", False)
    with pytest.raises(SystemExit) as info:
        cli.main()
    return info.value.code, capsys.readouterr().err


def refused(monkeypatch, capsys, started, *args: str) -> str:
    """The one error line of a build that must not start."""
    code, err = run_main(monkeypatch, capsys, "build", *args)
    assert code == 1, err
    assert "Traceback" not in err and "internal error" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert " — " in lines[0]
    assert started == []
    return lines[0].removeprefix("error: ")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pristine") / "ws"
    init(folder)
    return folder


def session(pristine: Path, tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """A copy of the workspace with one edit in sessie.yaml; the path and the edited line."""
    import shutil

    ws = Path(shutil.copytree(pristine, tmp_path / "ws"))
    path = ws / "sessie.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith(new))
    return path, line


# --- participants ----------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["100000", "201", "9" * 5000])
def test_too_many_participants_on_the_command_line(monkeypatch, capsys, started, value):
    line = refused(monkeypatch, capsys, started, "--case", "arnhem", "--participants", value)
    assert line.startswith("--participants ")
    assert "at most 200" in line and len(line) < 300


@pytest.mark.parametrize("value, start", [
    ("0", "--participants 0: the workshop needs at least 3 participants"),
    ("2", "--participants 2: the workshop needs at least 3 participants"),
    ("-3", "--participants -3: the workshop needs at least 3 participants"),
    ("-" + "9" * 5000, "--participants -999999999999... (5000 digits): the workshop needs"),
    ("1e9", "--participants '1e9' is not a whole number"),
    ("12.5", "--participants '12.5' is not a whole number"),
    ("1,000", "--participants '1,000' is not a whole number"),
])
def test_a_number_of_participants_that_cannot_be(monkeypatch, capsys, started, tmp_path,
                                                 value, start):
    monkeypatch.chdir(tmp_path)  # no file of that name here
    line = refused(monkeypatch, capsys, started, "--case", "arnhem", "--participants", value)
    assert line.startswith(start), line


def test_a_list_whose_name_looks_like_a_number_is_a_list(monkeypatch, capsys, started,
                                                         tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "2026.1").write_text("naam\nA\nB\nC\n", encoding="utf-8")
    code, _ = run_main(monkeypatch, capsys, "build", "--case", "arnhem",
                       "--participants", "2026.1")
    assert code == 99 and started[0].participants == Path("2026.1")


def test_two_hundred_participants_start_the_build(monkeypatch, capsys, started):
    code, _ = run_main(monkeypatch, capsys, "build", "--case", "arnhem", "--participants", "200")
    assert code == 99 and started[0].participants == 200


def test_too_many_participants_in_sessie_yaml(monkeypatch, capsys, started, pristine,
                                              tmp_path):
    path, at = session(pristine, tmp_path, "deelnemers: 12",
                       "deelnemers: 99999999999999999999999999999999")
    line = refused(monkeypatch, capsys, started, "--config", str(path))
    assert line.startswith(f"{path}:{at}: ") and "at most 200" in line


# --- times ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["25:00", "24:00", "9 uur", "09:60"])
def test_a_start_that_is_no_time(monkeypatch, capsys, started, value):
    line = refused(monkeypatch, capsys, started, "--case", "arnhem", "--start", value)
    assert line.startswith(f"--start '{value}' is not a time — ")


def test_start_23_59_starts_the_build(monkeypatch, capsys, started):
    code, _ = run_main(monkeypatch, capsys, "build", "--case", "arnhem", "--start", "23:59")
    assert code == 99 and str(started[0].start) == "23:59:00"


def test_unquoted_25_00_in_sessie_yaml(monkeypatch, capsys, started, pristine, tmp_path):
    path, at = session(pristine, tmp_path, 'start: "09:30"', "start: 25:00")
    line = refused(monkeypatch, capsys, started, "--config", str(path))
    assert line.startswith(f"{path}:{at}: 'start': '25:00' is not a time — ")


# --- dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize("option, value", [("--date", "0001-01-01"), ("--date", "1999-12-31"),
                                           ("--deliver-by", "2101-01-01"),
                                           ("--deliver-by", "0001-01-01")])
def test_an_implausible_date(monkeypatch, capsys, started, option, value):
    line = refused(monkeypatch, capsys, started, "--case", "arnhem", option, value)
    assert line.startswith(f"{option} '{value}' is not a plausible date: the year must be "
                           "from 2000 to 2100 — ")


@pytest.mark.parametrize("option", ["--date", "--deliver-by"])
def test_a_date_that_does_not_exist(monkeypatch, capsys, started, option):
    line = refused(monkeypatch, capsys, started, "--case", "arnhem", option, "2026-02-30")
    assert line.startswith(f"{option} '2026-02-30' is not a date — ")


def test_dates_in_range_start_the_build(monkeypatch, capsys, started):
    code, _ = run_main(monkeypatch, capsys, "build", "--case", "arnhem", "--date", "2000-01-01",
                       "--deliver-by", "2100-12-31")
    assert code == 99
    assert (str(started[0].date), str(started[0].deliver_by)) == ("2000-01-01", "2100-12-31")


def test_year_1_in_sessie_yaml(monkeypatch, capsys, started, pristine, tmp_path):
    path, at = session(pristine, tmp_path, "datum:", "datum: 0001-01-01")
    line = refused(monkeypatch, capsys, started, "--config", str(path))
    assert line.startswith(f"{path}:{at}: 'datum': '0001-01-01' is not a plausible date")
