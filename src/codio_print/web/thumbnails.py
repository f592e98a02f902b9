"""Pictures of the kit's pages for the preview: a page of a built PDF rendered as a PNG
(pypdfium2, which the preview of ``watch`` uses too), kept in memory by the file's SHA-256,
so a page that did not change is not drawn again after a rebuild.

Only a file the kit's manifest lists is drawn (web/kitpage.py finds it); PDFium is not
thread-safe, so one page is drawn at a time.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from pathlib import Path

WIDTH = 360  # pixels: sharp on the page at 180 px wide, readable when opened
_KEEP = 400  # pictures kept in memory (about 20 MB)
_lock = threading.Lock()
_made: OrderedDict[tuple[str, int, int], bytes] = OrderedDict()


def page_png(path: Path, sha256: str, number: int, width: int = WIDTH) -> bytes | None:
    """Page ``number`` (1 = the first) of the PDF ``path`` as a PNG ``width`` pixels wide,
    or None if it has no such page."""
    key = (sha256, number, width)
    with _lock:
        if key in _made:
            _made.move_to_end(key)
            return _made[key]
        png = _draw(path, number, width)
        if png is not None:
            _made[key] = png
            while len(_made) > _KEEP:
                _made.popitem(last=False)
        return png


def _draw(path: Path, number: int, width: int) -> bytes | None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        if not 1 <= number <= len(pdf):
            return None
        page = pdf[number - 1]
        try:
            bitmap = page.render(scale=width / page.get_width())
            out = io.BytesIO()
            bitmap.to_pil().save(out, format="PNG", optimize=False)
            return out.getvalue()
        finally:
            page.close()
    finally:
        pdf.close()
