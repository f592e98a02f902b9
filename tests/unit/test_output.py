"""The output folder: a kit is replaced all or nothing, under a lock, and never something else."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from codio_print.builder import outdir as output
from codio_print.errors import InputError
from codio_print.builder.outdir import replacing


def write_kit(final: Path, version: str) -> None:
    with replacing(final) as work:
        (work / "manifest.json").write_text(version)
        (work / "casus.pdf").write_text(version)


def contents(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(folder.iterdir()) if p.name != output.MARKER}


def hidden(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".") and p.is_dir())


def test_a_new_kit_replaces_the_old_one(tmp_path):
    final = tmp_path / "build" / "arnhem"
    write_kit(final, "v1")
    write_kit(final, "v2")
    assert contents(final) == {"casus.pdf": "v2", "manifest.json": "v2"}
    assert hidden(final.parent) == []


def test_a_failed_build_leaves_the_old_kit(tmp_path):
    final = tmp_path / "arnhem"
    write_kit(final, "v1")
    with pytest.raises(RuntimeError):
        with replacing(final) as work:
            (work / "casus.pdf").write_text("half")
            raise RuntimeError("the render failed")
    assert contents(final) == {"casus.pdf": "v1", "manifest.json": "v1"}
    assert hidden(tmp_path) == []


def test_without_atomic_exchange_too(tmp_path, monkeypatch):
    monkeypatch.setattr(output, "exchange", lambda a, b: False)
    final = tmp_path / "arnhem"
    write_kit(final, "v1")
    write_kit(final, "v2")
    assert contents(final) == {"casus.pdf": "v2", "manifest.json": "v2"}
    assert hidden(tmp_path) == []


def test_a_kit_caught_between_two_renames_comes_back(tmp_path):
    """Without an atomic exchange, a kill between the renames leaves the old kit as
    .arnhem.old and no kit: the next build puts it back before anything else."""
    final = tmp_path / "arnhem"
    write_kit(final, "v1")
    final.rename(tmp_path / ".arnhem.old")
    (tmp_path / ".arnhem.tmp-0000").mkdir()  # the killed build's new, complete folder
    with pytest.raises(RuntimeError):
        with replacing(final):
            assert contents(final) == {"casus.pdf": "v1", "manifest.json": "v1"}
            raise RuntimeError("this build fails too")
    assert contents(final) == {"casus.pdf": "v1", "manifest.json": "v1"}
    assert hidden(tmp_path) == []


def test_stale_folders_of_other_cases_are_left_alone(tmp_path):
    (tmp_path / ".arnhem-2.tmp-1234").mkdir()
    write_kit(tmp_path / "arnhem", "v1")
    assert hidden(tmp_path) == [".arnhem-2.tmp-1234"]


def test_a_folder_that_is_not_a_kit_is_never_replaced(tmp_path):
    final = tmp_path / "arnhem"
    final.mkdir()
    (final / "mijn-notities.docx").write_text("important")
    with pytest.raises(InputError) as info:
        write_kit(final, "v1")
    assert "is not a kit made by codio-print" in info.value.one_line()
    assert contents(final) == {"mijn-notities.docx": "important"}


def test_the_kit_gets_the_usual_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        write_kit(tmp_path / "arnhem", "v1")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "arnhem").stat().st_mode) == 0o755


def test_a_second_build_with_no_wait_stops(tmp_path):
    final = tmp_path / "arnhem"
    with replacing(final):
        with pytest.raises(InputError) as info:
            with replacing(final, wait=False):
                pass
    assert info.value.one_line() == (f"another build is writing {final}/ right now — wait "
                                     "until it has finished, or build into another --out folder")


def test_a_second_build_waits_for_the_first(tmp_path):
    final = tmp_path / "arnhem"
    order: list[str] = []
    started = threading.Event()

    def first() -> None:
        with replacing(final) as work:
            started.set()
            time.sleep(0.3)
            (work / "manifest.json").write_text("first")
            order.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    started.wait()
    messages: list[str] = []
    with replacing(final, on_wait=messages.append) as work:
        order.append("second writing")
        (work / "manifest.json").write_text("second")
    thread.join()
    assert order == ["first done", "second writing"]
    assert messages == [f"another build is writing {final}/; waiting until it has finished"]
    assert contents(final) == {"manifest.json": "second"}


# --- D5: only a folder this tool wrote is ever replaced -------------------------------------

def _users_folder(folder: Path) -> dict[str, str]:
    (folder / "photos").mkdir(parents=True)
    (folder / "thesis.docx").write_text("precious")
    (folder / "photos" / "a.jpg").write_text("img")
    return {p.relative_to(folder).as_posix(): p.read_text()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("manifest", ["manifest.json", "pkg/manifest.json"])
def test_a_users_folder_with_a_manifest_is_never_deleted(tmp_path, manifest):
    final = tmp_path / "out" / "arnhem"
    (final / manifest).parent.mkdir(parents=True, exist_ok=True)
    (final / manifest).write_text('{"name": "my web app", "start_url": "/"}')
    before = _users_folder(final)
    with pytest.raises(InputError, match="is not a kit made by codio-print"):
        with replacing(final) as work:
            (work / "casus.pdf").write_text("new")
    after = {p.relative_to(final).as_posix(): p.read_text()
             for p in sorted(final.rglob("*")) if p.is_file()}
    assert after == {**before, manifest: '{"name": "my web app", "start_url": "/"}'}


def test_a_kit_carries_the_tools_own_mark_and_is_replaced(tmp_path):
    final = tmp_path / "arnhem"
    write_kit(final, "v1")
    assert (final / output.MARKER).read_text() == "codio-print kit\n"
    write_kit(final, "v2")
    assert contents(final)["casus.pdf"] == "v2"


def test_a_kit_of_an_earlier_version_without_the_mark_is_still_replaced(tmp_path):
    final = tmp_path / "arnhem"
    (final / "screen").mkdir(parents=True)
    (final / "screen" / "casus.pdf").write_text("old")
    (final / "drukwerk.zip").write_text("old")
    (final / "manifest.json").write_text(
        '{"case": "arnhem", "kit_key": "abc", "pieces": [{"id": "casus", "files": {}}]}')
    write_kit(final, "v2")
    assert contents(final)["casus.pdf"] == "v2"


def test_an_old_looking_kit_with_anything_else_in_it_is_refused(tmp_path):
    final = tmp_path / "arnhem"
    final.mkdir()
    (final / "manifest.json").write_text(
        '{"case": "arnhem", "kit_key": "abc", "pieces": [{"id": "casus", "files": {}}]}')
    (final / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="is not a kit made by codio-print"):
        write_kit(final, "v2")
    assert (final / "notes.txt").read_text() == "mine"


def test_a_kit_of_another_kind_is_not_replaced_as_a_kit(tmp_path):
    final = tmp_path / "resultaten"
    with replacing(final, kind="resultaten") as work:
        (work / "verslag.pdf").write_text("v1")
    with pytest.raises(InputError):
        write_kit(final, "v2")
    with replacing(final, kind="resultaten") as work:
        (work / "verslag.pdf").write_text("v2")
    assert (final / "verslag.pdf").read_text() == "v2"


# --- D15: the lock file is never followed elsewhere ------------------------------------------

def test_a_lock_file_that_is_a_link_is_refused_and_its_target_not_made(tmp_path):
    final = tmp_path / "build" / "arnhem"
    final.parent.mkdir()
    target = tmp_path / "created-by-lock"
    (final.parent / ".arnhem.lock").symlink_to(target)
    with pytest.raises(InputError) as info:
        write_kit(final, "v1")
    assert not target.exists()
    assert ".arnhem.lock" in info.value.one_line() and "link" in info.value.one_line()
    assert not final.exists()


def test_a_lock_file_that_is_a_folder_is_refused(tmp_path):
    final = tmp_path / "arnhem"
    (tmp_path / ".arnhem.lock").mkdir()
    with pytest.raises(InputError, match="not a file"):
        write_kit(final, "v1")


def test_a_ctrl_c_that_a_library_swallowed_still_keeps_the_old_kit(tmp_path, monkeypatch):
    """The signal handler raises where the program happens to be, and code outside ours may
    swallow that (lxml's C initialisation clears an exception raised while it imports: a
    tiny kit's build then ended with exit code 0 after a Ctrl-C). The build asks again before
    it replaces the kit."""
    import signal

    import codio_print.cli as cli
    from codio_print import errors

    monkeypatch.setattr(errors, "_asked", [])
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    final = tmp_path / "kit"
    with replacing(final) as work:
        (work / "casus.pdf").write_text("old")
    with pytest.raises(errors.Interrupted) as stopped:
        with replacing(final) as work:
            (work / "casus.pdf").write_text("new")
            try:
                cli._interrupted(signal.SIGTERM, None)  # the handler, as the signal lands
            except BaseException:  # noqa: BLE001 - what the library does
                pass
            finally:
                for signum, handler in handlers.items():
                    signal.signal(signum, handler)
    assert stopped.value.signum == signal.SIGTERM
    assert (final / "casus.pdf").read_text() == "old"
    assert hidden(tmp_path) == []


@pytest.mark.parametrize("which", ["kit", "scratch"])
def test_a_ctrl_c_right_after_the_hidden_folder_is_made_removes_it(tmp_path, monkeypatch,
                                                                   which):
    """The moment a test of --no-wait hit by chance (the build stopped just after mkdir):
    the signal's exception comes before the code that would remove the folder began, and an
    interrupted build left its hidden folder behind."""
    from codio_print.builder import outdir
    from codio_print.errors import Interrupted

    final = tmp_path / "arnhem"
    prefix = outdir.temp_prefix(final)
    real_mkdir = Path.mkdir

    def mkdir_then_ctrl_c(self, *args, **kwargs):
        real_mkdir(self, *args, **kwargs)
        if self.name.startswith(prefix) and (which == "kit" or any(
                p.name.startswith(prefix) and p != self for p in tmp_path.iterdir())):
            raise Interrupted(2)  # as the handler raises it, at the next line of Python

    monkeypatch.setattr(Path, "mkdir", mkdir_then_ctrl_c)
    with pytest.raises(Interrupted):
        with outdir.replacing(final) as work:
            with outdir.scratch(final):
                (work / "casus.pdf").write_bytes(b"%PDF")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(prefix)] == []
    assert not final.exists()
