"""Where the project's own folders are.

The templates, the content, the schemas and the colour profile are package data: they lie
in the package's own folder (``src/codio_print/`` in a clone, ``site-packages/codio_print/``
once installed), found through ``importlib.resources``. ``CODIO_PRINT_HOME`` names another
folder holding ``content/`` and ``templates/`` (and ``schemas/``) to use instead."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from codio_print.i18n import _


def own_folder() -> Path:
    """The package's own folder on disk. WeasyPrint, Jinja and the fetcher read its files by
    their path, so a package that is not a folder of files (imported from a zip file) cannot
    build: one clear message, and exit code 1."""
    folder = files("codio_print")
    if not isinstance(folder, Path) or not folder.is_dir():
        raise SystemExit(_("error: codio-print's own files (templates, content) are not in a "
                           "folder on disk but in {where} — install codio-print as a package "
                           "(pip install or pipx install), or set CODIO_PRINT_HOME to a folder "
                           "holding content/ and templates/").format(where=folder))
    return folder.resolve()


ROOT = Path(os.environ["CODIO_PRINT_HOME"]) if "CODIO_PRINT_HOME" in os.environ else own_folder()
CONTENT = ROOT / "content"
TEMPLATES = ROOT / "templates"
ASSETS = ROOT / "templates" / "assets"
SCHEMAS = ROOT / "schemas"
DEFAULT_ICC = ASSETS / "icc" / "default_cmyk.icc"  # Ghostscript's generic CMYK profile


def cache_home() -> Path:
    """codio-print's folder in the user's cache (compiled templates, font instances)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "codio-print"
