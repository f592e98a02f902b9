"""The deck's fonts embedded in presentatie.pptx, as PowerPoint embeds them: each face an
uncompressed Embedded OpenType file (``ppt/fonts/fontN.fntdata``, the form PowerPoint writes
and reads, and LibreOffice 24.8 and later), listed in presentation.xml's
``<p:embeddedFontLst>``. Only TrueType fonts whose licence allows it (OS/2 ``fsType``: not
"restricted"; the bundled fonts are OFL) are embedded; for any other the deck uses Arial,
which every Windows and macOS computer has, and the build says so. The theme's fonts are set
to the deck's, so that a text a person adds is set in them too."""

from __future__ import annotations

import io
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from codio_print.i18n import _

FALLBACK = "Arial"
FONT_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
FONT_TYPE = "application/x-fontdata"
RESTRICTED = 0x0002  # OS/2 fsType: no embedding at all
BITMAP_ONLY = 0x0200


@dataclass(frozen=True)
class Embeddable:
    """A family as the deck names it, and its regular and bold faces as EOT (None: it cannot
    be embedded, ``why`` says why)."""

    name: str
    regular: bytes | None
    bold: bytes | None
    why: str = ""


def embeddable(regular: Path | None, bold: Path | None, alias: str) -> Embeddable:
    """The family of these files by its own name (not a CSS alias such as "Huisstijl
    tekst"), as EOT when its licence and format allow."""
    from fontTools.ttLib import TTFont

    if regular is None:
        return Embeddable(alias, None, None, _("no font file"))
    try:
        font = TTFont(str(regular), lazy=True)
    except Exception as exc:  # noqa: BLE001 - any font the reader cannot read: not embedded
        return Embeddable(alias, None, None, _("it cannot be read ({reason})").format(
            reason=type(exc).__name__))
    name = _family(font) or alias
    fs_type = font["OS/2"].fsType if "OS/2" in font else 0
    if fs_type & (RESTRICTED | BITMAP_ONLY):
        return Embeddable(name, None, None, _("its licence does not allow it"))
    if "glyf" not in font:
        return Embeddable(name, None, None, _("it is no TrueType font"))
    return Embeddable(name, eot(regular), eot(bold) if bold and bold != regular else None)


def _family(font) -> str:
    table = font["name"]
    for name_id in (16, 1):
        record = table.getDebugName(name_id)
        if record:
            return record
    return ""


def eot(path: Path) -> bytes:
    """The font file as an uncompressed EOT (version 0x00020001): a header that repeats
    the font's names and metrics, then the font itself (a WOFF unpacked to TrueType)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), recalcTimestamp=False)  # the same bytes each build
    font.flavor = None
    data = io.BytesIO()
    font.save(data, reorderTables=False)
    sfnt = data.getvalue()
    os2, head, names = font["OS/2"], font["head"], font["name"]

    def name(i: int) -> bytes:
        text = (names.getDebugName(i) or "").encode("utf-16-le")
        return struct.pack("<H", len(text)) + text

    p = os2.panose
    panose = bytes([p.bFamilyType, p.bSerifStyle, p.bWeight, p.bProportion, p.bContrast,
                    p.bStrokeVariation, p.bArmStyle, p.bLetterForm, p.bMidline, p.bXHeight])
    header = struct.pack(
        "<LLL10sBBLHH4L2LL4LH",
        len(sfnt), 0x00020001, 0,  # FontDataSize, Version, Flags: not compressed
        panose, 1, 1 if head.macStyle & 2 else 0, os2.usWeightClass, os2.fsType, 0x504C,
        os2.ulUnicodeRange1, os2.ulUnicodeRange2, os2.ulUnicodeRange3, os2.ulUnicodeRange4,
        getattr(os2, "ulCodePageRange1", 0), getattr(os2, "ulCodePageRange2", 0),
        head.checkSumAdjustment, 0, 0, 0, 0, 0)  # Reserved1–4, Padding1
    body = (header + name(1) + b"\0\0" + name(2) + b"\0\0" + name(5) + b"\0\0" + name(4)
            + b"\0\0" + struct.pack("<H", 0))  # no root string: any document may use it
    return struct.pack("<L", 4 + len(body) + len(sfnt)) + body + sfnt


def embed(prs, families: list[Embeddable]) -> None:
    """The families' faces as parts of the presentation, listed in presentation.xml."""
    from pptx.opc.package import Part
    from pptx.oxml.ns import qn

    pres = prs.part._element  # noqa: SLF001
    listed = pres.makeelement(qn("p:embeddedFontLst"), {})
    for fam in families:
        if fam.regular is None:
            continue
        entry = listed.makeelement(qn("p:embeddedFont"), {})
        entry.append(entry.makeelement(qn("p:font"), {"typeface": fam.name,
                                                      "pitchFamily": "2", "charset": "0"}))
        for kind, data in (("p:regular", fam.regular), ("p:bold", fam.bold)):
            if data is None:
                continue
            part = Part(prs.part.package.next_partname("/ppt/fonts/font%d.fntdata"),
                        FONT_TYPE, prs.part.package, data)
            entry.append(entry.makeelement(qn(kind), {qn("r:id"): prs.part.relate_to(
                part, FONT_RT)}))
        listed.append(entry)
    if len(listed):
        notes_size = pres.find(qn("p:notesSz"))
        notes_size.addnext(listed)
        pres.set("embedTrueTypeFonts", "1")


def theme_fonts(prs, heading: str, body: str) -> None:
    """The theme's heading and body fonts: the deck's."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    part = prs.slide_master.part.part_related_by(RT.THEME)
    xml = part.blob.decode("utf-8")
    for tag, face in (("majorFont", heading), ("minorFont", body)):
        xml = re.sub(rf'(<a:{tag}>\s*<a:latin typeface=")[^"]*(")',
                     lambda m, f=face: m.group(1) + _xml(f) + m.group(2), xml)
    part._blob = xml.encode("utf-8")  # noqa: SLF001 - the theme is a plain part


def _xml(text: str) -> str:
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;"))
