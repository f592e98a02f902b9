"""Print production, checked in the real files: PDF/X-4 for the print shop, PDF/UA-1 for screens,
the shop's bundle, tiles for an office printer, the preflight command, reproducible bytes."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf.generic import ArrayObject, DictionaryObject

from codio_print.render.colour import DEFAULT_ICC, profile_name, to_cmyk
from codio_print.kit.pieces import PAGE_MM
from kits import OWN, PdfReader, run_cli
from incli import run_here
from kits import ARNHEM_SCREEN_13, SHOP_PIECES, UTRECHT_SHOP

PT_PER_MM = 72 / 25.4
CASE = UTRECHT_SHOP.case
ASKED = SHOP_PIECES  # sent to the shop on purpose; the other posters are tiled
ARGS = UTRECHT_SHOP.args
EDGE = {"naamkaartjes": "all", "presentatie": "first and last"}  # colour runs to the edge


@pytest.fixture(scope="module")
def content():
    from codio_print.inputs.content import load_content
    return load_content()


@pytest.fixture(scope="module")
def kit(build_kit):
    return build_kit(UTRECHT_SHOP)


def _ids(kit) -> list[str]:
    return [p["id"] for p in kit.manifest["pieces"]]


def _readers(kit, profile):
    for piece_id in _ids(kit):
        yield piece_id, PdfReader(kit.pdf(piece_id, profile))


def _mm(value) -> float:
    return float(value) / PT_PER_MM


def _xmp(reader: PdfReader) -> bytes:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data()


def _bleed_mm(page) -> list[float]:
    trim, bleed = page.trimbox, page.bleedbox
    return [round(_mm(trim.left) - _mm(bleed.left), 2), round(_mm(trim.bottom) - _mm(bleed.bottom), 2),
            round(_mm(bleed.right) - _mm(trim.right), 2), round(_mm(bleed.top) - _mm(trim.top), 2)]


def _streams(page):
    """The page's content and every form it draws, with their resources."""
    yield page.get_contents().get_data(), page["/Resources"].get_object()
    todo = list(page["/Resources"].get_object().get("/XObject", {}).values())
    while todo:
        xobject = todo.pop().get_object()
        if xobject.get("/Subtype") == "/Form":
            resources = xobject.get("/Resources", DictionaryObject()).get_object()
            yield xobject.get_data(), resources
            todo += list(resources.get("/XObject", {}).values())


def _rgb_space(space) -> bool:
    space = space.get_object() if hasattr(space, "get_object") else space
    if space in ("/DeviceRGB", "/CalRGB"):
        return True
    return (isinstance(space, ArrayObject) and space[0] == "/ICCBased"
            and space[1].get_object()["/N"] == 3)


# ---- print: PDF/X-4, CMYK, bleed, safe area -------------------------------------------------

def test_print_is_identified_as_pdf_x4(kit):
    for piece_id, reader in _readers(kit, "print"):
        assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in _xmp(reader), piece_id


def test_print_has_a_cmyk_output_intent_from_the_shipped_profile(kit):
    shipped = DEFAULT_ICC.read_bytes()
    for piece_id, reader in _readers(kit, "print"):
        intents = reader.trailer["/Root"]["/OutputIntents"]
        assert len(intents) == 1, piece_id
        intent = intents[0].get_object()
        profile = intent["/DestOutputProfile"].get_object()
        assert (intent["/S"], profile["/N"], profile.get_data()[:128]) == (
            "/GTS_PDFX", 4, shipped[:128]), piece_id


def test_print_has_no_rgb_anywhere(kit):
    for piece_id, reader in _readers(kit, "print"):
        for number, page in enumerate(reader.pages, 1):
            for content, resources in _streams(page):
                spaces = resources.get("/ColorSpace", {})
                images = [x.get_object() for x in resources.get("/XObject", {}).values()
                          if x.get_object().get("/Subtype") == "/Image"]
                rgb = (re.findall(rb"\s(rg|RG)\s", content)
                       + [n for n, s in spaces.items() if _rgb_space(s)]
                       + [i for i in images if _rgb_space(i["/ColorSpace"])])
                assert not rgb, (piece_id, number, rgb)


