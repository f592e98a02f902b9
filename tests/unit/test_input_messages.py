"""The input stage's messages in the reader's language (issue 23 item 1): a mistake in
sessie.yaml reads in Dutch with --taal nl or without a locale, still as one line
`file:line: what — fix`, and keeps its parts (file, line, key, fix) as data."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest

from codio_print import i18n, writing
from codio_print.errors import ContentError, reason
from codio_print.inputs.workspace import load_session
from incli import run_here

ONE_LINE = re.compile(r"^fout: (?P<file>[^:]+):(?P<line>\d+): (?P<what>.+) — (?P<fix>.+)$")

# A typical mistake in sessie.yaml, the line it is on, and what the Dutch line says.
MISTAKES = {
    "yaml-syntax": ("casus: arnhem\nlocatie: Stadhuis: zaal 2\n", 2,
                    "fout in de YAML: hier mag geen dubbele punt staan",
                    "controleer op deze regel het inspringen"),
    "unknown-key": ("casus: arnhem\nlokatie: Stadhuis\n", 2,
                    "onbekend veld 'lokatie'",
                    "bedoel je 'locatie'? haal het weg of verbeter de spelling"),
    "wrong-date": ("casus: arnhem\ndatum: 15-12-2026\n", 2,
                   "'datum': '15-12-2026' is geen datum",
                   "schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2026-12-03 (3 december "
                   "2026)"),
}


def _session(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "werkmap"
    folder.mkdir()
    (folder / "sessie.yaml").write_text(text, encoding="utf-8")
    return folder / "sessie.yaml"


def _without_locale(monkeypatch) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("name", MISTAKES)
def test_a_mistake_in_sessie_yaml_reads_in_dutch_with_taal_nl(name, tmp_path):
    text, line, what, fix = MISTAKES[name]
    session = _session(tmp_path, text)
    result = run_here("--taal", "nl", "build", "--config", str(session), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    found = ONE_LINE.match(last)
    assert found, last
    assert found["file"] == "werkmap/sessie.yaml" and int(found["line"]) == line, last
    assert found["what"] == what, last
    assert found["fix"].startswith(fix), last


def test_without_a_locale_the_mistake_is_dutch_and_with_taal_en_english(monkeypatch, tmp_path):
    _without_locale(monkeypatch)
    session = _session(tmp_path, MISTAKES["unknown-key"][0])
    dutch = run_here("build", "--config", str(session), cwd=tmp_path).stderr.strip()
    assert dutch.splitlines()[-1] == ("fout: werkmap/sessie.yaml:2: onbekend veld 'lokatie' — "
                                      "bedoel je 'locatie'? haal het weg of verbeter de "
                                      "spelling")
    english = run_here("--taal", "en", "build", "--config", str(session), cwd=tmp_path)
    assert english.stderr.strip().splitlines()[-1] == (
        "error: werkmap/sessie.yaml:2: unknown field 'lokatie' — did you mean 'locatie'? "
        "remove it or correct its spelling")


@pytest.mark.parametrize("name, key", [("yaml-syntax", None), ("unknown-key", "lokatie"),
                                       ("wrong-date", "datum")])
def test_an_input_error_keeps_the_key_it_is_about(name, key, tmp_path):
    session = _session(tmp_path, MISTAKES[name][0])
    with pytest.raises(ContentError) as caught:
        load_session(session)
    fields = caught.value.fields()
    assert fields["file"] == str(session) and fields["line"] == MISTAKES[name][1]
    assert fields["key"] == key
    assert fields["fix"]


def test_a_duplicate_yaml_key_names_its_key_path(tmp_path):
    session = _session(tmp_path, "casus: arnhem\ndrukwerk:\n  email: a@b.nl\n  email: c@d.nl\n")
    with pytest.raises(ContentError) as caught:
        load_session(session)
    assert caught.value.key == "drukwerk.email" and caught.value.line == 4


@pytest.fixture()
def dutch():
    before = list(i18n._current)
    i18n.set_language("nl")
    yield
    i18n._current[:] = before


@pytest.mark.parametrize("code, text", [
    (errno.ENOENT, "bestand of map bestaat niet"), (errno.EACCES, "geen toegang"),
    (errno.ENOSPC, "de schijf is vol"), (errno.EROFS, "de schijf is alleen-lezen"),
    (errno.EISDIR, "dit is een map, geen bestand"),
    (errno.ENOTDIR, "een deel van het pad is geen map")])
def test_a_system_error_reads_in_dutch(dutch, code, text):
    assert reason(OSError(code, "the system's English")) == text


def test_a_system_error_keeps_its_own_words_in_english_and_for_an_unusual_errno():
    i18n.set_language("en")
    assert reason(OSError(errno.EACCES, "Permission denied")) == "Permission denied"
    assert reason(OSError(errno.EPROTO, "Protocol error")) == "Protocol error"


def test_a_refused_write_names_the_folder_with_a_dutch_reason(dutch, tmp_path):
    (tmp_path / "deelnemers.csv").write_text("naam\n", encoding="utf-8")
    folder = tmp_path / "deelnemers.csv" / "build"  # a file where a folder must be
    with pytest.raises(OSError) as caught:
        writing.new(folder / "groepsindeling.csv", "naam\n")
    assert caught.value.errno == errno.ENOTDIR
    assert caught.value.strerror == "een deel van het pad is geen map"
    assert caught.value.filename == str(folder)
