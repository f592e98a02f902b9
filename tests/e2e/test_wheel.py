"""Issue 24: codio-print installs as a package. The wheel built from the repository holds
everything a build reads, and installed in a new virtual environment outside the clone it
builds a kit, as `pipx install .` or `pip install` of the wheel would give a user.

The wheel and its environment are made once for the run (wheel.py, kits.py), and the shared
kit ARNHEM_SCREEN_13, which other tests read, is built by that environment's codio-print:
this test checks that it was, and checks the kit as a user would."""

from __future__ import annotations

import hashlib
import json
import subprocess
import zipfile
from pathlib import Path

import yaml

from kits import ARNHEM_SCREEN_13, OWN, PdfReader
from wheel import clean_env

# codio-print's own files besides the code: package data (pyproject.toml, paths.py), and
# what `codio-print serve` sends the browser (the vendored CSS, scripts/vendor_web.py)
DATA = ("content", "templates", "schemas", "locale", "web/static", "web/templates")
CASE = ARNHEM_SCREEN_13.case
PIECES = 25  # the pieces of a kit: each has one screen PDF


def test_the_wheel_installed_outside_the_clone_builds_a_kit(kits, tmp_path):
    installed = kits.installed()
    [wheel] = (installed / "dist").glob("codio_print-*.whl")

    # every file of codio-print's own folders, and every module, is in the wheel
    with zipfile.ZipFile(wheel) as archive:
        packed = set(archive.namelist())
    tree = {f"codio_print/{p.relative_to(OWN).as_posix()}"
            for folder in DATA for p in (OWN / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}
    tree |= {f"codio_print/{p.relative_to(OWN).as_posix()}" for p in OWN.rglob("*.py")}
    assert all(any(name.startswith(f"codio_print/{folder}/") for name in tree) for folder in DATA)
    assert sorted(tree - packed) == []

    environment = installed / "venv"
    bin_dir = environment / "bin"
    here = tmp_path / "elders"
    here.mkdir()
    env = clean_env()

    # the installed package runs, with its own files: not the clone's code or templates
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import codio_print, codio_print.paths as p; "
         "print(codio_print.__file__); print(p.TEMPLATES); print(p.CONTENT)"],
        cwd=here, env=env, capture_output=True, text=True, timeout=120, check=True
    ).stdout.splitlines()
    assert all(Path(line).is_relative_to(environment) for line in where), where
    assert all(Path(line).is_dir() for line in where[1:]), where

    # the shared kit was built by it (outside the clone, without PYTHONPATH or a home) ...
    built = kits.get(ARNHEM_SCREEN_13)
    assert built.kit.proc.args[:2] == [str(bin_dir / "codio-print"), "build"]
    # ... and is a whole kit, as a user would check it
    kit = built.kit.folder
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