def test_print_colours_are_the_cmyk_conversion_of_the_palette(kit, content):
    """The democratie colour is printed as its conversion through the output profile."""
    c, m, y, k = to_cmyk(content.fundament("a").kleur.lower(), str(DEFAULT_ICC))
    operator = f"/DeviceCMYK cs\n{c:g} {m:g} {y:g} {k:g} scn".encode()
    page = PdfReader(kit.pdf("handout-1a", "print")).pages[0]
    assert operator in page.get_contents().get_data()


def test_print_small_text_is_black_ink_only(kit):
    """Body text is 100 % black, not a four-colour black that smears when misregistered."""
    data = PdfReader(kit.pdf("casus", "print")).pages[0].get_contents().get_data()
    assert b"/DeviceCMYK cs\n0 0 0 1 scn\nBT" in data


def test_print_bleed_on_pages_whose_colour_runs_to_the_edge(kit):
    for piece_id, how in EDGE.items():
        pages = PdfReader(kit.pdf(piece_id, "print")).pages
        edge = pages if how == "all" else [pages[0], pages[-1]]
        assert all(_bleed_mm(p) == [3.0] * 4 for p in edge), piece_id


def test_print_no_bleed_on_other_pages(kit):
    for piece_id, reader in _readers(kit, "print"):
        pages = list(reader.pages)
        if piece_id == "presentatie":
            pages = pages[1:-1]
        elif piece_id in EDGE:
            continue
        assert all(_bleed_mm(p) == [0.0] * 4 for p in pages), piece_id


def test_print_media_box_is_the_bleed_box_and_trim_is_the_piece(kit):
    for piece_id, reader in _readers(kit, "print"):
        size = next(p["size"] for p in kit.manifest["pieces"] if p["id"] == piece_id)
        for page in reader.pages:
            assert list(page.mediabox) == list(page.bleedbox), piece_id
            got = sorted((_mm(page.trimbox.width), _mm(page.trimbox.height)))
            assert got == pytest.approx(sorted(PAGE_MM[size]), abs=0.6), piece_id


