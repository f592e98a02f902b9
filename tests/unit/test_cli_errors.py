"""How the command line ends on errors: one line and exit 1, or with --debug a traceback;
a bug in codio-print itself is said to be one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from codio_print.builder import pipeline as build
import codio_print.cli as cli
from codio_print.errors import ContentError, Interrupted


def run_main(monkeypatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["codio-print", *args])
    monkeypatch.setitem(cli.state, "debug", False)
    with pytest.raises(SystemExit) as info:
        cli.main()
    return info.value.code


def fail_with(monkeypatch, exc: BaseException) -> None:
    def broken(*args, **kwargs):
        raise exc

    monkeypatch.setattr(build, "build", broken)


def test_an_unexpected_exception_is_one_line_naming_it_a_bug(monkeypatch, capsys, tmp_path):
    fail_with(monkeypatch, RuntimeError("boom\nsecond line"))
    code = run_main(monkeypatch, "build", "--case", "arnhem", "--out", str(tmp_path))
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        "internal error: RuntimeError: boom second line — this is a bug in codio-print; run "
        "again with --debug and report what it shows")
    assert "Traceback" not in err


def test_debug_lets_an_unexpected_exception_through(monkeypatch, tmp_path):
    fail_with(monkeypatch, RuntimeError("boom"))
    monkeypatch.setattr(sys, "argv", ["codio-print", "--debug", "build", "--case", "arnhem",
                                      "--out", str(tmp_path)])
    with pytest.raises(RuntimeError, match="boom"):
        cli.main()


def test_debug_lets_our_own_errors_through(monkeypatch, tmp_path):
    fail_with(monkeypatch, ContentError("bad", file="x.yaml", line=3))
    monkeypatch.setattr(sys, "argv", ["codio-print", "--debug", "build", "--case", "arnhem",
                                      "--out", str(tmp_path)])
    with pytest.raises(ContentError):
        cli.main()


def test_own_error_is_one_line(monkeypatch, capsys, tmp_path):
    fail_with(monkeypatch, ContentError("'titel' is missing", file="/elders/kapot.yaml", line=3,
                                        fix="add it"))
    code = run_main(monkeypatch, "build", "--case", "arnhem", "--out", str(tmp_path))
    assert code == 1
    assert capsys.readouterr().err.splitlines()[-1] == \
        "error: /elders/kapot.yaml:3: 'titel' is missing — add it"


def test_ctrl_c_is_one_line_and_exit_130(monkeypatch, capsys, tmp_path):
    fail_with(monkeypatch, Interrupted())
    code = run_main(monkeypatch, "build", "--case", "arnhem", "--out", str(tmp_path))
    assert code == 130
    assert capsys.readouterr().err.strip().splitlines()[-1] == \
        "interrupted: the previous kit, if any, is unchanged"


def test_files_inside_the_current_folder_are_shown_relative(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    error = ContentError("bad", file=tmp_path / "cases" / "x.yaml", line=2)
    assert error.one_line() == "cases/x.yaml:2: bad"
    assert ContentError("bad", file="/elders/x.yaml").one_line() == "/elders/x.yaml: bad"


def test_strict_and_no_wait_reach_the_build(monkeypatch, tmp_path):
    seen = {}

    def record(options, progress=None, notice=None):
        seen["options"] = options
        raise ContentError("stop here")

    monkeypatch.setattr(build, "build", record)
    run_main(monkeypatch, "build", "--case", "arnhem", "--strict", "--no-wait",
             "--out", str(tmp_path))
    assert seen["options"].strict and not seen["options"].wait


def test_a_wrong_option_is_a_usage_message_not_a_traceback(monkeypatch, capsys):
    code = run_main(monkeypatch, "build", "--case", "arnhem", "--bogus")
    err = capsys.readouterr().err
    assert code == 2
    assert "No such option: --bogus" in err and "Traceback" not in err


def test_sigterm_is_one_line_and_exit_143(monkeypatch, capsys, tmp_path):
    import signal

    fail_with(monkeypatch, Interrupted(signal.SIGTERM))
    code = run_main(monkeypatch, "build", "--case", "arnhem", "--out", str(tmp_path))
    assert code == 143
    assert capsys.readouterr().err.strip().splitlines()[-1] == \
        "interrupted: the previous kit, if any, is unchanged"


@pytest.mark.parametrize("errno_, strerror", [(30, "Read-only file system"),
                                              (5, "Input/output error")])
def test_a_disk_problem_is_one_line_naming_the_path(monkeypatch, capsys, tmp_path, errno_,
                                                    strerror):
    """D16: a read-only or full output folder, or a failing disk, is not 'internal error'."""
    fail_with(monkeypatch, OSError(errno_, strerror, str(tmp_path / ".arnhem.lock")))
    code = run_main(monkeypatch, "build", "--case", "arnhem", "--out", str(tmp_path))
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 2  # "Building ..." and the error
    assert err[-1].startswith(f"error: {tmp_path / '.arnhem.lock'}: {strerror} — ")


def test_an_output_folder_below_a_file_is_one_line(monkeypatch, capsys, tmp_path):
    (tmp_path / "a-file").write_text("x")
    code = run_main(monkeypatch, "build", "--case", "arnhem", "--profile", "screen",
                    "--out", str(tmp_path / "a-file" / "sub"))
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert err[-1].startswith("error: ") and "Not a directory" in err[-1], err


def test_running_out_of_memory_is_one_line(monkeypatch, capsys, tmp_path):
    fail_with(monkeypatch, MemoryError())
    code = run_main(monkeypatch, "build", "--case", "arnhem", "--out", str(tmp_path))
    assert code == 1
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith(
        "error: codio-print ran out of memory — ")


def test_an_empty_participants_option_is_one_line(monkeypatch, capsys, tmp_path):
    code = run_main(monkeypatch, "build", "--case", "arnhem", "--participants", "",
                    "--out", str(tmp_path))
    assert code == 1
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith(
        "error: --participants is empty — ")


def test_a_relative_config_builds(monkeypatch, tmp_path):
    """A relative --config gave 'internal error: relative path can't be expressed as a file
    URI' once the render needed the workspace's files."""
    from codio_print.scaffold.workspace import init

    init(tmp_path / "ws")
    monkeypatch.chdir(tmp_path)
    seen = {}

    def record(options, progress=None, notice=None):
        seen["options"] = options
        raise ContentError("stop here")

    monkeypatch.setattr(build, "build", record)
    run_main(monkeypatch, "build", "--config", "ws")
    assert seen["options"].workspace.is_absolute()


# --- E20: a full disk names the folder, an interruption what is unchanged -------------------

FULL = "No space left on device"
KIT_ROOM = ("free some space on it, or build into a folder on another disk with --out (while "
            "it renders, each render process keeps a copy of the fonts there as well)")


@pytest.mark.parametrize("filename", [None, ".arnhem.tmp-1a2b3c4d/casus.pdf",
                                      ".arnhem.tmp-1a2b3c4d/worker-1"])
def test_a_full_disk_names_the_output_folder_and_keeps_the_previous_kit(monkeypatch, capsys,
                                                                        tmp_path, filename):
    """Written without a file name (a write, not an open), in a hidden work folder, or by a
    render process (its copies of the fonts): the output folder is named, not a hidden one."""
    out = tmp_path / "out"
    fail_with(monkeypatch, OSError(28, FULL, str(out / filename) if filename else None))
    code = run_main(monkeypatch, "build", "--case", "arnhem", "--out", str(out))
    assert code == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"error: {out}/: the disk is full — {KIT_ROOM}; the previous kit, if any, is unchanged")


def test_a_full_disk_elsewhere_names_that_folder(monkeypatch, capsys, tmp_path):
    """groepsindeling.csv beside the participant list, after the kit was swapped in."""
    out, elsewhere = tmp_path / "out", tmp_path / "werkmap"
    elsewhere.mkdir()

    def full_after_the_swap(*args, **kwargs):
        (out / "arnhem").mkdir(parents=True)
        raise OSError(28, FULL, str(elsewhere / "groepsindeling.csv"))

    monkeypatch.setattr(build, "build", full_after_the_swap)
    code = run_main(monkeypatch, "build", "--case", "arnhem", "--out", str(out))
    assert code == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"error: {elsewhere}/: the disk is full — free some space on it; the new kit is "
        f"already in {out / 'arnhem'}/")


def test_a_full_disk_behind_our_own_error_is_the_full_disk_line(monkeypatch, capsys,
                                                                 tmp_path):
    """results build and import word a failed write as 'cannot write here': the full disk
    behind it gets the same line as anywhere else."""
    from codio_print.results import build as results

    shutil_copy_sample(tmp_path)

    def full(*args, **kwargs):
        try:
            raise OSError(28, FULL)
        except OSError as exc:
            raise results.cannot_write(exc, tmp_path / "resultaten") from None

    monkeypatch.setattr(results, "build_results", full)
    monkeypatch.chdir(tmp_path)
    code = run_main(monkeypatch, "results", "build", "resultaten.yaml")
    assert code == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "error: resultaten/: the disk is full — free some space on it, or give --out a "
        "folder on another disk; the previous results folder, if any, is unchanged")


def shutil_copy_sample(folder):
    import shutil

    from kits import DATA

    shutil.copy(DATA / "resultaten-arnhem.yaml", folder / "resultaten.yaml")


@pytest.mark.parametrize("command, sentence", [
    (["results", "import", "ingevuld.pdf"], "resultaten.yaml is unchanged"),
    (["results", "build", "resultaten.yaml"], "the previous results folder, if any, is "
                                              "unchanged"),
    (["results", "init", "--case", "arnhem", "--out", "nieuw.yaml"], "nieuw.yaml was not "
                                                                     "written"),
    (["cases"], "nothing was changed"),
])
def test_each_command_says_what_an_interruption_leaves_unchanged(monkeypatch, capsys, tmp_path,
                                                                 command, sentence):
    """E20: Ctrl-C during results import said 'the previous kit, if any, is unchanged'."""
    from codio_print.inputs import content
    from codio_print.results import build as results, importer

    def interrupted(*args, **kwargs):
        raise Interrupted()

    shutil_copy_sample(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(importer, "read_sheet", interrupted)  # in the middle of the import
    monkeypatch.setattr(results, "build_results", interrupted)
    monkeypatch.setattr(results, "init_results", interrupted)
    monkeypatch.setattr(content, "load_content", interrupted)
    assert run_main(monkeypatch, *command) == 130
    assert capsys.readouterr().err.strip().splitlines()[-1] == f"interrupted: {sentence}"


def test_an_interruption_after_the_import_wrote_says_so(monkeypatch, capsys, tmp_path):
    from codio_print.results import importer

    def wrote_then_interrupted(target, *args, **kwargs):
        target.write_text(target.read_text() + "# gewijzigd\n")
        raise Interrupted()

    shutil_copy_sample(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(importer, "import_sheets", wrote_then_interrupted)
    assert run_main(monkeypatch, "results", "import", "ingevuld.pdf") == 130
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "interrupted: resultaten.yaml was already updated")


def test_a_full_temporary_folder_is_named_with_what_to_do(monkeypatch, capsys, tmp_path):
    """results build renders in this process: WeasyPrint's copies of the fonts go into the
    temporary folder, which may be on another disk than the results."""
    import tempfile

    from codio_print.results import build as results

    shutil_copy_sample(tmp_path)
    temp = Path(tempfile.gettempdir())
    fail = OSError(28, FULL, str(temp))
    monkeypatch.setattr(results, "build_results", lambda *a, **k: (_ for _ in ()).throw(fail))
    monkeypatch.chdir(tmp_path)
    assert run_main(monkeypatch, "results", "build", "resultaten.yaml") == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"error: {temp}/: the disk is full — free some space on it, or point TMPDIR at a "
        "folder on another disk; the previous results folder, if any, is unchanged")


def test_an_interrupted_init_says_the_workspace_may_be_incomplete(monkeypatch, capsys,
                                                                  tmp_path):
    from codio_print.scaffold import workspace

    def half(folder, taken=None):
        folder.mkdir()
        (folder / "sessie.yaml").write_text("casus: arnhem\n")
        raise Interrupted()

    monkeypatch.setattr(workspace, "init", half)
    assert run_main(monkeypatch, "init", str(tmp_path / "ws")) == 130
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"interrupted: {tmp_path / 'ws'}/ may be incomplete: remove it and run init again")


LATE_CTRL_C = """
import os, signal, sys

