"""Stap Teksten in-process (Starlette's TestClient): a text found by its words or its key,
changed in the workspace's teksten.yaml as the command line reads it, refused when a place
codio-print fills in is gone, and set back to the built-in text with the file's comments
kept. The page in a real browser is in tests/browser/test_serve_texts.py."""

from __future__ import annotations

import re
import warnings
from html import unescape

import pytest
import yaml

warnings.filterwarnings("ignore", message=".*httpx2.*")

from codio_print.inputs.texts import load_builtin, load_texts  # noqa: E402
from codio_print.web.steps import stap  # noqa: E402
from webclient import signed_in  # noqa: E402

URL = "/werkmap/sessie-1/teksten"
TITLE = "presentatie.bedankt.titel"  # "Bedankt!" on the last slide


@pytest.fixture()
def inside(tmp_path):
    """A browser that came in through the printed link, with a new workspace 'sessie-1'."""
    with signed_in(tmp_path / "werkmappen") as found:
        yield found


def hits(html: str) -> list[str]:
    """The keys of the texts the page shows as found, in order."""
    return re.findall(r'<h3 id="kop-[^"]*">([^ <]+)', html)


def errors(html: str) -> list[str]:
    return [unescape(t) for t in re.findall(r'<div class="[^"]*fout" id="[^"]*">([^<]*)</div>',
                                            html)]


def save(client, key: str, text: str, zoek: str = ""):
    return client.post(URL, data={"sleutel": key, "zoek": zoek, key: text,
                                  "actie": "opslaan"}, follow_redirects=False)


def test_a_text_is_found_by_its_words_in_any_case_and_by_its_key(inside):
    client, _root = inside
    builtin = load_builtin()
    page = client.get(URL, params={"zoek": "STIPPELLIJN"})
    assert page.status_code == 200 and \
        f"<title>{stap('teksten')}: Teksten · codio-print</title>" \
        in page.text
    found = hits(page.text)
    assert "naamkaartjes.knippen" in found
    assert all("stippellijn" in builtin[k].text.lower() for k in found)
    by_key = hits(client.get(URL, params={"zoek": TITLE}).text)
    assert by_key == [TITLE]
    page = client.get(URL, params={"zoek": "woord-dat-nergens-staat"})
    assert hits(page.text) == [] and "Geen tekst gevonden" in page.text


def test_a_change_is_written_to_teksten_yaml_and_read_by_the_command_lines_loader(inside):
    client, root = inside
    assert not (root / "teksten.yaml").exists()  # init makes none
    answer = save(client, TITLE, "Dank jullie wel: tot de volgende keer!", zoek="bedankt")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith(URL + "?zoek=bedankt&bewaard=" + TITLE)
    assert load_texts(root).text(TITLE) == "Dank jullie wel: tot de volgende keer!"
    assert (root / "teksten.yaml").read_text(encoding="utf-8").startswith("# ")
    page = client.get(answer.headers["location"])
    assert "is bewaard in teksten.yaml" in page.text
    assert f'{TITLE} <span class="soort soort--eigen">veranderd</span>' in page.text
    assert "Je hebt 1 tekst veranderd." in page.text
    assert "Terug naar de standaardtekst" in page.text


def test_a_removed_place_is_kept_with_a_warning_as_a_build_keeps_it(inside):
    """A text may leave out a place (a sheet without its time): the build accepts it and
    warns, and the form accepts it and says the same beside the field."""
    client, root = inside
    key = "naamkaartjes.groep"  # "Groep {letter}"
    assert "letter" in load_builtin()[key].places
    answer = save(client, key, "Groep", zoek="groep")
    assert answer.status_code == 303
    assert "naamkaartjes.groep: Groep" in (root / "teksten.yaml").read_text(encoding="utf-8")
    page = client.get(answer.headers["location"])
    assert ("Let op: {letter} staat niet meer in deze tekst. Daar vult codio-print zelf iets "
            "in. Is dat niet de bedoeling? Zet {letter} dan terug.") in page.text
    assert load_texts(root).left_out() == [
        "teksten.yaml:7: de tekst 'naamkaartjes.groep' laat {letter} weg, waar codio-print "
        "zelf iets invult — zet {letter} terug, tenzij je het weg wilt laten"]
    page = save(client, key, "Groep {tafel} {letter}")  # a place it does not fill
    assert page.status_code == 422 and "{tafel}" in errors(page.text)[0]
    assert "{tafel}" not in (root / "teksten.yaml").read_text(encoding="utf-8")


def test_the_check_of_a_build_refuses_an_unclosed_brace_and_keeps_the_file(inside):
    client, root = inside
    before = "# mijn teksten\npresentatie.bedankt.tekst: Tot ziens\n"
    (root / "teksten.yaml").write_text(before, encoding="utf-8")
    page = save(client, TITLE, "Dank {jullie")
    assert page.status_code == 422 and "{" in errors(page.text)[0]
    page = save(client, "naamkaartjes.groep", "Groep {letter")  # not "{letter} is gone"
    assert page.status_code == 422 and "niet wordt gesloten" in errors(page.text)[0]
    assert (root / "teksten.yaml").read_text(encoding="utf-8") == before


def test_back_to_the_built_in_text_removes_the_key_and_keeps_the_comments(inside):
    client, root = inside
    (root / "teksten.yaml").write_text(
        "# Onze woorden\n\n# de laatste dia\n"
        f"{TITLE}: Dank jullie wel!  # voor de raad\n"
        "# de tekst eronder\npresentatie.bedankt.tekst: Tot ziens\n", encoding="utf-8")
    page = client.get(URL, params={"zoek": "dank jullie"})
    assert hits(page.text) == [TITLE] and "Je hebt 2 teksten veranderd." in page.text
    answer = client.post(URL, data={"sleutel": TITLE, "zoek": "dank jullie",
                                    "actie": "standaard"}, follow_redirects=False)
    assert answer.status_code == 303
    assert (root / "teksten.yaml").read_text(encoding="utf-8") == (
        "# Onze woorden\n\n# de laatste dia\n"
        "# de tekst eronder\npresentatie.bedankt.tekst: Tot ziens\n")
    assert load_texts(root).text(TITLE) == load_builtin()[TITLE].text
    page = client.get(answer.headers["location"])
    assert "is weer de standaardtekst" in page.text and hits(page.text) == [TITLE]
    assert "Je hebt 1 tekst veranderd." in page.text


def test_saving_the_built_in_text_itself_leaves_no_own_text(inside):
    client, root = inside
    assert save(client, TITLE, "Eigen titel").status_code == 303
    assert save(client, TITLE, load_builtin()[TITLE].text).status_code == 303
    assert yaml.safe_load((root / "teksten.yaml").read_text(encoding="utf-8")) is None
    assert "Je hebt nog geen tekst veranderd" in client.get(URL).text


def test_a_broken_teksten_yaml_is_named_with_its_line(inside):
    client, root = inside
    (root / "teksten.yaml").write_text("presentatie.bedankt.titell: Hoi\n", encoding="utf-8")
    page = client.get(URL, params={"zoek": "bedankt"})
    assert page.status_code == 200
    assert "teksten.yaml kan niet gelezen worden" in page.text
    assert "regel 1" in page.text and TITLE in page.text  # the closest key