def _words(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    """(page, xmin, ymin, xmax, ymax, word) in points from the media box's top left."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    words, page = [], 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if m:
            words.append((page, *map(float, m.groups()[:4]), m.group(5)))
    return words


def test_print_text_is_at_least_5_mm_inside_the_trim(kit):
    for piece_id, reader in _readers(kit, "print"):
        pages = reader.pages
        for number, x0, y0, x1, y1, word in _words(kit.pdf(piece_id, "print")):
            page = pages[number - 1]
            media, trim = page.mediabox, page.trimbox
            left = _mm(x0) - (_mm(trim.left) - _mm(media.left))
            top = _mm(y0) - (_mm(media.top) - _mm(trim.top))
            right = _mm(trim.width) - (_mm(x1) - (_mm(trim.left) - _mm(media.left)))
            bottom = _mm(trim.height) - (_mm(y1) - (_mm(media.top) - _mm(trim.top)))
            assert min(left, top, right, bottom) >= 5.0, (piece_id, number, word,
                                                          round(left), round(top),
                                                          round(right), round(bottom))


def test_print_name_cards_carry_no_cut_or_fold_lines(kit):
    text = kit.text("naamkaartjes", "print")
    assert "knippen" not in text and "vouwen" not in text


# ---- screen: PDF/UA-1, tagged, RGB, no bleed -------------------------------------------------

def test_screen_is_identified_as_pdf_ua1(kit):
    for piece_id, reader in _readers(kit, "screen"):
        assert b'pdfuaid:part="1"' in _xmp(reader), piece_id


def test_screen_is_tagged_with_a_structure_tree(kit):
    for piece_id, reader in _readers(kit, "screen"):
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], piece_id


def _structure_types(reader: PdfReader) -> set[str]:
    found, todo = set(), [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while todo:
        node = todo.pop()
        if isinstance(node, DictionaryObject):
            if "/S" in node:
                found.add(str(node["/S"]))
            kids = node.get("/K")
            if kids is not None:
                kids = kids.get_object()
                todo += [k.get_object() for k in (kids if isinstance(kids, ArrayObject) else [kids])
                         if hasattr(k, "get_object")]
    return found


@pytest.mark.parametrize("piece_id", ["casus", "code", "draaiboek", "handout-1a"])
def test_screen_headings_and_lists_are_real_structure(kit, piece_id):
    types = _structure_types(PdfReader(kit.pdf(piece_id, "screen")))
    assert {"/H1", "/H2", "/L", "/LI"} <= types, types


def test_screen_language_is_dutch(kit):
    for piece_id, reader in _readers(kit, "screen"):
        assert reader.trailer["/Root"]["/Lang"] == "nl", piece_id


def test_screen_title_and_subject_in_the_metadata(kit, content):
    organisatie = content.cases[CASE].organisatie
    for piece_id, reader in _readers(kit, "screen"):
        meta = reader.metadata
        assert organisatie in meta.title and organisatie in meta.subject, piece_id


def test_screen_viewers_show_the_title(kit):
    for piece_id, reader in _readers(kit, "screen"):
        assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"], piece_id


def test_screen_has_no_output_intent_and_no_bleed(kit):
    for piece_id, reader in _readers(kit, "screen"):
        assert "/OutputIntents" not in reader.trailer["/Root"], piece_id
        assert all(_bleed_mm(p) == [0.0] * 4 for p in reader.pages), piece_id


def test_screen_colours_are_rgb(kit):
    data = PdfReader(kit.pdf("handout-1a", "screen")).pages[0].get_contents().get_data()
    assert re.search(rb"\srg\s", data) and b"DeviceCMYK" not in data


def test_screen_name_cards_carry_cut_and_fold_lines(kit):
    text = kit.text("naamkaartjes", "screen")
    assert "knippen langs de stippellijn" in text and "vouwen" in text


def test_document_dates_are_the_session_date(kit):
    for profile in ("print", "screen"):
        for piece_id, reader in _readers(kit, profile):
            assert reader.metadata["/CreationDate"].startswith("D:20260312"), (piece_id, profile)


def test_screen_only_build_writes_no_print_files(build_kit):
    kit = build_kit(ARNHEM_SCREEN_13)
    assert kit.manifest["profiles"] == ["screen"]
    assert not (kit.folder / "print").exists() and not (kit.folder / "drukwerk.zip").exists()
    # Without a zip the run sheet sends nothing to the print shop: all is printed at the office.
    run_sheet = " ".join(kit.text("draaiboek").split())
    assert "drukwerk.zip" not in run_sheet and "Drukker" not in run_sheet
    assert "Kantoor: print het bestand uit de map screen/ van de kit." in run_sheet
    assert {p["destination"] for p in kit.manifest["pieces"]} <= {"kantoor", "tegels", "niet"}


# ---- the print shop's bundle -----------------------------------------------------------------

@pytest.fixture(scope="module")
def bundle(kit):
    return zipfile.ZipFile(kit.folder / "drukwerk.zip")


def _shop(kit) -> list[str]:
    return [p["id"] for p in kit.manifest["pieces"] if p["destination"] == "drukker"]


def test_bundle_holds_job_sheet_preflight_and_the_shops_print_files(kit, bundle):
    assert _shop(kit) == ["casus", "handout-3a", "handout-3b", "handout-3c",
                          "poster-democratie", "naamkaartjes", "draaiboek", "presentatie"]
    assert bundle.namelist() == ["printopdracht.pdf", "printopdracht.csv", "printopdracht.json",
                                 "preflight.pdf"] + [f"{i}.pdf" for i in _shop(kit)]


def test_bundle_print_files_are_the_kit_print_files(kit, bundle):
    for piece_id in _shop(kit):
        assert bundle.read(f"{piece_id}.pdf") == kit.pdf(piece_id, "print").read_bytes(), piece_id


def test_a_build_without_the_shops_details_says_so_once(kit):
    notes = [line for line in kit.proc.stderr.splitlines() if line.startswith("note:")]
    assert notes == ["note: the print shop's job sheet has no phone, e-mail, delivery address, "
                     "order reference — give --phone, --email, --address, --reference, or the "
                     "shop will have to call"]


def _csv_rows(bundle) -> list[dict]:
    raw = bundle.read("printopdracht.csv")
    assert raw.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_job_csv_has_a_row_per_print_file_with_its_copies(kit, bundle):
    rows = _csv_rows(bundle)
    assert [(r["bestand"], int(r["oplage"])) for r in rows] == [
        (f"{p['id']}.pdf", p["copies"]) for p in kit.manifest["pieces"]
        if p["destination"] == "drukker"]


def test_job_csv_sizes_sides_and_finishing(bundle):
    rows = {r["bestand"]: r for r in _csv_rows(bundle)}
    assert rows["naamkaartjes.pdf"]["eindformaat"] == "297 × 210 mm"
    assert rows["naamkaartjes.pdf"]["afloop"] == "3 mm rondom"
    assert "vouwen" in rows["naamkaartjes.pdf"]["afwerking"]
    assert rows["poster-democratie.pdf"]["eindformaat"] == "420 × 594 mm"
    assert "snijden" in rows["poster-democratie.pdf"]["afwerking"]
    assert rows["draaiboek.pdf"]["druk"] == "4/4 dubbelzijdig"
    assert rows["handout-3a.pdf"]["druk"] == "4/0 enkelzijdig"
    assert rows["presentatie.pdf"]["afloop"].startswith("3 mm rondom op p. 1, ")


def _job_sheet(bundle) -> PdfReader:
    return PdfReader(io.BytesIO(bundle.read("printopdracht.pdf")))


def test_job_sheet_names_order_contact_delivery_and_profile(bundle):
    text = " ".join(" ".join(p.extract_text() for p in _job_sheet(bundle).pages).split())
    for expected in ("Gemeente Utrecht, team Inkomen", "Jan de Vries, 030 286 00 00",
                     "donderdag 5 maart 2026", profile_name(), "naamkaartjes.pdf", "PDF/X-4"):
        assert expected in text, expected


def test_job_sheet_is_a4_landscape_and_accessible(bundle):
    reader = _job_sheet(bundle)
    assert {(round(_mm(p.trimbox.width)), round(_mm(p.trimbox.height))) for p in reader.pages} == {(297, 210)}
    assert b'pdfuaid:part="1"' in _xmp(reader)


# ---- tiles for an office printer ---------------------------------------------------------------

def _tiles(kit) -> dict[str, dict]:
    return {e["piece"]: e for e in kit.manifest["extra"] if e["kind"] == "tiles"}


def test_tiles_for_every_poster_not_sent_to_the_shop(kit):
    big = [p["id"] for p in kit.manifest["pieces"] if p["size"] in ("A0", "A1", "A2")
           and p["id"] not in ASKED]
    assert sorted(_tiles(kit)) == sorted(big)
    assert {p["destination"] for p in kit.manifest["pieces"] if p["id"] in big} == {"tegels"}
    for piece_id in big:
        assert (kit.folder / "tegels" / f"{piece_id}-a3.pdf").is_file()


def test_tiles_are_a3_sheets(kit):
    for piece_id, entry in _tiles(kit).items():
        for page in PdfReader(kit.folder / entry["file"]).pages:
            assert sorted((round(_mm(page.mediabox.width)), round(_mm(page.mediabox.height)))) == [297, 420]


def test_tiles_of_the_action_poster(kit):
    """A0 landscape on A3: a building plan, then 5 columns × 3 rows, each with its code."""
    path = kit.folder / "tegels" / "handout-5-a3.pdf"
    texts = [" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages]
    assert len(texts) == 1 + 15
    assert "Bouwplan · Hand-out 5 · Poster actieplan" in texts[0]
    codes = [f"{r}{c}" for r in "ABC" for c in range(1, 6)]
    for text, code in zip(texts[1:], codes):
        assert f"{code} Hand-out 5 · Poster actieplan · rij {code[0]}, kolom {code[1]} van 5" in text
    assert "lijm · A2 hierop" in texts[1] and "lijm · B1 hierop" in texts[1]  # both glue strips
    assert "lijm" not in texts[-1]             # the last sheet glues onto the others


def test_tile_labels_are_printable_and_survive_the_first_cut(kit):
    """Usability problem 8: every label is at least 5 mm from the sheet's edge, below the
    poster's part (not in the left or top strip that is cut off first), and no orange glue
    line runs through it."""
    from codio_print.printshop.tiles import layout
    plan = layout(1189, 841, "A3")
    mm = PT_PER_MM
    codes = [t.code for t in plan.tiles]
    labels = [w for w in _words(kit.folder / "tegels" / "handout-5-a3.pdf") if w[0] > 1
              and (w[5] in ("lijm", "rij", "kolom") or w[5] == codes[w[0] - 2])]
    assert len(labels) > 15 * 3
    for page, x0, y0, x1, y1, text in labels:
        assert x0 >= 12 * mm and y0 >= 12 * mm, (page, text)  # not in the cut-off strip
        assert x1 <= (297 - 5) * mm and y1 <= (420 - 5) * mm, (page, text)
        assert y0 >= (12 + plan.tiles[0].h_mm) * mm, (page, text)  # below the glue lines


def test_tiles_place_the_poster_at_the_sheet_margin(kit):
    """The poster's title (20 mm from its left edge at A0) is 12 + 20 mm from the left of
    sheet A1, and clipped away on A2."""
    words = _words(kit.folder / "tegels" / "handout-5-a3.pdf")
    goed = [w for w in words if w[5] == "Goed" and w[0] > 1]  # page 1: the building plan
    assert [(w[0], round(_mm(w[1]))) for w in goed] == [(2, 32)]


def test_a_black_and_white_kit_tiles_its_posters_in_black(tmp_path):
    """--profile mono with --tile a3: the tiles are made from the mono files (there are no
    print or screen files), their marks in black ink only (it failed with KeyError: 'print')."""
    from tiny import tiny_workspace

    tiny_workspace(tmp_path / "ws", profile="mono")
    proc = run_cli("build", "--case", "arnhem", "--tile", "a3", cwd=tmp_path / "ws")
    assert proc.returncode == 0, proc.stderr
    tiles = tmp_path / "ws" / "build" / "arnhem" / "tegels" / "handout-5-a3.pdf"
    out = subprocess.run(["gs", "-q", "-dSAFER", "-o", "-", "-sDEVICE=inkcov", str(tiles)],
                         capture_output=True, text=True, check=True, timeout=120).stdout
    pages = [line.split()[:4] for line in out.splitlines() if "CMYK" in line]
    assert len(pages) == len(PdfReader(tiles).pages) > 1
    assert all(float(c) == float(m) == float(y) == 0 < float(k) for c, m, y, k in pages)


# ---- preflight --------------------------------------------------------------------------------

def test_check_passes_a_built_kit(kit):
    proc = run_cli("check", str(kit.folder))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"all \d+ files pass", proc.stdout)
    # opens boxes fonts colour ink annots pdf/ua title attachments active; ink for the shop's
    # files
    assert re.search(r"^print/casus\.pdf(\s+ok){6}\s+-(\s+ok){3}\s*$", proc.stdout, re.M)
    assert re.search(r"^print/code\.pdf(\s+ok){4}\s+-\s+ok\s+-(\s+ok){3}\s*$", proc.stdout,
                     re.M)
    assert re.search(r"^screen/handout-4a\.pdf(\s+ok){3}\s+-\s+-\s+-(\s+ok){4}\s*$",
                     proc.stdout, re.M)  # a form: fields, and no actions


def test_check_fails_rgb_in_a_print_file_and_names_it(kit, tmp_path):
    broken = tmp_path / "kit"
    shutil.copytree(kit.folder, broken)
    shutil.copy(broken / "screen" / "casus.pdf", broken / "print" / "casus.pdf")
    proc = run_cli("check", str(broken))
    assert proc.returncode == 1
    assert "FAIL print/casus.pdf: colour: no CMYK output intent" in proc.stderr
    assert "FAIL print/casus.pdf: colour: page 1: RGB colour operator 'rg'" in proc.stderr
    assert "FAIL drukwerk.zip: opens: casus.pdf differs from print/casus.pdf" in proc.stderr


def test_check_fails_a_missing_file(kit, tmp_path):
    broken = tmp_path / "kit"
    shutil.copytree(kit.folder, broken)
    (broken / "screen" / "code.pdf").unlink()
    proc = run_cli("check", str(broken))
    assert proc.returncode == 1 and "FAIL screen/code.pdf: opens: file is missing" in proc.stderr


def test_check_fails_a_swapped_or_appended_screen_file(kit, tmp_path):
    """D19: a swapped PDF with the same page count, and bytes appended, no longer pass."""
    broken = tmp_path / "kit"
    shutil.copytree(kit.folder, broken)
    shutil.copy(broken / "screen" / "handout-1b.pdf", broken / "screen" / "handout-1a.pdf")
    with open(broken / "screen" / "casus.pdf", "ab") as f:
        f.write(b"TAMPERED\n")
    proc = run_cli("check", str(broken))
    assert proc.returncode == 1
    assert ("FAIL screen/handout-1a.pdf: opens: its SHA-256 differs from the manifest's"
            in proc.stderr)
    assert "FAIL screen/casus.pdf: opens: its SHA-256 differs from the manifest's" in proc.stderr
    assert "FAIL screen/handout-1a.pdf: title: " in proc.stderr  # rechtsstaat's, not democratie's


def test_check_fails_a_file_with_an_attachment(kit, tmp_path):
    """D18: a PDF carrying an embedded file (a participant list, a key) fails the preflight."""
    from pypdf import PdfReader, PdfWriter

    broken = tmp_path / "kit"
    shutil.copytree(kit.folder, broken)
    target = broken / "print" / "code.pdf"
    writer = PdfWriter(clone_from=PdfReader(target))
    writer.add_attachment("id_rsa", b"-----BEGIN OPENSSH PRIVATE KEY-----")
    writer.write(target)
    proc = run_cli("check", str(broken))
    assert proc.returncode == 1
    assert "FAIL print/code.pdf: attachments: carries an embedded file: id_rsa" in proc.stderr


def test_check_of_a_folder_that_is_no_kit(tmp_path):
    proc = run_cli("check", str(tmp_path))
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        f"error: '{tmp_path}' is not a built kit: it has no manifest.json (nor the "
        "printopdracht.json of an unpacked drukwerk.zip) — give the folder 'codio-print build' "
        "wrote, e.g. build/arnhem, or its drukwerk.zip"]


# ---- reproducible ------------------------------------------------------------------------------

def test_the_same_kit_from_another_folder_by_one_process_gives_the_same_bytes(kit, tmp_path):
    """Building the kit again gives the same bytes, also from a clone in another folder
    (another virtual environment for the fonts, too), and by one render process instead of
    two (the shared kit's): the print files' document id and the manifest's cache keys hashed
    absolute paths before, and no render may depend on what a process rendered before it.
    (Building twice in the same folder is the weaker case of this one.)"""
    home = tmp_path / "elders"
    for folder in ("content", "templates"):
        shutil.copytree(OWN / folder, home / folder)
    serial = [*ARGS[:ARGS.index("--workers")], "--workers", "1"]
    run_cli("build", "--case", CASE, "--out", str(tmp_path / "out"), *serial, check=True,
            env={"CODIO_PRINT_HOME": str(home)})
    other = tmp_path / "out" / CASE
    files = sorted(p.relative_to(kit.folder) for p in kit.folder.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(other) for p in other.rglob("*") if p.is_file())
    assert [str(f) for f in files if (kit.folder / f).read_bytes() != (other / f).read_bytes()
            ] == []
    office = [e for e in kit.manifest["extra"] if e["kind"] == "office"]  # kantoor/ (issue 23)
    assert len([f for f in files if f.suffix == ".pdf"]) == 2 * len(_ids(kit)) + len(_tiles(kit)) \
        + len(office)
    assert "manifest.json" in map(str, files)


def test_bundle_entries_carry_the_session_date(bundle):
    assert {info.date_time for info in bundle.infolist()} == {(2026, 3, 12, 0, 0, 0)}


# ---- options ------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (("--profile", "paper"), "--profile 'paper' is not a profile — use print, screen, mono or all"),
    (("--tile", "a2"), "--tile 'a2' is not a paper size — use a3 or a4"),
    (("--deliver-by", "5 maart"), "--deliver-by '5 maart' is not a date"),
    (("--icc", "/nonexistent/shop.icc"), "ICC profile '/nonexistent/shop.icc' does not exist"),
])
def test_bad_print_options_are_one_line(tmp_path, args, message):
    proc = run_here("build", "--case", CASE, "--out", str(tmp_path), *args)
    assert proc.returncode == 1
    assert message in proc.stderr.strip().splitlines()[-1]
    assert "Traceback" not in proc.stderr and not list(tmp_path.rglob("*.pdf"))


def test_an_rgb_icc_profile_is_refused(tmp_path):
    rgb = Path("/usr/share/color/icc/ghostscript/srgb.icc")
    if not rgb.exists():
        rgb = tmp_path / "srgb.icc"
        from PIL import ImageCms
        rgb.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    proc = run_here("build", "--case", CASE, "--out", str(tmp_path), "--icc", str(rgb))
    assert proc.returncode == 1 and "is not a CMYK profile" in proc.stderr


# ---- images ---------------------------------------------------------------------------------------

def test_print_converts_raster_images_to_cmyk(tmp_path):
    """A logo in RGB (as a theme might bring) is embedded as CMYK and still prints red."""
    from PIL import Image

    from codio_print.render.pdf import render_pdf
    from codio_print.kit.profiles import PRINT

    Image.new("RGB", (60, 30), (200, 30, 30)).save(tmp_path / "logo.png")
    html = (f'<html lang="nl"><head><title>Logo</title><style>@color-profile device-cmyk '
            f'{{ src: url("{DEFAULT_ICC.as_uri()}"); components: cyan, magenta, yellow, black; }}'
            f'@page {{ size: 60mm 30mm; margin: 0 }}</style></head>'
            f'<body><img src="logo.png" style="width: 60mm; height: 30mm; display: block"></body></html>')
    pdf = render_pdf(html, tmp_path.as_uri() + "/", name="logo", profile=PRINT,
                     allowed=[tmp_path]).pdf
    (tmp_path / "logo.pdf").write_bytes(pdf)
    images = [x.get_object() for x in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/XObject"].values()]
    assert [i["/ColorSpace"] for i in images] == ["/DeviceCMYK"]
    subprocess.run(["pdftoppm", "-r", "20", "-png", "-singlefile", str(tmp_path / "logo.pdf"),
                    str(tmp_path / "seen")], check=True)
    r, g, b = Image.open(tmp_path / "seen.png").convert("RGB").getpixel((20, 10))
    assert r > 150 and g < 90 and b < 90
