"""Issue 24 item 1: each setting is declared once (inputs/options.py), and the command line,
sessie.yaml's model and schema, the settings and the kit's key follow that declaration."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
import typer.main
from typer.testing import CliRunner

from codio_print import i18n
from codio_print.builder.pipeline import _kit_key
import codio_print.cli  # noqa: F401 - registers the commands
from codio_print.cli.app import app as typer_app
from codio_print.errors import ContentError, InputError
from codio_print.inputs.options import BY_NAME, EXTRAS, IN_FILE, OPTIONS
from codio_print.inputs.settings import Settings, resolve
from codio_print.inputs.workspace import Sessie, load_session
from codio_print.scaffold.schemas import schemas
from codio_print.scaffold.workspace import init

# The settings the commands take today; build takes every one.
COMMANDS = {("build",): [o.name for o in OPTIONS], ("watch",): ["out"],
            ("results", "init"): ["case", "participants", "sheet", "date", "start",
                                  "location", "facilitator"],
            ("results", "build"): ["poster", "tile", "icc"]}


@pytest.fixture(scope="module")
def click_app():
    return typer.main.get_command(typer_app)


def _command(click_app, path):
    command = click_app
    for name in path:
        command = command.commands[name]
    return command


@pytest.mark.parametrize("path", list(COMMANDS))
def test_every_setting_a_command_takes_is_its_option_as_declared(click_app, path):
    """Each setting's flag, short flag and kind of value (a flag, text, many) come from the
    table, and nothing else is typed twice."""
    params = {p.name: p for p in _command(click_app, path).params}
    for name in COMMANDS[path]:
        option, param = BY_NAME[name], params[name]
        assert param.opts == [option.flag] + ([option.short] if option.short else []), name
        assert param.is_flag == (option.typed is bool), name
        assert param.default in (None, False), name  # the defaults are the settings'


def test_build_help_shows_every_setting_with_its_choices_and_default():
    """Every setting with an option appears in ``build --help``, with its allowed values and
    its default where it has one that is not empty."""
    shown = CliRunner().invoke(typer_app,
                               ["build", "--help"], terminal_width=400,
                               env={"COLUMNS": "400"}).output
    lines = {line.split()[1]: line for line in shown.splitlines()
             if line.startswith("│ --")}
    for option in OPTIONS:
        assert option.flag in lines, option.flag
        help_text = " ".join(lines[option.flag].split())
        assert " ".join(i18n._(option.help).split()).rstrip(".")[:60] in help_text
        for choice in option.choices:
            assert str(choice) in help_text, (option.flag, choice)
        if option.choices and option.default not in (None, {}):
            assert str(option.default) in help_text, option.flag


def test_the_schema_and_the_model_are_the_table():
    """sessie.yaml's fields, in the file's order, with the table's types, checks, defaults
    and Dutch descriptions; the JSON Schema says the same."""
    schema = schemas()["sessie.schema.json"]
    shop = schema["$defs"]["Drukwerk"]["properties"]
    top = [o for o in IN_FILE if "." not in o.key]
    assert list(schema["properties"]) == [o.key for o in top] + ["drukwerk"]
    assert list(shop) == [o.sessie_field for o in IN_FILE if "." in o.key]
    assert list(Sessie.model_fields) == list(schema["properties"])
    for option in IN_FILE:
        node = schema["properties"].get(option.key) or shop[option.sessie_field]
        assert node["description"] == option.description, option.name
        if option.choices:
            enum = node["additionalProperties"]["enum"] if option.each else node["enum"]
            assert enum == list(option.choices), option.name
        if option.file_default is not ...:
            assert node.get("default") == _json(option.sessie_default), option.name
    assert schema["required"] == [o.key for o in top if o.file_default is ...]


def _json(value):
    return value.isoformat() if isinstance(value, time) else value


def test_settings_has_a_field_for_every_setting_with_its_default():
    defaults = Settings()
    for option in OPTIONS:
        assert getattr(defaults, option.name) == option.default, option.name
    assert set(Settings.model_fields) == {o.name for o in OPTIONS} | {"workspace", "origins"}


def _in(language: str, text: str) -> str:
    before = list(i18n._current)
    try:
        i18n.set_language(language)
        return i18n._(text)
    finally:
        i18n._current[:] = before


def test_every_label_and_help_is_in_both_languages():
    """What a form shows beside a setting: its label and help, in Dutch and in English."""
    for option in OPTIONS:
        for text in (option.label, option.help):
            assert text and _in("en", text) == text
            assert _in("nl", text) != text or text == "E-mail", text
    assert _in("nl", BY_NAME["start"].label) == "Begintijd"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    init(tmp_path / "ws")
    return tmp_path / "ws"


BAD = {"profile": "papier", "poster": "A3", "preset": "fogra99", "bleed": 5,
       "destinations": {"naamkaartjes": "printer"}}


@pytest.mark.parametrize("option", [o for o in IN_FILE if o.choices], ids=lambda o: o.name)
def test_a_wrong_choice_names_where_it_was_given(ws, option):
    """Checked once, on the declaration: in sessie.yaml, the file, its line and the key; on
    the command line, the option."""
    bad = BAD[option.name]
    group, _, field = option.key.rpartition(".")
    written = {field: bad}
    if group:
        written = {group: written}
    session = ws / "sessie.yaml"
    session.write_text("casus: eigen-casus\n" + yaml.safe_dump(written), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_session(session)
    shown = str(bad if not option.each else next(iter(bad.values())))
    assert f"'{shown}' is not {i18n._(option.what)}" in err.value.message
    assert err.value.file == str(session)
    line = next(n for n, text in enumerate(session.read_text().splitlines(), 1)
                if shown in text and not text.lstrip().startswith("#"))
    assert err.value.line == line
    with pytest.raises(InputError) as err:
        resolve(None, case="arnhem", **{option.name: [f"naamkaartjes={shown}"]
                                        if option.each else bad})
    assert err.value.one_line().startswith(f"{option.flag} '"), err.value.one_line()


# Another valid value of a setting that is neither a text, a choice nor a flag.
OTHER = {"case": "utrecht", "date": date(2026, 12, 3), "start": time(13, 0),
         "participants": 20, "deliver_by": date(2026, 11, 30),
         "destinations": {"naamkaartjes": "drukker"}, "out": Path("elders"), "workers": 3}


def _other(option, tmp_path: Path):
    if option.name == "icc":
        other = tmp_path / "ander.icc"
        other.write_bytes(b"another profile")
        return other
    if option.choices and not option.each:
        return next(c for c in option.choices if c != option.default)
    if option.typed is bool:
        return not option.default
    if option.name not in OTHER and option.type in (str, str | None):
        return "Een andere tekst"
    return OTHER[option.name]


def test_the_kit_key_changes_with_what_the_extras_read_and_nothing_else(tmp_path):
    """The job sheet, drukwerk.zip, the tiles and the manifest are made again when a setting
    they read changes (the table says which), and only then; what the pieces read changes
    their own keys."""
    prep = SimpleNamespace(theme=SimpleNamespace(slides_template=None), pieces=[],
                           printing=None)
    base = Settings(case="arnhem")
    before = _kit_key(["a", "b"], prep, base)
    assert _kit_key(["a", "b"], prep, Settings(case="arnhem")) == before
    changed = set()
    for option in OPTIONS:
        other = base.model_copy(update={option.name: _other(option, tmp_path)})
        assert getattr(other, option.name) != getattr(base, option.name), option.name
        if _kit_key(["a", "b"], prep, other) != before:
            changed.add(option.name)
    assert changed == {o.name for o in OPTIONS if o.invalidates == EXTRAS}
    assert {"profile", "tile", "icc", "bleed", "preset", "phone"} <= changed


def test_the_print_shops_order_holds_the_details_the_table_puts_on_it():
    """printopdracht.json's order, the details the job sheet says it lacks and the note that
    a build outside a workspace forgets them all follow the settings the table puts on the
    order (Option.order): who orders, who the shop calls, where and when it delivers. How
    the shop prints (the preset, its profile, the bleed, where each piece goes) is not a
    detail of the order: kept by init --from, but no note of its own."""
    import json

    from codio_print.cli.commands import forgotten
    from codio_print.printshop.jobsheet import Contact, Order, job_json

    details = [o.name for o in OPTIONS if o.order is not None]
    assert details == ["organisation", "contact", "phone", "email", "address", "reference",
                       "deliver_by", "shop_note"]
    settings = resolve(None, case="arnhem", contact="Sanne de Wit", deliver_by="2026-12-09")
    contact = Contact.of(settings)
    order = json.loads(job_json([], Order("Gemeente Arnhem", contact, "P")))["order"]
    assert order == {"organisation": "Gemeente Arnhem", "contact": "Sanne de Wit",
                     "phone": "", "email": "", "address": "", "reference": "",
                     "deliver_by": "2026-12-09", "shop_note": ""}
    assert [option for _what, option, _key in contact.missing] == [
        "--phone", "--email", "--address", "--reference"]
    kit = Path("build/arnhem")
    for name in details:
        typed = "2026-12-09" if name == "deliver_by" else "x"
        assert forgotten(resolve(None, case="arnhem", **{name: typed}), kit), name
    assert forgotten(resolve(None, case="arnhem", preset="fogra39", bleed=2), kit) == []
