"""Checks on the files a workspace points at: images (a logo) and paths (an output folder).

Each problem is a :class:`ContentError` naming the file that refers to the asset (a
``huisstijl.yaml`` line) when the caller gives it, else the asset itself.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from codio_print.errors import ContentError, InputError
from codio_print.i18n import N_, _
from codio_print.inputs import access

MAX_BYTES = 30 * 1024 * 1024
MAX_PIXELS = 50_000_000  # more than an A1 poster needs at 200 dpi
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".bmp", ".svg")


@dataclass(frozen=True)
class ImageInfo:
    path: Path
    format: str  # "PNG", "JPEG", ..., or "SVG"
    width: int | None  # pixels; None for SVG
    height: int | None


def check_image(path: Path, *, what: str = N_("image"), source: str | Path | None = None,
                line: int | None = None, data: bytes | None = None,
                key: str | None = None) -> ImageInfo:
    """Check that ``path`` is an image codio-print can print: it exists, is a PNG, JPEG,
    GIF, WebP, TIFF, BMP or SVG, is not damaged and not unreasonably large. Its bytes are
    read once, by the one rule for reading (access.py: a regular file, never a pipe or a
    device), and checked as read; ``data``: those bytes, read already (the fetcher).
    ``what``: the kind of image, marked with N_() ("the logo"); ``key``: the field that
    names it."""
    path = Path(path)

    def error(message: str, fix: str) -> ContentError:
        return ContentError(_("{what} '{name}' {problem}").format(
            what=_(what), name=path.name, problem=message), file=source or path,
            line=line if source else None, fix=fix, key=key if source else None)

    if data is None:
        try:  # where it may lie, its caller decided: here, what it is
            data = access.read_file(path, [path], max_bytes=MAX_BYTES)[0]
        except access.Refused as refused:
            raise _refused(refused, path, error) from None
    elif len(data) > MAX_BYTES:
        raise error(_("is {size} MB, more than the {limit} MB allowed").format(
            size=f"{len(data) / 2**20:.1f}", limit=f"{MAX_BYTES / 2**20:.0f}"), _(SMALLER))
    access.note(path)
    head = data[:512].lstrip()
    if path.suffix.lower() == ".svg" or head.startswith((b"<?xml", b"<svg")):
        return _check_svg(path, data, error)
    return _check_raster(path, data, error)


SMALLER = N_("save it smaller: 300 dpi at its printed size is enough")
SCALE_DOWN = N_("scale it down: 300 dpi at its printed size is enough")


def _refused(refused: access.Refused, path: Path, error) -> ContentError:
    if refused.reason == access.MISSING:
        return error(_("does not exist"),
                     _("check the file name, or put the file in the workspace"))
    if refused.reason == access.NOT_A_FILE and path.is_dir():
        return error(_("is a folder, not an image"), _("name the image file itself"))
    if refused.too_large:
        return error(refused.text, _(SMALLER))
    return error(refused.text, _("name the image file itself"))


def _check_svg(path: Path, data: bytes, error) -> ImageInfo:
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError) as exc:
        raise error(_("is not a readable SVG image ({problem})").format(problem=exc),
                    _("export it again as SVG, or use a PNG")) from None
    if not root.tag.rsplit("}", 1)[-1] == "svg":
        raise error(_("is not an SVG image"), _("use a PNG, JPEG or SVG file"))
    active = _active_part(root, data)
    if active:
        raise error(active, _("save it again as a plain SVG, without scripts and without "
                              "links to other files, or as a PNG"))
    return ImageInfo(path, "SVG", None, None)


# Elements that run code or bring in another document: nothing a logo or picture needs.
_ACTIVE = ("script", "foreignobject", "iframe", "embed", "object", "handler")


def _active_part(root: ElementTree.Element, data: bytes) -> str | None:
    """What in an SVG could run or reach outside it, said for a person; None if nothing.
    The same rule for a build and for an upload in the web interface: a renderer would skip
    a script, but a file that carries one is not what its maker thinks it is."""
    if b"<!ENTITY" in data:
        return _("declares entities (<!ENTITY>), which can make it huge or read other files")
    for element in root.iter():
        tag = str(element.tag).rsplit("}", 1)[-1]
        if tag.lower() in _ACTIVE:
            return _("holds a <{tag}> element, which can run code or load other "
                     "files").format(tag=tag)
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1]
            if local.lower().startswith("on"):
                return _("holds a script (the attribute {name})").format(name=local)
            if local == "href" and not value.strip().startswith(("#", "data:image/")):
                return _("refers to another file or a website ({target})").format(
                    target=value.strip()[:60])
    return None


def _check_raster(path: Path, data: bytes, error) -> ImageInfo:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # we say it better
            with Image.open(io.BytesIO(data)) as image:  # reads the header only
                width, height, kind = image.width, image.height, image.format
                if width * height > MAX_PIXELS:
                    raise error(_("is {width} × {height} pixels, more than the {limit} "
                                  "megapixels allowed").format(
                                      width=width, height=height,
                                      limit=MAX_PIXELS // 1_000_000), _(SCALE_DOWN))
                image.verify()  # checks the data without decoding all of it
    except Image.DecompressionBombError:
        raise error(_("has more than {limit} megapixels").format(
            limit=MAX_PIXELS // 1_000_000), _(SCALE_DOWN)) from None
    except UnidentifiedImageError:
        raise error(_("is not an image"), _("use a PNG, JPEG or SVG file")) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise error(_("is damaged ({problem})").format(problem=exc),
                    _("export or download the image again")) from None
    return ImageInfo(path, kind or path.suffix.lstrip(".").upper(), width, height)


def inside(root: Path, value: str | Path, *, what: str, source: str | Path | None = None,
           line: int | None = None, key: str | None = None) -> Path:
    """``value`` (a path written in a workspace file, at ``key``) as a path inside ``root``.
    ``what``: the kind of file, marked with N_() ("the logo"); translated here.

    Absolute paths and paths that leave ``root`` with '..' (or a symbolic link) are refused,
    so a shared workspace cannot make codio-print read or write elsewhere."""
    text = str(value)
    candidate = Path(text)
    fix = _("write a path relative to the workspace folder {folder}, without '..'").format(
        folder=root)
    if candidate.is_absolute() or text.startswith("~"):
        raise ContentError(_("{what} '{path}' is an absolute path").format(what=_(what),
                                                                          path=text),
                           file=source, line=line, fix=fix, key=key)
    resolved = (root / candidate).resolve()
    if not resolved.is_relative_to(Path(root).resolve()):
        raise ContentError(_("{what} '{path}' lies outside the workspace").format(
            what=_(what), path=text), file=source, line=line, fix=fix, key=key)
    return resolved


def icc_bytes(icc: Path) -> bytes:
    """The bytes of a colour profile (--icc, sessie.yaml's drukwerk.icc), by the one rule for
    reading (access.py): a regular file, never a pipe or a device, of at most MAX_BYTES.
    Where it may lie its caller decided (a workspace's lies in it; --icc is the user's)."""
    icc = Path(icc)
    access.note(icc)
    try:
        return access.read_file(icc, [icc])[0]
    except access.Refused as refused:
        if refused.reason == access.MISSING:
            raise InputError(_("ICC profile '{path}' does not exist").format(path=icc),
                             fix=_("give the path of the print shop's CMYK profile (.icc)")
                             ) from None
        raise InputError(_("ICC profile '{path}' {reason}").format(path=icc,
                                                                   reason=refused.text),
                         fix=_("give the print shop's CMYK profile file itself (.icc)")
                         ) from None


def check_icc(icc: Path) -> None:
    """A usable CMYK output profile (--icc), or a clear error."""
    data = icc_bytes(icc)
    from PIL import ImageCms

    try:
        profile = ImageCms.getOpenProfile(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - PIL raises several kinds on a file that is no profile
        raise InputError(_("'{path}' is not an ICC profile").format(path=icc),
                         fix=_("give the print shop's CMYK profile (.icc or .icm)")) from None
    if profile.profile.xcolor_space.strip() != "CMYK":
        raise InputError(_("ICC profile '{path}' is not a CMYK profile").format(path=icc),
                         fix=_("give a CMYK output profile, e.g. ISO Coated v2 (FOGRA39)"))
