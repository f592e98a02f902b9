"""Total ink on the rendered page: Ghostscript's separations, summed per pixel.

A PDF's colour operators do not tell the whole story: a CMYK image, a shading, overprinting
objects or transparency put more ink on a spot than any single operator. Ghostscript's
``tiffsep`` device renders each page as it will be printed, one greyscale file per ink
(0 is full ink), with overprint simulated; the sum of the inks at each pixel is the total
area coverage a print shop's preflight measures. At 50 dpi a pixel is half a millimetre: a
fill, a bar or an image is seen, a hairline may be missed (the limit is about how much ink
a sheet can take in an area, not in a line).

Results are kept in the user's cache by the file's SHA-256, so an unchanged file is not
rendered again (the same bytes always give the same answer).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from codio_print import paths, writing
from codio_print.errors import CodioError
from codio_print.i18n import N_, _

DPI = 50
GS_TIMEOUT_S = 300
INSTALL_FIX = N_("install Ghostscript (Debian/Ubuntu: apt-get install ghostscript)")


@dataclass(frozen=True)
class PageInk:
    page: int           # 1-based
    max_percent: float  # the most ink at any pixel, 0–400 (and more with spot colours)
    x_mm: float         # where, from the page's top left
    y_mm: float


class InkCheckError(Exception):
    """Ghostscript is missing or could not render the file."""


@lru_cache(maxsize=1)
def ghostscript() -> tuple[str, str] | None:
    """The gs executable and its version, or None when it is not installed."""
    exe = shutil.which("gs")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (exe, out.stdout.strip()) if out.returncode == 0 else None


def page_inks(data: bytes, *, dpi: int = DPI, cache: bool = True) -> list[PageInk]:
    """The most ink on every page of a PDF; InkCheckError when it cannot be measured."""
    gs = ghostscript()
    if gs is None:
        raise InkCheckError(_("Ghostscript (gs) is not installed — {fix}").format(
            fix=_(INSTALL_FIX)))
    digest = hashlib.sha256(data).hexdigest()
    cached = _cache_file(digest, dpi, gs[1])
    if cache:
        try:
            return [PageInk(**p) for p in json.loads(cached.read_text(encoding="utf-8"))]
        except (OSError, ValueError, TypeError):
            pass
    with tempfile.TemporaryDirectory(prefix="codio-ink-") as tmp:
        folder = Path(tmp)
        source = folder / "in.pdf"
        source.write_bytes(data)
        _separate(gs[0], source, folder, dpi)
        inks = _measure(folder, dpi)
    if cache:
        _store(cached, inks)
    return inks


def _separate(gs: str, source: Path, folder: Path, dpi: int) -> None:
    cmd = [gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiffsep", f"-r{dpi}",
           "-dMaxSpots=16", f"-sOutputFile={folder / 'p%04d.tif'}", str(source)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=GS_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise InkCheckError(_("Ghostscript took more than {seconds} s").format(
            seconds=GS_TIMEOUT_S)) from None
    except OSError as exc:
        raise InkCheckError(_("Ghostscript could not run: {reason}").format(
            reason=exc)) from None
    if done.returncode != 0:
        reason = " ".join((done.stderr or done.stdout).split())[:200]
        raise InkCheckError(_("Ghostscript could not render the file: {reason}").format(
            reason=reason))


def _measure(folder: Path, dpi: int) -> list[PageInk]:
    """Per page (p0001.tif, p0001(Cyan).tif, ...): the highest sum of the separations."""
    from PIL import Image, ImageMath

    inks = []
    pages = sorted(p for p in folder.glob("p????.tif"))
    for number, composite in enumerate(pages, 1):
        stem = composite.stem
        plates = sorted(folder.glob(f"{stem}(*).tif"))
        total = None
        for plate in plates:
            with Image.open(plate) as image:
                ink = ImageMath.unsafe_eval("255 - a", a=image.convert("I"))
            total = ink if total is None else ImageMath.unsafe_eval("a + b", a=total, b=ink)
        if total is None:
            inks.append(PageInk(number, 0.0, 0.0, 0.0))
            continue
        low, high = total.getextrema()
        where = _first_pixel(total, high)
        mm = 25.4 / dpi
        inks.append(PageInk(number, round(high * 100 / 255, 1), round(where[0] * mm, 1),
                            round(where[1] * mm, 1)))
    return inks


def _first_pixel(image, value: int) -> tuple[int, int]:
    """The top-left-most pixel holding ``value`` (the point to show on the page)."""
    from PIL import ImageMath

    mask = ImageMath.unsafe_eval(f"a == {value}", a=image).convert("L")
    box = mask.getbbox()
    if box is None:
        return (0, 0)
    left, top = box[0], box[1]
    row = mask.crop((0, top, mask.width, top + 1))
    first = row.getbbox()
    return (first[0] if first else left, top)


def _cache_file(digest: str, dpi: int, version: str) -> Path:
    return paths.cache_home() / "inkt" / f"{digest}-{dpi}-gs{version}.json"


def _store(path: Path, inks: list[PageInk]) -> None:
    """Written whole or not at all (another build may read it at the same time)."""
    try:
        writing.replace(path, json.dumps([p.__dict__ for p in inks]),
                        below=paths.cache_home(), sync=False)
    except (OSError, CodioError):
        pass  # a cache that cannot be written only makes the next check slower
