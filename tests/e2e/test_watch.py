"""`codio-print watch`: a change in the workspace rebuilds what it affects, and the preview
page in a real browser follows by itself."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image

from browser import Browser, dump_dom
from kits import CLI, ROOT, PdfReader, run_cli
from helpers import alive, children
from tiny import tiny_templates, tiny_workspace

PT_PER_MM = 72 / 25.4
OVERRIDE = """{% extends "builtin/handout-6.html" %}
{% block body %}{{ super() }}<p>Vul dit samen in met de begeleider.</p>{% endblock %}
"""


def _wait_for(path: Path, proc: subprocess.Popen, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, log.read_text(encoding="utf-8")
        assert time.monotonic() < deadline, f"no {path.name}: {log.read_text(encoding='utf-8')}"
        time.sleep(0.5)


def _stop(proc: subprocess.Popen, seconds: float) -> None:
    """Ctrl-C, as a person stops watch; if it has not ended in time, kill its process group
    too, so a failing test leaves no watch running, then fail."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(seconds)
    except subprocess.TimeoutExpired:
        for pid in children(proc.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        proc.kill()
        proc.wait()
        raise


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_watch_rebuilds_what_changed_and_the_page_follows(tmp_path):
    """Both profiles, the A0 poster drawn as it is, the other pieces tiny (tiny.py): what is
    checked is what watch does with them."""
    ws = tmp_path / "ws"
    out = tmp_path / "out"
    run_cli("init", str(ws), check=True)
    tiny_templates(ws / "templates", keep={"naamkaartjes", "handout-5"})
    Image.new("RGB", (300, 100), (200, 30, 60)).save(ws / "logo.png")  # too small for A0
    theme = ws / "huisstijl.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace('logo: ""', "logo: logo.png"),
                     encoding="utf-8")
    sessie = ws / "sessie.yaml"
    assert "poster: A0" in sessie.read_text(encoding="utf-8")  # the logo warning is A0's

    log = tmp_path / "watch.log"
    with log.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen([*CLI, "watch", "--config", str(sessie), "--out", str(out)],
                                cwd=ROOT, stdout=err, stderr=err, text=True)
    browser = None
    try:
        index = out / "index.html"
        _wait_for(index, proc, log, 600)
        kit = out / "eigen-casus"
        manifest = json.loads((kit / "manifest.json").read_text(encoding="utf-8"))
        pages = sum(p["pages"] for p in manifest["pieces"])

        # The poster size from sessie.yaml, and the warning about the logo.
        poster = next(p for p in manifest["pieces"] if p["id"] == "handout-5")
        assert poster["size"] == "A0"
        box = PdfReader(kit / "screen" / "handout-5.pdf").pages[0].trimbox
        assert float(box.width) / PT_PER_MM == pytest.approx(1189, abs=0.6)  # landscape
        assert float(box.height) / PT_PER_MM == pytest.approx(841, abs=0.6)

        # The page: every page of every piece as a picture that loads, and the warning.
        dom = dump_dom(index.as_uri(), tmp_path / "profile-dom")
        thumbs = re.findall(r'<img src="preview/[^"]+\.png" alt="[^"]* page \d+">', dom)
        assert len(thumbs) == pages
        # and every page of every print file as it will print (the soft proof)
        proofs = re.findall(r'<img src="preview/[^"]+-proof-[^"]+\.png" alt="[^"]*, soft proof">',
                            dom)
        assert len(proofs) == pages and "through Artifex CMYK SWOP Profile" in dom
        assert f'data-images-loaded="{2 * pages}"' in dom  # the browser loaded every picture
        assert 'class="broken"' not in dom
        assert re.search(r"the logo logo\.png is 100 px high: on the A0 poster", dom)
        assert re.search(r"build 1 at \d\d:\d\d:\d\d in [\d.]+ s · 25 pieces, " + str(pages)
                         + " pages", dom)

        workers = children(proc.pid)  # the render workers stay from build to build
        browser = Browser(index.as_uri(), tmp_path / "profile-live")
        browser.wait_for_title("build 1", 120)
        casus_before = _sha(kit / "screen" / "casus.pdf")

        # An override of one template: only its three pieces are rendered again.
        (ws / "templates" / "handout-6.html").write_text(OVERRIDE, encoding="utf-8")
        title = browser.wait_for_title("build 2", 300)  # the open page reloaded itself
        assert title.startswith("eigen-casus · build 2")
        assert re.search(r"build 2: 3 of 25 pieces rendered", log.read_text(encoding="utf-8"))
        for letter in "abc":
            text = "".join(p.extract_text() for p in PdfReader(kit / "screen" / f"handout-6{letter}.pdf").pages)
            assert "Vul dit samen in met de begeleider." in text
        assert _sha(kit / "screen" / "casus.pdf") == casus_before
        assert workers and workers <= children(proc.pid), "the workers were started anew"
        dom = dump_dom(index.as_uri(), tmp_path / "profile-dom2")
        assert f'data-images-loaded="{2 * pages}"' in dom
        assert len(list((out / "preview").glob("*.png"))) == 2 * pages  # old ones removed
    finally:
        if browser:
            browser.close()
        _stop(proc, 60)
    assert proc.returncode == 0, log.read_text(encoding="utf-8")
    assert log.read_text(encoding="utf-8").rstrip().endswith("stopped")
    assert not [pid for pid in workers if alive(pid)]  # and end with watch
    assert not list(out.glob(".watch-tmp-*"))  # their temporary files too


