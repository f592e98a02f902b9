"""Na de workshop, the rest of the results as forms (web/resultsmore.py), in-process: the
tensions, the four questions and what goes elsewhere (stap 4), what is useful more widely
(stap 5), the checklist and the follow-up (stap 6), the parked points and what the
participants take with them (stap 7) and the session's details, each written
into resultaten.yaml in place (comments kept) and read back by the results loader; rows
added without JavaScript; a wrong value refused beside its field with nothing written.
The forms in a real browser are in tests/browser/test_serve_results_more.py."""

from __future__ import annotations

import warnings
from datetime import date, time
from pathlib import Path

import pytest

from test_web_results import PAGE, begun, comments, errors, results_of, _Form

warnings.filterwarnings("ignore", message=".*httpx2.*")

from webclient import signed_in  # noqa: E402


@pytest.fixture()
def begun_ws(tmp_path):
    """A signed-in client and a workspace whose resultaten.yaml the page made."""
    with signed_in(tmp_path / "werkmappen") as (client, ws):
        begun(client, ws)
        yield client, ws


class _Fields(_Form):
    """test_web_results' form reader, with the date, time and number fields too."""

    def handle_starttag(self, tag, attrs):
        typed = [(k, "text" if k == "type" and v in ("date", "time", "number") else v)
                 for k, v in attrs]
        super().handle_starttag(tag, typed)


def form_of(html: str, part: str) -> dict[str, str]:
    """The fields of one part's form, as a browser sends them (a ticked box only)."""
    parser = _Fields(f"{PAGE}/opslaan/{part}#{part}")
    parser.feed(html)
    return parser.values


def post(client, part: str, changes: dict, **extra):
    form = form_of(client.get(PAGE).text, part)
    form.update(changes)
    return client.post(f"{PAGE}/opslaan/{part}", data={**form, **extra},
                       follow_redirects=False)


def test_each_part_is_a_form_of_its_own_with_the_questions_of_the_poster(begun_ws):
    client, _ws = begun_ws
    html = client.get(PAGE).text
    for heading in ("Stap 4: één actieplan", "Stap 5: breder gebruiken",
                    "Stap 6: checklist en vervolg", "Stap 7: afsluiten", "De workshop zelf"):
        assert f">{heading}</h2>" in html
    for question in ("Op welke termijn pakken we de acties op?", "Wie zet de eerste stap?",
                     "Wie houdt in de gaten of de acties worden uitgevoerd?",
                     "Bij elke actie staat wie het doet."):  # a checklist point, as printed
        assert question in html
    stap4 = form_of(html, "stap4")
    assert {f"sp-{i}-wat" for i in range(3)} <= set(stap4)  # three empty rows
    assert form_of(html, "stap6")["cl-0-punt"] == "Bij elke actie staat wie het doet."
    assert form_of(html, "sessie")["sessie-start"] == "09:30"


def test_a_tension_the_answers_and_another_level_are_read_back_with_comments_kept(begun_ws):
    client, ws = begun_ws
    path = ws / "resultaten.yaml"
    before = comments(path.read_text())
    said = post(client, "stap4", {
        "sp-0-een": "democratie", "sp-0-ander": "rechtsstaat",
        "sp-0-wat": "Persoonlijk contact kost tijd: snelheid vraagt automatisch werken.",
        "sp-0-afspraak": "Wie dat wil, kan altijd iemand spreken.",
        "stap4-termijn": "Voor de zomer van 2027", "stap4-handhaver": "Fatima",
        "an-0-tekst": "Budget voor extra baliemedewerkers", "an-2-tekst": "ja"})
    assert said.status_code == 303
    assert said.headers["location"] == PAGE + "?opgeslagen=stap4#stap4"
    assert comments(path.read_text()) == before
    results = results_of(ws)
    (tension,) = results.spanningen
    assert tension.tussen == ["democratie", "rechtsstaat"]
    assert tension.wat.startswith("Persoonlijk contact kost tijd: snelheid")
    assert tension.afspraak == "Wie dat wil, kan altijd iemand spreken."
    assert (results.stap4.termijn, results.stap4.handhaver) == ("Voor de zomer van 2027",
                                                                "Fatima")
    assert results.stap4.ander_niveau == ["Budget voor extra baliemedewerkers", "ja"]
    html = client.get(PAGE + "?opgeslagen=stap4").text
    assert "Stap 4 is opgeslagen in resultaten.yaml." in html
    assert form_of(html, "stap4")["sp-0-ander"] == "rechtsstaat"
    assert form_of(html, "stap4")["sp-3-wat"] == ""  # the tension, then three empty rows

    emptied = post(client, "stap4", {"sp-0-wat": "", "sp-0-afspraak": "", "sp-0-een": "",
                                     "sp-0-ander": "", "an-0-tekst": ""})
    assert emptied.status_code == 303
    results = results_of(ws)
    assert results.spanningen == [] and results.stap4.ander_niveau == ["ja"]
    assert comments(path.read_text()) == before


