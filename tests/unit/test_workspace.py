"""A workspace as an organiser meets it: init, new-case, sessie.yaml and its errors."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, time
from pathlib import Path

import jsonschema
import pytest
import yaml

from codio_print import paths
from codio_print.inputs.content import load_case, load_content
from codio_print.errors import ContentError, InputError
from codio_print.inputs.models import Case
from codio_print.scaffold.schemas import schemas, text
from codio_print.inputs.theme import load_theme
from codio_print.inputs.themefile import Huisstijl
from codio_print.inputs.settings import resolve
from codio_print.inputs.workspace import Sessie, find, load_session
from codio_print.scaffold.workspace import init, new_case

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pristine") / "ws"
    init(folder)
    return folder


@pytest.fixture()
def ws(pristine, tmp_path) -> Path:
    """A fresh workspace as init writes it (written once, copied per test)."""
    return Path(shutil.copytree(pristine, tmp_path / "ws"))


def _schema_of(path: Path) -> dict:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = MODELINE.match(first)
    assert match, f"{path.name} does not start with a schema modeline: {first}"
    target = (path.parent / match[1]).resolve()
    assert target.parent == paths.SCHEMAS.resolve()
    return json.loads(target.read_text(encoding="utf-8"))


def _keys(node, prefix=()) -> set[tuple]:
    out = set()
    if isinstance(node, dict):
        for k, v in node.items():
            out.add(prefix + (k,))
            out |= _keys(v, prefix + (k,))
    elif isinstance(node, list):
        for item in node:
            out |= _keys(item, prefix)
    return out


def _commented_keys(path: Path) -> set[tuple[str, ...]]:
    """Keys written as a commented example: (key,) at the top, (section, key) in a section."""
    keys, section = set(), None
    for line in path.read_text(encoding="utf-8").splitlines():
        top = re.match(r"^(\w+):", line)
        if top:
            section = top.group(1)
        found = re.match(r"^(\s*)# (\w+):", line)
        if found:
            keys.add((found.group(2),) if not found.group(1) else (section, found.group(2)))
            keys.add((found.group(2),))
    return keys


def test_init_writes_the_workspace(ws):
    assert (ws / "sessie.yaml").is_file() and (ws / "huisstijl.yaml").is_file()
    assert (ws / "templates").is_dir() and not list((ws / "templates").glob("*.html"))
    assert "builtin/" in (ws / "templates" / "README.md").read_text(encoding="utf-8")
    assert [p.name for p in (ws / "cases").glob("*.yaml")] == ["eigen-casus.yaml"]
    sf = load_session(ws / "sessie.yaml")
    assert sf.sessie.casus == "eigen-casus"
    assert sf.sessie.start == time(9, 30) and sf.participants == 12


@pytest.mark.parametrize("name, model", [("sessie.yaml", Sessie), ("huisstijl.yaml", Huisstijl),
                                         ("cases/eigen-casus.yaml", Case)])
def test_written_files_explain_every_field_and_pass_their_schema(ws, name, model):
    path = ws / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    schema = _schema_of(path)
    jsonschema.validate(data, schema)  # what an editor checks
    written = _keys(data) | _commented_keys(path)
    fields = {(n,) for n in model.model_fields}
    for name_, info in model.model_fields.items():
        sub = info.annotation
        if isinstance(sub, type) and hasattr(sub, "model_fields"):
            fields |= {(name_, n) for n in sub.model_fields}
    assert fields <= written, f"fields not in {name}: {fields - written}"
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):  # each field's line follows its comment
        if re.match(r"^\s*(- )?\w+:", line):
            assert lines[i - 1].lstrip().startswith("#"), f"{name}: no comment above '{line}'"


def test_schema_catches_what_an_editor_should_flag(ws):
    schema = _schema_of(ws / "huisstijl.yaml")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"kleuren": {"primair": "rood"}}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"organisatie": "X", "kleur": "#ffffff"}, schema)
    case_schema = _schema_of(ws / "cases" / "eigen-casus.yaml")
    case = yaml.safe_load((ws / "cases" / "eigen-casus.yaml").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**case, "herkomst": "eigen-bestand"}, case_schema)
    assert "eigen-klantenbestand" in case_schema["properties"]["herkomst"]["enum"]


def test_shipped_schemas_are_up_to_date():
    for name, schema in schemas().items():
        shipped = paths.SCHEMAS / name
        assert shipped.is_file(), f"run python -m codio_print.scaffold.schemas ({name} missing)"
        assert shipped.read_text(encoding="utf-8") == text(schema), \
            f"{name} is stale: run python -m codio_print.scaffold.schemas"


def test_init_never_overwrites(ws, tmp_path):
    before = (ws / "sessie.yaml").read_text(encoding="utf-8")
    with pytest.raises(InputError, match="not empty"):
        init(ws)
    assert (ws / "sessie.yaml").read_text(encoding="utf-8") == before


def test_new_case_builds_like_a_builtin(ws):
    path = new_case(ws, "mijn-dienst")
    assert path == ws / "cases" / "mijn-dienst.yaml"
    assert MODELINE.match(path.read_text(encoding="utf-8").splitlines()[0])
    content = load_content(extra_case_dirs=[ws / "cases"])
    assert {"arnhem", "eigen-casus", "mijn-dienst"} <= set(content.cases)
    case = load_case(path, content.code, content.classificatie)
    assert case.id == "mijn-dienst"
    text_ = path.read_text(encoding="utf-8")
    assert "Kies uit: laag, matig, hoog." in text_
    assert "# handout6:" in text_  # the optional field, explained and commented out


@pytest.mark.parametrize("case_id, message", [("Mijn Dienst", "cannot be a case id"),
                                              ("arnhem", "built-in"),
                                              ("eigen-casus", "already exists")])
def test_new_case_refuses(ws, case_id, message):
    with pytest.raises(InputError, match=message):
        new_case(ws, case_id)


def _write(ws: Path, name: str, old: str, new: str) -> Path:
    path = ws / name
    text_ = path.read_text(encoding="utf-8")
    assert old in text_, old
    path.write_text(text_.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in line)


@pytest.mark.parametrize("old, new, message", [
    ("casus: eigen-casus", "casus: amsterdam", "unknown case 'amsterdam'"),
    ('start: "09:30"', 'start: "9 uur"', "'9 uur' is not a time"),
    ('start: "09:30"', "start: 25:00", "'25:00' is not a time"),  # YAML 1.1: 1500
    ('start: "09:30"', "start: 24:00", "'24:00' is not a time"),
    ('start: "09:30"', "start: 9.30", "'9.3' is not a time"),  # YAML: a float
    ('start: "09:30"', "start:", "'start': the time is empty"),
    ("datum:", "datum: 0001-01-01", "'datum': '0001-01-01' is not a plausible date"),
    ("datum:", "datum: 1999-12-31", "the year must be from 2000 to 2100"),
    ("datum:", "datum: 2101-01-01", "the year must be from 2000 to 2100"),
    ("datum:", "datum: 99999-01-01", "'datum': '99999-01-01' is not a date"),
    ("datum:", "datum: 20261203", "'datum': '20261203' is not a date"),  # not seconds
    ("profiel: all", "profiel: papier", "'profiel'"),
    ("poster: A0", "poster: A3", "'poster'"),
    ("deelnemers: 12", "deelnemers: lijst.csv", "'lijst.csv' does not exist"),
    ("deelnemers: 12", "deelnemers: 2", "at least 3"),
    ("deelnemers: 12", "deelnemers: 99999999999999999999999999999999", "at most 200"),
    ("deelnemers: 12", 'deelnemers: "201"', "at most 200"),
    ("deelnemers: 12", "deelnemers: -5", "-5 participants: the workshop needs at least 3"),
    ("deelnemers: 12", 'deelnemers: "-5"', "-5 participants: the workshop needs at least 3"),
    ("deelnemers: 12", "deelnemers: 1e9", "'deelnemers': '1e9' is not a whole number"),
    ("deelnemers: 12", "deelnemers: 1.5", "'deelnemers': '1.5' is not a whole number"),
    ("deelnemers: 12", "deelnemers: true", "'deelnemers': 'true' is not a number"),
    ("locatie: \"\"", "lokatie: Zaal 1", "unknown field 'lokatie'"),
])
def test_bad_session_fields_name_file_and_line(ws, old, new, message):
    path = _write(ws, "sessie.yaml", old, new)
    with pytest.raises(ContentError) as err:
        load_session(path)
    assert message in err.value.message
    assert err.value.file == str(path)
    assert err.value.line == _line_of(path, new)


@pytest.mark.parametrize("written, meant", [("13:45", time(13, 45)),  # YAML 1.1: 825
                                            ("23:59", time(23, 59)), ('"23:59"', time(23, 59)),
                                            ("0:00", time(0, 0))])
def test_unquoted_time_is_read_as_a_time(ws, written, meant):
    path = _write(ws, "sessie.yaml", 'start: "09:30"', f"start: {written}")
    assert load_session(path).sessie.start == meant


@pytest.mark.parametrize("written", ["2000-01-01", "2026-03-12", "2100-12-31"])
def test_dates_from_2000_to_2100(ws, written):
    path = _write(ws, "sessie.yaml", "datum:", f"datum: {written}")
    assert load_session(path).sessie.datum == date.fromisoformat(written)


def test_command_line_overrides_the_file(ws):
    path = _write(ws, "sessie.yaml", "datum:", "datum: 2026-03-12")
    sf = load_session(path)
    from_file = resolve(sf)
    assert from_file.date == date(2026, 3, 12) and from_file.case == "eigen-casus"
    assert from_file.out == ws / "build" and from_file.workspace == ws
    given = resolve(sf, date="2026-04-01", case="arnhem", participants=None)
    assert given.date == date(2026, 4, 1) and given.case == "arnhem"
    assert given.participants == 12
    with pytest.raises(InputError, match="which case"):
        resolve(None)


def test_every_value_knows_where_it_came_from(ws):
    """Issue 12: one configuration; an error about a value names sessie.yaml's line or the
    option."""
    path = _write(ws, "sessie.yaml", "datum:", "datum: 2026-03-12")
    settings = resolve(load_session(path), start="13:00")
    assert str(settings.origin("date")) == f"{path}:{_line_of(path, 'datum:')}"
    assert str(settings.origin("start")) == "--start"
    assert str(settings.origin("tile")) == "the default"
    file_error = settings.problem("date", "is a holiday", fix="choose another day")
    assert file_error.one_line() == f"{path}:{_line_of(path, 'datum:')}: is a holiday — " \
                                    "choose another day"
    assert settings.problem("start", "'13:00' is too late").one_line() == \
        "--start '13:00' is too late"


@pytest.mark.parametrize("given, message", [
    ({"start": "25:00"}, "--start '25:00' is not a time — "),
    ({"date": "15-12-2026"}, "--date '15-12-2026' is not a date — "),
    ({"date": "0001-01-01"}, "--date '0001-01-01' is not a plausible date"),
    ({"deliver_by": "5 maart"}, "--deliver-by '5 maart' is not a date — "),
    ({"profile": "paper"}, "--profile 'paper' is not a profile — use print, screen, mono or all"),
    ({"tile": "a2"}, "--tile 'a2' is not a paper size — use a3 or a4"),
    ({"poster": "A3"}, "--poster 'A3' is not a poster size — give A1 or A0"),
    ({"case": "../etc"}, "--case '../etc' is not a case id — "),
    ({"participants": "1e9"}, "--participants '1e9' is not a whole number — "),
])
def test_a_wrong_option_is_one_line_naming_the_option(ws, given, message):
    with pytest.raises(InputError) as err:
        resolve(load_session(ws / "sessie.yaml"), **given)
    assert err.value.one_line().startswith(message), err.value.one_line()


def test_find_uses_config_else_the_current_folder(ws, tmp_path):
    assert find(None, ws) == ws / "sessie.yaml"
    assert find(ws, tmp_path) == ws / "sessie.yaml"
    assert find(None, tmp_path) is None
    with pytest.raises(InputError, match="not found"):
        find(tmp_path / "nope.yaml", tmp_path)


def test_workspace_case_list_is_relative_to_the_workspace(ws):
    (ws / "deelnemers.csv").write_text("naam;functie\nAnna;inwoner\n", encoding="utf-8")
    path = _write(ws, "sessie.yaml", "deelnemers: 12", "deelnemers: deelnemers.csv")
    assert load_session(path).participants == ws / "deelnemers.csv"


def test_default_theme_is_the_workshop_look():
    content = load_content(only_case="")
    theme = load_theme(None, content.fundamenten)
    assert theme.colours["primary"] == "#154273" and theme.colours["accent"] == "#e17000"
    for f in content.fundamenten:
        assert theme.colours[f.id] == f.kleur.lower()
    assert theme.logo is None and theme.organisation == ""
    assert '"Atkinson Hyperlegible"' in theme.body_stack


def test_a_build_folder_that_links_outside_the_workspace_is_refused(ws, tmp_path):
    """D24: a shared workspace's build -> /elsewhere would receive the kit and the lock."""
    from codio_print.errors import InputError

    victim = tmp_path / "victim-docs"
    victim.mkdir()
    (ws / "build").symlink_to(victim)
    sf = load_session(ws / "sessie.yaml")
    with pytest.raises(InputError, match="link to another place") as err:
        resolve(sf)
    assert err.value.file == str(ws / "build")
    assert resolve(sf, out=tmp_path / "elders").out == tmp_path / "elders"  # on purpose
