"""Incremental and parallel builds: only what changed is rendered, and the pool changes nothing.

What a change renders again is asked of the real templates (``home``, ``built``); whether a
build renders, reuses, warns or answers at once is asked of the smallest kit that runs every
step of a build (tiny.py: ``tiny``, ``built_tiny``, ``workspace``)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from codio_print import paths
from kits import ARNHEM_SCREEN_13, run_cli
from tiny import tiny_home, tiny_templates



@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """A private copy of content/ and templates/ to edit (CODIO_PRINT_HOME)."""
    root = tmp_path_factory.mktemp("home")
    for folder in ("content", "templates"):
        shutil.copytree(paths.ROOT / folder, root / folder)
    return root


@pytest.fixture(scope="module")
def built(kits) -> tuple[Path, tuple]:
    """The shared screen kit of arnhem, built by two render processes (kits.py), and what
    its build said: tests that only need a kit to start from copy it (mtimes kept, so it is
    up to date) instead of building it cold. ``home`` is a copy of the same content, so a
    build from it finds the copy up to date."""
    kit = kits.get(ARNHEM_SCREEN_13).kit
    return kit.folder.parent, _said(kit.proc)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """A copy of content/ and templates/ with tiny piece templates (tiny.py), to edit."""
    return tiny_home(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="module")
def built_tiny(tiny, tmp_path_factory) -> tuple[Path, tuple]:
    """The screen kit of ``tiny``, built once for the module, and what its build said."""
    out = tmp_path_factory.mktemp("built-tiny") / "out"
    return out, _build(tiny, out)


def _start_from(built: tuple[Path, tuple], out: Path) -> None:
    """``out`` holds one of the module's kits, as if it had been built there."""
    shutil.copytree(built[0], out, symlinks=True)


PEOPLE = ("--participants", "13")  # as in the shared kit the real tests start from


def _build(home: Path, out: Path, *args: str):
    proc = run_cli("build", "--case", "arnhem", "--profile", "screen", "--out", str(out),
                   *PEOPLE, *args, env={"CODIO_PRINT_HOME": str(home)})
    assert proc.returncode == 0, proc.stderr
    return _said(proc)


def _said(proc) -> tuple[int, int, set[str]]:
    """What a build said: how many outputs it rendered and kept, and the pieces rendered."""
    counts = re.search(r"(\d+) rendered, (\d+) up to date", proc.stdout)
    rendered = {re.sub(r" \(\w+\)$", "", line.split("] ", 1)[1])  # "code (screen)"
                for line in proc.stderr.splitlines() if "] " in line}
    return int(counts[1]), int(counts[2]), rendered


def _files(kit: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((kit / "screen").glob("*.pdf"))}


def test_second_build_renders_nothing_and_a_change_renders_only_its_pieces(home, built,
                                                                           tmp_path):
    out = tmp_path / "out"
    assert built[1][:2] == (25, 0)  # the first build of the kit rendered every piece
    _start_from(built, out)
    before = _files(out / "arnhem")
    manifest = (out / "arnhem" / "manifest.json").read_bytes()

    again = _build(home, out)
    assert again == (0, 25, set())                       # nothing rendered ...
    assert (out / "arnhem" / "manifest.json").read_bytes() == manifest  # ... nothing rewritten

    code = home / "content" / "code.yaml"
    text = code.read_text(encoding="utf-8")
    entry = text.index("id: betwistbaarheid")
    first = text.index("uitleg: >-\n", entry) + len("uitleg: >-\n")
    indent = text[first:].index(text[first:].lstrip())  # the explanation's own indentation
    code.write_text(text[:first] + " " * indent + "Nieuw: u kunt altijd bezwaar maken.\n"
                    + text[first:], encoding="utf-8")
    try:
        rendered, up_to_date, names = _build(home, out)
    finally:
        code.write_text(text, encoding="utf-8")
    # The value's explanation is printed in the code, rechtsstaat's group card and its poster.
    assert names == {"code", "handout-1b", "poster-rechtsstaat"}
    assert (rendered, up_to_date) == (3, 22)
    after = _files(out / "arnhem")
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"code.pdf", "handout-1b.pdf", "poster-rechtsstaat.pdf"}


