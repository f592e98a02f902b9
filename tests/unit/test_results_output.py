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

from codio_print.results import build as results_build
from codio_print.inputs.settings import Settings
from codio_print.results.build import Made, build_results, init_results

SAMPLE = Path(__file__).parent.parent / "data" / "resultaten-arnhem.yaml"
OUTPUTS = {"actieplan.pdf", "actieplan-drukwerk.pdf", "verslag.pdf", "acties.csv",
           "vervolgsessie.ics"}


@pytest.fixture
def fast(monkeypatch):
    """Rendering replaced by a marker: set ``fast.version`` to tell two builds apart."""
    class Fast:
        version = "v1"

    def poster(env, base, plan, allowed=(), **_):
        made = Made(f"%PDF poster {Fast.version}".encode(), 2, [], 28.3)
        return made, Made(f"%PDF poster print {Fast.version}".encode(), 2, [], 28.3)

    def report(env, base, plan, allowed=()):
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
        made = init_results(Settings(case="arnhem", date=date(2027, 3, 11)),
                            tmp_path / "nieuw.yaml")
        report = build_results(source)
    finally:
        os.umask(old)
    assert mode(made) == file
    assert mode(report.out_dir) == folder
    assert {p.name for p in report.files} == OUTPUTS
    assert all(mode(p) == file for p in report.files)


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("failing", [1, 2, 3, 4])
def test_a_failed_publication_leaves_all_old_or_all_new_files(tmp_path, source, fast,
                                                              monkeypatch, failing):
    """The nth rename of the build fails (an I/O error): never half old, half new."""
    from codio_print.builder import outdir as output

    build_results(source)
    out = tmp_path / "resultaten"
    old = contents(out)
    fast.version = "v2"
    build_results(source, tmp_path / "v2")
    new = contents(tmp_path / "v2")
    assert old != new and set(old) == set(new) == OUTPUTS | {results_build.MARKER}

    calls = []

    def failing_nth(real):
        def call(*args, **kwargs):
            calls.append(args)
            if len(calls) == failing:
                raise OSError(5, "Input/output error", str(args[-1]))
            return real(*args, **kwargs)
        return call

    monkeypatch.setattr(os, "replace", failing_nth(os.replace))
    monkeypatch.setattr(os, "rename", failing_nth(os.rename))
    monkeypatch.setattr(output, "exchange", failing_nth(output.exchange))
    try:
        build_results(source)
    except Exception:  # noqa: BLE001 - which error is another test's business
        pass
    monkeypatch.undo()
    assert contents(out) in (old, new)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".") and p.is_dir()] == []


def test_a_second_build_waits_for_the_first(tmp_path, source, fast):
    import fcntl
    import threading

    build_results(source)
    out = tmp_path / "resultaten"
    locks = [p for p in tmp_path.iterdir() if p.name.endswith(".lock")]
    assert [p.name for p in locks] == [".resultaten.lock"]
    fast.version = "v2"
    with open(locks[0], "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        second = threading.Thread(target=build_results, args=(source,))
        second.start()
        second.join(1.0)
        assert second.is_alive()  # waiting for the lock
        assert b"v1" in (out / "actieplan.pdf").read_bytes()
        fcntl.flock(held, fcntl.LOCK_UN)
    second.join(10)
    assert not second.is_alive()
    assert b"v2" in (out / "actieplan.pdf").read_bytes()


def test_a_folder_of_the_user_is_refused_and_left_as_it_was(tmp_path, source, fast):
    from codio_print.errors import InputError

    mine = tmp_path / "userout"
    mine.mkdir()
    (mine / "acties.csv").write_text("mine")
    (mine / "vervolgsessie.ics").write_text("my own calendar")
    with pytest.raises(InputError) as info:
        build_results(source, mine)
    assert info.value.one_line() == (
        f"{mine} exists and is not a results folder made by codio-print — move it away, "
        "or choose another --out folder")
    assert contents(mine) == {"acties.csv": b"mine", "vervolgsessie.ics": b"my own calendar"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".") and p.is_dir()] == []

    report = build_results(source, mine, force=True)  # the user said so
    assert {p.name for p in report.files} == OUTPUTS
    assert (mine / "acties.csv").read_bytes() != b"mine"


def test_our_own_folder_is_replaced_but_not_once_the_user_put_a_file_in_it(tmp_path, source,
                                                                           fast):
    from codio_print.errors import InputError

    out = build_results(source).out_dir
    fast.version = "v2"
    build_results(source)  # ours: replaced without asking
    assert b"v2" in (out / "actieplan.pdf").read_bytes()
    (out / "notities.docx").write_text("mine")
    with pytest.raises(InputError) as info:
        build_results(source)
    assert "notities.docx" in info.value.one_line()
    assert (out / "notities.docx").read_text() == "mine"


