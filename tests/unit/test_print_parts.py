"""The parts of print production that need no rendering: colours, tile layout, job sheet rows,
the build date and the zip."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime, timezone

import pytest

from codio_print.kit import dates as stamp
from codio_print.printshop.bundle import write_zip
from codio_print.render.colour import (DEFAULT_ICC, MAX_INK, cmyk_svg, css_colour, css_palette,
                                palette, profile_name, to_cmyk)
from codio_print.inputs.content import load_content
from codio_print.printshop.jobsheet import CSV_HEADER, Contact, JobRow, Order, PRODUCTION, job_csv
from codio_print.kit.pieces import KINDS, PAGE_MM
from codio_print.inputs.options import BY_NAME
from codio_print.kit.profiles import MONO, PRINT, PROFILES, SCREEN, select
from codio_print.inputs.theme import load_theme
from codio_print.printshop.tiles import layout


@pytest.fixture(scope="module")
def colours():
    return palette(load_theme(None, load_content().fundamenten).colours)


# ---- colours --------------------------------------------------------------------------------

def test_screen_colours_are_hex(colours):
    assert all(str(v).startswith("#") and len(v) == 7 for v in css_palette(colours, False).values())


def test_print_colours_are_device_cmyk_only(colours):
    assert all(str(v).startswith("device-cmyk(") for v in css_palette(colours, True).values())


def test_neutral_greys_print_with_black_ink_only(colours):
    for name in ("ink", "muted", "line", "tint", "paper"):
        c, m, y, k = to_cmyk(colours[name], str(DEFAULT_ICC))
        assert (c, m, y) == (0, 0, 0), name


def test_greys_keep_their_order_in_black_ink(colours):
    k = {n: to_cmyk(colours[n], str(DEFAULT_ICC))[3] for n in ("ink", "muted", "line", "tint", "paper")}
    assert k["ink"] > k["muted"] > k["line"] > k["tint"] > k["paper"] == 0


def test_colours_stay_within_the_ink_limit(colours):
    for name, value in colours.items():
        assert sum(to_cmyk(value, str(DEFAULT_ICC))) <= MAX_INK + 0.001, name


def test_a_saturated_colour_uses_colour_inks(colours):
    c, m, y, k = to_cmyk(colours["democratie"], str(DEFAULT_ICC))
    assert c > 0.8 and y < 0.2  # a blue


def test_every_fundament_has_a_colour_and_a_tint(colours):
    for f in load_content().fundamenten:
        assert colours[f.id] == f.kleur.lower() and f"{f.id}-tint" in colours


def test_css_colour_is_markup_for_the_template():
    assert css_colour("#FFFFFF", True) == "device-cmyk(0 0 0 0)"
    assert css_colour("#ABCDEF", False) == "#abcdef"


def test_svg_colours_become_device_cmyk():
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="#c8102e"/>'
           b'<g style="stroke: rgb(0, 60, 120); fill:none"><use href="#abc"/></g>'
           b'<path fill="url(#grad)" stroke="white"/></svg>')
    out = cmyk_svg(svg).decode()
    assert 'fill="device-cmyk(0 0 0 1)"' in out.split(">")[0]  # default fill: black ink
    assert f'fill="{css_colour("#c8102e", True)}"' in out
    assert f"stroke: {css_colour('#003c78', True)}" in out
    assert 'stroke="device-cmyk(0 0 0 0)"' in out
    assert 'href="#abc"' in out and 'fill="url(#grad)"' in out and "fill:none" in out


def test_the_shipped_profile_is_named():
    assert profile_name() == "Artifex CMYK SWOP Profile"


# ---- profiles -------------------------------------------------------------------------------

def test_profile_choices():
    """The profile setting's allowed words (its one declaration, inputs/options.py) are the
    ones select() knows; a wrong word is refused where it was given (test_workspace), so
    select() has no message of its own."""
    assert set(BY_NAME["profile"].choices) == {*PROFILES, "all"}
    assert select("all") == (PRINT, SCREEN)
    assert select("screen") == (SCREEN,)
    assert select("mono") == (MONO,) and select("print") == (PRINT,)
    with pytest.raises(KeyError):
        select("pdf")


# ---- tiles ----------------------------------------------------------------------------------

@pytest.mark.parametrize("size", ["A1", "A2"])
@pytest.mark.parametrize("paper", ["A3", "A4"])
@pytest.mark.parametrize("landscape", [False, True])
def test_tiles_cover_the_poster_with_overlap(size, paper, landscape):
    w, h = PAGE_MM[size]
    if landscape:
        w, h = h, w
    plan = layout(w, h, paper)
    assert len(plan.tiles) == plan.rows * plan.cols
    for t in plan.tiles:
        assert t.w_mm <= plan.window_w + 1e-6 and t.h_mm <= plan.window_h + 1e-6
        if not t.last_col:   # the next one starts inside this one, by the glue strip
            right = next(n for n in plan.tiles if n.row == t.row and n.col == t.col + 1)
            assert t.x_mm + t.w_mm - right.x_mm == pytest.approx(plan.overlap)
        if not t.last_row:
            below = next(n for n in plan.tiles if n.col == t.col and n.row == t.row + 1)
            assert t.y_mm + t.h_mm - below.y_mm == pytest.approx(plan.overlap)
    last = plan.tiles[-1]
    assert (last.x_mm + last.w_mm, last.y_mm + last.h_mm) == pytest.approx((w, h))


@pytest.mark.parametrize("size", ["A0", "A1", "A2"])
@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_no_tile_carries_only_a_sliver(size, paper):
    """Usability problem 8: every sheet shows an equal share of the poster."""
    w, h = PAGE_MM[size]
    plan = layout(h, w, paper)  # landscape, as the action-plan poster
    widths = {round(t.w_mm, 6) for t in plan.tiles}
    heights = {round(t.h_mm, 6) for t in plan.tiles}
    assert len(widths) == len(heights) == 1
    assert min(widths) >= 0.5 * plan.window_w and min(heights) >= 0.5 * (plan.window_h - 14)


@pytest.mark.parametrize("paper", ["A3", "A4"])
def test_tiles_leave_room_for_their_labels_where_a_printer_prints(paper):
    """Below each sheet's part of the poster: 14 mm for the code and glue labels, and the
    5 mm an office printer cannot reach."""
    plan = layout(1189, 841, paper)
    for t in plan.tiles:
        assert plan.page_h - plan.margin - t.h_mm >= 14 + 5 - 1e-6


def test_tile_layout_picks_the_orientation_with_fewest_sheets():
    plan = layout(841, 594, "A3")  # A1 landscape
    assert (plan.page_w, plan.page_h, plan.cols, plan.rows) == (297, 420, 4, 2)


def test_tile_codes_are_row_letter_and_column_number():
    plan = layout(420, 594, "A3")
    assert [t.code for t in plan.tiles] == ["A1", "A2", "B1", "B2"]


def test_building_plan_miniature_fits_below_the_instructions():
    for paper in ("A3", "A4"):
        plan = layout(841, 594, paper)
        assert plan.mini_w <= plan.window_w + 1e-6
        assert plan.mini_bottom >= plan.margin - 1e-6


# ---- job sheet ------------------------------------------------------------------------------

def test_every_kind_has_production_notes():
    assert {k.key for k in KINDS} == set(PRODUCTION)


def _row(**kw) -> JobRow:
    base = dict(file="x.pdf", title="X", width_mm=338.667, height_mm=190.5, size="16:9",
                pages=3, copies=2, sides=2, bleed_pages=(1, 3), paper="p", finishing="f")
    return JobRow(**{**base, **kw})


def test_job_row_texts():
    row = _row()
    assert row.finished == "338,7 × 190,5 mm"
    assert row.orientation == "liggend"
    assert row.printing == "4/4 dubbelzijdig"
    assert row.sheets == 4  # 3 pages two-sided is 2 sheets, twice
    assert row.bleed == "3 mm rondom op p. 1, 3"
    assert _row(bleed_pages=(1, 2, 3)).bleed == "3 mm rondom"
    assert _row(bleed_pages=()).bleed == "geen"


def test_job_csv_is_semicolons_with_bom():
    data = job_csv([_row(title="Poster; groot")], Order("Org", Contact(), "P"))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(CSV_HEADER)
    assert rows[1][1] == "Poster; groot"  # quoted, not split
    assert b"\r\n" in data



def test_job_csv_cells_never_start_a_formula():
    data = job_csv([_row(title="=HYPERLINK(\"http://x\")", paper="@SUM(1)")],
                   Order("Org", Contact(), "P"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1] == "'=HYPERLINK(\"http://x\")"
    assert rows[1][9] == "'@SUM(1)"

# ---- reproducible dates and zip ---------------------------------------------------------------

def test_build_time_is_the_session_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert stamp.build_time(date(2026, 3, 12)) == datetime(2026, 3, 12, tzinfo=timezone.utc)


def test_build_time_honours_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert stamp.build_time(None) == datetime.fromtimestamp(1800000000, tz=timezone.utc)


def test_build_time_without_either_is_fixed(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert stamp.build_time(None) == stamp.FALLBACK


def test_zip_bytes_depend_only_on_the_entries(tmp_path):
    entries = [("b.csv", b"1;2\r\n"), ("a.pdf", b"%PDF-1.7 ...")]
    write_zip(tmp_path / "1.zip", entries, (2026, 3, 12, 0, 0, 0))
    write_zip(tmp_path / "2.zip", entries, (2026, 3, 12, 0, 0, 0))
    assert (tmp_path / "1.zip").read_bytes() == (tmp_path / "2.zip").read_bytes()
    archive = zipfile.ZipFile(tmp_path / "1.zip")
    assert archive.namelist() == ["b.csv", "a.pdf"]
    assert {i.date_time for i in archive.infolist()} == {(2026, 3, 12, 0, 0, 0)}
