"""Stap Huisstijl in-process (Starlette's TestClient): what the step writes into huisstijl.yaml
is what a build reads (the theme loaded as builder/pipeline.prepare loads it, and the contrast
check it passes), comments kept; what fails leaves the file as it was and is shown beside
its field; the uploads are kept under the server's names, only once they pass."""

from __future__ import annotations

import io
import re
import warnings
from html import unescape
from pathlib import Path

import fontpkg
import pytest

warnings.filterwarnings("ignore", message=".*httpx2.*")

from codio_print.inputs.content import load_content  # noqa: E402
from codio_print.inputs.fonts import Family  # noqa: E402
from codio_print.inputs.theme import load_theme  # noqa: E402
from codio_print.render.contrast import check as check_contrast  # noqa: E402
from codio_print.render.contrast import checks_of, failures, nearest  # noqa: E402
from codio_print.web.steps import stap  # noqa: E402
from webclient import signed_in  # noqa: E402

STEP = "/werkmap/sessie-1/huisstijl"
SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="120" '
       b'height="40"><rect width="120" height="40" fill="#154273"/></svg>\n')


@pytest.fixture()
def inside(tmp_path):
    """A browser that came in through the printed link, with a new workspace 'sessie-1'."""
    with signed_in(tmp_path / "werkmappen") as found:
        yield found


def built(ws: Path):
    """The look as a build takes it: loaded, then checked for contrast (pipeline.prepare)."""
    theme = load_theme(ws, load_content(only_case="").fundamenten)
    check_contrast(theme)
    return theme


def form(client) -> dict[str, str]:
    """The form as the page fills it in."""
    page = client.get(STEP).text
    values = {unescape(n): unescape(v) for n, v in re.findall(
        r'<input id="veld-[^"]*" name="([^"]+)" type="text" value="([^"]*)"', page)}
    for name in ("tekst", "koppen"):
        select = re.search(rf'<select id="veld-{name}".*?</select>', page, re.S).group(0)
        chosen = re.search(r'<option(?: value="([^"]*)")? selected>([^<]*)<', select)
        values[name] = unescape(chosen.group(1) if chosen.group(1) is not None
                                else chosen.group(2))
    return values


def errors(html: str) -> dict[str, str]:
    return {k: unescape(t) for k, t in re.findall(
        r'<div class="[^"]*fout" id="veld-([^"]*)-fout">([^<]*)</div>', html)}


def comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def test_the_step_sits_between_deelnemers_and_teksten(inside):
    client, ws = inside
    page = client.get(STEP)
    assert page.status_code == 200
    assert f"<title>{stap('huisstijl')}: Huisstijl · codio-print</title>" in page.text
    nav = re.findall(r'>\d\. ([^<]+)</a>', page.text)
    assert nav.index("Huisstijl") == nav.index("Deelnemers") + 1 == nav.index("Teksten") - 1
    following = stap("teksten").split(" van ")[0].lower()
    assert f"Verder naar {following}: Teksten" in page.text
    # every size limit stands beside its field
    for text in ("hoogstens 30 MB", "hoogstens 5 MB", "hoogstens 50 MB"):
        assert text in page.text


def test_every_field_is_written_as_a_build_reads_it_with_the_comments_kept(inside):
    client, ws = inside
    before = (ws / "huisstijl.yaml").read_text(encoding="utf-8")
    values = {**form(client), "organisatie": "Gemeente Zandvoort", "logo_tekst": "Het wapen",
              "primair": "#1A4D80", "accent": "#b35900", "accent_cmyk": "0 60 100 10",
              "accent_pantone": "PMS 1505 C", "democratie": "", "koppen": "Noto Sans"}
    answer = client.post(STEP, data=values, follow_redirects=False)
    assert answer.status_code == 303, errors(answer.text)
    after = (ws / "huisstijl.yaml").read_text(encoding="utf-8")
    assert comments(after) == comments(before)
    theme = built(ws)
    assert theme.organisation == "Gemeente Zandvoort"
    assert theme.colours["primary"] == "#1a4d80" and theme.colours["accent"] == "#b35900"
    assert theme.cmyk["accent"] == (0, 0.6, 1, 0.1) and theme.pantone["accent"] == "PMS 1505 C"
    assert theme.colours["democratie"] == "#1d5fa0"  # empty: the workshop's own colour
    assert theme.heading[0] == "Noto Sans" and theme.body[0] == "Atkinson Hyperlegible"
    assert 'organisatie: "Gemeente Zandvoort"' in after or \
        "organisatie: Gemeente Zandvoort" in after
    page = client.get(STEP + "?bewaard=1").text
    assert "Opgeslagen in huisstijl.yaml" in page
    assert form(client)["accent_cmyk"] == "0 60 100 10"
    # back to a plain colour: the group goes, the comments stay
    answer = client.post(STEP, data={**form(client), "accent_cmyk": "", "accent_pantone": ""},
                         follow_redirects=False)
    assert answer.status_code == 303
    assert comments((ws / "huisstijl.yaml").read_text(encoding="utf-8")) == comments(before)
    assert built(ws).cmyk == {}


