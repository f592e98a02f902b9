"""From what pydantic and our checks find to one line a person can act on: the file, the
line, what is wrong and how to fix it. Every loader validates through here.

A place in a file is named as people count: ``acties[2] (A2).eigenaar``, not
``acties.1.eigenaar``.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from codio_print.errors import ContentError, InputError
from codio_print.inputs.models import HEX, ID
from codio_print.inputs.yamlread import Located, load_yaml

M = TypeVar("M", bound=BaseModel)


def _shown(value) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:37] + "..."


_KIND_OF = {dict: "a group of fields", list: "a list", type(None): "empty"}


def key_of(loc: tuple, data=None) -> str:
    """A field's place as people count: ``acties[2] (A2).eigenaar`` for ``acties.1.eigenaar``.

    A list position counts from 1 and, when that item has an ``id``, is followed by it.
    ``data`` is the file as loaded: it tells list positions from keys that are numbers.
    """
    out, node = "", data
    for part in loc:
        if isinstance(part, int) and not isinstance(node, dict):
            out += f"[{part + 1}]"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            item_id = node.get("id") if isinstance(node, dict) else None
            if isinstance(item_id, (str, int)) and not isinstance(item_id, bool):
                out += f" ({_shown(item_id)})"
        else:
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "file"


def _message(err: dict, data=None) -> tuple[str, str]:
    """A pydantic error as (what is wrong, how to fix it), in the user's terms."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    key = key_of(err["loc"], data)
    got = _KIND_OF.get(type(value), f"'{_shown(value)}'")
    if kind == "missing":
        return f"'{key}' is missing", "add it (see the other files for an example)"
    if kind == "extra_forbidden":
        return f"unknown field '{key}'", "remove it or correct its spelling"
    # Our own validators (pydantic_core.PydanticCustomError) carry their fix in the context.
    fix = (err.get("ctx") or {}).get("fix")
    if fix:
        return f"'{key}': {err['msg']}", fix
    if kind == "string_type":
        if value is None:
            return f"'{key}' is empty", f"write the text after '{err['loc'][-1]}:'"
        return f"'{key}' must be text, not {got}", "write it as one line of text"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"'{key}' must be a whole number, not {got}", "write a number, e.g. 15"
    if kind in ("list_type", "tuple_type"):
        return f"'{key}' must be a list, not {got}", "put each item on its own line after '- '"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (f"'{key}' must be a group of fields (key: value), not {got}",
                "indent the fields under it")
    if kind == "literal_error":
        return f"'{key}' is {got}, which is not allowed", f"use one of {ctx.get('expected')}"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == ID:
            return (f"'{key}' is {got}, which is not an id",
                    "ids are lower-case letters, digits and hyphens, e.g. mijn-casus")
        if ctx.get("pattern") == HEX:
            return f"'{key}' is {got}, which is not a colour", "write it as #RRGGBB, e.g. #154273"
        return f"'{key}' is {got}, which is not in the right form", "correct the value"
    if kind == "string_too_long":
        return (f"'{key}' is {len(value)} characters long; at most {ctx['max_length']} fit "
                "its place on the printed sheets", "shorten it")
    if kind == "string_too_short":
        return f"'{key}' is too short or empty", "fill it in"
    if kind == "too_short":
        return (f"'{key}' needs at least {ctx.get('min_length')} item(s)",
                "add them (see the other files for an example)")
    if kind == "too_long":
        return f"'{key}' has more than {ctx.get('max_length')} items", "remove some"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return f"'{key}' is {got}: {err['msg'].lower()}", "correct the number"
    return f"'{key}': {err['msg'].lower()}", "correct the value"


def _without_union_tags(err: dict, data) -> dict:
    """pydantic names the member of a union it tried in the place (``kleuren.primair.Kleur
    .cmyk``): leave those names out, so the place is the file's and its line is found."""
    loc, node, out = err["loc"], data, []
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(node, (dict, list)) and isinstance(part, str) and not (
                last and err["type"] in ("missing", "extra_forbidden")):
            continue  # a union member's name, not a key of the file
        else:
            node = None
        out.append(part)
    return {**err, "loc": tuple(out)}


def validate(located: Located, model: type[M]) -> M:
    """Validate a loaded file against ``model``; the first error names its line."""
    if not isinstance(located.data, dict):
        raise ContentError("the file must hold a mapping of fields (key: value)",
                           file=located.path, line=1, fix="start with 'id: ...' style lines")
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        err = _without_union_tags(exc.errors()[0], located.data)
        message, fix = _message(err, located.data)
        more = len(exc.errors()) - 1
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise ContentError(message, file=located.path, line=located.line_of(err["loc"]),
                           fix=fix) from None


def load_model(path: Path, model: type[M], root: Path | None = None) -> tuple[M, Located]:
    located = load_yaml(path, root)
    return validate(located, model), located


def check_unique(items, attr: str, located: Located, loc: tuple) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        key = getattr(item, attr)
        if key in seen:
            raise ContentError(f"duplicate id '{key}'", file=located.path,
                               line=located.line_of(loc + (i, attr)),
                               fix="give every entry its own id")
        seen.add(key)


def ref_error(located: Located, loc: tuple, what: str, value: str, known) -> ContentError:
    known = [str(k) for k in known]
    close = difflib.get_close_matches(str(value), known, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return ContentError(f"unknown {what} '{value}'", file=located.path,
                        line=located.line_of(loc), fix=hint + "use one of: " + ", ".join(known))


def check_case_id(case_id: str) -> None:
    """A case id becomes a folder name: never a path, never '..'."""
    if not re.fullmatch(ID, case_id):
        raise InputError(f"'{case_id}' is not a case id",
                         fix="case ids are lower-case letters, digits and hyphens, "
                             "e.g. arnhem (see 'codio-print cases')")