def _watch_tiny_workspace(tmp_path: Path):
    """Start `watch` on the smallest kit that runs the whole build (tiny.py): its case file,
    the output folder, the log watch writes to, and the process."""
    ws, out, log = tmp_path / "ws", tmp_path / "out", tmp_path / "watch.log"
    tiny_workspace(ws)
    with log.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen([*CLI, "watch", "--config", str(ws / "sessie.yaml"), "--out",
                                 str(out)], cwd=ROOT, stdout=err, stderr=err, text=True)
    return next((ws / "cases").glob("*.yaml")), out, log, proc


def test_every_save_is_built_however_soon_it_follows_a_build(tmp_path):
    """Saved again the moment each build has said it is done (as a person who edits and
    saves quickly would): every version is built, the last one too. (watch used to stop
    looking after the third such save until its watcher started, and lost the fourth.)"""
    case, out, log, proc = _watch_tiny_workspace(tmp_path)
    text = case.read_text(encoding="utf-8")
    try:
        deadline = time.monotonic() + 600
        for version in range(1, 6):
            while f"build {version}:" not in log.read_text(encoding="utf-8"):
                assert proc.poll() is None, log.read_text(encoding="utf-8")
                assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
                time.sleep(0.01)
            if version < 5:
                case.write_text(text.replace("titel: ", f"titel: Versie {version} – ", 1),
                                encoding="utf-8")
        kit = next(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
        assert "Versie 4" in PdfReader(kit / "screen" / "casus.pdf").pages[0].extract_text()
    finally:
        _stop(proc, 120)


def test_a_file_saved_during_the_first_build_is_built_next(tmp_path):
    """The first build reads the workspace and renders for a while before the watcher
    runs: a case saved in that time is not lost, build 2 follows by itself. (The first build
    is held still while the file is saved, so that the save falls inside it.)"""
    case, out, log, proc = _watch_tiny_workspace(tmp_path)
    try:
        deadline = time.monotonic() + 600
        while not list(out.glob(".*.tmp-*")):  # the first build has read its input
            assert proc.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.002)
        os.kill(proc.pid, signal.SIGSTOP)
        try:
            assert "build 1:" not in log.read_text(encoding="utf-8"), "saved too late to test"
            text = case.read_text(encoding="utf-8")
            case.write_text(text.replace("titel: ", "titel: Tweede versie – ", 1),
                            encoding="utf-8")
        finally:
            os.kill(proc.pid, signal.SIGCONT)
        while "build 2:" not in log.read_text(encoding="utf-8"):
            assert proc.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.1)
        kit = next(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
        assert "Tweede versie" in PdfReader(kit / "screen" / "casus.pdf").pages[0].extract_text()
    finally:
        _stop(proc, 120)


def test_a_build_with_nothing_changed_leaves_the_division_file_as_it_was(tmp_path):
    """E13: every build rewrote groepsindeling.csv (its CRLF read back as LF never matched),
    and under watch that write started the next build, for ever. The second build of a
    workspace with a list, nothing changed, writes nothing there."""
    import shutil

    from codio_print.builder import pipeline
    from codio_print.inputs.settings import resolve
    from codio_print.inputs.workspace import load_session
    from helpers import edit
    from kits import DATA

    ws = tmp_path / "ws"
    sessie = tiny_workspace(ws)
    shutil.copy(DATA / "deelnemers-14.csv", ws / "deelnemers.csv")
    edit(sessie, ("deelnemers: 12", "deelnemers: deelnemers.csv"))
    pipeline.build(resolve(load_session(sessie)))
    division = ws / "groepsindeling.csv"
    first = division.read_bytes()
    os.utime(division, (1_000_000_000, 1_000_000_000))
    report = pipeline.build(resolve(load_session(sessie)))
    assert report.rendered == 0  # the kit as it was
    assert division.read_bytes() == first
    assert division.stat().st_mtime == 1_000_000_000
