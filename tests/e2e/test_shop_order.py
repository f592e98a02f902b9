"""Issue 14, as the organiser and the print shop meet it: a workspace with a participant list,
the poster tiled for the office and the shop's details in sessie.yaml. The groups stay put
when someone signs up late; the shop's zip holds no piece with names and no tiled poster,
carries the preflight page and a complete job sheet, and `codio-print check` passes on it."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest

from kits import DATA, UTRECHT_WORKSPACE, PdfReader, run_cli
from tiny import tiny_templates, tiny_workspace
from kits import ARNHEM_BLEED_2
from helpers import edit

def _division(ws: Path) -> dict[str, str]:
    text = (ws / "groepsindeling.csv").read_text(encoding="utf-8-sig")
    return {row["naam"]: row["groep"] for row in csv.DictReader(io.StringIO(text), delimiter=";")}


@pytest.fixture(scope="module")
def workspace(kits):
    """The workspace (not to be changed: tests copy it) and what its first build said."""
    built = kits.get(UTRECHT_WORKSPACE)
    return built.workspace, built.kit.proc


@pytest.fixture(scope="module")
def kit(workspace):
    return workspace[0] / "build" / "utrecht"


@pytest.fixture(scope="module")
def bundle(kit):
    return zipfile.ZipFile(kit / "drukwerk.zip")


def test_the_shops_zip_holds_no_named_piece_and_no_tiled_poster(bundle):
    names = bundle.namelist()
    assert names == ["printopdracht.pdf", "printopdracht.csv", "printopdracht.json",
                     "preflight.pdf", "poster-democratie.pdf", "poster-rechtsstaat.pdf",
                     "poster-bestuurskracht.pdf", "flipover.pdf"]
    for named in ("naamkaartjes.pdf", "handout-2a.pdf", "draaiboek.pdf", "presentatie.pdf",
                  "handout-5.pdf"):
        assert named not in names


def test_no_participant_name_reaches_the_shop(bundle):
    with (DATA / "deelnemers-14.csv").open(encoding="utf-8-sig") as f:
        people = [row["naam"] for row in csv.DictReader(f, delimiter=";")]
    for name in bundle.namelist():
        if name.endswith(".pdf"):
            text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(bundle.read(name))).pages)
        else:
            text = bundle.read(name).decode("utf-8-sig")
        for person in people:
            assert person not in text, (name, person)


def _job_sheet_text(bundle) -> str:
    reader = PdfReader(io.BytesIO(bundle.read("printopdracht.pdf")))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_the_job_sheet_says_who_to_call_where_to_deliver_and_what_is_left_out(bundle):
    text = _job_sheet_text(bundle)
    for expected in ("Mirjam de Boer", "030 286 00 00", "m.deboer@utrecht.example",
                     "Stadsplateau 1, 3521 AZ Utrecht", "INK-2026-114", "donderdag 26 november 2026",
                     "Niet in deze opdracht"):
        assert expected in text, expected
    assert ("Op kantoor geprint, omdat er namen en functies van deelnemers op staan (die "
            "blijven binnen de organisatie): Hand-out 2 · Werkblad voor jezelf, Naamkaartjes, "
            "Draaiboek voor de begeleider.") in text
    assert "Op kantoor geprint, als tegels: Hand-out 5 · Poster actieplan." in text
    assert len(PdfReader(io.BytesIO(bundle.read("printopdracht.pdf"))).pages) == 1


def _sizes(data: bytes) -> set[float]:
    """The font sizes (pt) of the text on a PDF's pages, the running footer's too."""
    sizes = set()
    for page in PdfReader(io.BytesIO(data)).pages:

        def visit(text, cm, tm, font, size):
            if text.strip():
                sizes.add(round(size * abs(tm[3] * cm[3] or 1), 1))

        page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize("sheet", ["printopdracht.pdf", "preflight.pdf"])
def test_the_shops_pages_are_read_at_ten_points_or_more(bundle, sheet):
    sizes = _sizes(bundle.read(sheet))
    assert sizes and min(sizes) >= 10, sorted(sizes)


def test_the_preflight_page_is_in_the_zip_and_readable(bundle):
    reader = PdfReader(io.BytesIO(bundle.read("preflight.pdf")))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Alle 4 bestanden voldoen aan de controles hieronder." in text
    assert "inktdekking hoogstens 300 %" in text and "Artifex CMYK SWOP Profile" in text
    for file in ("poster-democratie.pdf", "flipover.pdf"):
        assert file in text


def test_check_passes_the_zip_and_the_unpacked_folder(kit, tmp_path):
    proc = run_cli("check", str(kit / "drukwerk.zip"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "all 7 files pass" in proc.stdout  # the zip, 4 prints, job sheet, preflight page
    folder = tmp_path / "drukwerk"
    zipfile.ZipFile(kit / "drukwerk.zip").extractall(folder)
    proc = run_cli("check", str(folder))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert run_cli("check", str(kit)).returncode == 0


def test_check_fails_a_changed_file_in_the_zip(kit, tmp_path):
    folder = tmp_path / "drukwerk"
    zipfile.ZipFile(kit / "drukwerk.zip").extractall(folder)
    shutil.copy(kit / "screen" / "flipover.pdf", folder / "flipover.pdf")
    (folder / "extra.pdf").write_bytes(b"%PDF-1.4\n")
    proc = run_cli("check", str(folder))
    assert proc.returncode == 1
    assert "FAIL drukwerk/flipover.pdf: opens: its SHA-256 differs" in proc.stderr
    assert "FAIL drukwerk/flipover.pdf: colour: no CMYK output intent" in proc.stderr
    assert "extra ['extra.pdf']" in proc.stderr


def test_a_complete_order_gives_no_note_and_the_summary_says_what_was_read(workspace):
    ws, first = workspace
    assert "note:" not in first.stderr
    out = first.stdout.splitlines()
    assert out[0] == "Participants: 14 read from deelnemers.csv"
    assert out[1] == ("  columns: naam (name), functie (role), organisatie (spread over "
                      "tables), groep (fixed group)")
    assert out[2] == "  tables: A Democratie 5, B Rechtsstaat 5, C Bestuurskracht 4"
    assert out[3].startswith("  groups: divided afresh, kept in groepsindeling.csv")
    assert any(line.startswith("To print: office (screen/) 19 files · print shop "
                               "(drukwerk.zip) 4 files, preflight passed · office as tiles "
                               "(tegels/) 1 file") for line in out)


def test_the_run_sheet_says_where_and_how_many_sheets(kit):
    text = " ".join(" ".join(p.extract_text() for p in
                             PdfReader(kit / "screen" / "draaiboek.pdf").pages).split())
    assert ("Naamkaartjes screen/naamkaartjes.pdf Kantoor 14 kaartjes, 1 per vel: 14 vellen "
            "A4, enkelzijdig") in text  # one file of 14 cards: no "1×"
    assert ("screen/handout-2a.pdf, 2b.pdf, 2c.pdf Kantoor een vel per deelnemer en 1 reserve "
            "per groep: 17 vellen A4, dubbelzijdig") in text
    assert "Hand-out 5 · Poster actieplan tegels/handout-5-a3.pdf Kantoor, als tegels" in text
    assert "Presentatie screen/presentatie.pdf Niet printen op de beamer" in text


def test_a_late_sign_up_moves_no_one_else_and_the_summary_names_them(workspace, tmp_path):
    """The issue's test: one name added to a 14-person list; rebuilt, at most one other
    person changes table (here: none, a table had room). (On a copy of the workspace and its
    kit, the pieces but the name cards made tiny: tiny.py.)"""
    ws = tmp_path / "ws"
    shutil.copytree(workspace[0], ws, symlinks=True)
    tiny_templates(ws / "templates")
    kit = ws / "build" / "utrecht"
    before = _division(ws)
    assert len(before) == 14
    with (ws / "deelnemers.csv").open("a", encoding="utf-8") as f:
        f.write("Femke de Groot;inwoner;;\n")
    proc = run_cli("build", cwd=ws, check=True)
    after = _division(ws)
    assert len(after) == 15
    changed = [name for name in before if after[name] != before[name]]
    assert len(changed) <= 1 and changed == []
    assert f"  groups: as in groepsindeling.csv; new: Femke de Groot ({after['Femke de Groot']})" \
        in proc.stdout.splitlines()
    cards = " ".join(p.extract_text() for p in
                     PdfReader(kit / "screen" / "naamkaartjes.pdf").pages)
    assert "Femke de Groot" in cards


def test_a_shop_that_asks_two_millimetres_bleed_gets_it(build_kit):
    """--bleed 2: the pages whose colour runs to the edge have 2 mm on every side, the job
    sheet says so, and check passes the zip against 2 mm."""
    kit = build_kit(ARNHEM_BLEED_2)
    page = PdfReader(kit.pdf("naamkaartjes", "print")).pages[0]
    trim, bleed = page.trimbox, page.bleedbox
    margins = [float(trim.left) - float(bleed.left), float(bleed.right) - float(trim.right),
               float(trim.bottom) - float(bleed.bottom), float(bleed.top) - float(trim.top)]
    assert [round(m * 25.4 / 72, 1) for m in margins] == [2.0] * 4
    bundle = zipfile.ZipFile(kit.folder / "drukwerk.zip")
    rows = {r["bestand"]: r for r in csv.DictReader(
        io.StringIO(bundle.read("printopdracht.csv").decode("utf-8-sig")), delimiter=";")}
    assert rows["naamkaartjes.pdf"]["afloop"] == "2 mm rondom"
    assert "Afloop: 2 mm rondom" in _job_sheet_text(bundle)
    proc = run_cli("check", str(kit.folder / "drukwerk.zip"))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _card_group(kit: Path, name: str) -> str:
    """The group on a person's name card: 'Groep B Rechtsstaat' -> 'B'."""
    for page in PdfReader(kit / "screen" / "naamkaartjes.pdf").pages:
        text = page.extract_text()
        if text.startswith(name):
            return text.split("Groep ", 1)[1][0]
    raise AssertionError(f"no card for {name}")


