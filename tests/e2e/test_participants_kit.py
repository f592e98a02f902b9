"""A kit built from a participant list: every name, in every script, where it belongs."""

from __future__ import annotations

import csv
import unicodedata

import pytest

from kits import PdfReader, run_cli
from incli import run_here
from tiny import tiny_home
from kits import LIST, UTRECHT_WORKSPACE


def _people() -> list[dict]:
    with LIST.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _contains_name(text: str, name: str) -> bool:
    """pypdf may return right-to-left text in visual order; accept either order."""
    flat = _norm(text)
    return _norm(name) in flat or _norm(name)[::-1] in flat or all(
        w in flat or w[::-1] in flat for w in _norm(name).split())


@pytest.fixture(scope="module")
def kit(build_kit):
    return build_kit(UTRECHT_WORKSPACE)


def test_one_card_per_person_with_name_and_role(kit):
    pages = PdfReader(kit.pdf("naamkaartjes")).pages
    people = _people()
    assert len(pages) == len(people) == 14
    texts = [_norm(p.extract_text()) for p in pages]
    for person in people:
        hits = [t for t in texts if _contains_name(t, person["naam"])]
        assert len(hits) == 1, person["naam"]
        assert person["functie"] in hits[0]


def test_long_name_breaks_over_two_lines_on_its_card(kit):
    long = "Maria-Louisa van den Heuvel-Oppenoorth"
    page = next(p for p in PdfReader(kit.pdf("naamkaartjes")).pages
                if "Oppenoorth" in p.extract_text())
    lines = [l.strip() for l in page.extract_text().splitlines()]
    assert long not in lines  # not on one line ...
    assert "Maria-Louisa van den" in lines and "Heuvel-Oppenoorth" in lines  # ... but two


def test_every_script_is_drawn_with_an_embedded_font(kit):
    reader = PdfReader(kit.pdf("naamkaartjes"))
    names = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            names.add(str(ref.get_object()["/BaseFont"]))
    assert any("Atkinson" in n for n in names)
    assert any("Almarai" in n for n in names), names
    assert any("CJK" in n for n in names), names


def test_handout_2_carries_each_name_plus_a_spare(kit):
    people = _people()
    total_sheets = 0
    for letter in "abc":
        reader = PdfReader(kit.pdf(f"handout-2{letter}"))
        text = "\n".join(p.extract_text() for p in reader.pages)
        named = [p for p in people if _contains_name(text, p["naam"])]
        total_sheets += len(named)
        assert len(reader.pages) == 2 * (len(named) + 1)  # two sides each, one blank spare
    assert total_sheets == 14  # everyone exactly once over the three groups


def test_each_persons_copy_of_handout_2_is_numbered_1_and_2_of_2(kit):
    """A copy is one sheet: 'pagina 1 van 2' on its front, '2 van 2' on its back, not the
    page of the table's whole file ('pagina 3 van 12')."""
    for profile in ("print", "screen"):
        reader = PdfReader(kit.pdf("handout-2b", profile))
        for number, page in enumerate(reader.pages):
            last = page.extract_text().strip().splitlines()[-1]
            assert last.endswith(f"pagina {number % 2 + 1} van 2"), (profile, number, last)


def test_a_date_in_the_header_band_adds_no_page(kit):
    """With a session date the band is a line taller: the case still fits one sheet (two
    sides) and hand-out 4 its one A3 sheet, in every group and both profiles."""
    for profile in ("print", "screen"):
        assert len(PdfReader(kit.pdf("casus", profile)).pages) == 2, profile
        for letter in "abc":
            assert len(PdfReader(kit.pdf(f"handout-4{letter}", profile)).pages) == 1, \
                (profile, letter)
            assert len(PdfReader(kit.pdf(f"handout-3{letter}", profile)).pages) == 1, \
                (profile, letter)


def test_fixed_groups_are_respected(kit):
    assert _contains_name(kit.text("handout-2a"), "Maria-Louisa van den Heuvel-Oppenoorth")
    assert _contains_name(kit.text("handout-2b"), "Zoë Jansen-Çelik")


def test_run_sheet_and_slides_show_the_tables(kit):
    run_sheet = kit.text("draaiboek")
    slides = kit.text("presentatie")
    for person in _people():
        assert _contains_name(run_sheet, person["naam"]), person["naam"]
        assert _contains_name(slides, person["naam"]), person["naam"]
    assert "14 in 3 groepen (5 / 5 / 4)" in _norm(run_sheet)


def test_counts_follow_the_list(kit):
    copies = {p["id"]: p["copies"] for p in kit.manifest["pieces"]}
    assert copies["casus"] == 15 and copies["code"] == 14
    assert copies["handout-2a"] == copies["handout-2b"] == copies["handout-2c"] == 1
    assert "Pennen 14×" in _norm(kit.text("draaiboek"))


def test_bad_list_is_one_line_with_file_and_row(tmp_path):
    bad = tmp_path / "deelnemers.csv"
    bad.write_text("naam;functie\nJan;inwoner\n;beleid\nPiet;jurist\nKees;inwoner\n",
                   encoding="utf-8")
    proc = run_here("build", "--case", "arnhem", "--participants", str(bad),
                   "--out", str(tmp_path / "out"))
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1].startswith(f"error: {bad}:3: row has no name")
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out" / "arnhem").exists()


def test_duplicates_warn_but_build(tmp_path):
    """A name twice is said once, and the kit is built (its pieces tiny: tiny.py)."""
    dup = tmp_path / "dubbel.csv"
    dup.write_text("name,role\nAnna,inwoner\nBram,jurist\nAnna,inwoner\nDirk,beleid\n",
                   encoding="utf-8")
    home = tiny_home(tmp_path / "home")
    proc = run_cli("build", "--case", "arnhem", "--participants", str(dup),
                   "--out", str(tmp_path / "out"), env={"CODIO_PRINT_HOME": str(home)})
    assert proc.returncode == 0
    assert ("  names twice: Anna (lines 2 and 4) — allowed, but check it is not one person "
            "twice") in proc.stdout.splitlines()
