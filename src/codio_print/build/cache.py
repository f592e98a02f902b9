"""Incremental builds: each output is keyed on everything that went into it.

The key of a piece in a profile hashes its rendered HTML, the files the HTML can reach
(our templates and stylesheets, the workspace's templates, logo and fonts, the font files
and the ICC profile it names), the renderer's version and the profile. The keys live in the
kit's manifest.json; a later build renders only the outputs whose key changed and copies the
rest. A missing or unreadable manifest or file means the output is rendered again: the cache
can make a build faster, never make it fail.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import unquote, urlsplit

from codio_print import __version__, paths
from codio_print.inputs import access
from codio_print.errors import RenderWarning

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
    if access.refusal(real, roots, max_bytes=None) is not None:
        return None
    try:
        with open(real, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size <= STAMP_READ_MAX:
                data = handle.read(STAMP_READ_MAX)
            else:
                data = handle.read(STAMP_SAMPLE)
                handle.seek(size - STAMP_SAMPLE)
                data += handle.read(STAMP_SAMPLE)
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
    roots = access.builtin_roots() + tuple(Path(r) for r in roots)
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


@dataclass(frozen=True)
class Cached:
    file: Path      # absolute path in the previous kit
    pages: int
    sha256: str
    key: str = ""   # what it was rendered from
    warnings: tuple[RenderWarning, ...] = ()  # what WeasyPrint said when it was rendered


def warnings_of(entry: dict) -> list[RenderWarning]:
    """The warnings a manifest entry kept (an older manifest kept none)."""
    return [RenderWarning(str(w["message"]), file=w.get("file"), line=w.get("line"))
            for w in entry.get("warnings") or []]


def previous(kit_dir: Path) -> tuple[str | None, dict[tuple[str, str], Cached]]:
    """The previous kit's key and its outputs by (piece id, profile) and key."""
    try:
        manifest = json.loads((kit_dir / "manifest.json").read_text(encoding="utf-8"))
        outputs = {}
        for piece in manifest["pieces"]:
            for profile, entry in piece["files"].items():
                if entry.get("key"):
                    outputs[(piece["id"], profile, entry["key"])] = Cached(
                        kit_dir / entry["file"], int(entry["pages"]), entry["sha256"],
                        entry["key"], tuple(warnings_of(entry)))
        return manifest.get("kit_key"), outputs
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None, {}


def read(cached: Cached) -> bytes | None:
    """The cached PDF, or None when it is gone or not what the manifest says."""
    try:
        data = cached.file.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == cached.sha256 else None


def kit_key(output_keys: list[str], settings: dict) -> str:
    """The key of the whole kit: every output plus what the extras (bundle, tiles) read."""
    text = json.dumps({"outputs": output_keys, "settings": settings}, sort_keys=True,
                      default=str)
    return hashlib.sha256(text.encode()).hexdigest()
