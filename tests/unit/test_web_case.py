"""Eigen casus schrijven in the step Casus (web/owncase.py), in-process: the case the form
writes is the file `codio-print new-case` writes, read by a build as the command line reads
it; a wrong field is named beside it and nothing is written."""

from __future__ import annotations

import re
import warnings
from html import unescape

import pytest

warnings.filterwarnings("ignore", message=".*httpx2.*")

from codio_print.inputs.content import load_content  # noqa: E402
from codio_print.inputs.workspace import case_dirs, load_session  # noqa: E402
from codio_print.scaffold.workspace import case_skeleton, new_case  # noqa: E402
from webclient import signed_in  # noqa: E402

NEW = "/werkmap/sessie-1/casus/eigen"


@pytest.fixture()
def inside(tmp_path):
    """A browser that came in through the printed link, with a new workspace 'sessie-1'."""
    with signed_in(tmp_path / "werkmappen") as found:
        yield found


def full_form(**changes) -> dict[str, str]:
    form = {
        "organisatie": "Gemeente Zwolle", "titel": "Bijzondere bijstand op maat", "id": "",
        "ondertitel": "Inwoners met schulden krijgen zelf een aanbod",
        "beschrijving": "De gemeente kijkt wie schulden heeft.\r\n\r\nZij belt die inwoners.",
        "data-1-wat": "Betalingsachterstanden", "data-1-bron": "Woningcorporaties",
        "data-2-wat": "", "data-2-bron": "",
        "data-3-wat": "Uitkeringsgegevens", "data-3-bron": "Eigen klantenbestand",
        "proactiviteit-1-niveau": "matig", "proactiviteit-1-toelichting": "Een aanbod op maat",
        "proactiviteit-2-niveau": "", "proactiviteit-2-toelichting": "",
        "herkomst": "andere-partij",
        "vragen-1-vraag": "Weten inwoners dit?", "vragen-2-vraag": "", "vragen-3-vraag": "",
        "voorbeeld_spanning": "Eerst toestemming vragen (autonomie) maakt het trager.",
        "handout6-democratie-1-waarde": "inclusie",
        "handout6-democratie-1-waarom": "Ook wie geen brieven leest, wordt bereikt.",
        "handout6-democratie-1-herkomst": "aannemelijk",
        "handout6-democratie-2-waarde": "", "handout6-democratie-2-waarom": "",
        "handout6-democratie-2-herkomst": "reconstructie",
    }
    form.update(changes)
    return form


def errors(html: str) -> dict[str, str]:
    """The message beside each field, by the field's id."""
    return {k: unescape(t) for k, t in re.findall(
        r'<div class="[^"]*fout" id="veld-([^"]*)-fout">([^<]*)</div>', html)}


def summary(html: str) -> list[str]:
    return re.findall(r'<li><a href="#veld-([^"]*)">', html)


def test_a_full_case_is_written_chosen_and_read_by_a_build(inside):
    client, ws = inside
    answer = client.post(NEW, data=full_form(), follow_redirects=False)
    assert answer.status_code == 303, errors(answer.text)
    assert answer.headers["location"] == "/werkmap/sessie-1/sessie"
    path = ws / "cases" / "bijzondere-bijstand-op-maat.yaml"  # the id made of the title
    case = load_content(extra_case_dirs=case_dirs(ws),
                        only_case="bijzondere-bijstand-op-maat").cases[path.stem]
    assert (case.organisatie, case.titel, case.herkomst) == (
        "Gemeente Zwolle", "Bijzondere bijstand op maat", "andere-partij")
    assert case.alineas == ["De gemeente kijkt wie schulden heeft.", "Zij belt die inwoners."]
    assert [(d.wat, d.bron) for d in case.data] == [
        ("Betalingsachterstanden", "Woningcorporaties"),
        ("Uitkeringsgegevens", "Eigen klantenbestand")]  # the empty row left out
    assert [(p.niveau, p.toelichting) for p in case.proactiviteit] == [
        ("matig", "Een aanbod op maat")]
    assert case.vragen_bij_casus == ["Weten inwoners dit?"]
    assert case.voorbeeld_spanning.startswith("Eerst toestemming")
    assert [(v.waarde, v.herkomst) for v in case.handout6["democratie"]] == [
        ("inclusie", "aannemelijk")]
    assert load_session(ws / "sessie.yaml").sessie.casus == path.stem
    text = path.read_text(encoding="utf-8")
    assert "# Een eigen casus. Elk veld staat hieronder uitgelegd" in text
    assert "# De organisatie die de dienst levert, bijvoorbeeld Gemeente Arnhem." in text
    assert "# Eigen waarden voor hand-out 6, per fundament." in text


def test_the_file_is_what_new_case_writes_with_these_values(inside):
    client, ws = inside
    sample = case_skeleton("mijn-dienst")
    form = {"id": "mijn-dienst", "herkomst": sample["herkomst"],
            **{k: sample[k] for k in ("organisatie", "titel", "ondertitel", "beschrijving")},
            "data-1-wat": sample["data"][0]["wat"], "data-1-bron": sample["data"][0]["bron"],
            "proactiviteit-1-niveau": "matig",
            "proactiviteit-1-toelichting": sample["proactiviteit"][0]["toelichting"],
            "vragen-1-vraag": sample["vragen_bij_casus"][0]}
    assert client.post(NEW, data=form, follow_redirects=False).status_code == 303
    other = ws.parent / "ander"
    (other / "cases").mkdir(parents=True)
    written = new_case(other, "mijn-dienst")
    assert (ws / "cases" / "mijn-dienst.yaml").read_text() == written.read_text()