def test_force_renders_everything(tiny, built_tiny, tmp_path):
    out = tmp_path / "out"
    _start_from(built_tiny, out)  # then a build with nothing to do, as a second build
    assert _build(tiny, out)[:2] == (0, 25)
    assert _build(tiny, out, "--force")[:2] == (25, 0)


def test_broken_cache_means_a_full_rebuild_not_an_error(tiny, built_tiny, tmp_path):
    out = tmp_path / "out"
    _start_from(built_tiny, out)  # then a build with nothing to do, as a second build
    _build(tiny, out)
    kit = out / "arnhem"
    (kit / "screen" / "casus.pdf").write_bytes(b"not a pdf")   # a damaged output ...
    rendered, _, names = _build(tiny, out)
    assert names == {"casus"} and rendered == 1                # ... is rendered again
    (kit / "manifest.json").write_text("{ kapot", encoding="utf-8")  # a damaged manifest ...
    assert _build(tiny, out)[:2] == (25, 0)                   # ... means a full rebuild


def test_help_cases_and_noop_build_do_not_import_weasyprint(tiny, built_tiny, tmp_path):
    out = tmp_path / "out"
    _start_from(built_tiny, out)  # then a build with nothing to do, as a second build
    _build(tiny, out)
    env = {**os.environ, "CODIO_PRINT_HOME": str(tiny)}
    for args in (["--help"], ["cases"],
                 ["build", "--case", "arnhem", "--profile", "screen", "--out", str(out),
                  *PEOPLE]):
        proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "codio_print", *args],
                              capture_output=True, text=True, env=env, timeout=120)
        assert proc.returncode == 0, proc.stderr
        imported = [line for line in proc.stderr.splitlines() if line.startswith("import time:")]
        assert imported and not any("weasyprint" in line for line in imported), args


def test_editing_one_template_renders_only_its_pieces(home, built, tmp_path):
    out = tmp_path / "out"
    _start_from(built, out)  # then a build with nothing to do, as a second build
    _build(home, out)
    template = home / "templates" / "handout-6.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace('<h1>{{ t("handout-6.titel") }}',
                                     "<h1>Waarden bij vergelijkbare diensten"), encoding="utf-8")
    try:
        rendered, _, names = _build(home, out)
    finally:
        template.write_text(text, encoding="utf-8")
    assert names == {"handout-6a", "handout-6b", "handout-6c"} and rendered == 3


@pytest.fixture
def workspace(tmp_path) -> Path:
    """A new workspace, screen only, with tiny templates (tiny.py)."""
    from codio_print.scaffold.workspace import init

    ws = tmp_path / "ws"
    init(ws)
    tiny_templates(ws / "templates")
    session = ws / "sessie.yaml"
    text = session.read_text(encoding="utf-8")
    assert "profiel: all" in text  # the whole kit unless the organiser chooses
    session.write_text(text.replace("profiel: all", "profiel: screen"), encoding="utf-8")
    return ws


def test_a_piece_kept_by_a_partial_build_is_rendered_by_the_next_full_one(workspace, tmp_path):
    """Item 4 of issue 11: watch renders only what it thinks changed; the pieces it keeps keep
    the key they were rendered with, so a later plain build renders them if they changed."""
    from codio_print.builder.pipeline import build
    from codio_print.inputs.settings import Settings

    settings = Settings(case="eigen-casus", workspace=workspace, out=tmp_path / "out",
                        profile="screen")
    assert build(settings).rendered == 25
    case = workspace / "cases" / "eigen-casus.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("Naam van de dienst",
                                                             "Nieuwe naam van de dienst"),
                    encoding="utf-8")
    partial = build(settings, only=frozenset({"casus"}))
    assert partial.rendered == 1
    full = build(settings)
    assert full.rendered == 24  # every piece shows the title: all but casus were stale
    text = _text(tmp_path / "out" / "eigen-casus" / "screen" / "code.pdf")
    assert "Nieuwe naam van de dienst" in text


