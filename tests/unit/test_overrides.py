"""Workspace templates and stylesheets: which file wins, and what a change makes rebuild."""

from __future__ import annotations

from pathlib import Path

import pytest

from codio_print import paths
from codio_print.render.context import render_html
from codio_print.inputs.content import load_content
from codio_print.errors import TemplateError
from codio_print.inputs.theme import load_theme
from codio_print.kit.session import make_session
from codio_print.render.templates_index import template_files
from codio_print.render.templating import environment, stylesheets
from codio_print.watch.loop import affected, scope
from codio_print.scaffold.workspace import init
from datetime import time

OVERRIDE = """{% extends "builtin/handout-1.html" %}
{% block page %}{{ super() }}
h1 { letter-spacing: 0.02em; }
{% endblock %}
"""


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ws") / "ws"
    init(folder)
    (folder / "templates" / "handout-1.html").write_text(OVERRIDE, encoding="utf-8")
    (folder / "templates" / "css" / "eigen.css").write_text("h1 { color: red; }\n")
    (folder / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" '
                                     'height="2"><rect width="4" height="2"/></svg>')
    theme = folder / "huisstijl.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace('logo: ""', "logo: logo.svg"),
                     encoding="utf-8")
    return folder


def test_templates_lists_every_file_and_the_winner(ws):
    files = {t.name: t for t in template_files([ws / "templates"])}
    builtin = {p.relative_to(paths.TEMPLATES).as_posix()
               for p in paths.TEMPLATES.rglob("*") if p.suffix in (".html", ".css")}
    assert builtin <= set(files)
    h1 = files["handout-1.html"]
    assert h1.path == ws / "templates" / "handout-1.html"
    assert not h1.builtin and h1.replaces and h1.extends_builtin
    assert files["casus.html"].builtin and files["casus.html"].path == paths.TEMPLATES / "casus.html"
    extra = files["css/eigen.css"]
    assert not extra.builtin and not extra.replaces


def test_stylesheets_builtin_first_then_the_workspace(ws, tmp_path):
    assert stylesheets([ws / "templates"]) == [paths.TEMPLATES / "css" / "base.css",
                                              ws / "templates" / "css" / "eigen.css"]
    own = tmp_path / "templates"
    (own / "css").mkdir(parents=True)
    (own / "css" / "base.css").write_text("body {}")
    assert stylesheets([own]) == [own / "css" / "base.css"]  # replaces, not added


def test_an_override_changes_one_block_and_links_the_extra_css(ws):
    content = load_content(only_case="arnhem")
    session = make_session(content, 12, time(9, 30), None)
    case = content.case("arnhem")
    own = dict(render_html(content, session, case, environment([ws / "templates"])))
    ours = dict(render_html(content, session, case, environment()))
    for piece, html in own.items():
        assert (ws / "templates" / "css" / "eigen.css").as_uri() in html
        if piece.kind.key == "handout-1":
            assert "letter-spacing: 0.02em" in html
            # the rest of the built-in template is all there
            base = next(h for p, h in ours.items() if p.id == piece.id)
            assert base.split("<body")[1] == html.split("<body")[1]
        else:
            assert "letter-spacing: 0.02em" not in html


def test_a_change_rebuilds_what_it_affects(ws):
    s = scope(ws / "sessie.yaml")
    everything = s.pieces
    assert len(everything) == 25
    handout1 = {"handout-1a", "handout-1b", "handout-1c"}
    cases = {
        ws / "sessie.yaml": everything,
        ws / "huisstijl.yaml": everything,
        ws / "logo.svg": everything,
        ws / "teksten.yaml": everything,  # the wording: also a new one
        ws / "cases" / "eigen-casus.yaml": everything,
        ws / "templates" / "css" / "eigen.css": everything,
        ws / "templates" / "css" / "nieuw.css": everything,
        ws / "templates" / "handout-1.html": handout1,
        ws / "templates" / "base.html": everything,  # every piece extends it
        ws / "templates" / "macros.html": everything,
        ws / "templates" / "poster.html": {"poster-democratie", "poster-rechtsstaat",
                                           "poster-bestuurskracht"},
        ws / "templates" / "losse-notitie.html": set(),
        ws / "cases" / "andere-casus.yaml": set(),
        ws / "notities.txt": set(),
    }
    for path, expected in cases.items():
        assert affected(s, path) == frozenset(expected), path.name


@pytest.mark.parametrize("expression", ["theme.logo.path.read_text()",
                                        "content.case_files.arnhem.read_bytes()",
                                        "theme.logo.path.parent.parent"])
def test_a_workspace_template_cannot_reach_files(ws, tmp_path, expression):
    own = tmp_path / "templates"
    own.mkdir()
    (own / "code.html").write_text('{% extends "builtin/code.html" %}{% block body %}'
                                   "{{ " + expression + " }}{% endblock %}")
    content = load_content(only_case="arnhem")
    theme = load_theme(ws, content.fundamenten)
    session = make_session(content, 12, time(9, 30), None)
    with pytest.raises(TemplateError, match="not allowed") as err:
        render_html(content, session, content.case("arnhem"), environment([own]), theme)
    assert err.value.file.endswith("code.html")
