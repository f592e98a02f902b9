"""Page budgets (issue 26): a piece keeps the pages its design has. A render that would
break it is laid out again with the type steps of base.css; what still does not hold fails,
naming the piece, the page and what is on it. Single small renders, no kit (a few seconds)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from codio_print import paths
from codio_print.errors import RenderError
from codio_print.kit.pieces import Budget
from codio_print.printshop.preflight import check_pdf
from codio_print.render.pdf import render_pdf

BASE = paths.TEMPLATES.as_uri() + "/"


def sheet(body: str, style: str = "") -> str:
    """An A6 sheet with the stylesheet every piece shares (base.css, its type steps)."""
    return ('<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>t</title>'
            '<link rel="stylesheet" href="css/base.css"><style>@page { size: A6; '
            f'margin: 10mm; }} {style}</style></head><body>{body}</body></html>')


PARAGRAPHS = "".join(f"<p>Alinea {i}: een zin over de waarden van de dienst.</p>"
                     for i in range(12))


def _font_sizes(pdf: bytes) -> set[float]:
    sizes: set[float] = set()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.add(round(size * tm[0] * cm[0], 1))

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_a_sheet_one_page_too_long_steps_down_and_keeps_its_page():
    html = sheet(PARAGRAPHS)
    assert render_pdf(html, BASE, name="t").pages == 2  # as designed: one page too many
    fitted = render_pdf(html, BASE, name="t", budget=Budget(1))
    assert fitted.pages == 1
    assert min(_font_sizes(fitted.pdf)) >= 10  # never under 10 pt on a sheet


def test_a_sheet_that_fits_is_not_touched():
    html = sheet(PARAGRAPHS[:200])
    assert render_pdf(html, BASE, name="t", budget=Budget(1)).pdf == \
        render_pdf(html, BASE, name="t").pdf


def test_what_does_not_fit_at_the_last_step_fails_naming_piece_page_and_text():
    html = sheet(PARAGRAPHS + '<p>De laatste alinea die niet meer past.</p>' * 6)
    with pytest.raises(RenderError) as caught:
        render_pdf(html, BASE, name="handout-4a", budget=Budget(1))
    message = str(caught.value)
    assert "handout-4a" in message and "page 2" in message, message
    assert "Alinea" in message or "laatste" in message, message  # what would spill
    assert caught.value.fix and "huisstijl.yaml" in caught.value.fix


def test_a_blank_page_is_an_error_even_within_the_budget():
    html = sheet('<p>Voorkant</p><div style="break-after: page"></div>'
                 '<div style="break-after: page"></div><p>Achterkant</p>')
    with pytest.raises(RenderError, match="page 2: the page is empty"):
        render_pdf(html, BASE, name="casus", budget=Budget(3))


def test_a_hole_before_a_block_that_did_not_fit_is_an_error():
    block = '<div style="break-inside: avoid; height: 125mm; border: 1px solid black"></div>'
    html = sheet(f"<p>Kort</p>{block}<p>Einde</p>")
    with pytest.raises(RenderError, match=r"page 1: the page is nearly empty"):
        render_pdf(html, BASE, name="draaiboek", budget=Budget(3, most=True))


def test_check_names_a_file_that_has_more_pages_than_its_design():
    two = sheet("<p>een</p><p style='break-before: page'>twee</p>")
    data = render_pdf(two, BASE, name="poster").pdf
    spilled = check_pdf("poster-democratie.pdf", data, "A4", "tiles", 2, budget=(1, False))
    assert any("has 2 pages where its design has 1" in p for p in spilled.results["opens"])
    kept = check_pdf("draaiboek.pdf", data, "A4", "tiles", 2, budget=(9, True))
    assert kept.results["opens"] == []
