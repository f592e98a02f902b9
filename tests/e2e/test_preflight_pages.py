"""The preflight on pages WeasyPrint really rendered: the total ink Ghostscript measures
(also in an image, where no colour operator shows it), links and form fields in a print file.
(From tests/unit/test_print_order.py: these render, so they are not unit tests.)"""

from __future__ import annotations

import base64
import io

import pytest

from codio_print import paths
from codio_print.printshop import inkcheck
from codio_print.printshop.preflight import Limits, check_pdf

needs_gs = pytest.mark.skipif(inkcheck.ghostscript() is None,
                              reason="Ghostscript is installed by make (scripts/setup-system.sh)")


# ---- total ink on the rendered page ------------------------------------------------------------

def _print_pdf(body: str) -> bytes:
    from codio_print.kit.profiles import PRINT
    from codio_print.render.pdf import render_pdf

    html = ("<html lang='nl'><head><title>t</title><style>@color-profile device-cmyk { src: "
            f"url('{paths.DEFAULT_ICC.as_uri()}'); components: cyan, magenta, yellow, black; }} @page {{ size: A4; margin: 10mm }}"
            f"</style></head><body>{body}</body></html>")
    return render_pdf(html, paths.TEMPLATES.as_uri() + "/", name="test", profile=PRINT).pdf


def _cmyk_jpeg(c, m, y, k) -> str:
    from PIL import Image
    out = io.BytesIO()
    Image.new("CMYK", (60, 60), (c, m, y, k)).save(out, "JPEG", quality=100)
    return base64.b64encode(out.getvalue()).decode()


@needs_gs
def test_ink_is_measured_on_the_rendered_page():
    pdf = _print_pdf("<div style='width:40mm;height:40mm;"
                     "background:device-cmyk(0.9 0.8 0.7 0.9)'></div>")
    [page] = inkcheck.page_inks(pdf, cache=False)
    assert 325 <= page.max_percent <= 335
    # the box's top left: the 10 mm page margin and the body's 8 px
    assert 11 <= page.x_mm <= 13 and 11 <= page.y_mm <= 13
    ok = check_pdf("t.pdf", pdf, "A4", "print", 1, limits=Limits(330, 3), ink=True)
    assert ok.results["ink"] == []
    over = check_pdf("t.pdf", pdf, "A4", "print", 1, limits=Limits(300, 3), ink=True)
    assert over.results["ink"][0].startswith("page 1: 331 % ink at 12 × 12 mm")


@needs_gs
def test_an_image_full_of_ink_fails_though_no_colour_operator_does():
    """The vector check sees no ink total in an image; the rendered page does."""
    pdf = _print_pdf(f"<img style='width:30mm' src='data:image/jpeg;base64,"
                     f"{_cmyk_jpeg(255, 255, 255, 255)}'>")
    result = check_pdf("t.pdf", pdf, "A4", "print", 1, limits=Limits(300, 3), ink=True)
    assert result.results["colour"] == []
    assert result.results["ink"] and "over 300 %" in result.results["ink"][0]


def test_without_ghostscript_the_ink_is_not_passed(monkeypatch):
    monkeypatch.setattr(inkcheck, "ghostscript", lambda: None)
    result = check_pdf("t.pdf", _print_pdf("<p>tekst</p>"), "A4", "print", 1, ink=True)
    assert result.results["ink"] == ["not measured: Ghostscript (gs) is not installed — "
                                     "install Ghostscript (Debian/Ubuntu: apt-get install "
                                     "ghostscript)"]


def test_a_print_file_with_a_link_fails_annotations():
    pdf = _print_pdf("<p><a href='https://example.org'>een link</a></p>")
    result = check_pdf("t.pdf", pdf, "A4", "print", 1)
    assert result.results["annots"] == ["page 1: 1 annotation(s) (Link)"]
    assert check_pdf("t.pdf", _print_pdf("<p>geen link</p>"), "A4", "print",
                     1).results["annots"] == []


def test_a_print_file_with_form_fields_fails_annotations():
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_print_pdf("<p>formulier</p>"))))
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject()})
    out = io.BytesIO()
    writer.write(out)
    result = check_pdf("t.pdf", out.getvalue(), "A4", "print", 1)
    assert "has form fields (/AcroForm)" in result.results["annots"]
