"""The organisation's colours: exact CMYK, design tokens, WCAG contrast, greys for mono."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codio_print.errors import ContentError
from codio_print.inputs.content import load_content
from codio_print.inputs.theme import THEME_FILE, load_theme
from codio_print.render import contrast
from codio_print.render.colour import css_palette, exact_palette, grey_of, palette


@pytest.fixture(scope="module")
def fundamenten():
    return load_content(only_case="").fundamenten


def _ws(folder: Path, huisstijl: str, tokens: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / THEME_FILE).write_text(huisstijl, encoding="utf-8")
    if tokens is not None:
        (folder / "tokens.json").write_text(json.dumps(tokens, indent=2), encoding="utf-8")
    return folder


def _line(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


# Our own token file, in the form NL Design System packages publish (Style Dictionary's
# nested JSON with the shared basis.* names); no organisation's tokens are bundled.
TOKENS = {
    "gemeente": {"color": {"blauw": {"500": {"value": "#00689e"}},
                           "oranje": {"700": {"$value": "#a85400"}}}},
    "basis": {
        "color": {
            "accent-1": {"color-default": {"value": "{gemeente.color.blauw.500}"}},
            "accent-2": {"color-default": {"value": "{gemeente.color.oranje.700.value}"}},
        },
        "typography": {"font-family": {"default": {
            "value": "\"Avenir Next\", \"Noto Sans\", Arial, sans-serif"}}},
        "heading": {"font-family": {"value": "Almarai, sans-serif"}},
    },
}


def test_tokens_give_colours_and_fonts(tmp_path, fundamenten):
    ws = _ws(tmp_path, 'tokens: tokens.json\nkleuren:\n  primair: "#154273"\n', TOKENS)
    theme = load_theme(ws, fundamenten)
    assert theme.colours["primary"] == "#00689e"  # the token wins over the file's default
    assert theme.colours["accent"] == "#a85400"
    assert theme.body[0] == "Noto Sans"  # the first installed family of the token's stack
    assert theme.heading[0] == "Almarai"
    assert theme.colours["democratie"] == next(f for f in fundamenten
                                               if f.id == "democratie").kleur.lower()
    file, line, key = theme.colour_origin("primary")
    assert file == ws / "tokens.json" and key == "basis.color.accent-1.color-default"
    assert line == _line(ws / "tokens.json", '"value": "{gemeente.color.blauw.500}"')
    assert ws / "tokens.json" in theme.files  # watch rebuilds when it changes


def test_an_installed_token_package(tmp_path, fundamenten):
    ws = _ws(tmp_path, 'tokens: "@gemeente/design-tokens"\n')
    dist = ws / "node_modules" / "@gemeente" / "design-tokens" / "dist"
    dist.mkdir(parents=True)
    (dist / "tokens.json").write_text(json.dumps(TOKENS), encoding="utf-8")
    assert load_theme(ws, fundamenten).colours["primary"] == "#00689e"


@pytest.mark.parametrize("tokens, spec, where, message", [
    ({"basis": {"typography": {"font-family": {"default": {"value": "Avenir, sans-serif"}}}}},
     "tokens.json", "tokens.json", "the font 'Avenir' of the token "
                                   "'basis.typography.font-family.default' is not installed"),
    ({"basis": {"color": {"accent-1": {"color-default": {"value": "{basis.color.nergens}"}}}}},
     "tokens.json", "tokens.json", "refers to '{basis.color.nergens}'"),
    ({"basis": {"color": {"accent-1": {"color-default": {"value": "rgb(0 0 0 / 50%)"}}}}},
     "tokens.json", "tokens.json", "not a colour codio-print can print"),
    ({"andere": {"kleur": "#000000"}}, "tokens.json", "tokens.json", "none of the basis tokens"),
    (None, "@gemeente/nergens", THEME_FILE, "no token file for '@gemeente/nergens': looked in"),
    (None, "../tokens.json", THEME_FILE, "lies outside the workspace"),
])
def test_token_mistakes_are_one_line(tmp_path, fundamenten, tokens, spec, where, message):
    ws = _ws(tmp_path, f'organisatie: X\ntokens: "{spec}"\n', tokens)
    with pytest.raises(ContentError) as exc:
        load_theme(ws, fundamenten)
    assert message in exc.value.message, exc.value.one_line()
    assert Path(exc.value.file).name == where and exc.value.line


@pytest.mark.parametrize("spec", ["@gemeente/design-tokens", "design-tokens",
                                  "evil-tokens\\nnpm install evil"])
def test_a_missing_token_package_is_never_advised_to_be_installed(tmp_path, fundamenten, spec):
    """E19: the name comes from the workspace; advising 'npm install <name>' would lure its
    user into running the install scripts of whatever package is registered under it."""
    ws = _ws(tmp_path, f'tokens: "{spec}"\n')
    with pytest.raises(ContentError) as exc:
        load_theme(ws, fundamenten)
    assert "install" not in (exc.value.fix or "")
    assert "node_modules" in exc.value.message  # where it was looked for
    assert "tokens: tokens.json" in exc.value.fix  # what to do instead


def _chain(references: int) -> dict:
    """The primary colour through ``references`` references in a row."""
    steps = {f"t{i}": {"value": f"{{keten.t{i + 1}}}"} for i in range(1, references)}
    steps[f"t{references}"] = {"value": "#00689e"}
    return {"basis": {"color": {"accent-1": {"color-default": {"value": "{keten.t1}"}}}},
            "keten": steps}


def test_a_chain_of_references_is_followed_up_to_its_limit(tmp_path, fundamenten):
    ws = _ws(tmp_path, "tokens: tokens.json\n", _chain(20))
    assert load_theme(ws, fundamenten).colours["primary"] == "#00689e"


@pytest.mark.parametrize("tokens, message", [
    (_chain(21), "the token 'basis.color.accent-1.color-default' refers on through more "
                 "than 20 other tokens"),
    (_chain(31), "the token 'basis.color.accent-1.color-default' refers on through more "
                 "than 20 other tokens"),
    ({"basis": {"color": {"accent-1": {"color-default": {
        "value": "{basis.color.accent-1.color-default}"}}}}},
     "the token 'basis.color.accent-1.color-default' refers to itself"),
    ({"basis": {"color": {"accent-1": {"color-default": {"value": "{a.b}"}}}},
      "a": {"b": {"value": "{a.c}"}, "c": {"value": "{a.b}"}}},
     "the token 'a.c' refers to itself"),
])
def test_a_long_chain_is_not_called_a_reference_to_itself(tmp_path, fundamenten, tokens,
                                                           message):
    """E21: a chain of 31 references was reported as a token that 'refers to itself'."""
    ws = _ws(tmp_path, "tokens: tokens.json\n", tokens)
    with pytest.raises(ContentError) as exc:
        load_theme(ws, fundamenten)
    assert exc.value.message.startswith(message), exc.value.one_line()
    assert Path(exc.value.file).name == "tokens.json" and exc.value.line


def test_exact_cmyk_and_pantone(tmp_path, fundamenten):
    ws = _ws(tmp_path, 'kleuren:\n  primair:\n    rgb: "#00689E"\n    cmyk: [100, 35, 0, 20]\n'
                       '    pantone: PMS 307 C\n  accent:\n    rgb: "#a85400"\n'
                       '    cmyk: "0 60 100 25"\n')
    theme = load_theme(ws, fundamenten)
    assert theme.colours["primary"] == "#00689e"
    assert theme.cmyk["primary"] == (1.0, 0.35, 0.0, 0.2)
    assert theme.pantone["primary"] == "PMS 307 C"
    css = css_palette(palette(theme.colours), True, exact=exact_palette(theme.cmyk))
    assert css["primary"] == "device-cmyk(1 0.35 0 0.2)"
    assert css["primary-tint"] == "device-cmyk(0.12 0.042 0 0.024)"  # 12 % of each ink
    assert css["accent"] == "device-cmyk(0 0.6 1 0.25)"
    assert css["democratie"] != "device-cmyk(1 0.35 0 0.2)"  # others: through the profile
    screen = css_palette(palette(theme.colours), False, exact=exact_palette(theme.cmyk))
    assert screen["primary"] == "#00689e"


@pytest.mark.parametrize("text, needle, message", [
    ('kleuren:\n  primair:\n    rgb: "#00689E"\n    pantone: PMS 307 C\n', "primair",
     "a Pantone colour needs its CMYK values"),
    ('kleuren:\n  primair:\n    rgb: "#00689E"\n    cmyk: [100, 35, 0]\n', "cmyk",
     "is not a CMYK colour"),
    ('kleuren:\n  primair:\n    rgb: "#00689E"\n    cmyk: [100, 35, 0, 120]\n', "cmyk",
     "is not a CMYK colour"),
    ('kleuren:\n  primair:\n    cmyk: [100, 35, 0, 20]\n', "primair", "'kleuren.primair"),
])
def test_colour_mistakes_name_the_line(tmp_path, fundamenten, text, needle, message):
    ws = _ws(tmp_path, text)
    with pytest.raises(ContentError) as exc:
        load_theme(ws, fundamenten)
    assert message in exc.value.message, exc.value.one_line()
    assert exc.value.line == _line(ws / THEME_FILE, needle)


def test_the_workshops_own_look_passes_wcag_aa(fundamenten):
    theme = load_theme(None, fundamenten)
    assert contrast.failures(theme.colours) == []
    contrast.check(theme)


def test_a_light_yellow_primary_fails_with_one_line_and_a_shade_that_passes(tmp_path,
                                                                            fundamenten):
    ws = _ws(tmp_path, 'organisatie: Geelstad\nkleuren:\n  primair: "#ffe680"\n')
    theme = load_theme(ws, fundamenten)
    with pytest.raises(ContentError) as exc:
        contrast.check(theme)
    line = exc.value.one_line()
    assert line.startswith(f"{ws / THEME_FILE}:3: 'kleuren.primair' #ffe680: white text on it")
    assert "has a contrast of 1.2:1" in line and "WCAG 2.1 AA needs 4.5:1" in line
    suggestion = exc.value.fix.split()[1].rstrip(",")
    fixed = {**theme.colours, "primary": suggestion}
    assert not [f for f in contrast.failures(fixed) if f.colour == "primary"]
    assert 4.5 <= contrast.ratio(suggestion, "#ffffff") < 5.5  # near, not just black


def test_a_large_text_pair_needs_only_3_to_1(fundamenten):
    theme = load_theme(None, fundamenten)
    # accent #e17000 on white is 3.2:1: enough for the slides' 20 pt bold kickers only
    assert 3 < contrast.ratio(theme.colours["accent"], "#ffffff") < 4.5
    failed = contrast.failures({**theme.colours, "accent": "#f39200"})  # Zwolle's orange
    assert [(f.pair.text, f.pair.background) for f in failed] == [("accent", "paper")]
    assert round(failed[0].ratio, 2) == 2.35


def test_a_fundament_colour_from_huisstijl_is_checked_too(tmp_path, fundamenten):
    ws = _ws(tmp_path, 'kleuren:\n  rechtsstaat: "#f4a0a0"\n')
    with pytest.raises(ContentError) as exc:
        contrast.check(load_theme(ws, fundamenten))
    assert exc.value.line == 2 and "'kleuren.rechtsstaat' #f4a0a0" in exc.value.message


def test_mono_greys_keep_every_contrast():
    for colour in ("#154273", "#e17000", "#1d5fa0", "#a8322d", "#2f7d4a", "#ffe680"):
        grey = grey_of(colour)
        assert grey[1:3] == grey[3:5] == grey[5:7]
        assert abs(contrast.ratio(grey, "#ffffff") - contrast.ratio(colour, "#ffffff")) < 0.05
    css = css_palette(palette({"primary": "#154273", "accent": "#e17000"}), True, mono=True)
    for value in css.values():  # black ink only
        assert value.startswith("device-cmyk(0 0 0 "), value
