"""The checks of one PDF, one function each, as preflight.py runs them: the page boxes against
the paper (kit/pieces.py PAGE_MM), embedded fonts, colour and total ink of a print file,
annotations, PDF/UA with its title, and what the file carries or would run (active.py).
Each returns the problems it found, in the reader's language (none: the check passes)."""

from __future__ import annotations

import re

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from codio_print.i18n import _
from codio_print.kit.pieces import PAGE_MM
from codio_print.printshop import active, inkcheck

PT_PER_MM = 72 / 25.4
TOLERANCE_MM = 0.6


def _mm(value) -> float:
    return float(value) / PT_PER_MM


def boxes(reader: PdfReader, size: str, bleed_mm: float) -> list[str]:
    want = sorted(PAGE_MM[size])
    for number, page in enumerate(reader.pages, 1):
        trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
        got = sorted((_mm(trim.width), _mm(trim.height)))
        if any(abs(g - w) > TOLERANCE_MM for g, w in zip(got, want)):
            return [_("page {page}: trim box {width} × {height} mm is not {size}").format(
                page=number, width=f"{got[0]:.1f}", height=f"{got[1]:.1f}", size=size)]
        if [float(v) for v in bleed] != [float(v) for v in media]:
            return [_("page {page}: bleed box differs from the media box").format(page=number)]
        margins = [_mm(trim.left) - _mm(bleed.left), _mm(trim.bottom) - _mm(bleed.bottom),
                   _mm(bleed.right) - _mm(trim.right), _mm(bleed.top) - _mm(trim.top)]
        allowed = (0.0, bleed_mm) if bleed_mm else (0.0,)
        if not any(all(abs(m - a) < 0.05 for m in margins) for a in allowed):
            text = ", ".join(f"{m:.1f}" for m in margins)
            return [_("page {page}: bleed {found} mm; expected {allowed} on every "
                      "side").format(page=number, found=text, allowed=_(" or ").join(
                          f"{a:g} mm" for a in allowed))]
    return []


def fonts(reader: PdfReader) -> list[str]:
    missing = set()
    for page in reader.pages:
        for font in _all_fonts(page.get("/Resources")):
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            if font.get("/Subtype") == "/Type3":
                continue
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont")))
    return [_("font not embedded: {font}").format(font=name) for name in sorted(missing)]


def _all_fonts(resources, seen=None):
    """Fonts of a page and of the forms it draws."""
    seen = seen if seen is not None else set()
    resources = _obj(resources)
    if not isinstance(resources, DictionaryObject):
        return
    for ref in _obj(resources.get("/Font", {})).values():
        yield _obj(ref)
    for ref in _obj(resources.get("/XObject", {})).values():
        xobject = _obj(ref)
        key = id(xobject)
        if xobject.get("/Subtype") == "/Form" and key not in seen:
            seen.add(key)
            yield from _all_fonts(xobject.get("/Resources"), seen)


