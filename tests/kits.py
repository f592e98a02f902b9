"""Kits built once per test run and shared by every test and every worker that reads them.

A kit is keyed on its inputs: the command line and every file the recipe puts in the kit's
folder first (a participant list, a whole workspace). The first worker to need a kit builds
it under a lock, in a folder all workers share; the others wait for it, then read it. Tests
read these kits and never change them: a test that changes one copies it first.
"""

from __future__ import annotations

import collections
import fcntl
import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# codio-print's own content/, templates/ and schemas/: package data (paths.py)
OWN = ROOT / "src" / "codio_print"
CLI = [sys.executable, "-m", "codio_print"]
DATA = Path(__file__).resolve().parent / "data"
# LibreOffice makes presentatie.odp in about 2 CPU-seconds a build. The tests that look at the
# .odp or at LibreOffice itself ask for it (the fixture libreoffice, or LIBREOFFICE in a
# command's environment); every other build of the run does without (conftest.py).
LIBREOFFICE = {"CODIO_PRINT_SOFFICE": "soffice"}


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None,
            check: bool = False) -> subprocess.CompletedProcess:
    """``codio-print ARGS`` as its own process, as a person runs it."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=cwd or ROOT,
                          env=full_env, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"codio-print {' '.join(args)} failed:\n{proc.stderr}")
    return proc


class Kit:
    """A built kit on disk, and what its build said."""

    def __init__(self, folder: Path, proc: subprocess.CompletedProcess):
        self.folder = folder
        self.proc = proc
        self.manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))

    def pdf(self, piece_id: str, profile: str = "screen") -> Path:
        """A piece's file in one profile: build/<case>/<profile>/<id>.pdf."""
        return self.folder / profile / f"{piece_id}.pdf"

    def text(self, piece_id: str, profile: str = "screen") -> str:
        """The text of a piece's file, as pypdf extracts it (read once per file and version:
        the shared kits' files are read by many tests, and extraction takes a while)."""
        path = self.pdf(piece_id, profile)
        stat = path.stat()
        return _text_of(path, stat.st_size, stat.st_mtime_ns, stat.st_ino)


@functools.lru_cache(maxsize=256)
def _text_of(path: Path, size: int, mtime_ns: int, inode: int) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(path).pages)


_READERS: collections.OrderedDict = collections.OrderedDict()
READERS_KEPT = 512


def PdfReader(source, *args, **kwargs):  # noqa: N802 - stands in for pypdf's class
    """pypdf's reader of ``source``. A file given by its path is parsed once per test
    process and version of the file (path, size, time, inode): the shared kits' files are
    opened by many tests, and pypdf parses in pure Python (most of the end-to-end tests'
    own time went to parsing the same files again). Tests only read what it returns."""
    import pypdf

    if args or kwargs or not isinstance(source, (str, os.PathLike)):
        return pypdf.PdfReader(source, *args, **kwargs)
    stat = os.stat(source)
    key = (os.path.realpath(source), stat.st_size, stat.st_mtime_ns, stat.st_ino)
    if key in _READERS:
        _READERS.move_to_end(key)
    else:
        _READERS[key] = pypdf.PdfReader(source)
        if len(_READERS) > READERS_KEPT:
            _READERS.popitem(last=False)
    return _READERS[key]


@dataclass(frozen=True)
class Recipe:
    """How a shared kit is made. ``args`` is the command line; ``{here}`` in it stands for
    the kit's own folder, into which ``prepare`` first writes the inputs (a list, a
    workspace). ``workspace``: the folder under ``{here}`` to build from (its sessie.yaml
    then names the case, and the kit lands in its build/). ``installed``: built by the
    codio-print of the wheel installed outside the clone (wheel.py), not by the clone's."""

    case: str
    args: tuple[str, ...] = ()
    prepare: Callable[[Path], None] | None = field(default=None, compare=False)
    workspace: str | None = None
    env: tuple[tuple[str, str], ...] = ()
    installed: bool = False


@dataclass
class Built:
    """A shared kit: its folder (the inputs the recipe wrote are under it) and the kit."""

    here: Path
    kit: Kit

    @property
    def workspace(self) -> Path:
        return self.kit.folder.parent.parent


