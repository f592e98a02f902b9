"""A PowerPoint template (huisstijl.yaml ``powerpoint:``), checked and cleaned before any use.

The template comes from a shared workspace, and what python-pptx keeps of it goes into
presentatie.pptx and, through LibreOffice, into presentatie.odp. So it is read once, within
bounds (its size, what its zip unpacks to, the number of its parts); every XML part is parsed
without a DTD, and one that declares a DOCTYPE or entities is refused (PowerPoint never
writes one); and a new package is made of what a deck may use. Left out of it: every
relationship that leads outside the file (linked pictures, hyperlinks, linked media and
objects, an attached template), OLE objects and embedded packages, ActiveX controls, macros
(VBA), add-ins and legacy VML drawings, together with the references to them in the XML, so
that the deck has no dangling link PowerPoint would "repair". python-pptx opens the new
package, never the file itself.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from codio_print.errors import ContentError
from codio_print.i18n import N_, _, ngettext
from codio_print.inputs import access

MAX_FILE = 50 * 2**20       # a template with its pictures; a deck's own are a few MB
MAX_UNPACKED = 150 * 2**20  # what all its parts unpack to
MAX_XML = 20 * 2**20        # one XML part (parsed, it takes about ten times as much)
MAX_PARTS = 2000

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NAMESPACES = (REL, "http://purl.oclc.org/ooxml/officeDocument/relationships")
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
PRESENTATION = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
MAIN_TYPES = {  # a deck, a show, a template, with or without macros: all become a deck
    PRESENTATION,
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml"}

# What a relationship of these types (the last part of its Type URI, lower case) leads to is
# left out, inside the file or not.
LEFT_OUT = {"oleobject": "OLE object", "package": "OLE object", "control": "ActiveX control",
            "activexcontrolbinary": "ActiveX control", "vbaproject": "macros (VBA)",
            "vbaprojectsignature": "macros (VBA)", "vbaprojectsignatureagile": "macros (VBA)",
            "vbaprojectsignaturev3": "macros (VBA)", "keymapcustomizations": "macros (VBA)",
            "webextension": "add-in", "webextensiontaskpanes": "add-in",
            "vmldrawing": "legacy (VML) drawing", "attachedtemplate": "link to outside"}
ACTIONS = ("ppaction://macro", "ppaction://program", "ppaction://ole")  # run something
SHAPES = {f"{{{P}}}{name}" for name in ("sp", "pic", "graphicFrame", "grpSp", "cxnSp",
                                          "contentPart")}
OBJECTS = {"oleObj", "control", "videoFile", "audioFile", "quickTimeFile", "media"}


@dataclass(frozen=True)
class SlidesTemplate:
    """The cleaned template: the package python-pptx opens, and what was left out of it."""

    path: Path
    package: bytes = field(repr=False)
    left_out: tuple[str, ...] = ()  # "3 linked pictures", "macros (VBA)", ...
    source: Path | None = None      # huisstijl.yaml
    line: int | None = None

    def warning(self) -> str | None:
        if not self.left_out:
            return None
        where = f"{self.source}:{self.line}: " if self.source else ""
        return where + _("presentatie.pptx leaves out what the PowerPoint template '{name}' "
                         "links to or runs: {what} — remove them from the template to make "
                         "this note go away").format(name=self.path.name,
                                                     what=", ".join(self.left_out))


def load_template(path: Path, root: Path, *, source: Path | None = None,
                  line: int | None = None) -> SlidesTemplate:
    """The template at ``path`` (inside ``root``), bounded, checked and cleaned; else one
    ContentError naming ``source`` and ``line`` (the huisstijl.yaml line naming it)."""
    what = N_("the PowerPoint template")

    def refuse(message: str, fix: str) -> ContentError:
        return ContentError(_("{what} '{name}' {problem}").format(
            what=_(what), name=Path(path).name, problem=message), file=source or path,
            line=line if source else None, fix=fix, key="powerpoint" if source else None)

    data = access.read_bytes(path, [root], what=what, source=source, line=line,
                             max_bytes=MAX_FILE, key="powerpoint")
    parts = _unpack(data, refuse)
    trees, types = _parse(parts, refuse)
    package, left_out = _clean(parts, trees, types, refuse)
    return SlidesTemplate(Path(path), package, left_out, source, line)


# --- reading, within bounds ------------------------------------------------------------------

def _unpack(data: bytes, refuse) -> dict[str, bytes]:
    """Every part by its name ("/ppt/slides/slide1.xml"), never more than the bounds: the
    sizes the zip's headers announce are checked first, then each part is read no further
    than its header said."""
    damaged = _("save it again from PowerPoint (as .pptx or .potx)")
    fewer = _("use a template with fewer slides and pictures")
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE file: a password, or PowerPoint 97
        raise refuse(_("is protected with a password, or an old .ppt file"),
                     _("save it from PowerPoint as .pptx without a password"))
    if data.count(b"PK\x01\x02") > MAX_PARTS:  # before a zip reader lists them all
        raise refuse(_("has more than the {limit} parts allowed").format(limit=MAX_PARTS),
                     fewer)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError) as exc:
        raise refuse(_("is not a PowerPoint file ({problem})").format(problem=exc),
                     damaged) from None
    if len(infos) > MAX_PARTS:
        raise refuse(_("has {count} parts, more than the {limit} allowed").format(
            count=len(infos), limit=MAX_PARTS), fewer)
    biggest = max(infos, key=lambda i: i.file_size, default=None)
    if biggest and sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise refuse(_("unpacks to more than the {limit} MB allowed ({part} alone: {size} "
                       "MB)").format(limit=MAX_UNPACKED // 2**20, part=biggest.filename,
                                     size=f"{biggest.file_size / 2**20:,.0f}"),
                     _("make it smaller: compress its pictures and leave out videos"))
    parts: dict[str, bytes] = {}
    for info in infos:
        name = "/" + info.filename
        if name in parts:
            raise refuse(_("is damaged: it holds {part} twice").format(part=info.filename),
                         damaged)
        if info.flag_bits & 0x1:
            raise refuse(_("is encrypted ({part})").format(part=info.filename),
                         _("save it without a password"))
        try:
            with archive.open(info) as member:
                body = member.read(info.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError,
                ValueError, OSError) as exc:
            raise refuse(_("is damaged ({part}: {problem})").format(part=info.filename,
                                                                     problem=exc),
                         damaged) from None
        if len(body) > info.file_size:
            raise refuse(_("is damaged ({part} holds more than its header says)").format(
                part=info.filename), damaged)
        parts[name] = body
    return parts


class _Types:
    """[Content_Types].xml: the content type of a part, by its name or its extension."""

    def __init__(self, root) -> None:
        self.root = root
        self.overrides = {(o.get("PartName") or "").lower(): o for o in root
                          if etree.QName(o).localname == "Override"}
        self.defaults = {(d.get("Extension") or "").lower(): d.get("ContentType") for d in root
                         if etree.QName(d).localname == "Default"}

    def of(self, name: str) -> str | None:
        override = self.overrides.get(name.lower())
        if override is not None:
            return override.get("ContentType")
        return self.defaults.get(posixpath.splitext(name)[1].lstrip(".").lower())

    def set(self, name: str, content_type: str) -> None:
        override = self.overrides.get(name.lower())
        if override is None:
            override = etree.SubElement(self.root, f"{{{CT}}}Override", PartName=name)
            self.overrides[name.lower()] = override
        override.set("ContentType", content_type)


def _is_xml(name: str, types: _Types | None) -> bool:
    kind = (types.of(name) if types else None) or ""
    return name.lower().endswith((".xml", ".rels", ".vml")) or kind.endswith("xml")


def _parse(parts: dict[str, bytes], refuse) -> tuple[dict[str, etree._Element], _Types]:
    """Every XML part (by its name or its content type) parsed without its DTD; a DOCTYPE,
    and with it any entity, refused."""
    trees: dict[str, etree._Element] = {}
    if "/[Content_Types].xml" not in parts:
        raise refuse(_("is not a PowerPoint file (it has no [Content_Types].xml)"),
                     _("give a .pptx or .potx file"))
    types = None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)  # one per template: a parser is not shared
    for name in ["/[Content_Types].xml", *parts]:
        if name in trees or not _is_xml(name, types):
            continue
        body = parts[name]
        if len(body) > MAX_XML:
            raise refuse(_("has an XML part of {size} MB ({part}), more than the {limit} MB "
                           "allowed").format(size=f"{len(body) / 2**20:.0f}", part=name[1:],
                                             limit=MAX_XML // 2**20),
                         _("use a simpler template"))
        try:
            tree = etree.fromstring(body, parser).getroottree()
        except etree.XMLSyntaxError as exc:
            raise refuse(_("is damaged ({part} is not well-formed XML: {problem})").format(
                part=name[1:], problem=exc),
                _("save it again from PowerPoint (as .pptx or .potx)")) from None
        if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
            raise refuse(_("declares a DOCTYPE in {part}, which PowerPoint never writes (its "
                           "entities could read files or the network)").format(part=name[1:]),
                         _("save the template again from PowerPoint, or leave 'powerpoint:' "
                           "out of huisstijl.yaml"))
        trees[name] = tree.getroot()
        if types is None:
            types = _Types(trees[name])
    return trees, types


# --- what the deck may use -------------------------------------------------------------------

def _rels_of(name: str) -> str:
    folder, file = posixpath.split(name)
    return posixpath.join(folder, "_rels", f"{file}.rels")


def _clean(parts: dict[str, bytes], trees: dict, types: _Types,
           refuse) -> tuple[bytes, tuple[str, ...]]:
    """A new package of the parts the deck reaches from its root, through the relationships
    it may keep; what was left out, counted by kind."""
    if "/_rels/.rels" not in trees:
        raise refuse(_("is not a PowerPoint file (it has no _rels/.rels)"),
                     _("give a .pptx or .potx file"))
    left_out: Counter = Counter()
    keep, queue = {"/"}, ["/"]
    while queue:
        source = queue.pop()
        rels = trees.get(_rels_of(source))
        if rels is None:
            continue
        dropped = set()
        for rel in list(rels):
            why, target = _judge(rel, source, parts)
            if why is not None:
                rels.remove(rel)
                dropped.add(rel.get("Id"))
                if why:
                    left_out[why] += 1
            elif target is not None and target not in keep:
                keep.add(target)
                queue.append(target)
        if source in trees:
            left_out.update(_drop_references(trees[source], dropped))
    _main_type(types, trees["/_rels/.rels"], refuse)
    return _package(parts, trees, keep), _counted(left_out)


def _judge(rel, source: str, parts: dict[str, bytes]) -> tuple[str | None, str | None]:
    """(why it is left out, or None; the part it leads to): "" for a reference to a part that
    is missing (left out without a word, as PowerPoint does)."""
    if not isinstance(rel.tag, str) or etree.QName(rel).localname != "Relationship":
        return None, None
    kind = (rel.get("Type") or "").rstrip("/").rsplit("/", 1)[-1].lower()
    target = rel.get("Target") or ""
    if (rel.get("TargetMode") or "").strip().lower() == "external":  # as any reader takes it
        return ("linked picture" if kind == "image" else "link to outside"), ""
    if kind in LEFT_OUT:
        return LEFT_OUT[kind], ""
    base = "/" if source == "/" else posixpath.dirname(source)
    name = posixpath.abspath(posixpath.join(base, target))  # as python-pptx resolves it
    return ("" if name not in parts else None), name


def _drop_references(root, dropped: set[str]) -> Counter:
    """Take out of a part's XML what refers to a relationship that was left out: a
    hyperlink or sound (the text stays), a picture whose only image was a link, an object
    or control with its frame; a blip that keeps an embedded image loses the link only. And
    actions that run a macro or a program."""
    found: Counter = Counter()
    for el in list(root.iter(etree.Element)):
        refs = [a for a in el.attrib if a.startswith(tuple(f"{{{ns}}}" for ns in REL_NAMESPACES))]
        gone = [a for a in refs if el.get(a) in dropped]
        local = etree.QName(el).localname
        if local.startswith("hlink") and (el.get("action") or "").startswith(ACTIONS):
            _remove(el)
            found["macros (VBA)"] += 1
        if not gone:
            continue
        if local == "blip":
            for a in gone:
                del el.attrib[a]
            if not any(etree.QName(a).localname == "embed" for a in el.attrib):
                picture = _shape_of(el, only=f"{{{P}}}pic")
                _remove(el if picture is None else picture)
        elif local in OBJECTS:
            shape = _shape_of(el)
            _remove(el if shape is None else shape)
        else:
            _remove(el)
    return found


def _shape_of(el, only: str | None = None):
    for parent in el.iterancestors():
        if parent.tag in SHAPES and (only is None or parent.tag == only):
            return parent
    return None


def _remove(el) -> None:
    """Take ``el`` out of its part; in a choice of markup (mc:AlternateContent) the whole
    choice, and a list it leaves empty (p:controls) with it."""
    parent = el.getparent()
    if parent is None:
        return
    if parent.tag in (f"{{{MC}}}Choice", f"{{{MC}}}Fallback"):
        _remove(parent.getparent())
        return
    parent.remove(el)
    if parent.tag in (f"{{{P}}}controls", f"{{{P}}}custDataLst") and len(parent) == 0:
        _remove(parent)


def _main_type(types: _Types, root_rels, refuse) -> None:
    """The main part must be a presentation (of any kind): it becomes a plain one."""
    main = next((r.get("Target") for r in root_rels
                 if (r.get("Type") or "").endswith("/officeDocument")), None)
    name = posixpath.abspath(posixpath.join("/", main or ""))
    kind = types.of(name) if main else None
    if kind not in MAIN_TYPES:
        raise refuse(_("is not a PowerPoint presentation or template ({kind})").format(
            kind=kind or _("no main part")), _("give a .pptx or .potx file"))
    types.set(name, PRESENTATION)


def _package(parts: dict[str, bytes], trees: dict, keep: set[str]) -> bytes:
    """The kept parts and their relationships, XML as it was parsed and cleaned."""
    names = [n for n in parts if n == "/[Content_Types].xml" or n in keep or _owner(n) in keep]
    names.sort(key=lambda n: n != "/[Content_Types].xml")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            body = parts[name]
            if name in trees:
                body = etree.tostring(trees[name], xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            archive.writestr(name[1:], body, zipfile.ZIP_DEFLATED if name in trees
                             else zipfile.ZIP_STORED)
    return out.getvalue()


def _owner(rels_name: str) -> str | None:
    """The part a .rels part belongs to ("/_rels/.rels": the package, "/")."""
    folder, file = posixpath.split(rels_name)
    if posixpath.basename(folder) != "_rels" or not file.endswith(".rels"):
        return None
    return posixpath.join(posixpath.dirname(folder), file.removesuffix(".rels"))


KINDS = {  # what is left out, in the order a note lists it, in the reader's language
    "linked picture": lambda n: ngettext("{n} linked picture", "{n} linked pictures", n),
    "link to outside": lambda n: ngettext("{n} link to outside", "{n} links to outside", n),
    "OLE object": lambda n: ngettext("{n} OLE object", "{n} OLE objects", n),
    "ActiveX control": lambda n: ngettext("{n} ActiveX control", "{n} ActiveX controls", n),
    "macros (VBA)": lambda n: _("macros (VBA)"),
    "add-in": lambda n: ngettext("{n} add-in", "{n} add-ins", n),
    "legacy (VML) drawing": lambda n: ngettext("{n} legacy (VML) drawing",
                                               "{n} legacy (VML) drawings", n)}


def _counted(left_out: Counter) -> tuple[str, ...]:
    """What was left out: "3 linked pictures", "macros (VBA)"."""
    return tuple(text(left_out[kind]).format(n=left_out[kind])
                 for kind, text in KINDS.items() if left_out[kind])
