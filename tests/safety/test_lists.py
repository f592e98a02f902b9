"""E18: a participant list carries no control characters onto the name cards, into the
division file or into the slides: they are removed from every cell, and a warning names
the lines and the characters."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from codio_print.errors import InputError
from codio_print.inputs.controls import CONTROLS
from codio_print.inputs.participants import group_spellings, read_participants

FUNDAMENTEN = group_spellings([
    SimpleNamespace(id="democratie", naam="Democratie", letter="a"),
    SimpleNamespace(id="rechtsstaat", naam="Rechtsstaat", letter="b"),
    SimpleNamespace(id="bestuurskracht", naam="Bestuurskracht", letter="c"),
])

LIST = ("naam;functie\n"
        "Jan de Vries;beleidsmedewerker\n"
        "Ayşe\x07 Yılmaz;inwoner\n"                          # BEL
        "Piet\x1b[31m Jansen;jurist\n"                        # ESC and a colour
        "\u202eAnna Bakker;\u2066data-analist\u2069\n"        # bidi override and isolate
        "Mo\u200f Ali;privacy officer\n")                     # right-to-left mark


def test_control_characters_in_a_list_are_removed_and_named(tmp_path):
    path = tmp_path / "deelnemers.csv"
    path.write_text(LIST, encoding="utf-8")
    plist = read_participants(path, FUNDAMENTEN)
    names = [p.name for p in plist.participants]
    assert names == ["Jan de Vries", "Ayşe Yılmaz", "Piet[31m Jansen", "Anna Bakker", "Mo Ali"]
    assert not any(CONTROLS.search(p.name + p.role) for p in plist.participants)
    assert plist.participants[3].role == "data-analist"
    assert plist.warnings == [
        f"{path}:3: removed control characters from lines 3, 4, 5 and 6 (U+0007, U+001B, "
        "U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 LEFT-TO-RIGHT ISOLATE, U+2069 POP "
        "DIRECTIONAL ISOLATE, U+200F RIGHT-TO-LEFT MARK) — they change how a name is "
        "shown, not what it says; check the names on those lines"]


def test_a_nul_in_a_list_is_refused_as_a_binary_file(tmp_path):
    path = tmp_path / "deelnemers.csv"
    path.write_text(LIST.replace("Jan de", "Jan\x00 de"), encoding="utf-8")
    with pytest.raises(InputError, match="not a table: this is a binary file"):
        read_participants(path, FUNDAMENTEN)


# ---- crafted workbooks (issue 23 item 2) --------------------------------------------------
# Each is refused in one line (or, with a false dimension only, read as the list it is)
# within 2 s and 200 MB: run in a child process with that deadline and memory limit.

import time  # noqa: E402
import zipfile  # noqa: E402

import openpyxl  # noqa: E402

from hostile import bounded  # noqa: E402

SHEET = "xl/worksheets/sheet1.xml"


def _book(path, *, sheet_xml: bytes | None = None, extra: dict[str, bytes] | None = None,
          compression=zipfile.ZIP_DEFLATED):
    """A workbook of 14 people, made with openpyxl, then with its sheet or parts replaced."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Antwoorden"
    ws.append(["Naam", "Functie"])
    for i in range(14):
        ws.append([f"Persoon {i}", "jurist" if i % 2 else "inwoner"])
    book.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    if sheet_xml is not None:
        parts[SHEET] = sheet_xml
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _sheet(rows: bytes, dimension: bytes = b"A1:B15") -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
            b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="'
            + dimension + b'"/><sheetData>' + rows + b"</sheetData></worksheet>")


def _cells(first: int, last: int) -> bytes:
    return b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Persoon %d</t></is></c></row>'
                    % (r, r, r) for r in range(first, last + 1))


HEADER_ROW = b'<row r="1"><c r="A1" t="inlineStr"><is><t>naam</t></is></c></row>'


def _read(path):
    def reader():
        started = time.perf_counter()
        try:
            plist = read_participants(path, FUNDAMENTEN)
        finally:
            if time.perf_counter() - started > 2:
                raise TimeoutError("took more than 2 s")
        return f"{len(plist)} people"
    return bounded(reader, seconds=2, memory=200 << 20)


def _refused(path, *words):
    outcome = _read(path)
    assert outcome.status == "raised", outcome
    assert outcome.text.startswith("InputError: ") and "\n" not in outcome.text, outcome
    for word in words:
        assert word in outcome.text, outcome
    return outcome.text


