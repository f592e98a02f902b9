"""HTML to PDF with WeasyPrint. Imported only where a piece is really rendered.

A render reads only what :mod:`fetch` allows; its logged warnings are returned per piece,
each naming the file (and line) it comes from; text cut off by a fixed-size box fails it.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from codio_print import paths
from codio_print.render import budget as page_budget, limits, weasy
from codio_print.inputs import access
from codio_print.inputs.access import placeless
from codio_print.render.colour import DEFAULT_ICC, cmyk_image, cmyk_svg
from codio_print.errors import RenderError, RenderWarning
from codio_print.i18n import _
from codio_print.render.fetcher import Refused, RestrictedFetcher, roots
from codio_print.render.overflow import cut_off
from codio_print.kit.pieces import Budget
from codio_print.kit.profiles import Profile
from codio_print.kit.dates import FALLBACK_EPOCH

# Fonts subset by fontTools stamp the current time unless this is set: keep output reproducible.
# The same fixed date as stamp.build_time(), so reading it back changes nothing.
os.environ.setdefault("SOURCE_DATE_EPOCH", str(FALLBACK_EPOCH))

_RASTER = ("image/png", "image/jpeg", "image/gif", "image/webp", "image/tiff", "image/bmp")

SOURCE_SUFFIXES = (".html", ".css", ".j2", ".yaml", ".yml", ".svg")
MAX_SOURCE_BYTES = 5 * 1024 * 1024  # a template, stylesheet or YAML file is far smaller


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    warnings: list[RenderWarning]


def render_pdf(html: str, base_url: str, *, name: str, variant: str | None = None,
               tags: bool = False, allowed: Iterable[Path] = (), profile: Profile | None = None,
               icc: Path = DEFAULT_ICC, budget: Budget | None = None) -> Rendered:
    """Render one piece; WeasyPrint's logged warnings are returned, not lost. A plain function
    of its arguments, so it can run in a worker.

    ``variant`` is a WeasyPrint ``pdf_variant`` such as ``pdf/ua-1``; ``tags`` adds the
    structure tree (headings, lists, tables, figures) that screen readers use. ``allowed``:
    folders besides our own that the render may read (a workspace). ``profile`` (profiles.py:
    print or screen) sets the variant instead, a stable document id, and for print reads the
    CMYK profile ``icc`` and converts images to CMYK. ``budget``: the pages the piece must
    keep (render/budget.py: the type steps down until it does, else the render fails)."""
    weasyprint = weasy.load()
    from weasyprint.text.fonts import FontConfiguration

    folders = [Path(p) for p in allowed]
    fetcher = _fetcher(profile, folders, icc)
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    own = not _SHARED_FONTS
    fonts = FontConfiguration() if own else _SHARED_FONTS[-1]
    forms = bool(profile and profile.forms) or None  # fillable worksheets: screen only
    if forms:
        from codio_print.render import forms as pdf_forms
        pdf_forms.keep_subsets(weasyprint)
    capped = False
    try:
        with limits.wall_clock(limits.RENDER_SECONDS), \
                limits.memory_cap(limits.RENDER_MEMORY) as capped:
            document = _fitted(weasyprint, html, base_url, fetcher, fonts, forms,
                               name=name, budget=budget)
            pdf = _finished(document, html, forms, name=name, profile=profile,
                            variant=variant, tags=tags)
    except Refused as exc:
        raise _refused(exc, name, folders) from None
    except RenderError:
        raise
    except limits.TooLong:
        raise limits.too_long(name) from None
    except MemoryError:
        raise limits.too_large(name) from None
    except Exception as exc:  # WeasyPrint raises many kinds; name the piece
        if capped and isinstance(exc, SystemError):  # C code that could not allocate
            raise limits.too_large(name) from None  # and said nothing (limits.py)
        full = _disk_full(exc, fonts)
        if full is not None:  # the command's line names the folder (cli/endings.py)
            raise full from exc
        raise RenderError(_("could not render: {reason}").format(reason=exc), file=name,
                          fix=_("run with --debug for details")) from exc
    finally:
        logger.removeHandler(handler)
        if own:
            _remove_font_folder(fonts)
    if fetcher.refused:  # refused inside something WeasyPrint guards (an SVG image)
        raise _refused(fetcher.refused[0], name, folders)
    _check_fits(document, name)
    warnings = [_warning(record, frame_url, name, folders)
                for record, frame_url in handler.records]
    return Rendered(pdf, len(document.pages), warnings)


def _fetcher(profile: Profile | None, folders: list[Path], icc: Path) -> RestrictedFetcher:
    """What the render may read: our folders and ``folders``; for CMYK, the profile ``icc``
    too, with images converted."""
    if profile and profile.cmyk:
        return _cmyk_fetcher(roots([*folders, icc]), icc,  # that file, not its folder
                             mono=profile.mono)
    return RestrictedFetcher(roots(folders))


def _check_fits(document, name: str) -> None:
    """Text cut off by its box (overflow.py) is an error, not a silent loss."""
    for cut in cut_off(document):
        raise RenderError(_("{piece}, page {page}: the {field} '{text}' does not fit its "
                            "box").format(piece=name, page=cut.page, field=cut.field,
                                          text=cut.text),
                          fix=_("shorten it"), key=cut.field)


def _fitted(weasyprint, html: str, base_url: str, fetcher, fonts, forms, *, name: str,
            budget: Budget | None):
    """WeasyPrint's document of ``html``, laid out as designed or at the first type step
    that keeps the piece's page budget (render/budget.py) and cuts no text off (overflow.py;
    a slide's title that is too long for it). At the last step what still breaks is an
    error: the budget's, else the first text cut off (_check_fits)."""
    for step in range(page_budget.STEPS + 1):
        document = weasyprint.HTML(string=page_budget.stepped(html, step), base_url=base_url,
                                   url_fetcher=fetcher).render(font_config=fonts,
                                                               pdf_forms=forms)
        _refuse_attachments(document, name)  # before write_pdf would read them
        if fetcher.refused:
            return document  # render_pdf names what was refused
        broken = page_budget.problem(document, budget)
        if broken is None and not cut_off(document):
            return document
    if broken is not None:
        raise page_budget.error(name, budget, broken)
    return document


