"""Nothing lost: a build that is killed or interrupted at any moment leaves the previous kit
exactly as it was, and two builds into the same folder never mix their files."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import alive, bound_sockets, children, running_in_group
from kits import CLI, ROOT, run_cli
from tiny import tiny_workspace

SRC = ROOT / "src"


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_complete_kit(kit: Path) -> None:
    """The manifest lists every PDF with its checksum, and nothing else is there."""
    manifest = json.loads((kit / "manifest.json").read_text(encoding="utf-8"))
    files = snapshot(kit)
    listed = {f["file"]: f["sha256"] for p in manifest["pieces"] for f in p["files"].values()}
    listed |= {e["file"]: e["sha256"] for e in manifest["extra"]}  # the print shop's zip
    assert set(files) == set(listed) | {"manifest.json", ".codio-print"}  # + the tool's mark
    for name, digest in listed.items():
        assert files[name] == digest, name


def hidden_folders(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.is_dir() and p.name.startswith("."))


CASE = "eigen-casus"  # the case of a new workspace


@pytest.fixture(autouse=True)
def _with_libreoffice(libreoffice):
    """A build is killed while LibreOffice converts too: it runs in these builds."""


@pytest.fixture
def tiny(tmp_path) -> Path:
    """The smallest kit that runs every step of a build (tiny.py): its sessie.yaml."""
    return tiny_workspace(tmp_path / "ws")


def start_build(session: Path, out: Path, tmp: Path | None = None, *extra: str,
                **kwargs) -> subprocess.Popen:
    """A build in the background that Ctrl-C (SIGINT) can interrupt, even where the test
    itself runs with SIGINT ignored (a background job of a shell). ``--force``: a build with
    nothing changed would not write a new kit at all, and there would be nothing to kill.
    ``tmp``: its temp folder (TMPDIR)."""
    env = {**os.environ, "TMPDIR": str(tmp)} if tmp else None
    return subprocess.Popen([*CLI, "build", "--config", str(session), "--force", "--out",
                             str(out), *extra], cwd=ROOT, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
                            **kwargs)


EXIT = {signal.SIGKILL: {-signal.SIGKILL}, signal.SIGINT: {130}, signal.SIGTERM: {143}}
KILLS = 20


def pdfs_in(folder: Path) -> int:
    """The PDFs a build has written into its hidden folder so far (its scratch folder, of
    the same prefix, comes and goes while it is looked at)."""
    try:
        return len(list(folder.glob("*/*.pdf")))
    except OSError:
        return 0


def wait_for(condition, proc: subprocess.Popen) -> None:
    """Poll until ``condition()`` or the process has ended (often: the moments between a
    tiny kit's last PDF and its swap are short)."""
    while proc.poll() is None and not condition():
        time.sleep(0.002)


def hidden(out: Path) -> set[Path]:
    return set(out.glob(f".{CASE}.tmp-*"))


def test_killed_builds_never_leave_a_partial_kit(tiny, tmp_path):
    out = tmp_path / "out"
    tmp = tmp_path / "tmp"  # the builds' TMPDIR: empty again at the end
    tmp.mkdir()
    run_cli("build", "--config", str(tiny), "--out", str(out), "--strict", check=True,
            env={"TMPDIR": str(tmp)})
    kit = out / CASE
    assert_complete_kit(kit)
    previous = snapshot(kit)

    rng = random.Random(20260312)
    signals = [signal.SIGKILL, signal.SIGINT, signal.SIGTERM]
    left_behind = False
    orphans: set[int] = set()  # workers of builds killed with SIGKILL
    kills = attempts = 0
    while kills < KILLS:
        attempts += 1
        assert attempts <= 3 * KILLS, f"only {kills} of {attempts} builds were still running"
        stale = hidden(out)  # left by earlier kills
        proc = start_build(tiny, out, tmp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if kills % 2 == 0:  # a random moment while it starts, reads and renders the HTML
            began, moment = time.monotonic(), rng.uniform(0, 1)
            wait_for(lambda: time.monotonic() - began > moment, proc)
        else:  # a random moment while it writes the new kit
            pdfs = rng.randint(0, 3)
            wait_for(lambda: any(pdfs_in(t) >= pdfs for t in hidden(out) - stale), proc)
        sig = signals[kills % 3]
        if sig == signal.SIGKILL:
            orphans |= children(proc.pid)
        if proc.poll() is None:
            proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
        err = err.decode()
        assert "Traceback" not in err and "Exception ignored" not in err, err
        if proc.returncode == 0:  # it had finished before the signal came: no kill
            assert snapshot(kit) == previous  # the same kit again: builds are reproducible
            continue
        kills += 1
        if sig != signal.SIGKILL and proc.returncode == -sig:  # before Python ran a line:
            assert err == "", (sig, err)  # nothing said, nothing written
        else:
            assert proc.returncode in EXIT[sig], (sig, proc.returncode, err)
        if proc.returncode > 0:  # stopped: one line says so, and it is the last, and true
            assert err.strip().splitlines()[-1] in (
                "interrupted: nothing was changed",  # before the build knew its kit
                "interrupted: the previous kit, if any, is unchanged",
                f"interrupted: the new kit is already in {kit}/"), err  # just after the swap
        # Either untouched, or (had it finished) the same kit again: builds are reproducible.
        assert kit.is_dir(), f"kill {kills}: the kit is gone"
        assert snapshot(kit) == previous, f"kill {kills}: the kit changed"
        assert [p for p in out.iterdir() if not p.name.startswith(".")] == [kit]
        left_behind = left_behind or bool(hidden(out))  # SIGKILL: no clean-up

    # The workers of a killed build notice and end by themselves.
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in orphans) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in orphans if alive(pid)], "render workers outlived their build"

    # Two builds at once: one waits for the other; afterwards one complete kit, no leftovers.
    assert left_behind, "no kill hit a build while it wrote the new kit"
    stale = hidden(out)
    first = start_build(tiny, out, tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                        text=True)
    second = None
    try:
        wait_for(lambda: hidden(out) - stale, first)  # it holds the lock ...
        os.kill(first.pid, signal.SIGSTOP)  # ... and keeps it until the second one waits
        assert first.poll() is None, "the first build ended before the second could start"
        second = start_build(tiny, out, tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
        said = ""
        while "another build" not in said and (line := second.stderr.readline()):
            said += line  # the lines it says until it waits (or ends)
    finally:
        os.kill(first.pid, signal.SIGCONT)
    assert "another build is writing" in said and "waiting" in said, said
    first_err = first.communicate(timeout=600)[1]
    second_err = said + second.communicate(timeout=600)[1]
    assert first.returncode == 0, first_err
    assert second.returncode == 0, second_err
    assert_complete_kit(kit)
    assert snapshot(kit) == previous
    assert hidden_folders(out) == []  # the half-written folders of the killed builds are gone
    assert list(tmp.iterdir()) == []  # and nothing is left in the temp folder


def test_no_wait_says_another_build_is_running(tiny, tmp_path):
    out = tmp_path / "out"
    first = start_build(tiny, out, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                        text=True)
    try:
        wait_for(lambda: hidden(out), first)  # it holds the lock: stop it there
        os.kill(first.pid, signal.SIGSTOP)
        assert first.poll() is None, "the first build ended before the test could start"
        second = run_cli("build", "--config", str(tiny), "--force", "--out", str(out),
                         "--no-wait")
    finally:
        first.send_signal(signal.SIGINT)  # delivered as it goes on: before it can finish
        os.kill(first.pid, signal.SIGCONT)
        first_err = first.communicate(timeout=120)[1]
    assert second.returncode == 1
    lines = second.stderr.strip().splitlines()
    assert lines[-1] == (f"error: another build is writing {out / CASE}/ right now — "
                         "wait until it has finished, or build into another --out folder")
    assert first.returncode == 130
    assert first_err.strip().splitlines()[-1].startswith("interrupted")
    assert not (out / CASE).exists()  # interrupted before the end: no kit at all
    assert hidden_folders(out) == []  # Ctrl-C removes its own half-written folder


# The swap itself lasts microseconds: kill a small writer many times to hit it too.
WRITER = """
import sys, time
from pathlib import Path

import pytest
from codio_print.builder.outdir import replacing
out, version = Path(sys.argv[1]), sys.argv[2]
with replacing(out / "kit") as work:
    for i in range(25):
        (work / f"piece-{i}.pdf").write_bytes(version.encode() * 4096)
        time.sleep(0.004)
    (work / "manifest.json").write_text(version)
"""


def test_killed_writer_leaves_old_or_new_kit_never_a_mix(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = tmp_path / "out"

    def start(version: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-c", WRITER, str(out), version], env=env)

    start("v0").wait()
    rng = random.Random(7)
    kit = out / "kit"
    current = "v0"
    for i in range(30):
        version = f"v{i + 1}"
        proc = start(version)
        time.sleep(rng.uniform(0.05, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        found = (kit / "manifest.json").read_text()
        assert found in (current, version), f"kill {i}: {found}"
        pdfs = sorted(kit.glob("*.pdf"))
        assert len(pdfs) == 25 and len(list(kit.iterdir())) == 27  # + manifest and mark
        assert all(f.read_bytes() == found.encode() * 4096 for f in pdfs), f"kill {i}: a mix"
        current = found
    start("final").wait()
    assert (kit / "manifest.json").read_text() == "final"
    assert hidden_folders(out) == []


def test_builds_leave_nothing_in_the_temp_folder(tiny, tmp_path):
    """A build, a failed build and an interrupted one: TMPDIR is as empty as before (WeasyPrint
    copies the fonts of every document into it), and no process is left running."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "out"
    env = {"TMPDIR": str(tmp)}
    run_cli("build", "--config", str(tiny), "--out", str(out), check=True, env=env)
    assert list(tmp.iterdir()) == []
    failed = run_cli("build", "--config", str(tiny), "--out", str(out), "--participants",
                     str(ROOT / "tests/bad/text-too-long-for-box/deelnemers.csv"), env=env)
    assert failed.returncode == 1 and "does not fit its box" in failed.stderr
    assert list(tmp.iterdir()) == [] and hidden_folders(out) == []
    # A real kit, so that its renders take seconds: stopped while they run.
    proc = subprocess.Popen([*CLI, "build", "--case", "arnhem", "--profile", "screen", "--out",
                             str(out)], cwd=ROOT, env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: len(children(proc.pid)) >= 2, proc)  # rendering
    workers = children(proc.pid)
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    err = proc.communicate(timeout=120)[1]
    assert proc.returncode == 143, err
    assert err.strip().splitlines()[-1] == "interrupted: the previous kit, if any, is unchanged"
    assert list(tmp.iterdir()) == [] and hidden_folders(out) == []
    assert workers and not [pid for pid in workers if alive(pid)]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice missing")
def test_a_build_killed_while_libreoffice_converts_leaves_no_libreoffice_running(tiny,
                                                                                tmp_path):
    """LibreOffice converts the slides while the PDFs render. A SIGKILL of the build then
    leaves LibreOffice without the build that would stop it: it is stopped all the same, and
    the next build removes the folder it wrote in."""
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    tmp.mkdir()
    proc = start_build(tiny, out, tmp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # a first build has no .odp to keep: wait until LibreOffice itself writes its profile
    wait_for(lambda: any(out.glob(f".{CASE}.tmp-*/codio-lo-*/profile")), proc)
    sockets: set[str] = set()

    def has_its_pipe() -> bool:  # the socket LibreOffice makes in /tmp, whatever TMPDIR says
        sockets.update(bound_sockets(q for p in children(proc.pid) for q in running_in_group(p)))
        return bool(sockets)

    wait_for(has_its_pipe, proc)
    assert proc.poll() is None, "the build ended before LibreOffice started"
    started = children(proc.pid)
    proc.kill()
    proc.communicate(timeout=60)
    deadline = time.monotonic() + 30
    while (any(running_in_group(p) or alive(p) for p in started)
           or any(os.path.lexists(s) for s in sockets)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [p for p in started if running_in_group(p) or alive(p)] == []
    assert [s for s in sockets if os.path.lexists(s)] == []
    # Stopped, not left to finish: it would have needed about two seconds more.
    assert not list(out.glob(f".{CASE}.tmp-*/codio-lo-*/out/*")), "LibreOffice went on"
    run_cli("build", "--config", str(tiny), "--out", str(out), check=True,
            env={"TMPDIR": str(tmp)})
    assert hidden_folders(out) == [] and list(tmp.iterdir()) == []
