"""Registration-form exports read as people mean them (issue 23 item 3, review 12b problems 1
and 15): of the columns whose header says naam/name or functie/rol/role the one with the most
different names is taken and the summary says why; a name column of "anonymous" stops the
build in one line; remarks, diets, e-mail, phones and addresses never spread people and
reach no output."""

from __future__ import annotations

from datetime import time
from types import SimpleNamespace

import pytest

import forms
from codio_print.errors import InputError
from codio_print.inputs import division as groepsindeling
from codio_print.inputs.division import divide
from codio_print.inputs.participants import group_spellings, read_participants
from codio_print.printshop.csvcells import excel_csv

FUNDAMENTEN = [SimpleNamespace(id="democratie", naam="Democratie", letter="a"),
               SimpleNamespace(id="rechtsstaat", naam="Rechtsstaat", letter="b"),
               SimpleNamespace(id="bestuurskracht", naam="Bestuurskracht", letter="c")]
SPELLINGS = group_spellings(FUNDAMENTEN)
IDS = [f.id for f in FUNDAMENTEN]


@pytest.fixture(params=["csv", "xlsx"])
def write(request, tmp_path):
    """Writes the export (with the given columns) as CSV or as .xlsx."""
    def writer(header=forms.HEADER):
        path = tmp_path / f"aanmeldingen-forms.{request.param}"
        return (forms.write_csv if request.param == "csv" else forms.write_xlsx)(path, header)
    return writer


def test_the_real_names_and_roles_are_taken_and_the_remarks_are_not(write):
    plist = read_participants(write(), SPELLINGS)
    assert [p.name for p in plist.participants] == forms.NAMES
    assert [p.role for p in plist.participants] == [p[1] for p in forms.PEOPLE]
    uses = {c.header: (c.use, c.why) for c in plist.columns}
    assert uses["Wat is uw naam?"] == ("name", "14 different names; Naam has 1")
    assert uses["Naam"] == ("ignored", "another column holds the names")
    assert uses["Wat is uw functie?"][0] == "role"
    assert uses["Bij welke afdeling werkt u?"] == ("spread", "")
    assert uses["Dieetwensen of opmerkingen"] == ("ignored", "remarks, diet or wishes: personal")
    assert uses["E-mail"] == ("ignored", "contact details")
    for header in ("Id", "Begintijd", "Tijd van voltooien"):
        assert uses[header][0] == "ignored"
    # The remarks are kept nowhere: not on a person, not in groepsindeling.csv.
    kept = repr(plist.participants) + excel_csv(groepsindeling.rows(
        groepsindeling.Division(divide(plist, IDS), "new", None), plist,
        {f.id: f.letter for f in FUNDAMENTEN}))
    assert not [diet for diet in forms.DIETS if diet in kept]
    assert "anonymous" not in kept and "Sociaal Domein" in kept


def test_a_list_whose_only_name_column_is_anonymous_stops_in_one_line(write):
    header = [h for h in forms.HEADER if h != "Wat is uw naam?"]
    with pytest.raises(InputError) as info:
        read_participants(write(header), SPELLINGS)
    line = info.value.one_line()
    assert "\n" not in line and info.value.key == "Naam"
    assert "the name column 'Naam' holds 'anonymous' 14 times out of 14" in line
    assert "aanmeldingen-forms." in line


def test_the_stop_names_the_column_that_holds_the_names(tmp_path):
    header = ["Wie bent u?" if h == "Wat is uw naam?" else h for h in forms.HEADER]
    path = forms.write_csv(tmp_path / "lijst.csv", forms.HEADER)
    path.write_text(path.read_text(encoding="utf-8-sig").replace("Wat is uw naam?",
                                                                 header[5]), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_participants(path, SPELLINGS)
    assert "the names seem to be in the column 'Wie bent u?'" in info.value.fix


def test_personal_columns_are_known_by_their_values_too(tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_text("naam;bereikbaar;contact;team\n" + "".join(
        f"P{i};06-1234567{i};p{i}@example.nl;{'AB'[i % 2]}\n" for i in range(6)),
        encoding="utf-8")
    uses = {c.header: c.why for c in read_participants(path, SPELLINGS).columns}
    assert uses["bereikbaar"] == "holds phone numbers"
    assert uses["contact"] == "holds e-mail addresses"


def test_the_summary_says_which_name_column_was_taken_and_what_was_ignored(tmp_path):
    from codio_print.builder.report import people_of
    from codio_print.cli.summary import people
    from codio_print.inputs.content import load_content
    from codio_print.kit.session import make_session

    content = load_content(only_case="arnhem")
    path = forms.write_xlsx(tmp_path / "aanmeldingen.xlsx")
    session = make_session(content, path, time(13, 0), None,
                           division=tmp_path / groepsindeling.DIVISION_FILE)
    columns = people(people_of(session, content))[1]
    assert "Wat is uw naam? (name: 14 different names; Naam has 1)" in columns
    assert "Wat is uw functie? (role)" in columns
    assert "Dieetwensen of opmerkingen (remarks, diet or wishes: personal)" in columns
    assert "Naam (another column holds the names)" in columns


def test_first_and_last_names_win_over_a_column_that_only_mentions_naam(tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_text("Voornaam;Achternaam;Naam organisatie\nJan;Vries;Gemeente A\n"
                    "Piet;Bakker;Gemeente A\nKees;Smit;Gemeente B\n", encoding="utf-8")
    plist = read_participants(path, SPELLINGS)
    assert [p.name for p in plist.participants] == ["Jan Vries", "Piet Bakker", "Kees Smit"]
    assert {c.header: c.use for c in plist.columns}["Naam organisatie"] == "ignored"


def test_times_never_spread_people_but_team_numbers_do(tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_text("naam;ingevuld;team\n" + "".join(
        f"P{i};20-11-2026 9:{i // 2:02d};{i % 3 + 1}\n" for i in range(6)), encoding="utf-8")
    uses = {c.header: (c.use, c.why) for c in read_participants(path, SPELLINGS).columns}
    assert uses["ingevuld"] == ("ignored", "dates or times")
    assert uses["team"] == ("spread", "")


@pytest.mark.parametrize("name", ["aanmeldingen-forms.csv", "aanmeldingen-forms.xlsx"])
def test_the_shipped_form_exports_give_the_real_names(name):
    """tests/data holds the export as files too (tests/forms.py wrote them), for a trial."""
    from kits import DATA

    plist = read_participants(DATA / name, SPELLINGS)
    assert [p.name for p in plist.participants] == forms.NAMES
    assert plist.participants[0].role == "Beleidsadviseur"


def test_a_short_list_with_one_name_three_times_is_not_stopped(tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_text("naam\nJan\nJan\nJan\nPiet\nKees\n", encoding="utf-8")
    assert len(read_participants(path, SPELLINGS)) == 5
