"""A PowerPoint template (huisstijl.yaml ``powerpoint:``) is a file from a shared workspace:
it may link to the outside, embed programs, unpack to gigabytes or declare entities. The
second security review (December 2026) found LibreOffice fetching a linked picture during the
build (E2), outside links carried into presentatie.pptx and .odp (E2), no bound on what the
template unpacks to (E11) and a DOCTYPE with entities giving a damaged deck (E22)."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from helpers import edit
from incli import run_here
from kits import run_cli
from tiny import tiny_workspace

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = f'xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{R}"'
CASE = "eigen-casus"  # the case of a new workspace


# --- making templates -----------------------------------------------------------------------

def _linked_picture(shapes, rid: str, number: int) -> None:
    """A picture on a master or layout whose image is a link (``r:link``), not embedded."""
    shapes._spTree.append(etree.fromstring(  # noqa: SLF001
        f'<p:pic {NS}><p:nvPicPr><p:cNvPr id="{900 + number}" name="Linked {number}"/>'
        f'<p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:link="{rid}"/><a:stretch>'
        '<a:fillRect/></a:stretch></p:blipFill><p:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        "</a:prstGeom></p:spPr></p:pic>"))


def _ole_object(layout, package) -> None:
    """An embedded OLE object (a program's document) on a layout, as PowerPoint writes one."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI

    part = Part(PackURI("/ppt/embeddings/oleObject1.bin"),
                "application/vnd.openxmlformats-officedocument.oleObject", package,
                b"\xd0\xcf\x11\xe0 an OLE compound file")
    rid = layout.part.relate_to(part, RT.OLE_OBJECT)
    layout.shapes._spTree.append(etree.fromstring(  # noqa: SLF001
        f'<p:graphicFrame {NS}><p:nvGraphicFramePr><p:cNvPr id="950" name="Object"/>'
        '<p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="914400" cy="914400"/></p:xfrm><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/presentationml/2006/ole">'
        f'<p:oleObj progId="Package" r:id="{rid}"><p:embed/></p:oleObj>'
        "</a:graphicData></a:graphic></p:graphicFrame>"))


def _macros_and_control(prs) -> None:
    """A VBA project (the deck becomes macro-enabled) and an ActiveX control on a layout."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.package import Part, XmlPart
    from pptx.opc.packuri import PackURI

    package = prs.part.package
    vba = Part(PackURI("/ppt/vbaProject.bin"), "application/vnd.ms-office.vbaProject",
               package, b"Attribute VB_Name = \"Module1\"\nSub AutoOpen()\nEnd Sub\n")
    prs.part.relate_to(vba, "http://schemas.microsoft.com/office/2006/relationships/vbaProject")
    layout = prs.slide_layouts[2]
    control = XmlPart(PackURI("/ppt/activeX/activeX1.xml"),
                      "application/vnd.ms-office.activeX+xml", package, etree.fromstring(
                          '<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX"'
                          ' ax:classid="{8BD21D40-EC42-11CE-9E0D-00AA006002F3}"/>'))
    rid = layout.part.relate_to(control, RT.CONTROL)
    layout._element.cSld.append(etree.fromstring(  # noqa: SLF001
        f'<p:controls {NS}><p:control spid="_x0000_s1025" name="Knop" r:id="{rid}"/>'
        "</p:controls>"))


def hostile_template(path: Path, port: int) -> Path:
    """python-pptx's own deck with what a template must not bring into a kit: pictures linked
    to http, a Windows share and file: URLs on the master and a layout, a hyperlink to
    outside, an OLE object, a VBA project and an ActiveX control."""
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    prs = Presentation()
    master, layout = prs.slide_master, prs.slide_layouts[1]
    for n, (shapes, part, url) in enumerate([
            (master.shapes, master.part, f"http://127.0.0.1:{port}/tracked.png"),
            (layout.shapes, layout.part, "\\\\127.0.0.1\\share\\x.png"),
            (layout.shapes, layout.part, "file:///etc/passwd")]):
        _linked_picture(shapes, part.relate_to(url, RT.IMAGE, is_external=True), n)
    title = next(ph for ph in layout.placeholders if ph.placeholder_format.idx == 0)
    run = title.text_frame.paragraphs[0].add_run()
    run.text = "Onze website"
    run.hyperlink.address = f"http://127.0.0.1:{port}/clicked"
    _ole_object(prs.slide_layouts[0], prs.part.package)
    _macros_and_control(prs)
    prs.save(path)
    main_type(path, MACRO_ENABLED)  # as PowerPoint saves a deck with macros (.pptm)
    return path


DECK = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
MACRO_ENABLED = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"


def main_type(path: Path, content_type: str) -> None:
    """Give the package's main part (ppt/presentation.xml) another content type."""
    def change(name, data):
        if name != "[Content_Types].xml":
            return data  # (None for the members to add: none)
        assert DECK.encode() in data
        return data.replace(DECK.encode(), content_type.encode())
    rewrite(path, change)


def plain_template(path: Path) -> Path:
    from pptx import Presentation

    Presentation().save(path)
    return path


def rewrite(path: Path, change) -> None:
    """The zip at ``path`` again, each member's bytes through ``change(name, data)`` (None:
    left out); ``change`` may add members by returning them from ``change(None, None)``."""
    with zipfile.ZipFile(path) as z:
        members = [(i.filename, z.read(i)) for i in z.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            data = change(name, data)
            if data is not None:
                z.writestr(name, data)
        for name, data in (change(None, None) or {}).items():
            z.writestr(name, data)
    path.write_bytes(out.getvalue())


SLIDES = ('{% extends "builtin/presentatie.html" %}{% block body %}'
          '<div class="slide title"><h1>{{ case.titel }}</h1></div>'
          '<div class="slide"><h1>Agenda</h1><p>Samen goed zien</p></div>'
          '<div class="slide title"><h1>Bedankt!</h1></div>{% endblock %}\n')


def _workspace(tmp_path: Path) -> Path:
    """A tiny workspace (tiny.py) with a deck of three slides, whose huisstijl.yaml names
    sjabloon.pptx: its sessie.yaml."""
    session = tiny_workspace(tmp_path / "ws")
    (session.parent / "templates" / "presentatie.html").write_text(SLIDES, encoding="utf-8")
    edit(session.parent / "huisstijl.yaml", ('powerpoint: ""', "powerpoint: sjabloon.pptx"))
    return session


def _line(ws: Path) -> int:
    lines = (ws / "huisstijl.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if text.startswith("powerpoint:"))


def _refused(session: Path, tmp_path: Path) -> str:
    """The one error line of a build of the workspace (in this process: it ends early)."""
    proc = run_here("build", "--config", str(session), "--out", str(tmp_path / "out"))
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert proc.returncode == 1 and len(errors) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out" / CASE).exists()
    return errors[0].removeprefix("error: ")


# --- E11: bounded in size and in what it unpacks to -----------------------------------------

def _set_unpacked_size(path: Path, member: str, size: int) -> None:
    """Write ``size`` as ``member``'s unpacked size into the zip's headers (local and central
    directory), as a crafted file does: what a reader believes before it inflates."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    at = data.find(b"PK\x03\x04")  # each local header
    while at != -1:
        if data[at + 30: at + 30 + len(name)] == name:
            struct.pack_into("<I", data, at + 22, size)
        at = data.find(b"PK\x03\x04", at + 4)
    at = data.find(b"PK\x01\x02")
    while at != -1:
        if data[at + 46: at + 46 + len(name)] == name:
            struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def test_a_template_whose_headers_promise_gigabytes_is_refused_before_it_is_read(tmp_path):
    session = _workspace(tmp_path)
    template = plain_template(session.parent / "sjabloon.pptx")
    rewrite(template, lambda name, data: {"ppt/media/huge.png": b"\x89PNG tiny"}
            if name is None else data)
    _set_unpacked_size(template, "ppt/media/huge.png", 0xF000_0000)  # 3.75 GB
    line = _refused(session, tmp_path)
    assert line.startswith(f"{session.parent / 'huisstijl.yaml'}:{_line(session.parent)}: "
                           "the PowerPoint template 'sjabloon.pptx' unpacks to more than the "), line
    assert "ppt/media/huge.png" in line and " — " in line


def test_a_template_that_inflates_beyond_its_headers_is_refused(tmp_path):
    """The headers say 9 bytes, the compressed stream holds 50 MB of zeros: reading stops at
    what was announced."""
    session = _workspace(tmp_path)
    template = plain_template(session.parent / "sjabloon.pptx")
    rewrite(template, lambda name, data: {"ppt/media/bomb.png": bytes(50 * 2**20)}
            if name is None else data)
    _set_unpacked_size(template, "ppt/media/bomb.png", 9)
    line = _refused(session, tmp_path)
    assert "the PowerPoint template 'sjabloon.pptx' is damaged" in line, line
    assert "ppt/media/bomb.png" in line


def test_a_template_too_large_to_be_a_template_is_refused(tmp_path):
    session = _workspace(tmp_path)
    template = plain_template(session.parent / "sjabloon.pptx")
    with open(template, "ab") as handle:  # a zip may carry anything after its end
        handle.truncate(60 * 2**20)
    line = _refused(session, tmp_path)
    assert "the PowerPoint template 'sjabloon.pptx' is 60.0 MB, more than the" in line, line


# --- E22: a DOCTYPE or entities ------------------------------------------------------------

def test_a_template_with_a_doctype_and_entities_is_refused(tmp_path):
    session = _workspace(tmp_path)
    template = plain_template(session.parent / "sjabloon.pptx")
    layout = "ppt/slideLayouts/slideLayout1.xml"

    def with_doctype(name, data):
        if name != layout:
            return data
        text = data.decode("utf-8")
        head, body = text.split("?>", 1)
        body = body.replace('<p:cSld name="', '<p:cSld name="&local;', 1)
        return (head + '?>\n<!DOCTYPE p:sldLayout [<!ENTITY outside SYSTEM '
                '"file:///etc/hostname"><!ENTITY local "x">]>' + body).encode("utf-8")

    rewrite(template, with_doctype)
    line = _refused(session, tmp_path)
    assert line.startswith(f"{session.parent / 'huisstijl.yaml'}:{_line(session.parent)}: "
                           "the PowerPoint template 'sjabloon.pptx' declares a DOCTYPE in "
                           f"{layout}"), line
    assert " — " in line


# --- E2: nothing that reaches outside -------------------------------------------------------

def outside_links(package: bytes) -> list[str]:
    """Every relationship of an OOXML package that points outside it."""
    found = []
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        for name in z.namelist():
            if name.endswith(".rels"):
                for rel in etree.fromstring(z.read(name)):
                    if rel.get("TargetMode") == "External":
                        found.append(f"{name}: {rel.get('Target')}")
    return found


def dangling_ids(package: bytes) -> list[str]:
    """References (r:id, r:link, r:embed, ...) to a relationship the part does not have:
    what PowerPoint 'repairs' when it opens the file."""
    found = []
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        names = set(z.namelist())
        for name in names:
            if not name.endswith(".xml"):
                continue
            folder, _, file = name.rpartition("/")
            rels = f"{folder}/_rels/{file}.rels"
            ids = {r.get("Id") for r in etree.fromstring(z.read(rels))} if rels in names \
                else set()
            for el in etree.fromstring(z.read(name)).iter():
                for attr, value in el.attrib.items():
                    if attr.startswith(f"{{{R}}}") and value and value not in ids:
                        found.append(f"{name}: {etree.QName(el).localname} {value}")
    return found


def _deck_of(ws: Path) -> tuple[bytes, list[str]]:
    """presentatie.pptx of three slides as the build makes it from the workspace's template
    (in this process, without a build): its bytes, and what the build warns about it."""
    from datetime import datetime, timezone

    from codio_print.inputs.content import load_content
    from codio_print.inputs.theme import load_theme
    from codio_print.render.slides import build_pptx, read_slides

    content = load_content(only_case="arnhem")
    theme = load_theme(ws, content.fundamenten)
    html = ('<div class="slide title"><h1>Naam van de dienst</h1></div><div class="slide">'
            '<h1>Agenda</h1><p>Samen goed zien</p></div><div class="slide title"><h1>Bedankt!'
            "</h1></div>")
    deck = build_pptx(read_slides(html), content.workshop, theme, title="Presentatie",
                      author="CODIO-PaD", stamp=datetime(2026, 12, 3, tzinfo=timezone.utc),
                      template=theme.slides_package)
    return deck, theme.template_warnings


def test_the_deck_keeps_nothing_of_the_template_that_reaches_outside(tmp_path):
    """presentatie.pptx has no outside link, no OLE object, macro or ActiveX control, no
    reference left dangling; the warning says what was left out."""
    from pptx import Presentation

    from codio_print.scaffold.workspace import init

    ws = tmp_path / "ws"
    init(ws)
    edit(ws / "huisstijl.yaml", ('powerpoint: ""', "powerpoint: sjabloon.pptx"))
    hostile_template(ws / "sjabloon.pptx", 8765)
    assert len(outside_links((ws / "sjabloon.pptx").read_bytes())) == 4
    with zipfile.ZipFile(ws / "sjabloon.pptx") as z:
        assert MACRO_ENABLED in z.read("[Content_Types].xml").decode()
    deck, warnings = _deck_of(ws)
    assert outside_links(deck) == []
    assert dangling_ids(deck) == []
    with zipfile.ZipFile(io.BytesIO(deck)) as z:
        names = z.namelist()
        types = z.read("[Content_Types].xml").decode()
        everything = b"".join(z.read(n) for n in names)
    assert not [n for n in names if "embeddings" in n or "vba" in n.lower() or "activeX" in n]
    assert "macroEnabled" not in types and "oleObject" not in types and "activeX" not in types
    assert b"127.0.0.1" not in everything and b"etc/passwd" not in everything
    prs = Presentation(io.BytesIO(deck))
    # the deck itself is whole: its slides in the template's layouts, the link's text kept
    assert [s.shapes.title.text for s in prs.slides] == [
        "Naam van de dienst", "Agenda", "Bedankt!"]
    assert [s.slide_layout.name for s in prs.slides] == [
        "Title Slide", "Title and Content", "Title Slide"]
    assert prs.slide_layouts[1].placeholders[0].text_frame.text.endswith("Onze website")
    assert warnings == [
        f"{ws / 'huisstijl.yaml'}:{_line(ws)}: presentatie.pptx leaves out what the "
        "PowerPoint template 'sjabloon.pptx' links to or runs: 3 linked pictures, 1 link to "
        "outside, 1 OLE object, 1 ActiveX control, macros (VBA) — remove them from the "
        "template to make this note go away"]


# --- E2: LibreOffice has no way to the network ----------------------------------------------

class Listener:
    """An HTTP server on 127.0.0.1 in a thread of the test, noting every request."""

    def __init__(self) -> None:
        import http.server
        import threading

        seen = self.seen = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self):
                seen.append(f"{self.command} {self.path}")
                self.send_response(404)
                self.end_headers()

            do_GET = do_HEAD = do_OPTIONS = do_POST = do_PROPFIND = _any

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Listener":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


# A stand-in for LibreOffice (CODIO_PRINT_SOFFICE): it tries the listener as LibreOffice did,
# notes what it reached and the settings of the profile it was given, and converts nothing
# but copies each .pptx to the .odp expected of it.
FAKE_OFFICE = """#!{python}
import json, os, shutil, socket, sys, urllib.parse
args = sys.argv[1:]
profile = next(a.split("=", 1)[1] for a in args if a.startswith("-env:UserInstallation="))
folder = urllib.parse.unquote(urllib.parse.urlparse(profile).path)
settings = os.path.join(folder, "user", "registrymodifications.xcu")
try:
    with socket.create_connection(("127.0.0.1", {port}), timeout=5) as s:
        s.sendall(b"GET /from-libreoffice HTTP/1.0\\r\\n\\r\\n")
        s.recv(100)
    reached = True
except OSError:
    reached = False
with open({report!r}, "w") as out:
    json.dump({{"reached": reached, "settings": open(settings).read()
               if os.path.exists(settings) else ""}}, out)
outdir = args[args.index("--outdir") + 1]
os.makedirs(outdir, exist_ok=True)
for source in (a for a in args if a.endswith(".pptx")):
    name = os.path.basename(source)[:-len(".pptx")] + ".odp"
    shutil.copy(source, os.path.join(outdir, name))
"""


def test_libreoffice_runs_without_a_network_and_told_to_load_no_links(tmp_path, monkeypatch):
    """Whatever LibreOffice tries, it reaches no network: it runs in a network namespace of
    its own (where the system has one: as root, or with user namespaces), and its profile
    turns off links from documents, macros and the update check."""
    import json
    import os
    import shutil
    import sys

    from codio_print.render.libreoffice import convert

    report = tmp_path / "report.json"
    program = tmp_path / "soffice"
    with Listener() as listener:
        program.write_text(FAKE_OFFICE.format(python=sys.executable, port=listener.port,
                                              report=str(report)))
        program.chmod(0o755)
        monkeypatch.setenv("CODIO_PRINT_SOFFICE", str(program))
        assert convert(b"a deck", "odp")[0] == b"a deck"
    said = json.loads(report.read_text())
    if shutil.which("unshare") and os.geteuid() == 0:  # this machine can: it must
        assert said["reached"] is False and listener.seen == []
    settings = etree.fromstring(said["settings"].encode())
    values = {(item.get(f"{{{OOR}}}path"), prop.get(f"{{{OOR}}}name")): prop.findtext("value")
              for item in settings for prop in item}
    scripting = "/org.openoffice.Office.Common/Security/Scripting"
    assert values[(scripting, "BlockUntrustedRefererLinks")] == "true"
    assert values[(scripting, "DisableMacrosExecution")] == "true"
    assert values[(scripting, "MacroSecurityLevel")] == "3"
    assert "false" in {v for (path, name), v in values.items() if name == "AutoCheckEnabled"}


OOR = "http://openoffice.org/2001/registry"


@pytest.mark.kit  # builds a kit (the smallest): not in make test-fast
@pytest.mark.skipif(__import__("shutil").which("soffice") is None,
                    reason="LibreOffice missing")
def test_a_template_linking_to_a_listener_makes_no_request(tmp_path, libreoffice):
    """The review's R2: a template whose master and layout show pictures linked to a
    listener on 127.0.0.1. The build, LibreOffice's conversion included, makes no request,
    and neither presentatie.pptx nor presentatie.odp holds a link to outside."""
    session = _workspace(tmp_path)
    with Listener() as listener:
        hostile_template(session.parent / "sjabloon.pptx", listener.port)
        proc = run_cli("build", "--config", str(session), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert listener.seen == []
    assert "presentatie.pptx leaves out what the PowerPoint template 'sjabloon.pptx' links " \
        "to or runs: 3 linked pictures" in proc.stderr
    assert "Warning:" not in proc.stderr  # nor anything a library or LibreOffice says
    kit = tmp_path / "out" / CASE
    assert outside_links((kit / "presentatie.pptx").read_bytes()) == []
    assert odf_outside_links(kit / "presentatie.odp") == []


def odf_outside_links(odf: Path) -> list[str]:
    """Every xlink:href of an ODF file that leads outside it (a URL, a share, a path)."""
    found = []
    with zipfile.ZipFile(odf) as z:
        for name in ("content.xml", "styles.xml"):
            for el in etree.fromstring(z.read(name)).iter(etree.Element):
                href = el.get("{http://www.w3.org/1999/xlink}href") or ""
                if ":" in href or href.startswith(("/", "\\\\", "..")):
                    found.append(f"{name}: {href}")
    return found


# --- E20: what a LibreOffice that stops says ------------------------------------------------

# A stand-in for LibreOffice whose soffice.bin is killed (by the OOM killer, say): its
# launcher says what it always says and ends as oosplash does then, with 128 + the signal.
CRASHING_OFFICE = """#!/bin/sh
echo "Warning: failed to launch javaldx - java may not function correctly" >&2
exit 137
"""


def _crashing_office(tmp_path: Path, monkeypatch) -> None:
    program = tmp_path / "soffice"
    program.write_text(CRASHING_OFFICE)
    program.chmod(0o755)
    monkeypatch.setenv("CODIO_PRINT_SOFFICE", str(program))


def test_a_libreoffice_that_is_killed_says_so_and_blames_no_template(tmp_path, monkeypatch):
    from codio_print.errors import RenderError
    from codio_print.render.libreoffice import convert

    _crashing_office(tmp_path, monkeypatch)
    with pytest.raises(RenderError) as info:
        convert(b"a deck", "odp")
    line = info.value.one_line()
    assert line.startswith("LibreOffice stopped while it converted the slides to odp: its "
                           "process was killed (signal 9)"), line
    assert "template" not in line and "javaldx" not in line


@pytest.mark.kit  # builds a kit (the smallest): not in make test-fast
def test_a_libreoffice_that_is_killed_with_a_template_names_it(tmp_path, monkeypatch):
    """Through a build whose huisstijl.yaml names a template: the line names it too."""
    session = _workspace(tmp_path)
    plain_template(session.parent / "sjabloon.pptx")
    _crashing_office(tmp_path, monkeypatch)
    proc = run_cli("build", "--config", str(session), "--out", str(tmp_path / "out"))
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert proc.returncode == 1 and len(errors) == 1, proc.stderr
    assert errors[0].startswith("error: LibreOffice stopped while it converted the slides to "
                                "odp: its process was killed (signal 9)"), errors[0]
    assert "sjabloon.pptx" in errors[0] and "javaldx" not in proc.stderr
