"""The wheel built from the repository, installed in a new virtual environment outside the
clone (issue 24), as `pipx install .` or `pip install` of the wheel would give a user; made
once per run (kits.py) and used by the shared kit ARNHEM_SCREEN_13 and tests/e2e/test_wheel.py.

Without the network: the wheel is built with this environment's setuptools
(--no-build-isolation) and installed without an index; the new environment finds the
dependencies in this one's site-packages through a .pth file (they are not what is tested)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def clean_env(**extra: str) -> dict[str, str]:
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


def build_wheel(tmp_path: Path) -> Path:
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
          "--no-index", "-q", "-w", tmp_path / "dist", source], env=clean_env())
    [wheel] = (tmp_path / "dist").glob("codio_print-*.whl")
    return wheel


def _site_folders() -> list[str]:
    """The folders this interpreter imports the dependencies from."""
    return [p for p in sys.path if Path(p).name == "site-packages" and Path(p).is_dir()]


def install(folder: Path, wheel: Path) -> Path:
    """A new virtual environment with the wheel installed, and this environment's packages
    importable after its own; its bin/."""
    venv.EnvBuilder(with_pip=False, symlinks=True).create(folder)
    python = folder / "bin" / "python"
    # this pip installs into the new environment: it has none of its own (ensurepip: seconds)
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps",
          "--no-index", "-q", wheel], env=clean_env())
    # after the install, so that pip sees no codio-print there to replace
    site = Path(sysconfig.get_path("purelib", "venv", vars={"base": str(folder),
                                                             "platbase": str(folder)}))
    (site / "dependencies.pth").write_text("\n".join(_site_folders()) + "\n", encoding="utf-8")
    return folder / "bin"


def installed(here: Path) -> subprocess.CompletedProcess:
    """The wheel in ``here``/dist and an environment with it installed in ``here``/venv (its
    bin/ holds codio-print)."""
    wheel = build_wheel(here)
    install(here / "venv", wheel)
    return subprocess.CompletedProcess([], 0, str(wheel), "")