def _text(pdf: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)


def test_warnings_are_shown_again_and_strict_fails_on_an_up_to_date_kit(workspace, tmp_path):
    """Item 5 of issue 11: a piece's warnings are kept with it in the manifest."""
    (workspace / "templates" / "css" / "eigen.css").write_text("h1 { colr: red; }\n")
    out = tmp_path / "out"
    args = ("build", "--config", str(workspace / "sessie.yaml"), "--out", str(out))
    first = run_cli(*args)
    assert first.returncode == 0, first.stderr
    warning = [line for line in first.stderr.splitlines() if "colr" in line]
    assert warning and warning[0].startswith("warning: ") and "eigen.css:1" in warning[0]
    again = run_cli(*args)
    assert "0 rendered, 25 up to date" in again.stdout
    assert [line for line in again.stderr.splitlines() if "colr" in line] == warning
    strict = run_cli(*args, "--strict")
    assert strict.returncode == 1
    assert strict.stderr.strip().splitlines()[-1].startswith("error: ")
    assert "colr" in strict.stderr and "--strict" in strict.stderr
    fresh = run_cli(*args, "--strict", "--force")
    assert fresh.returncode == 1 and "--strict" in fresh.stderr
    assert "] " not in fresh.stderr  # it stopped at the first warning, before any other piece


def test_the_session_files_profile_is_honoured_and_the_option_wins(workspace, tmp_path):
    """Item 3 of issue 11: sessie.yaml's profiel was ignored (--profile's default won)."""
    out = tmp_path / "out"
    args = ("build", "--config", str(workspace / "sessie.yaml"), "--out", str(out))
    screen = run_cli(*args)
    assert screen.returncode == 0, screen.stderr
    kit = out / "eigen-casus"
    assert (kit / "screen").is_dir() and not (kit / "print").exists()
    assert "(screen; 25 rendered" in screen.stdout
    printed = run_cli(*args, "--profile", "print")
    assert printed.returncode == 0, printed.stderr
    assert (kit / "print").is_dir() and not (kit / "screen").exists()


# --- issue 17: the quick answer to a build with nothing to do -------------------------------

def _imports(home: Path, out: Path, *extra: str) -> tuple[subprocess.CompletedProcess, str]:
    env = {**os.environ, "CODIO_PRINT_HOME": str(home)}
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "codio_print", "build",
                           "--case", "arnhem", "--profile", "screen", "--out", str(out),
                           *PEOPLE, *extra], capture_output=True, text=True, env=env,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc, "\n".join(line for line in proc.stderr.splitlines()
                           if line.startswith("import time:"))


def test_a_build_with_nothing_to_do_answers_before_importing_the_heavy_modules(tiny,
                                                                              built_tiny,
                                                                              tmp_path):
    out = tmp_path / "out"
    _start_from(built_tiny, out)  # then a build with nothing to do, as a second build
    _build(tiny, out)
    proc, imported = _imports(tiny, out)
    assert "0 rendered, 25 up to date" in proc.stdout
    for heavy in ("typer", "pydantic", "jinja2", "fontTools", "weasyprint", "yaml"):
        assert f" {heavy}\n" not in imported + "\n" and f" {heavy}." not in imported, heavy


@pytest.mark.parametrize("change", ["case text", "touched only", "kit file gone",
                                    "new template"])
