"""HTML to PDF with WeasyPrint. Imported only where a piece is really rendered."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from .errors import RenderError

# Fonts subset by fontTools stamp the current time unless this is set: keep output reproducible.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    warnings: list[str]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_pdf(html: str, base_url: str, *, name: str, variant: str | None = None,
               tags: bool = False) -> Rendered:
    """Render one piece; WeasyPrint's logged warnings are returned, not lost.

    ``variant`` is a WeasyPrint ``pdf_variant`` such as ``pdf/ua-1``; ``tags`` adds the
    structure tree (headings, lists, tables, figures) that screen readers use.
    """
    import weasyprint

    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        document = weasyprint.HTML(string=html, base_url=base_url).render()
        pdf = document.write_pdf(pdf_variant=variant, pdf_tags=tags)
    except Exception as exc:  # WeasyPrint raises many kinds; name the piece
        raise RenderError(f"could not render: {exc}", file=name,
                          fix="run with --debug for details") from exc
    finally:
        logger.removeHandler(handler)
    return Rendered(pdf, len(document.pages), handler.messages)
