"""huisstijl.yaml: what communications staff write, and what goes wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import fontpkg
import pytest
from PIL import Image

from codio_print.render.context import render_html
from codio_print.inputs.content import load_content
from codio_print.errors import ContentError
from codio_print.kit.session import make_session
from codio_print.render.templating import environment
from codio_print.inputs.theme import THEME_FILE, load_theme
from datetime import time


@pytest.fixture(scope="module")
def content():
    return load_content(only_case="arnhem")


def _theme_file(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / THEME_FILE
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in line)


def _png(path: Path, height: int) -> Path:
    Image.new("RGB", (height * 2, height), (200, 30, 60)).save(path)
    return path


def test_fields_override_the_defaults(tmp_path, content):
    _theme_file(tmp_path, 'organisatie: Gemeente Hoorn\nkleuren:\n  accent: "#0A7F6F"\n'
                          '  rechtsstaat: "#abc"\n')
    theme = load_theme(tmp_path, content.fundamenten)
    assert theme.organisation == "Gemeente Hoorn"
    assert theme.colours["accent"] == "#0a7f6f"
    assert theme.colours["rechtsstaat"] == "#aabbcc"
    assert theme.colours["primary"] == "#154273"  # not given: the default
    assert theme.colours["democratie"] == content.fundament("democratie").kleur.lower()


@pytest.mark.parametrize("text, needle, message, fix", [
    ("kleuren:\n  primair: #8b1e3f\n", "primair", "the colour is empty", 'in quotes'),
    ('kleuren:\n  accent: "oranje"\n', "accent", "'oranje' is not a colour", "#rrggbb"),
    ('kleuren:\n  paars: "#800080"\n', "paars", "unknown field 'kleuren.paars'", "remove"),
    ('lettertypen:\n  tekst: "Comic Sans"\n', "tekst",
     "font 'Comic Sans' is neither in codio-print nor installed on this computer",
     "installed fonts: "),
    ('lettertypen:\n  koppen: fonts/Huis-Bold.ttf\n', "koppen", "does not exist", ""),
    ("logo: logo.gif\n", "logo", "not an SVG or PNG", ""),
    ("logo: logo.svg\n", "logo", "does not exist", ""),
    ("logo: ../../elsewhere/logo.png\n", "logo", "outside the workspace", ""),
])
def test_bad_fields_name_file_and_line(tmp_path, content, text, needle, message, fix):
    path = _theme_file(tmp_path / "ws", text)
    with pytest.raises(ContentError) as err:
        load_theme(path.parent, content.fundamenten)
    assert message in err.value.message
    assert err.value.file == str(path) and err.value.line == _line_of(path, needle)
    assert fix in (err.value.fix or "")


@pytest.mark.parametrize("key", ["tekst", "koppen"])
def test_a_font_that_is_not_installed_gets_advice_that_exists(tmp_path, content, key):
    """The workspace chooses the name: never advise installing a package named after it."""
    path = _theme_file(tmp_path / "ws", f'lettertypen:\n  {key}: "Comic Sans"\n')
    with pytest.raises(ContentError) as err:
        load_theme(path.parent, content.fundamenten)
    line = err.value.one_line()
    assert line.startswith(f"{path}:2: font 'Comic Sans' is neither in codio-print nor "
                           "installed on this computer — ")
    assert "pip" not in line and "fontpkg-comic" not in line.lower()
    installed = sorted(f.name for f in fontpkg.families().values())
    assert installed and f"installed fonts: {', '.join(installed)}" in line
    assert all(suffix in line for suffix in (".ttf", ".otf", ".woff", ".woff2"))
    assert "huisstijl.yaml" in line and "workspace folder" in line


def test_a_token_font_that_is_not_installed_gets_advice_that_exists(tmp_path, content):
    """E21: a font named by the workspace's token file is the workspace's choice, not one of
    codio-print's own fonts: "install codio-print again" would not help."""
    ws = tmp_path / "ws"
    _theme_file(ws, "tokens: tokens.json\n")
    (ws / "tokens.json").write_text('{"basis": {"typography": {"font-family": {"default": '
                                    '{"value": "\\"Evil Sans\\", sans-serif"}}}}}')
    with pytest.raises(ContentError) as err:
        load_theme(ws, content.fundamenten)
    line = err.value.one_line()
    assert line.startswith(f"{ws / 'tokens.json'}:1: the font 'Evil Sans' of the token "
                           "'basis.typography.font-family.default' is not installed — ")
    assert "install codio-print" not in line and "pip" not in line
    installed = sorted(f.name for f in fontpkg.families().values())
    assert f"installed fonts: {', '.join(installed)}" in line
    assert "lettertypen" in err.value.fix


def test_only_a_missing_font_of_codio_print_itself_asks_to_install_it_again():
    from codio_print.inputs.fonts import DEFAULT_STACK, not_installed

    assert "install codio-print again" in not_installed(DEFAULT_STACK[0]).fix
    assert "install codio-print" not in not_installed("Evil Sans").fix


def test_a_near_miss_of_an_installed_font_is_named(tmp_path, content):
    path = _theme_file(tmp_path / "ws", 'lettertypen:\n  tekst: "Noto San"\n')
    with pytest.raises(ContentError) as err:
        load_theme(path.parent, content.fundamenten)
    assert err.value.fix.startswith("did you mean 'Noto Sans'? installed fonts: ")