def _finished(document, html: str, forms, *, name: str, profile: Profile | None,
              variant: str | None, tags: bool) -> bytes:
    """The PDF of ``document``, finished for the profile (render_pdf's work, within the
    bounds of limits.py)."""
    if profile:
        variant = profile.pdf_variant
        _stable_document_id(document, html, profile)
    if profile and profile.also_ua:
        from codio_print.render import archive
        archive.declare_ua(document)
        tags = True
    pdf = document.write_pdf(pdf_variant=variant, pdf_tags=tags, pdf_forms=forms,
                             custom_metadata=forms)
    if (variant or "").startswith("pdf/ua") or (profile and profile.also_ua):
        from codio_print.render.pdfua import finish  # what WeasyPrint leaves out of UA
        pdf = finish(pdf)
    if forms:
        from codio_print.render import forms as pdf_forms
        pdf = pdf_forms.finish(pdf)
    if profile and profile.also_ua:
        pdf = archive.finish(pdf)
    return pdf


def _refuse_attachments(document, name: str) -> None:
    """A PDF of the kit carries no files: a template could otherwise hide the participant
    list (or anything the render may read) in every e-mailed screen PDF."""
    if document.metadata.attachments or any(link[0] == "attachment"
                                            for page in document.pages for link in page.links):
        raise RenderError(_("a template attaches a file to the PDF (rel=\"attachment\")"),
                          file=name, fix=_("remove the rel=\"attachment\" link: codio-print's "
                                           "PDFs carry no attachments"))


