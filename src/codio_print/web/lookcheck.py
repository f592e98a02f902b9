"""Stap Huisstijl, the checks: huisstijl.yaml changed in place (inputs/yamledit, every
comment kept) only if a build would take it, as builder/pipeline.prepare loads it (the theme,
then WCAG 2.1 AA contrast, render/contrast); else the problems by form field. And what the
step shows beside a colour: its contrast, and the nearest shade that passes.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic_core import PydanticCustomError

from codio_print.errors import CodioError, ContentError
from codio_print.inputs import yamledit
from codio_print.inputs.theme import KEY_OF, THEME_FILE, Theme, resolve
from codio_print.inputs.themefile import Huisstijl, hex_colour
from codio_print.inputs.validate import validate
from codio_print.inputs.yamlread import load_yaml, parse_yaml
from codio_print.web.pages import Problems, message

# The colours of huisstijl.yaml (its key under kleuren:) and their CSS names (contrast.py).
COLOURS = {key.split(".")[1]: css for css, key in KEY_OF.items()}
PARTS = ("", "_cmyk", "_pantone")  # a colour's form fields: rgb, cmyk, pantone
TEXTS = ("organisatie", "logo_tekst")
FONTS = ("tekst", "koppen")
FIELDS = (*TEXTS, *(c + p for c in COLOURS for p in PARTS), *FONTS)
# Every key huisstijl.yaml may hold, in its order (a missing key is added in its place).
ORDER = ["organisatie", "logo", "logo_tekst", *(f"kleuren.{c}" for c in COLOURS),
         "powerpoint", "tokens", "lettertypen.tekst", "lettertypen.koppen"]
# The pairs of render/contrast.PAIRS, as the step names them beside a colour.
PAIR_NAMES = {
    ("paper", "primary"): "witte tekst", ("paper", "{f}"): "witte tekst",
    ("{f}", "paper"): "tekst op wit", ("primary", "paper"): "tekst op wit",
    ("accent", "paper"): "grote tekst op wit",
    ("accent-light", "primary"): "de lichte versie op de hoofdkleur",
    ("primary-tint", "primary"): "de lichte versie als tekst op deze kleur",
    ("ink", "{f}-tint"): "zwarte tekst op de lichte versie",
    ("{f}", "{f}-tint"): "grote tekst op de lichte versie",
    ("ink", "accent-tint"): "zwarte tekst op de lichte versie"}


class Refused(Exception):
    """The new text of huisstijl.yaml failed its check: the problems, by form field."""

    def __init__(self, problems: Problems):
        super().__init__()
        self.problems = problems


@lru_cache(maxsize=1)
def fundamenten():
    """The workshop's three fundamenten (their ids and default colours): codio-print's own
    content, the same for the whole run, read once."""
    from codio_print.inputs.content import load_content

    return load_content(only_case="").fundamenten


def theme_of(root: Path, text: str) -> Theme:
    """``text`` as the workspace's huisstijl.yaml, loaded as a build loads it
    (inputs/theme.load_theme: the model, then the files it names)."""
    located = parse_yaml(text, root / THEME_FILE)
    return resolve(validate(located, Huisstijl), located, fundamenten())


def check_text(root: Path, text: str) -> Theme:
    """Raise Refused unless a build would take ``text`` as huisstijl.yaml: the theme loads,
    and every text-on-colour pair passes WCAG 2.1 AA (each failing colour by its field)."""
    from codio_print.render.contrast import failures

    problems = Problems()
    try:
        theme = theme_of(root, text)
    except CodioError as exc:
        for problem in exc.problems():
            problems.add(field_of(problem.key), clean(problem))
        raise Refused(problems) from None
    for failure in failures(theme.colours):
        name = next((k for k, css in COLOURS.items() if css == failure.colour), None)
        if name and theme.colour_origin(failure.colour)[2] == KEY_OF[failure.colour]:
            problems.add(name, too_low(failure.pair, failure.ratio, failure.suggestion))
        elif not problems.general:  # a token's colour, or the workshop's: no field here
            problems.add(None, clean(_contrast_error(theme)))
    if problems:
        raise Refused(problems)
    return theme


def _contrast_error(theme: Theme) -> CodioError:
    from codio_print.render.contrast import check

    try:
        check(theme)
    except ContentError as exc:
        return exc
    raise AssertionError("a failure without an error")  # internal


def write(root: Path, values: dict[str, Any]) -> Problems:
    """Write ``values`` (by their dotted huisstijl.yaml key) if a build would take the file
    with them; else the problems by form field, each value's own where it has one."""
    path = root / THEME_FILE
    if not path.exists():
        _new_file(root)
    try:
        yamledit.set_values(path, values, below=root, order=ORDER,
                            check=lambda text: check_text(root, text))
    except Refused as refused:
        problems = refused.problems
        if len(values) > 1:
            for key, value in values.items():  # each value alone: every field's problem
                try:
                    yamledit.set_values(path, {key: value}, below=root, order=ORDER,
                                        check=_dry(root))
                except Refused as alone:
                    for name, text in alone.problems.fields.items():
                        problems.add(name, text)
                except _Passed:
                    pass
        return problems
    except CodioError as exc:
        problems = Problems()
        problems.add(None, message(exc))
        return problems
    return Problems()


