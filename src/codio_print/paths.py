"""Where the project's own folders are."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = Path(os.environ.get("CODIO_PRINT_HOME", PACKAGE.parent.parent))
CONTENT = ROOT / "content"
TEMPLATES = ROOT / "templates"
ASSETS = ROOT / "templates" / "assets"
SCHEMAS = ROOT / "schemas"
DEFAULT_ICC = ASSETS / "icc" / "default_cmyk.icc"  # Ghostscript's generic CMYK profile


def cache_home() -> Path:
    """codio-print's folder in the user's cache (compiled templates, font instances)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "codio-print"
