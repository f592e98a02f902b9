"""The logo in presentatie.pptx at print resolution: an SVG logo as SVG (PowerPoint 2016 and
later, and LibreOffice, draw it sharp at any size) with a PNG beside it for older readers,
rasterised at 600 px high, many times the 7–18 mm it is shown at; a PNG logo as it is."""

from __future__ import annotations

import io

SVG_EXT = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # Office's extension for an SVG image
ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"


def add_logo(slide, png: bytes, svg: bytes | None, left, top, height):
    """The picture at ``left``, ``top``, ``height`` high: the PNG, and the SVG when given."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.oxml.ns import qn

    pic = slide.shapes.add_picture(io.BytesIO(png), left, top, height=height)
    if svg is None:
        return pic
    rid = slide.part.relate_to(_svg_part(slide.part.package, svg), RT.IMAGE)
    blip = pic._element.find(".//" + qn("a:blip"))  # noqa: SLF001
    ext_list = blip.makeelement(qn("a:extLst"), {})
    ext = ext_list.makeelement(qn("a:ext"), {"uri": SVG_EXT})
    svg_blip = ext.makeelement(f"{{{ASVG}}}svgBlip", {qn("r:embed"): rid}, nsmap={"asvg": ASVG})
    ext.append(svg_blip)
    ext_list.append(ext)
    blip.append(ext_list)
    return pic


def _svg_part(package, svg: bytes):
    """One part for the SVG, shared by every slide that shows it."""
    from pptx.opc.package import Part

    for part in package.iter_parts():
        if part.content_type == "image/svg+xml" and part.blob == svg:
            return part
    return Part(package.next_partname("/ppt/media/image%d.svg"), "image/svg+xml", package, svg)
