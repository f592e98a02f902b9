"""The noodzaak × belang chart and the plan the poster and the report are filled from."""

from __future__ import annotations

import base64
import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from codio_print.results import chart
from codio_print.inputs.content import load_content
from codio_print.results.load import load_results
from codio_print.results.plan import make_plan, termijn_text

SAMPLE = Path(__file__).parent.parent / "data" / "resultaten-arnhem.yaml"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def plan(content):
    return make_plan(content, load_results(SAMPLE, content))


def _cell_of(x: float, y: float) -> tuple[str, str]:
    """(noodzaak, belang) of the cell that contains the point."""
    col = int((x - chart.LEFT) // chart.CELL_W)
    row = int((y - chart.TOP) // chart.CELL_H)
    return chart.LEVELS[2 - row], chart.LEVELS[col]


def _points(n: int, noodzaak: str = "hoog", belang: str = "hoog") -> list[chart.Point]:
    return [chart.Point(f"A{i}", noodzaak, belang, "#1D5FA0") for i in range(1, n + 1)]


@pytest.mark.parametrize("n", [1, 2, 3, 5, 9, 14, 30])
def test_dots_in_one_cell_stay_inside_and_do_not_overlap(n):
    placed = chart.place(_points(n, "midden", "laag"))
    assert len(placed) == n
    for d in placed:
        assert _cell_of(d.x - d.r, d.y - d.r) == ("midden", "laag")
        assert _cell_of(d.x + d.r, d.y + d.r) == ("midden", "laag")
    for a, b in itertools.combinations(placed, 2):
        assert (a.x - b.x) ** 2 + (a.y - b.y) ** 2 >= (a.r + b.r) ** 2


def test_every_action_is_drawn_in_its_own_cell(plan):
    points = [chart.Point(a.id, a.noodzaak, a.belang, a.fundament.kleur) for a in plan.actions]
    for d in chart.place(points):
        assert _cell_of(d.x, d.y) == (d.point.noodzaak, d.point.belang), d.point.id


def test_the_chart_is_the_same_every_time_and_cells_do_not_disturb_each_other(content):
    a = make_plan(content, load_results(SAMPLE, content))
    b = make_plan(content, load_results(SAMPLE, content))
    assert a.chart_uri == b.chart_uri
    alone = chart.place(_points(3))
    together = chart.place(_points(3) + [chart.Point("B1", "laag", "laag", "#A8322D")])
    assert together[:3] == alone


def test_svg_has_axes_levels_ids_and_fundament_colours(plan, content):
    svg = base64.b64decode(plan.chart_uri.split(",", 1)[1]).decode()
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Noodzaak" in texts and "Belang" in texts
    assert texts.count("laag") == texts.count("midden") == texts.count("hoog") == 2
    assert sorted(t for t in texts if re.fullmatch(r"[ABC][0-9]+", t or "")) == sorted(a.id for a in plan.actions)
    fills = {c.get("fill") for c in root.iter(f"{SVG}circle")}
    assert fills == {f.kleur for f in content.fundamenten}


def test_alt_text_names_every_action_by_cell(plan):
    alt = plan.chart_alt
    assert "noodzaak hoog, belang hoog: A1, B1, C1" in alt
    assert "noodzaak laag, belang midden: C4" in alt
    for a in plan.actions:
        assert a.id in alt
    assert chart.describe([]).endswith("zonder acties.")


# --- the plan --------------------------------------------------------------------------------

def test_plan_grid_puts_each_action_in_its_cell(plan):
    assert [a.id for a in plan.grid["hoog"]["hoog"]] == ["A1", "B1", "C1"]
    assert [a.id for a in plan.grid["hoog"]["midden"]] == ["A2", "B3", "B4"]
    assert [a.id for a in plan.grid["laag"]["midden"]] == ["C4"]
    assert plan.grid["laag"]["laag"] == []
    assert sum(len(c) for row in plan.grid.values() for c in row.values()) == 12


def test_plan_columns_and_order(plan):
    assert list(plan.columns) == ["democratie", "rechtsstaat", "bestuurskracht"]
    demo = plan.columns["democratie"]
    assert [a.id for a in demo.acties] == ["A1", "A2", "A3", "A4"]
    assert [r.waarde.id for r in demo.gekozen] == ["toegankelijkheid", "transparantie",
                                                   "inclusie", "vertrouwen"]
    assert demo.leden[0] == "Sanne Verhoeven"
    assert [a.id for a in plan.actions][:3] == ["A1", "B1", "C1"]
    assert plan.actions[-1].id == "C4"


def test_plan_pairs_stap4_answers_with_questions_and_keeps_the_checklist(plan, content):
    stap4 = next(s for s in content.stappen if s.id == "stap-4")
    assert [a.vraag for a in plan.answers] == stap4.actieplan_vragen
    assert plan.answers[1].antwoord.startswith("Marleen Kuipers, afdelingshoofd")
    assert [p.klaar for p in plan.checklist].count(False) == 1
    v = plan.vervolg
    assert (v.begin.isoformat(), v.eind.isoformat()) == ("14:00:00", "15:30:00")


@pytest.mark.parametrize("text, shown", [
    ("2027-05-01", "1 mei 2027"), ("Q2 2027", "Q2 2027"), ("2027-02-30", "2027-02-30"),
    ("  voor   de zomer ", "voor de zomer"), ("", ""),
])
def test_termijn_text(text, shown):
    assert termijn_text(text) == shown