def test_an_empty_folder_is_used(tmp_path, source, fast):
    empty = tmp_path / "leeg"
    empty.mkdir()
    assert {p.name for p in build_results(source, empty).files} == OUTPUTS


# --- what goes wrong on disk is one line, never "internal error" ------------------------------

def run_main(monkeypatch, capsys, *args: str) -> str:
    """The results command through the real CLI entry point; its one line on stderr."""
    import sys

    import codio_print.cli as cli

    monkeypatch.setattr(sys, "argv", ["codio-print", *args])
    monkeypatch.setitem(cli.state, "debug", False)
    with pytest.raises(SystemExit) as info:
        cli.main()
    err = capsys.readouterr().err
    assert info.value.code == 1 and "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert not lines[0].startswith("internal error"), lines[0]
    return lines[0]


def read_only(monkeypatch, folder: Path) -> None:
    """Every file opened for writing in ``folder`` fails as on a read-only mount."""
    import builtins
    import errno
    import io

    real = builtins.open

    def guarded(file, mode="r", *args, **kwargs):
        if (isinstance(file, (str, Path)) and Path(file).is_relative_to(folder)
                and any(c in mode for c in "wxa+")):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(file))
        return real(file, mode, *args, **kwargs)

    real_os_open = os.open

    def os_guarded(path, flags, mode=0o777, *, dir_fd=None):  # codio_print.writing's way
        where = Path(path) if dir_fd is None else \
            Path(os.readlink(f"/proc/self/fd/{dir_fd}")) / path
        if where.is_relative_to(folder) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(where))
        return real_os_open(path, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr(builtins, "open", guarded)
    monkeypatch.setattr(io, "open", guarded)
    monkeypatch.setattr(os, "open", os_guarded)


def test_init_onto_a_folder_with_force_names_it(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "resultaten"
    folder.mkdir()
    line = run_main(monkeypatch, capsys, "results", "init", "--case", "arnhem", "--out",
                    str(folder), "--force")
    assert line.startswith(f"error: {folder}: ") and "folder" in line
    assert "--out" in line.split(" — ")[1]
    assert list(folder.iterdir()) == []


def test_init_into_a_read_only_folder(tmp_path, monkeypatch, capsys):
    read_only(monkeypatch, tmp_path)
    line = run_main(monkeypatch, capsys, "results", "init", "--case", "arnhem", "--out",
                    str(tmp_path / "r.yaml"))
    assert line.startswith(f"error: {tmp_path / 'r.yaml'}: ")
    assert "Read-only file system" in line and " — " in line


def test_build_into_a_read_only_folder(tmp_path, source, fast, monkeypatch, capsys):
    read_only(monkeypatch, tmp_path / "ro")
    (tmp_path / "ro").mkdir()
    line = run_main(monkeypatch, capsys, "results", "build", str(source), "--out",
                    str(tmp_path / "ro" / "resultaten"))
    assert line.startswith(f"error: {tmp_path / 'ro' / 'resultaten'}: ")
    assert "Read-only file system" in line and "--out" in line


def test_build_onto_a_full_disk_keeps_the_previous_results(tmp_path, source, fast, monkeypatch,
                                                           capsys):
    import errno

    out = build_results(source).out_dir
    before = contents(out)

    def full(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    line = run_main(monkeypatch, capsys, "results", "build", str(source))
    assert line == (f"error: {out}/: the disk is full — free some space on it, or give --out a "
                    "folder on another disk; the previous results folder, if any, is unchanged")
    monkeypatch.undo()
    assert contents(out) == before


def test_build_below_a_file_is_one_line(tmp_path, source, fast, monkeypatch, capsys):
    (tmp_path / "bestand").write_text("x")
    line = run_main(monkeypatch, capsys, "results", "build", str(source), "--out",
                    str(tmp_path / "bestand" / "resultaten"))
    assert line.startswith(f"error: {tmp_path / 'bestand' / 'resultaten'}: ") and " — " in line


def test_force_never_replaces_what_a_symbolic_link_points_to(tmp_path, source, fast):
    from codio_print.errors import InputError

    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (elsewhere / "scriptie.docx").write_text("mine")
    (tmp_path / "link").symlink_to(elsewhere)
    with pytest.raises(InputError):
        build_results(source, tmp_path / "link", force=True)
    assert (tmp_path / "link").is_symlink()
    assert contents(elsewhere) == {"scriptie.docx": b"mine"}
