"""Issue 23 items 4 and 6 in a built kit: after a late sign-up and a cancellation the build says
what to print again (per place, per file, the pages by person) and that drukwerk.zip is
unchanged, and manifest.json holds the same list; kantoor/ holds the office's printing as at
most three files, one per printer setting, with the copies and a divider before each piece.

The 'before' is the shared kit UTRECHT_WORKSPACE (a workspace, 14 named people, print and
screen); the 'after' is a copy of the workspace and its kit built again with one person more
and one less in its deelnemers.csv (only the pieces with names are rendered again)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from kits import UTRECHT_WORKSPACE, Kit, PdfReader, run_cli

NEW, GONE = "Noor Bakker", "Pieter Bakker"


@pytest.fixture(scope="module")
def kits_(kits, tmp_path_factory):
    built = kits.get(UTRECHT_WORKSPACE)
    ws = tmp_path_factory.mktemp("reprint") / "ws"
    shutil.copytree(built.workspace, ws, symlinks=True)  # the list, its division and the kit
    people = (ws / "deelnemers.csv").read_text(encoding="utf-8").splitlines()
    people = [line for line in people if not line.startswith(GONE + ";")]
    (ws / "deelnemers.csv").write_text("\n".join([*people, f"{NEW};wijkcoördinator;;"]) + "\n",
                                       encoding="utf-8")
    proc = run_cli("build", cwd=ws)
    assert proc.returncode == 0, proc.stderr
    assert "Warning" not in proc.stderr, proc.stderr  # only our own lines, no library's
    return built.kit, Kit(ws / "build" / "utrecht", proc)


def _fingerprints(path: Path) -> list[str]:
    out = []
    for page in PdfReader(path).pages:
        contents = page.get_contents()
        out.append(hashlib.sha256(contents.get_data() if contents is not None else b"")
                   .hexdigest())
    return out


def _text(path: Path, page: int) -> str:
    return unicodedata.normalize("NFC", " ".join(
        (PdfReader(path).pages[page - 1].extract_text() or "").split()))


def _reprint(kit: Kit, place: str) -> dict:
    places = kit.manifest["reprint"]["places"]
    return {f["file"]: f for p in places if p["place"] == place for f in p["files"]}


def test_the_summary_names_the_pages_to_print_again_by_person(kits_):
    before, after = kits_
    out = after.proc.stdout.splitlines()
    start = out.index("To print again:")
    office = next(line for line in out[start:] if line.startswith("  office: "))
    cards = _reprint(after, "kantoor")["screen/naamkaartjes.pdf"]
    new = next(p for p in cards["pages"] if p["who"] == NEW)
    gone = next(p for p in cards["pages"] if p["who"] == GONE)
    assert (new["change"], gone["change"]) == ("new", "gone")
    assert f"screen/naamkaartjes.pdf: p. {new['first']} ({NEW}) new" in office
    assert f"p. {gone['first']} ({GONE}) gone" in office
    # her own hand-out 2 sheet, and his that is gone, each two pages
    sheets = [f for f in _reprint(after, "kantoor").values()
              if f["piece"].startswith("handout-2")]
    hers = next(p for f in sheets for p in f["pages"] if p["who"] == NEW)
    assert hers["last"] == hers["first"] + 1 and hers["change"] == "new"
    assert any(p["who"] == GONE and p["change"] == "gone" for f in sheets for p in f["pages"])
    assert "  drukwerk.zip has not changed: the print shop need not get anything new" in out
    assert after.manifest["reprint"]["bundle"] == "same"
    assert _sha(before.folder / "drukwerk.zip") == _sha(after.folder / "drukwerk.zip")
    assert "drukker" not in {p["place"] for p in after.manifest["reprint"]["places"]}


def test_the_pages_named_are_the_pages_that_differ(kits_):
    before, after = kits_
    for file, change in _reprint(after, "kantoor").items():
        if change["whole"]:
            continue
        old, new = _fingerprints(before.folder / file), _fingerprints(after.folder / file)
        named_new = {n for p in change["pages"] if p["change"] != "gone"
                     for n in range(p["first"], p["last"] + 1)}
        named_gone = {n for p in change["pages"] if p["change"] == "gone"
                      for n in range(p["first"], p["last"] + 1)}
        if any(p["who"] or p["person"] for p in change["pages"]):  # by person: pages moved
            # every page that is not in the other file is named, and every run named holds
            # such a page (a sheet's back may read like everyone else's)
            assert {i + 1 for i, f in enumerate(new) if f not in old} <= named_new, file
            assert {i + 1 for i, f in enumerate(old) if f not in new} <= named_gone, file
            for p in change["pages"]:
                mine, other = (old, new) if p["change"] == "gone" else (new, old)
                assert any(mine[n - 1] not in other for n in range(p["first"], p["last"] + 1)
                           ), (file, p)
        else:  # page by page
            assert named_new == {i + 1 for i, f in enumerate(new)
                                 if i >= len(old) or old[i] != f}, file
        for p in change["pages"]:
            if p["who"]:
                kit = before if p["change"] == "gone" else after
                first_name = p["who"].split()[0]
                assert first_name in _text(kit.folder / file, p["first"]), (file, p)
    # every file the office prints that is not named is the same as before
    named = set(_reprint(after, "kantoor"))
    for piece in after.manifest["pieces"]:
        file = piece["files"]["screen"]["file"]
        if piece["destination"] == "kantoor" and file not in named:
            old = next(p for p in before.manifest["pieces"] if p["id"] == piece["id"])
            same = old["files"]["screen"]["sha256"] == piece["files"]["screen"]["sha256"]
            assert same or _fingerprints(before.folder / file) == \
                _fingerprints(after.folder / file), file


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _jobs(kit: Kit) -> dict[str, dict]:
    return {e["file"]: e for e in kit.manifest["extra"] if e["kind"] == "office"}


def _office_files(kit: Kit) -> dict[str, tuple[dict, int]]:
    """What the office prints, by the file a divider names: each piece it prints whole
    (screen/ID.pdf) and each poster it prints as tiles (tegels/ID-a3.pdf), with the piece and
    the pages of one copy."""
    found = {f"screen/{p['id']}.pdf": (p, p["pages"]) for p in kit.manifest["pieces"]
             if p["destination"] == "kantoor"}
    pieces = {p["id"]: p for p in kit.manifest["pieces"]}
    found |= {e["file"]: (pieces[e["piece"]], e["pages"]) for e in kit.manifest["extra"]
              if e["kind"] == "tiles"}
    return found


def test_the_office_prints_in_at_most_three_jobs_with_the_copies_in_them(kits_):
    _, after = kits_
    jobs = _jobs(after)
    assert sorted(jobs) == ["kantoor/a3-enkelzijdig.pdf", "kantoor/a4-dubbelzijdig.pdf",
                            "kantoor/a4-enkelzijdig.pdf"]
    printed = _office_files(after)
    assert any(file.startswith("tegels/") for file in printed)  # hand-out 5, as tiles
    two_sided = {"casus", "code", "draaiboek"} | {f"handout-{n}{x}" for n in (1, 2)
                                                   for x in "abc"}
    for file, sides, paper in (("kantoor/a4-dubbelzijdig.pdf", 2, (595, 842)),
                               ("kantoor/a4-enkelzijdig.pdf", 1, (595, 842)),
                               ("kantoor/a3-enkelzijdig.pdf", 1, (842, 1191))):
        reader = PdfReader(after.folder / file)
        texts = _page_texts(after.folder / file)
        dividers = [i for i, text in enumerate(texts) if "Dit is een scheidingsvel" in text]
        parts = []
        for n, at in enumerate(dividers):
            text = texts[at]
            piece, pages = next(printed[f] for f in printed if f"Bestand {f} " in text)
            parts.append((piece, pages))
            assert piece["title"] in text and f"{piece['copies']}×" in text
            assert ("dubbelzijdig" if sides == 2 else "enkelzijdig") in text
            assert f"{file} · onderdeel {n + 1} van {len(dividers)}" in text
        expected = sum(sides + p["copies"] * (pages + (pages % 2 if sides == 2 else 0))
                       for p, pages in parts)
        assert len(reader.pages) == expected == jobs[file]["pages"], file
        assert {p["id"] for p, pages in parts if p["id"] in two_sided and pages > 1} == (
            {p["id"] for p, _ in parts} if sides == 2 else set()), file
        sizes = {tuple(sorted(round(float(v)) for v in pg.mediabox[2:])) for pg in reader.pages}
        assert sizes == {paper}, file
        # paper: no form fields or links carried over (Acrobat would warn of unreachable
        # widgets, and the build printed pikepdf's warning about them)
        assert not any("/Annots" in page for page in reader.pages), file
        assert reader.metadata.title.startswith("Printen op kantoor")
        assert reader.trailer["/Root"]["/Lang"] == "nl"
    every = [f for job in jobs for f in _parts(after, job)]
    assert sorted(every) == sorted(printed)  # every file the office prints, once


def _page_texts(path: Path) -> list[str]:
    """The text of each page, as poppler's pdftotext reads it (pypdf's extract_text takes
    seconds for the few hundred pages of the office's files)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [" ".join(page.split()) for page in out.split("\f")[:-1]]


