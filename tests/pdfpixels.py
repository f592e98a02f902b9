"""Look at a PDF page as a person does: render it and count the pixels of a colour."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

DPI = 36


def pixels_near(pdf: Path, page: int, rgb: tuple[int, int, int], tolerance: int = 24,
                dpi: int = DPI) -> int:
    """How many pixels of ``page`` (0-based) are within ``tolerance`` of ``rgb`` per channel.

    Rendered, so it holds however the colour is written (RGB or CMYK)."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        image = document[page].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()
    colours = image.getcolors(maxcolors=image.width * image.height) or []
    return sum(n for n, c in colours if all(abs(a - b) <= tolerance for a, b in zip(c, rgb)))
