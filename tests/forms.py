"""A registration form's export as Microsoft Forms writes it (usability review 12b, problem
1): the form's own columns (Id, times, E-mail and Naam, both "anonymous" for a form without
sign-in), the questions as headers, and a remarks column with dietary wishes. Written as the
CSV that Excel's "CSV UTF-8" makes and as the .xlsx the form exports (dates as dates)."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from pathlib import Path

HEADER = ["Id", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", "Wat is uw naam?",
          "Wat is uw functie?", "Bij welke afdeling werkt u?", "Dieetwensen of opmerkingen"]
PEOPLE = [  # naam, functie, afdeling, dieet of opmerking
    ("Sanne de Wit", "Beleidsadviseur", "Sociaal Domein", "vegetarisch"),
    ("Hatice Demir", "Jurist", "Juridische Zaken", ""),
    ("Pieter Jansen", "Beleidsadviseur", "Financiën", "glutenvrij"),
    ("Noor El Amrani", "Klantmanager", "Sociaal Domein", ""),
    ("Bram Koster", "Jurist", "Juridische Zaken", "kom iets later (tandarts)"),
    ("Femke Bos", "Data-analist", "Informatievoorziening", ""),
    ("Kees van Dijk", "Teamleider", "Financiën", "halal"),
    ("Yvonne Smit", "Klantmanager", "Sociaal Domein", ""),
    ("Ahmed Benali", "Beleidsadviseur", "Informatievoorziening", "notenallergie"),
    ("Lotte Visser", "Privacy officer", "Juridische Zaken", ""),
    ("Ruud Mulder", "Teamleider", "Sociaal Domein", ""),
    ("Ingrid de Boer", "Data-analist", "Financiën", "lactosevrij"),
    ("Mehmet Yıldız", "Klantmanager", "Informatievoorziening", ""),
    ("Anouk Peters", "Jurist", "Sociaal Domein", "vegetarisch"),
]
NAMES = [p[0] for p in PEOPLE]
DIETS = [p[3] for p in PEOPLE if p[3]]
START = datetime(2026, 11, 20, 9, 12, 33)


def rows(header: list[str] = HEADER) -> list[list]:
    """The header and 14 rows (times as datetimes), with the columns of ``header`` only."""
    out = []
    for i, (naam, functie, afdeling, dieet) in enumerate(PEOPLE):
        begin = START + timedelta(hours=3 * i, minutes=7 * i)
        full = {"Id": i + 1, "Begintijd": begin, "Tijd van voltooien":
                begin + timedelta(minutes=2, seconds=11 * i), "E-mail": "anonymous",
                "Naam": "anonymous", "Wat is uw naam?": naam, "Wat is uw functie?": functie,
                "Bij welke afdeling werkt u?": afdeling, "Dieetwensen of opmerkingen": dieet}
        out.append([full[h] for h in header])
    return [list(header), *out]


def write_csv(path: Path, header: list[str] = HEADER) -> Path:
    """As Excel saves it as "CSV UTF-8 (comma delimited)" on a Dutch PC: ';', a BOM,
    dates as d-m-yyyy h:mm."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    for row in rows(header):
        writer.writerow([f"{v.day}-{v.month}-{v.year} {v.hour}:{v.minute:02d}"
                         if isinstance(v, datetime) else v for v in row])
    path.write_bytes(b"\xef\xbb\xbf" + text.getvalue().encode("utf-8"))
    return path


def write_xlsx(path: Path, header: list[str] = HEADER, *, sheet: str = "Form1") -> Path:
    """As the form exports it: one sheet, dates as date cells."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows(header):
        ws.append(row)
    book.save(path)
    return path
