"""Stap Huisstijl: the organisation's name, its colours and its fonts, written into the
workspace's huisstijl.yaml in place, every comment kept (inputs/yamledit). Each change is
checked as a build checks it (builder/pipeline.prepare: the theme loaded, then WCAG 2.1 AA
contrast, render/contrast) before it is written: a failing value leaves the file as it was
and is shown beside its field. Beside each colour: its contrast, and when it is too low a
button that writes the nearest shade that passes. The uploads (logo, font, tokens,
PowerPoint template) are in web/lookfiles.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic_core import PydanticCustomError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from codio_print.errors import CodioError
from codio_print.inputs.theme import KEY_OF, Theme, resolve
from codio_print.inputs.themefile import Huisstijl, hex_colour
from codio_print.web.lookcheck import (COLOURS, FIELDS, FONTS, PARTS, TEXTS, contrast_of,
                                       current, fundamenten, typed_colours, write)
from codio_print.web.lookfiles import (LIMITS, UPLOADS, TooLarge, logo_file, logo_of,
                                       receive)
from codio_print.web.pages import Problems, message, page, see_other
from codio_print.web.steps import step_context, workspace


# --- what the form shows, and what it writes ---------------------------------------------

def form_values(data: dict) -> dict[str, str]:
    """The form's fields as huisstijl.yaml has them."""
    values = {name: _text(data.get(name)) for name in TEXTS}
    colours = data.get("kleuren") if isinstance(data.get("kleuren"), dict) else {}
    defaults = {f.id: f.kleur.lower() for f in fundamenten()}
    for name in COLOURS:
        spec = colours.get(name, Huisstijl().kleuren.model_dump().get(name) or defaults.get(
            name, ""))
        group = spec if isinstance(spec, dict) else {"rgb": spec}
        values[name] = _text(group.get("rgb"))
        cmyk = group.get("cmyk")
        values[name + "_cmyk"] = " ".join(f"{v:g}" if isinstance(v, (int, float)) else str(v)
                                          for v in cmyk) if isinstance(cmyk, list) \
            else _text(cmyk)
        values[name + "_pantone"] = _text(group.get("pantone"))
    fonts = data.get("lettertypen") if isinstance(data.get("lettertypen"), dict) else {}
    for name in FONTS:
        spec = fonts.get(name, "Atkinson Hyperlegible" if name == "tekst" else "")
        values[name] = ", ".join(map(str, spec)) if isinstance(spec, list) else _text(spec)
    values.update({name: _text(data.get(name)) for name in ("tokens", "powerpoint")})
    return values


def _text(value) -> str:
    return "" if value is None else str(value)


def changes(before: dict[str, str], after: dict[str, str]) -> tuple[dict[str, Any], Problems]:
    """The huisstijl.yaml keys the form changed, with their new values; or what is wrong
    with a value before any check (an empty colour)."""
    from ruamel.yaml.comments import CommentedSeq

    values: dict[str, Any] = {}
    problems = Problems()
    for name in (*TEXTS, *FONTS):
        if after[name] != before[name]:
            key = name if name in TEXTS else f"lettertypen.{name}"
            values[key] = after[name] or None
    defaults = {f.id: f.kleur.lower() for f in fundamenten()}
    for name in COLOURS:
        if all(after[name + p] == before[name + p] for p in PARTS):
            continue
        rgb = after[name] or defaults.get(name, "")
        if not rgb:
            problems.add(name, "Vul een kleur in als #rrggbb, bijvoorbeeld #154273.")
            continue
        rgb = _hex(rgb)
        cmyk, pantone = after[name + "_cmyk"], after[name + "_pantone"]
        if not cmyk and not pantone:
            values[f"kleuren.{name}"] = rgb
            continue
        if pantone and not cmyk:  # the model's message speaks of the file's 'cmyk:' key
            problems.add(name + "_cmyk", "Geef bij een Pantone-kleur ook de CMYK-waarden: de "
                                         "vier procenten uit de Pantone-gids. Die gebruikt de "
                                         "drukker.")
            continue
        group: dict[str, Any] = {"rgb": rgb}
        inks = re.split(r"[\s,/;]+", cmyk.replace("%", "").strip()) if cmyk else []
        if inks and all(re.fullmatch(r"\d+(\.\d+)?", v) for v in inks):
            group["cmyk"] = CommentedSeq(float(v) if "." in v else int(v) for v in inks)
            group["cmyk"].fa.set_flow_style()
        elif cmyk:
            group["cmyk"] = cmyk  # the check names it
        if pantone:
            group["pantone"] = pantone
        values[f"kleuren.{name}"] = group
    return values, problems


def _hex(value: str) -> str:
    try:
        return hex_colour(value)
    except PydanticCustomError:
        return value  # the check names it


