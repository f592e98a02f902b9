"""Preflight: check every PDF of a built kit the way a print shop and an accessibility checker
would, from the files alone (manifest.json says what each file should be), and the print
shop's bundle as the shop receives it: drukwerk.zip or the folder it was unpacked into, whose
printopdracht.json says what each file should be.

The files that go to the shop are also rendered by Ghostscript to measure the total ink on
every page (inkcheck.py), against the preset's limit (presets.py); print files carry no
annotations or form fields."""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from codio_print.errors import InputError
from codio_print.i18n import N_, _, ngettext
from codio_print.kit import manifest
from codio_print.kit.pieces import PAGE_MM
from codio_print.printshop import active, inkcheck, shopfiles

PT_PER_MM = 72 / 25.4
TOLERANCE_MM = 0.6
PROPERTIES = ("opens", "boxes", "fonts", "colour", "ink", "annots", "pdf/ua", "title",
              "attachments", "active")
# Each property's name as a column shows it (one word: the table is read by its columns).
LABELS = {"opens": N_("opens"), "boxes": N_("boxes"), "fonts": N_("fonts"),
          "colour": N_("colour"), "ink": N_("ink"), "annots": N_("annots"),
          "title": N_("title"), "attachments": N_("attachments"), "active": N_("active")}


def label(prop: str) -> str:
    """The name of a property (a column of the table) in the reader's language."""
    return _(LABELS[prop]) if prop in LABELS else prop


@dataclass(frozen=True)
class Limits:
    """What the print files were made for: the preset's total ink (percent) and the bleed."""

    max_ink: int = 300
    bleed_mm: float = 3.0


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


# The shop's bundle (bundle.py): the job sheet as PDF, CSV and JSON (what check reads), the
# preflight page, then the print files.
JOB_PDF, JOB_CSV, JOB_JSON, PREFLIGHT_PDF = ("printopdracht.pdf", "printopdracht.csv",
                                             "printopdracht.json", "preflight.pdf")
SHEETS = (JOB_PDF, JOB_CSV, JOB_JSON, PREFLIGHT_PDF)


def check_path(path: Path) -> list[FileCheck]:
    """``codio-print check PATH``: a built kit (with manifest.json), the shop's drukwerk.zip,
    or the folder it was unpacked into (with printopdracht.json)."""
    if path.is_file() and zipfile.is_zipfile(path):
        return check_shop(path.name, shopfiles.zip_files(path))
    if path.is_dir() and not (path / manifest.FILE).is_file() and (path / JOB_JSON).is_file():
        return check_shop(path.name, shopfiles.folder_files(path))
    if path.is_file():
        raise InputError(_("'{path}' is not a kit and not the print shop's zip").format(
            path=path),
            fix=_("give the folder 'codio-print build' wrote, e.g. build/arnhem, or its "
                  "drukwerk.zip (or the folder it was unpacked into)"))
    if not (path / manifest.FILE).is_file():
        raise InputError(_("'{path}' is not a built kit: it has no {manifest} (nor the {order} "
                           "of an unpacked drukwerk.zip)").format(
            path=path, manifest=manifest.FILE, order=JOB_JSON),
            fix=_("give the folder 'codio-print build' wrote, e.g. build/arnhem, or its "
                  "drukwerk.zip"))
    return check_kit(path)


def check_kit(folder: Path) -> list[FileCheck]:
    kit = manifest.load(folder)
    limits = Limits(*kit.limits) if kit.limits else Limits()
    jobs, refused = [], {}
    for piece in kit.pieces:
        for profile, entry in piece.files.items():
            jobs.append(dict(name=entry.file, data=_read(folder, entry.file, refused),
                             size=piece.size, profile=profile, pages=entry.pages,
                             sha256=entry.sha256, title=piece.title, limits=limits,
                             ink=profile == "print" and piece.destination == "drukker"))
    for extra in kit.extras:
        if extra.kind == "tiles":
            jobs.append(dict(name=extra.file, data=_read(folder, extra.file, refused),
                             size=extra.paper, profile="tiles", pages=extra.pages))
    done = iter(checked([job for job in jobs if job["name"] not in refused]))
    checks = [FileCheck(job["name"], {"opens": [refused[job["name"]]]})
              if job["name"] in refused else next(done) for job in jobs]
    for extra in kit.extras:
        if extra.kind == "bundle":
            checks += check_bundle(folder, extra.file, kit)
    return checks


