"""Every file codio-print writes where something may already be: a workspace and its build/,
watch's preview/, the folder of resultaten.yaml, the user's cache. A shared workspace may
ship links, pipes or folders under any name codio-print writes; none of them can steer a
write elsewhere:

- The file is made inside its folder as opened, so a folder swapped for a link in the
  meantime changes nothing. Every folder between ``below`` (the folder the user chose: a
  workspace, an output folder, the cache; by default the file's own folder) and the file is
  made if need be and must be a real folder: a link among them is refused (``O_NOFOLLOW``).
- ``new``: a file that must not exist yet, made with ``O_CREAT|O_EXCL|O_NOFOLLOW``: anything
  already at its name (a link, even a dangling one, a pipe, a file) makes it fail.
- ``replace``: a file written whole under a fresh hidden name, then renamed over the old one
  in one step, keeping the old one's permissions. A rename never follows a link; a link, a
  pipe or a folder at the name is refused all the same, as codio-print did not make it.
- ``update``: ``replace`` only when the bytes differ, so that a file that stays the same is
  not touched (watch sees every write).

Files inside a folder this command has just made under a fresh name (the hidden folder of
``builder/outdir.replacing``, a ``tempfile`` folder) need none of this: nothing else is in it.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from codio_print.errors import InputError, reason
from codio_print.i18n import _

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | os.O_CLOEXEC


def new(path: Path, data: bytes | str, *, below: Path | None = None,
        sync: bool = True) -> None:
    """Make ``path`` with ``data``; FileExistsError if anything is at its name already.
    ``sync``: on disk before it returns."""
    path = Path(path)
    with _folder(path.parent, below) as fd:
        try:
            _write(os.open(path.name, _NEW, 0o666, dir_fd=fd), _bytes(data), sync)
        except OSError as exc:
            raise _named(exc, path) from None


def replace(path: Path, data: bytes | str, *, below: Path | None = None,
            sync: bool = True) -> None:
    """Write ``path`` in one step (a reader never sees half of it), replacing the file
    codio-print wrote there before; refused (one line) if a link or anything but a file is
    at its name. ``sync``: on disk before the rename (leave it off for a cache)."""
    path = Path(path)
    with _folder(path.parent, below) as fd:
        mode = _file_mode(fd, path)
        temporary = f".{path.name}.tmp-{secrets.token_hex(4)}"
        try:
            _write(os.open(temporary, _NEW, 0o666, dir_fd=fd), _bytes(data), sync, mode)
            os.replace(temporary, path.name, src_dir_fd=fd, dst_dir_fd=fd)
        except OSError as exc:
            with suppress(OSError):
                os.unlink(temporary, dir_fd=fd)
            raise _named(exc, path) from None
        except BaseException:  # Ctrl-C: no hidden file left behind
            with suppress(OSError):
                os.unlink(temporary, dir_fd=fd)
            raise
        if sync:
            os.fsync(fd)  # the rename, too


def update(path: Path, data: bytes | str, *, below: Path | None = None) -> bool:
    """``replace`` when ``path`` does not hold exactly ``data`` already; whether it wrote."""
    path, data = Path(path), _bytes(data)
    with _folder(path.parent, below) as fd:
        if _holds(fd, path.name, data):
            return False
    replace(path, data, below=below)
    return True


def holds(path: Path, data: bytes | str) -> bool:
    """Whether ``path`` is a file holding exactly ``data`` (no link followed, no pipe waited
    for, no more read than ``data``'s size)."""
    path = Path(path)
    try:
        fd = os.open(path.parent, _FOLDER)
    except OSError:
        return False
    try:
        return _holds(fd, path.name, _bytes(data))
    finally:
        os.close(fd)


def make_folder(folder: Path, *, below: Path | None = None) -> None:
    """Make ``folder`` (and those between ``below`` and it) as real folders, or check that
    they are."""
    with _folder(Path(folder), below):
        pass


# --- the folder written into --------------------------------------------------------------

@contextmanager
def _folder(folder: Path, below: Path | None) -> Iterator[int]:
    """An open descriptor of ``folder``, made if need be: every folder below ``below`` (by
    default ``folder`` itself: none) down to it must be a real folder, not a link."""
    start = Path(below) if below is not None else folder
    parts = folder.relative_to(start).parts
    try:
        os.makedirs(start, exist_ok=True)  # the user's own part of the path
        fd = os.open(start, _FOLDER)
    except OSError as exc:
        raise _named(exc, start) from None
    try:
        for i, part in enumerate(parts):
            with suppress(FileExistsError):
                os.mkdir(part, 0o777, dir_fd=fd)
            try:
                inner = os.open(part, _FOLDER | _NOFOLLOW, dir_fd=fd)
            except OSError as exc:
                raise _not_a_folder(exc, fd, part, start.joinpath(*parts[:i + 1])) from None
            os.close(fd)
            fd = inner
        yield fd
    finally:
        os.close(fd)


def _not_a_folder(exc: OSError, fd: int, name: str, where: Path) -> Exception:
    if exc.errno not in (errno.ENOTDIR, errno.ELOOP):
        return _named(exc, where)
    if _is_link(fd, name):
        return InputError(_("is a link to another place: codio-print writes only into a "
                            "real folder"), file=where,
                          fix=_("remove the link; codio-print makes a folder in its place"))
    return InputError(_("is not a folder"), file=where,
                      fix=_("move it away; codio-print makes a folder in its place"))


def _is_link(fd: int, name: str) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode)
    except OSError:
        return False


# --- the file -----------------------------------------------------------------------------

def _file_mode(fd: int, path: Path) -> int | None:
    """The permissions of the file at ``path`` (None: nothing there yet); refused if what is
    there is a link, a folder, a pipe or a device."""
    try:
        found = os.stat(path.name, dir_fd=fd, follow_symlinks=False)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _named(exc, path) from None
    if stat.S_ISLNK(found.st_mode):
        raise InputError(_("is a link to another place: codio-print does not write through "
                           "it"), file=path,
                         fix=_("remove the link; codio-print writes a new file"))
    if not stat.S_ISREG(found.st_mode):
        raise InputError(_("is not a file (a folder, a pipe or a device): codio-print does "
                           "not replace it"), file=path,
                         fix=_("move it away; codio-print writes a new file"))
    return stat.S_IMODE(found.st_mode)


def _holds(fd: int, name: str, data: bytes) -> bool:
    """:func:`holds`, of ``name`` in the folder ``fd``."""
    try:
        handle = os.open(name, os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                         dir_fd=fd)
    except OSError:
        return False
    try:
        found = os.fstat(handle)
        if not stat.S_ISREG(found.st_mode) or found.st_size != len(data):
            return False
        with os.fdopen(os.dup(handle), "rb") as reader:
            return reader.read(len(data) + 1) == data
    finally:
        os.close(handle)


def _write(fd: int, data: bytes, sync: bool, mode: int | None = None) -> None:
    with os.fdopen(fd, "wb") as handle:
        if mode is not None:
            os.fchmod(handle.fileno(), mode)
        handle.write(data)
        if sync:
            handle.flush()
            os.fsync(handle.fileno())


def _bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _named(exc: OSError, path: Path) -> OSError:
    """The error with the whole path (the system only knows the name in the folder), its
    reason in the reader's language (errors.reason)."""
    return OSError(exc.errno, reason(exc), str(path))
