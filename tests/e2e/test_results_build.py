"""After the workshop: `results init` and `results build`, checked in the files they write."""

from __future__ import annotations

import copy
import csv
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pytest
import yaml
from icalendar import Calendar

from kits import DATA, PdfReader, run_cli
from incli import run_here

SAMPLE = DATA / "resultaten-arnhem.yaml"
OUTPUTS = {"actieplan.pdf", "actieplan-drukwerk.pdf", "verslag.pdf", "acties.csv",
           "vervolgsessie.ics"}
MARKER = ".codio-print"  # what tells a later build the folder is its own
MM = 72 / 25.4


def flat(text: str) -> str:
    """Whitespace as one space; a line broken after a hyphen ("data-⏎analist") joined."""
    return re.sub(r"(?<=\w)- (?=\w)", "-", " ".join(text.split()))


@pytest.fixture(scope="module")
def sample() -> dict:
    return yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(sample_results):
    """The sample built through the CLI, to the default folder next to the file (once for
    the run: conftest.py)."""
    return sample_results


def pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(path).pages)


def fragments(page) -> list[tuple[str, float, float, float]]:
    """(text, x, y, size in pt) of every piece of text pypdf reports on a page."""
    out = []

    def visit(text, cm, tm, font, size):
        if text and text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            out.append((text.strip(), x, y, size * abs(tm[3] * cm[3] or 1)))

    page.extract_text(visitor_text=visit)
    return out


