"""A process that builds again and again (watch, the web interface's build process) draws the
deck again only when something it is drawn from changed; then always."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from codio_print.builder import pipeline, steps
from codio_print.inputs.settings import resolve
from codio_print.inputs.workspace import SESSION_FILE, load_session
from codio_print.render.slides import files
from codio_print.scaffold.workspace import init
from helpers import edit



def png(colour: str) -> bytes:
    """A logo (a PNG: an SVG logo is drawn for the deck by WeasyPrint, not in a unit test)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (600, 200), colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    ws = tmp_path / "ws"
    init(ws)
    edit(ws / SESSION_FILE, ("casus: eigen-casus", "casus: arnhem"))
    (ws / "logo.png").write_bytes(png("#154273"))
    edit(ws / "huisstijl.yaml", ('logo: ""', "logo: logo.png"))
    monkeypatch.setattr(files, "_DRAWN", {})
    return ws


def test_the_deck_is_drawn_again_exactly_when_what_it_shows_changed(workspace, monkeypatch):
    drawn = []
    draw = files.build_pptx
    monkeypatch.setattr(files, "build_pptx", lambda *a, **k: drawn.append(1) or draw(*a, **k))

    def deck() -> bytes:
        settings = resolve(load_session(workspace / SESSION_FILE))
        prep = pipeline.prepare(settings)
        slides = files.start_slides([(workspace / "kit", prep)], at_once=False,
                                    keys=[steps.output_keys(prep, settings)])
        return slides[0].data

    def said(data: bytes) -> str:
        shown = Presentation(io.BytesIO(data))
        return " ".join(sh.text_frame.text for slide in shown.slides for sh in slide.shapes
                        if sh.has_text_frame)

    first = deck()
    assert deck() == first and len(drawn) == 1  # built again, nothing changed: not drawn
    texts = workspace / "teksten.yaml"
    texts.write_text("casus.denk_na: Denk hier aan\n", encoding="utf-8")  # not on a slide
    assert deck() == first and len(drawn) == 1
    texts.write_text("presentatie.bedankt.titel: Dank je wel!\n", encoding="utf-8")
    thanked = deck()
    assert len(drawn) == 2 and "Dank je wel!" in said(thanked) and "Dank je wel!" not in said(first)
    (workspace / "logo.png").write_bytes(png("#8a1538"))  # other bytes, the same name
    assert deck() != thanked and len(drawn) == 3
