"""Write a kit into the output folder all or nothing, one build at a time.

A build writes into a hidden folder next to the kit (``build/.arnhem.tmp-xxxx``) and only a
complete kit replaces the previous one, in one step (Linux ``renameat2(RENAME_EXCHANGE)``;
elsewhere two renames that the next build repairs if they were interrupted). A build that
fails, is interrupted with Ctrl-C or is killed leaves the previous kit as it was; the hidden
folders it leaves behind are removed by the next build into the same folder.

A lock file (``build/.arnhem.lock``, ``flock``) keeps two builds from writing the same kit
at once: the second one waits, or with ``wait=False`` says so and stops. ``results import``
takes the same kind of lock beside resultaten.yaml (:func:`locked`).
"""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from codio_print.errors import InputError, stop_if_asked
from codio_print.i18n import N_, _
from codio_print.inputs import access
from codio_print.kit import manifest

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, the swap still protects the kit
    fcntl = None  # type: ignore[assignment]


def _lock_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.lock")


def _old_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.old")


def temp_prefix(final: Path) -> str:
    # Case ids hold no dots, so '.arnhem.tmp-' never matches another case's folders.
    return f".{final.name}.tmp-"


# Every folder this module writes carries this file, naming what it is ("kit",
# "resultaten"): only such a folder is ever replaced (and so deleted), never a user's own.
MARKER = ".codio-print"
# What a kit of an earlier codio-print (without the marker) holds, and nothing else.
_OLD_KIT_ENTRIES = {"manifest.json", "print", "screen", "tegels", "drukwerk.zip"}


@contextmanager
def replacing(final: Path, *, kind: str = "kit", wait: bool = True,
              on_wait: Callable[[str], None] | None = None,
              is_ours: Callable[[Path], bool] | None = None,
              refusal: Callable[[Path], InputError] | None = None) -> Iterator[Path]:
    """Yield an empty folder (but for the marker); when the block ends without an error it
    becomes ``final``.

    An existing ``final`` is replaced only when it is a folder of the same ``kind`` that
    codio-print wrote (or ``is_ours`` accepts it); otherwise the error ``refusal(final)``
    (default: "... is not a kit made by codio-print") is raised.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    with locked(final, wait, on_wait):
        _check_replaceable(final, kind, is_ours, refusal)
        _clean_up(final)
        work = _new_name(final)
        try:  # made inside the try: a Ctrl-C just after mkdir still removes it
            _make(work)
            (work / MARKER).write_text(f"codio-print {kind}\n", encoding="utf-8")
            yield work
            _sync(work)
            stop_if_asked()  # a Ctrl-C that a library swallowed still keeps the old kit
            _swap(work, final)
        finally:
            shutil.rmtree(work, ignore_errors=True)  # after the swap it holds the old kit


@contextmanager
def scratch(final: Path) -> Iterator[Path]:
    """A hidden folder next to ``final`` for this build's temporary files (WeasyPrint's copies
    of the fonts), and the process's temp folder meanwhile; removed at the end, and after a
    kill by the next build (it has the prefix of the half-written folders). Take it under
    the lock, inside :func:`replacing`."""
    folder = _new_name(final)
    previous = tempfile.tempdir
    try:  # made inside the try: a Ctrl-C just after mkdir still removes it
        _make(folder)
        tempfile.tempdir = str(folder.absolute())  # the same place after a chdir (LibreOffice)
        yield folder
    finally:
        tempfile.tempdir = previous
        shutil.rmtree(folder, ignore_errors=True)


def _new_name(final: Path) -> Path:
    """A fresh name for a hidden folder next to ``final``. Taken under the lock, after
    :func:`_clean_up` removed what earlier builds left: nothing else makes such names."""
    return final.with_name(temp_prefix(final) + secrets.token_hex(4))


def _make(folder: Path) -> None:
    """Make ``folder`` with the user's usual permissions (``tempfile.mkdtemp`` would make it
    private, and the kit with it). Called inside the ``try`` whose ``finally`` removes it:
    a signal between the folder's making and the ``try`` would leave it behind (seen: a
    Ctrl-C right after mkdir left the hidden folder of an interrupted build)."""
    folder.mkdir()


@contextmanager
def locked(final: Path, wait: bool = True,
           on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the lock of ``final`` (a kit's folder, resultaten.yaml): ``.<name>.lock`` beside
    it. Another process holding it: wait, or with ``wait=False`` say so and stop."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    fd = _open_lock(_lock_path(final))
    with os.fdopen(fd, "r+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise InputError(_("another build is writing {folder}/ right now").format(
                    folder=final), fix=_("wait until it has finished, or build into another "
                                         "--out folder")) from None
            if on_wait:
                on_wait(_("another build is writing {folder}/; waiting until it has "
                          "finished").format(folder=final))
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _open_lock(path: Path) -> int:
    """The lock file, made if need be: never through a link (a shared workspace could point
    it at any file), and only if it is a plain file."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(_("the lock file is a link to somewhere else"), file=path,
                             fix=_("remove it; codio-print makes a new one")) from None
        if exc.errno == errno.EISDIR:
            raise InputError(_("the lock file is not a file"), file=path,
                             fix=_("remove it; codio-print makes a new one")) from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise InputError(_("the lock file is not a file"), file=path,
                         fix=_("remove it; codio-print makes a new one"))
    return fd