def test_a_tension_written_by_hand_keeps_its_comments_when_the_form_changes_it(begun_ws):
    client, ws = begun_ws
    path = ws / "resultaten.yaml"
    path.write_text(path.read_text().replace("spanningen: []", """spanningen:
  - tussen: [democratie, bestuurskracht]  # uit het gesprek bij de poster
    wat: Contact kost tijd.
    afspraak: ''  # nog te bespreken met de teamleider"""))
    shown = form_of(client.get(PAGE).text, "stap4")
    assert (shown["sp-0-een"], shown["sp-0-ander"]) == ("democratie", "bestuurskracht")
    said = post(client, "stap4", {"sp-0-afspraak": "Wie dat wil, spreekt iemand."})
    assert said.status_code == 303
    text = path.read_text()
    assert "  - tussen: [democratie, bestuurskracht]  # uit het gesprek bij de poster" in text
    (line,) = [x for x in text.splitlines() if "spreekt iemand" in x]
    assert line.endswith("# nog te bespreken met de teamleider")
    assert results_of(ws).spanningen[0].afspraak == "Wie dat wil, spreekt iemand."


def test_a_tension_needs_two_different_groups_and_what_clashes(begun_ws):
    client, ws = begun_ws
    path = ws / "resultaten.yaml"
    before = path.read_bytes()
    said = post(client, "stap4", {"sp-0-een": "democratie", "sp-0-wat": "Iets",
                                  "sp-1-een": "democratie", "sp-1-ander": "democratie",
                                  "sp-2-een": "democratie", "sp-2-ander": "rechtsstaat",
                                  "stap4-termijn": "Snel"})
    assert said.status_code == 422
    found = errors(said.text)
    assert found == {
        "sp-0-ander": "Kies de twee groepen tussen wie deze spanning is.",
        "sp-1-ander": "Kies twee verschillende groepen: een spanning is tussen twee groepen.",
        "sp-2-wat": "Schrijf wat er botst tussen deze twee groepen."}
    assert path.read_bytes() == before
    kept = form_of(said.text, "stap4")  # what was typed is shown again
    assert (kept["sp-0-wat"], kept["stap4-termijn"]) == ("Iets", "Snel")
    assert 'href="#veld-sp-0-ander"' in said.text  # in the summary, linked to its field


def test_one_row_more_without_javascript_keeps_what_was_typed_and_saves_nothing(begun_ws):
    client, ws = begun_ws
    path = ws / "resultaten.yaml"
    before = path.read_bytes()
    said = post(client, "stap4", {"sp-2-wat": "Nog niet bewaard"}, meer="sp")
    assert said.status_code == 200 and path.read_bytes() == before
    shown = form_of(said.text, "stap4")
    assert shown["sp-2-wat"] == "Nog niet bewaard" and shown["sp-3-wat"] == ""
    assert "sp-4-wat" not in shown
    assert shown["versie"]  # and saving it then works
    saved = client.post(f"{PAGE}/opslaan/stap4", data={**shown, "sp-3-een": "democratie",
                                                       "sp-3-ander": "rechtsstaat",
                                                       "sp-3-wat": "Vierde"},
                        follow_redirects=False)
    assert saved.status_code == 422  # row 3 (the one typed before) has no groups
    assert set(errors(saved.text)) == {"sp-2-een"}


