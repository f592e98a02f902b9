"""What a caller learns from a build (builder/report.py), with a stand-in for WeasyPrint: the
pieces and their files per profile, what was rendered and what was reused, the warnings with
their piece, file and line, the progress events, what to print again, all as plain data.

The builds here are the pipeline's own, in this process, with render workers that make a
PDF of blank pages (its bytes and pages from the piece's HTML) instead of rendering: the
claims are about what the pipeline decides and hands back, not about rendering."""

from __future__ import annotations

import hashlib
import io
import json
from types import SimpleNamespace

import pytest
from pypdf import PdfWriter

from codio_print.builder import pipeline
from codio_print.builder.report import Progress
from codio_print.errors import RenderWarning
from codio_print.inputs.settings import resolve


class FakePool:
    """Render workers that render nothing: a PDF of blank pages, its bytes from the HTML (in
    its metadata), its pages from the piece (one per divider of the office's), as a real
    render keeps its pages when only a number in the text changes. ``draaiboek`` warns about
    its template's line 12."""

    def __init__(self):
        self.jobs: list = []

    def render_all(self, jobs, done=None) -> list:
        out = []
        for index, job in enumerate(jobs):
            self.jobs.append((job.name, job.profile.name))
            digest = hashlib.sha256(job.html.encode()).hexdigest()
            writer = PdfWriter()
            pages = (job.html.count('<section class="divider') if job.name == "kantoor"
                     else 1 + len(job.name) % 3)  # the office's dividers: one page each
            for _ in range(pages):
                writer.add_blank_page(width=595.28, height=841.89)
            writer.add_metadata({"/Subject": digest})
            data = io.BytesIO()
            writer.write(data)
            warnings = [RenderWarning("unknown property 'colr'", file="draaiboek.html",
                                      line=12)] if job.name == "draaiboek" else []
            rendered = SimpleNamespace(pdf=data.getvalue(), pages=len(writer.pages),
                                       warnings=warnings)
            if done:
                done(index, rendered)
            out.append(rendered)
        return out


@pytest.fixture()
def built(tmp_path):
    """Build the arnhem kit in the mono profile (no slides, no print shop) with the stand-in
    workers: ``built(**settings)`` gives the report, the workers and the progress events."""
    def build(**given):
        settings = resolve(None, case="arnhem", profile="mono", out=tmp_path / "out",
                           **given)
        pool, events = FakePool(), []
        report = pipeline.build(settings, events.append, pool=pool)
        return report, pool, events

    return build


def test_a_first_build_reports_every_file_rendered(built, tmp_path):
    report, pool, events = built(participants="12")
    kit = tmp_path / "out" / "arnhem"
    assert report.out_dir == kit and len(report.pieces) == 25
    assert report.outputs == 25 and report.rendered == 25 and report.up_to_date == 0
    for piece in report.pieces:
        [file] = piece.files
        assert file.profile == "mono" and file.path.as_posix() == f"mono/{piece.id}.pdf"
        data = (kit / file.path).read_bytes()
        assert file.sha256 == hashlib.sha256(data).hexdigest() and file.rendered
        assert not piece.reused and piece.where in ("kantoor", "drukker", "tegels", "niet")
    assert report.pages == sum(p.files[0].pages for p in report.pieces)
    # one progress event per render of the pieces, each with its piece and profile
    assert [(e.piece, e.profile) for e in events] == pool.jobs[:len(events)]
    assert events[0] == Progress(1, 25, events[0].piece, "mono") and events[-1].done == 25


def test_a_warning_names_its_piece_file_and_line(built):
    report, _, _ = built()
    [warned] = [w for w in report.warnings if w.kind == "piece"]
    assert (warned.piece, warned.file, warned.line) == ("draaiboek", "draaiboek.html", 12)
    assert warned.text == "draaiboek.html:12: unknown property 'colr' (in draaiboek)"
    again, pool, _ = built()  # kept from the first build: the warning with it
    assert pool.jobs == [] and [w for w in again.warnings if w.kind == "piece"] == [warned]


def test_an_unchanged_kit_is_reused_without_rendering(built):
    built(participants="12")
    report, pool, events = built(participants="12")
    assert pool.jobs == [] and events == []
    assert report.rendered == 0 and report.up_to_date == report.outputs == 25
    assert all(p.reused and not p.files[0].rendered for p in report.pieces)


def test_a_change_renders_only_what_it_touches_and_says_what_to_print_again(built):
    first, _, _ = built(participants="12")
    report, pool, _ = built(participants="13")
    rendered = {p.id for p in report.pieces if not p.reused}
    pieces = {job for job in pool.jobs if job[0] != "kantoor"}  # not the office's dividers
    assert rendered == {piece for piece, _ in pieces} and 0 < len(rendered) < 25
    assert report.rendered == len(pieces) and report.up_to_date == 25 - report.rendered
    assert report.reprint is not None and report.reprint.anything
    changed = {f.piece for files in report.reprint.places.values() for f in files}
    assert changed and changed <= {p.id for p in report.pieces}
    assert report.as_dict()["reprint"] == report.reprint.as_json()
    assert first.reprint is None  # a first build has nothing to compare with


def test_the_report_is_plain_data(built):
    report, _, _ = built()
    data = json.loads(json.dumps(report.as_dict()))
    assert data["case"] == "arnhem" and data["profiles"] == ["mono"]
    assert data["rendered"] == 25 and data["up_to_date"] == 0 and len(data["pieces"]) == 25
    draaiboek = next(p for p in data["pieces"] if p["id"] == "draaiboek")
    assert draaiboek["files"][0]["path"] == "mono/draaiboek.pdf"
    assert {"text": "draaiboek.html:12: unknown property 'colr' (in draaiboek)", "kind": "piece",
            "piece": "draaiboek", "file": "draaiboek.html", "line": 12} in data["warnings"]
