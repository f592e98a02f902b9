"""The bad-input corpus (tests/bad/): every mistake gives one line `file:line: what — fix`,
exit code 1, no traceback, and leaves the previous kit in the output folder as it was."""

from __future__ import annotations

import hashlib
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bad.corpus import Entry, Outcome, entries, needs_home, run
from tiny import tiny_templates


ENTRIES = entries()
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _run_with_previous_kit(entry: Entry, work: Path) -> tuple[Outcome, dict | None]:
    """Put a previous kit where the build would write, then run the entry."""
    previous = None
    case = entry.case
    if ID.match(case):
        kit = work / "out" / case
        kit.mkdir(parents=True)
        (kit / "manifest.json").write_text('{"case": "%s", "pieces": []}\n' % case)
        (kit / "casus.pdf").write_bytes(b"%PDF-1.7 the previous kit\n")
        (kit / ".codio-print").write_text("codio-print kit\n")  # a kit this tool wrote
        previous = _snapshot(kit)
    return run(entry, work), previous


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, tuple[Outcome, dict | None]]:
    """All entries: those that need a copy of the project run as processes, two at a time;
    then the others in this process (incli.py), one after the other (not beside the threads:
    a run here may fork render workers, and a fork beside other threads is not safe).

    The folders are made here, before the threads: pytest's tmp_path_factory is not
    thread-safe (the first two calls in a fresh xdist worker can both empty the worker's
    base folder, removing the other thread's copy while it is being written)."""
    works = {entry.name: tmp_path_factory.mktemp(entry.name) for entry in ENTRIES}

    def one(entry: Entry):
        return entry.name, _run_with_previous_kit(entry, works[entry.name])

    with ThreadPoolExecutor(max_workers=2) as pool:
        found = dict(pool.map(one, [e for e in ENTRIES if needs_home(e)]))
    return found | dict(one(e) for e in ENTRIES if not needs_home(e))


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_one_clean_line(entry: Entry, outcomes):
    outcome, previous = outcomes[entry.name]
    proc = outcome.proc
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(outcome.error_lines) == 1, proc.stderr
    assert outcome.shown == outcome.expected
    assert " — " in outcome.shown  # what is wrong — how to fix it


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_previous_kit_untouched(entry: Entry, outcomes):
    outcome, previous = outcomes[entry.name]
    out = outcome.out
    if previous is None:  # an invalid case id: nothing may be written anywhere
        assert not out.exists() or not any(out.rglob("*.pdf"))
        return
    kit = out / entry.case
    assert _snapshot(kit) == previous
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".") and p.is_dir()]
    assert leftovers == []


def test_corpus_covers_the_issue():
    """The mistakes issue 7 lists are all in the corpus."""
    names = {e.name for e in ENTRIES}
    assert {"yaml-syntax", "wrong-type", "missing-field", "unknown-fundament",
            "unknown-principle", "unknown-value", "duplicate-id", "unknown-case",
            "case-id-dotdot", "case-id-absolute", "case-file-id-dotdot", "not-utf8",
            "template-syntax", "template-undefined", "css-error", "missing-logo",
            "logo-not-an-image", "image-too-large", "remote-url-template", "remote-url-css",
            "file-url-outside", "text-too-long-for-box", "template-sandbox",
            "session-path-outside", "session-case-dotdot"} <= names


DEBUG_KINDS = ["missing-field", "case-id-dotdot", "template-undefined", "remote-url-template"]


@pytest.mark.parametrize("name", DEBUG_KINDS)
def test_debug_shows_the_traceback(name, tmp_path):
    """--debug: the same error with Python's traceback, for each kind of error."""
    entry = next(e for e in ENTRIES if e.name == name)
    outcome = run(entry, tmp_path, "--debug", process=True)
    assert outcome.proc.returncode != 0
    assert "Traceback (most recent call last)" in outcome.proc.stderr
    error_type = {"missing-field": "ContentError", "case-id-dotdot": "InputError",
                  "template-undefined": "TemplateError",
                  "remote-url-template": "RenderError"}[name]
    assert error_type in outcome.proc.stderr


def test_corpus_script_prints_one_line_per_entry():
    """`python tests/bad/corpus.py` is how a person reads the corpus: one line per entry."""
    import subprocess
    import sys

    script = Path(__file__).parent.parent / "bad" / "corpus.py"
    proc = subprocess.run([sys.executable, str(script), "unknown-case", "missing-field"],
                          capture_output=True, text=True, timeout=300)
    lines = proc.stdout.splitlines()
    assert proc.returncode == 0, proc.stdout
    assert len(lines) == 2 and all(line.startswith("ok ") for line in lines)
    assert "'titel' is missing" in lines[0]


def test_without_strict_a_css_mistake_is_a_warning_naming_its_file(tmp_path):
    entry = next(e for e in ENTRIES if e.name == "css-error")
    entry = Entry(entry.name, entry.folder, entry.about,
                  [a for a in entry.args if a != "--strict"], entry.message, entry.edits)
    # every piece in the smallest form (tiny.py): each links the workspace's stylesheet
    outcome = run(entry, tmp_path, prepared=lambda copy: tiny_templates(
        copy / "workspace" / "templates"))
    assert outcome.proc.returncode == 0, outcome.proc.stderr
    warnings = [line for line in outcome.proc.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 25  # the workspace's stylesheet is linked by every piece
    assert warnings[0] == ("warning: entry/workspace/templates/css/eigen.css:2: Ignored "
                           "`colr: #154273`, unknown property (in casus)")
    assert (outcome.out / "arnhem" / "manifest.json").is_file()
