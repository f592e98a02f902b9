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

from codio_print.i18n import N_, _

MAX_OBJECTS = 500_000  # more than any kit's file holds; a file with more is not checked
MAX_SHOWN = 20         # findings named per file; the rest are counted

# Actions that run code, reach outside the file or play media; GoTo (a page of the same
# file), URI (a web link), Named (next page, print) and the like only move the viewer.
RUNS = {
    "/JavaScript": N_("runs JavaScript"),
    "/Launch": N_("starts a program or opens a file (/Launch)"),
    "/SubmitForm": N_("sends the form's data away (/SubmitForm)"),
    "/ImportData": N_("imports data from a file (/ImportData)"),
    "/GoToR": N_("opens another file (/GoToR)"),
    "/GoToE": N_("opens an embedded file (/GoToE)"),
    "/Rendition": N_("plays media (/Rendition)"),
    "/Movie": N_("plays media (/Movie)"),
    "/Sound": N_("plays a sound (/Sound)"),
    "/RichMediaExecute": N_("runs rich media (/RichMediaExecute)"),
}
MEDIA = {"/RichMedia", "/3D", "/Movie", "/Sound", "/Screen"}  # annotations that play or run
# The catalog's entries looked at first, so that what they hold is named after them (a
# field or a page is named wherever it is found; the structure tree and outlines come last).
FIRST = ("/OpenAction", "/Names", "/AA", "/AcroForm", "/Pages")
LAST = ("/StructTreeRoot", "/Outlines")
WHERE = {"/OpenAction": N_("when the document opens"),
         "/JavaScript": N_("the document's scripts (/Names)")}


@dataclass
class Found:
    """What a file would do (``active``) and the files it carries (``embedded``), each as
    the line the preflight shows."""

    active: list[str] = field(default_factory=list)
    embedded: list[str] = field(default_factory=list)


def scan(reader: PdfReader) -> Found:
    """Every object reachable from the catalog: actions, events, XFA, media, embedded files.
    A damaged file raises what pypdf raises; one with too many objects, ValueError. The lines
    are in the reader's language."""
    pages = {}
    for number, page in enumerate(reader.pages, 1):
        if page.indirect_reference is not None:
            pages[page.indirect_reference.idnum] = _("page {number}").format(number=number)
    where_of = {key: _(text) for key, text in WHERE.items()}
    page_names = set(pages.values())
    active: dict[str, None] = {}
    embedded: dict[str, None] = {}
    seen: set[tuple[int, int]] = set()
    todo = [(reader.trailer.raw_get("/Root"), _("the document"), True)]
    while todo:
        obj, where, catalog = todo.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            if len(seen) > MAX_OBJECTS:
                raise ValueError(_("more than {count} objects").format(
                    count=f"{MAX_OBJECTS:,}"))
            where = pages.get(obj.idnum, where)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            where = _where(obj, where, pages, page_names)
            for what in _looks(obj, where == where_of["/OpenAction"]):
                active[_("{where}: {what}").format(where=where, what=what)] = None
            if "/EF" in obj:
                embedded[_("carries an embedded file: {name}").format(
                    name=_text(obj.get('/UF') or obj.get('/F')))] = None
            todo += [(value, where_of.get(key, where) if catalog or key == "/JavaScript"
                      else where, False) for key, value in _ordered(obj, catalog)]
        elif isinstance(obj, ArrayObject):
            todo += [(value, where, False) for value in reversed(obj)]
    return Found(_shown(list(active)), _shown(list(embedded)))


def _looks(obj: DictionaryObject, opening: bool) -> list[str]:
    """What one dictionary would do."""
    found = []
    kind = obj.get("/S")
    if "/JS" in obj or kind == "/JavaScript":
        found.append(_(RUNS["/JavaScript"]))
    elif kind in RUNS and obj.get("/Type") in (None, "/Action"):
        found.append(_(RUNS[kind]))
    elif kind == "/URI" and _text(obj.get("/URI")).strip().lower().startswith("javascript:"):
        found.append(_("runs JavaScript (a javascript: link)"))
    elif opening and kind is not None and obj.get("/Type") in (None, "/Action"):
        found.append(_("runs an action ({kind})").format(kind=kind))
    if "/AA" in obj:
        found.append(_("actions on events (/AA)"))
    if "/XFA" in obj:
        found.append(_("an XFA form (/XFA)"))
    if obj.get("/Subtype") in MEDIA and "/Rect" in obj:
        found.append(_("plays or runs media ({kind} annotation)").format(kind=obj['/Subtype']))
    if obj.get("/Subtype") == "/FileAttachment" and "/EF" not in _dict(obj.get("/FS")):
        found.append(_("refers to a file (/FileAttachment annotation)"))
    return found


def _where(obj: DictionaryObject, where: str, pages: dict[int, str],
           page_names: set[str]) -> str:
    """What a finding in ``obj`` is named after: a field by its name, an annotation by its
    kind and page; else what it was found in (``page_names``: the pages' names)."""
    if "/T" in obj and ("/FT" in obj or "/Kids" in obj or obj.get("/Subtype") == "/Widget"):
        return _("field '{name}'").format(name=_text(obj['/T']))
    if "/Rect" in obj and "/Subtype" in obj:
        page = obj.raw_get("/P") if "/P" in obj else None
        on = pages.get(page.idnum) if isinstance(page, IndirectObject) else None
        on = on or (where if where in page_names else None)
        kind = _text(obj['/Subtype']).lstrip('/')
        if on:
            return _("a {kind} annotation on {page}").format(kind=kind, page=on)
        return _("a {kind} annotation").format(kind=kind)
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
                                                               else _("unnamed")))
    return text if len(text) <= 60 else text[:59] + "…"


def _shown(lines: list[str]) -> list[str]:
    if len(lines) <= MAX_SHOWN:
        return lines
    return [*lines[:MAX_SHOWN], _("and {count} more").format(count=len(lines) - MAX_SHOWN)]