def write_variant(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "resultaten.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- the four outputs ---------------------------------------------------------------------

def test_build_writes_the_four_files_next_to_the_yaml_and_nothing_else(built):
    out, proc = built
    assert {p.name for p in out.iterdir()} == OUTPUTS | {MARKER}
    # only the lock that keeps two builds from writing resultaten/ at once, as the kit has
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == [
        ".resultaten.lock"]
    assert "Traceback" not in proc.stderr and "warning" not in proc.stderr


def test_poster_is_two_a0_landscape_sheets_with_every_action_owner_and_value(built, sample):
    """The blank poster's size and layout (A0 by default), then the actions in full."""
    out, _ = built
    reader = PdfReader(out / "actieplan.pdf")
    assert len(reader.pages) == 2
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (1189, 841)
    assert "Onze acties" in (reader.pages[1].extract_text() or "")
    text = flat(pdf_text(out / "actieplan.pdf"))
    for a in sample["acties"]:
        assert flat(a["actie"]) in text, a["id"]
        assert flat(a["eigenaar"]) in text, a["id"]
    assert "15 april 2027" in text  # a date as term is written out
    from codio_print.inputs.content import load_content
    names = load_content(only_case="arnhem").waarde_per_id
    for gw in sample["waarden"].values():
        for g in gw["gekozen"]:
            assert names[g["waarde"]].naam in text, g["waarde"]
    for answer in sample["stap4"].values():
        if isinstance(answer, str):
            assert flat(answer) in text
    assert "donderdag 17 juni 2027, 14:00–15:30" in text.replace("Ø", "0")
    assert "Stadhuis Arnhem, vergaderzaal Rijn" in text
    assert "Dirk Peters, elke maand in het teamoverleg van Inkomen" in text


def test_poster_checklist_marks_what_is_still_open(built, sample):
    out, _ = built
    text = flat(pdf_text(out / "actieplan.pdf"))
    open_points = [p["punt"] for p in sample["checklist"] if not p["klaar"]]
    assert text.count("(nog open)") == len(open_points) == 1
    assert f"{open_points[0]} (nog open)" in text


def test_poster_text_is_at_least_24_pt_at_a1_scale(built, sample):
    """On A0 that is 34 pt: what was written in, and the poster's own words."""
    out, _ = built
    pages = PdfReader(out / "actieplan.pdf").pages
    written = [flat(a["actie"]) for a in sample["acties"]] + [a["eigenaar"] for a in sample["acties"]]
    written += [flat(x) for x in sample["stap4"]["ander_niveau"] + sample["breder_inzetbaar"]]
    sizes = [size for page in pages for text, _, _, size in fragments(page)
             if len(text) >= 8 and any(text in w for w in written)]
    assert len(sizes) >= 24
    assert min(sizes) >= 34 - 0.01
    everything = [size for page in pages for text, _, _, size in fragments(page)]
    assert min(everything) >= 34 - 0.01  # none of the poster's own words either


def test_poster_grid_puts_ids_in_the_right_cells(built, sample):
    out, _ = built
    page = PdfReader(out / "actieplan.pdf").pages[0]
    side = (8 + 1173 - 12 - 222) * MM  # the column right of the grid: stap 4a and 5
    levels = {a["id"]: (a["noodzaak"], a["belang"]) for a in sample["acties"]}
    chips = {}
    for text, x, y, _ in fragments(page):
        if text in levels and x < side:
            assert text not in chips, f"{text} twice in the grid"
            chips[text] = (x, y)
    assert set(chips) == set(levels)
    rank = {"laag": 0, "midden": 1, "hoog": 2}
    for a, b in [(a, b) for a in chips for b in chips]:
        (na, ba), (nb, bb) = levels[a], levels[b]
        if rank[ba] > rank[bb]:
            assert chips[a][0] > chips[b][0], f"{a} should be right of {b}"
        if rank[na] > rank[nb]:
            assert chips[a][1] > chips[b][1], f"{a} should be above {b}"


def _struct_types(node, seen: list, alts: list) -> None:
    node = node.get_object()
    if "/S" in node:
        seen.append(str(node["/S"]))
        if "/Alt" in node:
            alts.append(str(node["/Alt"]))
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and ("/S" in kid or "/K" in kid):
            _struct_types(kid, seen, alts)


def test_report_is_tagged_pdf_ua_in_dutch_with_title(built):
    out, _ = built
    reader = PdfReader(out / "verslag.pdf")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert root["/MarkInfo"]["/Marked"]
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    assert reader.metadata.title == "Verslag van de workshop – Gemeente Arnhem: Ambtshalve verlenging IIT"
    assert xmp.count("2027-03-11T00:00:00Z") == 2  # created and modified: the session date
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (210, 297)

    seen, alts = [], []
    _struct_types(root["/StructTreeRoot"], seen, alts)
    assert seen.count("/H1") == 1
    assert seen.count("/H2") >= 8 and "/H3" in seen
    assert "/Table" in seen and "/TH" in seen and "/L" in seen
    assert "/Figure" in seen
    chart_alt = [a for a in alts if a.startswith("Grafiek van noodzaak en belang")]
    assert len(chart_alt) == 1
    assert "noodzaak hoog, belang hoog: A1, B1, C1" in chart_alt[0]


def test_report_has_values_actions_tensions_and_parked_points(built, sample):
    out, _ = built
    text = flat(pdf_text(out / "verslag.pdf"))
    for heading in ("De casus", "Waarden per fundament", "Het actieplan", "Noodzaak en belang",
                    "Spanningen en afspraken", "Afspraken over de code", "Parkeerplaats"):
        assert heading in text
    for gw in sample["waarden"].values():
        for g in gw["gekozen"]:
            assert flat(g["waarom"]) in text
        for n in gw["niet_gekozen"]:
            assert flat(n["afweging"]) in text
    for a in sample["acties"]:
        assert flat(a["actie"]) in text and flat(a["eigenaar"]) in text
    for s in sample["spanningen"]:
        assert flat(s["wat"]) in text and flat(s["afspraak"]) in text
    for p in sample["parkeerplaats"]:
        assert flat(p) in text


def test_report_action_table_is_ordered_by_priority(built, sample):
    out, _ = built
    text = flat(pdf_text(out / "verslag.pdf"))
    table = text[text.index("Het actieplan"):text.index("Noodzaak en belang")]
    rows = [a for a in sample["acties"]]
    positions = {a["id"]: table.index(flat(a["actie"])) for a in rows}
    order = sorted(positions, key=positions.get)
    rank = {"hoog": 0, "midden": 1, "laag": 2}
    keys = [(rank[a["noodzaak"]], rank[a["belang"]]) for a in
            sorted(rows, key=lambda a: positions[a["id"]])]
    assert keys == sorted(keys)
    assert order[:3] == ["A1", "B1", "C1"] and order[-1] == "C4"


def test_report_chart_shows_every_action_id(built, sample):
    out, _ = built
    reader = PdfReader(out / "verslag.pdf")
    pages = [p for p in reader.pages if "Elke stip is een actie" in (p.extract_text() or "")]
    assert len(pages) == 1
    ids = [t for t, *_ in fragments(pages[0]) if re.fullmatch(r"[ABC]\d+", t)]
    assert sorted(ids) == sorted(a["id"] for a in sample["acties"])
    words = set(flat(pages[0].extract_text()).split())
    assert {"Noodzaak", "Belang", "laag", "midden", "hoog"} <= words


def test_report_body_text_is_at_least_10_pt(built):
    out, _ = built
    small = []
    for page in PdfReader(out / "verslag.pdf").pages:
        for text, x, y, size in fragments(page):
            in_chart = re.fullmatch(r"[ABC]\d+|Noodzaak|Belang|laag|midden|hoog", text)
            if size < 9.95 and not in_chart:  # the running footer too
                small.append((text, size))
    assert not small


def test_csv_has_one_row_per_action_most_urgent_first(built, sample):
    out, _ = built
    raw = (out / "acties.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:5] == ["id", "actie", "waarde", "mechanisme", "eigenaar"]
    body = rows[1:]
    assert len(body) == len(sample["acties"]) == 12
    assert [r[0] for r in body][:3] == ["A1", "B1", "C1"]
    prio = [int(r[-1]) for r in body]
    assert prio == sorted(prio)
    owners = {a["id"]: a["eigenaar"] for a in sample["acties"]}
    assert all(r[4] == owners[r[0]] for r in body)


def test_ics_parses_back_to_the_follow_up_meeting(built):
    out, _ = built
    raw = (out / "vervolgsessie.ics").read_bytes()
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    cal = Calendar.from_ical(raw)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    ev = events[0]
    ams = ZoneInfo("Europe/Amsterdam")
    assert ev.decoded("dtstart") == datetime(2027, 6, 17, 14, 0, tzinfo=ams)
    assert ev.decoded("dtend") == datetime(2027, 6, 17, 15, 30, tzinfo=ams)
    assert "Ambtshalve verlenging IIT" in str(ev["summary"])
    assert str(ev["location"]) == "Stadhuis Arnhem, vergaderzaal Rijn"
    assert "A1 Herschrijf de brief" in str(ev["description"])
    assert [c.name for c in cal.walk("VTIMEZONE")] == ["VTIMEZONE"]


@pytest.fixture(scope="module")
def tiled(tmp_path_factory):
    """The sample built again, into a folder --out chooses, with the poster as A3 tiles."""
    other = tmp_path_factory.mktemp("again") / "elders"
    proc = run_cli("results", "build", str(SAMPLE), "--out", str(other), "--tile", "a3")
    assert proc.returncode == 0, proc.stderr
    return other, proc


def test_build_is_reproducible_and_out_chooses_the_folder(built, tiled):
    out, _ = built
    other, _ = tiled
    for name in OUTPUTS:
        assert (other / name).read_bytes() == (out / name).read_bytes(), name


# --- bad input ----------------------------------------------------------------------------

def _one_error_line(proc) -> str:
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.mark.parametrize("change, where, message", [
    (lambda d: d["acties"][5].update(eigenaar=""), "eigenaar: ''", "has no owner"),
    (lambda d: d["acties"][2].update(waarde="eerlijkheid"), "waarde: eerlijkheid",
     "unknown value 'eerlijkheid'"),
    (lambda d: d["acties"][0].update(mechanisme="controle"), "mechanisme: controle",
     "unknown mechanism 'controle'"),
    (lambda d: d["vervolg"].update(datum="17-06-2027"), "datum: 17-06-2027",
     "'vervolg.datum': '17-06-2027' is not a date"),
])
def test_bad_file_is_one_line_with_file_and_line(tmp_path, sample, change, where, message):
    data = copy.deepcopy(sample)
    change(data)
    path = write_variant(tmp_path, data)
    line_no = next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                   if line.strip().lstrip("- ") == where)
    line = _one_error_line(run_here("results", "build", str(path)))
    assert line.startswith(f"error: {path}:{line_no}: ")
    assert message in line and " — " in line
    assert not (tmp_path / "resultaten").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["resultaten.yaml"]


def test_failed_build_leaves_the_previous_results_untouched(tmp_path, sample):
    path = write_variant(tmp_path, sample)
    run_cli("results", "build", str(path), check=True)
    before = {p.name: p.read_bytes() for p in (tmp_path / "resultaten").iterdir()}
    bad = copy.deepcopy(sample)
    bad["acties"][0]["noodzaak"] = "heel hoog"
    write_variant(tmp_path, bad)
    _one_error_line(run_cli("results", "build", str(path)))
    after = {p.name: p.read_bytes() for p in (tmp_path / "resultaten").iterdir()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".resultaten.lock", "resultaten",
                                                          "resultaten.yaml"]


def test_a_folder_codio_print_did_not_make_is_refused_unless_forced(tmp_path):
    mine = tmp_path / "userout"
    mine.mkdir()
    (mine / "acties.csv").write_text("mine", encoding="utf-8")
    (mine / "vervolgsessie.ics").write_text("my own calendar", encoding="utf-8")
    line = _one_error_line(run_cli("results", "build", str(SAMPLE), "--out", "userout",
                                   cwd=tmp_path))
    assert line == ("error: userout exists and is not a results folder made by codio-print "
                    "— move it away, or choose another --out folder")
    assert (mine / "acties.csv").read_text(encoding="utf-8") == "mine"
    assert (mine / "vervolgsessie.ics").read_text(encoding="utf-8") == "my own calendar"
    run_cli("results", "build", str(SAMPLE), "--out", "userout", "--force", cwd=tmp_path,
            check=True)
    assert {p.name for p in mine.iterdir()} == OUTPUTS | {MARKER}


def test_missing_file_is_one_line(tmp_path):
    line = _one_error_line(run_here("results", "build", str(tmp_path / "geen.yaml")))
    assert "geen.yaml: file not found" in line


# --- many actions: smaller text, never cut off -----------------------------------------------

def _many(sample: dict, n: int) -> dict:
    data = copy.deepcopy(sample)
    base = data["acties"]
    letters = {"democratie": "A", "rechtsstaat": "B", "bestuurskracht": "C"}
    counted: dict[str, int] = {}
    data["acties"] = []
    for i in range(n):  # each group's actions numbered with its own letter: A1, B1, C1, A2 …
        action = copy.deepcopy(base[i % len(base)])
        counted[action["groep"]] = counted.get(action["groep"], 0) + 1
        action["id"] = f"{letters[action['groep']]}{counted[action['groep']]}"
        data["acties"].append(action)
    return data


def test_many_actions_shrink_the_text_but_keep_every_action(tmp_path, sample):
    data = _many(sample, 18)
    path = write_variant(tmp_path, data)
    proc = run_cli("results", "build", str(path), check=True)
    poster = tmp_path / "resultaten" / "actieplan.pdf"
    reader = PdfReader(poster)
    assert len(reader.pages) == 2 and "warning" not in proc.stderr
    found = [t for page in reader.pages for t, *_ in fragments(page)]
    for a in data["acties"]:
        assert found.count(a["id"]) == 2, a["id"]  # in the grid and on the second sheet
    text = flat(pdf_text(poster))
    assert all(flat(a["actie"]) in text for a in data["acties"])
    size = float(re.search(r"poster text ([\d.]+) pt", proc.stdout)[1])
    assert 34 <= size < 44


def test_too_many_actions_continue_on_a_second_page_with_a_warning(tmp_path, sample):
    data = _many(sample, 80)
    path = write_variant(tmp_path, data)
    proc = run_cli("results", "build", str(path), check=True)
    poster = tmp_path / "resultaten" / "actieplan.pdf"
    assert len(PdfReader(poster).pages) >= 2
    assert "warning: actieplan.pdf: the action plan does not fit on two A0 sheets" in proc.stderr
    text = flat(pdf_text(poster))
    assert all(flat(a["actie"]) in text for a in data["acties"])
    assert all(f"{a['id']} " in text or f"{a['id']}\n" in text for a in data["acties"])


# --- long words stay in their cell ------------------------------------------------------------

EMAIL = "digitaledienstverlening.proactief@gemeentearnhem.nl"


class Word(NamedTuple):
    text: str
    x0: float
    y0: float
    x1: float


def words(pdf: Path) -> list[list[Word]]:
    """Per page, every word pdftotext finds, with its left, top and right edge in pt."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [[Word(w, float(x0), float(y0), float(x1)) for x0, y0, x1, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
        page)] for page in html.split("<page ")[1:]]


def spelling(candidates: list[Word], text: str) -> list[Word]:
    """The words, top to bottom and left to right, that one after another spell ``text``."""
    ordered = sorted(candidates, key=lambda w: (round(w.y0), w.x0))
    for i in range(len(ordered)):
        joined = ""
        for j in range(i, len(ordered)):
            joined += ordered[j].text
            if joined == text:
                return ordered[i:j + 1]
            if not text.startswith(joined):
                break
    raise AssertionError(f"{text!r} is not printed in one place")


def _first(page: list[Word], text: str) -> Word:
    return next(w for w in page if w.text == text)


def _owner_variant(tmp_path, sample, owner: str, term: str) -> Path:
    data = copy.deepcopy(sample)
    a2 = next(a for a in data["acties"] if a["id"] == "A2")
    a2.update(eigenaar=owner, termijn=term)
    return write_variant(tmp_path, data)


def test_an_email_address_as_owner_wraps_inside_its_cell_and_box(tmp_path, sample):
    term = "na-evaluatiemoment-Q2"
    path = _owner_variant(tmp_path, sample, EMAIL, term)
    proc = run_cli("results", "build", str(path), check=True)
    assert "warning" not in proc.stderr
    out = tmp_path / "resultaten"

    # the report: the address and the term each in their own column of the action plan
    page = next(p for p in words(out / "verslag.pdf") if any(w.text == "Eigenaar" for w in p))
    owner, when, level = (_first(page, h) for h in ("Eigenaar", "Termijn", "Noodzaak"))
    parts = spelling([w for w in page if owner.x0 - 0.5 <= w.x0 < when.x0], EMAIL)
    assert all(w.x1 <= when.x0 for w in parts), parts
    parts = spelling([w for w in page if when.x0 - 0.5 <= w.x0 < level.x0], term)
    assert all(w.x1 <= level.x0 for w in parts), parts

    # the poster's second sheet: inside column A, which ends 28.4 mm before column B's
    # heading (column padding 7 + border 1.2, 12 between columns, column B's border 1.2 +
    # padding 7)
    page = words(out / "actieplan.pdf")[1]
    right = _first(page, "B").x0 - 28.4 * MM
    parts = spelling([w for w in page if w.x0 < right], EMAIL)
    assert all(w.x1 <= right + 0.5 for w in parts), (parts, right)


def test_text_that_still_runs_out_of_its_cell_is_an_error_naming_the_action(tmp_path, sample):
    """A workspace stylesheet that turns the wrapping off: not silence, but one line."""
    ws = tmp_path / "ws"
    run_cli("init", str(ws), check=True)
    (ws / "templates" / "css" / "eigen.css").write_text(
        "body .report { overflow-wrap: normal; }\n", encoding="utf-8")
    _owner_variant(tmp_path, sample, EMAIL, "Q2 2027")
    line = _one_error_line(run_cli("results", "build", "resultaten.yaml", "--config", "ws",
                                   cwd=tmp_path))
    assert line == (f"error: verslag, page 3: the owner of action A2 '{EMAIL}' does not fit "
                    "its box — shorten it")
    assert not (tmp_path / "resultaten").exists()


def test_a_5000_character_owner_and_3000_character_term_are_printed_whole(tmp_path, sample,
                                                                          built):
    path = _owner_variant(tmp_path, sample, "x" * 5000, "y" * 3000)
    proc = run_cli("results", "build", str(path), check=True)
    out = tmp_path / "resultaten"
    for name in ("verslag.pdf", "actieplan.pdf"):
        before = pdf_text(built[0] / name)  # the sample as it is, for the x and y it has
        text = "".join(pdf_text(out / name).split())
        assert text.count("x") - before.count("x") == 5000, name
        assert text.count("y") - before.count("y") == 3000, name
        reader = PdfReader(out / name)
        width = float(reader.pages[0].mediabox.width)
        for page in words(out / name):
            assert all(0 <= w.x0 and w.x1 <= width for w in page), name
    if len(PdfReader(out / "actieplan.pdf").pages) > 1:
        assert "the action plan does not fit on two A0 sheets" in proc.stderr


# --- init ---------------------------------------------------------------------------------

def test_init_writes_a_file_with_the_groups_that_builds(tmp_path):
    target = tmp_path / "resultaten.yaml"
    proc = run_cli("results", "init", "--case", "arnhem", "--participants",
                   str(DATA / "deelnemers-14.csv"), "--date", "2027-03-11", "--start", "13:00",
                   "--out", str(target))
    assert proc.returncode == 0, proc.stderr
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["sessie"]["casus"] == "arnhem"
    assert str(data["sessie"]["datum"]) == "2027-03-11" and data["sessie"]["start"] == "13:00"
    assert [g["fundament"] for g in data["sessie"]["groepen"]] == [
        "democratie", "rechtsstaat", "bestuurskracht"]
    assert sum(len(g["leden"]) for g in data["sessie"]["groepen"]) == 14

    again = run_cli("results", "init", "--case", "arnhem", "--out", str(target))
    assert "already exists" in _one_error_line(again) and "--force" in again.stderr
    assert run_cli("results", "init", "--case", "arnhem", "--date", "2027-03-11", "--force",
                   "--out", str(target)).returncode == 0
    assert "leden: []" in target.read_text(encoding="utf-8")

    built = run_cli("results", "build", str(target))
    assert built.returncode == 0, built.stderr
    assert {p.name for p in (tmp_path / "resultaten").iterdir()} == (
        OUTPUTS - {"vervolgsessie.ics"} | {MARKER})
    assert re.search(r"warning: no vervolgsessie.ics: .*resultaten.yaml:\d+: the follow-up "
                     r"session has no date", built.stderr)


def test_init_unknown_case_is_one_line(tmp_path):
    line = _one_error_line(run_cli("results", "init", "--case", "amsterdam",
                                   "--out", str(tmp_path / "r.yaml")))
    assert "unknown case 'amsterdam'" in line
    assert not list(tmp_path.iterdir())


# --- the poster as part of the kit: print file, screen file, tiles ------------------------

def test_poster_comes_for_the_print_shop_and_screens_with_tiles_on_request(tiled):
    """The same checks as a kit's files (`codio-print check`): PDF/X-4 in CMYK only for the
    print shop, PDF/UA for screens; and with --tile the poster as A3 sheets to glue."""
    from codio_print.printshop.preflight import check_pdf

    out, proc = tiled
    assert {p.name for p in out.iterdir()} == OUTPUTS | {MARKER, "actieplan-tegels-a3.pdf"}
    for name, profile in (("actieplan-drukwerk.pdf", "print"), ("actieplan.pdf", "screen")):
        check = check_pdf(name, (out / name).read_bytes(), "A0", profile, 2)
        assert check.ok, check.failures()
    printed = PdfReader(out / "actieplan-drukwerk.pdf")
    assert "PDF/X-4" in printed.xmp_metadata.stream.get_data().decode()
    assert "/OutputIntents" in printed.trailer["/Root"]
    assert flat(pdf_text(out / "actieplan-drukwerk.pdf")) == flat(pdf_text(out / "actieplan.pdf"))
    tiles = PdfReader(out / "actieplan-tegels-a3.pdf")
    first = tiles.pages[0].mediabox
    assert sorted((round(float(first.width) / MM), round(float(first.height) / MM))) == [297, 420]
    text = pdf_text(out / "actieplan-tegels-a3.pdf")
    assert "Bouwplan" in text and "blad 2 van 2" in text  # a building plan per sheet
    assert "warning" not in proc.stderr