def test_a_zip_bomb_is_refused_by_its_size_before_it_is_unpacked(tmp_path):
    path = tmp_path / "deelnemers.xlsx"
    with zipfile.ZipFile(_book(path), "a", zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            for _ in range(80):  # 80 MB of spaces, 0.1 MB packed
                part.write(chunk)
    assert path.stat().st_size < 5 << 20
    _refused(path, "cannot be read safely", "unpacks to")


def test_a_part_packed_a_thousand_times_is_refused(tmp_path):
    rows = HEADER_ROW + _cells(2, 15) + b" " * (6 << 20)
    path = _book(tmp_path / "deelnemers.xlsx", sheet_xml=_sheet(rows))
    _refused(path, "packed", "zip bomb")


def test_a_false_dimension_is_not_believed(tmp_path):
    path = _book(tmp_path / "deelnemers.xlsx",
                 sheet_xml=_sheet(HEADER_ROW + _cells(2, 15), b"A1:XFD1048576"))
    outcome = _read(path)
    assert (outcome.status, outcome.text) == ("returned", "14 people")
    far = HEADER_ROW + _cells(2, 15) + _cells(1048576, 1048576)
    path = _book(tmp_path / "verder.xlsx", sheet_xml=_sheet(far, b"A1:XFD1048576"))
    _refused(path, "sheet Antwoorden", "past row 1000")


def test_a_million_empty_rows_are_refused_at_the_cap(tmp_path):
    empty = b"".join(b'<row r="%d"/>' % r for r in range(16, 1_000_016))
    path = _book(tmp_path / "deelnemers.xlsx", sheet_xml=_sheet(HEADER_ROW + _cells(2, 15)
                                                                 + empty))
    assert path.stat().st_size < 5 << 20
    text = _refused(path, "past row 1000")
    assert "deelnemers.xlsx, sheet" in text


def test_a_cell_far_to_the_right_and_an_entity_are_refused(tmp_path):
    wide = HEADER_ROW.replace(b"</row>", b'<c r="GS1" t="inlineStr"><is><t>x</t></is></c></row>')
    _refused(_book(tmp_path / "breed.xlsx", sheet_xml=_sheet(wide + _cells(2, 15))),
             "more than 200 columns", "row 1")
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
              b'"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><worksheet xmlns="http:'
              b'//schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
              b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
              b'</sheetData></worksheet>')
    _refused(_book(tmp_path / "lol.xlsx", sheet_xml=laughs), "DOCTYPE")


def test_parts_a_list_does_not_need_are_never_read(tmp_path):
    """A macro or an external link rides along unread: only the cells' parts are opened."""
    path = _book(tmp_path / "deelnemers.xlsx",
                 extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 100,
                        "xl/externalLinks/externalLink1.xml": b"<not even xml"})
    assert _read(path).text == "14 people"


def test_a_part_that_lies_about_its_size_is_not_unpacked_past_it(tmp_path):
    """The zip says 1 kB, the data unpacks to 80 MB: reading stops at the size it claims."""
    import struct

    path = tmp_path / "deelnemers.xlsx"
    with zipfile.ZipFile(_book(path), "a", zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/worksheets/sheet2.xml", "w", force_zip64=False) as part:
            for _ in range(80):
                part.write(b" " * (1 << 20))
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet2.xml"
    central = data.rindex(name) - 46  # the central directory's record: it is believed
    assert data[central:central + 4] == b"PK\x01\x02"
    struct.pack_into("<I", data, central + 24, 1000)
    path.write_bytes(bytes(data))
    _refused(path, "cannot be unpacked")


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "outside"])
def test_a_hostile_division_in_the_kit_folder_is_refused_in_one_line(tmp_path, kind):
    """Outside a workspace the division lies with the kit (issue 23 item 8): one there that is
    a pipe, a device or a link to a file elsewhere is neither read nor replaced."""
    import shutil

    from hostile import SECRET, make
    from codio_print.inputs.content import load_content
    from codio_print.inputs.settings import resolve
    from codio_print.kit.session import make_session
    from kits import DATA

    shutil.copy(DATA / "deelnemers-14.csv", tmp_path / "deelnemers.csv")
    settings = resolve(None, case="arnhem", participants=str(tmp_path / "deelnemers.csv"),
                       out=tmp_path / "build")
    settings.division_file.parent.mkdir(parents=True)
    settings.division_file.write_text(f"groep;naam\nA;{SECRET}\n", encoding="utf-8")
    make(settings.division_file, kind, tmp_path / "elders" / "groepsindeling.csv")
    content = load_content(only_case="arnhem")
    outcome = bounded(lambda: make_session(content, settings.participants, settings.start,
                                           settings.date, division=settings.division_file))
    assert outcome.status == "raised" and "\n" not in outcome.text, outcome
    assert "groepsindeling.csv: is not a plain file" in outcome.text, outcome
    assert SECRET not in outcome.text


def test_a_part_that_lies_about_its_size_takes_no_memory_to_refuse(tmp_path):
    """The 80 MB part that says 1 kB is refused in small steps: asked for all of it, zlib
    first made room for what it unpacks to (189 MB at the peak), and under the reader's
    memory bound that was a MemoryError now and then instead of the one line."""
    import struct
    import tracemalloc

    from codio_print.errors import InputError
    from codio_print.inputs.workbook import needed_parts

    path = tmp_path / "deelnemers.xlsx"
    with zipfile.ZipFile(_book(path), "a", zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/worksheets/sheet2.xml", "w", force_zip64=False) as part:
            for _ in range(80):
                part.write(b" " * (1 << 20))
    data = bytearray(path.read_bytes())
    central = data.rindex(b"xl/worksheets/sheet2.xml") - 46
    struct.pack_into("<I", data, central + 24, 1000)
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="sheet2.xml"):
            needed_parts(bytes(data), "deelnemers.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20, f"{peak >> 20} MB"
