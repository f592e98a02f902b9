"""Participant lists (issue 4): reading the CSV, bad input, and the group division."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from codio_print.errors import InputError
from codio_print.inputs.division import divide
from codio_print.inputs.participants import (
    Participant,
    ParticipantList,
    anonymous,
    group_spellings,
    read_participants,
)

DATA = Path(__file__).resolve().parents[1] / "data"
IDS = ["democratie", "rechtsstaat", "bestuurskracht"]
FUNDAMENTEN = group_spellings([
    SimpleNamespace(id="democratie", naam="Democratie", letter="a"),
    SimpleNamespace(id="rechtsstaat", naam="Rechtsstaat", letter="b"),
    SimpleNamespace(id="bestuurskracht", naam="Bestuurskracht", letter="c"),
])


def write(tmp_path: Path, text: str, *, name: str = "deelnemers.csv",
          encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def read(path: Path) -> ParticipantList:
    return read_participants(path, FUNDAMENTEN)


def error(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        read(path)
    return info.value


def people(n: int, role: str = "") -> str:
    return "".join(f"Persoon {i};{role}\n" for i in range(1, n + 1))


# --------------------------------------------------------------------------- reading


def test_group_spellings_cover_id_name_and_letter():
    assert FUNDAMENTEN == {"democratie": "democratie", "a": "democratie",
                           "rechtsstaat": "rechtsstaat", "b": "rechtsstaat",
                           "bestuurskracht": "bestuurskracht", "c": "bestuurskracht"}


def test_semicolon_bom_dutch_headers(tmp_path):
    path = write(tmp_path, "Naam;Functie;Organisatie;Groep\r\n"
                           "Jan de Vries;beleidsmedewerker;Gemeente Utrecht;\r\n"
                           "Ayşe Yılmaz;inwoner;;b\r\n"
                           "Piet Bakker;jurist;Gemeente Zeist;\r\n",
                 encoding="utf-8-sig")
    plist = read(path)
    assert plist.source == path
    assert plist.warnings == []
    assert plist.participants == [
        Participant("Jan de Vries", "beleidsmedewerker", "Gemeente Utrecht", None, 2),
        Participant("Ayşe Yılmaz", "inwoner", "", "rechtsstaat", 3),
        Participant("Piet Bakker", "jurist", "Gemeente Zeist", None, 4),
    ]


def test_comma_english_headers(tmp_path):
    path = write(tmp_path, "name,role,organisation,group\n"
                           '"Vries, Jan de",policy officer,City of Utrecht,\n'
                           "Anna Smit,resident,,Democratie\n"
                           "Karel Appel,data analyst,\"Province, Utrecht\",\n")
    plist = read(path)
    assert [p.name for p in plist.participants] == ["Vries, Jan de", "Anna Smit", "Karel Appel"]
    assert [p.role for p in plist.participants] == ["policy officer", "resident",
                                                    "data analyst"]
    assert plist.participants[2].organisation == "Province, Utrecht"
    assert plist.participants[1].group == "democratie"


def test_cp1252_with_accents(tmp_path):
    path = write(tmp_path, "naam;rol\nRené Jansen;inwoner\nZoë de Boer;jurist\n"
                           "Noël Maréchal;privacy officer\n", encoding="cp1252")
    plist = read(path)
    assert [p.name for p in plist.participants] == ["René Jansen", "Zoë de Boer",
                                                    "Noël Maréchal"]


def test_cp1252_as_excel_writes_it_gives_no_warning(tmp_path):
    path = write(tmp_path, "naam;rol\r\nRené;inwoner\r\nZoë;jurist\r\nNoël;x\r\nPiet;y\r\n",
                 encoding="cp1252")
    plist = read(path)
    assert [p.name for p in plist.participants] == ["René", "Zoë", "Noël", "Piet"]
    assert plist.warnings == []


def test_one_windows_1252_line_in_a_utf8_file_is_read_right_and_named(tmp_path):
    path = tmp_path / "deelnemers.csv"
    path.write_bytes("naam;functie\nJosé;burger\n".encode("utf-8")
                     + "Zoë;ambtenaar\n".encode("cp1252") + b"C;y\nD;z\n")
    plist = read(path)
    assert [p.name for p in plist.participants] == ["José", "Zoë", "C", "D"]
    assert len(plist.warnings) == 1
    warning = plist.warnings[0]
    assert warning.startswith(f"{path}:3: this line was read as Windows-1252")
    assert "Windows-1252" in warning and "UTF-8" in warning and " — " in warning


def test_many_windows_1252_lines_give_one_warning_line(tmp_path):
    path = tmp_path / "deelnemers.csv"
    lines = [f"Zoë {i};jurist\n".encode("cp1252") for i in range(40)]
    path.write_bytes("naam;functie\nJosé;burger\n".encode() + b"".join(lines))
    plist = read(path)
    assert len(plist.participants) == 41 and plist.participants[-1].name == "Zoë 39"
    encoding = [w for w in plist.warnings if "Windows-1252" in w]
    assert len(encoding) == 1 and "\n" not in encoding[0]
    assert "lines 3, 4, 5" in encoding[0] and "and 30 more" in encoding[0]


def test_a_line_in_no_known_encoding_is_named(tmp_path):
    path = tmp_path / "deelnemers.csv"
    path.write_bytes("naam\nJosé\nAnna\n".encode() + b"B\x81rt\nC\n")
    err = error(path)
    assert err.line == 4 and "neither UTF-8 nor Windows-1252" in err.message


def test_utf16_tab_separated_from_excel_unicode_text(tmp_path):
    path = write(tmp_path, "naam\tfunctie\r\nAyşe\tinwoner\r\nŁukasz\tjurist\r\nMinh\tbeleid\r\n",
                 encoding="utf-16")
    assert [p.name for p in read(path).participants] == ["Ayşe", "Łukasz", "Minh"]


def test_excel_sep_line_counts_as_a_line(tmp_path):
    path = write(tmp_path, "sep=,\nnaam,functie\nA,x\n,y\nC,z\n")
    err = error(path)
    assert "deelnemers.csv:4:" in err.one_line()


def test_first_and_last_name_columns_are_joined(tmp_path):
    path = write(tmp_path, "Voornaam;Tussenvoegsel;Achternaam;Functie\n"
                           "Jan;de;Vries;beleid\nAnna;;Smit;inwoner\nMinh;;;jurist\n")
    assert [p.name for p in read(path).participants] == ["Jan de Vries", "Anna Smit", "Minh"]


def test_form_export_headers_with_markers(tmp_path):
    path = write(tmp_path, "Naam (voor het naamkaartje)*;Functie:;Groep\n"
                           "A;x;\nB;y;\nC;z;\n")
    plist = read(path)
    assert [p.role for p in plist.participants] == ["x", "y", "z"]


def test_names_in_many_scripts_are_kept_exactly():
    plist = read(DATA / "deelnemers-14.csv")
    names = [p.name for p in plist.participants]
    assert len(names) == 14
    for expected in ("Ayşe Yılmaz", "Łukasz Wójcik", "Nguyễn Thị Minh Khai",
                     "Σοφία Παπαδοπούλου", "Дмитрий Иванов", "فاطمة الزهراء", "王小明",
                     "Maria-Louisa van den Heuvel-Oppenoorth"):
        assert expected in names
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    assert plist.warnings == []


def test_decomposed_names_are_nfc_and_whitespace_is_tidied(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị")
    path = write(tmp_path, f"naam;rol\n  {decomposed}\u00a0 ;x\nB;y\nC;z\n")
    assert read(path).participants[0].name == "Nguyễn Thị"


def test_blank_lines_are_skipped_but_rows_keep_their_file_line(tmp_path):
    path = write(tmp_path, "naam;rol\nA;x\n;;\n\nB;y\nC;z\n")
    assert [p.row for p in read(path).participants] == [2, 5, 6]


def test_group_spellings_in_the_file(tmp_path):
    path = write(tmp_path, "naam;groep\nA;a\nB; C \nC;Groep B\nD;DEMOCRATIE\nE;group c\n"
                           "F;\nG;Rechtsstaat\n")
    groups = [p.group for p in read(path).participants]
    assert groups == ["democratie", "bestuurskracht", "rechtsstaat", "democratie",
                      "bestuurskracht", None, "rechtsstaat"]


# --------------------------------------------------------------------------- bad input


def test_empty_file(tmp_path):
    err = error(write(tmp_path, ""))
    assert err.one_line().startswith(f"{tmp_path / 'deelnemers.csv'}:1: the file is empty")


def test_only_blank_lines_is_empty(tmp_path):
    assert "the file is empty" in error(write(tmp_path, "\ufeff\r\n;;\r\n")).one_line()


def test_header_without_rows(tmp_path):
    line = error(write(tmp_path, "naam;functie\n")).one_line()
    assert "deelnemers.csv:2:" in line and "no participants" in line


def test_row_without_a_name(tmp_path):
    path = write(tmp_path, "naam;functie\n" + people(5, "x") + ";inwoner\n")
    line = error(path).one_line()
    assert line.endswith("deelnemers.csv:7: row has no name — fill in the naam column or "
                         "delete the row")


def test_row_without_a_name_uses_the_files_own_header(tmp_path):
    path = write(tmp_path, "Name,Role\nA,x\n,y\n")
    assert "fill in the Name column" in error(path).one_line()


def test_unknown_group(tmp_path):
    path = write(tmp_path, "naam;groep\nA;a\nB;d\nC;\n")
    line = error(path).one_line()
    assert "deelnemers.csv:3: unknown group 'd'" in line
    assert "democratie" in line and "leave the cell empty" in line


@pytest.mark.parametrize("count", [1, 2])
def test_fewer_than_three(tmp_path, count):
    line = error(write(tmp_path, "naam\n" + people(count))).one_line()
    assert f"deelnemers.csv:{count + 1}:" in line and "at least 3" in line


def test_pdf_is_not_a_table(tmp_path):
    path = tmp_path / "deelnemers.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    line = error(path).one_line()
    assert line.startswith(f"{path}:1: not a table")
    assert "naam or name" in line


def test_a_broken_zip_is_not_a_workbook(tmp_path):
    path = tmp_path / "deelnemers.xlsx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00rest of the zip")
    line = error(path).one_line()
    assert "deelnemers.xlsx: this is not an Excel workbook" in line and "CSV" in line


def test_text_without_a_name_header(tmp_path):
    path = write(tmp_path, "Beste collega's, hierbij de lijst.\nJan\nPiet\nKlaas\n",
                 name="lijst.txt")
    line = error(path).one_line()
    assert "lijst.txt:1:" in line and "no naam or name column" in line
    assert "naam or name" in line and "functie/rol/role" in line


def test_header_after_blank_lines_is_named_by_its_line(tmp_path):
    line = error(write(tmp_path, "\n\nwie;wat\nA;x\n")).one_line()
    assert "deelnemers.csv:3:" in line


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as info:
        read(tmp_path / "weg.csv")
    assert "weg.csv" in info.value.one_line() and "not found" in info.value.one_line()


def test_duplicates_are_noted_not_refused(tmp_path):
    path = write(tmp_path, "naam\nJan de Vries\nPiet\njan  de vries\nKlaas\n")
    plist = read(path)
    assert len(plist.participants) == 4
    assert plist.warnings == []  # the build's summary names them
    assert [(t.name, t.first, t.again) for t in plist.twice] == [("jan de vries", 2, 4)]


def test_more_than_thirty_is_a_warning(tmp_path):
    plist = read(write(tmp_path, "naam\n" + people(31)))
    assert len(plist.participants) == 31
    assert len(plist.warnings) == 1
    assert "deelnemers.csv:32:" in plist.warnings[0] and "9–15" in plist.warnings[0]
    assert read(write(tmp_path, "naam\n" + people(30))).warnings == []


def test_more_than_two_hundred_is_refused_at_the_201st_person(tmp_path):
    assert len(read(write(tmp_path, "naam\n" + people(200))).participants) == 200
    path = write(tmp_path, "naam\n\n" + people(201))
    err = error(path)
    # header on line 1, a blank line 2: the 201st person is on line 203
    assert (err.file, err.line) == (str(path), 203)
    assert err.message.startswith("more than 200 participants") and "split" in err.fix


def test_a_long_list_is_not_read_to_the_end(tmp_path):
    """The error comes from the 201st person, not from a broken row far below it."""
    path = write(tmp_path, "naam;groep\n" + people(10_000) + "Laatste;geen-groep\n")
    err = error(path)
    assert err.line == 202 and err.message.startswith("more than 200")


def test_a_file_of_many_megabytes_is_refused_unread(tmp_path):
    path = write(tmp_path, "naam;functie\n" + "Persoon;x\n" * 700_000)  # 7 MB
    err = error(path)
    assert err.file == str(path) and err.line is None
    assert err.message.startswith("the file is 6.7 MB") and "participant list" in err.message


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_file_is_refused_unread():
    """A device (endless) is not a file: refused before a byte is read (inputs/access.py)."""
    err = error(Path("/dev/zero"))
    assert err.message.startswith("cannot read the file: it is not a file")


def test_anonymous():
    plist = anonymous(12)
    assert plist.source is None and plist.warnings == []
    assert [p.name for p in plist.participants] == [""] * 12
    assert anonymous(31).warnings
    with pytest.raises(InputError):
        anonymous(2)
    assert len(anonymous(200).participants) == 200
    with pytest.raises(InputError) as info:
        anonymous(201)
    assert info.value.one_line().startswith("--participants 201: ")
    assert "at most 200" in info.value.one_line()


# --------------------------------------------------------------------------- division


def sizes(groups) -> list[int]:
    return [g.size for g in groups]


def test_fourteen_gives_5_5_4():
    groups = divide(read(DATA / "deelnemers-14.csv"), IDS)
    assert [g.fundament for g in groups] == IDS
    assert sorted(sizes(groups)) == [4, 5, 5]
    assert all(g.size == len(g.members) for g in groups)
    everyone = [p for g in groups for p in g.members]
    assert len(everyone) == 14 and len({p.row for p in everyone}) == 14


def test_fixed_groups_are_respected():
    groups = {g.fundament: g for g in divide(read(DATA / "deelnemers-14.csv"), IDS)}
    names = {fid: [p.name for p in g.members] for fid, g in groups.items()}
    assert "Maria-Louisa van den Heuvel-Oppenoorth" in names["democratie"]
    assert "Zoë Jansen-Çelik" in names["rechtsstaat"]


def test_roles_are_spread():
    plist = read(DATA / "deelnemers-14.csv")
    groups = divide(plist, IDS)
    for g in groups:
        roles = Counter(p.role for p in g.members)
        # 3 inwoners, 3 beleidsmedewerkers: one per group; pairs never share a group.
        assert roles["inwoner"] == 1 and roles["beleidsmedewerker"] == 1
        assert roles["data-analist"] <= 1 and roles["privacy officer"] <= 1
        assert roles["inkomensconsulent"] <= 1


def test_roles_spread_with_spelling_variants(tmp_path):
    path = write(tmp_path, "naam;rol\nA;Inwoner\nB;inwoner\nC;INWONER \nD;jurist\nE;jurist\n"
                           "F;Data-analist\nG;data analist\n")
    groups = divide(read(path), IDS)
    for g in groups:
        assert sum(p.role.strip().lower() == "inwoner" for p in g.members) == 1
        assert sum(p.role == "jurist" for p in g.members) <= 1
        assert sum("analist" in p.role.lower() for p in g.members) <= 1


def test_fixed_members_count_for_the_spread(tmp_path):
    path = write(tmp_path, "naam;rol;groep\nA;inwoner;c\nB;inwoner;\nC;inwoner;\n"
                           "D;x;\nE;y;\nF;z;\n")
    groups = divide(read(path), IDS)
    for g in groups:
        assert sum(p.role == "inwoner" for p in g.members) == 1


def test_organisations_are_mixed_when_roles_allow(tmp_path):
    path = write(tmp_path, "naam;rol;organisatie\nA;x;Utrecht\nB;y;Utrecht\nC;z;Utrecht\n"
                           "D;x;Zeist\nE;y;Zeist\nF;z;Zeist\n")
    for g in divide(read(path), IDS):
        assert sorted(p.organisation for p in g.members) == ["Utrecht", "Zeist"]


def test_members_in_file_order():
    for g in divide(read(DATA / "deelnemers-14.csv"), IDS):
        rows = [p.row for p in g.members]
        assert rows == sorted(rows)


def test_division_is_deterministic(tmp_path):
    plist = read(DATA / "deelnemers-14.csv")
    first = divide(plist, IDS)
    assert divide(read(DATA / "deelnemers-14.csv"), IDS) == first


def test_division_does_not_depend_on_hash_seed():
    code = ("from pathlib import Path; from codio_print.inputs.participants import *;"
            "from codio_print.inputs.division import divide;"
            "from types import SimpleNamespace as S;"
            "f = group_spellings([S(id='democratie', naam='D', letter='a'),"
            " S(id='rechtsstaat', naam='R', letter='b'), S(id='bestuurskracht', naam='B',"
            " letter='c')]);"
            f"p = read_participants(Path({str(DATA / 'deelnemers-14.csv')!r}), f);"
            "print([[m.row for m in g.members] for g in divide(p, "
            "['democratie', 'rechtsstaat', 'bestuurskracht'])])")
    outputs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={"PYTHONHASHSEED": seed, "PATH": "",  # the code under test:
                            **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"}}
                       ).stdout
        for seed in ("0", "1", "12345")
    }
    assert len(outputs) == 1


def test_anonymous_division_matches_group_sizes():
    from codio_print.kit.pieces import group_sizes
    for n in range(3, 32):
        groups = divide(anonymous(n), IDS)
        assert sizes(groups) == group_sizes(n)


@pytest.mark.parametrize("n", range(3, 35))
def test_sizes_differ_by_at_most_one(tmp_path, n):
    roles = ["inwoner", "beleid", "data", "privacy", "jurist"]
    rows = "".join(f"P{i};{roles[i * 7 % 5]};{'a' if i == 0 else ''}\n" for i in range(n))
    groups = divide(read(write(tmp_path, "naam;rol;groep\n" + rows)), IDS)
    assert sum(sizes(groups)) == n
    assert max(sizes(groups)) - min(sizes(groups)) <= 1


def test_fixed_groups_choose_which_groups_are_larger(tmp_path):
    # 7 people: one group of 3. Three fixed to bestuurskracht makes that the big one.
    path = write(tmp_path, "naam;groep\nA;c\nB;c\nC;c\nD;\nE;\nF;\nG;\n")
    assert sizes(divide(read(path), IDS)) == [2, 2, 3]


def test_too_many_fixed_in_one_group(tmp_path):
    path = write(tmp_path, "naam;groep\nA;a\nB;a\nC;a\nD;\nE;\nF;\n")
    with pytest.raises(InputError) as info:
        divide(read(path), IDS)
    line = info.value.one_line()
    assert "deelnemers.csv:4:" in line and "at most 2" in line and "democratie" in line


def test_too_many_large_fixed_groups(tmp_path):
    # 7 people allow one group of 3; groups a and b both have 3 fixed.
    path = write(tmp_path, "naam;groep\nA;a\nB;b\nC;a\nD;b\nE;a\nF;b\nG;\n")
    with pytest.raises(InputError) as info:
        divide(read(path), IDS)
    line = info.value.one_line()
    assert "deelnemers.csv:7:" in line and "only 1 group can have 3" in line
