"""What codio-print may read: one rule for every file that a workspace or data names, applied
to the file that was opened, not to a name checked a moment before.

A file is read only when the file opened lies, with '..' and symbolic links resolved, inside
one of the allowed roots (the workspace, codio-print's own folders; a root that is a file
allows that one file), is a regular file (not a folder, a pipe or a device) and is not larger
than the reader can use; of it at most that many bytes (and one more) are read. The order is
open, check, read: the file is opened without being read (``O_PATH`` on Linux: a device is
never opened, a pipe never waited for), the opened file is checked (its type and size by
``fstat``, its place by ``/proc/self/fd``), and only that same file is then opened for
reading. A name swapped for a link between a check and an open gains nothing: there is no
check before the open. Templates, case files, the session, the theme, tokens, participant
lists, results, the previous kit and the cache all read here, so a shared workspace cannot
make codio-print read anything else, hang on a pipe or fill the memory from a device.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from codio_print.errors import ContentError, reason
from codio_print.i18n import N_, _

MAX_BYTES = 30 * 1024 * 1024  # an image or font; text files ask for less
# Every file and folder a command read or looked in, for the quick answer to a build with
# nothing to do (builder/quickcheck.py). A list of names, not of contents.
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


# Why a file may not be read, in words that follow its name. The English text is the
# reason's identity (``refused.reason == MISSING``); ``refused.text`` is what a person reads.
MISSING = N_("does not exist")
NOT_A_FILE = N_("is not a file (a folder, a pipe or a device)")
A_LINK = N_("is a link, which codio-print does not follow here")
OUTSIDE = N_("lies outside the workspace")
OUTSIDE_OURS = N_("lies outside the folders codio-print may read")
CHANGED = N_("changed while it was opened")
TOO_LARGE = N_("is {size} MB, more than the {limit} allowed")
MORE_THAN = N_("is more than the {limit} allowed")
UNREADABLE = N_("cannot be read ({reason})")


class Refused(Exception):
    """A file the rule does not let codio-print read; ``reason`` says why, in English words
    that follow the file's name ("does not exist", "lies outside the workspace", ...), for
    the code to compare; ``text`` says it in the reader's language; ``too_large``: refused
    for its size."""

    def __init__(self, template: str, **values):
        self.reason = template.format(**values) if values else template
        super().__init__(self.reason)
        self.text = _(template).format(**values) if values else _(template)
        self.too_large = template in (TOO_LARGE, MORE_THAN)


_O_PATH = getattr(os, "O_PATH", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FOR_READING = (os.O_RDONLY | _CLOEXEC | getattr(os, "O_NONBLOCK", 0)
                | getattr(os, "O_NOCTTY", 0))


def _open(path: Path, links: bool) -> int:
    """A descriptor, open for reading, of the regular file ``path`` names; ``links``: the
    name itself may be a link (else a link there is refused). Refused for anything else."""
    nofollow = 0 if links else _NOFOLLOW
    try:
        handle = os.open(path, (_O_PATH or _FOR_READING) | _CLOEXEC | nofollow)
    except OSError as exc:
        raise _why(exc, links) from None
    try:
        mode = os.fstat(handle).st_mode
        if stat.S_ISLNK(mode):  # O_PATH with O_NOFOLLOW opens the link itself
            raise Refused(A_LINK)
        if not stat.S_ISREG(mode):
            raise Refused(NOT_A_FILE)
        if not _O_PATH:
            fd, handle = handle, -1
            return fd
        try:  # the very file that was checked, now for reading
            return os.open(f"/proc/self/fd/{handle}", _FOR_READING)
        except FileNotFoundError:  # no /proc: the name again, if it still names that file
            fd = os.open(path, _FOR_READING | nofollow)
            if not _same(os.fstat(fd), os.fstat(handle)):
                os.close(fd)
                raise Refused(CHANGED) from None
            return fd
    except OSError as exc:
        raise _why(exc, links) from None
    finally:
        if handle >= 0:
            os.close(handle)


def _why(exc: OSError, links: bool) -> Refused:
    if exc.errno == errno.ELOOP and not links:
        return Refused(A_LINK)
    if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP):
        return Refused(MISSING)  # a loop of links names nothing either
    if exc.errno == errno.ENXIO:  # a socket, opened without O_PATH
        return Refused(NOT_A_FILE)
    refused = Refused(UNREADABLE, reason=exc.strerror)
    refused.text = _(UNREADABLE).format(reason=reason(exc))
    return refused


def _same(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _place(fd: int, path: Path) -> Path:
    """Where the file open as ``fd`` lies, links resolved: what was opened, not the name."""
    try:
        return Path(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:  # no /proc: the name resolved now, if it still names that file
        real = Path(os.path.realpath(path))
        try:
            if _same(os.stat(real), os.fstat(fd)):
                return real
        except OSError:
            pass
        raise Refused(CHANGED) from None


@contextmanager
def opened(path: Path, roots: Iterable[Path], *, max_bytes: int | None = MAX_BYTES,
           links: bool = True) -> Iterator[tuple[BinaryIO, os.stat_result]]:
    """``path`` open for reading, with its ``fstat``, if the rule lets it be read (see the
    module's text); Refused otherwise. ``links``: the name itself may be a link (else a link
    there is refused). The caller reads what it needs, at most ``max_bytes``."""
    path = Path(path)
    fd = _open(path, links)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not within(_place(fd, path), roots):
            raise Refused(OUTSIDE if path.is_symlink() or _leaves(path, roots)
                          else OUTSIDE_OURS)
        if max_bytes is not None and info.st_size > max_bytes:
            raise Refused(TOO_LARGE, size=f"{info.st_size / 2**20:.1f}",
                          limit=_mb(max_bytes))
        yield handle, info


def read_file(path: Path, roots: Iterable[Path], *, max_bytes: int = MAX_BYTES,
              links: bool = True) -> tuple[bytes, os.stat_result]:
    """The bytes of ``path`` and its ``fstat``, if the rule lets it be read; Refused
    otherwise. Never more than ``max_bytes`` are read, even from a file that grows."""
    roots = tuple(roots)
    with opened(path, roots, max_bytes=max_bytes, links=links) as (handle, info):
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise Refused(MORE_THAN, limit=_mb(max_bytes))
    return data, info


def bytes_or_none(path: Path, roots: Iterable[Path], *, max_bytes: int = MAX_BYTES,
                  links: bool = True) -> bytes | None:
    """The bytes of ``path`` by the rule, or None for anything the rule refuses: for the
    readers that treat a file they cannot use as absent (the previous kit, a record)."""
    try:
        return read_file(path, roots, max_bytes=max_bytes, links=links)[0]
    except Refused:
        return None


def refusal(path: Path, roots: Iterable[Path], *, max_bytes: int | None = MAX_BYTES,
            links: bool = True) -> str | None:
    """Why ``path`` may not be read (in the reader's language), or None if it may: found by
    opening it, without reading it. A reader of ours then reads through read_file, not by
    the name again."""
    try:
        with opened(path, tuple(roots), max_bytes=max_bytes, links=links):
            return None
    except Refused as refused:
        return refused.text


def _leaves(path: Path, roots: Iterable[Path]) -> bool:
    """Written as a path inside a root, but '..' or a link leads out of it."""
    absolute = Path(path).absolute()
    return any(absolute.is_relative_to(Path(r).absolute()) for r in roots)


def _mb(n: int) -> str:
    return f"{n / 2**20:g} MB" if n >= 2**20 else f"{n // 1024} kB"


FIXES = {
    MISSING: N_("check the name and the folder"),
    OUTSIDE: N_("copy the file into the workspace instead of linking to it"),
    OUTSIDE_OURS: N_("put the file in the workspace"),
    A_LINK: N_("put the file itself there, not a link"),
}


def error(refused: Refused, path: Path, *, what: str, source: str | Path | None = None,
          line: int | None = None, key: str | None = None) -> ContentError:
    """The one-line error for a refused ``path``, naming ``source`` (the file that refers to
    it, with its line and ``key``) or the path itself. ``what``: the kind of file, marked
    with N_() ("the logo"); it is translated here."""
    fix = FIXES.get(refused.reason, N_("make it smaller") if refused.too_large
                    else N_("name a file"))
    shown = Path(path).name if source else str(path)
    return ContentError(_("{what} '{name}' {reason}").format(what=_(what), name=shown,
                                                             reason=refused.text),
                        file=source or path, line=line if source else None, fix=_(fix),
                        key=key if source else None)


def read_bytes(path: Path, roots: Iterable[Path], *, what: str,
               source: str | Path | None = None, line: int | None = None,
               max_bytes: int = MAX_BYTES, links: bool = True,
               key: str | None = None) -> bytes:
    """The bytes of a file that may be read (read_file); else one ContentError."""
    try:
        data = read_file(path, tuple(roots), max_bytes=max_bytes, links=links)[0]
    except Refused as refused:
        raise error(refused, path, what=what, source=source, line=line, key=key) from None
    note(path)
    return data


def own_folder(folder: Path, *, what: str) -> Path:
    """``folder``, one a workspace names (its templates/, cases/), if it lies in the folder
    that holds it once links are resolved; a link to a folder elsewhere is refused in one
    line. The files in it are read with the workspace as their root, so a folder swapped for
    a link later gains nothing either. ``what``: the folder's kind, marked with N_()
    ("templates"); translated here."""
    folder = Path(folder)
    real = resolved(folder)
    if real is not None and not within(real, [folder.absolute().parent]):
        raise ContentError(_("the {what} folder '{name}' lies outside the workspace").format(
            what=_(what), name=folder.name), file=folder,
            fix=_("copy the folder into the workspace instead of linking to it"))
    return folder


_FOLDER_OF_URL = re.compile(r"file://[^\"')\s]*/")


def placeless(text: str) -> str:
    """``text`` (rendered HTML) with the folders of its file: URLs left out: what a hash of
    it may depend on, so that a clone elsewhere (or another virtual environment for the
    fonts) gives the same document ids and cache keys."""
    return _FOLDER_OF_URL.sub("file:///", text)
