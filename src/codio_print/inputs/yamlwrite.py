"""Write a model's fields as YAML, each explained by a comment taken from the model.

The descriptions in the models are the one source of the explanation: the JSON Schemas show
them in the editor, and the files `init` and `new-case` write carry them as comments.
"""

from __future__ import annotations

import json
import os
import textwrap
import typing
from datetime import date, time
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from codio_print import paths

WIDTH = 92


def schema_line(file: Path, schema: str) -> str:
    """The modeline that makes editors with YAML language support check the file."""
    target = paths.SCHEMAS / schema
    try:
        ref = Path(os.path.relpath(target, file.parent)).as_posix()
    except ValueError:  # another drive on Windows
        ref = target.as_uri()
    return f"# yaml-language-server: $schema={ref}"


def document(model: type[BaseModel], values: dict[str, Any], *, header: list[str],
             choices: dict[str, list[str]] | None = None,
             commented: dict[str, Any] | None = None) -> str:
    """Every field of ``model``: its description as a comment, then its value.

    ``values`` holds the written fields, ``commented`` examples written as comments (fields
    best left out); every field must be in one of them. ``choices`` adds the allowed values
    to a field's comment, by dotted path ("proactiviteit.niveau")."""
    out = [*header, ""]
    _fields(model, values, commented or {}, choices or {}, "", 0, out)
    return "\n".join(out).rstrip() + "\n"


def _fields(model: type[BaseModel], values: dict, commented: dict, choices: dict, path: str,
            indent: int, out: list[str]) -> None:
    pad = " " * indent
    for name, info in model.model_fields.items():
        key_path = f"{path}{name}"
        if name not in values and name not in commented:
            raise ValueError(f"{model.__name__}.{name} has no value and no example")  # internal
        _comment(_describe(info, key_path, choices), pad, out)
        if name in values:
            _value(name, values[name], info.annotation, commented, choices, key_path,
                   indent, pad, out)
        else:
            example = yaml.safe_dump({name: commented[name]}, allow_unicode=True,
                                     sort_keys=False, width=WIDTH).rstrip().splitlines()
            out.extend(f"{pad}# {line}" for line in example)


def _describe(info, key_path: str, choices: dict) -> str:
    text = info.description or ""
    allowed = (choices.get(key_path) or _enum_values(info.metadata)
               or _literal_values(info.annotation))
    if allowed:
        text += " Kies uit: " + ", ".join(allowed) + "."
    return text.strip()


def _literal_values(annotation) -> list[str]:
    for arg in [annotation, *typing.get_args(annotation)]:
        if typing.get_origin(arg) is typing.Literal:
            return [str(v) for v in typing.get_args(arg)]
        if typing.get_origin(arg) is typing.Annotated and _enum_values(arg.__metadata__):
            return _enum_values(arg.__metadata__)
    return []


def _enum_values(metadata) -> list[str]:
    """The allowed values a setting declares (inputs/options.py: its schema's enum)."""
    for item in metadata:
        enum = getattr(item, "json_schema", None) or {}
        if isinstance(enum, dict) and enum.get("enum"):
            return [str(v) for v in enum["enum"]]
    return []


def _comment(text: str, pad: str, out: list[str]) -> None:
    out.extend(comment(text, len(pad)))


def _item_model(annotation) -> type[BaseModel] | None:
    """X for list[X] (X a model)."""
    for arg in typing.get_args(annotation) or ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _mapping_value(annotation):
    """Y for dict[X, Y] (or an optional one)."""
    for arg in [annotation, *typing.get_args(annotation)]:
        if typing.get_origin(arg) is dict:
            return typing.get_args(arg)[1]
    return None


def _value(name: str, value: Any, annotation, commented: dict, choices: dict, path: str,
           indent: int, lead_pad: str, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        out.append(f"{lead_pad}{name}:")
        _fields(annotation, value, commented.get(name, {}), choices, path + ".", indent + 2,
                out)
        return
    if isinstance(value, dict) and value:  # a mapping of names (handout6's fundamenten)
        out.append(f"{lead_pad}{name}:")
        inner = _mapping_value(annotation)
        for key, entry in value.items():
            _value(str(key), entry, inner, {}, choices, f"{path}.{key}", indent + 2,
                   pad + "  ", out)
        return
    if isinstance(value, list) and not value:
        out.append(f"{lead_pad}{name}: []")
        return
    if isinstance(value, list):
        out.append(f"{lead_pad}{name}:")
        item = _item_model(annotation)
        for n, entry in enumerate(value):
            if item is not None:
                _item(item, entry, choices, path + ".", indent + 4, out, with_comments=n == 0)
            else:
                out.append(f"{pad}  - {scalar(entry)}")
        return
    if isinstance(value, str) and "\n" in value:
        out.append(f"{lead_pad}{name}: |")
        out.extend(f"{pad}  {line}".rstrip() for line in value.strip("\n").split("\n"))
        return
    out.append(f"{lead_pad}{name}: {scalar(value)}".rstrip())


def _item(model: type[BaseModel], entry: dict, choices: dict, path: str, indent: int,
          out: list[str], with_comments: bool) -> None:
    """One list item: '- first: ...' then the other fields indented under it."""
    pad = " " * indent
    for i, (name, info) in enumerate(model.model_fields.items()):
        if name not in entry:
            continue
        lead = pad[:-2] + "- " if i == 0 else pad
        if with_comments:
            _comment(_describe(info, path + name, choices), pad, out)
        _value(name, entry[name], info.annotation, {}, choices, path + name, indent, lead,
               out)


def scalar(value: Any) -> str:
    """A value as a YAML scalar: plain where that reads back the same, else quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, date)):
        return str(value)
    if isinstance(value, time):  # quoted: YAML 1.1 reads 10:30 as a number
        return f'"{value:%H:%M}"'
    text = str(value)
    plain_ok = bool(text) and text == text.strip() and "\n" not in text and "#" not in text
    try:
        plain_ok = plain_ok and yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        plain_ok = False
    return text if plain_ok else json.dumps(text, ensure_ascii=False)  # valid YAML, too


def comment(text: str, indent: int = 0, width: int = WIDTH, *,
            break_on_hyphens: bool = True) -> list[str]:
    """``text`` as comment lines of at most ``width`` characters, indented."""
    pad = " " * indent + "# "
    return textwrap.wrap(text, width=width, initial_indent=pad, subsequent_indent=pad,
                         break_on_hyphens=break_on_hyphens)
