"""The smallest kit that runs the whole build: a workspace whose templates each print a
piece's title and the case's title on its page, in its own size, and nothing else.

Every step of a real build still runs (the settings, the case, the theme, the HTML of every
piece, the render workers, the cache, the swap, the slides with LibreOffice, the manifest),
but a render takes a few hundredths of a second instead of half a second. For the tests whose
claim is about the build's steps, not about what a page shows: killed builds, watch, what a
change renders again. The name cards keep their real template, so that a role too long for
its card still fails as it does in a real kit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import edit

REAL = {"naamkaartjes"}
TINY = ('{% extends "builtin/NAME.html" %}'
        "{% block body %}<h1>{{ piece.title }}</h1><p>{{ case.titel }}</p>{% endblock %}\n")


def tiny_templates(folder: Path, keep: set[str] = REAL) -> list[str]:
    """Write a tiny override of every piece's template but those in ``keep`` into ``folder``
    (a workspace's templates/); the names written."""
    from codio_print.kit.pieces import KINDS

    names = sorted({kind.template for kind in KINDS} - {f"{name}.html" for name in keep})
    for name in names:
        (folder / name).write_text(TINY.replace("NAME", name.removesuffix(".html")),
                                   encoding="utf-8")
    return names


def tiny_workspace(ws: Path, profile: str = "screen", keep: set[str] = REAL) -> Path:
    """A new workspace (`init`) with the tiny templates but ``keep``, built in ``profile``:
    its sessie.yaml."""
    from codio_print.scaffold.workspace import init

    init(ws)
    tiny_templates(ws / "templates", keep)
    edit(ws / "sessie.yaml", ("profiel: all", f"profiel: {profile}"))
    return ws / "sessie.yaml"


def tiny_home(root: Path, keep: set[str] = REAL) -> Path:
    """A copy of codio-print's content/ and templates/ (a CODIO_PRINT_HOME) whose piece
    templates but ``keep`` are tiny: each extends the real one, kept as ``real/NAME``, and
    prints only the titles in its body. ``root``."""
    from kits import OWN

    for folder in ("content", "templates"):
        shutil.copytree(OWN / folder, root / folder)
    templates = root / "templates"
    (templates / "real").mkdir()
    for name in tiny_templates(templates, keep):
        shutil.copy(OWN / "templates" / name, templates / "real" / name)
        (templates / name).write_text(TINY.replace("builtin/NAME.html", f"real/{name}"),
                                      encoding="utf-8")
    return root
