"""The files `codio-print check` reads, bounded: the members of a zip (the shop's
drukwerk.zip, or the one in a kit), the files of the folder it was unpacked into, and the
files of a built kit that its manifest names.

A zip says in its headers what each member inflates to; a member or all of them together
beyond the bounds is refused before anything is inflated, and reading stops at the bound
too (a 3 MB zip can hold a 3 GB member). A folder's files are regular files, not links, and
within the same bounds. A kit's files lie in the kit's folder, not behind a link.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from codio_print.errors import InputError
from codio_print.i18n import N_, _

MEMBER_MAX = 256 * 2**20  # a print file of the largest poster with its images is far less
TOTAL_MAX = 512 * 2**20
MEMBERS_MAX = 1000        # a drukwerk.zip holds the job sheet, its page and the print files
FIX = N_("this is not a drukwerk.zip as codio-print makes it: ask for the zip again, or build "
         "the kit again")
_BLOCK = 1 << 20


def zip_files(path: Path) -> dict[str, bytes]:
    """Every member of the zip at ``path`` (not its folders), by name; one InputError when
    the zip cannot be read or holds more than the bounds allow."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
            _headers(infos)
            files, total = {}, 0
            for info in infos:
                files[info.filename] = data = _member(archive, info)
                total += len(data)
                if total > TOTAL_MAX:
                    raise _over(_("its files inflate to more than {bound} together").format(
                        bound=_bound(TOTAL_MAX)))
            return files
    except InputError as exc:
        exc.file = str(path)
        raise
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError,
            RuntimeError, ValueError, EOFError) as exc:
        raise InputError(_("cannot be read as a zip: {reason}").format(reason=exc), file=path,
                         fix=_(FIX)) from None


def _headers(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MEMBERS_MAX:
        raise _over(_("holds {count} files, more than the {bound} a drukwerk.zip may "
                      "hold").format(count=len(infos), bound=MEMBERS_MAX))
    for info in infos:
        if info.file_size > MEMBER_MAX:
            raise _over(_("'{name}' inflates to {size}, more than the {bound} a file of the "
                          "print shop's zip may hold").format(
                name=info.filename, size=_size(info.file_size), bound=_bound(MEMBER_MAX)))
    total = sum(i.file_size for i in infos)
    if total > TOTAL_MAX:
        raise _over(_("its files inflate to {size} together, more than the {bound} a "
                      "drukwerk.zip may hold").format(size=_size(total),
                                                      bound=_bound(TOTAL_MAX)))


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One member, read a block at a time and never beyond the bound (whatever its header
    says)."""
    blocks, size = [], 0
    try:
        with archive.open(info) as member:
            while block := member.read(_BLOCK):
                size += len(block)
                if size > MEMBER_MAX:
                    raise _over(_("'{name}' inflates to more than {bound}").format(
                        name=info.filename, bound=_bound(MEMBER_MAX)))
                blocks.append(block)
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError, ValueError,
            EOFError) as exc:
        raise InputError(_("'{name}' cannot be read: {reason}").format(
            name=info.filename, reason=exc), fix=_(FIX)) from None
    return b"".join(blocks)


def folder_files(folder: Path) -> dict[str, bytes]:
    """The files of the folder a drukwerk.zip was unpacked into (its subfolders are not
    looked in), by name: regular files only, within the zip's bounds."""
    names = sorted(os.listdir(folder))
    if len(names) > MEMBERS_MAX:
        raise InputError(_("holds {count} files, more than the {bound} a drukwerk.zip may "
                           "hold").format(count=len(names), bound=MEMBERS_MAX),
                         file=folder, fix=_(FIX))
    files, total = {}, 0
    for name in names:
        path = folder / name
        if stat.S_ISDIR(os.lstat(path).st_mode):
            continue
        data = read_file(path)
        if data is None:
            raise InputError(_("is a link or not a regular file, not a file unpacked from a "
                               "zip"), file=path,
                             fix=_("unpack drukwerk.zip again and check that folder"))
        total += len(data)
        if total > TOTAL_MAX:
            raise InputError(_("its files are more than {bound} together").format(
                bound=_bound(TOTAL_MAX)), file=folder, fix=_(FIX))
        files[name] = data
    return files


def read_file(path: Path) -> bytes | None:
    """The bytes of a regular file that is not a link, or None; InputError beyond the bound
    (read no further than it, however the file grows)."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
                         | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    with os.fdopen(handle, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None
        if info.st_size > MEMBER_MAX:
            raise InputError(_("is {size}, more than the {bound} a file of the print shop's "
                               "zip may hold").format(size=_size(info.st_size),
                                                      bound=_bound(MEMBER_MAX)),
                             file=path, fix=_(FIX))
        data = file.read(MEMBER_MAX + 1)
    if len(data) > MEMBER_MAX:
        raise InputError(_("is more than {bound}").format(bound=_bound(MEMBER_MAX)), file=path,
                         fix=_(FIX))
    return data


def kit_file(folder: Path, name: str) -> bytes | None:
    """A file a kit's manifest names, or None when it is missing; InputError (its message
    is the problem) when it is not a regular file in the kit's folder."""
    path = in_kit(folder, name)
    if not os.path.lexists(path):
        return None
    data = read_file(path)
    if data is None:  # a pipe, a device, a folder
        raise InputError(_(NOT_IN_KIT).format(name=name))
    return data


def in_kit(folder: Path, name: str) -> Path:
    """The path of ``name`` in the kit's folder; InputError when it leads out of it or is a
    link."""
    path = folder / name
    if path.is_symlink() or not Path(os.path.realpath(path)).is_relative_to(
            os.path.realpath(folder)):
        raise InputError(_(NOT_IN_KIT).format(name=name))
    return path


NOT_IN_KIT = N_("'{name}' is not a file of this kit (a link, not a regular file, or a name "
                "outside its folder)")


def _over(message: str) -> InputError:
    return InputError(message, fix=_(FIX))


def _size(n: int) -> str:
    return f"{n / 2**30:.1f} GB" if n >= 2**30 else f"{n / 2**20:.1f} MB"


def _bound(n: int) -> str:
    return f"{n / 2**30:g} GB" if n >= 2**30 else f"{n / 2**20:g} MB"