def test_wider_use_by_action_number(begun_ws):
    client, ws = begun_ws
    text = (ws / "resultaten.yaml").read_text().replace("acties: []", """acties:
  - id: A1
    actie: Zet op de website welke gegevens we gebruiken.
    waarde: transparantie
    mechanisme: verantwoordingsdocumenten
    eigenaar: Team communicatie
    noodzaak: hoog
    belang: midden
    groep: democratie""")
    (ws / "resultaten.yaml").write_text(text)
    html = client.get(PAGE).text
    assert '<option value="A1">A1: Zet op de website welke gegevens we gebruiken.</option>' \
        in html
    said = post(client, "stap5", {"br-0-actie": "A1", "br-0-tekst": "ook bij de toeslagen",
                                  "br-1-tekst": "de waarde transparantie", "br-2-actie": "A1"})
    assert said.status_code == 303
    assert results_of(ws).breder_inzetbaar == ["A1: ook bij de toeslagen",
                                               "de waarde transparantie", "A1"]
    shown = form_of(client.get(PAGE).text, "stap5")
    assert (shown["br-0-actie"], shown["br-0-tekst"]) == ("A1", "ook bij de toeslagen")
    assert (shown["br-1-actie"], shown["br-1-tekst"]) == ("", "de waarde transparantie")


def test_the_checklist_and_the_follow_up_with_its_appointment(begun_ws):
    client, ws = begun_ws
    path = ws / "resultaten.yaml"
    before = comments(path.read_text())
    said = post(client, "stap6", {
        "cl-0-klaar": "ja", "cl-2-klaar": "ja", "cl-7-punt": "De wethouder is ingelicht.",
        "cl-7-klaar": "ja", "vervolg-wie": "Fatima de Vries", "vervolg-wanneer": "2027-04-01",
        "vervolg-wat": "Een budget van het MT.", "vervolg-monitor": "De projectleider",
        "bs-0-tekst": "Hoe staat het met A1?", "bs-1-tekst": "Wie schrijft de nieuwsbrief?",
        "vervolg-datum": "2027-06-17", "vervolg-tijd": "14:00",
        "vervolg-duur_minuten": "90", "vervolg-locatie": "Stadhuis, zaal Rijn"})
    assert said.status_code == 303, errors(said.text)
    results = results_of(ws)
    assert [p.klaar for p in results.checklist] == [True, False, True, False, False, False,
                                                    False, True]
    assert results.checklist[-1].punt == "De wethouder is ingelicht."
    v = results.vervolg
    assert (v.wie, v.wat, v.wanneer, v.monitor) == ("Fatima de Vries", "Een budget van het MT.",
                                                    date(2027, 4, 1), "De projectleider")
    assert v.bespreken == ["Hoe staat het met A1?", "Wie schrijft de nieuwsbrief?"]
    assert (v.datum, v.tijd, v.duur_minuten, v.locatie) == (date(2027, 6, 17), time(14, 0), 90,
                                                            "Stadhuis, zaal Rijn")
    assert comments(path.read_text()) == before
    shown = form_of(client.get(PAGE).text, "stap6")
    assert (shown["cl-0-klaar"], shown["vervolg-tijd"], shown["vervolg-duur_minuten"]) == (
        "ja", "14:00", "90")
    assert "cl-1-klaar" not in shown  # not ticked

    untick = {k: v for k, v in shown.items() if not k.endswith("-klaar")}
    cleared = client.post(f"{PAGE}/opslaan/stap6", data={
        **untick, "vervolg-duur_minuten": "", "vervolg-datum": "", "vervolg-tijd": ""},
        follow_redirects=False)
    assert cleared.status_code == 303
    v = results_of(ws).vervolg
    assert (v.datum, v.tijd, v.duur_minuten) == (None, None, 60)
    assert not any(p.klaar for p in results_of(ws).checklist)


