"""The kit plan, the timeline and name fitting: no rendering."""

from __future__ import annotations

from datetime import time

from codio_print.inputs.content import load_content
from codio_print.kit.namefit import fit_name, text_width
from codio_print.kit.pieces import group_sizes, plan
from codio_print.kit.schedule import end_time, timeline


def test_group_sizes_differ_by_at_most_one():
    for n in range(3, 40):
        sizes = group_sizes(n)
        assert sum(sizes) == n and max(sizes) - min(sizes) <= 1


def test_plan_has_25_pieces_with_copies():
    content = load_content()
    pieces = plan(content, [5, 4, 4])
    assert len(pieces) == 25
    by_id = {p.id: p for p in pieces}
    assert by_id["handout-2a"].copies == 5 and by_id["handout-2c"].copies == 4
    assert by_id["casus"].copies == 14
    assert by_id["poster-bestuurskracht"].fundament.id == "bestuurskracht"
    named = {p.id: p for p in plan(content, [5, 4, 4], named=True)}
    assert named["handout-2a"].copies == 1  # the file holds each person's copy


def test_timeline_from_start():
    content = load_content()
    slots = {s.stap.id: s for s in timeline(content.stappen, time(9, 30))}
    assert slots["start"].tijd == "09:30–09:35"
    assert slots["stap-2"].tijd == "09:50–10:35"
    assert slots["2c3"].tijd == "10:10–10:30"  # after 2a, 2b, 2c1, 2c2 (5 min each)
    assert end_time(content.stappen, time(9, 30)) == time(12, 5)


def test_long_names_break_over_two_lines_and_shrink():
    short = fit_name("Bo Li", 265, 52)
    long = fit_name("Maria-Louisa van den Heuvel-Oppenoorth", 265, 52)
    assert short.lines == ("Bo Li",)
    assert len(long.lines) == 2 and long.size_pt < short.size_pt
    for line in long.lines:  # each line fits the card's width at the chosen size
        assert text_width(line, ("Atkinson Hyperlegible", "Noto Sans")) * long.size_pt <= 265 * 72 / 25.4
