"""From what pydantic and our checks find to one line a person can act on: the file, the
line, what is wrong and how to fix it. Every loader validates through here.

A place in a file is named as people count: ``acties[2] (A2).eigenaar``, not
``acties.1.eigenaar``.
"""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from codio_print.errors import ContentError
from codio_print.i18n import N_, _, ngettext
from codio_print.inputs.models import HEX, ID
from codio_print.inputs.yamlread import Located, load_yaml

M = TypeVar("M", bound=BaseModel)


def _shown(value) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:37] + "..."


_KIND_OF = {dict: N_("a group of fields"), list: N_("a list"), type(None): N_("empty")}


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
    return out or _("file")


_LIMITS = {"greater_than": ("gt", N_("it must be more than {limit}")),
           "greater_than_equal": ("ge", N_("it must be {limit} or more")),
           "less_than": ("lt", N_("it must be less than {limit}")),
           "less_than_equal": ("le", N_("it must be {limit} or less"))}


def _message(err: dict, data=None, model: type[BaseModel] | None = None) -> tuple[str, str]:
    """A pydantic error as (what is wrong, how to fix it), in the user's terms and language.
    ``model``: the model validated, for the fields an unknown one may have meant."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    key = key_of(err["loc"], data)
    got = (_(_KIND_OF[type(value)]) if type(value) in _KIND_OF
           else f"'{_shown(value)}'")
    if kind == "missing":
        return (_("'{key}' is missing").format(key=key),
                _("add it (see the other files for an example)"))
    if kind == "extra_forbidden":
        return (_("unknown field '{key}'").format(key=key),
                _did_you_mean(err["loc"], model) + _("remove it or correct its spelling"))
    # Our own validators (pydantic_core.PydanticCustomError) carry their fix in the context.
    fix = ctx.get("fix")
    if fix:
        return f"'{key}': {err['msg']}", fix
    if kind == "string_type" and value is None:
        return (_("'{key}' is empty").format(key=key),
                _("write the text after '{field}:'").format(field=err["loc"][-1]))
    return (_wrong_type(kind, key, got) or _wrong_value(kind, key, got, ctx, value)
            or (f"'{key}': {err['msg'].lower()}", _("correct the value")))


def _wrong_type(kind: str, key: str, got: str) -> tuple[str, str] | None:
    """A value of the wrong kind (text, a number, yes or no, a list, a group)."""
    if kind == "string_type":
        return (_("'{key}' must be text, not {got}").format(key=key, got=got),
                _("write it as one line of text"))
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return (_("'{key}' must be a whole number, not {got}").format(key=key, got=got),
                _("write a number, e.g. 15"))
    if kind in ("float_type", "float_parsing"):
        return (_("'{key}' must be a number, not {got}").format(key=key, got=got),
                _("write a number, e.g. 15"))
    if kind in ("bool_type", "bool_parsing"):
        return (_("'{key}' must be yes or no (true or false), not {got}").format(key=key,
                                                                                 got=got),
                _("write true or false"))
    if kind in ("list_type", "tuple_type"):
        return (_("'{key}' must be a list, not {got}").format(key=key, got=got),
                _("put each item on its own line after '- '"))
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (_("'{key}' must be a group of fields (key: value), not {got}").format(
            key=key, got=got), _("indent the fields under it"))
    return None


def _wrong_value(kind: str, key: str, got: str, ctx: dict, value) -> tuple[str, str] | None:
    """A value of the right kind that is not allowed (a choice, a form, a length, a limit)."""
    if kind == "literal_error":
        head, sep, last = str(ctx.get("expected", "")).rpartition(" or ")
        expected = head + " " + _("or") + " " + last if sep else last
        return (_("'{key}' is {got}, which is not allowed").format(key=key, got=got),
                _("use one of {choices}").format(choices=expected))
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == ID:
            return (_("'{key}' is {got}, which is not an id").format(key=key, got=got),
                    _("ids are lower-case letters, digits and hyphens, e.g. mijn-casus"))
        if ctx.get("pattern") == HEX:
            return (_("'{key}' is {got}, which is not a colour").format(key=key, got=got),
                    _("write it as #RRGGBB, e.g. #154273"))
        return (_("'{key}' is {got}, which is not in the right form").format(key=key, got=got),
                _("correct the value"))
    if kind == "string_too_long":
        return (_("'{key}' is {length} characters long; at most {most} fit its place on the "
                  "printed sheets").format(key=key, length=len(value),
                                           most=ctx["max_length"]), _("shorten it"))
    if kind == "string_too_short":
        return _("'{key}' is too short or empty").format(key=key), _("fill it in")
    if kind == "too_short":
        least = ctx.get("min_length")
        return (ngettext("'{key}' needs at least {least} item", "'{key}' needs at least "
                         "{least} items", least if isinstance(least, int) else 2).format(
                             key=key, least=least),
                _("add them (see the other files for an example)"))
    if kind == "too_long":
        return (_("'{key}' has more than {most} items").format(key=key,
                                                              most=ctx.get("max_length")),
                _("remove some"))
    if kind in _LIMITS and _LIMITS[kind][0] in ctx:
        name, rule = _LIMITS[kind]
        return (_("'{key}' is {got}: {rule}").format(key=key, got=got,
                                                     rule=_(rule).format(limit=ctx[name])),
                _("correct the number"))
    return None


def _did_you_mean(loc: tuple, model: type[BaseModel] | None) -> str:
    """"did you mean 'locatie'? " for an unknown field close to one the model has there."""
    if model is None or not loc or not isinstance(loc[-1], str):
        return ""
    known = _fields_at(model, loc[:-1])
    close = difflib.get_close_matches(loc[-1], known, n=1, cutoff=0.6)
    return _("did you mean '{name}'? ").format(name=close[0]) if close else ""


def _members(annotation) -> list:
    """The types an annotation may be: Annotated and unions unwrapped."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _members(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _members(arg)]
    return [annotation]


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The fields of the model found at ``loc`` inside ``model`` (none if there is none)."""
    current: object = model
    for part in loc:
        found = None
        for member in _members(current):
            origin = typing.get_origin(member)
            if isinstance(part, str) and isinstance(member, type) and issubclass(
                    member, BaseModel) and part in member.model_fields:
                found = member.model_fields[part].annotation
            elif isinstance(part, str) and origin is dict:
                found = typing.get_args(member)[1]
            elif isinstance(part, int) and origin in (list, tuple):
                found = typing.get_args(member)[0]
            if found is not None:
                break
        if found is None:
            return []
        current = found
    return [name for member in _members(current) if isinstance(member, type)
            and issubclass(member, BaseModel) for name in member.model_fields]


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
        raise ContentError(_("the file must hold a mapping of fields (key: value)"),
                           file=located.path, line=1,
                           fix=_("start with 'id: ...' style lines"))
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        err = _without_union_tags(exc.errors()[0], located.data)
        message, fix = _message(err, located.data, model)
        more = len(exc.errors()) - 1
        if more:
            message += " " + ngettext("(and {n} more problem)", "(and {n} more problems)",
                                      more).format(n=more)
        raise ContentError(message, file=located.path, line=located.line_of(err["loc"]),
                           fix=fix, key=key_of(err["loc"], located.data) if err["loc"]
                           else None) from None


def load_model(path: Path, model: type[M], root: Path | None = None) -> tuple[M, Located]:
    located = load_yaml(path, root)
    return validate(located, model), located


def check_unique(items, attr: str, located: Located, loc: tuple) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        key = getattr(item, attr)
        if key in seen:
            raise ContentError(_("duplicate id '{id}'").format(id=key), file=located.path,
                               line=located.line_of(loc + (i, attr)),
                               fix=_("give every entry its own id"),
                               key=key_of(loc + (i, attr), located.data))
        seen.add(key)


def ref_error(located: Located, loc: tuple, what: str, value: str, known) -> ContentError:
    """An unknown reference; ``what`` ("fundament", "data origin") marked with N_()."""
    known = [str(k) for k in known]
    close = difflib.get_close_matches(str(value), known, n=1)
    hint = _("did you mean '{name}'? ").format(name=close[0]) if close else ""
    return ContentError(_("unknown {what} '{value}'").format(what=_(what), value=value),
                        file=located.path, line=located.line_of(loc),
                        fix=hint + _("use one of: {choices}").format(choices=", ".join(known)),
                        key=key_of(loc, located.data))
