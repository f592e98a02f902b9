"""Worksheets made as anyone can make them, without a kit: a PDF whose document information
carries a sheet's identity and whose form holds the given fields (pikepdf), for the tests
of what `results import` does with what a participant hands in."""

from __future__ import annotations

import json
from pathlib import Path


def forged_sheet(path: Path, ident: dict, fields: dict[str, str], *,
                 object_streams: bool = True) -> Path:
    """``path``: a PDF with the identity ``ident`` (as templates/forms.html writes it) and a
    text field per item of ``fields``; with ``object_streams`` the fields are stored
    compressed in object streams (up to 100 objects in each), as PDF programs save them."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([
        pdf.make_indirect(pikepdf.Dictionary(FT=pikepdf.Name.Tx, T=pikepdf.String(name),
                                             V=pikepdf.String(value)))
        for name, value in fields.items()]))
    pdf.docinfo[pikepdf.Name("/codioprintwerkblad")] = pikepdf.String(json.dumps(ident))
    mode = (pikepdf.ObjectStreamMode.generate if object_streams
            else pikepdf.ObjectStreamMode.disable)
    pdf.save(path, object_stream_mode=mode, compress_streams=True)
    return path
