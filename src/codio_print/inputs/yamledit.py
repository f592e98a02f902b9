"""A workspace's YAML file changed in place, as a person would change it in an editor: each
value set by its dotted key ("drukwerk.telefoon"), every comment, the order and the quoting
of the rest kept (ruamel.yaml's round trip). A key the file lacks is added after the key
that comes before it in ``order``, not at the end.

The web interface writes sessie.yaml with it, so that the command line and the browser can
take turns on one workspace; results import writes resultaten.yaml with the same reader.
"""

from __future__ import annotations

import io
from datetime import date, time
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml

from codio_print import writing
from codio_print.inputs import access

MAX_BYTES = 1024 * 1024  # a settings file, not a book


def round_trip():
    """ruamel.yaml set to write as our files are written: two spaces, long lines kept."""
    from ruamel.yaml import YAML

    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.width = 4096  # a text on one line, as the person wrote it
    return rt


def as_written(value: Any) -> Any:
    """A value as ruamel should write it: a text quoted where the file's reader (PyYAML,
    YAML 1.1) would read it as something else ('ja', '14:00', '2027'); a time as "09:30"."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, time):
        return DoubleQuotedScalarString(f"{value:%H:%M}")
    if isinstance(value, date) or not isinstance(value, str):
        return value
    try:
        same = yaml.safe_load(f"k: {value}") == {"k": value}
    except (yaml.YAMLError, ValueError):  # a date with month 13, say
        same = False
    return value if same and value == value.strip() and value else DoubleQuotedScalarString(value)


def set_values(path: Path, values: dict[str, Any], *, below: Path,
               order: Iterable[str] = (), check: Callable[[str], Any] | None = None) -> bool:
    """Set each dotted key of ``values`` in the YAML file ``path`` (a mapping) and write it
    in one step, only if it changed; whether it did. ``None`` writes an empty value; a dict
    replaces the mapping at its key. ``order``: every key the file may hold, in the order
    a new one is placed. ``check`` sees the new text first and raises to keep the file as
    it is. Read through the reading rule, inside ``below``."""
    data, _info = access.read_file(path, [below], max_bytes=MAX_BYTES, links=False)
    text = data.decode("utf-8")
    rt = round_trip()
    doc = rt.load(text)
    order = list(order)
    for key, value in values.items():
        _set(doc, key, value, order)
    out = io.StringIO()
    rt.dump(doc, out)
    if check is not None:
        check(out.getvalue())
    return writing.update(path, out.getvalue(), below=below)


def _set(doc, dotted: str, value: Any, order: list[str]) -> None:
    from ruamel.yaml.comments import CommentedMap

    group, _dot, key = dotted.rpartition(".")
    target = doc
    if group:
        if not isinstance(doc.get(group), dict):
            _place(doc, group, CommentedMap(), order)
        target = doc[group]
    if isinstance(value, dict):
        value = CommentedMap((k, as_written(v)) for k, v in value.items())
    else:
        value = as_written(value)
    if key in target:
        _keep_comment(target, key, value)
        target[key] = value
    else:
        _place(target, key, value, [k.rpartition(".")[2] for k in order
                                    if k.rpartition(".")[0] == group])


def _keep_comment(mapping, key: str, value: Any) -> None:
    """The comment after ``key``'s value (often the next key's explanation) kept where
    ruamel would lose it: when a text becomes a group of keys ("#154273" -> rgb, cmyk), or a
    group a text. ruamel keeps such a comment with the last value before it."""
    from ruamel.yaml.comments import CommentedMap

    old = mapping[key]
    if isinstance(old, CommentedMap) == isinstance(value, CommentedMap):
        return
    if isinstance(old, CommentedMap):  # group -> text: its last key's comment moves out
        last = next(reversed(old), None) if len(old) else None
        token = old.ca.items.get(last, [None] * 4)[2] if last is not None else None
        if token is not None:
            mapping.ca.items.setdefault(key, [None] * 4)[2] = token
        return
    entry = mapping.ca.items.get(key)
    if entry and entry[2] is not None and len(value):  # text -> group
        value.ca.items.setdefault(list(value)[-1], [None] * 4)[2] = entry[2]
        entry[2] = None


def _place(mapping, key: str, value: Any, order: list[str]) -> None:
    """A new key after the last key before it in ``order`` that the mapping has."""
    before = order[:order.index(key)] if key in order else []
    keys = list(mapping)
    at = max((keys.index(k) + 1 for k in before if k in keys), default=len(keys))
    mapping.insert(at, key, value)
