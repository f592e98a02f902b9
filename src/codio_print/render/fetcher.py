"""What a render may read: ``data:`` URLs and files under our own folders. Never the network.

WeasyPrint fetches stylesheets, images and fonts through a URL fetcher. Ours allows files
under the package's templates and content, the installed fonts (the fontpkg packages and the
system font folders) and the folders a build names (a workspace); it refuses ``http(s):``
and every other scheme, and files anywhere else. A refusal stops the render:
:class:`Refused` derives from WeasyPrint's ``FatalURLFetchingError`` (a ``BaseException``),
which ``pdf.render_pdf`` turns into a one-line error.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path

from codio_print.render import weasy

weasy.load()
from weasyprint.urls import (FatalURLFetchingError, URLFetcher,  # noqa: E402
                             URLFetcherResponse, iri_to_uri)

from codio_print.inputs import access  # noqa: E402
from codio_print.render.fileurls import (local_path, refusal,  # noqa: E402,F401
                                         roots)  # pdf.py and the slides take it from here
from codio_print.inputs.assets import IMAGE_SUFFIXES, check_image  # noqa: E402
from codio_print.errors import ContentError  # noqa: E402
from codio_print.i18n import _  # noqa: E402


class Refused(FatalURLFetchingError):
    """A URL the render may not read, or an image it should not print. Stops the render."""

    def __init__(self, url: str, reason: str, fix: str | None = None):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.fix = fix


class _Read(URLFetcherResponse):
    """A file's bytes, read by the one rule for reading: WeasyPrint has no file name to open
    again (it would, by name, for a raster image)."""

    path = None


class RestrictedFetcher(URLFetcher):
    """WeasyPrint's fetcher, limited to ``data:`` and files under ``allowed``. A file is read
    here, by the one rule for reading (inputs/access.py): the file opened must lie under
    ``allowed``, be a regular file (a pipe is never waited for) and be of a reasonable size;
    WeasyPrint gets those bytes, never the file's name to open itself."""

    def __init__(self, allowed: Iterable[Path]):
        super().__init__(timeout=1, allowed_protocols=("file", "data"), allow_redirects=False)
        self.allowed = tuple(allowed)
        self.refused: list[Refused] = []  # also those WeasyPrint swallows (inside SVG images)

    def fetch(self, url, headers=None):
        reason = refusal(url, self.allowed)
        if reason:
            self.refuse(Refused(url, reason))
        path = local_path(url)
        if path is None:  # a data: URL
            return super().fetch(url, headers)
        try:
            data = access.read_file(path, self.allowed)[0]
        except access.Refused as refused:
            if refused.reason == access.MISSING:  # a warning, as WeasyPrint gives one
                raise FileNotFoundError(_("{file} does not exist").format(file=path)) from None
            self.refuse(Refused(url, _("it {reason}").format(reason=_(refused.reason))))
        if path.suffix.lower() in IMAGE_SUFFIXES:
            try:
                check_image(path, data=data)
            except ContentError as exc:
                self.refuse(Refused(url, exc.message, exc.fix))
        kind = mimetypes.guess_type(path.name)[0] or "text/plain"  # as urllib's file: handler
        return _Read(iri_to_uri(url.split("?")[0]), data, {"Content-Type": kind})

    def refuse(self, refused: Refused) -> None:
        self.refused.append(refused)
        raise refused