def test_the_quick_answer_notices_what_changed(tiny, built_tiny, tmp_path, change):
    out = tmp_path / "out"
    _start_from(built_tiny, out)  # then a build with nothing to do, as a second build
    _build(tiny, out)
    _imports(tiny, out)  # the record of a build with nothing to do
    home = tiny
    case = home / "content" / "cases" / "arnhem.yaml"
    text = case.read_text(encoding="utf-8")
    try:
        if change == "case text":
            case.write_text(text.replace("titel: ", "titel: Nieuw - ", 1), encoding="utf-8")
        elif change == "touched only":
            os.utime(case, ns=(case.stat().st_atime_ns, case.stat().st_mtime_ns + 10**9))
        elif change == "kit file gone":
            (out / "arnhem" / "screen" / "code.pdf").unlink()
        else:
            (home / "templates" / "losse-notitie.html").write_text("{{ 1 }}")
        proc, imported = _imports(home, out)
    finally:
        case.write_text(text, encoding="utf-8")
        (home / "templates" / "losse-notitie.html").unlink(missing_ok=True)
    quick = "typer" not in imported
    assert quick == (change == "touched only"), (change, proc.stdout)
    if change in ("case text", "kit file gone"):
        assert "0 rendered" not in proc.stdout


def _mark_zip(kit: Path, *, made_here: bool = True) -> None:
    """Add an entry to the kit's drukwerk.zip, keeping its comment (its key), and record the
    new bytes in the manifest as if the build had written them (``made_here``: on this
    machine, else as another's build): a zip that is taken as it is keeps the mark, one that
    is made again loses it."""
    import hashlib
    import zipfile

    from codio_print.builder import cache

    path = kit / "drukwerk.zip"
    with zipfile.ZipFile(path) as old:
        entries = [(i, old.read(i)) for i in old.infolist()]
        comment = old.comment
    with zipfile.ZipFile(path, "w") as new:
        new.comment = comment
        for info, data in entries:
            new.writestr(info, data)
        new.writestr("mark.txt", "kept")
    record = json.loads((kit / "manifest.json").read_text(encoding="utf-8"))
    for extra in record["extra"]:
        if extra["file"] == "drukwerk.zip":
            extra["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (kit / "manifest.json").write_text(json.dumps(record), encoding="utf-8")
    if made_here:
        cache.remember(hashlib.sha256((kit / "manifest.json").read_bytes()).hexdigest())


def _zip_names(kit: Path) -> list[str]:
    import zipfile

    with zipfile.ZipFile(kit / "drukwerk.zip") as archive:
        return archive.namelist()


def test_the_job_sheet_and_zip_are_made_again_only_when_what_they_hold_changes(tiny, tmp_path):
    home = tiny
    out = tmp_path / "out"
    kit = out / "arnhem"

    def build(*args: str) -> None:
        proc = run_cli("build", "--case", "arnhem", "--profile", "print", "--out", str(out),
                       *args, env={"CODIO_PRINT_HOME": str(home)})
        assert proc.returncode == 0, proc.stderr

    build()
    _mark_zip(kit, made_here=False)  # a kit handed on: its zip is not taken, key or not
    build()
    assert "mark.txt" not in _zip_names(kit), "a zip this machine did not make was kept"
    _mark_zip(kit)
    build("--facilitator", "Anna de Vries")  # the run sheet changes, no file of the shop
    assert "mark.txt" in _zip_names(kit), "the zip was made again though nothing in it changed"
    build("--facilitator", "Anna de Vries", "--reference", "PO-2026-118")  # the job sheet
    assert "mark.txt" not in _zip_names(kit)
    import zipfile

    with zipfile.ZipFile(kit / "drukwerk.zip") as archive:
        assert json.loads(archive.read("printopdracht.json"))["order"]["reference"] == "PO-2026-118"
    _mark_zip(kit)
    poster = home / "templates" / "poster.html"
    original = poster.read_text(encoding="utf-8")
    poster.write_text(original.replace("{% block body %}", "{% block body %}<!-- a change -->",
                                       1), encoding="utf-8")
    try:
        build("--facilitator", "Anna de Vries", "--reference", "PO-2026-118")  # shop files
    finally:
        poster.write_text(original, encoding="utf-8")
    assert "mark.txt" not in _zip_names(kit)