def tree_digest(folder: Path) -> str:
    """What a folder holds: every file's path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class KitCache:
    """Kits in ``folder``, shared by the workers of one run."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._mine: dict[str, tuple] = {}

    def get(self, recipe: Recipe) -> Built:
        """The kit the recipe makes, built by the first worker that asks for it."""
        here, proc = self.shared([recipe.case, recipe.args, recipe.workspace, recipe.env,
                                  recipe.installed],
                                 recipe.prepare, lambda folder: self._build(recipe, folder))
        return Built(here, Kit(self._kit_folder(recipe, here), proc))

    def shared(self, parts: list, prepare: Callable[[Path], None] | None,
               make: Callable[[Path], subprocess.CompletedProcess]
               ) -> tuple[Path, subprocess.CompletedProcess]:
        """What ``make(folder)`` makes, once for the whole run: keyed on ``parts`` and on
        what ``prepare(folder)`` writes into the folder first. The folder, and what the
        command said."""
        stage = self.folder / f"stage-{os.getpid()}-{len(self._mine)}"
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir()
        if prepare:
            prepare(stage)
        key = hashlib.sha256(json.dumps([*parts, tree_digest(stage)]).encode()).hexdigest()[:16]
        if key in self._mine:
            shutil.rmtree(stage)
            return self._mine[key]
        here = self.folder / key
        with open(self.folder / f"{key}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            done = self.folder / f"{key}.json"
            if not done.is_file():
                shutil.rmtree(here, ignore_errors=True)  # a build that failed before
                stage.rename(here)
                proc = make(here)
                done.write_text(json.dumps({"args": [str(a) for a in proc.args or ()],
                                            "stdout": proc.stdout, "stderr": proc.stderr}))
            else:
                shutil.rmtree(stage)
            said = json.loads(done.read_text())
        self._mine[key] = here, subprocess.CompletedProcess(said["args"], 0, said["stdout"],
                                                            said["stderr"])
        return self._mine[key]

    @staticmethod
    def _args(recipe: Recipe, here: Path) -> list[str]:
        return [a.replace("{here}", str(here)) for a in recipe.args]

    def installed(self) -> Path:
        """The folder holding the wheel (dist/) and the environment it is installed in
        (venv/), made once for the run (wheel.py)."""
        from wheel import installed

        return self.shared(["the installed wheel"], None, installed)[0]

    def _build(self, recipe: Recipe, here: Path) -> subprocess.CompletedProcess:
        env = {name: value.replace("{here}", str(here)) for name, value in recipe.env}
        if recipe.installed:
            from wheel import clean_env

            command = self.installed() / "venv" / "bin" / "codio-print"
            proc = subprocess.run([str(command), "build", "--case", recipe.case, "--out",
                                   str(here / "out"), *self._args(recipe, here)],
                                  capture_output=True, text=True, cwd=here, timeout=600,
                                  env=clean_env(**env))
            if proc.returncode != 0:
                raise AssertionError(f"{command} build failed:\n{proc.stderr}")
            return proc
        if recipe.workspace:
            return run_cli("build", *self._args(recipe, here), cwd=here / recipe.workspace,
                           env=env, check=True)
        return run_cli("build", "--case", recipe.case, "--out", str(here / "out"),
                       *self._args(recipe, here), env=env, check=True)

    @staticmethod
    def _kit_folder(recipe: Recipe, here: Path) -> Path:
        if recipe.workspace:
            return here / recipe.workspace / "build" / recipe.case
        return here / "out" / recipe.case


def shared_folder(tmp_path_factory) -> Path:
    """One folder for the whole run: the base temporary folder, shared by xdist's workers."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


# ---- the kits the tests share ------------------------------------------------------------------

LIST = DATA / "deelnemers-14.csv"

# The three example cases, whole, in both profiles.
ARNHEM = Recipe("arnhem")
APELDOORN = Recipe("apeldoorn")
# Utrecht as the print shop gets it: a date, the shop's details, the posters as A3 tiles but
# a few pieces sent to the shop on purpose, so that the bundle holds one of every kind of
# print (two-sided, bleed on some pages, a poster, cards).
SHOP_PIECES = ("casus", "draaiboek", "handout-3", "presentatie", "poster-democratie")
UTRECHT_SHOP = Recipe("utrecht", (
    "--tile", "a3", "--date", "2026-03-12", "--organisation", "Gemeente Utrecht, team Inkomen",
    "--contact", "Jan de Vries, 030 286 00 00", "--deliver-by", "2026-03-05",
    "--destination", ",".join(f"{piece}=drukker" for piece in SHOP_PIECES),
    "--workers", "2"))  # test_print builds it again by one process, elsewhere
# Utrecht as an organiser prepares it: a workspace (init) with a list of 14 named people
# (fixed groups, every script), an afternoon session, hand-out 5 tiled for the office and the
# print shop's details in sessie.yaml; built with a plain `build` inside it, both profiles.
DRUKWERK = {
    'contactpersoon: ""': "contactpersoon: Mirjam de Boer",
    'telefoon: ""': 'telefoon: "030 286 00 00"',
    'email: ""': "email: m.deboer@utrecht.example",
    'afleveradres: ""': 'afleveradres: "Stadsplateau 1, 3521 AZ Utrecht, t.a.v. M. de Boer"',
    'referentie: ""': "referentie: INK-2026-114",
    "  leveren:\n": "  leveren: 2026-11-26\n",
    "  # stukken:\n  #   naamkaartjes: drukker\n  #   handout-5: tegels\n":
        "  stukken:\n    handout-5: tegels\n",
}


def _utrecht_workshop(here: Path) -> None:
    from codio_print.scaffold.workspace import init
    from helpers import edit

    ws = here / "utrecht-workshop"
    init(ws)
    shutil.copy(LIST, ws / "deelnemers.csv")
    edit(ws / "sessie.yaml", ("casus: eigen-casus", "casus: utrecht"),
         ("deelnemers: 12", "deelnemers: deelnemers.csv"), ("datum:", "datum: 2026-12-03"),
         ('start: "09:30"', 'start: "13:00"'), *DRUKWERK.items())


UTRECHT_WORKSPACE = Recipe("utrecht", prepare=_utrecht_workshop, workspace="utrecht-workshop")
# A screen-only kit for 13 people, without a list, by two render processes; built by the
# wheel installed outside the clone (issue 24): the tests that read it check the package as a
# user installs it, and tests/e2e/test_wheel.py checks that it was.
ARNHEM_SCREEN_13 = Recipe("arnhem", ("--participants", "13", "--profile", "screen",
                                     "--workers", "2"), installed=True)


def _tiny_home(here: Path) -> None:
    from tiny import tiny_home

    tiny_home(here / "home")


# For a shop that asks 2 mm bleed, the name cards printed there; the other pieces tiny.
ARNHEM_BLEED_2 = Recipe("arnhem", ("--profile", "print", "--bleed", "2", "--destination",
                                   "naamkaartjes=drukker", "--date", "2026-12-15"),
                        prepare=_tiny_home, env=(("CODIO_PRINT_HOME", "{here}/home"),))


def _harsh(case: str, system_font: bool = False) -> Callable[[Path], None]:
    def prepare(here: Path) -> None:
        from codio_print.scaffold.workspace import init
        from harsh_look import make
        from helpers import edit

        ws = here / "harsh"
        init(ws)
        make(ws, case, LIST, system_font=system_font)
        edit(ws / "sessie.yaml", ("profiel: all", "profiel: screen"))
    return prepare


# Each example case in a hostile but realistic look (tests/harsh_look.py: a wide font, a 6:1
# logo, a long organisation name, a 120-character title, 15 people and a date), as an own
# case copied from the built-in one; the screen profile, without LibreOffice. Utrecht's names
# the font as the family installed on the system, the others bring its files.
HARSH = {case: Recipe(f"{case}-lang", prepare=_harsh(case, case == "utrecht"),
                      workspace="harsh") for case in ("arnhem", "apeldoorn", "utrecht")}


def text_sizes(pdf) -> list[tuple[int, float, float, str]]:
    """(page, size in points, height above the page's bottom in points, text) of every
    piece of text, as a reader sees it."""
    found = []
    for number, page in enumerate(PdfReader(pdf).pages, 1):
        bottom = float(page.mediabox.bottom)

        def visit(text, cm, tm, font, size, number=number, bottom=bottom):
            if text.strip():
                found.append((number, size * abs(tm[3] * cm[3] or 1),
                              tm[5] * cm[3] + cm[5] - bottom, text.strip()[:40]))
        page.extract_text(visitor_text=visit)
    assert found, f"no text found in {pdf}"
    return found
