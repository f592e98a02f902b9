"""E18: a participant list carries no control characters onto the name cards, into the
division file or into the slides: they are removed from every cell, and a warning names
the lines and the characters."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from codio_print.errors import InputError
from codio_print.inputs.controls import CONTROLS
from codio_print.inputs.participants import group_spellings, read_participants

FUNDAMENTEN = group_spellings([
    SimpleNamespace(id="democratie", naam="Democratie", letter="a"),
    SimpleNamespace(id="rechtsstaat", naam="Rechtsstaat", letter="b"),
    SimpleNamespace(id="bestuurskracht", naam="Bestuurskracht", letter="c"),
])

LIST = ("naam;functie\n"
        "Jan de Vries;beleidsmedewerker\n"
        "Ayşe\x07 Yılmaz;inwoner\n"                          # BEL
        "Piet\x1b[31m Jansen;jurist\n"                        # ESC and a colour
        "\u202eAnna Bakker;\u2066data-analist\u2069\n"        # bidi override and isolate
        "Mo\u200f Ali;privacy officer\n")                     # right-to-left mark


def test_control_characters_in_a_list_are_removed_and_named(tmp_path):
    path = tmp_path / "deelnemers.csv"
    path.write_text(LIST, encoding="utf-8")
    plist = read_participants(path, FUNDAMENTEN)
    names = [p.name for p in plist.participants]
    assert names == ["Jan de Vries", "Ayşe Yılmaz", "Piet[31m Jansen", "Anna Bakker", "Mo Ali"]
    assert not any(CONTROLS.search(p.name + p.role) for p in plist.participants)
    assert plist.participants[3].role == "data-analist"
    assert plist.warnings == [
        f"{path}:3: removed control characters from lines 3, 4, 5 and 6 (U+0007, U+001B, "
        "U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 LEFT-TO-RIGHT ISOLATE, U+2069 POP "
        "DIRECTIONAL ISOLATE, U+200F RIGHT-TO-LEFT MARK) — they change how a name is "
        "shown, not what it says; check the names on those lines"]


def test_a_nul_in_a_list_is_refused_as_a_binary_file(tmp_path):
    path = tmp_path / "deelnemers.csv"
    path.write_text(LIST.replace("Jan de", "Jan\x00 de"), encoding="utf-8")
    with pytest.raises(InputError, match="not a table: this is a binary file"):
        read_participants(path, FUNDAMENTEN)
