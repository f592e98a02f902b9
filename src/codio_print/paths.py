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
