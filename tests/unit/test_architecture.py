"""The layout of the package (ARCHITECTURE.md): stage packages with one import direction,
no cycles, nothing of a stage in the package's root."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

import codio_print

PACKAGE = Path(codio_print.__file__).parent
STAGES = ("inputs", "kit", "render", "printshop", "builder", "scaffold", "watch", "results",
          "web", "cli")
ROOT_MODULES = {"__init__.py", "__main__.py", "errors.py", "paths.py", "writing.py",
                "i18n.py"}
# The folders of the package's root that hold data, not code: the message catalogs (i18n.py)
# and what a build reads (paths.py), package data in pyproject.toml.
DATA = {"locale", "content", "templates", "schemas"}


def test_stages_import_only_the_stages_before_them():
    """import-linter's layers contract (pyproject.toml), on every import: also those inside
    functions, which is where the old cycle (build ↔ bundle, tiles) hid. In a process of
    its own: it sets up logging, which would silence WeasyPrint's logger in this one."""
    code = ("import sys; from importlinter.cli import lint_imports; "
            "sys.exit(lint_imports(no_cache=True, no_logo=True))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=PACKAGE.parent.parent)  # where pyproject.toml is
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 kept, 0 broken" in proc.stdout


def test_no_module_imports_itself_round_a_cycle():
    graph = grimp.build_graph("codio_print")
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.chain_exists(importer=imported, imported=module):
                cycles.append((module, imported))
    assert cycles == []


def test_the_root_holds_only_what_belongs_to_no_stage():
    assert {p.name for p in PACKAGE.glob("*.py")} == ROOT_MODULES
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"} == \
        set(STAGES) | DATA


def test_no_two_modules_have_names_a_letter_apart():
    """output.py beside outputs.py, yamlfile.py beside yamldoc.py: names that hide what a
    module is."""
    names = sorted({p.stem for p in PACKAGE.rglob("*.py") if p.stem != "__init__"})
    close = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]
             if a.rstrip("s") == b.rstrip("s")]
    assert close == []