# --- the pages ---------------------------------------------------------------------------

async def look_step(request: Request):
    root = workspace(request)
    name = request.path_params["naam"]
    data, theme, error = current(root)
    values = form_values(data)
    problems = Problems()
    if request.method == "POST":
        form = await request.form(max_files=0, max_fields=40)
        typed = {f: str(form.get(f, "")).strip() for f in FIELDS}
        new, problems = changes(values, typed)
        if not problems:
            problems = write(root, new) if new else Problems()
        if not problems:
            return see_other(f"/werkmap/{name}/huisstijl?bewaard=1")
        values = {**values, **typed}
    return show(request, root, values, problems, theme, error)


def show(request: Request, root: Path, values: dict[str, str], problems: Problems,
         theme: Theme | None, error: CodioError | None, *, status: int | None = None):
    from codio_print.inputs.fonts import installed

    name = request.path_params["naam"]
    colours = typed_colours(theme.colours if theme else _default_colours(), values)
    checks = {c: contrast_of(colours, c) if COLOURS[c] in colours else None for c in COLOURS}
    swatches = {c: colours.get(COLOURS[c], "#ffffff") for c in COLOURS}
    families = installed()
    return page("huisstijl.html", status=status or (422 if problems else 200),
                values=values, problems=problems, checks=checks, colours=list(COLOURS),
                swatches=swatches,
                families=families, logo=logo_of(root, theme), limits=LIMITS,
                saved=request.query_params.get("bewaard") == "1" and not problems,
                from_tokens={c for c in COLOURS if theme and COLOURS[c] in theme.colours
                             and theme.colour_origin(COLOURS[c])[2] != KEY_OF[COLOURS[c]]},
                theme=theme, error=message(error) if error else None,
                **step_context("huisstijl", name))


def _default_colours() -> dict[str, str]:
    return resolve(Huisstijl(), None, fundamenten()).colours


async def use_colour(request: Request):
    """'Deze kleur gebruiken': the shade given is written as the colour, checked as any."""
    root = workspace(request)
    name = request.path_params["naam"]
    form = await request.form(max_files=0, max_fields=5)
    colour, value = str(form.get("kleur", "")), str(form.get("waarde", "")).strip()
    data, theme, error = current(root)
    values = form_values(data)
    if colour not in COLOURS:
        return see_other(f"/werkmap/{name}/huisstijl")
    typed = {**values, colour: value}  # the shade given, checked as any colour
    new, problems = changes(values, typed)
    if not problems:
        problems = write(root, new) if new else Problems()
    if not problems:
        return see_other(f"/werkmap/{name}/huisstijl?bewaard=1#veld-{colour}")
    return show(request, root, typed, problems, theme, error)


async def contrast(request: Request):
    """The contrast beside each colour as typed (the page's script asks as you type)."""
    root = workspace(request)
    _data, theme, _error = current(root)
    typed = {c: str(request.query_params[c]) for c in COLOURS if c in request.query_params}
    colours = typed_colours(theme.colours if theme else _default_colours(), typed)
    out = {}
    for c, value in typed.items():
        if COLOURS[c] not in colours:
            continue
        try:
            hex_colour(value)
        except PydanticCustomError:
            out[c] = {"ok": False, "suggestion": None, "lines": [
                "Dit is nog geen kleur: schrijf hem als #rrggbb, bijvoorbeeld #154273."]}
            continue
        out[c] = contrast_of(colours, c)
    return JSONResponse(out)


async def upload_step(request: Request):
    """One of the files (logo, lettertype, tokens, powerpoint): kept if it passes."""
    root = workspace(request)
    name = request.path_params["naam"]
    up = UPLOADS.get(request.path_params["veld"])
    if up is None:
        raise HTTPException(404)
    try:
        problems = await receive(request, root, up)
    except TooLarge as large:
        return large.page(f"/werkmap/{name}/huisstijl")
    if not problems:
        return see_other(f"/werkmap/{name}/huisstijl?bewaard=1#veld-{up.field}")
    data, theme, error = current(root)
    return show(request, root, form_values(data), problems, theme, error, status=422)


def routes() -> list[Route]:
    return [Route("/werkmap/{naam}/huisstijl", look_step, methods=["GET", "POST"]),
            Route("/werkmap/{naam}/huisstijl/kleur", use_colour, methods=["POST"]),
            Route("/werkmap/{naam}/huisstijl/contrast", contrast, methods=["GET"]),
            Route("/werkmap/{naam}/huisstijl/bestand/{veld}", upload_step, methods=["POST"]),
            Route("/werkmap/{naam}/huisstijl/logo", logo_file, methods=["GET"])]