def test_a_file_that_is_no_font(tmp_path, content):
    ws = tmp_path / "ws"
    (ws / "fonts").mkdir(parents=True)
    (ws / "fonts" / "x.ttf").write_text("not a font")
    path = _theme_file(ws, "lettertypen:\n  tekst: fonts/x.ttf\n")
    with pytest.raises(ContentError, match="not a font file") as err:
        load_theme(ws, content.fundamenten)
    assert err.value.line == _line_of(path, "tekst")


def test_the_line_of_the_bad_file_in_a_list(tmp_path, content):
    regular = fontpkg.family("Atkinson Hyperlegible").files[0].path
    shutil.copy(regular, tmp_path / "regular.ttf")
    path = _theme_file(tmp_path, "lettertypen:\n  tekst:\n    - regular.ttf\n    - notes.txt\n")
    with pytest.raises(ContentError, match="'notes.txt' is not a font file") as err:
        load_theme(tmp_path, content.fundamenten)
    assert err.value.line == _line_of(path, "notes.txt") == 4


def test_font_files_and_installed_fonts(tmp_path, content):
    atkinson = {f.path.name: f.path for f in fontpkg.family("Atkinson Hyperlegible").files}
    (tmp_path / "fonts").mkdir()
    for name in ("AtkinsonHyperlegible-Regular.ttf", "AtkinsonHyperlegible-Bold.ttf"):
        shutil.copy(atkinson[name], tmp_path / "fonts" / name)
    _theme_file(tmp_path, "lettertypen:\n  tekst: Noto Sans\n  koppen:\n"
                          "    - fonts/AtkinsonHyperlegible-Regular.ttf\n"
                          "    - fonts/AtkinsonHyperlegible-Bold.ttf\n")
    theme = load_theme(tmp_path, content.fundamenten)
    assert theme.body_stack.startswith('"Noto Sans"')
    assert theme.heading_stack.startswith('"Huisstijl koppen", "Noto Sans"')
    css = str(theme.font_css)
    assert css.count('font-family: "Huisstijl koppen"') == 2
    assert "font-weight: 700" in css and (tmp_path / "fonts").as_uri() in css
    assert tmp_path / "fonts" / "AtkinsonHyperlegible-Bold.ttf" in theme.files


@pytest.mark.parametrize("height, warned", [(120, True), (260, False)])
def test_a_small_png_logo_is_warned_about_for_the_poster(tmp_path, content, height, warned):
    _png(tmp_path / "logo.png", height)
    path = _theme_file(tmp_path, "organisatie: Gemeente Hoorn\nlogo: logo.png\n")
    theme = load_theme(tmp_path, content.fundamenten)
    warnings = theme.logo_warnings({"A4", "A2", "A1"})
    assert bool(warnings) == warned
    if warned:
        assert warnings[0].startswith(f"{path}:2: the logo logo.png is {height} px high")
        assert "A1 poster" in warnings[0] and "150 dpi" in warnings[0]
    assert not theme.logo_warnings({"A4"}) or height < 119  # A4 needs 10 mm at 300 dpi


def test_an_svg_logo_is_never_too_small(tmp_path, content):
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" '
                                       'height="10"><rect width="10" height="10"/></svg>')
    _theme_file(tmp_path, "logo: logo.svg\n")
    theme = load_theme(tmp_path, content.fundamenten)
    assert theme.logo_warnings({"A4", "A1", "A0"}) == []
    assert theme.logo.alt == "Logo"


def test_every_piece_gets_the_logo_with_alt_text_and_the_colours(tmp_path, content):
    _png(tmp_path / "logo.png", 300)
    _theme_file(tmp_path, 'organisatie: Gemeente Hoorn\nlogo: logo.png\nkleuren:\n'
                          '  primair: "#8b1e3f"\n  democratie: "#0a7f6f"\n')
    theme = load_theme(tmp_path, content.fundamenten)
    session = make_session(content, 12, time(9, 30), None)
    documents = render_html(content, session, content.case("arnhem"), environment(), theme)
    assert len(documents) == 25
    for piece, html in documents:
        assert 'alt="Logo van Gemeente Hoorn"' in html, piece.id
        assert (tmp_path / "logo.png").as_uri() in html
        assert "--primary: #8b1e3f;" in html and "--democratie: #0a7f6f;" in html
        assert f'height: {theme.logo_mm(piece.size)}mm' in html


def test_a_variable_font_is_bold_through_a_static_instance(tmp_path, monkeypatch):
    """Noto Sans is one variable file: for bold, a static instance is made once and kept, so
    the layout and the embedded font agree on every glyph's width (PDF/UA-1, PDF/A)."""
    from fontTools.ttLib import TTFont

    from codio_print.inputs import fonts

    regular, bold = [f for f in fonts.faces("Noto Sans") if f.style == "normal"]
    assert regular.weight == "400" and "fvar" in TTFont(regular.path)
    assert bold.weight == "700" and bold.path.is_relative_to(fonts.instance_folder())
    made = TTFont(bold.path)
    assert "fvar" not in made and made["OS/2"].usWeightClass == 700
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # made anew elsewhere:
    again = fonts.static_instance(regular.path, 700)
    assert again.is_relative_to(tmp_path) and again.read_bytes() == bold.path.read_bytes()
