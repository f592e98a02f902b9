"""The files a quick preview names (stylesheets, fonts, images), served to its sandboxed
frame by a name that is a capability: ``/voorbeeldbestand/<key>``, the key an HMAC of the
file's path, size and time under this run's secret. A frame without the interface's origin
sends no cookie, so the key alone lets a file through; only a file the render itself may
read (render/fetcher.py's rule: codio-print's templates and content, the installed fonts,
the workspace) ever gets one, and the key changes with the file and with every run. The
same file keeps its key, so the browser loads a font once.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from pathlib import Path

PREFIX = "/voorbeeldbestand/"
FILE_URL = re.compile(r"""file:[^'"()\s<>]+""")
CSS_RELATIVE = re.compile(r"""url\(\s*(['"]?)(?![a-z][a-z0-9+.-]*:)([^'")\s]+)\1\s*\)""", re.I)
MAX_BYTES = 30 * 1024 * 1024


class Assets:
    """This run's capability names for files, and the files they name."""

    def __init__(self) -> None:
        self._secret = secrets.token_bytes(32)
        self._files: dict[str, tuple[Path, tuple[Path, ...]]] = {}

    def key(self, path: Path, allowed: tuple[Path, ...]) -> str:
        info = path.stat()
        text = f"{path}\0{info.st_size}\0{info.st_mtime_ns}".encode()
        key = hmac.new(self._secret, text, hashlib.sha256).hexdigest()[:40]
        self._files[key] = (path, allowed)
        return key + path.suffix.lower()

    def served(self, name: str) -> tuple[bytes, str] | None:
        """The bytes a capability name gives, and their type; a stylesheet with its own
        URLs named in turn. None for a name this run did not give out."""
        import mimetypes

        from codio_print.inputs import access

        found = self._files.get(name.rsplit(".", 1)[0])
        if found is None:
            return None
        path, allowed = found
        try:
            data = access.read_file(path, allowed, max_bytes=MAX_BYTES)[0]
        except (access.Refused, OSError):
            return None
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix.lower() == ".css":
            text = self.rewrite(data.decode("utf-8", "replace"), allowed, base=path.as_uri())
            return text.encode("utf-8"), "text/css"
        return data, {".ttf": "font/ttf", ".otf": "font/otf"}.get(path.suffix.lower(), kind)

    def rewrite(self, text: str, allowed: tuple[Path, ...], base: str | None = None) -> str:
        """``text`` (HTML or CSS) with every ``file:`` URL the render may read turned into
        its capability name, and every other one into nothing; in a stylesheet, relative
        URLs are first read against ``base`` (the sheet's own URL)."""
        if base is not None:
            folder = base.rsplit("/", 1)[0] + "/"
            text = CSS_RELATIVE.sub(lambda m: f'url("{folder}{m.group(2)}")', text)
        return FILE_URL.sub(lambda m: self._named(m.group(0), allowed), text)

    def _named(self, url: str, allowed: tuple[Path, ...]) -> str:
        path = readable(url, allowed)
        return f"{PREFIX}{self.key(path, allowed)}" if path is not None else "about:blank"


def readable(url: str, allowed: tuple[Path, ...]) -> Path | None:
    """The local file a ``file:`` URL names, if the render's own rule lets it be read
    (render/fileurls.py), and it is there."""
    from codio_print.render.fileurls import local_path, refusal

    if not url.lower().startswith("file:") or refusal(url, allowed) is not None:
        return None
    path = local_path(url)
    return path if path is not None and path.is_file() else None


def allowed_roots(workspace: Path) -> tuple[Path, ...]:
    """What a render of this workspace may read (render/fileurls.py roots)."""
    from codio_print.render.fileurls import roots

    return roots([workspace])
