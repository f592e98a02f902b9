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
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import __version__, paths

FORMAT = "codio-print-cache-1"
_FILE_URL = re.compile(r"""file://[^"')\s]+""")


@lru_cache(maxsize=1)
def renderer_version() -> str:
    """WeasyPrint's version, read without importing it."""
    try:
        return version("weasyprint")
    except PackageNotFoundError:  # pragma: no cover
        return "unknown"


def _file_stamp(path: Path) -> str:
    """Content hash of small files; size and time of large ones (fonts of megabytes)."""
    try:
        stat = path.stat()
    except OSError:
        return f"{path}:missing"
    if stat.st_size > 1_000_000:
        return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"
    return f"{path}:{hashlib.sha256(path.read_bytes()).hexdigest()}"


# Template sources show in the HTML they render; only what the HTML reads (stylesheets,
# images, colour profiles) needs stamping, so editing one template rebuilds only its pieces.
_TEMPLATE_SOURCES = (".html", ".j2", ".md")


def _tree_stamps(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return [_file_stamp(p) for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix not in _TEMPLATE_SOURCES and "__pycache__" not in p.parts]


def assets_digest(htmls: list[str], folders: list[Path]) -> str:
    """One hash over the files in the template folders that HTML reads, and every local file
    the HTML refers to."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{renderer_version()}".encode())
    for folder in [paths.TEMPLATES, *folders]:
        for stamp in _tree_stamps(folder):
            digest.update(stamp.encode() + b"\0")
    referenced = {unquote(urlsplit(url).path) for html in htmls for url in _FILE_URL.findall(html)}
    for name in sorted(referenced):
        digest.update(_file_stamp(Path(name)).encode() + b"\0")
    return digest.hexdigest()


def key(html: str, profile_name: str, assets: str) -> str:
    return hashlib.sha256(f"{assets}\0{profile_name}\0".encode() + html.encode()).hexdigest()


@dataclass(frozen=True)
class Cached:
    file: Path      # absolute path in the previous kit
    pages: int
    sha256: str


def previous(kit_dir: Path) -> tuple[str | None, dict[tuple[str, str], Cached]]:
    """The previous kit's key and its outputs by (piece id, profile) and key."""
    try:
        manifest = json.loads((kit_dir / "manifest.json").read_text(encoding="utf-8"))
        outputs = {}
        for piece in manifest["pieces"]:
            for profile, entry in piece["files"].items():
                if entry.get("key"):
                    outputs[(piece["id"], profile, entry["key"])] = Cached(
                        kit_dir / entry["file"], int(entry["pages"]), entry["sha256"])
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
