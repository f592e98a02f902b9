"""Every message a person reads comes from the catalogs, in Dutch and in English
(codio_print/i18n.py, scripts/messages.py); Dutch unless the locale or --taal asks English."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from codio_print import i18n
from incli import run_here

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "codio_print"
FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)(?:[!:][^}]*)?\}")


def _script():
    spec = importlib.util.spec_from_file_location("messages_script", ROOT / "scripts" /
                                                  "messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _catalog(language: str):
    with (SOURCE / "locale" / language / "LC_MESSAGES" / "codio_print.po").open("rb") as f:
        return read_po(f, locale=language)


def _text(msgid) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def test_every_message_in_the_code_is_in_both_catalogs_with_a_text():
    in_code = {_text(m) for m in _script().extracted()}
    for language in i18n.LANGUAGES:
        catalog = _catalog(language)
        absent = sorted(m for m in in_code if catalog.get(m) is None)
        assert not absent, f"not in the {language} catalog (run make messages): {absent[:5]}"
        empty = sorted(_text(m.id) for m in catalog if m.id and not all(
            m.string if isinstance(m.string, (tuple, list)) else [m.string]))
        assert not empty, f"no {language} text yet (write it in the .po file): {empty[:5]}"


def test_the_compiled_catalogs_are_those_of_the_po_files(capsys):
    assert _script().main(["--check"]) == 0, capsys.readouterr().out


def test_a_translation_has_the_placeholders_of_its_message():
    for language in i18n.LANGUAGES:
        for message in _catalog(language):
            if not message.id:
                continue
            ids = [message.id] if isinstance(message.id, str) else list(message.id)
            strings = ([message.string] if isinstance(message.string, str)
                       else list(message.string))
            wanted = set(FIELD.findall(ids[-1]))
            for string in strings:
                assert set(FIELD.findall(string)) == wanted, (language, message.id, string)


# What a person reads: the error types' messages and fixes, the lines the commands print,
# help texts. A text written straight into one of these, not through _(), is a message that
# is in the code but in no catalog.
SHOWN_CALLS = {"echo", "say", "secho", "warn", "note", "ValueError"}
SHOWN_KEYWORDS = {"help", "fix", "message"}
OWN_ERRORS = re.compile(r"(Error|Warning)$")
WORDS = re.compile(r"[A-Za-z]{3,}")
INTERNAL = "# internal"  # a line marked so is for programmers (an assertion, a bug report)


def _is_text(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(WORDS.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_is_text(part) for part in node.values)
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    return False


def _called(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _untranslated(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _called(node)
        args = []
        if name == "PydanticCustomError":  # (type, message template, context)
            args += node.args[1:2]
        elif name in SHOWN_CALLS or OWN_ERRORS.search(name):
            args += node.args[:1]
        args += [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
        for arg in args:
            line = lines[arg.lineno - 1]
            if _is_text(arg) and INTERNAL not in line:
                found.append(f"{path.relative_to(ROOT)}:{arg.lineno}: {line.strip()}")
    return found


MODULES = sorted(p for p in SOURCE.rglob("*.py") if p.name != "i18n.py")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SOURCE)))
def test_messages_go_through_the_catalog(path):
    found = _untranslated(path)
    assert not found, "messages without _():\n" + "\n".join(found)


def test_the_command_line_chooses_the_language(monkeypatch):
    assert i18n.from_arguments(["build", "--taal", "en"]) == "en"
    assert i18n.from_arguments(["--taal=NL", "build"]) == "nl"
    assert i18n.from_arguments(["build", "--", "--taal", "en"]) is None
    assert i18n.from_arguments(["build", "--taal", "fr"]) is None  # refused by the option
    assert i18n.from_locale({}) == "nl"
    assert i18n.from_locale({"LANG": "nl_NL.UTF-8"}) == "nl"
    assert i18n.from_locale({"LANG": "en_GB.UTF-8"}) == "en"
    assert i18n.from_locale({"LANG": "C.UTF-8"}) == "nl"
    assert i18n.from_locale({"LANGUAGE": "en:nl", "LANG": "nl_NL.UTF-8"}) == "en"
    assert i18n.from_locale({"LC_ALL": "nl_BE.UTF-8", "LANG": "en_US.UTF-8"}) == "nl"


def _without_locale(monkeypatch) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def test_an_error_is_in_dutch_without_a_locale_and_in_english_when_asked(monkeypatch):
    _without_locale(monkeypatch)
    dutch = run_here("build", "--case", "nope")
    assert dutch.returncode == 1
    assert dutch.stderr.strip().splitlines()[-1].startswith("fout: ")
    english = run_here("--taal", "en", "build", "--case", "nope")
    assert english.returncode == 1
    assert english.stderr.strip().splitlines()[-1].startswith("error: ")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert run_here("build", "--case", "nope").stderr.strip().splitlines()[-1].startswith(
        "error: ")


def test_an_unknown_language_is_refused_with_the_choices(monkeypatch):
    _without_locale(monkeypatch)
    result = run_here("--taal", "fr", "cases")
    assert result.returncode == 2
    assert "nl" in result.stderr and "en" in result.stderr


def test_an_error_keeps_its_parts_as_data():
    from codio_print.errors import InputError

    error = InputError("what", file="x.csv", line=3, key="naam", fix="how")
    assert error.fields() == {"message": "what", "file": "x.csv", "line": 3, "key": "naam",
                              "fix": "how"}
    assert error.one_line() == "x.csv:3: what — how"