@pytest.mark.parametrize("field, value, expected", [
    ("primair", "blauw", "'blauw' is geen kleur"),
    ("accent_cmyk", "100 35 0", "is geen CMYK-kleur"),
    ("accent_pantone", "PMS 1505 C", "Geef bij een Pantone-kleur ook de CMYK-waarden"),
    ("koppen", "Comic Sans", "'Comic Sans' zit niet in codio-print"),
])
def test_a_bad_value_keeps_the_file_and_is_shown_beside_its_field(inside, field, value,
                                                                   expected):
    client, ws = inside
    before = (ws / "huisstijl.yaml").read_bytes()
    page = client.post(STEP, data={**form(client), "organisatie": "Nieuw", field: value})
    assert page.status_code == 422
    shown = errors(page.text).get(field.replace("_pantone", "_cmyk"), "")
    assert expected.lower() in shown.lower(), errors(page.text)
    assert (ws / "huisstijl.yaml").read_bytes() == before
    assert 'value="Nieuw"' in page.text  # what was typed stays in the form


def test_a_colour_failing_contrast_is_refused_and_its_nearest_shade_can_be_used(inside):
    client, ws = inside
    before = (ws / "huisstijl.yaml").read_bytes()
    page = client.post(STEP, data={**form(client), "primair": "#aabbcc"})
    assert page.status_code == 422
    message = errors(page.text)["primair"]
    assert re.match(r"1,\d : 1 – te laag voor witte tekst \(nodig 4,5 : 1\)\.", message)
    assert (ws / "huisstijl.yaml").read_bytes() == before
    shade = re.search(r'form="gebruik-primair" name="waarde" value="(#[0-9a-f]{6})"',
                      page.text).group(1)
    assert f"Gebruik {shade}" in message and "Deze kleur gebruiken" in page.text
    # as you type, the same from the server
    typed = client.get(STEP + "/contrast", params={"primair": "#aabbcc"}).json()["primair"]
    assert typed["suggestion"] == shade and not typed["ok"]
    assert typed["lines"][0].startswith(message.split(".")[0])
    # the button
    answer = client.post(STEP + "/kleur", data={"kleur": "primair", "waarde": shade},
                         follow_redirects=False)
    assert answer.status_code == 303
    assert built(ws).colours["primary"] == shade  # passes the build's contrast check
    assert re.search(r"4,50? : 1 – goed leesbaar", client.get(STEP).text)  # not 4,4
    assert "Deze kleur gebruiken" not in re.search(
        r'id="contrast-primair".*?</div>', client.get(STEP).text, re.S).group(0).replace(
            " hidden>Deze kleur gebruiken", "")
    # the button writes nothing that fails
    wrong = client.post(STEP + "/kleur", data={"kleur": "primair", "waarde": "#ffff00"})
    assert wrong.status_code == 422 and "te laag" in errors(wrong.text)["primair"]
    assert built(ws).colours["primary"] == shade


def test_beside_a_passing_colour_its_contrast_is_shown(inside):
    client, _ws = inside
    page = client.get(STEP).text
    block = re.search(r'id="contrast-primair".*?</ul>', page, re.S).group(0)
    assert re.search(r"\d+,\d+ : 1 – goed leesbaar", block)


def test_the_nearest_shade_passes_every_pair_of_its_colour_and_is_near():
    colours = {"primary": "#aabbcc", "accent": "#e17000", "democratie": "#1d5fa0",
               "rechtsstaat": "#a8322d", "bestuurskracht": "#2f7d4a"}
    assert any(not c.passes for c in checks_of(colours, "primary"))
    shade = nearest(colours, "primary")
    fixed = {**colours, "primary": shade}
    assert all(c.passes for c in checks_of(fixed, "primary"))
    assert not [f for f in failures(fixed) if f.colour == "primary"]
    # darker, and only as much as needed: a shade a little lighter fails
    lighter = "#" + "".join(f"{min(255, int(shade[i:i + 2], 16) + 3):02x}" for i in (1, 3, 5))
    assert any(not c.passes for c in checks_of({**colours, "primary": lighter}, "primary"))
    for name in colours:  # checks_of agrees with the build's check
        assert {(c.pair, c.text, c.background) for c in checks_of(colours, name)
                if not c.passes} == {(f.pair, f.text, f.background)
                                     for f in failures(colours) if f.colour == name}


# --- the files ---------------------------------------------------------------------------

def png(height: int = 300) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (height * 2, height), "#154273").save(out, format="PNG")
    return out.getvalue()


