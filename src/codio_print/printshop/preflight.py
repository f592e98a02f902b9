"""Preflight: check every PDF of a built kit the way a print shop and an accessibility checker
would, from the files alone (manifest.json says what each file should be)."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from codio_print.kit import manifest
from codio_print.kit.pieces import PAGE_MM

PT_PER_MM = 72 / 25.4
TOLERANCE_MM = 0.6
BLEED_MM = 3.0
MAX_INK = 3.0
PROPERTIES = ("opens", "boxes", "fonts", "colour", "pdf/ua", "title", "attachments")


@dataclass
class FileCheck:
    """The properties of one file: name -> list of problems (empty: passed); absent: n/a."""

    file: str
    results: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(not problems for problems in self.results.values())

    def failures(self) -> list[tuple[str, str]]:
        return [(prop, p) for prop, problems in self.results.items() for p in problems]


def check_kit(folder: Path) -> list[FileCheck]:
    kit = manifest.load(folder)
    checks = []
    for piece in kit.pieces:
        for profile, entry in piece.files.items():
            data = _read(folder / entry.file)
            checks.append(check_pdf(entry.file, data, piece.size, profile, entry.pages,
                                    sha256=entry.sha256, title=piece.title))
    for extra in kit.extras:
        if extra.kind == "tiles":
            checks.append(check_pdf(extra.file, _read(folder / extra.file), extra.paper,
                                    "tiles", extra.pages))
        elif extra.kind == "bundle":
            checks += check_bundle(folder, extra.file, kit)
    return checks


def check_bundle(folder: Path, name: str, kit: manifest.Manifest) -> list[FileCheck]:
    """The zip holds the job sheet, its CSV and exactly the print files of the kit."""
    own = FileCheck(name)
    try:
        archive = zipfile.ZipFile(folder / name)
    except (OSError, zipfile.BadZipFile) as exc:
        own.results["opens"] = [f"not a zip file: {exc}"]
        return [own]
    names = archive.namelist()
    prints = [p.files["print"].file for p in kit.pieces if "print" in p.files]
    expected = ["printopdracht.pdf", "printopdracht.csv"] + [Path(f).name for f in prints]
    problems = []
    if sorted(names) != sorted(expected):
        problems.append(f"holds {len(names)} files, expected {len(expected)}: "
                        f"missing {sorted(set(expected) - set(names))}, "
                        f"extra {sorted(set(names) - set(expected))}")
    for file in prints:
        if Path(file).name in names and archive.read(Path(file).name) != _read(folder / file):
            problems.append(f"{Path(file).name} differs from {file}")
    own.results["opens"] = problems
    checks = [own]
    if "printopdracht.pdf" in names:
        checks.append(check_pdf(f"{name}/printopdracht.pdf", archive.read("printopdracht.pdf"),
                                "A4", "screen", None))
    return checks


def check_pdf(name: str, data: bytes | None, size: str, profile: str,
              pages: int | None, *, sha256: str | None = None,
              title: str | None = None) -> FileCheck:
    """``profile`` is print, screen or tiles; ``size`` the finished size (A4, 16:9, ...);
    ``sha256`` and ``title``, where the manifest gives them, what the file must be."""
    check = FileCheck(name)
    if data is None:
        check.results["opens"] = ["file is missing"]
        return check
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        count = len(reader.pages)
    except Exception as exc:  # pypdf raises many kinds on a broken file
        check.results["opens"] = [f"cannot be read: {exc}"]
        return check
    check.results["opens"] = ([] if pages is None or count == pages
                              else [f"has {count} pages, the manifest says {pages}"])
    if sha256 and hashlib.sha256(data).hexdigest() != sha256:
        check.results["opens"].append("its SHA-256 differs from the manifest's: the file was "
                                      "changed or replaced after the build")
    check.results["boxes"] = _boxes(reader, size, bleed_allowed=profile == "print")
    check.results["fonts"] = _fonts(reader)
    if profile in ("print", "mono"):
        check.results["colour"] = _print_colour(reader)
    if profile == "screen":
        check.results["pdf/ua"] = _pdf_ua(reader) + _validator(data)
    check.results["title"] = _title(reader, title)
    check.results["attachments"] = _attachments(reader)
    return check


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _mm(value) -> float:
    return float(value) / PT_PER_MM


def _boxes(reader: PdfReader, size: str, bleed_allowed: bool) -> list[str]:
    want = sorted(PAGE_MM[size])
    for number, page in enumerate(reader.pages, 1):
        trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
        got = sorted((_mm(trim.width), _mm(trim.height)))
        if any(abs(g - w) > TOLERANCE_MM for g, w in zip(got, want)):
            return [f"page {number}: trim box {got[0]:.1f} × {got[1]:.1f} mm is not {size}"]
        if [float(v) for v in bleed] != [float(v) for v in media]:
            return [f"page {number}: bleed box differs from the media box"]
        margins = [_mm(trim.left) - _mm(bleed.left), _mm(trim.bottom) - _mm(bleed.bottom),
                   _mm(bleed.right) - _mm(trim.right), _mm(bleed.top) - _mm(trim.top)]
        allowed = (0.0, BLEED_MM) if bleed_allowed else (0.0,)
        if not any(all(abs(m - a) < 0.05 for m in margins) for a in allowed):
            text = ", ".join(f"{m:.1f}" for m in margins)
            return [f"page {number}: bleed {text} mm; expected "
                    + (" or ".join(f"{a:g} mm" for a in allowed)) + " on every side"]
    return []


def _fonts(reader: PdfReader) -> list[str]:
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
    return [f"font not embedded: {name}" for name in sorted(missing)]


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


def _print_colour(reader: PdfReader) -> list[str]:
    problems = []
    root = reader.trailer["/Root"]
    intents = _obj(root.get("/OutputIntents")) or []
    cmyk_intent = [i for i in (_obj(x) for x in intents)
                   if i.get("/S") == "/GTS_PDFX" and "/DestOutputProfile" in i
                   and int(_obj(i["/DestOutputProfile"]).get("/N", 0)) == 4]
    if not cmyk_intent:
        problems.append("no CMYK output intent (/OutputIntents with a GTS_PDFX profile)")
    xmp = _xmp(reader)
    if b"GTS_PDFXVersion>PDF/X-4<" not in xmp:
        problems.append("the XMP metadata does not identify PDF/X-4")
    for number, page in enumerate(reader.pages, 1):
        found = _rgb_on_page(page)
        if found:
            problems.append(f"page {number}: {found}")
            break
    return problems


def _rgb_on_page(page) -> str | None:
    group = _obj(page.get("/Group"))
    if isinstance(group, DictionaryObject) and _is_rgb(group.get("/CS")):
        return "RGB transparency group"
    contents = page.get_contents()  # an empty dictionary: falsy, so compare with None
    return _rgb_in(contents.get_data() if contents is not None else b"",
                   _obj(page.get("/Resources")), set())


def _rgb_in(content: bytes, resources, seen: set) -> str | None:
    """The first RGB use in a content stream and the resources it draws, or an ink total over
    the limit; None if it is clean."""
    resources = resources if isinstance(resources, DictionaryObject) else DictionaryObject()
    spaces = _obj(resources.get("/ColorSpace", {})) or {}
    for name, space in spaces.items():
        if _is_rgb(space):
            return f"RGB colour space {name}"
    for name, ref in (_obj(resources.get("/Shading", {})) or {}).items():
        if _is_rgb(_obj(ref).get("/ColorSpace")):
            return f"RGB shading {name}"
    operands: list[bytes] = []
    for token in _TOKEN.findall(_STRINGS.sub(b" ", content)):
        if token[:1].isalpha() or token[:1] in b"'\"":
            op = token
            if op in (b"rg", b"RG"):
                return f"RGB colour operator '{op.decode()}'"
            if op in (b"k", b"K", b"sc", b"scn", b"SC", b"SCN") and len(operands) >= 4:
                try:
                    inks = [float(v) for v in operands[-4:]]
                except ValueError:
                    inks = []
                if op in (b"k", b"K") or len(operands) == 4:
                    if inks and sum(inks) > MAX_INK + 0.005:
                        return f"ink total {sum(inks) * 100:.0f} % is over {MAX_INK * 100:.0f} %"
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
                return f"RGB image {name}"
        elif xobject.get("/Subtype") == "/Form":
            group = _obj(xobject.get("/Group"))
            if isinstance(group, DictionaryObject) and _is_rgb(group.get("/CS")):
                return f"RGB transparency group in {name}"
            found = _rgb_in(xobject.get_data(), _obj(xobject.get("/Resources")), seen)
            if found:
                return found
    return None


def _xmp(reader: PdfReader) -> bytes:
    metadata = _obj(reader.trailer["/Root"].get("/Metadata"))
    return metadata.get_data() if metadata is not None else b""


def _pdf_ua(reader: PdfReader) -> list[str]:
    root = reader.trailer["/Root"]
    problems = []
    if not re.search(rb'pdfuaid:part(="|>)1', _xmp(reader)):
        problems.append("the XMP metadata does not identify PDF/UA-1")
    if "/StructTreeRoot" not in root:
        problems.append("no structure tree (untagged)")
    if not _obj(root.get("/MarkInfo", {})).get("/Marked"):
        problems.append("not marked as tagged (/MarkInfo)")
    if not str(root.get("/Lang", "")).startswith("nl"):
        problems.append(f"document language is '{root.get('/Lang', '')}', not nl")
    if not _obj(root.get("/ViewerPreferences", {})).get("/DisplayDocTitle"):
        problems.append("viewers are not told to show the title (DisplayDocTitle)")
    return problems


def _validator(data: bytes) -> list[str]:
    """An independent PDF/UA-1 validator's findings (page-validation)."""
    from codio_print.render.pdfua import problems
    return [f"page-validation: {p}" for p in problems(data)]


