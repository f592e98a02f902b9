"""presentatie.pptx: the slides read from the deck's HTML, the speaker notes, a template's
layouts, reproducible bytes."""

from __future__ import annotations

import io
import re
import time as clock
from datetime import datetime, time, timezone

import lxml.html
import pytest
from pptx import Presentation
from pptx.util import Emu

from codio_print.inputs.content import load_content
from codio_print.inputs.pptx_template import load_template
from codio_print.inputs.theme import load_theme
from codio_print.kit.session import make_session
from codio_print.render.context import render_html
from codio_print.render.slides import build_pptx, read_slides, step_of

STAMP = datetime(2026, 12, 3, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def content():
    return load_content(only_case="arnhem")


@pytest.fixture(scope="module")
def html(content):
    theme = load_theme(None, content.fundamenten)
    session = make_session(content, 12, time(9, 30), None)
    return dict((p.id, h) for p, h in render_html(content, session, content.case("arnhem"),
                                                   theme=theme))["presentatie"]


def _deck(content, html, template=None) -> tuple[list, bytes]:
    slides = read_slides(html)
    data = build_pptx(slides, content.workshop, load_theme(None, content.fundamenten),
                      title="Presentatie", author="CODIO-PaD", stamp=STAMP, template=template)
    return slides, data


def test_every_slide_of_the_pdf_with_its_words(content, html):
    slides = read_slides(html)
    doc = lxml.html.fromstring(html)
    assert len(slides) == len(doc.find_class("slide")) >= 30
    assert slides[0].cover and slides[0].title == content.code.variant_naam
    assert slides[-1].cover and slides[-1].title == "Bedankt!"
    titles = [s.title for s in slides]
    assert "Waarom zijn we hier?" in titles and "Agenda" in titles
    s2b = next(s for s in slides if s.kicker == "Stap 2b · Deel 2")
    assert s2b.title == "Waarden opschrijven" and s2b.clock.endswith("5 min")
    assert any("Schrijf ieder voor zich" in "".join(r.text for r in b.runs)
               for b in s2b.blocks if b.kind == "task")


def test_the_notes_hold_the_facilitators_script_of_each_step(content, html):
    slides, data = _deck(content, html)
    deck = Presentation(io.BytesIO(data))
    assert len(deck.slides) == len(slides)
    notes = [s.notes_slide.notes_text_frame.text for s in deck.slides]
    assert all(n.strip() for n in notes)
    for s, n in zip(slides, notes):
        stap = step_of(s, content.workshop)
        for line in stap.begeleider:
            assert line in n, (s.title, line)
    i2b = next(i for i, s in enumerate(slides) if s.kicker == "Stap 2b · Deel 2")
    assert "Vraag iedereen om in stilte de voorkant van hand-out 2 in te vullen." in notes[i2b]
    assert notes[-1].startswith("Stap 7")  # "Bedankt!" closes step 7
    # the Deel 1 matrix is shown in stap 1: its notes are stap 1's, not the opening's
    matrix = next(i for i, s in enumerate(slides) if any(b.kind == "matrix" for b in s.blocks))
    assert notes[matrix].startswith("Stap 1: Beschrijving van de casus controleren")
    assert "Heet iedereen welkom." not in notes[matrix]
    # 4b shows the four questions of the action plan: the notes hold them too
    i4b = next(i for i, s in enumerate(slides) if s.kicker == "Stap 4b · Deel 3")
    for q in next(s for s in content.workshop.stappen if s.id == "stap-4").actieplan_vragen:
        assert q in notes[i4b], q


def test_every_slide_has_one_top_line_pattern(content, html):
    """Kicker "Stap n · Deel m" (or the opening's "Start"), the step's name as the title,
    its clock time and minutes after it (review N26)."""
    slides = read_slides(html)
    names = {s.id: s.naam for s in content.stappen for s in [s, *s.substappen]}
    for sub in (x for s in content.stappen for x in s.substappen):
        names.update({x.id: x.naam for x in sub.substappen})
    for s in slides[1:-1]:
        assert re.fullmatch(r"Start|Stap \d+[a-z]?\d?( · Deel \d)?", s.kicker), s.kicker
        assert re.fullmatch(r"\d\d:\d\d–\d\d:\d\d · \d+ min", s.clock), (s.title, s.clock)
        if s.stap != "start":
            assert s.title == names[s.stap], (s.kicker, s.title)
    assert next(s for s in slides if s.stap == "4b").title == "Poster invullen"


def test_16_9_in_the_organisations_colours(content, html):
    _, data = _deck(content, html)
    deck = Presentation(io.BytesIO(data))
    assert (deck.slide_width, deck.slide_height) == (Emu(12192000), Emu(6858000))
    cover = deck.slides[0]
    assert str(cover.background.fill.fore_color.rgb) == "154273"
    colours = {str(r.font.color.rgb) for s in deck.slides for sh in s.shapes
               if sh.has_text_frame for p in sh.text_frame.paragraphs for r in p.runs
               if r.font.color and r.font.color.type is not None}
    assert {"154273", "E17000", "1B1B1B"} <= colours  # primary titles, accent kickers, text
    fonts = {r.font.name for s in deck.slides for sh in s.shapes if sh.has_text_frame
             for p in sh.text_frame.paragraphs for r in p.runs}
    assert fonts == {"Atkinson Hyperlegible"}


def _slide_xml(deck, i: int) -> str:
    from lxml import etree
    return etree.tostring(deck.slides[i]._element, encoding="unicode")  # noqa: SLF001


def test_each_title_is_in_the_slides_title_placeholder(content, html):
    """The outline, navigation and PowerPoint's accessibility check read the titles."""
    slides, data = _deck(content, html)
    deck = Presentation(io.BytesIO(data))
    for s, slide in zip(slides, deck.slides):
        assert slide.shapes.title is not None, s.title
        assert slide.shapes.title.text_frame.text.startswith(s.title), s.title


def test_the_matrix_has_its_fills_lines_and_axis_labels(content, html):
    slides, data = _deck(content, html)
    deck = Presentation(io.BytesIO(data))
    i = next(i for i, s in enumerate(slides) if any(b.kind == "matrix" for b in s.blocks))
    slide = deck.slides[i]
    texts = " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
    assert "Herkomst van de data →" in texts
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    assert table.cell(0, 0).text_frame.text == "Mate van proactiviteit ↓"
    fills = {(r, c): str(table.cell(r, c).fill.fore_color.rgb)
             for r in range(1, 4) for c in range(1, 4)}
    here = {k for k, v in fills.items() if v == "154273"}  # the primary colour
    assert {table.cell(r, c).text_frame.text for r, c in here} == {"Gemeente Arnhem"}
    assert len(here) == 2  # hoog and matig, data from its own files
    assert set(fills.values()) == {"154273", "F2F2F2"}  # every other cell the tint
    assert _slide_xml(deck, i).count("<a:lnL ") == 16  # white lines between the cells


def test_the_tasks_are_filled_callouts(content, html):
    slides, data = _deck(content, html)
    deck = Presentation(io.BytesIO(data))
    i = next(i for i, s in enumerate(slides) if s.stap == "2b")
    box = next(sh for sh in deck.slides[i].shapes
               if sh.has_text_frame and sh.text_frame.text.startswith("Opdracht:"))
    assert box.fill.type == 1 and str(box.fill.fore_color.rgb) == "F2F2F2"  # solid, tint


def test_the_fonts_travel_inside_the_pptx(content, html):
    """Embedded as PowerPoint embeds them: EOT files in ppt/fonts, listed in
    presentation.xml, each unwrapping to the font the PDF uses."""
    import struct
    import zipfile

    from fontTools.ttLib import TTFont

    _, data = _deck(content, html)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        fonts = sorted(n for n in z.namelist() if n.startswith("ppt/fonts/"))
        pres = z.read("ppt/presentation.xml").decode()
        assert len(fonts) == 2 and all(n.endswith(".fntdata") for n in fonts)
        assert '<p:font typeface="Atkinson Hyperlegible"' in pres
        assert "<p:regular r:id=" in pres and "<p:bold r:id=" in pres
        for name in fonts:
            eot = z.read(name)
            size, font_size, version, flags = struct.unpack("<LLLL", eot[:16])
            assert (size, version, flags) == (len(eot), 0x00020001, 0)
            font = TTFont(io.BytesIO(eot[size - font_size:]))
            assert font["name"].getDebugName(1) == "Atkinson Hyperlegible"


def test_a_font_that_may_not_travel_gives_arial_and_says_so(tmp_path, content):
    from dataclasses import replace

    from fontTools.ttLib import TTFont

    from codio_print.inputs.fonts import Family, FontFace, faces
    from codio_print.render.slides.deck import font_note, look_of

    theme = load_theme(None, content.fundamenten)
    own = []
    for face in faces("Atkinson Hyperlegible"):
        font = TTFont(str(face.path))
        font["OS/2"].fsType = 0x0002  # restricted licence: no embedding
        font.save(tmp_path / face.path.name)
        own.append(FontFace("Huisstijl tekst", tmp_path / face.path.name, face.weight,
                            face.style))
    family = Family("Huisstijl tekst", tuple(own))
    theme = replace(theme, body=(family,), heading=(family,))
    look = look_of(theme)
    assert look.body_font == look.heading_font == "Arial"
    note = font_note(theme)
    assert "Atkinson Hyperlegible" in note and "Arial" in note and "Huisstijl" not in note


def test_the_same_input_gives_the_same_bytes(content, html):
    first = _deck(content, html)[1]
    clock.sleep(2.1)  # zip entries carry two-second times: a clock would show
    assert _deck(content, html)[1] == first


def test_a_template_of_its_own_gives_its_layouts(tmp_path, content, html):
    template = Presentation()
    template.slide_width, template.slide_height = Emu(12192000), Emu(6858000)
    example = template.slides.add_slide(template.slide_layouts[1])
    example.shapes.title.text = "Voorbeelddia van het sjabloon"
    path = tmp_path / "sjabloon.pptx"
    template.save(path)
    slides, data = _deck(content, html, template=load_template(path, tmp_path))
    deck = Presentation(io.BytesIO(data))
    assert len(deck.slides) == len(slides)  # the template's own example slide is gone
    layouts = [s.slide_layout.name for s in deck.slides]
    assert layouts[0] == "Title Slide" and layouts[-1] == "Title Slide"
    assert set(layouts[1:-1]) == {"Title and Content"}
    assert deck.slides[1].shapes.title.text == "Waarom zijn we hier?"
    body = next(ph for ph in deck.slides[1].placeholders if ph.placeholder_format.idx == 1)
    assert "Samen goed zien" in body.text_frame.text
    assert "Voorbeelddia" not in "".join(sh.text_frame.text for s in deck.slides
                                         for sh in s.shapes if sh.has_text_frame)


def test_a_potx_template_gives_a_deck_not_a_template(tmp_path, content, html):
    """A .potx (PowerPoint's template format) is used like a .pptx; the deck made from it is
    a presentation that PowerPoint opens as one (python-pptx refused the .potx before)."""
    import zipfile

    path = tmp_path / "sjabloon.potx"
    Presentation().save(path)
    with zipfile.ZipFile(path) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"presentationml.presentation.main+xml", b"presentationml.template.main+xml")
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    with pytest.raises(ValueError, match="not a PowerPoint file"):
        Presentation(str(path))  # python-pptx itself takes no .potx
    _, data = _deck(content, html, template=load_template(path, tmp_path))
    deck = Presentation(io.BytesIO(data))
    assert deck.part.content_type.endswith("presentationml.presentation.main+xml")
    assert deck.slides[1].slide_layout.name == "Title and Content"


def test_codio_print_soffice_chooses_the_libreoffice_or_none(monkeypatch, tmp_path):
    """CODIO_PRINT_SOFFICE names the program that makes presentatie.odp; empty: none."""
    from codio_print.errors import RenderError
    from codio_print.render.slides import soffice

    program = tmp_path / "mijn-office"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("CODIO_PRINT_SOFFICE", "mijn-office")
    assert soffice() == str(program)
    monkeypatch.setenv("CODIO_PRINT_SOFFICE", "")
    assert soffice() is None
    monkeypatch.setenv("CODIO_PRINT_SOFFICE", "bestaat-niet")
    with pytest.raises(RenderError, match="CODIO_PRINT_SOFFICE is 'bestaat-niet', which is "
                                          "not a program here"):
        soffice()
    monkeypatch.delenv("CODIO_PRINT_SOFFICE")
    assert soffice() is None  # nothing called soffice or libreoffice on this PATH
