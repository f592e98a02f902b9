"""Incremental builds: each output is keyed on everything that went into it.

The key of a piece in a profile hashes its rendered HTML, the files the HTML can reach
(our templates and stylesheets, the workspace's templates, logo and fonts, the font files
and the ICC profile it names), the renderer's version and the profile. The keys live in the
kit's manifest.json; a later build renders only the outputs whose key changed and copies the
rest. A missing or unreadable manifest or file means the output is rendered again: the cache
can make a build faster, never make it fail.

A kit folder travels (a zip, a share, a synced workspace) and its keys can be computed by
anyone with the same version, so a manifest alone proves nothing. A previous kit gives
something only when this user's machine made it: every build records the SHA-256 of the
manifest.json it wrote in the user's cache (``made/``, outside any folder a workspace can
ship), and that manifest lists the SHA-256 of every file. A kit from elsewhere, or one
changed after its build, gives nothing: every output is rendered again. A copy the same
user made is still vouched for (the record is of what the kit holds, not of where it lies).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import unquote, urlsplit

from codio_print import __version__, paths
from codio_print.inputs import access
from codio_print.inputs.roots import builtin_roots
from codio_print.kit import manifest
from codio_print.kit.artifacts import Extra, Output, PieceResult
from codio_print.kit.manifest import ExtraEntry, FileEntry, Manifest
from codio_print.kit.pieces import Piece
from codio_print.kit.profiles import Profile

FORMAT = "codio-print-cache-1"
_FILE_URL = re.compile(r"""file://[^"')\s]+""")


@lru_cache(maxsize=1)
def renderer_version() -> str:
    """WeasyPrint's version, read without importing it."""
    try:
        return version("weasyprint")
    except PackageNotFoundError:  # pragma: no cover
        return "unknown"


STAMP_READ_MAX = 1_000_000  # bytes hashed whole; of larger files (fonts) a sample


STAMP_SAMPLE = 65536  # of a large file, its first and last bytes are hashed


def file_stamp(path: Path, roots: Iterable[Path]) -> str | None:
    """What a file holds, wherever it lies (so a clone elsewhere writes the same manifest):
    its name, size and the hash of its bytes (of a large file, a font of megabytes, its
    first and last 64 KB); None for a file a render could not read either (access.py):
    outside the allowed folders, not a regular file (a pipe, a device)."""
    real = access.resolved(path)
    if real is None:
        return f"{path.name}:missing"
    try:
        with access.opened(real, roots, max_bytes=None) as (handle, info):
            access.note(real)
            size = info.st_size
            if size <= STAMP_READ_MAX:
                data = handle.read(STAMP_READ_MAX)
            else:
                data = handle.read(STAMP_SAMPLE)
                handle.seek(size - STAMP_SAMPLE)
                data += handle.read(STAMP_SAMPLE)
    except access.Refused as refused:
        return f"{path.name}:missing" if refused.reason == access.MISSING else None
    except OSError:
        return f"{path.name}:unreadable"
    return f"{path.name}:{size}:{hashlib.sha256(data).hexdigest()}"


# Template sources show in the HTML they render; only what the HTML reads (stylesheets,
# images, colour profiles) needs stamping, so editing one template rebuilds only its pieces.
_TEMPLATE_SOURCES = (".html", ".j2", ".md")


