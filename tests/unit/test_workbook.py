"""Participant lists in Excel (issue 23 item 2): an .xlsx is read as the organiser sees it
in Excel (the first sheet or --sheet, formulas as their values, dates as dates, empty rows
below the list left out), and an error names the sheet and the row."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest

from codio_print import i18n
from codio_print.errors import InputError
from codio_print.inputs.participants import group_spellings, read_participants
from codio_print.inputs.settings import resolve

FUNDAMENTEN = group_spellings([
    SimpleNamespace(id="democratie", naam="Democratie", letter="a"),
    SimpleNamespace(id="rechtsstaat", naam="Rechtsstaat", letter="b"),
    SimpleNamespace(id="bestuurskracht", naam="Bestuurskracht", letter="c"),
])


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


LIST = [["Naam", "Functie", "Groep", "Geboren"],
        ["Jan de Vries", "jurist", None, date(1980, 5, 1)],
        ["Ayşe Yılmaz", "inwoner", "b", datetime(1990, 1, 2)],
        ["Piet Bakker", "beleid", None, None],
        [None, None, None, None]]


def test_the_first_sheet_is_read_with_dates_as_iso_and_empty_rows_below_left_out(tmp_path):
    path = workbook(tmp_path / "deelnemers.xlsx", {"Antwoorden": LIST, "Blad2": [["x"]]})
    plist = read_participants(path, FUNDAMENTEN)
    assert [(p.name, p.role, p.group, p.row) for p in plist.participants] == [
        ("Jan de Vries", "jurist", None, 2), ("Ayşe Yılmaz", "inwoner", "rechtsstaat", 3),
        ("Piet Bakker", "beleid", None, 4)]
    assert plist.sheet == "Antwoorden" and plist.skipped == ()
    assert {c.header: c.use for c in plist.columns}["Geboren"] == "ignored"


def test_sheet_names_the_sheet_and_formulas_are_read_as_their_saved_values(tmp_path):
    path = workbook(tmp_path / "deelnemers.xlsx", {"Uitleg": [["Vul de lijst in"]],
                                                    "Lijst": [["naam", "functie"]]})
    # A formula as Excel saves it: the formula and its last value (openpyxl keeps no value).
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet2.xml"
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="str"><f>UPPER("x{r}")</f><v>Persoon {r}</v>'
                   f'</c><c r="B{r}" t="inlineStr"><is><t>jurist</t></is></c></row>'
                   for r in range(2, 6))
    parts[sheet] = parts[sheet].replace(b"</row></sheetData>",
                                        b"</row>" + rows.encode() + b"</sheetData>")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    plist = read_participants(path, FUNDAMENTEN, sheet="Lijst")
    assert [p.name for p in plist.participants] == [f"Persoon {r}" for r in range(2, 6)]
    assert plist.sheet == "Lijst"


def test_an_unknown_sheet_names_the_sheets_there_are(tmp_path):
    path = workbook(tmp_path / "deelnemers.xlsx", {"Antwoorden": LIST, "Blad2": [["x"]]})
    with pytest.raises(InputError) as info:
        read_participants(path, FUNDAMENTEN, sheet="Lijst")
    assert info.value.key == "--sheet"
    assert "no sheet 'Lijst'" in info.value.message and "Antwoorden, Blad2" in info.value.fix


def test_an_error_names_the_sheet_and_the_row_in_dutch_and_in_english(tmp_path):
    rows = [r[:] for r in LIST]
    rows[3][2] = "Groep Z"
    rows.insert(3, [None] * 4)  # an empty row: the bad one is row 5
    path = workbook(tmp_path / "deelnemers.xlsx", {"Antwoorden": rows})
    with pytest.raises(InputError) as info:
        read_participants(path, FUNDAMENTEN)
    assert info.value.one_line().startswith(
        f"{path}, sheet Antwoorden, row 5: unknown group 'Groep Z'")
    try:
        i18n.set_language("nl")
        with pytest.raises(InputError) as info:
            read_participants(path, FUNDAMENTEN)
    finally:
        i18n.set_language("en")
    assert info.value.one_line().startswith(f"{path}, blad Antwoorden, rij 5: ")


def test_a_workbook_of_more_than_200_people_is_refused_at_the_201st(tmp_path):
    path = workbook(tmp_path / "deelnemers.xlsx",
                    {"Blad1": [["naam"], *([f"P{i}"] for i in range(250))]})
    with pytest.raises(InputError) as info:
        read_participants(path, FUNDAMENTEN)
    assert info.value.file.endswith("sheet Blad1, row 202")
    assert info.value.message.startswith("more than 200 participants")


def test_sheet_works_from_the_command_line_and_from_sessie_yaml(tmp_path):
    settings = resolve(None, case="arnhem", participants=str(tmp_path / "l.xlsx"),
                       sheet="Antwoorden")
    assert settings.sheet == "Antwoorden" and settings.origin("sheet").option == "--sheet"
    from codio_print.inputs.workspace import load_session
    from codio_print.scaffold.workspace import init

    init(tmp_path / "ws")
    text = (tmp_path / "ws" / "sessie.yaml").read_text(encoding="utf-8")
    assert "# blad: Antwoorden" in text
    (tmp_path / "ws" / "deelnemers.xlsx").write_bytes(b"")
    text = text.replace("deelnemers: 12", "deelnemers: deelnemers.xlsx\nblad: Lijst")
    (tmp_path / "ws" / "sessie.yaml").write_text(text, encoding="utf-8")
    assert resolve(load_session(tmp_path / "ws" / "sessie.yaml")).sheet == "Lijst"


def test_sheet_with_a_csv_list_is_refused(tmp_path):
    path = tmp_path / "deelnemers.csv"
    path.write_text("naam\nA\nB\nC\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an Excel workbook"):
        read_participants(path, FUNDAMENTEN, sheet="Blad1")
