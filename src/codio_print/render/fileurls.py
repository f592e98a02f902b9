"""What a render may read, as a rule about URLs, without WeasyPrint: ``data:`` URLs and local
files under our own folders (the templates, the content, the installed fonts) and the
folders a build names (a workspace). Never the network. The render's fetcher
(render/fetcher.py) applies it; so does the web interface to the files a quick preview
names (web/assets.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from codio_print.i18n import _
from codio_print.inputs.access import within
from codio_print.inputs.roots import builtin_roots


def roots(extra: Iterable[Path] = ()) -> tuple[Path, ...]:
    """The folders a render may read: ours plus ``extra`` (a workspace's folders)."""
    return builtin_roots() + tuple(Path(p).resolve() for p in extra)


def refusal(url: str, allowed: Iterable[Path]) -> str | None:
    """Why ``url`` may not be read, or None if it may."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "data":
        return None
    if scheme in ("http", "https", "ftp", "ftps", "ws", "wss"):
        return _("codio-print never fetches anything from the network")
    if scheme != "file":
        return _("the '{scheme}' scheme is not allowed, only files and data: URLs").format(
            scheme=scheme or url)
    path = local_path(url)
    if path is None:
        return _("files on other machines are not read")
    if within(path, allowed):
        return None
    return _("only files in codio-print's own folders and in the workspace are read")


def local_path(url: str) -> Path | None:
    """The local file a ``file:`` URL names, '..' and symbolic links resolved."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    return Path(url2pathname(parts.path)).resolve()
