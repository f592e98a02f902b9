"""results import's merge, on the file `results init` writes: what a sheet says goes in, a
corrected sheet updates it, the file keeps every comment, hand edits are never lost silently.

The sheets are read from real PDFs in tests/e2e/test_results_import.py; here the fields a
sheet holds are given directly, to try many corrections quickly."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
import yaml

from codio_print.inputs.content import load_content
from codio_print.results import importer
from codio_print.results.sheets import Sheet, parse_when
from codio_print.results.template import init_text


@pytest.fixture(scope="module")
def content():
    return load_content(only_case="arnhem")


@pytest.fixture
def target(tmp_path, content) -> Path:
    path = tmp_path / "resultaten.yaml"
    path.write_text(init_text(content, "arnhem", date(2027, 3, 11), time(13, 0)),
                    encoding="utf-8")
    return path


def sheet(tmp_path: Path, kind: str, fields: dict, groep: str = "democratie", **ident) -> Path:
    """A stand-in for a PDF: read_sheet is replaced by what it would return."""
    path = tmp_path / f"{kind}-{groep}.pdf"
    path.write_bytes(b"%PDF-")
    SHEETS[path] = Sheet(path, kind, ident.get("casus", "arnhem"), "CODIO-PaD",
                         ident.get("datum", date(2027, 3, 11)), ident.get("start", "13:00"),
                         groep, fields)
    return path


SHEETS: dict[Path, Sheet] = {}


@pytest.fixture(autouse=True)
def fake_reader(monkeypatch):
    monkeypatch.setattr(importer, "read_sheet", lambda path: SHEETS[Path(path)])


def run(target, content, *files):
    return importer.import_sheets(target, list(files), lambda case: content)


ACTION = {"actie-1-actie": "Zet op de website welke gegevens we gebruiken.",
          "actie-1-waarde": "transparantie", "actie-1-mechanisme": "verantwoordingsdocumenten",
          "actie-1-eigenaar": "Team communicatie", "actie-1-termijn": "14:00",
          "actie-1-noodzaak": "hoog", "actie-1-belang": "midden"}


def comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def test_a_sheet_goes_in_and_the_comments_stay(tmp_path, target, content):
    before = target.read_text(encoding="utf-8")
    report = run(target, content, sheet(tmp_path, "handout-4", ACTION))
    text = target.read_text(encoding="utf-8")
    assert report.counts == {"new": 1, "changed": 0, "removed": 0}
    assert comments(text) == comments(before)
    action = yaml.safe_load(text)["acties"][0]
    assert action["termijn"] == "14:00"  # quoted: YAML 1.1 would read 14:00 as a number
    assert action == {"id": "A1", "actie": ACTION["actie-1-actie"], "waarde": "transparantie",
                      "mechanisme": "verantwoordingsdocumenten", "eigenaar": "Team communicatie",
                      "termijn": "14:00", "noodzaak": "hoog", "belang": "midden",
                      "groep": "democratie"}


def test_a_row_cleared_on_the_sheet_is_removed_and_the_next_section_keeps_its_header(
        tmp_path, target, content):
    before = target.read_text(encoding="utf-8")
    run(target, content, sheet(tmp_path, "handout-4", ACTION))
    cleared = sheet(tmp_path, "handout-4", {})  # nothing left on it: removes only when asked
    importer.import_sheets(target, [cleared], lambda case: content, replace=True)
    text = target.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["acties"] == []
    assert comments(text) == comments(before)
    assert "acties: []\n\n# --- Stap 4" in text


def test_values_of_a_group_follow_the_corrected_sheet(tmp_path, target, content):
    first = {"gekozen-1-waarde": "inclusie", "gekozen-1-waarom": "Ook wie offline is.",
             "gekozen-2-waarde": "transparantie", "niet-gekozen-1-waarde": "inspraak",
             "niet-gekozen-1-afweging": "Later."}
    run(target, content, sheet(tmp_path, "handout-3", first))
    corrected = {**first, "gekozen-2-waarde": "", "niet-gekozen-2-waarde": "transparantie",
                 "niet-gekozen-2-afweging": "Te veel voor nu."}
    report = run(target, content, sheet(tmp_path, "handout-3", corrected))
    got = yaml.safe_load(target.read_text(encoding="utf-8"))["waarden"]["democratie"]
    assert got["gekozen"] == [{"waarde": "inclusie", "waarom": "Ook wie offline is."}]
    assert [n["waarde"] for n in got["niet_gekozen"]] == ["inspraak", "transparantie"]
    assert report.counts == {"new": 1, "changed": 0, "removed": 1}
    assert not report.backup


def test_a_hand_edit_wins_over_the_same_sheet_and_is_kept_when_the_sheet_changes(
        tmp_path, target, content):
    run(target, content, sheet(tmp_path, "handout-4", ACTION))
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("eigenaar: Team communicatie", "eigenaar: Anna de Vries"),
                      encoding="utf-8")
    report = run(target, content, sheet(tmp_path, "handout-4", ACTION))
    assert not report.changed and "your version is kept" in report.notices[0]
    report = run(target, content, sheet(tmp_path, "handout-4", {
        **ACTION, "actie-1-eigenaar": "Afdeling Communicatie"}))
    assert report.backup and "eigenaar: Anna de Vries" in report.backup.read_text(encoding="utf-8")
    assert "eigenaar 'Anna de Vries'" in report.notices[0]
    assert report.backup.name in report.notices[0]
    assert "eigenaar: Afdeling Communicatie" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("ident, message", [
    ({"casus": "utrecht"}, "case 'utrecht', resultaten.yaml is for 'arnhem'"),
    ({"datum": date(2027, 4, 1)}, "the session of 1 april 2027 at 13:00"),
    ({"start": "09:30"}, "11 maart 2027 at 09:30, resultaten.yaml is of 11 maart 2027 at 13:00"),
])
def test_a_sheet_of_another_kit_is_refused_and_nothing_written(tmp_path, target, content,
                                                                ident, message):
    before = target.read_bytes()
    with pytest.raises(importer.InputError) as caught:
        run(target, content, sheet(tmp_path, "handout-4", ACTION, **ident))
    assert "this sheet is of another kit" in caught.value.message
    assert message in caught.value.one_line()
    assert target.read_bytes() == before


def test_a_group_the_session_does_not_have_is_refused(tmp_path, content):
    path = tmp_path / "resultaten.yaml"
    path.write_text(init_text(content, "arnhem", date(2027, 3, 11), time(13, 0),
                              {"democratie": [], "rechtsstaat": []}), encoding="utf-8")
    with pytest.raises(importer.InputError, match="group 'bestuurskracht', which this "
                                                  "session does not have"):
        run(path, content, sheet(tmp_path, "handout-4", {}, groep="bestuurskracht"))


def test_an_incomplete_action_is_one_line_naming_what_is_missing(tmp_path, target, content):
    # Stap 3c2 asks the action, its value and who does it; an empty belang or mechanism is
    # no gap (the poster decides noodzaak and belang in stap 4).
    with pytest.raises(importer.InputError) as caught:
        run(target, content, sheet(tmp_path, "handout-4", {**ACTION, "actie-1-eigenaar": "",
                                                            "actie-1-waarde": "",
                                                            "actie-1-belang": ""}))
    assert caught.value.one_line().endswith(
        "action A1 is not complete: it has no a value, no who does it ('Wie doet het?') — fill "
        "it in on the sheet (or clear the row) and import it again")


STAP_3C2 = {"actie-1-actie": "Controleer de gegevens voordat de brief verstuurd wordt.",
            "actie-1-waarde": "transparantie", "actie-1-eigenaar": "Team inkomen"}


def test_an_action_of_stap_3c2_goes_in_and_stap_4_places_it_later(tmp_path, target, content):
    from codio_print.results.load import load_results
    from codio_print.results.plan import make_plan

    run(target, content, sheet(tmp_path, "handout-4", STAP_3C2))
    action = yaml.safe_load(target.read_text(encoding="utf-8"))["acties"][0]
    assert action == {"id": "A1", "actie": STAP_3C2["actie-1-actie"], "waarde": "transparantie",
                      "eigenaar": "Team inkomen", "groep": "democratie"}
    plan = make_plan(content, load_results(target, content))
    assert [a.id for a in plan.actions] == ["A1"]  # on the plan, not yet on the grid
    assert not any(plan.grid[n][b] for n in plan.grid for b in plan.grid[n])
    # Stap 4 at the poster: noodzaak, belang and the term written in by hand …
    text = target.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines(keepends=True) if "eigenaar: Team inkomen" in x)
    indent = line[:line.index("eigenaar")]
    target.write_text(text.replace(line, line + "".join(
        f"{indent}{k}: {v}\n" for k, v in (("noodzaak", "hoog"), ("belang", "laag"),
                                           ("termijn", "voor de zomer")))), encoding="utf-8")
    # … stay when the same sheet is imported again, and when a corrected one is.
    report = run(target, content, sheet(tmp_path, "handout-4", STAP_3C2))
    assert not report.changed and not report.notices
    report = run(target, content, sheet(tmp_path, "handout-4", {
        **STAP_3C2, "actie-1-eigenaar": "Team inkomen en Team post"}))
    assert report.counts["changed"] == 1 and not report.backup and not report.notices
    action = yaml.safe_load(target.read_text(encoding="utf-8"))["acties"][0]
    assert action["eigenaar"] == "Team inkomen en Team post"
    assert (action["noodzaak"], action["belang"], action["termijn"]) == (
        "hoog", "laag", "voor de zomer")
    plan = make_plan(content, load_results(target, content))
    assert [a.id for a in plan.grid["hoog"]["laag"]] == ["A1"]


def test_the_poster_gives_stap_4_the_checklist_and_the_follow_up(tmp_path, target, content):
    run(target, content, sheet(tmp_path, "handout-5", {
        "stap4-2": "Marleen", "ander-niveau": "Geld: de raad\n\nA3 ook",
        "checklist-1": "ja", "vervolg-wanneer": "do 17-6-2027 14:00 Stadhuis, zaal Rijn",
        "vervolg-wie": "Dirk"}, groep=""))
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["stap4"]["handhaver"] == "Marleen"
    assert data["stap4"]["ander_niveau"] == ["Geld: de raad", "A3 ook"]
    assert data["checklist"][0]["klaar"] is True and data["checklist"][1]["klaar"] is False
    v = data["vervolg"]
    assert (v["datum"], v["tijd"], v["locatie"], v["wie"]) == (
        date(2027, 6, 17), "14:00", "Stadhuis, zaal Rijn", "Dirk")


@pytest.mark.parametrize("text, expected", [
    ("do 14-1-2027 14:00 Stadhuis", (date(2027, 1, 14), "14:00", "Stadhuis")),
    ("14 januari 2027 om 10.00 uur", (date(2027, 1, 14), "10:00", "")),
    ("2027-01-14, 9:30-11:00, Raadzaal", (date(2027, 1, 14), "09:30", "Raadzaal")),
    ("volgende maand", (None, None, "volgende maand")),
    ("31-2-2027", (None, None, "31-2-2027")),
])
def test_a_date_time_and_place_as_people_write_them(text, expected):
    assert parse_when(text) == expected


def test_two_imports_at_once_wait_for_each_other_and_both_are_kept(tmp_path, target, content):
    """E16: each import reads, merges and writes resultaten.yaml under a lock beside it
    (.resultaten.yaml.lock, as the kit's build/.<case>.lock): while another holds it, an
    import waits; afterwards neither group's actions are lost."""
    import fcntl
    import threading
    import time

    sheets = [sheet(tmp_path, "handout-4", ACTION, groep=g) for g in ("democratie",
                                                                      "rechtsstaat")]
    before = target.read_bytes()
    lock = open(target.with_name(".resultaten.yaml.lock"), "a+b")
    fcntl.flock(lock, fcntl.LOCK_EX)  # as another import would hold it
    errors: list[BaseException] = []

    def one(path: Path) -> None:
        try:
            run(target, content, path)
        except BaseException as exc:  # noqa: BLE001 - the test's thread reports it
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(s,)) for s in sheets]
    try:
        for t in threads:
            t.start()
        time.sleep(0.5)
        assert target.read_bytes() == before and all(t.is_alive() for t in threads)
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()
        for t in threads:
            t.join(10)
    assert errors == []
    actions = yaml.safe_load(target.read_text(encoding="utf-8"))["acties"]
    assert sorted(a["id"] for a in actions) == ["A1", "B1"]


def test_a_file_with_a_colon_in_a_text_is_imported_as_results_build_reads_it(
        tmp_path, target, content):
    """A line YAML refuses (a second colon) is read as the text it is, by the import too."""
    text = target.read_text(encoding="utf-8").replace("spanningen: []", (
        "spanningen:\n"
        "  - tussen: democratie en bestuurskracht\n"
        "    wat: Snelheid: automatisch verwerken kost persoonlijk contact."))
    target.write_text(text, encoding="utf-8")
    report = run(target, content, sheet(tmp_path, "handout-4", ACTION))
    assert report.counts["new"] == 1
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["spanningen"][0]["wat"] == ("Snelheid: automatisch verwerken kost persoonlijk "
                                            "contact.")
    assert data["acties"][0]["id"] == "A1"
