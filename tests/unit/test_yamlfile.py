"""YAML that PyYAML reads badly on its own: each is one line naming the file and line."""

from __future__ import annotations

import pytest

from codio_print.errors import ContentError
from codio_print.inputs.yamlread import load_yaml


def error(tmp_path, text: str) -> str:
    path = tmp_path / "kapot.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_yaml(path)
    line = info.value.one_line()
    assert "\n" not in line
    return line.removeprefix(str(path))


def test_an_impossible_date(tmp_path):
    assert error(tmp_path, "id: x\ndatum: 2026-02-30\n") == (
        ":2: '2026-02-30' cannot be read as a date — correct the value, or put it in quotes "
        "to keep it as text")


def test_an_empty_tagged_number(tmp_path):
    assert error(tmp_path, 'n: !!int ""\n').startswith(":1: '' cannot be read as a number")


def test_a_quote_that_is_never_closed_names_where_it_opens(tmp_path):
    assert error(tmp_path, 'id: x\ntitel: "Een titel\norganisatie: Gemeente\n') == (
        ":2: YAML syntax error: a text in quotes starts here and is never closed — add the "
        "closing quote or bracket")


def test_an_alias_bomb_stops_early(tmp_path):
    rows = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi"):
        rows.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    assert "aliases (*name) that expand too far" in error(tmp_path, "\n".join(rows) + "\n")


def test_an_alias_that_contains_itself(tmp_path):
    assert "nested too deeply" in error(tmp_path, "a: &a [*a]\n")


def test_deep_brackets(tmp_path):
    assert "nested too deeply" in error(tmp_path, "[" * 3000 + "]" * 3000 + "\n")


def test_an_invisible_control_character(tmp_path):
    assert error(tmp_path, "id: x\ntitel: a\x07b\n") == (
        ":2: the file holds a character YAML does not allow (#x0007) — delete it; it is "
        "usually invisible in an editor")