class Late:
    def __del__(self):  # runs as Python tears the process down: after its own handlers are gone
        os.kill(os.getpid(), signal.SIGINT)

late = Late()
sys.argv = ["codio-print", "cases"]
from codio_print.__main__ import run
run()
"""


def test_a_ctrl_c_after_the_command_has_ended_does_not_kill_it(tmp_path):
    """E23: a Ctrl-C just after the summary killed the process by SIGINT's default action
    (no message, no exit code of ours) although its work was done: Python puts the default
    back for every handler of its own while it exits. Here the Ctrl-C comes at that moment
    by design: the command ends with its own exit code."""
    import subprocess

    proc = subprocess.run([sys.executable, "-c", LATE_CTRL_C], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, (proc.returncode, proc.stderr)
    assert "arnhem" in proc.stdout and proc.stderr == ""


def test_an_error_while_a_stop_unwinds_ends_as_the_stop(monkeypatch, capsys, tmp_path):
    """SIGTERM while python-pptx wrote into a zip: the zip then refused to close ("Can't
    close the ZIP file while there is an open writing handle on it"), and that ValueError,
    raised while the stop unwound, ended the build as an internal error (found by the
    killed-builds test). A signal that asked to stop decides the ending."""
    import signal
    import zipfile

    from codio_print import errors

    monkeypatch.setattr(errors, "_asked", [])

    def stopped_while_zipping(*args, **kwargs):
        with zipfile.ZipFile(tmp_path / "presentatie.pptx", "w") as zf:
            with zf.open("ppt/slides/slide1.xml", "w"):
                zf.close()  # what the unwinding did: the member is still open

    def stopped(*args, **kwargs):
        try:
            raise errors.ask_to_stop(signal.SIGTERM)
        finally:
            stopped_while_zipping()

    monkeypatch.setattr(build, "build", stopped)
    code = run_main(monkeypatch, "build", "--case", "arnhem", "--out", str(tmp_path / "out"))
    err = capsys.readouterr().err
    assert code == 143, err
    assert "internal error" not in err
    assert err.strip().splitlines()[-1].startswith("interrupted: ")


def test_a_signal_while_the_messages_module_is_imported_is_still_one_line(monkeypatch):
    """Ctrl-C while Python imports i18n.py itself (the first thing run() imports): the line
    cannot come from the catalog yet, but it is still one line and exit 130, not an
    ImportError's traceback (found by the killed-builds test)."""
    import types

    from codio_print import __main__ as entry

    half_made = types.ModuleType("codio_print.i18n")  # as Python holds it mid-import
    monkeypatch.setitem(sys.modules, "codio_print.i18n", half_made)
    written, ended = [], []
    monkeypatch.setattr(entry.os, "write", lambda fd, data: written.append((fd, data)))
    monkeypatch.setattr(entry.os, "_exit", lambda code: ended.append(code))
    entry._stopped_while_starting(2, None)
    assert written == [(2, b"interrupted: nothing was changed\n")]
    assert ended == [130]


CTRL_C_IN_A_CALLBACK = """
import gc, os, signal, sys, weakref

sys.argv = ["codio-print", "cases"]
from codio_print import cli
from codio_print.errors import stop_if_asked

class Thing:
    pass

def callback(ref):  # as importlib's module locks have: a weakref callback, run where
    os.kill(os.getpid(), signal.SIGINT)  # nothing can raise; the signal lands in it
    for _ in range(1000):
        pass

cli._catch_signals()
thing = Thing()
ref = weakref.ref(thing, callback)
del thing
gc.collect()
try:
    stop_if_asked()
except BaseException as exc:
    print("stopped:", type(exc).__name__)
"""


def test_a_ctrl_c_inside_a_callback_is_kept_without_a_traceback(tmp_path):
    """A Ctrl-C that lands in a weakref callback (importlib's module locks have one; found
    by the killed-builds test): the exception the handler raises there cannot propagate,
    and Python printed it as "Exception ignored ... Traceback". The stop is kept, quietly,
    and the next check raises it."""
    import subprocess

    proc = subprocess.run([sys.executable, "-c", CTRL_C_IN_A_CALLBACK], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120)
    assert proc.stderr == ""
    assert proc.stdout.strip() == "stopped: Interrupted"


def test_codio_print_run_from_a_zip_file_says_its_files_must_be_on_disk(tmp_path):
    """Issue 24: the templates and the content are package data that WeasyPrint, Jinja and the
    fetcher read by their path (paths.py). codio-print imported from a zip file (a zipapp,
    a zipped library folder) cannot build: one line that says what to do, exit 1, before it
    fails later on a template it cannot open."""
    import os
    import subprocess
    import zipfile

    import codio_print

    package = Path(codio_print.__file__).parent
    archive = tmp_path / "codio-print.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        for path in package.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                packed.write(path, Path("codio_print") / path.relative_to(package))
    env = {k: v for k, v in os.environ.items() if k != "CODIO_PRINT_HOME"}
    proc = subprocess.run([sys.executable, "-m", "codio_print", "build", "--case", "arnhem"],
                          cwd=tmp_path, env={**env, "PYTHONPATH": str(archive)},
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    [line] = proc.stderr.splitlines()
    assert line.startswith("error: codio-print's own files (templates, content) are not in a "
                           f"folder on disk but in {archive}")
    assert line.endswith("install codio-print as a package (pip install or pipx install), or "
                         "set CODIO_PRINT_HOME to a folder holding content/ and templates/")
    assert not (tmp_path / "build").exists()
