"""Every colour of the kit, in one place: the palette, and how a profile writes a colour.

Templates only use CSS variables (``var(--primary)``); base.html sets them from ``palette()``
converted by ``css_colour()``. The screen profile writes ``#rrggbb``; the print profile writes
``device-cmyk(c m y k)`` converted through the output-intent ICC profile, with neutral greys as
black ink only (no rich black in small text)."""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from codio_print import paths
from codio_print.inputs.assets import icc_bytes

DEFAULT_ICC = paths.DEFAULT_ICC

# The neutral colours of text, rules and paper; the others come from the theme.
GREYS: dict[str, str] = {
    "ink": "#1b1b1b", "muted": "#555555", "line": "#9a9a9a", "paper": "#ffffff",
    "tint": "#f2f2f2",
}

# Total area coverage a print shop accepts on coated stock.
MAX_INK = 3.0


def tint(hex_colour: str, amount: float = 0.12) -> str:
    """A light version of a colour: ``amount`` of it on white (no transparency in print)."""
    rgb = _rgb(hex_colour)
    mixed = [round(255 - (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def palette(theme_colours: dict[str, str]) -> dict[str, str]:
    """Every named colour the templates use, as ``#rrggbb``: the greys, and the theme's colours
    (primary, accent, one per fundament: theme.Theme.colours) each with a light ``-tint``."""
    colours = dict(GREYS)
    for name, value in theme_colours.items():
        colours[name] = value.lower()
        colours[f"{name}-tint"] = tint(value)
    colours["primary-light"] = tint(theme_colours["primary"], 0.6)  # rules on primary
    colours["accent-light"] = tint(theme_colours["accent"], 0.3)    # small heads on primary
    return colours


Inks = tuple[float, float, float, float]

# The light versions palette() makes of a theme colour: name suffix -> amount of the colour.
TINTS = {"-tint": 0.12}
LIGHT = {"primary": ("primary-light", 0.6), "accent": ("accent-light", 0.3)}


def exact_palette(theme_cmyk: dict[str, Inks]) -> dict[str, Inks]:
    """The CMYK an organisation gave for its colours (huisstijl.yaml ``cmyk``), with the
    light versions palette() makes of them as the same fraction of each ink: a 12 % tint of
    C100 M35 is C12 M4.2, as a print shop screens it."""
    out: dict[str, Inks] = {}
    for name, inks in theme_cmyk.items():
        out[name] = inks
        for suffix, amount in TINTS.items():
            out[name + suffix] = _scaled(inks, amount)
        if name in LIGHT:
            light, amount = LIGHT[name]
            out[light] = _scaled(inks, amount)
    return out


def _scaled(inks: Inks, amount: float) -> Inks:
    return tuple(round(v * amount, 4) for v in inks)  # type: ignore[return-value]


def grey_of(hex_colour: str) -> str:
    """The grey with the same WCAG luminance as a colour: for the mono profile, so every
    contrast the colour kit passes holds in black and white too."""
    r, g, b = _rgb(hex_colour)

    def lin(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    y = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    v = 12.92 * y if y <= 0.0031308 else 1.055 * y ** (1 / 2.4) - 0.055
    grey = max(0, min(255, round(v * 255)))
    return f"#{grey:02x}{grey:02x}{grey:02x}"


def css_colour(hex_colour: str, cmyk: bool, icc: Path = DEFAULT_ICC,
               exact: Inks | None = None) -> Markup:
    """``#rrggbb`` for screens; ``device-cmyk(c m y k)`` for print: the organisation's own
    CMYK where it gave one (``exact``), else converted through the output profile."""
    if not cmyk:
        return Markup(hex_colour.lower())
    c, m, y, k = exact if exact is not None else to_cmyk(hex_colour.lower(), str(icc))
    return Markup(f"device-cmyk({c:g} {m:g} {y:g} {k:g})")


def css_palette(colours: dict[str, str], cmyk: bool, icc: Path = DEFAULT_ICC,
                exact: dict[str, Inks] | None = None, mono: bool = False) -> dict[str, Markup]:
    """Every colour as CSS. ``mono``: each as the grey of the same luminance, in black ink
    only (the organisation's CMYK does not apply: a mono kit prints no colour)."""
    if mono:
        return {name: css_colour(grey_of(value), cmyk, icc) for name, value in colours.items()}
    exact = exact or {}
    return {name: css_colour(value, cmyk, icc, exact.get(name))
            for name, value in colours.items()}


@lru_cache(maxsize=None)
def to_cmyk(hex_colour: str, icc: str) -> tuple[float, float, float, float]:
    """An sRGB colour as ink fractions (0–1, three decimals) for the given CMYK profile."""
    r, g, b = _rgb(hex_colour)
    if max(r, g, b) - min(r, g, b) <= 2:  # neutral: black ink only, same lightness
        return (0.0, 0.0, 0.0, _black_for(r, icc))
    from PIL import Image, ImageCms

    transform = _transform(icc)
    pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), (r, g, b)), transform).getpixel((0, 0))
    inks = [round(v / 255, 3) for v in pixel]
    total = sum(inks)
    if total > MAX_INK:  # keep within the total ink limit, taking it off the colour inks
        over = total - MAX_INK
        colour_sum = sum(inks[:3])
        inks = [round(v - over * v / colour_sum, 3) for v in inks[:3]] + [inks[3]]
    return tuple(inks)  # type: ignore[return-value]


def profile_name(icc: Path = DEFAULT_ICC) -> str:
    """The description stored in an ICC profile, e.g. 'Artifex CMYK SWOP Profile'."""
    from PIL import ImageCms

    return ImageCms.getProfileDescription(_profile(str(icc))).strip()


def cmyk_image(data: bytes, icc: Path = DEFAULT_ICC, mono: bool = False) -> bytes:
    """A raster image as a CMYK JPEG for the given profile (print PDFs carry no RGB);
    ``mono``: in black ink only, each grey as light as the image's luminance."""
    from PIL import Image, ImageCms

    image = Image.open(io.BytesIO(data))
    if mono:
        if image.mode in ("RGBA", "LA", "P", "PA"):
            image = image.convert("RGBA")
            flat = Image.new("RGB", image.size, (255, 255, 255))
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        grey = image.convert("RGB").convert("L")
        lut = _black_lut(str(icc))
        zero = Image.new("L", grey.size, 0)
        converted = Image.merge("CMYK", (zero, zero, zero, grey.point(lut)))
    elif image.mode == "CMYK":
        converted = image
    else:
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            flat = Image.new("RGB", image.size, (255, 255, 255))
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        converted = ImageCms.applyTransform(image.convert("RGB"), _transform(str(icc)))
    out = io.BytesIO()
    converted.save(out, "JPEG", quality=95, dpi=image.info.get("dpi", (300, 300)))
    return out.getvalue()


# A colour in an SVG attribute (fill="#c8102e") or style property (fill: rgb(0, 60, 120)).
_SVG_COLOUR = re.compile(
    r"""((?:fill|stroke|stop-color|flood-color|lighting-color|color)\s*(?:=\s*["']|:\s*))"""
    r"(#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|rgba?\([^)]*\)|[a-zA-Z]+\b)")
_SVG_ROOT = re.compile(r"<svg\b[^>]*>", re.S)


def cmyk_svg(data: bytes, icc: Path = DEFAULT_ICC, mono: bool = False) -> bytes:
    """An SVG (a logo) with its colours as device-cmyk(), black as the default fill;
    ``mono``: every colour as the grey of its luminance, in black ink only."""
    from PIL import ImageColor

    def convert(match: re.Match) -> str:
        try:
            r, g, b = ImageColor.getrgb(match.group(2))[:3]
        except ValueError:  # none, currentColor, inherit, url(...)
            return match.group(0)
        hex_colour = f"#{r:02x}{g:02x}{b:02x}"
        return match.group(1) + str(css_colour(grey_of(hex_colour) if mono else hex_colour,
                                               True, icc))

    text = _SVG_COLOUR.sub(convert, data.decode("utf-8"))
    root = _SVG_ROOT.search(text)
    if root and not re.search(r"\sfill\s*=", root.group(0)):
        tag = root.group(0)
        text = (text[:root.start()] + tag[:4] + f' fill="{css_colour("#000000", True, icc)}"'
                + tag[4:] + text[root.end():])
    return text.encode("utf-8")


def _rgb(hex_colour: str) -> list[int]:
    return [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]


@lru_cache(maxsize=None)
def _profile(icc: str):
    from PIL import ImageCms

    return ImageCms.getOpenProfile(io.BytesIO(icc_bytes(Path(icc))))  # by the rule for reading


@lru_cache(maxsize=None)
def _transform(icc: str):
    from PIL import ImageCms

    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), _profile(icc), "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


@lru_cache(maxsize=None)
def _black_lut(icc: str) -> list[int]:
    """For each grey level 0–255, the black ink (0–255) that prints it as light."""
    return [round(_black_for(g, icc) * 255) for g in range(256)]


@lru_cache(maxsize=None)
def _black_for(grey: int, icc: str) -> float:
    """The black ink fraction whose printed lightness matches an sRGB grey."""
    from PIL import Image, ImageCms

    to_lab = ImageCms.buildTransform(_profile(icc), ImageCms.createProfile("LAB"), "CMYK", "LAB")
    srgb_to_lab = ImageCms.buildTransform(ImageCms.createProfile("sRGB"),
                                          ImageCms.createProfile("LAB"), "RGB", "LAB")

    def lightness(image, transform) -> int:
        return ImageCms.applyTransform(image, transform).getpixel((0, 0))[0]

    target = lightness(Image.new("RGB", (1, 1), (grey, grey, grey)), srgb_to_lab)
    low, high = 0, 255
    while low < high:  # lightness falls as black rises
        mid = (low + high) // 2
        if lightness(Image.new("CMYK", (1, 1), (0, 0, 0, mid)), to_lab) > target:
            low = mid + 1
        else:
            high = mid
    return round(low / 255, 3)
