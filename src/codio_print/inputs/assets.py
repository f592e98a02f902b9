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


def check_image(path: Path, *, what: str = "image", source: str | Path | None = None,
                line: int | None = None, data: bytes | None = None) -> ImageInfo:
    """Check that ``path`` is an image codio-print can print: it exists, is a PNG, JPEG,
    GIF, WebP, TIFF, BMP or SVG, is not damaged and not unreasonably large. Its bytes are
    read once, by the one rule for reading (access.py: a regular file, never a pipe or a
    device), and checked as read; ``data``: those bytes, read already (the fetcher)."""
    path = Path(path)

    def error(message: str, fix: str) -> ContentError:
        return ContentError(f"{what} '{path.name}' {message}", file=source or path,
                            line=line if source else None, fix=fix)

    if data is None:
        try:  # where it may lie, its caller decided: here, what it is
            data = access.read_file(path, [path], max_bytes=MAX_BYTES)[0]
        except access.Refused as refused:
            raise _refused(refused.reason, path, error) from None
    elif len(data) > MAX_BYTES:
        raise error(f"is {len(data) / 2**20:.1f} MB, more than the {MAX_BYTES / 2**20:.0f} MB "
                    "allowed", "save it smaller: 300 dpi at its printed size is enough")
    access.note(path)
    head = data[:512].lstrip()
    if path.suffix.lower() == ".svg" or head.startswith((b"<?xml", b"<svg")):
        return _check_svg(path, data, error)
    return _check_raster(path, data, error)


def _refused(reason: str, path: Path, error) -> ContentError:
    if reason == access.MISSING:
        return error("does not exist", "check the file name, or put the file in the workspace")
    if reason == access.NOT_A_FILE and path.is_dir():
        return error("is a folder, not an image", "name the image file itself")
    if "allowed" in reason:
        return error(reason, "save it smaller: 300 dpi at its printed size is enough")
    return error(reason, "name the image file itself")


def _check_svg(path: Path, data: bytes, error) -> ImageInfo:
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError) as exc:
        raise error(f"is not a readable SVG image ({exc})",
                    "export it again as SVG, or use a PNG") from None
    if not root.tag.rsplit("}", 1)[-1] == "svg":
        raise error("is not an SVG image", "use a PNG, JPEG or SVG file")
    return ImageInfo(path, "SVG", None, None)


def _check_raster(path: Path, data: bytes, error) -> ImageInfo:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # we say it better
            with Image.open(io.BytesIO(data)) as image:  # reads the header only
                width, height, kind = image.width, image.height, image.format
                if width * height > MAX_PIXELS:
                    raise error(f"is {width} × {height} pixels, more than the "
                                f"{MAX_PIXELS // 1_000_000} megapixels allowed",
                                "scale it down: 300 dpi at its printed size is enough")
                image.verify()  # checks the data without decoding all of it
    except Image.DecompressionBombError:
        raise error(f"has more than {MAX_PIXELS // 1_000_000} megapixels",
                    "scale it down: 300 dpi at its printed size is enough") from None
    except UnidentifiedImageError:
        raise error("is not an image", "use a PNG, JPEG or SVG file") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise error(f"is damaged ({exc})", "export or download the image again") from None
    return ImageInfo(path, kind or path.suffix.lstrip(".").upper(), width, height)


def inside(root: Path, value: str | Path, *, what: str, source: str | Path | None = None,
           line: int | None = None) -> Path:
    """``value`` (a path written in a workspace file) as a path inside ``root``.

    Absolute paths and paths that leave ``root`` with '..' (or a symbolic link) are refused,
    so a shared workspace cannot make codio-print read or write elsewhere."""
    text = str(value)
    candidate = Path(text)
    fix = f"write a path relative to the workspace folder {root}, without '..'"
    if candidate.is_absolute() or text.startswith("~"):
        raise ContentError(f"{what} '{text}' is an absolute path", file=source, line=line,
                           fix=fix)
    resolved = (root / candidate).resolve()
    if not resolved.is_relative_to(Path(root).resolve()):
        raise ContentError(f"{what} '{text}' lies outside the workspace", file=source,
                           line=line, fix=fix)
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
            raise InputError(f"ICC profile '{icc}' does not exist",
                             fix="give the path of the print shop's CMYK profile (.icc)"
                             ) from None
        raise InputError(f"ICC profile '{icc}' {refused.reason}",
                         fix="give the print shop's CMYK profile file itself (.icc)") from None


def check_icc(icc: Path) -> None:
    """A usable CMYK output profile (--icc), or a clear error."""
    data = icc_bytes(icc)
    from PIL import ImageCms

    try:
        profile = ImageCms.getOpenProfile(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - PIL raises several kinds on a file that is no profile
        raise InputError(f"'{icc}' is not an ICC profile",
                         fix="give the print shop's CMYK profile (.icc or .icm)") from None
    if profile.profile.xcolor_space.strip() != "CMYK":
        raise InputError(f"ICC profile '{icc}' is not a CMYK profile",
                         fix="give a CMYK output profile, e.g. ISO Coated v2 (FOGRA39)")