def test_an_empty_field_and_a_long_title_are_named_beside_them_nothing_written(inside):
    client, ws = inside
    before = sorted((ws / "cases").iterdir()), (ws / "sessie.yaml").read_bytes()
    answer = client.post(NEW, data=full_form(organisatie="", titel="Bijstand " * 15,
                                             **{"data-1-bron": ""}))
    assert answer.status_code == 422
    found = errors(answer.text)
    assert found["organisatie"].startswith("Vul de organisatie in")
    assert found["titel"].startswith("Naam van de dienst is 134 tekens lang") and \
        "hoogstens 120" in found["titel"]
    assert found["data-1-bron"] == "Vul in waar deze gegevens vandaan komen."
    assert summary(answer.text) == ["organisatie", "titel", "data-1-bron"]  # form order
    assert 'value="Gemeente' not in answer.text and "Bijstand Bijstand" in answer.text
    assert (sorted((ws / "cases").iterdir()), (ws / "sessie.yaml").read_bytes()) == before


@pytest.mark.parametrize("case_id, says", [
    ("arnhem", "is de korte naam van een ingebouwde casus"),
    ("Mijn Dienst", "kan geen korte naam zijn"),
    ("eigen-casus", "Er is al een eigen casus"),  # the workspace's sample, not overwritten
])
def test_a_short_name_that_cannot_be_is_refused(inside, case_id, says):
    client, ws = inside
    before = (ws / "cases" / "eigen-casus.yaml").read_bytes()
    answer = client.post(NEW, data=full_form(id=case_id))
    assert answer.status_code == 422
    assert says in errors(answer.text)["id"]
    assert [p.name for p in (ws / "cases").iterdir()] == ["eigen-casus.yaml"]
    assert (ws / "cases" / "eigen-casus.yaml").read_bytes() == before


def test_a_value_of_another_fundament_is_named_in_its_row(inside):
    client, ws = inside
    answer = client.post(NEW, data=full_form(**{"handout6-democratie-1-waarde": "privacy"}))
    assert answer.status_code == 422
    assert "privacy" in errors(answer.text)["handout6-democratie-1-waarde"]
    assert not (ws / "cases" / "bijzondere-bijstand-op-maat.yaml").exists()


def test_one_more_row_keeps_what_was_typed_and_writes_nothing(inside):
    client, ws = inside
    answer = client.post(NEW, data=full_form(meer="data", organisatie=""))
    assert answer.status_code == 200 and not errors(answer.text)
    html = answer.text
    assert 'name="data-4-wat"' in html and 'name="data-5-wat"' not in html
    # the filled rows first, then the empty ones
    assert re.search(r'name="data-2-wat" type="text" value="Uitkeringsgegevens"', html)
    assert 'value="Weten inwoners dit?"' in html and "Zij belt die inwoners." in html
    assert re.search(r'value="aannemelijk" selected', html)
    assert re.search(r'value="andere-partij" id="[^"]*" checked', html)
    assert [p.name for p in (ws / "cases").iterdir()] == ["eigen-casus.yaml"]


def test_an_own_case_is_changed_from_the_case_step(inside):
    client, ws = inside
    step = client.get("/werkmap/sessie-1/casus").text
    assert 'href="/werkmap/sessie-1/casus/eigen"' in step
    assert 'href="/werkmap/sessie-1/casus/eigen/eigen-casus"' in step  # Wijzigen
    assert 'href="/werkmap/sessie-1/casus/eigen/arnhem"' not in step
    shown = client.get("/werkmap/sessie-1/casus/eigen/eigen-casus")
    assert shown.status_code == 200 and 'value="Naam van je organisatie"' in shown.text
    assert client.get("/werkmap/sessie-1/casus/eigen/arnhem").status_code == 404
    form = full_form(id="iets-anders")
    answer = client.post("/werkmap/sessie-1/casus/eigen/eigen-casus", data=form,
                         follow_redirects=False)
    assert answer.status_code == 303
    case = load_content(extra_case_dirs=case_dirs(ws), only_case="eigen-casus").cases[
        "eigen-casus"]  # the short name stays
    assert case.organisatie == "Gemeente Zwolle"
    assert [p.name for p in (ws / "cases").iterdir()] == ["eigen-casus.yaml"]


def test_a_case_file_changed_by_hand_is_kept_beside_it_when_the_form_rewrites_it(inside):
    """The form writes the case as new-case writes it; what it cannot show (a comment, an
    order of one's own) is not lost: the page says so first, and the old file is kept."""
    client, ws = inside
    url = "/werkmap/sessie-1/casus/eigen/eigen-casus"
    assert client.post(url, data=full_form(), follow_redirects=False).status_code == 303
    path = ws / "cases" / "eigen-casus.yaml"
    assert "veranderd" not in client.get(url).text  # as the form wrote it: nothing to say
    by_hand = path.read_text(encoding="utf-8") + "# Nagevraagd bij team Schulden, 3 dec.\n"
    path.write_text(by_hand, encoding="utf-8")
    shown = client.get(url).text
    assert "Dit casusbestand is met de hand veranderd." in shown
    assert "cases/eigen-casus.yaml.voor-formulier" in shown
    form = full_form(titel="Bijzondere bijstand, op maat")
    assert client.post(url, data=form, follow_redirects=False).status_code == 303
    assert (ws / "cases" / "eigen-casus.yaml.voor-formulier").read_text(
        encoding="utf-8") == by_hand
    assert "Bijzondere bijstand, op maat" in path.read_text(encoding="utf-8")
    assert load_content(extra_case_dirs=case_dirs(ws), only_case="eigen-casus").cases[
        "eigen-casus"].titel == "Bijzondere bijstand, op maat"  # the copy is no case
