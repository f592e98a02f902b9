"""The quick preview (web/quick.py) is the HTML the next build renders for that piece, with
the workspace's own settings: here where each piece is printed, which the run sheet lists."""

from __future__ import annotations

import re

from codio_print.builder import pipeline
from codio_print.inputs.settings import resolve
from codio_print.inputs.workspace import SESSION_FILE, load_session
from codio_print.scaffold.workspace import init
from codio_print.web.quick import piece_html, prepared
from helpers import edit


def test_the_quick_preview_is_the_builds_html_with_the_workspaces_destinations(tmp_path):
    ws = tmp_path / "ws"
    init(ws)
    edit(ws / SESSION_FILE, ("casus: eigen-casus", "casus: arnhem"),
         ("  # stukken:\n  #   naamkaartjes: drukker\n  #   handout-5: tegels",
          "  stukken:\n    casus: drukker\n    handout-5: tegels"))
    settings = resolve(load_session(ws / SESSION_FILE))
    quick = piece_html(settings, "draaiboek")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", quick))
    assert "Beschrijving van de casus drukwerk.zip Drukker 13×" in text
    prep = pipeline.prepare(settings)
    index = next(i for i, p in enumerate(prep.pieces) if p.id == "draaiboek")
    built = prep.html(index, next(p for p in prep.profiles if p.name == "screen"))
    assert quick == prepared(built, prep.pieces[index].page_mm[0])
    assert piece_html(settings, "bestaat-niet") is None
