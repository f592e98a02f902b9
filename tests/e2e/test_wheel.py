"""Issue 24: codio-print installs as a package. The wheel built from the repository holds
everything a build reads, and installed in a new virtual environment outside the clone it
builds a kit, as `pipx install .` or `pip install` of the wheel would give a user.

Without the network: the wheel is built with this environment's setuptools
(--no-build-isolation) and installed without an index; the new environment finds the
dependencies in this one's site-packages through a .pth file (they are not what is tested).
The clone's own code must not be what runs there, which the test checks first. One screen
build, without LibreOffice, as the other tests."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from importlib.metadata import version
from pathlib import Path

import yaml

from kits import OWN, ROOT, PdfReader

# codio-print's own files besides the code: package data (pyproject.toml, paths.py)
DATA = ("content", "templates", "schemas", "locale")
CASE = "arnhem"
PIECES = 25  # the pieces of a kit: each has one screen PDF


def _clean_env(**extra: str) -> dict[str, str]:
    """This run's environment without what points codio-print at the clone; pip reads no
    configuration and reaches no index."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CODIO_PRINT_HOME")}
    return {**env, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PIP_NO_CACHE_DIR": "1",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1", "CODIO_PRINT_SOFFICE": "", **extra}


def _run(args: list, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600,
                          **kwargs)
    assert proc.returncode == 0, f"{' '.join(map(str, args))}:\n{proc.stdout}\n{proc.stderr}"
    return proc


def _setuptools_is_new_enough() -> None:
    """The offline build uses this environment's setuptools: it must be the one
    pyproject.toml's build system asks for (the test extra installs it: make setup)."""
    wanted = re.search(r'"setuptools>=(\d+)',
                       (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    have = version("setuptools")
    assert int(have.split(".")[0]) >= int(wanted.group(1)), (
        f"setuptools {have} in {sys.prefix} is older than the build system's "
        f">={wanted.group(1)}: run make setup (pyproject.toml's test extra brings it)")


def _wheel(tmp_path: Path) -> Path:
    """The wheel of the repository, built offline from a copy of it (the build writes build/
    and an .egg-info beside the sources; the clone stays as it is)."""
    _setuptools_is_new_enough()
    source = tmp_path / "source"
    shutil.copytree(ROOT / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for path in ROOT.iterdir():
        if path.is_file():  # pyproject.toml, README.md (the long description), ...
            shutil.copy(path, source / path.name)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
          "--no-index", "-q", "-w", tmp_path / "dist", source], env=_clean_env())
    [wheel] = (tmp_path / "dist").glob("codio_print-*.whl")
    return wheel


def _site_folders() -> list[str]:
    """The folders this interpreter imports the dependencies from."""
    return [p for p in sys.path if Path(p).name == "site-packages" and Path(p).is_dir()]


def _environment(folder: Path, wheel: Path) -> Path:
    """A new virtual environment with the wheel installed, and this environment's packages
    importable after its own; its bin/."""
    venv.EnvBuilder(with_pip=False, symlinks=True).create(folder)
    python = folder / "bin" / "python"
    # this pip installs into the new environment: it has none of its own (ensurepip: seconds)
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps",
          "--no-index", "-q", wheel], env=_clean_env())
    # after the install, so that pip sees no codio-print there to replace
    site = Path(sysconfig.get_path("purelib", "venv", vars={"base": str(folder),
                                                             "platbase": str(folder)}))
    (site / "dependencies.pth").write_text("\n".join(_site_folders()) + "\n", encoding="utf-8")
    return folder / "bin"


def test_the_wheel_installed_outside_the_clone_builds_a_kit(tmp_path):
    wheel = _wheel(tmp_path)

    # every file of codio-print's own folders, and every module, is in the wheel
    with zipfile.ZipFile(wheel) as archive:
        packed = set(archive.namelist())
    tree = {f"codio_print/{p.relative_to(OWN).as_posix()}"
            for folder in DATA for p in (OWN / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}
    tree |= {f"codio_print/{p.relative_to(OWN).as_posix()}" for p in OWN.rglob("*.py")}
    assert all(any(name.startswith(f"codio_print/{folder}/") for name in tree) for folder in DATA)
    assert sorted(tree - packed) == []

    environment = tmp_path / "venv"
    bin_dir = _environment(environment, wheel)
    here = tmp_path / "elders"
    here.mkdir()
    env = _clean_env(XDG_CACHE_HOME=str(_cache(tmp_path / "cache")))

    # the installed package runs, with its own files: not the clone's code or templates
    where = _run([bin_dir / "python", "-c", "import codio_print, codio_print.paths as p; "
                  "print(codio_print.__file__); print(p.TEMPLATES); print(p.CONTENT)"],
                 cwd=here, env=env).stdout.splitlines()
    assert all(Path(line).is_relative_to(environment) for line in where), where
    assert all(Path(line).is_dir() for line in where[1:]), where

    _run([bin_dir / "codio-print", "build", "--case", CASE, "--profile", "screen"],
         cwd=here, env=env)
    kit = here / "build" / CASE
    pdfs = sorted(p.name for p in (kit / "screen").glob("*.pdf"))
    assert len(pdfs) == PIECES
    manifest = json.loads((kit / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["case"] == CASE and manifest["profiles"] == ["screen"]
    assert sorted(p["files"]["screen"]["file"] for p in manifest["pieces"]) == [
        f"screen/{name}" for name in pdfs]
    for piece in manifest["pieces"]:
        made = kit / piece["files"]["screen"]["file"]
        assert hashlib.sha256(made.read_bytes()).hexdigest() == piece["files"]["screen"]["sha256"]
    case = yaml.safe_load((OWN / "content" / "cases" / f"{CASE}.yaml").read_text(encoding="utf-8"))
    casus = PdfReader(kit / "screen" / "casus.pdf")
    assert case["titel"] in "\n".join(page.extract_text() for page in casus.pages)


def _cache(folder: Path) -> Path:
    """A cache of its own for the build (nothing this run made is reused), with the static
    instances of the variable fonts, made from the fonts alone (seconds of CPU each)."""
    user_cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    fonts = Path(user_cache) / "codio-print" / "fonts"
    target = folder / "codio-print" / "fonts"
    if fonts.is_dir():
        shutil.copytree(fonts, target, symlinks=True)
    return folder