def upload(client, field: str, name: str, data: bytes, **extra):
    return client.post(f"{STEP}/bestand/{field}", files={field: (name, data)}, data=extra,
                       follow_redirects=False)


def test_a_logo_is_kept_by_what_it_is_and_shown_in_a_sandbox(inside):
    client, ws = inside
    answer = upload(client, "logo", "wapen.svg", png())  # a PNG with the wrong name
    assert answer.status_code == 303
    assert (ws / "logo.png").read_bytes() == png() and not (ws / "logo.svg").exists()
    assert built(ws).logo.path == (ws / "logo.png").resolve()
    shown = client.get(STEP + "/logo")
    assert shown.headers["content-type"] == "image/png"
    assert upload(client, "logo", "wapen.png", SVG).status_code == 303
    assert built(ws).logo.path.name == "logo.svg"
    shown = client.get(STEP + "/logo")
    assert shown.headers["content-type"].startswith("image/svg+xml")
    assert shown.headers["content-security-policy"].startswith("sandbox")
    assert shown.headers["x-content-type-options"] == "nosniff"
    page = client.get(STEP).text
    assert f'<img src="{STEP}/logo" alt="Logo"' in page


@pytest.mark.parametrize("name, data, expected", [
    ("logo.svg", SVG.replace(b"<rect", b'<script>alert(1)</script><rect'), "een <script>-element"),
    ("logo.svg", SVG.replace(b"<rect", b'<rect onclick="alert(1)"'), "onclick"),
    ("logo.svg", SVG.replace(b"<rect", b'<image href="https://example.org/x.png"/><rect'),
     "verwijst naar een ander bestand"),
    ("logo.svg", b"<svg>not closed", "geen leesbare svg"),
    ("logo.png", b"GIF89a" + b"\0" * 100, "dit bestand is geen logo"),
    ("logo.png", b"", "kies een logo"),
])
def test_a_bad_logo_replaces_nothing(inside, name, data, expected):
    client, ws = inside
    assert upload(client, "logo", "goed.svg", SVG).status_code == 303
    before = (ws / "huisstijl.yaml").read_bytes()
    page = upload(client, "logo", name, data)
    assert page.status_code == 422
    assert expected in errors(page.text)["logo"].lower(), errors(page.text)
    assert (ws / "logo.svg").read_bytes() == SVG
    assert (ws / "huisstijl.yaml").read_bytes() == before
    assert not (ws / ".upload").exists()


def test_a_logo_over_its_limit_is_refused_before_it_is_read(inside):
    client, ws = inside
    page = upload(client, "logo", "groot.png", png()[:8] + b"\0" * (30 * 2**20 + 70_000))
    assert page.status_code == 413 and "meer dan 30 MB" in page.text
    assert not (ws / "logo.png").exists() and not (ws / ".upload").exists()


def test_a_font_file_is_kept_under_its_own_name_and_used(inside):
    client, ws = inside
    bold = next(f.path for f in fontpkg.family("Atkinson Hyperlegible").files
                if f.weight == 700 and f.style == "normal")  # static: no instance to make
    assert upload(client, "lettertype", "huisletter", Path(bold).read_bytes(),
                  voor="koppen").status_code == 303
    saved = next(ws.glob("lettertype-koppen.*"))
    heading = built(ws).heading[0]
    assert isinstance(heading, Family) and heading.faces[0].path.name == saved.name
    assert saved.name == "lettertype-koppen.ttf" and heading.faces[0].weight == "700"
    page = upload(client, "lettertype", "niet.ttf", b"\0\1\0\0" + b"\0" * 400)
    assert page.status_code == 422 and "geen letterbestand" in errors(page.text)["lettertype"]
    assert upload(client, "lettertype", "a.txt", b"hallo").status_code == 422


def test_a_token_file_and_a_powerpoint_template_are_checked_then_named(inside):
    from pptx import Presentation

    client, ws = inside
    tokens = b'{"basis": {"color": {"accent-1": {"color-default": {"value": "#0b3d6e"}}}}}'
    assert upload(client, "tokens", "gemeente.json", tokens).status_code == 303
    assert built(ws).colours["primary"] == "#0b3d6e"
    page = upload(client, "tokens", "leeg.json", b'{"iets": {"anders": 1}}')
    assert page.status_code == 422 and "basis" in errors(page.text)["tokens"]
    assert (ws / "tokens.json").read_bytes() == tokens
    deck = io.BytesIO()
    Presentation().save(deck)
    assert upload(client, "powerpoint", "huis.pptx", deck.getvalue()).status_code == 303
    assert built(ws).slides_template.name == "sjabloon.pptx"
    page = upload(client, "powerpoint", "kapot.pptx", b"PK\x03\x04" + b"\0" * 50)
    assert page.status_code == 422 and errors(page.text)["powerpoint"]
    assert (ws / "sjabloon.pptx").read_bytes() == deck.getvalue()