def _obj(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _is_rgb(space) -> bool:
    """A colour space that is RGB: DeviceRGB, CalRGB, a 3-component ICC profile, or an
    Indexed/separation space built on one."""
    space = _obj(space)
    if space in ("/DeviceRGB", "/RGB", "/CalRGB"):
        return True
    if isinstance(space, ArrayObject) and space:
        kind = space[0]
        if kind == "/CalRGB":
            return True
        if kind == "/ICCBased":
            return int(_obj(space[1]).get("/N", 0)) == 3
        if kind == "/Indexed":
            return _is_rgb(space[1])
        if kind in ("/Separation", "/DeviceN"):
            return _is_rgb(space[2])
    return False


_STRINGS = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>")
_TOKEN = re.compile(rb"/[^\s/\[\]()<>{}%]+|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'\"]+\*?")


def print_colour(reader: PdfReader, max_ink: float) -> list[str]:
    problems = []
    root = reader.trailer["/Root"]
    intents = _obj(root.get("/OutputIntents")) or []
    cmyk_intent = [i for i in (_obj(x) for x in intents)
                   if i.get("/S") == "/GTS_PDFX" and "/DestOutputProfile" in i
                   and int(_obj(i["/DestOutputProfile"]).get("/N", 0)) == 4]
    if not cmyk_intent:
        problems.append(_("no CMYK output intent (/OutputIntents with a GTS_PDFX profile)"))
    xmp = _xmp(reader)
    if b"GTS_PDFXVersion>PDF/X-4<" not in xmp:
        problems.append(_("the XMP metadata does not identify PDF/X-4"))
    for number, page in enumerate(reader.pages, 1):
        found = _rgb_on_page(page, max_ink)
        if found:
            problems.append(_("page {page}: {problem}").format(page=number, problem=found))
            break
    return problems


def _rgb_on_page(page, max_ink: float) -> str | None:
    group = _obj(page.get("/Group"))
    if isinstance(group, DictionaryObject) and _is_rgb(group.get("/CS")):
        return _("RGB transparency group")
    contents = page.get_contents()  # an empty dictionary: falsy, so compare with None
    return _rgb_in(contents.get_data() if contents is not None else b"",
                   _obj(page.get("/Resources")), set(), max_ink)


def _rgb_in(content: bytes, resources, seen: set, max_ink: float) -> str | None:
    """The first RGB use in a content stream and the resources it draws, or an ink total over
    the limit; None if it is clean."""
    resources = resources if isinstance(resources, DictionaryObject) else DictionaryObject()
    spaces = _obj(resources.get("/ColorSpace", {})) or {}
    for name, space in spaces.items():
        if _is_rgb(space):
            return _("RGB colour space {name}").format(name=name)
    for name, ref in (_obj(resources.get("/Shading", {})) or {}).items():
        if _is_rgb(_obj(ref).get("/ColorSpace")):
            return _("RGB shading {name}").format(name=name)
    operands: list[bytes] = []
    for token in _TOKEN.findall(_STRINGS.sub(b" ", content)):
        if token[:1].isalpha() or token[:1] in b"'\"":
            op = token
            if op in (b"rg", b"RG"):
                return _("RGB colour operator '{operator}'").format(operator=op.decode())
            if op in (b"k", b"K", b"sc", b"scn", b"SC", b"SCN") and len(operands) >= 4:
                try:
                    inks = [float(v) for v in operands[-4:]]
                except ValueError:
                    inks = []
                if op in (b"k", b"K") or len(operands) == 4:
                    if inks and sum(inks) > max_ink + 0.005:
                        return _("ink total {total} % is over {limit} %").format(
                            total=f"{sum(inks) * 100:.0f}", limit=f"{max_ink * 100:.0f}")
            operands = []
        else:
            operands.append(token)
    for name, ref in (_obj(resources.get("/XObject", {})) or {}).items():
        xobject = _obj(ref)
        if id(xobject) in seen:
            continue
        seen.add(id(xobject))
        if xobject.get("/Subtype") == "/Image":
            if _is_rgb(xobject.get("/ColorSpace")):
                return _("RGB image {name}").format(name=name)
        elif xobject.get("/Subtype") == "/Form":
            group = _obj(xobject.get("/Group"))
            if isinstance(group, DictionaryObject) and _is_rgb(group.get("/CS")):
                return _("RGB transparency group in {name}").format(name=name)
            found = _rgb_in(xobject.get_data(), _obj(xobject.get("/Resources")), seen, max_ink)
            if found:
                return found
    return None


# Ghostscript's separations have 8 bits per ink: four inks round to within 1 % together.
INK_TOLERANCE = 1.0


def ink(data: bytes, max_ink: int) -> list[str]:
    """The total ink of the rendered pages over ``max_ink`` percent, page by page."""
    try:
        pages = inkcheck.page_inks(data)
    except inkcheck.InkCheckError as exc:
        return [_("not measured: {reason}").format(reason=exc)]
    return [_("page {page}: {percent} % ink at {x} × {y} mm from the top left, over "
              "{limit} %").format(page=p.page, percent=f"{p.max_percent:.0f}",
                                  x=f"{p.x_mm:.0f}", y=f"{p.y_mm:.0f}", limit=max_ink)
            for p in pages if p.max_percent > max_ink + INK_TOLERANCE]


def annotations(reader: PdfReader) -> list[str]:
    """A print file carries no form fields, links or other annotations: a press ignores or
    prints them unpredictably."""
    problems = []
    if "/AcroForm" in reader.trailer["/Root"]:
        problems.append(_("has form fields (/AcroForm)"))
    for number, page in enumerate(reader.pages, 1):
        annots = _obj(page.get("/Annots")) or []
        if annots:
            kinds = sorted({str(_obj(a).get("/Subtype", "?")).lstrip("/") for a in annots})
            problems.append(_("page {page}: {count} annotation(s) ({kinds})").format(
                page=number, count=len(annots), kinds=", ".join(kinds)))
    return problems


def _xmp(reader: PdfReader) -> bytes:
    metadata = _obj(reader.trailer["/Root"].get("/Metadata"))
    return metadata.get_data() if metadata is not None else b""


def pdf_ua(reader: PdfReader) -> list[str]:
    root = reader.trailer["/Root"]
    problems = []
    if not re.search(rb'pdfuaid:part(="|>)1', _xmp(reader)):
        problems.append(_("the XMP metadata does not identify PDF/UA-1"))
    if "/StructTreeRoot" not in root:
        problems.append(_("no structure tree (untagged)"))
    if not _obj(root.get("/MarkInfo", {})).get("/Marked"):
        problems.append(_("not marked as tagged (/MarkInfo)"))
    if not str(root.get("/Lang", "")).startswith("nl"):
        problems.append(_("document language is '{language}', not nl").format(
            language=root.get("/Lang", "")))
    if not _obj(root.get("/ViewerPreferences", {})).get("/DisplayDocTitle"):
        problems.append(_("viewers are not told to show the title (DisplayDocTitle)"))
    return problems


def validator(data: bytes) -> list[str]:
    """An independent PDF/UA-1 validator's findings (page-validation)."""
    from codio_print.render.pdfua import problems
    return [f"page-validation: {p}" for p in problems(data)]


def title(reader: PdfReader, expected: str | None = None) -> list[str]:
    meta = reader.metadata
    if not meta or not (meta.title or "").strip():
        return [_("no title in the document information")]
    if expected and not meta.title.startswith(expected):
        return [_("the title is '{title}', not that of {expected}").format(title=meta.title,
                                                                           expected=expected)]
    return []


def carried(reader: PdfReader) -> tuple[list[str], list[str]]:
    """The files a PDF carries (the kit's carry none: not as embedded files, not as file
    annotations), and what it would do besides show its pages (active.py)."""
    try:
        found = active.scan(reader)
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        problem = [_("cannot be looked through: {reason}").format(reason=exc)]
        return problem, problem
    return found.embedded, found.active