def _parts(kit: Kit, file: str) -> list[str]:
    """The files the dividers in one of kantoor/'s files name."""
    texts = _page_texts(kit.folder / file)
    return [f for t in texts if "Dit is een scheidingsvel" in t
            for f in _office_files(kit) if f"Bestand {f} " in t]


def test_the_run_sheet_and_the_summary_name_the_three_files(kits_):
    _, after = kits_
    text = " ".join(" ".join(p.extract_text().split())
                    for p in PdfReader(after.folder / "screen" / "draaiboek.pdf").pages)
    assert "In één keer printen" in text
    for file in _jobs(after):
        assert file in text
    assert "kantoor/a3-enkelzijdig.pdf: A3, enkelzijdig" in text
    assert "karton van 160 tot 250 g/m²" in text
    out = after.proc.stdout
    assert "  the office in one go: 3 print jobs, the copies in them" in out
    assert "    kantoor/a4-dubbelzijdig.pdf: A4, two-sided, " in out
    assert "name cards: on card of 160–250 g/m²" in out


def test_a_build_with_nothing_new_lists_nothing_to_print(kits_):
    """The quick answer (nothing changed) says nothing about printing again."""
    before, _ = kits_
    assert "To print again" not in before.proc.stdout  # a first build: nothing to compare
    assert "reprint" not in before.manifest


def test_the_manifest_keeps_who_is_on_which_page(kits_):
    _, after = kits_
    cards = next(p for p in after.manifest["pieces"] if p["id"] == "naamkaartjes")
    runs = cards["files"]["screen"]["runs"]
    assert NEW in [r[0] for r in runs] and GONE not in [r[0] for r in runs]
    assert [r[2] for r in runs] == list(range(1, len(runs) + 1))
    json.dumps(after.manifest["reprint"])  # plain data, for the web interface
