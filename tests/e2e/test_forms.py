"""Fillable worksheets: in the screen kit, hand-outs 2, 3 and 4 and the action-plan poster are
PDF forms that an assistive technology can read; the print files carry no fields."""

from __future__ import annotations

import json

import pikepdf
import pytest

from codio_print.render import pdfua
from kits import ARNHEM, PdfReader

SHEETS = [f"handout-{n}{x}" for n in (2, 3, 4) for x in "abc"] + ["handout-5"]
# What each sheet must let a group fill in (templates/forms.html names the fields).
EXPECTED = {
    "handout-3a": {"gekozen-1-waarde": "/Ch", "gekozen-1-waarom": "/Tx",
                   "niet-gekozen-4-waarde": "/Ch", "niet-gekozen-4-afweging": "/Tx"},
    "handout-4a": {"actie-1-actie": "/Tx", "actie-1-waarde": "/Ch", "actie-1-mechanisme": "/Ch",
                   "actie-1-eigenaar": "/Tx", "actie-6-actie": "/Tx", "actie-6-eigenaar": "/Tx"},
    "handout-2a": {"p1-waarde-transparantie": "/Btn", "p1-waarom": "/Tx", "p1-actie-1": "/Tx",
                   "p1-wie-6": "/Tx"},
    "handout-5": {"stap4-1": "/Tx", "stap4-4": "/Tx", "ander-niveau": "/Tx",
                  "checklist-1": "/Btn", "vervolg-wanneer": "/Tx", "vervolg-monitor": "/Tx"},
}


@pytest.fixture(scope="module")
def kit(build_kit):
    return build_kit(ARNHEM)


def _widgets(doc):
    return [annot for page in doc.pages for annot in page.get("/Annots", [])
            if annot.get("/Subtype") == "/Widget"]


@pytest.mark.parametrize("piece", SHEETS)
def test_screen_sheet_is_a_form_readable_by_a_screen_reader(kit, piece):
    data = kit.pdf(piece).read_bytes()
    assert pdfua.problems(data) == []
    fields = PdfReader(kit.pdf(piece)).get_fields()
    assert len(fields) >= 10
    for name, kind in EXPECTED.get(piece, {}).items():
        assert fields[name].get("/FT") == kind, (piece, name)
    if piece.startswith("handout-4"):  # stap 3c2 asks no term, noodzaak or belang (stap 4)
        assert not [n for n in fields if n.endswith(("-termijn", "-noodzaak", "-belang"))]
    with pikepdf.open(kit.pdf(piece)) as doc:
        # every field has a label; a radio group's buttons are widgets of their field only
        for field in doc.Root.AcroForm.Fields:
            assert str(field.get("/TU", "")).strip(), (piece, str(field.T))
            for kid in field.get("/Kids", []):
                assert "/T" not in kid
        # every widget is tagged: a /Form structure element holding its /OBJR
        forms = set()

        def walk(node):
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid)
            elif isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Form":
                    forms.update(k.Obj.objgen for k in node.K if k.get("/Type") == "/OBJR")
                if "/K" in node and node.get("/Type") != "/OBJR":
                    walk(node.K)
        walk(doc.Root.StructTreeRoot.K)
        widgets = _widgets(doc)
        assert widgets and {w.objgen for w in widgets} <= forms
        for page in doc.pages:
            if "/Annots" in page:
                assert page.Tabs == "/S"  # the tab order follows the structure


@pytest.mark.parametrize("piece", ["handout-3a", "handout-4b", "handout-5"])
def test_fields_use_a_standard_font_and_the_sheet_stays_small(kit, piece):
    """WeasyPrint would embed the whole font for the fields (a 7 KB sheet became 424 KB): the
    fields use Helvetica, which every viewer has, and the sheet's fonts stay subset."""
    path = kit.pdf(piece)
    with pikepdf.open(path) as doc:
        form = doc.Root.AcroForm
        assert form.DR.Font.Helv.BaseFont == "/Helvetica"
        for field in form.Fields:
            if "/DA" in field:
                assert str(field.DA).startswith("/Helv "), str(field.DA)
        fonts = [o for o in doc.objects if isinstance(o, pikepdf.Dictionary)
                 and o.get("/Type") == "/FontDescriptor"]
        for font in fonts:
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if key in font:
                    assert len(font[key].read_raw_bytes()) < 20_000, str(font.FontName)
    assert path.stat().st_size < 3 * kit.pdf(piece, "print").stat().st_size + 20_000


@pytest.mark.parametrize("piece", SHEETS)
def test_print_files_have_no_fields(kit, piece):
    with pikepdf.open(kit.pdf(piece, "print")) as doc:
        assert "/AcroForm" not in doc.Root
        assert all("/Annots" not in page for page in doc.pages)


def test_each_sheet_says_its_kit_case_and_group(kit):
    for piece, group in (("handout-3a", "democratie"), ("handout-4c", "bestuurskracht"),
                         ("handout-5", "")):
        ident = json.loads(PdfReader(kit.pdf(piece)).metadata["/codioprintwerkblad"])
        assert ident == {"werkblad": piece[:9], "casus": "arnhem", "variant": "CODIO-PaD",
                         "datum": "", "start": "09:30", "groep": group}
