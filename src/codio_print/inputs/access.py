"""What codio-print may read: one rule for every file that a workspace or data names.

A file is read only when, with '..' and symbolic links resolved, it lies inside one of the
allowed roots (the workspace, codio-print's own folders; a root that is a file allows that
one file), is a regular file (not a folder, a pipe or a device) and is not larger than the
reader can use. Templates, case files, the theme, the cache's stamps and WeasyPrint's
fetcher all ask here, so a shared workspace cannot make codio-print read anything else.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from codio_print.errors import ContentError

MAX_BYTES = 30 * 1024 * 1024  # an image or font; text files ask for less
# Every file and folder a command read or looked in, for the quick answer to a build with
# nothing to do (build/quickcheck.py). A list of names, not of contents.
_READ: set[str] = set()
_LOOKED_IN: set[str] = set()


def note(path: Path) -> None:
    """``path`` was read: a change to it may change what the command makes."""
    _READ.add(os.fspath(Path(path).absolute()))
    _LOOKED_IN.add(os.fspath(Path(path).absolute().parent))


def note_folder(folder: Path) -> None:
    """``folder`` was looked in: a file that appears there may change what is made."""
    _LOOKED_IN.add(os.fspath(Path(folder).absolute()))


def files_read() -> list[str]:
    return sorted(_READ)


def folders_looked_in() -> list[str]:
    return sorted(_LOOKED_IN)


def resolved(path: Path) -> Path | None:
    """``path`` with links and '..' resolved, or None when it does not exist."""
    try:
        return Path(path).resolve(strict=True)
    except (OSError, RuntimeError):  # missing, a loop of links, no permission
        return None


def within(path: Path, roots: Iterable[Path]) -> bool:
    """``path`` (resolved) lies in one of ``roots``: inside a folder, or is the root file."""
    for root in roots:
        root = Path(root).resolve()
        if path == root or (path.is_relative_to(root) and not _is_file(root)):
            return True
    return False


def _is_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def refusal(path: Path, roots: Iterable[Path], *, max_bytes: int | None = MAX_BYTES) -> str | None:
    """Why ``path`` may not be read, or None if it may."""
    real = resolved(path)
    if real is None:
        return "does not exist"
    if not within(real, roots):
        return "lies outside the workspace" if Path(path).is_symlink() or _leaves(path, roots) \
            else "lies outside the folders codio-print may read"
    try:
        info = real.stat()
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if not stat.S_ISREG(info.st_mode):
        return "is not a file (a folder, a pipe or a device)"
    if max_bytes is not None and info.st_size > max_bytes:
        return f"is {info.st_size / 2**20:.1f} MB, more than the {_mb(max_bytes)} allowed"
    return None


def _leaves(path: Path, roots: Iterable[Path]) -> bool:
    """Written as a path inside a root, but '..' or a link leads out of it."""
    absolute = Path(path).absolute()
    return any(absolute.is_relative_to(Path(r).absolute()) for r in roots)


def _mb(n: int) -> str:
    return f"{n / 2**20:g} MB" if n >= 2**20 else f"{n // 1024} kB"


_FIXES = {
    "does not exist": "check the name and the folder",
    "lies outside the workspace": "copy the file into the workspace instead of linking to it",
    "lies outside the folders codio-print may read": "put the file in the workspace",
}


def readable(path: Path, roots: Iterable[Path], *, what: str,
             source: str | Path | None = None, line: int | None = None,
             max_bytes: int | None = MAX_BYTES) -> Path:
    """The resolved ``path`` if it may be read; else one ContentError naming ``source`` (the
    file that refers to it, with its line) or the path itself."""
    roots = tuple(roots)
    reason = refusal(path, roots, max_bytes=max_bytes)
    if reason is None:
        return Path(path).resolve()
    fix = _FIXES.get(reason, "make it smaller" if "allowed" in reason else "name a file")
    shown = Path(path).name if source else str(path)
    raise ContentError(f"{what} '{shown}' {reason}", file=source or path,
                       line=line if source else None, fix=fix)


def read_bytes(path: Path, roots: Iterable[Path], *, what: str,
               source: str | Path | None = None, line: int | None = None,
               max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a file that may be read; never more than ``max_bytes`` are read, even
    when the file grows while it is read."""
    real = readable(path, roots, what=what, source=source, line=line, max_bytes=max_bytes)
    note(path)
    with open(real, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ContentError(f"{what} '{real.name}' is more than the {_mb(max_bytes)} allowed",
                           file=source or path, line=line if source else None,
                           fix="make it smaller")
    return data


_FOLDER_OF_URL = re.compile(r"file://[^\"')\s]*/")


def placeless(text: str) -> str:
    """``text`` (rendered HTML) with the folders of its file: URLs left out: what a hash of
    it may depend on, so that a clone elsewhere (or another virtual environment for the
    fonts) gives the same document ids and cache keys."""
    return _FOLDER_OF_URL.sub("file:///", text)