def checked(jobs: list[dict]) -> list[FileCheck]:
    """check_pdf(**job) for every job, in order; Ghostscript renders several at once."""
    from concurrent.futures import ThreadPoolExecutor

    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda job: check_pdf(**job), jobs))


def check_bundle(folder: Path, name: str, kit: manifest.Manifest) -> list[FileCheck]:
    """The zip holds the job sheet (PDF, CSV, JSON), the preflight page and exactly the
    print files of the pieces that go to the shop, as the kit holds them."""
    own = FileCheck(name)
    try:
        files = shopfiles.zip_files(shopfiles.in_kit(folder, name))
    except InputError as exc:
        own.results["opens"] = [exc.message]
        return [own]
    prints = [p.files["print"].file for p in kit.pieces
              if "print" in p.files and p.destination == "drukker"]
    expected = [*SHEETS, *(Path(f).name for f in prints)]
    problems = _listing(list(files), expected)
    for file in prints:
        if Path(file).name in files and files[Path(file).name] != _read(folder, file, {}):
            problems.append(_("{name} differs from {file}").format(name=Path(file).name,
                                                                    file=file))
    own.results["opens"] = problems
    checks = [own]
    for sheet in (JOB_PDF, PREFLIGHT_PDF):
        if sheet in files:
            checks.append(check_pdf(f"{name}/{sheet}", files[sheet], "A4", "screen", None))
    return checks


def check_shop(name: str, files: dict[str, bytes]) -> list[FileCheck]:
    """The shop's bundle from its files alone: printopdracht.json lists what it holds."""
    import json

    own = FileCheck(name)
    try:
        order = json.loads(files[JOB_JSON].decode("utf-8"))
        entries = order["files"]
        limits = Limits(int(order["preset"]["max_ink"]), float(order["preset"]["bleed_mm"]))
    except KeyError:
        own.results["opens"] = [
            _("holds no {file}: not a drukwerk.zip made by codio-print").format(file=JOB_JSON)
            if JOB_JSON not in files else _("{file} is incomplete").format(file=JOB_JSON)]
        return [own]
    except (ValueError, TypeError, AttributeError) as exc:
        own.results["opens"] = [_("{file} cannot be read: {reason}").format(file=JOB_JSON,
                                                                            reason=exc)]
        return [own]
    own.results["opens"] = _listing(list(files), [*SHEETS, *(e["file"] for e in entries)])
    jobs = [dict(name=f"{name}/{e['file']}", data=files.get(e["file"]), size=e["size"],
                 profile="print", pages=e["pages"], sha256=e["sha256"], title=e["title"],
                 limits=limits, ink=True) for e in entries]
    jobs += [dict(name=f"{name}/{sheet}", data=files.get(sheet), size="A4", profile="screen",
                  pages=None) for sheet in (JOB_PDF, PREFLIGHT_PDF)]
    return [own, *checked(jobs)]


def _listing(names: list[str], expected: list[str]) -> list[str]:
    if sorted(names) == sorted(expected):
        return []
    return [_("holds {count} files, expected {expected}: missing {missing}, extra "
              "{extra}").format(count=len(names), expected=len(expected),
                                missing=sorted(set(expected) - set(names)),
                                extra=sorted(set(names) - set(expected)))]


def check_pdf(name: str, data: bytes | None, size: str, profile: str,
              pages: int | None, *, sha256: str | None = None,
              title: str | None = None, limits: Limits = Limits(),
              ink: bool = False) -> FileCheck:
    """``profile`` is print, screen or tiles; ``size`` the finished size (A4, 16:9, ...);
    ``sha256`` and ``title``, where the manifest gives them, what the file must be;
    ``limits`` what a print file was made for; ``ink``: measure the total ink on the
    rendered pages (the files the shop prints)."""
    check = FileCheck(name)
    if data is None:
        check.results["opens"] = [_("file is missing")]
        return check
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        count = len(reader.pages)
    except Exception as exc:  # pypdf raises many kinds on a broken file
        check.results["opens"] = [_("cannot be read: {reason}").format(reason=exc)]
        return check
    check.results["opens"] = ([] if pages is None or count == pages
                              else [_("has {count} pages, the manifest says {pages}").format(
                                  count=count, pages=pages)])
    if sha256 and hashlib.sha256(data).hexdigest() != sha256:
        check.results["opens"].append(_("its SHA-256 differs from the manifest's: the file "
                                        "was changed or replaced after the build"))
    check.results["boxes"] = _boxes(reader, size, limits.bleed_mm if profile == "print" else 0)
    check.results["fonts"] = _fonts(reader)
    if profile in ("print", "mono"):
        check.results["colour"] = _print_colour(reader, limits.max_ink / 100)
        check.results["annots"] = _annotations(reader)
        if ink:
            check.results["ink"] = _ink(data, limits.max_ink)
    if profile == "screen":
        check.results["pdf/ua"] = _pdf_ua(reader) + _validator(data)
    check.results["title"] = _title(reader, title)
    check.results["attachments"], check.results["active"] = _carried(reader)
    return check