class _Passed(Exception):
    """The text passed its check (a dry run stops here)."""


def _dry(root: Path):
    def check(text: str) -> None:
        check_text(root, text)
        raise _Passed
    return check


def _new_file(root: Path) -> None:
    """huisstijl.yaml as ``codio-print init`` writes it, for a workspace without one."""
    from codio_print import writing
    from codio_print.scaffold.workspace import theme_text

    path = root / THEME_FILE
    colours = {f.id: f.kleur.lower() for f in fundamenten()}
    writing.new(path, theme_text(path, colours), below=root, sync=False)


def field_of(key: str | None) -> str | None:
    """The form field a huisstijl.yaml key belongs to; None: the form as a whole."""
    parts = (key or "").split(".")
    if parts[0] == "kleuren" and len(parts) > 1 and parts[1] in COLOURS:
        part = parts[2] if len(parts) > 2 and parts[2] in ("cmyk", "pantone") else ""
        return parts[1] + ("_" + part if part else "")
    if parts[0] == "lettertypen" and len(parts) > 1 and parts[1] in FONTS:
        return parts[1]
    return parts[0] if parts[0] in (*TEXTS, "logo", "powerpoint", "tokens") else None


def clean(problem: CodioError) -> str:
    """A problem as a sentence beside its field: without the key it starts with, and
    without '(and 1 more problem)' (the others get their own)."""
    text = message(problem)
    if problem.key:
        text = re.sub(r"^'" + re.escape(problem.key) + r"':\s*", "", text)
        text = text[:1].upper() + text[1:]
    return re.sub(r" \((?:en nog|and) \d+ [^)]*\)", "", text)


def shown(r: float, pair=None) -> str:
    """A contrast as the page writes it: one decimal, never rounded up to pass; two where
    one would put a passing contrast below its need (4,50 : 1, not 4,4 : 1)."""
    one = math.floor(r * 10) / 10
    if pair is not None and one < pair.needed <= round(r, 2):
        return f"{round(r, 2):.2f}".replace(".", ",")
    return f"{one:.1f}".replace(".", ",")


def needed(pair) -> str:
    return f"{pair.needed:g}".replace(".", ",")


def too_low(pair, r: float, suggestion: str | None) -> str:
    name = PAIR_NAMES.get((pair.text, pair.background), "tekst")
    text = f"{shown(r)} : 1 – te laag voor {name} (nodig {needed(pair)} : 1)."
    if suggestion:
        return text + f" Gebruik {suggestion}: de knop ‘Deze kleur gebruiken’ doet dat."
    if pair.text == "accent-light":  # on the primary colour: that one may be the cause
        return text + " Kies een andere accentkleur, of maak de hoofdkleur donkerder."
    return text + " Kies een donkerdere of lichtere kleur."


def contrast_of(colours: dict[str, str], name: str) -> dict:
    """What the page shows beside the colour ``name`` (huisstijl.yaml key) with the theme's
    ``colours`` (CSS names): a line per pair that fails, or the one that passes by the
    least; and the nearest shade that passes, if one fails."""
    from codio_print.render.contrast import checks_of, nearest

    css = COLOURS[name]
    checks = checks_of(colours, css)
    failing = [c for c in checks if not c.passes]
    if not checks:
        return {"ok": True, "lines": [], "suggestion": None}
    if failing:
        suggestion = nearest(colours, css)
        lines = [too_low(c.pair, c.ratio, None).split(". ")[0] + "." for c in failing]
        if suggestion is None:
            lines.append("Geen tint van deze kleur is goed genoeg. Kies een andere kleur"
                         + (", of maak de hoofdkleur donkerder." if css == "accent" else "."))
        return {"ok": False, "suggestion": suggestion, "lines": lines}
    least = min(checks, key=lambda c: c.ratio / c.pair.needed)
    pair_name = PAIR_NAMES.get((least.pair.text, least.pair.background), "tekst")
    return {"ok": True, "suggestion": None, "lines": [
        f"{shown(least.ratio, least.pair)} : 1 – goed leesbaar, ook voor {pair_name} (nodig "
        f"{needed(least.pair)} : 1)."]}


def typed_colours(base: dict[str, str], typed: dict[str, str]) -> dict[str, str]:
    """The theme's colours with each colour typed in the form that is one instead."""
    colours = dict(base)
    for name, value in typed.items():
        if name in COLOURS and COLOURS[name] in colours:
            try:
                colours[COLOURS[name]] = hex_colour(value)
            except PydanticCustomError:
                pass
    return colours


def current(root: Path) -> tuple[dict, Theme | None, CodioError | None]:
    """huisstijl.yaml as written (its mapping), the theme it gives, or what stops it."""
    path = root / THEME_FILE
    if not path.exists():
        return {}, None, None
    try:
        located = load_yaml(path, root=root)
        data = located.data if isinstance(located.data, dict) else {}
        return data, resolve(validate(located, Huisstijl), located, fundamenten()), None
    except CodioError as exc:
        return (data if "data" in locals() else {}), None, exc
