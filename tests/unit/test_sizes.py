"""The sizes the review measured (code-2026-12b §3.3, its appendix A): no module of
codio_print over 400 lines, no function over 60 (from ``def`` to its last line, docstring
included; a method or a nested function counts on its own)."""

from __future__ import annotations

import ast
from pathlib import Path

import codio_print

PACKAGE = Path(codio_print.__file__).parent
MODULE_LINES = 400
FUNCTION_LINES = 60

# Files other work on issue 24 rewrites at the same time (the pipeline that hands back
# values, each setting declared once); they are measured again once that work is merged.
# Empty this set at the merge: a file left in it is not measured at all.
NOT_YET: set[str] = set()  # every module within the limits (issue 24)


def _modules() -> list[tuple[str, str]]:
    return [(path.relative_to(PACKAGE).as_posix(), path.read_text(encoding="utf-8"))
            for path in sorted(PACKAGE.rglob("*.py"))
            if path.relative_to(PACKAGE).as_posix() not in NOT_YET]


def _functions(tree: ast.AST, prefix: str = "") -> list[tuple[str, int, int]]:
    """(qualified name, first line, lines) of every function in ``tree``, nested ones too."""
    found = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.append((prefix + node.name, node.lineno, node.end_lineno - node.lineno + 1))
            found += _functions(node, prefix + node.name + ".")
        elif isinstance(node, ast.ClassDef):
            found += _functions(node, prefix + node.name + ".")
    return found


def test_no_module_is_over_400_lines():
    long = [f"{name}: {len(text.splitlines())} lines" for name, text in _modules()
            if len(text.splitlines()) > MODULE_LINES]
    assert long == [], "split these by concern: " + "; ".join(long)


def test_no_function_is_over_60_lines():
    long = [f"{name}:{line} {function}: {lines} lines" for name, text in _modules()
            for function, line, lines in _functions(ast.parse(text))
            if lines > FUNCTION_LINES]
    assert long == [], "split these into their steps: " + "; ".join(long)


def test_the_measure_counts_from_def_to_the_last_line():
    """The count the two tests rely on: a decorator is not counted, the docstring is."""
    source = ("@staticmethod\ndef f():\n    \"\"\"Doc.\"\"\"\n    return 1\n\n\n"
              "class C:\n    def g(self):\n        pass\n")
    assert _functions(ast.parse(source)) == [("f", 2, 3), ("C.g", 8, 2)]
