"""What a command that ends early says about what it leaves behind: the line for Ctrl-C (or
SIGTERM) and the line for a full disk.

A command that writes declares first what it may change (:func:`declare`): its kit, its
resultaten.yaml, its results folder. The line is checked, not assumed: those paths are looked
at when the command starts and again when it ends, so a command interrupted after its new kit
was swapped in says so, instead of claiming the previous one is unchanged. A command that
declares nothing writes nothing.

A full disk names the folder that filled up (where the failing file was, else where the
command writes) and what is unchanged, in one line.
"""

from __future__ import annotations

import errno
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from codio_print.cli.app import state
from codio_print.errors import shown
from codio_print.i18n import N_, _

FULL = {errno.ENOSPC: N_("the disk is full"), errno.EDQUOT: N_("the disk quota is used up")}


@dataclass(frozen=True)
class Stake:
    """What the running command may change, and how to say whether it did."""

    paths: tuple[Path, ...]  # the kit folders, resultaten.yaml, the results folder
    folder: Path             # where the command writes (its hidden work folders too)
    name: Path               # the folder a full disk there is named by
    unchanged: str           # "the previous kit, if any, is unchanged"
    changed: str             # "the new kit is already in {paths}": the paths that changed
    room: str                # a full disk in ``folder``: what to do besides freeing space
    before: tuple            # the paths as they were when it was declared


def declare(*paths: Path, folder: Path, unchanged: str, changed: str, room: str = "",
            name: Path | None = None) -> None:
    """The running command may change ``paths``, writing in ``folder`` (``name``: the folder
    to name for a full disk there, if not ``folder`` itself)."""
    state["stake"] = Stake(tuple(paths), folder, name or folder, unchanged, changed, room,
                           _looks(paths))


def forget() -> None:
    """A new command starts: it has declared nothing yet."""
    state["stake"] = None


# --- the stakes of the commands ------------------------------------------------------------

def kits(kit_dirs: list[Path], out: Path) -> None:
    """A build (or watch) into ``out``: the kits are swapped in whole, or not at all."""
    declare(*kit_dirs, folder=out, unchanged=_("the previous kit, if any, is unchanged"),
            changed=_("the new kit is already in {paths}"),
            room=_(", or build into a folder on another disk with --out (while it renders, "
                   "each render process keeps a copy of the fonts there as well)"))


def results_folder(out: Path) -> None:
    """results build: the folder is replaced whole (its work folder is made beside it)."""
    declare(out, folder=out.parent, name=out,
            unchanged=_("the previous results folder, if any, is unchanged"),
            changed=_("the new results are already in {paths}"),
            room=_(", or give --out a folder on another disk"))


def results_file(path: Path, *, merge: bool) -> None:
    """results import (``merge``) or init: resultaten.yaml is replaced in one step."""
    unchanged = (_("{file} is unchanged") if merge or path.exists()
                 else _("{file} was not written")).format(file=_shown(path))
    declare(path, folder=path.parent, unchanged=unchanged,
            changed=_("{paths} was already updated") if merge
            else _("{paths} was already written"),
            room="" if merge else _(", or write it elsewhere with --out"))


def scaffold(path: Path, again: str) -> None:
    """init and new-case write their files one by one."""
    declare(path, folder=path if path.suffix == "" else path.parent,
            unchanged=_("nothing was written"),
            changed=_("{paths} may be incomplete: remove it and run {command} again").format(
                paths="{paths}", command=again))


def _looks(paths) -> tuple:
    """What a path is, cheaply: replacing a file or swapping a folder changes its inode,
    writing a file in place its size or time."""
    out = []
    for path in paths:
        try:
            info = os.lstat(path)
            out.append((info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns))
        except OSError:
            out.append(None)
    return tuple(out)


def outcome() -> str:
    """What the command that is ending leaves: unchanged, or already changed."""
    stake: Stake | None = state.get("stake")
    if stake is None:
        return _("nothing was changed")
    now = _looks(stake.paths)
    changed = [_shown(p) for p, a, b in zip(stake.paths, stake.before, now) if a != b]
    if not changed:
        return stake.unchanged
    return stake.changed.format(paths=_together(changed))


def _together(items: list[str]) -> str:
    """'a', 'a and b', 'a and b and c' (as the reader's language joins them)."""
    text = items[0]
    for item in items[1:]:
        text = _("{first} and {second}").format(first=text, second=item)
    return text


def _shown(path: Path, folder: bool | None = None) -> str:
    """A path as the user knows it: a folder with a slash after it."""
    text = shown(path)
    if text in (".", ""):
        text = str(Path.cwd())
    if folder is None:
        folder = path.suffix == "" or path.is_dir()
    return text.rstrip("/") + "/" if folder else text


def interrupted() -> str:
    return _("interrupted: {outcome}").format(outcome=outcome())


def disk_full(exc: BaseException) -> OSError | None:
    """The full disk behind ``exc``: itself, or what it was raised from or while handling."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in FULL:
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def full_line(error: OSError, place: str | None = None) -> str:
    """One line: which folder's disk is full, what to do, and what is unchanged.
    ``place``: where the error happened if the system did not say (the file of our own
    error that wrapped it)."""
    stake: Stake | None = state.get("stake")
    if not error.filename and place and not (os.path.isabs(place) or Path(place).exists()):
        place = None  # a piece's name, not a file
    where = error.filename or place
    folder, room = _folder(Path(where) if where else None, stake)
    problem = _(FULL[error.errno])
    if folder is None:
        return _("error: {problem} — free some space, then try again; {outcome}").format(
            problem=problem, outcome=outcome())
    return _("error: {folder}: {problem} — free some space on it{room}; {outcome}").format(
        folder=_shown(folder, folder=True), problem=problem, room=room, outcome=outcome())


def _folder(where: Path | None, stake: Stake | None) -> tuple[Path | None, str]:
    """The folder to name and the advice: the command's own folder when the file was in it
    (its hidden work folders and the render processes' fonts are), else the file's."""
    if stake is not None and (where is None or _inside(where, stake.folder)):
        return stake.name, stake.room
    if where is None:
        return None, ""
    folder = where if where.is_dir() else where.parent
    if _inside(folder, Path(tempfile.gettempdir())):
        return folder, _(", or point TMPDIR at a folder on another disk")
    return folder, ""


def _inside(path: Path, folder: Path) -> bool:
    path, folder = Path(os.path.abspath(path)), Path(os.path.abspath(folder))
    return path == folder or path.is_relative_to(folder)
