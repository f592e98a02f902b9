"""Stable groups (issue 14): the division kept in groepsindeling.csv, a late sign-up or a
cancellation moves at most one other person, --regroup divides afresh; and what the reader
reports about the list (columns used and ignored, names twice, rows skipped)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from codio_print.errors import InputError
from codio_print.inputs import division as groepsindeling
from codio_print.inputs.division import divide
from codio_print.inputs.participants import group_spellings, read_participants
from codio_print.printshop.csvcells import excel_csv

DATA = Path(__file__).resolve().parents[1] / "data"
IDS = ["democratie", "rechtsstaat", "bestuurskracht"]
FUNDAMENTEN = [SimpleNamespace(id="democratie", naam="Democratie", letter="a"),
               SimpleNamespace(id="rechtsstaat", naam="Rechtsstaat", letter="b"),
               SimpleNamespace(id="bestuurskracht", naam="Bestuurskracht", letter="c")]
SPELLINGS = group_spellings(FUNDAMENTEN)
LETTERS = {f.id: f.letter for f in FUNDAMENTEN}
FOURTEEN = (DATA / "deelnemers-14.csv").read_text(encoding="utf-8-sig")


def build(folder: Path, text: str, *, regroup: bool = False) -> groepsindeling.Division:
    """What a build does: read the list, divide it (kept from the file if there is one) and
    write the file back."""
    path = folder / "deelnemers.csv"
    path.write_text(text, encoding="utf-8")
    plist = read_participants(path, SPELLINGS)
    kit = folder / "build" / "arnhem"  # kept with the kit, not beside the list (item 8)
    kit.mkdir(parents=True, exist_ok=True)
    division = groepsindeling.divide_kept(plist, IDS, groepsindeling.division_path(None, kit), SPELLINGS,
                                    regroup=regroup)
    division.path.write_text(excel_csv(groepsindeling.rows(division, plist, LETTERS)),
                             encoding="utf-8")
    return division


def kept(folder: Path) -> Path:
    """The division file of a build in ``folder`` without a workspace: with the kit."""
    (folder / "build" / "arnhem").mkdir(parents=True, exist_ok=True)
    return folder / "build" / "arnhem" / groepsindeling.DIVISION_FILE


def tables(division: groepsindeling.Division) -> dict[str, str]:
    return {p.name: g.fundament for g in division.groups for p in g.members}


def moved(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return [name for name in before if name in after and after[name] != before[name]]


def sizes(division) -> list[int]:
    return [g.size for g in division.groups]


def test_a_late_sign_up_to_fourteen_moves_no_one_else(tmp_path):
    first = tables(build(tmp_path, FOURTEEN))
    second = build(tmp_path, FOURTEEN + "Femke de Groot;inwoner;;\n")
    after = tables(second)
    assert len(after) == 15 and moved(first, after) == []
    assert [name for name, _ in second.newcomers] == ["Femke de Groot"]
    assert sorted(sizes(second)) == [5, 5, 5]


def test_a_cancellation_moves_at_most_one_other_person(tmp_path):
    first = tables(build(tmp_path, FOURTEEN))
    for gone in ("Ayşe Yılmaz", "王小明", "Chidi Okonkwo"):
        lines = [ln for ln in FOURTEEN.splitlines() if not ln.startswith(gone)]
        folder = tmp_path / f"without-{len(lines)}-{ord(gone[0])}"
        folder.mkdir()
        kept(folder).write_bytes(kept(tmp_path).read_bytes())
        division = build(folder, "\n".join(lines) + "\n")
        after = tables(division)
        assert len(moved(first, after)) <= 1, gone
        assert division.gone == (gone,)
        assert max(sizes(division)) - min(sizes(division)) <= 1


def test_the_division_file_opens_in_excel_and_reads_back(tmp_path):
    division = build(tmp_path, FOURTEEN)
    raw = kept(tmp_path).read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    header = raw.decode("utf-8-sig").splitlines()[0]
    assert header == "groep;naam;functie;organisatie"
    seats = groepsindeling.read_division(kept(tmp_path), SPELLINGS)
    assert {s.name: s.fundament for s in seats} == tables(division)


def test_editing_the_file_moves_people_and_the_next_build_keeps_it(tmp_path):
    build(tmp_path, FOURTEEN)
    path = kept(tmp_path)
    text = path.read_text(encoding="utf-8-sig")
    rows = text.splitlines()
    a = next(i for i, r in enumerate(rows) if r.startswith("A;") and "Maria" not in r)
    b = next(i for i, r in enumerate(rows) if r.startswith("B;") and "Zoë" not in r)
    rows[a], rows[b] = "B" + rows[a][1:], "A" + rows[b][1:]  # swap two people, Excel-style
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("utf-8"))  # Excel drops the BOM
    swapped = {r.split(";")[1]: r[0] for r in (rows[a], rows[b])}
    division = build(tmp_path, FOURTEEN)
    got = tables(division)
    for name, letter in swapped.items():
        assert got[name] == {"A": "democratie", "B": "rechtsstaat"}[letter]
    assert division.moved == () and division.newcomers == ()


def test_regroup_divides_afresh(tmp_path):
    build(tmp_path, FOURTEEN)
    path = kept(tmp_path)
    rows = path.read_text(encoding="utf-8-sig").splitlines()
    path.write_text("\n".join(rows[:1] + ["C" + r[1:] if r[0] == "A" and "Maria" not in r
                                          else r for r in rows[1:]]) + "\n", encoding="utf-8")
    division = build(tmp_path, FOURTEEN, regroup=True)
    fresh = divide(read_participants(tmp_path / "deelnemers.csv", SPELLINGS), IDS)
    assert division.source == "regroup" and division.groups == fresh


def test_a_fixed_group_in_the_list_wins_over_the_file(tmp_path):
    first = tables(build(tmp_path, FOURTEEN))
    target = next(fid for fid in IDS if fid != first["Jan de Vries"] and fid != "democratie")
    letter = {"rechtsstaat": "b", "bestuurskracht": "c"}[target]
    text = FOURTEEN.replace("Jan de Vries;beleidsmedewerker;Gemeente Utrecht;",
                            f"Jan de Vries;beleidsmedewerker;Gemeente Utrecht;{letter}")
    division = build(tmp_path, text)
    assert tables(division)["Jan de Vries"] == target
    assert [m.name for m in division.moved if m.why == "groep in the list"] == ["Jan de Vries"]


def test_an_unknown_group_in_the_file_names_its_line(tmp_path):
    build(tmp_path, FOURTEEN)
    path = kept(tmp_path)
    rows = path.read_text(encoding="utf-8-sig").splitlines()
    rows[3] = "D" + rows[3][1:]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        build(tmp_path, FOURTEEN)
    line = info.value.one_line()
    assert f"{groepsindeling.DIVISION_FILE}:4: unknown group 'D'" in line and "A, B, C" in line


def test_names_written_formula_safe_are_matched_again(tmp_path):
    text = "naam;functie\n=Anna;inwoner\n+Bram;jurist\nCees;beleid\nDirk;inwoner\n"
    first = tables(build(tmp_path, text))
    assert "'=Anna" in kept(tmp_path).read_text(encoding="utf-8-sig")
    again = build(tmp_path, text + "Eva;jurist\n")
    assert moved(first, tables(again)) == [] and [n for n, _ in again.newcomers] == ["Eva"]


def test_two_people_with_one_name_keep_their_own_tables(tmp_path):
    text = ("naam;functie\nJan;inwoner\nPiet;jurist\nJan;beleid\nKlaas;inwoner\nMien;jurist\n"
            "Anna;beleid\n")
    first = build(tmp_path, text)
    jans = [g.fundament for g in first.groups for p in g.members if p.name == "Jan"]
    again = build(tmp_path, text + "Eva;data\n")
    assert [g.fundament for g in again.groups for p in g.members if p.name == "Jan"] == jans


# ---- what was read ------------------------------------------------------------------------

def test_extra_columns_spread_people_and_contact_columns_are_ignored(tmp_path):
    rows = "".join(f"P{i};beleid;{'Belastingen' if i < 3 else 'KCC' if i < 6 else 'Wijk'};"
                   f"p{i}@example.nl;;\n" for i in range(9))
    path = tmp_path / "lijst.csv"
    path.write_text("Naam;Functie;Afdeling;E-mail;Opmerking;\n" + rows, encoding="utf-8")
    plist = read_participants(path, SPELLINGS)
    uses = {c.header: (c.use, c.why) for c in plist.columns}
    assert uses == {"Naam": ("name", ""), "Functie": ("role", ""), "Afdeling": ("spread", ""),
                    "E-mail": ("ignored", "contact details"),
                    "Opmerking": ("ignored", "empty")}
    for g in divide(plist, IDS):  # one of each afdeling at every table
        assert sorted(p.extra[0] for p in g.members) == ["Belastingen", "KCC", "Wijk"]


def test_a_column_where_every_value_differs_is_ignored(tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_text("naam;personeelsnummer\nA;101\nB;102\nC;103\n", encoding="utf-8")
    plist = read_participants(path, SPELLINGS)
    assert [(c.header, c.use, c.why) for c in plist.columns] == [
        ("naam", "name", ""), ("personeelsnummer", "ignored", "every value differs")]


def test_empty_rows_and_a_repeated_header_are_skipped_and_said(tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_text("naam;functie\nA;x\n;\nB;y\nnaam;functie\nC;z\n;\n;\n", encoding="utf-8")
    plist = read_participants(path, SPELLINGS)
    assert [p.name for p in plist.participants] == ["A", "B", "C"]
    assert plist.skipped == ((3, "empty"), (5, "the header line again"))  # not the tail


# ---- at most one other person, whatever the list ------------------------------------------

ROLES = ["inwoner", "beleid", "jurist", "data", "privacy", ""]
ORGS = ["Utrecht", "Zeist", ""]


@st.composite
def lists(draw):
    n = draw(st.integers(min_value=4, max_value=24))
    people = [(f"P{i}", draw(st.sampled_from(ROLES)), draw(st.sampled_from(ORGS)))
              for i in range(n)]
    return people


def _csv(people, fixed: dict[str, str]) -> str:
    return "naam;functie;organisatie;groep\n" + "".join(
        f"{n};{r};{o};{fixed.get(n, '')}\n" for n, r, o in people)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=lists(), change=st.sampled_from(["add", "cancel"]), where=st.integers(0, 100),
       fix_first=st.booleans())
def test_one_change_moves_at_most_one_other_person(tmp_path_factory, people, change, where,
                                                   fix_first):
    folder = tmp_path_factory.mktemp("g")
    fixed = {people[0][0]: "a"} if fix_first else {}
    first = tables(build(folder, _csv(people, fixed)))
    if change == "add":
        changed = people[:]
        changed.insert(where % (len(people) + 1), ("Nieuw", ROLES[where % len(ROLES)], ""))
    else:
        changed = [p for i, p in enumerate(people) if i != where % len(people)]
    division = build(folder, _csv(changed, fixed))
    after = tables(division)
    assert len(moved(first, after)) <= 1
    assert max(sizes(division)) - min(sizes(division)) <= 1
    if fix_first and people[0][0] in after:
        assert after[people[0][0]] == "democratie"


# ---- the build's summary of the list ------------------------------------------------------

def test_the_summary_says_what_was_read_and_how_it_was_divided(tmp_path):
    from datetime import time

    from codio_print.builder.report import people_of
    from codio_print.cli.summary import people
    from codio_print.inputs.content import load_content
    from codio_print.kit.session import make_session

    content = load_content(only_case="arnhem")
    path = tmp_path / "deelnemers.csv"
    path.write_text("Naam;Functie;Afdeling;E-mail\nAnna;inwoner;KCC;a@x.nl\n;;;\n"
                    "Bram;jurist;KCC;b@x.nl\nAnna;beleid;Belastingen;c@x.nl\n"
                    "Naam;Functie;Afdeling;E-mail\nDirk;inwoner;Belastingen;d@x.nl\n",
                    encoding="utf-8")
    division = tmp_path / groepsindeling.DIVISION_FILE
    session = make_session(content, path, time(9, 30), None, division=division)
    lines = people(people_of(session, content))
    assert lines[0] == f"Participants: 4 read from {path}"
    assert lines[1] == ("  columns: Naam (name), Functie (role), Afdeling (spread over tables); "
                        "ignored: E-mail (contact details)")
    assert lines[2].startswith("  tables: A Democratie 2, B Rechtsstaat 1, C Bestuurskracht 1")
    assert lines[3].startswith("  groups: divided afresh, kept in ")
    assert lines[4] == ("  names twice: Anna (lines 2 and 5) — allowed, but check it is not one "
                        "person twice")
    assert lines[5] == "  skipped: line 3 (empty), line 6 (the header line again)"
    assert people(people_of(make_session(content, 12, time(9, 30), None), content)) == []