def test_a_wrong_date_time_or_duration_is_named_beside_its_field(begun_ws):
    client, ws = begun_ws
    path = ws / "resultaten.yaml"
    before = path.read_bytes()
    said = post(client, "stap6", {"vervolg-wanneer": "1 april", "vervolg-tijd": "25:00",
                                  "vervolg-duur_minuten": "twee uur", "cl-9-klaar": "ja"})
    assert said.status_code == 422 and path.read_bytes() == before
    assert errors(said.text) == {
        "vervolg-wanneer": "Schrijf de datum als jjjj-mm-dd, bijvoorbeeld 2027-06-17.",
        "vervolg-tijd": "Schrijf de tijd als uu:mm, bijvoorbeeld 14:00.",
        "vervolg-duur_minuten": "Schrijf de duur als een aantal minuten, tussen 1 en 480, "
                                "bijvoorbeeld 60.",
        "cl-9-punt": "Schrijf het punt bij dit vinkje, of haal het vinkje weg."}
    early = post(client, "stap6", {"vervolg-datum": "2020-01-01"})  # the loader's own check
    assert early.status_code == 422 and path.read_bytes() == before
    assert errors(early.text)["vervolg-datum"].startswith(
        "De datum van het vervolg (2020-01-01) ligt voor de sessie")


def test_the_parked_points_and_what_the_participants_take_with_them(begun_ws):
    client, ws = begun_ws
    path = ws / "resultaten.yaml"
    before = comments(path.read_text())
    said = post(client, "stap7", {"pk-0-tekst": "Wat kost het?", "pk-2-tekst": "Wie betaalt?",
                                  "rf-1-tekst": "Waarden botsen vaker dan ik dacht."})
    assert said.status_code == 303
    results = results_of(ws)
    assert results.parkeerplaats == ["Wat kost het?", "Wie betaalt?"]
    assert results.reflectie == ["Waarden botsen vaker dan ik dacht."]
    assert comments(path.read_text()) == before
    shown = form_of(client.get(PAGE).text, "stap7")
    assert (shown["pk-1-tekst"], shown["pk-4-tekst"]) == ("Wie betaalt?", "")


def test_the_session_details_and_a_missing_date(begun_ws):
    client, ws = begun_ws
    said = post(client, "sessie", {"sessie-datum": "2027-03-11", "sessie-start": "13:00",
                                   "sessie-locatie": "Stadhuis Arnhem",
                                   "sessie-begeleider": "Jan Jansen"})
    assert said.status_code == 303
    s = results_of(ws).sessie
    assert (s.datum, s.start, s.locatie, s.begeleider) == (date(2027, 3, 11), time(13, 0),
                                                           "Stadhuis Arnhem", "Jan Jansen")
    before = (ws / "resultaten.yaml").read_bytes()
    said = post(client, "sessie", {"sessie-datum": "", "sessie-start": ""})
    assert said.status_code == 422 and (ws / "resultaten.yaml").read_bytes() == before
    assert errors(said.text) == {
        "sessie-datum": "Vul de datum van de workshop in, bijvoorbeeld 2027-03-11.",
        "sessie-start": "Vul de begintijd van de workshop in, bijvoorbeeld 09:30."}


def test_a_part_form_shown_before_the_file_changed_writes_nothing(begun_ws):
    client, ws = begun_ws
    path = ws / "resultaten.yaml"
    form = form_of(client.get(PAGE).text, "stap6")
    path.write_text(path.read_text().replace('  wie: ""', '  wie: "Piet"'))
    changed = path.read_bytes()
    said = client.post(f"{PAGE}/opslaan/stap6", data={**form, "vervolg-wie": "Fatima"},
                       follow_redirects=False)
    assert said.status_code == 422 and path.read_bytes() == changed
    assert "resultaten.yaml is veranderd sinds je deze pagina opende" in said.text
    assert form_of(said.text, "stap6")["vervolg-wie"] == "Piet"  # the file as it is now
    assert client.post(f"{PAGE}/opslaan/onbekend", data=form).status_code == 404