def _title(reader: PdfReader, expected: str | None = None) -> list[str]:
    meta = reader.metadata
    if not meta or not (meta.title or "").strip():
        return ["no title in the document information"]
    if expected and not meta.title.startswith(expected):
        return [f"the title is '{meta.title}', not that of {expected}"]
    return []


def _attachments(reader: PdfReader) -> list[str]:
    """The kit's PDFs carry no files: not as embedded files, not as file annotations."""
    names = []
    try:
        names += list(reader.attachments)
        for page in reader.pages:
            for annot in _obj(page.get("/Annots")) or []:
                if _obj(annot).get("/Subtype") == "/FileAttachment":
                    names.append("a file attachment annotation")
    except Exception as exc:  # noqa: BLE001 - a damaged name tree is a failure too
        return [f"cannot read its attachments: {exc}"]
    return [f"carries an embedded file: {n}" for n in names]


def table(checks: list[FileCheck]) -> str:
    """One row per file, one column per property: ok, FAIL, or - where it does not apply."""
    width = max([len("file")] + [len(c.file) for c in checks])
    head = f"{'file':<{width}}  " + "  ".join(f"{p:<6}" for p in PROPERTIES)
    lines = [head, "-" * len(head)]
    for c in checks:
        cells = []
        for prop in PROPERTIES:
            if prop not in c.results:
                cells.append(f"{'-':<6}")
            else:
                cells.append(f"{'ok' if not c.results[prop] else 'FAIL':<6}")
        lines.append(f"{c.file:<{width}}  " + "  ".join(cells))
    return "\n".join(lines)
