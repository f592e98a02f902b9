"""What a PDF would do besides show its pages, for the preflight (preflight.py): scripts,
actions (when it opens, on a page, a field or a link), forms that send or fetch data, XFA,
media, and the files it carries.

codio-print's PDFs do none of this (the screen forms have fields, never actions), so any of
it means the file was changed after its build: a kit handed on (a zip, a share, a synced
workspace) is how a script reaches the organiser or the print shop. Every object reachable
from the document's catalog is looked at (not only where a viewer usually looks), without
decoding a stream.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

MAX_OBJECTS = 500_000  # more than any kit's file holds; a file with more is not checked
MAX_SHOWN = 20         # findings named per file; the rest are counted

# Actions that run code, reach outside the file or play media; GoTo (a page of the same
# file), URI (a web link), Named (next page, print) and the like only move the viewer.
RUNS = {
    "/JavaScript": "runs JavaScript",
    "/Launch": "starts a program or opens a file (/Launch)",
    "/SubmitForm": "sends the form's data away (/SubmitForm)",
    "/ImportData": "imports data from a file (/ImportData)",
    "/GoToR": "opens another file (/GoToR)",
    "/GoToE": "opens an embedded file (/GoToE)",
    "/Rendition": "plays media (/Rendition)",
    "/Movie": "plays media (/Movie)",
    "/Sound": "plays a sound (/Sound)",
    "/RichMediaExecute": "runs rich media (/RichMediaExecute)",
}
MEDIA = {"/RichMedia", "/3D", "/Movie", "/Sound", "/Screen"}  # annotations that play or run
# The catalog's entries looked at first, so that what they hold is named after them (a
# field or a page is named wherever it is found; the structure tree and outlines come last).
FIRST = ("/OpenAction", "/Names", "/AA", "/AcroForm", "/Pages")
LAST = ("/StructTreeRoot", "/Outlines")
WHERE = {"/OpenAction": "when the document opens",
         "/JavaScript": "the document's scripts (/Names)"}


@dataclass
class Found:
    """What a file would do (``active``) and the files it carries (``embedded``), each as
    the line the preflight shows."""

    active: list[str] = field(default_factory=list)
    embedded: list[str] = field(default_factory=list)


def scan(reader: PdfReader) -> Found:
    """Every object reachable from the catalog: actions, events, XFA, media, embedded files.
    A damaged file raises what pypdf raises; one with too many objects, ValueError."""
    pages = {}
    for number, page in enumerate(reader.pages, 1):
        if page.indirect_reference is not None:
            pages[page.indirect_reference.idnum] = f"page {number}"
    active: dict[str, None] = {}
    embedded: dict[str, None] = {}
    seen: set[tuple[int, int]] = set()
    todo = [(reader.trailer.raw_get("/Root"), "the document", True)]
    while todo:
        obj, where, catalog = todo.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            if len(seen) > MAX_OBJECTS:
                raise ValueError(f"more than {MAX_OBJECTS:,} objects")
            where = pages.get(obj.idnum, where)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            where = _where(obj, where, pages)
            for what in _looks(obj, where == WHERE["/OpenAction"]):
                active[f"{where}: {what}"] = None
            if "/EF" in obj:
                embedded[f"carries an embedded file: {_text(obj.get('/UF') or obj.get('/F'))}"] \
                    = None
            todo += [(value, WHERE.get(key, where) if catalog or key == "/JavaScript"
                      else where, False) for key, value in _ordered(obj, catalog)]
        elif isinstance(obj, ArrayObject):
            todo += [(value, where, False) for value in reversed(obj)]
    return Found(_shown(list(active)), _shown(list(embedded)))


def _looks(obj: DictionaryObject, opening: bool) -> list[str]:
    """What one dictionary would do."""
    found = []
    kind = obj.get("/S")
    if "/JS" in obj or kind == "/JavaScript":
        found.append(RUNS["/JavaScript"])
    elif kind in RUNS and obj.get("/Type") in (None, "/Action"):
        found.append(RUNS[kind])
    elif kind == "/URI" and _text(obj.get("/URI")).strip().lower().startswith("javascript:"):
        found.append("runs JavaScript (a javascript: link)")
    elif opening and kind is not None and obj.get("/Type") in (None, "/Action"):
        found.append(f"runs an action ({kind})")
    if "/AA" in obj:
        found.append("actions on events (/AA)")
    if "/XFA" in obj:
        found.append("an XFA form (/XFA)")
    if obj.get("/Subtype") in MEDIA and "/Rect" in obj:
        found.append(f"plays or runs media ({obj['/Subtype']} annotation)")
    if obj.get("/Subtype") == "/FileAttachment" and "/EF" not in _dict(obj.get("/FS")):
        found.append("refers to a file (/FileAttachment annotation)")
    return found


def _where(obj: DictionaryObject, where: str, pages: dict[int, str]) -> str:
    """What a finding in ``obj`` is named after: a field by its name, an annotation by its
    kind and page; else what it was found in."""
    if "/T" in obj and ("/FT" in obj or "/Kids" in obj or obj.get("/Subtype") == "/Widget"):
        return f"field '{_text(obj['/T'])}'"
    if "/Rect" in obj and "/Subtype" in obj:
        page = obj.raw_get("/P") if "/P" in obj else None
        on = pages.get(page.idnum) if isinstance(page, IndirectObject) else None
        on = on or (where if where.startswith("page ") else None)
        return f"a {_text(obj['/Subtype']).lstrip('/')} annotation" + (f" on {on}" if on else "")
    return where


def _ordered(obj: DictionaryObject, catalog: bool) -> list:
    """The entries to look into, the one to look at first last (a stack)."""
    items = [(key, obj.raw_get(key)) for key in obj]
    if catalog:
        rank = {key: i for i, key in enumerate(FIRST)}
        items.sort(key=lambda kv: (kv[0] not in LAST, -rank.get(kv[0], len(FIRST))))
    return items


def _dict(value) -> DictionaryObject:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


def _text(value) -> str:
    """A name or string from the file as one short printable line."""
    value = value.get_object() if isinstance(value, IndirectObject) else value
    text = "".join(c if c.isprintable() else "?" for c in str(value if value is not None
                                                               else "unnamed"))
    return text if len(text) <= 60 else text[:59] + "…"


def _shown(lines: list[str]) -> list[str]:
    if len(lines) <= MAX_SHOWN:
        return lines
    return [*lines[:MAX_SHOWN], f"and {len(lines) - MAX_SHOWN} more"]
