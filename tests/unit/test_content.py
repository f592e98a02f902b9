"""Loading and validating content/: counts, cross-references and line-numbered errors."""

from __future__ import annotations

import shutil
from datetime import time
from pathlib import Path

import pytest

from codio_print import paths
from codio_print.render.context import render_html
from codio_print.inputs.content import load_content
from codio_print.errors import ContentError
from codio_print.kit.session import make_session


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture
def copy(tmp_path) -> Path:
    """A private copy of content/ to break."""
    target = tmp_path / "content"
    shutil.copytree(paths.CONTENT, target)
    return target


def test_structure_of_the_code(content):
    assert [f.id for f in content.fundamenten] == ["democratie", "rechtsstaat", "bestuurskracht"]
    assert [f.letter for f in content.fundamenten] == ["a", "b", "c"]
    assert len(content.code.principes) == 6
    assert len(content.code.waarden) == 32
    assert [len(content.waarden_van(p)) for p in content.code.principes] == [5, 5, 6, 5, 6, 5]
    assert len(content.borging.mechanismen) == 8
    assert len({f.kleur for f in content.fundamenten}) == 3


def test_every_value_has_provenance_and_explanation(content):
    for w in content.code.waarden:
        assert w.herkomst in ("bevestigd", "aannemelijk", "reconstructie", "handleiding")
        assert len(w.uitleg) > 20 and len(w.vraagt) > 20


def test_workshop_takes_155_minutes(content):
    assert sum(s.minuten for s in content.stappen) == 155
    stap2 = next(s for s in content.stappen if s.id == "stap-2")
    assert [s.minuten for s in stap2.substappen] == [5, 5, 35]


def test_cases_and_their_classification(content):
    assert set(content.cases) == {"apeldoorn", "arnhem", "utrecht"}
    assert content.cases["apeldoorn"].herkomst == "geen-data"
    assert content.cases["arnhem"].herkomst == "eigen-klantenbestand"
    assert content.cases["utrecht"].herkomst == "andere-partij"
    assert {p.niveau for p in content.cases["arnhem"].proactiviteit} == {"hoog", "matig"}


def test_handout_6_values_belong_to_their_fundament(content):
    for case in content.cases.values():
        for f in content.fundamenten:
            items = content.onderzoek_voor(case, f)
            assert 4 <= len(items) <= 6
            for item in items:
                assert content.fundament_van_waarde(content.waarde_per_id[item.waarde]) == f


def test_one_spelling_of_rechtsstaat():
    for path in list(paths.CONTENT.rglob("*.yaml")) + list(paths.TEMPLATES.rglob("*.html")):
        assert "rechtstaat" not in path.read_text(encoding="utf-8").lower(), path


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_wrong_type_names_file_and_line(copy):
    path = copy / "workshop.yaml"
    text = path.read_text()
    path.write_text(text.replace("duur_minuten: 155", "duur_minuten: lang", 1))
    with pytest.raises(ContentError) as err:
        load_content(copy)
    assert err.value.file == str(path)
    assert err.value.line == _line_of(path, "duur_minuten: lang")
    assert "duur_minuten" in err.value.one_line()


def test_list_positions_count_from_one_and_name_the_item(copy):
    path = copy / "workshop.yaml"
    text = path.read_text()
    assert text.count("    minuten: 15\n") >= 1
    path.write_text(text.replace("    minuten: 15\n", "    minuten: kwartier\n", 1))
    with pytest.raises(ContentError) as err:
        load_content(copy)
    # the second step (stap-1), not 'stappen.1.minuten'
    assert "'stappen[2] (stap-1).minuten' must be a whole number" in err.value.one_line()
    assert err.value.line == _line_of(path, "minuten: kwartier")


def test_key_of_a_location():
    from codio_print.inputs.validate import key_of

    data = {"acties": [{"id": "A1"}, {"id": "A2", "eigenaar": ""}],
            "sessie": {"groepen": [{"fundament": "democratie", "leden": ["a", "b"]}]},
            "waarden": {1: {"gekozen": []}}}
    assert key_of(("acties", 1, "eigenaar"), data) == "acties[2] (A2).eigenaar"
    assert key_of(("sessie", "groepen", 0, "leden", 1), data) == "sessie.groepen[1].leden[2]"
    assert key_of(("waarden", 1, "gekozen"), data) == "waarden.1.gekozen"  # a key, not a place
    assert key_of(("acties", 0), None) == "acties[1]"
    assert key_of((), data) == "file"


def test_a_case_that_exists_but_was_not_loaded_is_said_so():
    content = load_content(only_case="arnhem")
    with pytest.raises(ContentError) as err:
        content.case("utrecht")
    line = err.value.one_line()
    assert "did you mean 'utrecht'" not in line
    assert "utrecht" in line and "not loaded" in line
    with pytest.raises(ContentError) as err:
        content.case("utrect")
    assert "did you mean 'utrecht'?" in err.value.one_line()


def test_missing_field_names_the_entry(copy):
    path = copy / "cases" / "arnhem.yaml"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(l for l in lines if not l.startswith("organisatie:")) + "\n")
    with pytest.raises(ContentError) as err:
        load_content(copy)
    assert "'organisatie' is missing" in err.value.one_line()
    assert err.value.file.endswith("arnhem.yaml")


def test_unknown_principle_reference(copy):
    path = copy / "code.yaml"
    text = path.read_text()
    path.write_text(text.replace("principe: participatie", "principe: participasie", 1))
    with pytest.raises(ContentError) as err:
        load_content(copy)
    assert err.value.line == _line_of(path, "principe: participasie")
    assert "participasie" in err.value.message and "participatie" in err.value.fix


def test_duplicate_value_id(copy):
    path = copy / "code.yaml"
    text = path.read_text()
    path.write_text(text.replace("id: toegankelijkheid", "id: inclusie", 1))
    with pytest.raises(ContentError) as err:
        load_content(copy)
    assert "duplicate id 'inclusie'" in err.value.message
    assert err.value.line == _line_of(path, "id: inclusie") or err.value.line > 1


def test_minutes_must_add_up(copy):
    path = copy / "workshop.yaml"
    text = path.read_text()
    path.write_text(text.replace("minuten: 45", "minuten: 50", 1))
    with pytest.raises(ContentError) as err:
        load_content(copy)
    assert "minutes" in err.value.message


def test_yaml_syntax_error(copy):
    path = copy / "borging.yaml"
    path.write_text(path.read_text() + "\n  - kapot: [\n")
    with pytest.raises(ContentError) as err:
        load_content(copy)
    assert "YAML syntax error" in err.value.message and err.value.line


def test_renaming_a_value_renames_it_everywhere(copy):
    path = copy / "code.yaml"
    text = path.read_text()
    assert "naam: Betwistbaarheid" in text
    path.write_text(text.replace("naam: Betwistbaarheid", "naam: Bezwaarmogelijkheid", 1))
    content = load_content(copy)
    session = make_session(content, 12, time(9, 30), None)
    html = dict((p.id, h) for p, h in render_html(content, session, content.cases["arnhem"]))
    for piece in ("code", "handout-1b", "handout-2b", "poster-rechtsstaat"):
        assert "Bezwaarmogelijkheid" in html[piece], piece
        assert "Betwistbaarheid" not in html[piece], piece
