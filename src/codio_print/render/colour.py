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


def css_colour(hex_colour: str, cmyk: bool, icc: Path = DEFAULT_ICC) -> Markup:
    """``#rrggbb`` for screens; ``device-cmyk(c m y k)`` for print."""
    if not cmyk:
        return Markup(hex_colour.lower())
    c, m, y, k = to_cmyk(hex_colour.lower(), str(icc))
    return Markup(f"device-cmyk({c:g} {m:g} {y:g} {k:g})")


def css_palette(colours: dict[str, str], cmyk: bool, icc: Path = DEFAULT_ICC) -> dict[str, Markup]:
    return {name: css_colour(value, cmyk, icc) for name, value in colours.items()}


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


def cmyk_image(data: bytes, icc: Path = DEFAULT_ICC) -> bytes:
    """A raster image as a CMYK JPEG for the given profile (print PDFs carry no RGB)."""
    from PIL import Image, ImageCms

    image = Image.open(io.BytesIO(data))
    if image.mode == "CMYK":
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


def cmyk_svg(data: bytes, icc: Path = DEFAULT_ICC) -> bytes:
    """An SVG (a logo) with its colours as device-cmyk(), black as the default fill."""
    from PIL import ImageColor

    def convert(match: re.Match) -> str:
        try:
            r, g, b = ImageColor.getrgb(match.group(2))[:3]
        except ValueError:  # none, currentColor, inherit, url(...)
            return match.group(0)
        return match.group(1) + str(css_colour(f"#{r:02x}{g:02x}{b:02x}", True, icc))

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

    return ImageCms.getOpenProfile(icc)


@lru_cache(maxsize=None)
def _transform(icc: str):
    from PIL import ImageCms

    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), _profile(icc), "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


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
