"""Wording as data: content/teksten/, a workspace's teksten.yaml, and template blocks."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path

import pytest

from codio_print import paths
from codio_print.errors import ContentError
from codio_print.inputs.content import load_content
from codio_print.inputs.texts import TEXTS_FILE, load_builtin, load_texts
from codio_print.inputs.theme import load_theme
from codio_print.kit.session import make_session
from codio_print.render.context import render_html
from codio_print.render.templates_index import template_blocks
from codio_print.render.templating import environment
from kits import run_cli


@pytest.fixture(scope="module")
def content():
    return load_content(only_case="arnhem")


def _html(content, workspace: Path | None, piece: str) -> str:
    theme = load_theme(workspace, content.fundamenten)
    session = make_session(content, 12, time(9, 30), None)
    env = environment([workspace / "templates"] if workspace else [])
    return dict((p.id, h) for p, h in render_html(content, session, content.case("arnhem"),
                                                   env, theme))[piece]


def test_one_line_changes_the_last_slide(tmp_path, content):
    (tmp_path / TEXTS_FILE).write_text("presentatie.bedankt.titel: Dank je wel!\n",
                                       encoding="utf-8")
    before = _html(content, None, "presentatie")
    after = _html(content, tmp_path, "presentatie")
    assert "<h1>Bedankt!</h1>" in before and "Bedankt!" not in after
    assert "<h1>Dank je wel!</h1>" in after
    # nothing else changed
    assert before.replace("Bedankt!", "Dank je wel!") == after


def test_nested_keys_places_and_escaping(tmp_path, content):
    (tmp_path / TEXTS_FILE).write_text(
        "handout-1:\n  band: 'Groepskaart {letter} <b>&</b> **vet**'\n", encoding="utf-8")
    html = _html(content, tmp_path, "handout-1a")
    assert "Groepskaart a &lt;b&gt;&amp;&lt;/b&gt; <strong>vet</strong>" in html


@pytest.mark.parametrize("text, line, message, fix", [
    ("# mijn teksten\npresentatie.bedankt.titl: Dank je wel!\n", 2,
     "unknown text 'presentatie.bedankt.titl'", "did you mean 'presentatie.bedankt.titel'?"),
    ("presentatie:\n  bedankt:\n    titel: 'Dank {naam}'\n", 3,
     "has a place {naam} that codio-print does not fill", "this text has none"),
    ("handout-1.band: 'Kaart {groep}'\n", 1, "place {groep}", "it has {letter}"),
    ("presentatie.bedankt.titel:\n", 1, "is empty", "write the text"),
    ("presentatie.bedankt.titel: 'Dank {'\n", 1, "does not close", "{{"),
])
def test_a_wrong_text_is_one_line_naming_file_and_line(tmp_path, text, line, message, fix):
    (tmp_path / TEXTS_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        load_texts(tmp_path)
    assert exc.value.line == line, exc.value.one_line()
    assert message in exc.value.message and fix in exc.value.fix
    assert exc.value.file.endswith(TEXTS_FILE)


@pytest.mark.parametrize("text, message", [
    ("code.deel: 'Deel {nummer:x>1000000000}: {naam}'\n",
     "makes the place {nummer} 1000000000 characters wide, more than the 100 allowed"),
    ("code.deel: 'Deel {nummer:.1000f}: {naam}'\n",
     "makes the place {nummer} 1000 digits precise, more than the 100 allowed"),
    ("code.deel: 'Deel {nummer:{naam}}'\n", "has a place {nummer:{naam}} whose format"),
    ("code.deel: 'Deel {nummer:>>>}: {naam}'\n", "has a place {nummer:>>>} whose format"),
])
def test_a_place_format_is_checked_where_it_is_written(tmp_path, text, message):
    """E21: a width in teksten.yaml failed at templates/code.html:20 (after 8 s and 2 GB),
    not at teksten.yaml's line."""
    (tmp_path / TEXTS_FILE).write_text("# eigen woorden\n" + text, encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        load_texts(tmp_path)
    assert (Path(exc.value.file).name, exc.value.line) == (TEXTS_FILE, 2), exc.value.one_line()
    assert message in exc.value.message


def test_a_sensible_format_is_filled_in_and_one_that_does_not_suit_names_the_text(tmp_path):
    from codio_print.errors import TemplateError

    (tmp_path / TEXTS_FILE).write_text("# eigen woorden\ncode.deel: 'Deel {nummer:0>3}: "
                                       "{naam:>5}'\nhandout-1.band: 'Kaart {letter:d}'\n",
                                       encoding="utf-8")
    texts = load_texts(tmp_path)
    assert texts.html("code.deel", nummer=2, naam="Ab") == "Deel 002:    Ab"
    with pytest.raises(TemplateError) as exc:
        texts.html("handout-1.band", letter="a")
    assert (Path(exc.value.file).name, exc.value.line) == (TEXTS_FILE, 3)
    assert "{letter:d}" in exc.value.message and "'a'" in exc.value.message


def test_the_workshop_s_words_come_from_the_workspace_with_the_same_checks(tmp_path, content):
    """Item 7 of issue 26: the title, the preparation list and a step's script in the run
    sheet (and the speaker notes) from teksten.yaml."""
    (tmp_path / TEXTS_FILE).write_text(
        "workshop.titel: Samen sterk digitaal\n"
        "workshop.voorbereiding: |\n  Bel de wethouder.\n  Boek zaal 3 van het stadhuis.\n"
        "workshop:\n  stap:\n    3c2:\n      begeleider:\n        - Let op de klok.\n"
        "      groepstaak: Maak de kaartjes af.\n", encoding="utf-8")
    builtin = load_builtin()
    assert builtin["workshop.titel"].text == content.workshop.titel
    assert builtin["workshop.voorbereiding"].items == content.workshop.voorbereiding
    before, after = _html(content, None, "draaiboek"), _html(content, tmp_path, "draaiboek")
    for text in ("Samen sterk digitaal", "Bel de wethouder.", "Boek zaal 3 van het stadhuis.",
                 "Let op de klok.", "Maak de kaartjes af."):
        assert text not in before and text in after, text
    for item in content.workshop.voorbereiding:
        assert item in before and item not in after, item
    s3c = content.stap("stap-3").substappen[2].substappen
    said = s3c[1].begeleider[1]  # 3c2's own line (its first is said in other steps too)
    assert s3c[1].id == "3c2" and said in before and said not in after
    assert s3c[0].begeleider[0] in after  # the other steps keep theirs
    assert "Maak de kaartjes af." in _html(content, tmp_path, "presentatie")


@pytest.mark.parametrize("text, line, message, fix", [
    ("workshop.stap.3c2.begeleidr: Let op.\n", 1, "unknown text 'workshop.stap.3c2.begeleidr'",
     "did you mean 'workshop.stap.3c2.begeleider'?"),
    ("# eigen\nworkshop.titel: |\n  Samen\n  sterk\n", 2, "is one text, not a list", "one line"),
    ("workshop.voorbereiding:\n  - Bel {wethouder}.\n", 1, "has a place {wethouder}",
     "this text has none"),
    ("workshop.voorbereiding: []\n", 1, "workshop.voorbereiding", ""),
])
def test_a_wrong_workshop_text_is_one_line_naming_file_and_line(tmp_path, text, line, message,
                                                                fix):
    (tmp_path / TEXTS_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        load_texts(tmp_path)
    assert exc.value.line == line, exc.value.one_line()
    assert message in exc.value.message and fix in (exc.value.fix or "")
    assert exc.value.file.endswith(TEXTS_FILE)


def test_every_builtin_key_is_used_by_a_template_and_every_lookup_exists():
    # workshop.* is content/workshop.yaml's wording, printed through `workshop`, not t()
    keys = {k for k in load_builtin() if not k.startswith("workshop.")}
    source = "\n".join(p.read_text(encoding="utf-8") for p in paths.TEMPLATES.glob("*.html"))
    used = set(re.findall(r"""\bt(?:_css)?\(\s*["']([a-z0-9_.-]+)["']""", source))
    prefixes = set(re.findall(r"""\bt\(\s*["']([a-z0-9_.-]+\.)["']\s*~""", source))
    assert used - keys - prefixes == set(), "templates ask for texts that do not exist"
    unused = {k for k in keys - used if not any(k.startswith(p) for p in prefixes)}
    assert unused == set(), "texts no template prints"


def test_templates_print_no_fixed_dutch_sentences_outside_the_texts():
    """Every sentence a piece (and the results' poster and report) prints comes from
    content/teksten/."""
    for path in sorted(paths.TEMPLATES.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\{#.*?#\}", "", text, flags=re.S)  # comments
        # stylesheets: a piece's page block, the poster's css macros
        text = re.sub(r"\{% block page %\}.*?\{% endblock %\}", "", text, flags=re.S)
        text = re.sub(r"\{% macro (?:css|blank_css|filled_css|sheet|down)\(.*?\{%- endmacro %\}", "", text,
                      flags=re.S)
        text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.S)  # Jinja
        text = re.sub(r"<style>.*?</style>", "", text, flags=re.S)
        text = re.sub(r"<[^>]+>|&\w+;", " ", text)  # tags, their attributes, entities
        words = re.findall(r"[A-Za-zëéïóü]{3,}", text)
        assert words == [], (path.name, words[:20])


def test_the_slide_deck_is_cut_into_one_block_per_slide():
    env = environment()
    names = [n for n, _ in template_blocks(env, "presentatie.html")]
    assert {"dia_titel", "dia_welkom", "dia_agenda", "dia_bedankt"} <= set(names)
    assert len([n for n in names if n.startswith("dia_")]) >= 20


def test_a_workspace_replaces_one_slide_and_keeps_the_others(tmp_path, content):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "presentatie.html").write_text(
        '{% extends "builtin/presentatie.html" %}\n'
        '{% block dia_bedankt %}<div class="slide title"><h1>Tot ziens, {{ case.organisatie }}'
        '</h1>{{ foot() }}</div>{% endblock %}\n', encoding="utf-8")
    html = _html(content, tmp_path, "presentatie")
    assert "<h1>Tot ziens, Gemeente Arnhem</h1>" in html
    assert "Bedankt!" not in html and "Waarom zijn we hier?" in html
    assert html.count('class="foot"') == _html(content, None, "presentatie").count('class="foot"')


def test_cli_teksten_and_templates(tmp_path):
    run_cli("init", str(tmp_path / "ws"), check=True)
    ws = tmp_path / "ws"
    (ws / TEXTS_FILE).write_text("presentatie.bedankt.titel: Dank je wel!\n", encoding="utf-8")
    out = run_cli("teksten", "presentatie.bedankt", cwd=ws, check=True).stdout
    assert re.search(r"presentatie\.bedankt\.titel\s+Dank je wel!\s+\(teksten\.yaml:1\)", out)
    assert re.search(r"presentatie\.bedankt\.tekst\s+De grote poster", out)
    listing = run_cli("templates", cwd=ws, check=True).stdout
    assert re.search(r"presentatie\.html .*\n\s+blocks: page, body, dia_titel, dia_welkom",
                     listing)
    (ws / TEXTS_FILE).write_text("presentatie.bedankt.titl: x\n", encoding="utf-8")
    bad = run_cli("build", cwd=ws)
    assert bad.returncode == 1
    assert bad.stderr.strip().splitlines()[-1] == (
        "error: teksten.yaml:1: unknown text 'presentatie.bedankt.titl' — did you mean "
        "'presentatie.bedankt.titel'? codio-print teksten lists every key")