def _tree_stamps(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    stamps = (file_stamp(p, [folder]) for p in sorted(folder.rglob("*"))
              if p.suffix not in _TEMPLATE_SOURCES and "__pycache__" not in p.parts
              and not p.is_dir())
    return [s for s in stamps if s is not None]


def assets_digest(htmls: list[str], folders: list[Path], roots: Iterable[Path]) -> str:
    """One hash over the files in the template folders that HTML reads, and every local file
    the HTML refers to that a render may read (``roots``, as the fetcher allows)."""
    roots = builtin_roots() + tuple(Path(r) for r in roots)
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{renderer_version()}".encode())
    for folder in [paths.TEMPLATES, *folders]:
        for stamp in _tree_stamps(folder):
            digest.update(stamp.encode() + b"\0")
    referenced = {unquote(urlsplit(url).path) for html in htmls for url in _FILE_URL.findall(html)}
    stamps = (file_stamp(Path(name), roots) for name in referenced)
    for stamp in sorted(s for s in stamps if s is not None):  # in an order of no folder
        digest.update(stamp.encode() + b"\0")
    return digest.hexdigest()


def key(html: str, profile_name: str, assets: str) -> str:
    text = access.placeless(html)  # the files it names are in ``assets``, by their bytes
    return hashlib.sha256(f"{assets}\0{profile_name}\0".encode() + text.encode()).hexdigest()


KEPT_MAX = 256 * 1024 * 1024  # a kit's largest PDF (a poster with big images) is far less


def kept_bytes(kit_dir: Path, entry: FileEntry | ExtraEntry) -> bytes | None:
    """A file of the previous kit (a piece's or an extra's), or None when it is gone or not
    what the manifest says."""
    # By the one rule (access.py): inside the kit, never through a link, a regular file of
    # a size a PDF can have. The manifest may name "/dev/zero" or "../../x": no such file.
    data = access.bytes_or_none(kit_dir / entry.file, [kit_dir], max_bytes=KEPT_MAX, links=False)
    if data is None:
        return None
    return data if hashlib.sha256(data).hexdigest() == entry.sha256 else None


def reusable(previous: Manifest | None, piece_id: str, profile: str, key: str,
             only: frozenset[str] | None) -> FileEntry | None:
    """The previous output to keep: the one rendered from the same key, or, with ``only``
    (watch names what changed), whatever the previous build wrote for a piece not named.
    Either keeps the key and the warnings it was rendered with."""
    if previous is None:
        return None
    entry = previous.entry(piece_id, profile, key)
    if entry is None and only is not None and piece_id not in only:
        entry = previous.any_entry(piece_id, profile)
    return entry


def unchanged_kit(kit_dir: Path, key_of_kit: str, profiles: tuple[Profile, ...],
                  pieces: list[Piece]) -> tuple[list[PieceResult], list[Extra]] | None:
    """The previous kit's results and extras when it was built from exactly these inputs
    and every file is still what the manifest says; else None (build again)."""
    previous = previous_kit(kit_dir)
    if previous is None or previous.kit_key != key_of_kit:
        return None
    by_name = {p.name: p for p in profiles}
    by_id = {p.id: p for p in pieces}
    if [p.id for p in previous.pieces] != list(by_id) or not all(
            kept_bytes(kit_dir, e) is not None for e in previous.extras):  # read as a piece
        return None
    results = []
    for entry in previous.pieces:
        outputs = {}
        for name, f in entry.files.items():
            if name not in by_name or kept_bytes(kit_dir, f) is None:
                return None  # gone or damaged: build again
            outputs[name] = Output(by_name[name], Path(f.file), f.pages, f.sha256,
                                   list(f.warnings), key=f.key)
        results.append(PieceResult(by_id[entry.id], outputs, kit_dir, reused=True))
    extras = [Extra(Path(e.file), e.kind, e.piece, e.paper, e.pages) for e in previous.extras]
    return results, extras


def kit_key(output_keys: list[str], settings: dict) -> str:
    """The key of the whole kit: every output plus what the extras (bundle, tiles) read."""
    text = json.dumps({"outputs": output_keys, "settings": settings}, sort_keys=True,
                      default=str)
    return hashlib.sha256(text.encode()).hexdigest()


# --- what this user's machine made ----------------------------------------------------------

MADE_KEEP = 5000  # records of kits; the least recently used go first


def _made() -> Path:
    return paths.cache_home() / "made"


def previous_kit(kit_dir: Path) -> Manifest | None:
    """The manifest of the kit in ``kit_dir`` when this user's machine wrote it, else None
    (the kit gives nothing: every output is rendered again)."""
    found = manifest.read(kit_dir)
    if found is None or not found.digest:
        return None
    record = _made() / found.digest
    try:
        if not record.is_file() or record.is_symlink():
            return None
        os.utime(record)  # used: kept longest
    except OSError:
        return None
    return found


def remember(digest: str) -> None:
    """This machine wrote the manifest with SHA-256 ``digest``: later builds may take from
    its kit. Nothing when the cache cannot be written (the next build renders everything)."""
    folder = _made()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if folder.is_symlink() or folder.stat().st_uid != os.geteuid():
            return
        folder.chmod(0o700)
        flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
        os.close(os.open(folder / digest, flags, 0o600))
        os.utime(folder / digest)
        _forget_the_oldest(folder)
    except OSError:
        pass


def _forget_the_oldest(folder: Path) -> None:
    names = os.listdir(folder)
    if len(names) <= MADE_KEEP:
        return
    ages = []
    for name in names:
        try:
            ages.append((os.stat(folder / name).st_mtime_ns, name))
        except OSError:
            continue
    for _, name in sorted(ages)[:len(ages) - MADE_KEEP * 9 // 10]:
        (folder / name).unlink(missing_ok=True)