def _disk_full(exc: Exception, fonts) -> OSError | None:
    """A full disk while rendering, as an error naming the folder that filled up. WeasyPrint
    writes nothing but its copies of the fonts, in a folder it makes in the temporary folder
    (in a build: each render process's folder in the scratch folder beside the kit)."""
    if not isinstance(exc, OSError) or exc.errno not in (errno.ENOSPC, errno.EDQUOT):
        return None
    folder = getattr(fonts, "_folder", None)
    where = str(Path(folder).parent) if folder else exc.filename or tempfile.gettempdir()
    return OSError(exc.errno, exc.strerror, where)


# The font configuration the renders of this process share, while shared_fonts() is open.
_SHARED_FONTS: list = []


@contextmanager
def shared_fonts() -> Iterator[None]:
    """One WeasyPrint font configuration for every render in the block (a render worker's
    life, a serial run of renders): each font of the @font-face rules is loaded once, not once
    per document. The PDFs are the same, byte for byte. Its temporary folder goes at the end."""
    weasy.load()
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    _SHARED_FONTS.append(fonts)
    try:
        yield
    finally:
        _SHARED_FONTS.remove(fonts)
        _remove_font_folder(fonts)


def _remove_font_folder(fonts) -> None:
    """WeasyPrint copies the fonts of a document into a temporary folder that it removes only
    when the configuration is garbage collected (never, in a worker that exits at once)."""
    folder = getattr(fonts, "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        fonts._folder = None


def _stable_document_id(document, html: str, profile: Profile) -> None:
    """PDF/X-4 writes a random ``xmp.did:`` uuid; make it a hash of what was rendered. The
    folders in file: URLs are left out: a clone in another folder (or another virtual
    environment for the fonts) gives the same bytes."""
    digest = hashlib.sha256(f"{profile.name}\0{placeless(html)}".encode()).hexdigest()
    stable = f"xmp.did:{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    original = document.metadata.generate_rdf_metadata

    def generate_rdf_metadata(*args, **kwargs) -> bytes:
        rdf = original(*args, **kwargs)
        return re.sub(rb"xmp\.did:[0-9a-f-]{36}", stable.encode(), rdf)

    document.metadata.generate_rdf_metadata = generate_rdf_metadata


def _cmyk_fetcher(allowed: Iterable[Path], icc: Path, mono: bool = False) -> RestrictedFetcher:
    """The restricted fetcher, with images (a theme's logo) converted to CMYK for print (in
    black ink only for the mono profile)."""
    from weasyprint.urls import URLFetcherResponse

    class CmykImages(RestrictedFetcher):
        def fetch(self, url, headers=None):
            response = super().fetch(url, headers)
            if response.content_type == "image/svg+xml":
                data, kind = cmyk_svg(response.read(), icc, mono), "image/svg+xml"
            elif response.content_type in _RASTER:
                data, kind = cmyk_image(response.read(), icc, mono), "image/jpeg"
            else:
                return response
            response.close()
            # Not a file: URL, or WeasyPrint reads the original file again instead of this data.
            return URLFetcherResponse(f"converted-to-cmyk:{response.url}", data,
                                      {"Content-Type": kind})

    return CmykImages(allowed)


def _refused(exc: Refused, piece: str, folders: list[Path]) -> RenderError:
    file, line = locate(exc.url, folders) or (piece, None)
    if exc.fix:  # an image that is missing, damaged or too large
        return RenderError(_("{reason} (in {piece})").format(reason=exc.reason, piece=piece),
                           file=file, line=line, fix=exc.fix)
    return RenderError(_("{piece} refers to '{url}', which may not be read: {reason}").format(
        piece=piece, url=exc.url, reason=exc.reason), file=file, line=line,
        fix=_("put the file in the workspace and refer to it by its name, or remove the "
              "reference"))


# --- warnings ------------------------------------------------------------------------------

class _Collect(logging.Handler):
    """Keep WeasyPrint's warnings with the stylesheet being read when each was logged."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[logging.LogRecord, str | None]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record, _stylesheet_url()))


def _stylesheet_url() -> str | None:
    """The base URL of the stylesheet WeasyPrint is parsing, read from its call stack."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "preprocess_stylesheet":
            return frame.f_locals.get("base_url")
        frame = frame.f_back
    return None


_AT = re.compile(r"^(?P<what>.*?) at (?P<line>\d+):\d+(?P<rest>[,.].*)?$", re.DOTALL)
_QUOTED = re.compile(r"`([^`]+)`|'([^']+)'|\"([^\"]+)\"")


def _warning(record: logging.LogRecord, sheet_url: str | None, piece: str,
             folders: list[Path]) -> RenderWarning:
    message = " ".join(record.getMessage().split())
    line = None
    match = _AT.match(message)
    if match:
        message = match["what"] + (match["rest"] or "")
        line = int(match["line"])
    message = re.sub(r"`\s*(.*?)\s*`", r"`\1`", message).rstrip(".")
    if message.endswith(":"):  # WeasyPrint's reason was empty: say what went wrong
        message += " " + _reason(record)
    sheet = _file_of(sheet_url)
    if sheet is not None:  # a stylesheet file: WeasyPrint's line is that file's
        return RenderWarning(message, file=str(sheet), line=line)
    quoted = next((g for m in _QUOTED.finditer(message) for g in m.groups()
                   if g and _REFERENCE.search(g)), None)
    found = locate(quoted, folders) if quoted else None
    if found:
        return RenderWarning(message, file=found[0], line=found[1])
    return RenderWarning(message, file=piece)


# What a quoted part of a warning must look like to be looked for in the source files: a URL,
# a path or a CSS declaration; a plain word ("lang") is found anywhere and proves nothing.
_REFERENCE = re.compile(r"[:/.]")


def _reason(record: logging.LogRecord) -> str:
    """The cause WeasyPrint kept but did not print (e.g. an SVG it could not read)."""
    exc = next((a for a in reversed(record.args or ()) if isinstance(a, BaseException)), None)
    cause = exc.__cause__ if exc is not None else None
    if cause is None:
        return _("the image could not be read")
    text = " ".join(f"{type(cause).__name__}: {cause}".split())
    return _("the image could not be read ({reason}); draw it without @import or external "
             "files, or use a PNG").format(reason=text)


def _file_of(url: str | None) -> Path | None:
    if not url or not url.startswith("file:") or url.endswith("/"):
        return None
    return Path(url2pathname(urlsplit(url).path))


def locate(needle: str, folders: Iterable[Path]) -> tuple[str, int] | None:
    """The first file and line, among the workspace's and our own sources, holding ``needle``
    (a URL, a CSS declaration): where a refused URL or a warning came from."""
    needle = needle.strip()
    candidates = [needle]
    if needle.startswith("file:"):  # a resolved relative reference: look for its name
        candidates.append(Path(url2pathname(urlsplit(needle).path)).name)
    sources = [(path, folder) for folder in [*folders, paths.TEMPLATES, paths.CONTENT]
               if Path(folder).is_dir() for path in sorted(Path(folder).rglob("*"))
               if path.suffix in SOURCE_SUFFIXES]
    for candidate in candidates:  # the exact text first, then a file's name
        compact = re.sub(r"\s+", "", candidate)
        for path, folder in sources if compact else ():
            # By the rule for reading (access.py): in its folder, a regular file, not huge.
            raw = access.bytes_or_none(path, [folder], max_bytes=MAX_SOURCE_BYTES)
            try:
                lines = raw.decode("utf-8").splitlines() if raw is not None else []
            except UnicodeDecodeError:
                continue
            for number, text in enumerate(lines, 1):
                if path.suffix in (".yaml", ".yml") and text.lstrip().startswith("#"):
                    continue  # a comment that mentions the file is not where it is used
                if compact in re.sub(r"\s+", "", text):
                    return str(path), number
    return None
