"""Text stays readable in the organisation's colours: every text-on-colour pair the kit prints
is checked against WCAG 2.1 AA (contrast 4.5:1, or 3:1 for large text: 18 pt, or 14 pt bold).

A pair names two colours of the palette (colour.palette: the greys, the theme's colours and
their tints); ``{f}`` stands for each fundament. A failing pair is one line naming the line
of huisstijl.yaml (or the token file) that gave the colour, the pair, its contrast and the
nearest shade of that colour that passes. It fails the build: WCAG 2.1 AA is the standard
Dutch public bodies must meet, and a kit is printed for residents too.
"""

from __future__ import annotations

from dataclasses import dataclass

from codio_print.errors import ContentError
from codio_print.i18n import N_, _, ngettext
from codio_print.inputs.theme import Theme
from codio_print.render.colour import palette

AA_NORMAL = 4.5
AA_LARGE = 3.0


@dataclass(frozen=True)
class Pair:
    text: str        # the palette name of the text colour
    background: str  # ... and of what it stands on
    large: bool      # only large text (≥ 18 pt, or ≥ 14 pt bold) is set in this pair
    where: str       # what it is, for the message
    blame: str = ""  # the theme colour a fix changes; default: the one that is not a grey

    @property
    def needed(self) -> float:
        return AA_LARGE if self.large else AA_NORMAL


# Every pair the templates print (templates/css/base.css and the pieces' own styles).
PAIRS: tuple[Pair, ...] = (
    Pair("paper", "primary", False, N_("white text on it (table headers, the case's cell of "
                                       "the Deel 1 matrix, the title slides)")),
    Pair("paper", "{f}", False, N_("white text on it (table headers and tags of the group's "
                                   "sheets, the name cards' bar, the poster's header)")),
    Pair("{f}", "paper", False, N_("as text on white (the band label of the group's sheets, "
                                   "principle headings)")),
    Pair("primary", "paper", False, N_("as text on white (headings, slide titles, the "
                                       "organisation's name without a logo)")),
    Pair("accent", "paper", True, N_("as large text on white (the slides' small headings)")),
    Pair("accent-light", "primary", True, N_("its light version on the primary colour (the "
                                             "title slides' small heading)"), blame="accent"),
    Pair("primary-tint", "primary", False, N_("its light version on itself (the title "
                                              "slides' footer)"), blame="primary"),
    Pair("ink", "{f}-tint", False, N_("text on its light version (boxes on the group's "
                                      "sheets, the slides' three columns)"), blame="{f}"),
    Pair("{f}", "{f}-tint", True, N_("as large text on its light version (the slides' "
                                     "column headings)"), blame="{f}"),
    Pair("ink", "accent-tint", False, N_("text on its light version (the 'Eerst doen' cell "
                                         "of the action-plan poster)"), blame="accent"),
)

NAMES = {"paper": N_("white"), "ink": N_("black")}


def luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour."""
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True)
class Failure:
    pair: Pair
    colour: str       # the theme colour to change (primary, accent, a fundament id)
    value: str        # its "#rrggbb"
    text: str         # the two colours as printed
    background: str
    ratio: float
    suggestion: str | None


def _pairs(theme_colours: dict[str, str]):
    """(pair, colour to change, text colour, background, ratio) of every pair printed."""
    colours = palette(theme_colours)
    fundamenten = [k for k in theme_colours if k not in ("primary", "accent")]
    for pair in PAIRS:
        for f in (fundamenten if "{f}" in pair.text + pair.background else [None]):
            text, background = (n.replace("{f}", f or "") for n in (pair.text, pair.background))
            r = ratio(colours[text], colours[background])
            blame = (pair.blame or (text if text in theme_colours else background)).replace(
                "{f}", f or "")
            yield pair, blame, colours[text], colours[background], r


def passes(pair: Pair, r: float) -> bool:
    return round(r, 2) >= pair.needed


def _failing(theme_colours: dict[str, str]) -> list[tuple]:
    """(pair, colour to change, text colour, background, ratio) of every pair below AA."""
    return [found for found in _pairs(theme_colours) if not passes(found[0], found[4])]


@dataclass(frozen=True)
class Check:
    pair: Pair
    text: str        # the two colours as printed
    background: str
    ratio: float
    passes: bool


def checks_of(theme_colours: dict[str, str], name: str) -> list[Check]:
    """Every pair a change of the colour ``name`` (primary, accent, a fundament id) would
    change, with its contrast, passing or not: what the web interface shows beside it."""
    return [Check(pair, text, background, r, passes(pair, r))
            for pair, blame, text, background, r in _pairs(theme_colours) if blame == name]


def failures(theme_colours: dict[str, str]) -> list[Failure]:
    """Every pair below AA, with the nearest shade of the colour to change that makes every
    pair of that colour pass."""
    suggestions: dict[str, str | None] = {}
    out = []
    for pair, blame, text, background, r in _failing(theme_colours):
        if blame not in suggestions:
            suggestions[blame] = nearest(theme_colours, blame)
        out.append(Failure(pair, blame, theme_colours[blame], text, background, r,
                           suggestions[blame]))
    return out


def nearest(theme_colours: dict[str, str], name: str) -> str | None:
    """The shade of ``name`` closest to it (mixed with black or with white, in steps of
    0.5 %) with which no pair of that colour fails, the tints it gives recomputed."""
    base = [int(theme_colours[name][i:i + 2], 16) for i in (1, 3, 5)]
    for step in range(1, 201):
        t = step / 200
        for toward in (0, 255):
            mixed = "#" + "".join(f"{round(c + (toward - c) * t):02x}" for c in base)
            if not any(blame == name for _, blame, *_ in _failing({**theme_colours,
                                                                   name: mixed})):
                return mixed
    return None


def check(theme: Theme) -> None:
    """Fail the build on the first pair below WCAG 2.1 AA: one line naming where the colour
    was given, the pair, its contrast and a shade that passes."""
    found = failures(theme.colours)
    if not found:
        return
    first = found[0]
    file, line, key = theme.colour_origin(first.colour)
    what = " ".join(_(first.pair.where).split())
    text = _(NAMES[first.pair.text]) if first.pair.text in NAMES else first.text
    message = _("'{key}' {value}: {what} has a contrast of {ratio}:1 ({text} on "
                "{background}); WCAG 2.1 AA needs {needed}:1").format(
        key=key, value=first.value, what=what, ratio=f"{first.ratio:.1f}", text=text,
        background=first.background, needed=f"{first.pair.needed:g}")
    if len(found) > 1:
        message += " " + ngettext("(and {count} more pair)", "(and {count} more pairs)",
                                  len(found) - 1).format(count=len(found) - 1)
    fix = (_("use {colour}, the nearest shade that passes").format(colour=first.suggestion)
           if first.suggestion else _("choose a darker or lighter colour"))
    raise ContentError(message, file=file, line=line, fix=fix, key=key)