def test_moving_someone_in_the_division_file_reaches_their_name_card(tmp_path):
    """The organiser edits groepsindeling.csv: the next build (the same command, which a
    build with nothing to do answers at once) sees it and prints the new table. (The other
    pieces tiny: tiny.py.)"""
    ws = tmp_path / "ws"
    tiny_workspace(ws)  # screen
    shutil.copy(DATA / "deelnemers-14.csv", ws / "deelnemers.csv")
    edit(ws / "sessie.yaml", ("casus: eigen-casus", "casus: utrecht"),
         ("deelnemers: 12", "deelnemers: deelnemers.csv"))
    run_cli("build", cwd=ws, check=True)
    again = run_cli("build", cwd=ws, check=True)
    assert "; 0 rendered" in again.stdout
    kit = ws / "build" / "utrecht"
    before = _division(ws)
    a = next(n for n, g in before.items() if g == "A" and n != "Maria-Louisa van den "
             "Heuvel-Oppenoorth")  # she is fixed to A in the list
    b = next(n for n, g in before.items() if g == "B" and n != "Zoë Jansen-Çelik")
    assert (_card_group(kit, a), _card_group(kit, b)) == ("A", "B")
    path = ws / "groepsindeling.csv"
    text = path.read_text(encoding="utf-8-sig")
    text = text.replace(f"A;{a};", f"B;{a};").replace(f"B;{b};", f"A;{b};")
    path.write_text("\ufeff" + text, encoding="utf-8")
    moved = run_cli("build", cwd=ws, check=True)
    assert "  groups: as in groepsindeling.csv, no changes" in moved.stdout.splitlines()
    assert "; 0 rendered" not in moved.stdout
    assert (_card_group(kit, a), _card_group(kit, b)) == ("B", "A")