def _read(folder: Path, name: str, refused: dict[str, str]) -> bytes | None:
    """A file of the kit (None: missing); why it is not read goes into ``refused``."""
    try:
        return shopfiles.kit_file(folder, name)
    except InputError as exc:
        refused[name] = exc.message
        return None


def _mm(value) -> float:
    return float(value) / PT_PER_MM


def _boxes(reader: PdfReader, size: str, bleed_mm: float) -> list[str]:
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


def _print_colour(reader: PdfReader, max_ink: float) -> list[str]:
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


def _ink(data: bytes, max_ink: int) -> list[str]:
    """The total ink of the rendered pages over ``max_ink`` percent, page by page."""
    try:
        pages = inkcheck.page_inks(data)
    except inkcheck.InkCheckError as exc:
        return [_("not measured: {reason}").format(reason=exc)]
    return [_("page {page}: {percent} % ink at {x} × {y} mm from the top left, over "
              "{limit} %").format(page=p.page, percent=f"{p.max_percent:.0f}",
                                  x=f"{p.x_mm:.0f}", y=f"{p.y_mm:.0f}", limit=max_ink)
            for p in pages if p.max_percent > max_ink + INK_TOLERANCE]


def _annotations(reader: PdfReader) -> list[str]:
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


def _pdf_ua(reader: PdfReader) -> list[str]:
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


def _validator(data: bytes) -> list[str]:
    """An independent PDF/UA-1 validator's findings (page-validation)."""
    from codio_print.render.pdfua import problems
    return [f"page-validation: {p}" for p in problems(data)]


def _title(reader: PdfReader, expected: str | None = None) -> list[str]:
    meta = reader.metadata
    if not meta or not (meta.title or "").strip():
        return [_("no title in the document information")]
    if expected and not meta.title.startswith(expected):
        return [_("the title is '{title}', not that of {expected}").format(title=meta.title,
                                                                           expected=expected)]
    return []


def _carried(reader: PdfReader) -> tuple[list[str], list[str]]:
    """The files a PDF carries (the kit's carry none: not as embedded files, not as file
    annotations), and what it would do besides show its pages (active.py)."""
    try:
        found = active.scan(reader)
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        problem = [_("cannot be looked through: {reason}").format(reason=exc)]
        return problem, problem
    return found.embedded, found.active


def table(checks: list[FileCheck]) -> str:
    """One row per file, one column per property: ok, FAIL, or - where it does not apply
    (each a word in the reader's language)."""
    ok, fail = _("ok"), _("FAIL")
    file = _("file")
    width = max([len(file)] + [len(c.file) for c in checks])
    heads = [label(p) for p in PROPERTIES]
    widths = [max(6, len(h), len(ok), len(fail)) for h in heads]
    head = f"{file:<{width}}  " + "  ".join(f"{h:<{w}}" for h, w in zip(heads, widths))
    lines = [head.rstrip(), "-" * len(head.rstrip())]
    for c in checks:
        cells = []
        for prop, w in zip(PROPERTIES, widths):
            if prop not in c.results:
                cells.append(f"{'-':<{w}}")
            else:
                cells.append(f"{ok if not c.results[prop] else fail:<{w}}")
        lines.append((f"{c.file:<{width}}  " + "  ".join(cells)).rstrip())
    return "\n".join(lines)


def failure_lines(checks: list[FileCheck]) -> list[str]:
    """A line per problem found: "FAIL FILE: PROPERTY: what" (for the terminal)."""
    return [_("FAIL {file}: {check}: {problem}").format(file=c.file, check=label(prop),
                                                        problem=problem)
            for c in checks for prop, problem in c.failures()]


def verdict(checks: list[FileCheck]) -> str:
    """The last line of `codio-print check`: every file passed, or how many failed."""
    failed = sum(1 for c in checks if not c.ok)
    if not failed:
        return ngettext("{count} file passes", "all {count} files pass", len(checks)).format(
            count=len(checks))
    return ngettext("{failed} of {count} files fails", "{failed} of {count} files fail",
                    failed).format(failed=failed, count=len(checks))
