"""Issue 14: where each piece is printed, the print presets, the job sheet's contact details.
(The preflight of rendered pages is in tests/e2e/test_preflight_pages.py.)"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from codio_print import paths
from codio_print.errors import CodioError
from codio_print.inputs.content import load_content
from codio_print.inputs.settings import resolve
from codio_print.inputs.workspace import PRESET_IDS
from codio_print.kit.pieces import plan
from codio_print.kit.printplan import plan_printing, sheets
from codio_print.printshop import presets
from codio_print.printshop.jobsheet import Contact

@pytest.fixture(scope="module")
def content():
    return load_content(only_case="arnhem")


def pieces(content, named=False):
    return plan(content, [4, 4, 4], named=named)


def places(content, named=False, **given):
    settings = resolve(None, case="arnhem", **given)
    printing = plan_printing(settings, pieces(content, named), named)
    return {p.id: printing.of(p).where for p in pieces(content, named)}, printing


# ---- where each piece is printed -------------------------------------------------------------

def test_defaults_office_for_paper_shop_for_posters_and_cards(content):
    where, _ = places(content)
    assert where["casus"] == where["handout-2a"] == where["handout-3b"] == "kantoor"
    assert where["draaiboek"] == "kantoor" and where["presentatie"] == "niet"
    assert where["handout-5"] == where["poster-rechtsstaat"] == where["flipover"] == "drukker"
    assert where["naamkaartjes"] == "drukker"  # blank cards, on card stock


def test_names_stay_in_the_office_unless_asked(content):
    where, printing = places(content, named=True)
    assert where["naamkaartjes"] == "kantoor"
    assert printing.of(next(p for p in pieces(content, True) if p.id == "naamkaartjes")).why \
        == "names"
    asked, _ = places(content, named=True, destinations=["naamkaartjes=drukker",
                                                         "handout-2=shop"])
    assert asked["naamkaartjes"] == asked["handout-2a"] == asked["handout-2c"] == "drukker"


def test_tile_takes_the_shops_posters_and_a_piece_can_be_tiled_alone(content):
    where, printing = places(content, tile="a3")
    assert {where[i] for i in ("handout-5", "poster-democratie", "flipover")} == {"tegels"}
    alone, printing = places(content, destinations=["handout-5=tegels"])
    assert alone["handout-5"] == "tegels" and alone["flipover"] == "drukker"
    assert printing.tile == "a3"
    assert printing.file(next(p for p in pieces(content) if p.id == "handout-5")) == \
        "tegels/handout-5-a3.pdf"


def test_one_file_of_a_kind_can_go_elsewhere(content):
    where, _ = places(content, destinations=["poster-rechtsstaat=kantoor"])
    assert where["poster-rechtsstaat"] == "kantoor" and where["poster-democratie"] == "drukker"


@pytest.mark.parametrize("given, message", [
    ("naamkaartje=drukker", "--destination 'naamkaartje' is not a piece of the kit"),
    ("casus=tegels", "--destination 'casus' cannot be tiled"),
    ("casus=printer", "--destination 'casus=printer': 'printer' is not a place to print"),
    ("casus", "--destination 'casus' says no piece or no place"),
])
def test_a_wrong_destination_is_one_line(content, given, message):
    with pytest.raises(CodioError) as info:
        places(content, destinations=[given])
    assert info.value.one_line().startswith(message)


def test_sheets_count_sides_and_copies():
    assert sheets(13, 3, 2) == 26 and sheets(13, 2, 2) == 13 and sheets(1, 1, 2) == 1
    assert sheets(1, 14, 1) == 14


def test_materials_rows_join_the_abc_files_and_count_sheets(content):
    _, printing = places(content)
    ps = pieces(content)
    printing = printing.with_pages({p.id: 2 for p in ps})
    rows = {r.kind.key: r for r in printing.rows(ps)}
    assert rows["handout-1"].file_text == "screen/handout-1a.pdf, 1b.pdf, 1c.pdf"
    assert rows["handout-1"].sheets == 3 and rows["handout-1"].sides == 2
    assert rows["casus"].sheets == 13  # 13 copies of 2 pages, two-sided
    assert rows["poster"].file_text == "drukwerk.zip"


# ---- presets -----------------------------------------------------------------------------------

def _named_profile(tmp_path: Path, name: str) -> Path:
    """The shipped profile under another name (its 'desc' tag, same length): a stand-in for an
    ECI profile, which may not be shipped or downloaded here."""
    data = paths.DEFAULT_ICC.read_bytes()
    old = b"Artifex CMYK SWOP Profile"
    assert len(name) == len(old) and data.count(old) == 1
    path = tmp_path / "profile.icc"
    path.write_bytes(data.replace(old, name.encode("ascii")))
    return path


def test_the_presets_are_sessie_yamls_choices():
    assert tuple(presets.PRESETS) == PRESET_IDS
    assert {p.id: p.max_ink for p in presets.PRESETS.values()} == {
        "standaard": 300, "fogra39": 330, "fogra39-300": 300, "fogra51": 300, "fogra52": 300}


def test_a_preset_without_its_profile_says_where_to_get_it():
    settings = resolve(None, case="arnhem", preset="fogra39")
    with pytest.raises(CodioError) as info:
        presets.chosen(settings)
    line = info.value.one_line()
    assert line.startswith("--preset 'fogra39' needs the ICC profile ISO Coated v2 (ECI)")
    assert "ISOcoated_v2_eci.icc" in line and "eci.org" in line and "--icc" in line


def test_a_profile_is_recognised_by_its_name(tmp_path):
    icc = _named_profile(tmp_path, "ISO Coated v2 (ECI) dummy")
    chosen = presets.chosen(resolve(None, case="arnhem", icc=icc))
    assert chosen.preset.id == "fogra39" and chosen.max_ink == 330 and not chosen.warnings
    assert chosen.preset.label == "FOGRA39 (ISO Coated v2 (ECI))"


def test_a_profile_that_does_not_match_the_preset_is_a_warning(tmp_path):
    icc = _named_profile(tmp_path, "Some Shop Profile (2024)!")
    chosen = presets.chosen(resolve(None, case="arnhem", icc=icc, preset="fogra51"))
    assert chosen.preset.id == "fogra51" and chosen.max_ink == 300
    assert "does not look like FOGRA51 (PSO Coated v3)" in chosen.warnings[0]


def test_the_default_is_the_shipped_profile_with_3_mm_bleed():
    chosen = presets.chosen(resolve(None, case="arnhem"))
    assert chosen.preset is presets.SHIPPED and chosen.icc == paths.DEFAULT_ICC
    assert chosen.bleed_mm == 3 and chosen.max_ink == 300
    assert presets.chosen(resolve(None, case="arnhem", bleed=2)).bleed_mm == 2


# ---- the job sheet -----------------------------------------------------------------------------

def test_contact_details_missing_are_named_with_their_option_and_key():
    contact = Contact(contact="Jan", phone="030 123", deliver_by=date(2026, 3, 5))
    assert [m[0] for m in contact.missing] == ["e-mail", "delivery address", "order reference"]
    note = contact.missing_note(workspace=True)
    assert note.startswith("note: the print shop's job sheet has no e-mail, delivery address,"
                           " order reference — give --email, --address, --reference")
    assert "(email, afleveradres, referentie)" in note and "\n" not in note
    assert Contact("a", "b", "c", "d", "e", date(2026, 1, 1)).missing_note(workspace=False) \
        is None


def test_a_wrong_piece_in_sessie_yaml_names_its_line(content, tmp_path):
    from codio_print.inputs.workspace import load_session
    from codio_print.scaffold.workspace import init

    init(tmp_path / "ws")
    path = tmp_path / "ws" / "sessie.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  # stukken:\n  #   naamkaartjes: drukker\n  #   handout-5: tegels\n",
        "  stukken:\n    naamkaartje: drukker\n")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    naamkaartje: drukker") + 1
    settings = resolve(load_session(path), case="arnhem")
    assert settings.destinations == {"naamkaartje": "drukker"}
    with pytest.raises(CodioError) as info:
        plan_printing(settings, pieces(content), False)
    assert info.value.one_line().startswith(f"{path}:{line}: 'naamkaartje' is not a piece")


def test_the_shops_details_come_from_sessie_yaml_and_options_win(tmp_path):
    from codio_print.inputs.workspace import load_session
    from codio_print.scaffold.workspace import init

    init(tmp_path / "ws")
    path = tmp_path / "ws" / "sessie.yaml"
    path.write_text(path.read_text(encoding="utf-8")
                    .replace('telefoon: ""', 'telefoon: "030 1"')
                    .replace('email: ""', "email: a@b.nl")
                    .replace("afloop: 3", "afloop: 2"), encoding="utf-8")
    settings = resolve(load_session(path), email="c@d.nl")
    assert (settings.phone, settings.email, settings.bleed) == ("030 1", "c@d.nl", 2)
    assert str(settings.origin("phone")).startswith(f"{path}:")


def test_the_preflight_page_says_per_file_what_passed_and_what_failed(content):
    """The page in the shop's zip, in Dutch, with a failing file's problem named."""
    from datetime import time

    from codio_print.kit.session import make_session
    from codio_print.printshop.jobsheet import Order
    from codio_print.printshop.preflight import FileCheck
    from codio_print.printshop.preflight_page import preflight_html
    from codio_print.render.context import context
    from codio_print.render.templating import environment

    session = make_session(content, 12, time(13, 0), None)
    base = context(content, session, content.case("arnhem"), pieces(content))
    good = FileCheck("poster-democratie.pdf", {p: [] for p in ("opens", "boxes", "ink")})
    bad = FileCheck("flipover.pdf", {"opens": [], "ink": ["page 1: 340 % ink at 12 × 12 mm "
                                                         "from the top left, over 300 %"]})
    order = Order("Gemeente Arnhem", Contact(), "Artifex CMYK SWOP Profile", preset="",
                  max_ink=300, bleed_mm=3)
    html = " ".join(preflight_html(environment(), base, [good, bad], order).split())
    assert "1 van de 2 bestanden voldoen niet: zie de opmerkingen." in html
    assert "<strong>inkt</strong>: totale inktdekking op de gerenderde pagina" in html
    row = html[html.index("flipover.pdf"):]
    cells = [c.split(">")[-1] for c in row.split("</td>")[:10]]
    # opent, formaat, letters, kleur, inkt, annotaties, titel, bijlagen, actief; the remarks
    assert cells[:9] == ["goed", "–", "–", "–", "FOUT", "–", "–", "–", "–"]
    assert "inkt: page 1: 340 % ink" in cells[9]


def test_the_build_says_where_each_piece_goes_and_when_there_is_no_zip(content):
    from codio_print.builder.report import PieceMade, Report
    from codio_print.cli.summary import printing
    from codio_print.kit.profiles import PRINT, SCREEN

    _, plan_ = places(content)
    made = tuple(PieceMade(p.id, p.title, p.size, p.copies, plan_.of(p).where, plan_.file(p),
                           False, (), p.kind.key, plan_.of(p).why) for p in pieces(content))

    def lines(*profiles):
        return printing(Report("arnhem", Path("build/arnhem"), 1.0, profiles=profiles,
                               pieces=made))

    assert lines(PRINT, SCREEN) == ["To print: office (screen/) 18 files · print shop "
                                    "(drukwerk.zip) 6 files · not printed: presentatie"]
    assert lines(SCREEN)[0] == ("To print: office (screen/) 18 files · print shop "
                                "(drukwerk.zip) 6 files (no drukwerk.zip: this build makes no "
                                "print files; --profile print or all does) · not printed: "
                                "presentatie")


def test_a_note_for_the_print_shop_is_on_the_job_sheet_only_when_given(content, tmp_path):
    """A setting added with one declaration (inputs/options.py shop_note) and the code that
    uses it: sessie.yaml's drukwerk.opmerking (or --shop-note) is printed on the job sheet,
    kept in printopdracht.json's order; without one the job sheet is as it was."""
    from datetime import time

    from codio_print.inputs.options import BY_NAME
    from codio_print.inputs.workspace import load_session
    from codio_print.kit.session import make_session
    from codio_print.printshop.jobsheet import JOB_SHEET, Order
    from codio_print.render.context import context
    from codio_print.render.templating import environment, render
    from codio_print.scaffold.workspace import init

    init(tmp_path / "ws")
    session = tmp_path / "ws" / "sessie.yaml"
    text = session.read_text(encoding="utf-8")
    assert "# Een opmerking voor de drukker" in text  # init explains it, from the table
    session.write_text(text.replace('opmerking: ""', "opmerking: Per set verpakken"),
                       encoding="utf-8")
    from_file = resolve(load_session(session))
    assert from_file.shop_note == "Per set verpakken"
    assert resolve(load_session(session), shop_note="Geseald").shop_note == "Geseald"
    assert BY_NAME["shop_note"].flag == "--shop-note"
    base = context(content, make_session(content, 12, time(13, 0), None),
                   content.case("arnhem"), pieces(content))

    def sheet(settings) -> str:
        order = Order("Gemeente Arnhem", Contact.of(settings), "Artifex CMYK SWOP Profile",
                      shop_note=settings.shop_note)
        return " ".join(render(environment(), JOB_SHEET.kind.template,
                               {**base, "piece": JOB_SHEET, "fundament": None, "rows": [],
                                "order": order}).split())

    assert 'Opmerking</span><span class="v small">Per set verpakken' in sheet(from_file)
    assert "Opmerking" not in sheet(resolve(None, case="arnhem"))