def written_by_us(folder: Path, kind: str = "kit") -> bool:
    """A folder codio-print may replace: empty, or marked as a ``kind`` it wrote (a kit of
    an earlier version: its own manifest, and nothing but kit files beside it)."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    entries = {p.name for p in folder.iterdir()}
    if not entries:
        return True
    # Read by the one rule (access.py), never through a link: a link, a pipe or a device
    # there is no marker of ours.
    if access.bytes_or_none(folder / MARKER, [folder], max_bytes=64, links=False) \
            == f"codio-print {kind}\n".encode():
        return True
    return kind == "kit" and entries <= _OLD_KIT_ENTRIES and _old_manifest(folder)


def is_kit(folder: Path) -> bool:
    return written_by_us(folder, "kit")


def _old_manifest(folder: Path) -> bool:
    """The manifest.json an earlier codio-print wrote for this very case."""
    found = manifest.read(folder)
    return found is not None and found.case == folder.name and bool(found.kit_key)


_WHAT = {"kit": N_("{path} exists and is not a kit made by codio-print"),
         "resultaten": N_("{path} exists and is not a results folder made by codio-print")}


def _check_replaceable(final: Path, kind: str, accept: Callable[[Path], bool] | None = None,
                       refusal: Callable[[Path], InputError] | None = None) -> None:
    if not (final.exists() or final.is_symlink()):
        return
    if (accept or (lambda folder: written_by_us(folder, kind)))(final):
        return
    if refusal:
        raise refusal(final)
    raise InputError(_(_WHAT.get(kind, _WHAT["kit"])).format(path=final), file=final,
                     fix=_("move it away, or write into another --out folder"))


def _clean_up(final: Path) -> None:
    """Undo what an interrupted build left: restore a kit caught between two renames,
    remove half-written folders. Runs under the lock, so no other build is using them."""
    old = _old_path(final)
    if old.is_dir() and not old.is_symlink():  # a link there is none of ours: never followed
        if not final.exists():
            old.rename(final)
        else:
            shutil.rmtree(old, ignore_errors=True)
    for stale in final.parent.glob(temp_prefix(final) + "*"):
        shutil.rmtree(stale, ignore_errors=True)


def _sync(folder: Path) -> None:
    """Put the new files on disk before they replace the old ones (power cuts, too)."""
    for path in folder.iterdir():
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms that cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _swap(new: Path, final: Path) -> None:
    """Make ``new`` the kit. Afterwards ``new`` holds the previous kit (or nothing)."""
    if not final.exists():
        new.rename(final)
    elif not exchange(new, final):
        old = _old_path(final)
        final.rename(old)   # an interruption here is repaired by the next build's _clean_up
        new.rename(final)
        old.rename(new)
    _fsync_dir(final.parent)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step; False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError, TypeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False  # old kernel or a file system without exchange
    raise OSError(code, os.strerror(code), str(b))

