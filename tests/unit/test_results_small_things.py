"""Small things from the trial (issue 23, item 9): the filled poster does not repeat the blank
poster's instruction, acties.csv ranks the actions 1 … n, and an action code whose letter is
not its group's is a warning."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from codio_print.inputs.content import load_content
from codio_print.results import build as results_build
from codio_print.results.build import build_results
from codio_print.results.exports import write_actions_csv
from codio_print.results.load import code_warnings, load_results

SAMPLE = Path(__file__).parent.parent / "data" / "resultaten-arnhem.yaml"


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture
def source(tmp_path) -> Path:
    path = tmp_path / "resultaten.yaml"
    shutil.copy(SAMPLE, path)
    return path


def test_the_filled_poster_does_not_ask_to_stick_notes(source, monkeypatch):
    html: dict[str, str] = {}

    def rendered(text, kind, allowed=(), profile=None, icc=None):
        html.setdefault(kind.key, text)
        return SimpleNamespace(pdf=b"%PDF", pages=2, warnings=[])

    monkeypatch.setattr(results_build, "_render", rendered)
    build_results(source)
    poster = html["actieplan"]
    assert "memoblaadjes" not in poster and "plak hier" not in poster
    assert "B1" in poster  # the notes themselves are there


def test_the_priority_in_acties_csv_is_a_rank_without_gaps(tmp_path, content):
    sample = load_results(SAMPLE, content)
    path = write_actions_csv(sample, content, tmp_path / "acties.csv")
    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines(),
                               delimiter=";"))
    assert [r["prioriteit"] for r in rows] == [str(n) for n in range(1, len(rows) + 1)]
    assert [r["id"] for r in rows][:3] == ["A1", "B1", "C1"]  # most urgent first


def test_three_actions_are_ranked_1_2_3(tmp_path, content):
    """The trial's case: three actions in the grid's cells 1, 4 and 5 are 1, 2 and 3."""
    results = load_results(SAMPLE, content)
    cells = [("hoog", "hoog"), ("midden", "hoog"), ("midden", "midden")]
    results = results.model_copy(update={"acties": [
        a.model_copy(update={"noodzaak": n, "belang": b})
        for a, (n, b) in zip(results.acties, cells)]})
    path = write_actions_csv(results, content, tmp_path / "acties.csv")
    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines(),
                               delimiter=";"))
    assert [r["prioriteit"] for r in rows] == ["1", "2", "3"]


def test_a_code_whose_letter_is_not_its_group_is_a_warning(source, content):
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("  - id: B2\n", "  - id: A6\n"), encoding="utf-8")
    results = load_results(source, content)
    warnings = code_warnings(results, content)
    assert len(warnings) == 1
    w = warnings[0]
    assert "A6" in w.message and "rechtsstaat" in w.message and "letter B" in w.message
    assert w.line == text.splitlines().index("  - id: B2") + 1 and w.key == "id"
    assert w.fix.startswith("call it B6")


def test_the_sample_follows_the_letters(content):
    assert code_warnings(load_results(SAMPLE, content), content) == []


def test_the_build_names_a_code_of_the_wrong_letter(source, monkeypatch):
    monkeypatch.setattr(results_build, "_render",
                        lambda *a, **k: SimpleNamespace(pdf=b"%PDF", pages=2, warnings=[]))
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("  - id: C1\n", "  - id: A9\n"), encoding="utf-8")
    report = build_results(source)
    assert any("action A9 is in group bestuurskracht, whose actions have the letter C" in w
               for w in report.warnings)


def test_a_run_without_spaces_gets_places_to_break_and_keeps_its_characters():
    """A pasted link or a key held down (5,000 x's) took WeasyPrint seconds to break; the
    text the templates get has a place to break every 20 characters, nothing else changes."""
    from codio_print.results.plan import ZWSP, flowing

    held = "x" * 5000
    flowed = flowing(f"  {held}\n y ")
    assert flowed.replace(ZWSP, "") == f"{held} y"
    assert max(len(word) for part in flowed.split(ZWSP) for word in part.split()) == 20
    address = "m.deboer@gemeente-utrecht.example"  # what people write stays as it was
    assert flowing(f"Mirjam  de Boer,\n{address}") == f"Mirjam de Boer, {address}"
