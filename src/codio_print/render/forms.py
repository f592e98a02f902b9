"""Fillable worksheets: HTML form elements as PDF form fields (screen profile only).

WeasyPrint (``pdf_forms``) turns ``<input>``, ``<textarea>`` and ``<select>`` into AcroForm
fields, tagged as ``/Form`` structure elements with an ``/OBJR`` and labelled (``/TU``) from
their ``title``. Two things it does are changed here:

* It embeds the whole font of a text field, so that a viewer can draw any letter typed in
  it: a 7 KB sheet became 424 KB. :func:`keep_subsets` leaves the fonts subset as for any
  text, and :func:`finish` gives every field the standard PDF font Helvetica instead (the
  ``/Helv`` of every viewer, WinAnsi encoding: all Dutch letters), which is not embedded and
  costs nothing.
* A radio button's widgets carry the name and label of their group as well, and are listed
  as fields of their own, so that viewers (and pypdf) see each one as a separate field;
  :func:`finish` leaves them widgets of their group only.

The result is deterministic: qpdf writes it with a document id computed from its content.
"""

from __future__ import annotations

import io
import re

# The field font: one of the 14 standard fonts, which every viewer has (ISO 32000-1, 9.6.2.2).
FIELD_FONT = "Helv"
# A worksheet's identity, in the PDF's document information: WeasyPrint's custom metadata
# from <meta name="codio-print-werkblad"> (templates/forms.html), whose key keeps only
# letters and digits.
IDENTITY_KEY = "/codioprintwerkblad"

_SIZE = re.compile(rb"/\S+\s+([0-9.]+)\s+Tf")
_COLOUR = re.compile(rb"([0-9.]+(?:\s+[0-9.]+){0,3})\s+(rg|g|k)\b")


def keep_subsets(weasyprint) -> None:
    """Make WeasyPrint subset the fonts of pages with form fields like any other font (once
    per process): the fields get their own font in :func:`finish`."""
    import weasyprint.pdf as wpdf

    original = wpdf.add_forms
    if getattr(original, "codio_print", False):
        return

    def add_forms(forms, matrix, pdf, page, resources, stream, font_map):
        original(forms, matrix, pdf, page, resources, stream, font_map)
        for font in getattr(stream, "_fonts", {}).values():
            font.used_in_forms = False

    add_forms.codio_print = True
    wpdf.add_forms = add_forms


def finish(pdf: bytes) -> bytes:
    """``pdf`` with Helvetica as the font of its fields and clean radio groups; a PDF
    without fields comes back byte for byte."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        form = doc.Root.get("/AcroForm")
        if form is None or not len(form.get("/Fields", [])):
            return pdf
        helvetica = doc.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica, Encoding=pikepdf.Name.WinAnsiEncoding))
        form.DR = pikepdf.Dictionary(Font=pikepdf.Dictionary({f"/{FIELD_FONT}": helvetica}))
        form.DA = pikepdf.String(f"/{FIELD_FONT} 0 Tf 0 g")
        # Only fields at the top: a radio button is a widget of its group, not a field.
        form.Fields = pikepdf.Array([f for f in form.Fields if "/Parent" not in f])
        for field in form.Fields:
            if "/DA" in field:
                field.DA = pikepdf.String(_appearance(bytes(field.DA)))
            for kid in field.get("/Kids", []):  # a radio group's buttons: widgets only
                for key in ("/T", "/TU"):
                    if key in kid:
                        del kid[key]
        out = io.BytesIO()
        doc.save(out, deterministic_id=True, compress_streams=True)
        return out.getvalue()


def _appearance(da: bytes) -> str:
    """A field's default appearance with our font: its size and colour kept."""
    size = _SIZE.search(da)
    colour = _COLOUR.search(da)
    text = f"/{FIELD_FONT} {size.group(1).decode() if size else '0'} Tf"
    if colour:
        text += f" {colour.group(1).decode()} {colour.group(2).decode()}"
    return text
