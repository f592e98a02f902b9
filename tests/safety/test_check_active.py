"""`check` fails a PDF that would do more than show its pages: JavaScript, actions at opening,
on a page or a field (/AA), starting a program (/Launch), sending or fetching form data
(/SubmitForm, /ImportData), XFA forms, embedded files (E3 of the December 2026 review: a kit
handed on may have been changed after its build, and check is how the organiser and the
print shop find out). codio-print's own screen forms have fields and no actions: they pass.

Each case is one of the tiny kit's real screen forms (hand-out 3a) with one thing added by
pypdf, checked in this process as `check` checks it."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject,
                           NameObject, TextStringObject)

from codio_print.builder.pipeline import build
from codio_print.inputs.settings import Settings
from codio_print.printshop.preflight import check_pdf
from tiny import tiny_workspace


@pytest.fixture(scope="module")
def form(tmp_path_factory) -> bytes:
    """Hand-out 3a of a screen kit: a real form (fields, no actions)."""
    ws = tmp_path_factory.mktemp("active") / "ws"
    tiny_workspace(ws, keep={"naamkaartjes", "handout-3"})
    build(Settings(case="eigen-casus", workspace=ws, out=ws / "build", profile="screen"))
    return (ws / "build" / "eigen-casus" / "screen" / "handout-3a.pdf").read_bytes()


def _check(data: bytes):
    return check_pdf("screen/handout-3a.pdf", data, "A3", "screen", None)


def _name(text: str) -> NameObject:
    return NameObject(text)


def _action(kind: str, **more) -> DictionaryObject:
    action = DictionaryObject({_name("/Type"): _name("/Action"), _name("/S"): _name(kind)})
    for key, value in more.items():
        action[_name(f"/{key}")] = TextStringObject(value) if isinstance(value, str) else value
    return action


def _script() -> DictionaryObject:
    return _action("/JavaScript", JS="app.alert('from the workspace')")


def _link(writer: PdfWriter, action: DictionaryObject) -> None:
    """A link annotation over the top of page 1 that runs ``action``."""
    page = writer.pages[0]
    link = DictionaryObject({
        _name("/Type"): _name("/Annot"), _name("/Subtype"): _name("/Link"),
        _name("/Rect"): ArrayObject([FloatObject(v) for v in (0, 700, 300, 800)]),
        _name("/A"): action})
    annots = page.get("/Annots") or ArrayObject()
    annots.append(writer._add_object(link))
    page[_name("/Annots")] = annots


def _first_field(writer: PdfWriter) -> DictionaryObject:
    return writer._root_object["/AcroForm"]["/Fields"][0].get_object()


def _document_script(writer: PdfWriter) -> None:
    """A script in the document's name tree: viewers run it when the file opens."""
    tree = DictionaryObject({_name("/Names"): ArrayObject([TextStringObject("welkom"),
                                                            writer._add_object(_script())])})
    writer._root_object[_name("/Names")] = DictionaryObject({_name("/JavaScript"): tree})


def _xfa(writer: PdfWriter) -> None:
    stream = DecodedStreamObject()
    stream.set_data(b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"/>')
    writer._root_object["/AcroForm"][_name("/XFA")] = writer._add_object(stream)


def _associated_file(writer: PdfWriter) -> None:
    """An embedded file outside the attachment list: the catalog's associated files."""
    data = DecodedStreamObject()
    data.set_data(b"naam;e-mail\nJan;jan@example.org\n")
    data[_name("/Type")] = _name("/EmbeddedFile")
    spec = DictionaryObject({_name("/Type"): _name("/Filespec"),
                             _name("/F"): TextStringObject("deelnemers.csv"),
                             _name("/EF"): DictionaryObject(
                                 {_name("/F"): writer._add_object(data)})})
    writer._root_object[_name("/AF")] = ArrayObject([writer._add_object(spec)])


CHANGES = {
    "script at opening": (lambda w: w._root_object.__setitem__(_name("/OpenAction"),
                                                                _script()),
                          "when the document opens: runs JavaScript"),
    "another action at opening": (
        lambda w: w._root_object.__setitem__(_name("/OpenAction"), _action("/Named",
                                                                           N=_name("/Print"))),
        "when the document opens: runs an action (/Named)"),
    "document scripts": (_document_script,
                         "the document's scripts (/Names): runs JavaScript"),
    "document events": (lambda w: w._root_object.__setitem__(
        _name("/AA"), DictionaryObject({_name("/WC"): _script()})),
        "the document: actions on events (/AA)"),
    "page events": (lambda w: w.pages[0].__setitem__(
        _name("/AA"), DictionaryObject({_name("/O"): _script()})),
        "page 1: actions on events (/AA)"),
    "field events": (lambda w: _first_field(w).__setitem__(
        _name("/AA"), DictionaryObject({_name("/K"): _script()})),
        "field 'gekozen-1-waarde': actions on events (/AA)"),
    "launch": (lambda w: _link(w, _action("/Launch", F="calc.exe")),
               "a Link annotation on page 1: starts a program or opens a file (/Launch)"),
    "submit form": (lambda w: _link(w, _action("/SubmitForm", F="https://example.org/in")),
                    "a Link annotation on page 1: sends the form's data away (/SubmitForm)"),
    "import data": (lambda w: _link(w, _action("/ImportData", F="gegevens.fdf")),
                    "a Link annotation on page 1: imports data from a file (/ImportData)"),
    "script link": (lambda w: _link(w, _action("/URI", URI="javascript:app.alert(1)")),
                    "a Link annotation on page 1: runs JavaScript (a javascript: link)"),
    "xfa": (_xfa, "the document: an XFA form (/XFA)"),
}


def _changed(data: bytes, change) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_our_own_screen_form_passes(form):
    assert "/AcroForm" in PdfReader(io.BytesIO(form)).trailer["/Root"]  # it has fields
    check = _check(form)
    assert check.results["active"] == [] and check.results["attachments"] == []
    assert check.ok, check.failures()


@pytest.mark.parametrize("kind", CHANGES)
def test_active_content_fails_check_naming_what_and_where(form, kind):
    change, problem = CHANGES[kind]
    check = _check(_changed(form, change))
    assert problem in check.results["active"], check.results["active"]
    assert not check.ok


def test_an_embedded_file_anywhere_fails_attachments(form):
    check = _check(_changed(form, _associated_file))
    assert check.results["attachments"] == [
        "carries an embedded file: deelnemers.csv"]


def test_the_table_has_a_column_for_active_content(form):
    from codio_print.printshop.preflight import PROPERTIES, table

    assert "active" in PROPERTIES
    check = _check(_changed(form, CHANGES["script at opening"][0]))
    head, _, row = table([check]).splitlines()
    cells = dict(zip(head.split()[1:], row.split()[1:]))
    assert cells["active"] == "FAIL"
