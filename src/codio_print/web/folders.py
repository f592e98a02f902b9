"""Which workspaces the interface may open: the one ``serve WORKSPACE`` names, or the
workspaces in one folder (``serve`` without one: ``~/codio-print``, or
``$CODIO_PRINT_WERKMAPPEN``). A workspace is named in a URL by its folder's name, and
only a real folder directly in that folder, with a sessie.yaml, is one: a name is never
joined onto a path before it is checked, and a link is never followed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from codio_print import writing
from codio_print.inputs.workspace import SESSION_FILE

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,59}")


def default_home() -> Path:
    return Path(os.environ.get("CODIO_PRINT_WERKMAPPEN") or Path.home() / "codio-print")


def is_workspace(folder: Path) -> bool:
    return (folder.is_dir() and not folder.is_symlink()
            and (folder / SESSION_FILE).is_file() and not (folder / SESSION_FILE).is_symlink())


@dataclass(frozen=True)
class Workspaces:
    home: Path
    only: Path | None = None  # serve WORKSPACE: this one and no other

    def names(self) -> list[str]:
        if self.only is not None:
            return [self.only.name]
        if not self.home.is_dir():
            return []
        return sorted(p.name for p in self.home.iterdir()
                      if NAME.fullmatch(p.name) and is_workspace(p))

    def get(self, name: str) -> Path | None:
        """The workspace called ``name``, or None."""
        if not NAME.fullmatch(name):
            return None
        if self.only is not None:
            return self.only if name == self.only.name and is_workspace(self.only) else None
        folder = self.home / name
        return folder if is_workspace(folder) else None

    def new(self, name: str) -> Path:
        """A new workspace (codio-print init) in the home folder; ValueError for a name that
        cannot be one, FileExistsError if it is taken."""
        from codio_print.scaffold.workspace import init

        if self.only is not None or not NAME.fullmatch(name):
            raise ValueError(name)
        writing.make_folder(self.home, below=self.home.parent)
        folder = self.home / name
        if folder.exists() or folder.is_symlink():
            raise FileExistsError(folder)
        init(folder)
        return folder
