"""The bad-input corpus: each folder here is one mistake a user can make, with the one line
codio-print must answer. ``python tests/bad/corpus.py [NAME ...]`` shows each entry's line
and checks it (the lines are the English ones); ``--taal nl`` shows them in Dutch instead,
without a check.

An entry folder holds ``expect.yaml``:

    about:   what the user got wrong (for people reading the corpus)
    args:    the command line after ``codio-print`` (``--out`` is added)
    edit:    optional list of {file, find, replace}: text edits on a copy of content/ and
             templates/ (the copy is the CODIO_PRINT_HOME of the run); {line} in the
             message stands for the line of the (last) edit
    message: the expected error line without 'error: '. The run's current folder holds
             home/ (the copy of the project) and entry/ (the copy of this folder), so
             messages name files as home/... and entry/...; absolute paths of the copy of
             this folder are written <entry>.

and optionally ``home/`` (files laid over the copy of the project, e.g. a case file),
``workspace/`` (an organisation's workspace: sessie.yaml, huisstijl.yaml, templates/; the
args name it with --config <entry>/workspace) and other files the args name as
<entry>/file. In the workspace's files, <entry> is replaced by the copy's path, so that a
template can name a file of the entry by its absolute URL.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SRC = ROOT / "src"
OWN = SRC / "codio_print"  # codio-print's own content/ and templates/


@dataclass
class Entry:
    name: str
    folder: Path
    about: str
    args: list[str]
    message: str
    edits: list[dict]

    @property
    def case(self) -> str:
        """The case the build is for: --case, else the workspace's sessie.yaml."""
        if "--case" in self.args:
            return self.args[self.args.index("--case") + 1]
        session = yaml.safe_load((self.folder / "workspace" / "sessie.yaml").read_text())
        return session["casus"]

    @classmethod
    def load(cls, folder: Path) -> "Entry":
        spec = yaml.safe_load((folder / "expect.yaml").read_text(encoding="utf-8"))
        return cls(folder.name, folder, spec["about"], [str(a) for a in spec["args"]],
                   spec["message"], spec.get("edit", []))


@dataclass
class Outcome:
    entry: Entry
    proc: subprocess.CompletedProcess
    home: Path
    copy: Path
    out: Path
    expected: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.proc.stderr.splitlines() if line.startswith("error:")]

    @property
    def shown(self) -> str:
        """The error line, the absolute path of the entry's copy written as <entry>."""
        lines = self.error_lines
        text = lines[-1].removeprefix("error: ") if lines else ""
        return text.replace(str(self.copy), "<entry>")


def entries() -> list[Entry]:
    return [Entry.load(p) for p in sorted(HERE.iterdir()) if (p / "expect.yaml").is_file()]


def needs_home(entry: Entry) -> bool:
    """The entry changes codio-print's own content or templates (a copy of them)."""
    return bool(entry.edits) or (entry.folder / "home").is_dir()


def prepare(entry: Entry, work: Path) -> tuple[Path, Path, str]:
    """A copy of the entry, and of the project with the entry's files and edits if it needs
    one; the expected message."""
    home = work / "home"
    if needs_home(entry):
        for folder in ("content", "templates"):
            shutil.copytree(OWN / folder, home / folder)
    copy = work / "entry"
    shutil.copytree(entry.folder, copy)
    if (copy / "home").is_dir():
        shutil.copytree(copy / "home", home, dirs_exist_ok=True)
    for path in (copy / "workspace").rglob("*") if (copy / "workspace").is_dir() else ():
        if path.suffix in (".html", ".css", ".yaml"):
            path.write_text(path.read_text(encoding="utf-8").replace("<entry>", str(copy)),
                            encoding="utf-8")
    line = None
    for edit in entry.edits:
        target = home / edit["file"]
        text = target.read_text(encoding="utf-8")
        assert text.count(edit["find"]) >= 1, f"{entry.name}: '{edit['find']}' not in {target}"
        at = text.index(edit["find"])
        line = text.count("\n", 0, at) + 1
        target.write_text(text[:at] + edit["replace"] + text[at + len(edit["find"]):],
                          encoding="utf-8")
    expected = entry.message.replace("{line}", str(line)) if line else entry.message
    return home, copy, expected


def run(entry: Entry, work: Path, *extra: str, process: bool = False,
        prepared=None) -> Outcome:
    """Run the entry in ``work``: in this process when it needs no copy of the project (its
    home is read when codio-print is imported), else, or with ``process``, as a process of
    its own. ``prepared(copy)`` may change the entry's copy before the run."""
    home, copy, expected = prepare(entry, work)
    if prepared:
        prepared(copy)
    out = work / "out"
    args = [*extra, *(a.replace("<entry>", str(copy)) for a in entry.args), "--out", str(out)]
    if process or needs_home(entry):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC),
                                                            os.environ.get("PYTHONPATH", "")])}
        if needs_home(entry):
            env["CODIO_PRINT_HOME"] = str(home)
        proc = subprocess.run([sys.executable, "-m", "codio_print", *args],
                              capture_output=True, text=True, cwd=work, env=env, timeout=300)
    else:
        from incli import run_here

        proc = run_here(*args, cwd=work)
    return Outcome(entry, proc, home, copy, out, expected)


def main(names: list[str]) -> int:
    """Run the named entries (all without names) and print one line for each: checked, in
    English; with ``--taal nl`` (or en) as they read in that language, unchecked."""
    import tempfile

    language = None
    if "--taal" in names:
        at = names.index("--taal")
        language, names = names[at + 1], names[:at] + names[at + 2:]
    os.environ["LANGUAGE"] = "en"  # the expected lines are English, whatever the locale
    failures = 0
    for entry in entries():
        if names and entry.name not in names:
            continue
        if language:
            with tempfile.TemporaryDirectory() as work:
                outcome = run(entry, Path(work), "--taal", language)
            last = outcome.proc.stderr.strip().splitlines()[-1:] or [""]
            print(f"{entry.name:<24} {last[0].replace(str(outcome.copy), '<entry>')}")
            continue
        with tempfile.TemporaryDirectory() as work:
            outcome = run(entry, Path(work))
        ok = outcome.proc.returncode == 1 and outcome.shown == outcome.expected
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {entry.name:<24} error: {outcome.shown}")
        if not ok:
            print(f"     expected: {outcome.expected}\n     exit code {outcome.proc.returncode}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))  # tests/: incli, for the runs in this process
    sys.exit(main(sys.argv[1:]))
