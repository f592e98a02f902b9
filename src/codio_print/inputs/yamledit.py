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
               order: Iterable[str] = (), check: Callable[[str], Any] | None = None,
               flat: bool = False, start: str | None = None) -> bool:
    """Set each dotted key of ``values`` in the YAML file ``path`` (a mapping) and write it
    in one step, only if it changed; whether it did. ``None`` writes an empty value; a dict
    replaces the mapping at its key. ``order``: every key the file may hold, in the order
    a new one is placed. ``check`` sees the new text first and raises to keep the file as
    it is. Read through the reading rule, inside ``below``.

    A key the file has is set where it stands, also when the file writes part of it as one
    key (``presentatie.bedankt.titel`` in ``presentatie:`` / ``bedankt.titel:``). ``flat``:
    a key the file lacks is added whole at the end (teksten.yaml's one line a text).
    ``start``: the text of the file when it does not exist yet (its comments)."""
    text = _read(path, below, start)
    rt = round_trip()
    doc = rt.load(text)
    bare = doc is None  # no key yet: only comments, or nothing
    if bare:
        from ruamel.yaml.comments import CommentedMap
        doc = CommentedMap()
    order = list(order)
    for key, value in values.items():
        _set(doc, key, value, order, flat)
    return _written(path, _dumped(rt, doc, text if bare else None), below, check)


def remove(path: Path, keys: Iterable[str], *, below: Path,
           check: Callable[[str], Any] | None = None) -> bool:
    """Take each dotted key out of the YAML file ``path``, with a mapping it leaves empty,
    every comment kept (a comment above the next key stays above it); whether the file
    changed. A key the file lacks is no change. ``check`` as for set_values."""
    text = _read(path, below, None)
    rt = round_trip()
    for key in keys:
        doc = rt.load(text)
        found = _path(doc, key)
        if found is not None:
            text = _cut(rt, text, doc, found)
    return _written(path, text, below, check)


def _read(path: Path, below: Path, start: str | None) -> str:
    if start is not None and not path.exists() and not path.is_symlink():
        return start
    data, _info = access.read_file(path, [below], max_bytes=MAX_BYTES, links=False)
    return data.decode("utf-8")


def _dumped(rt, doc, comments: str | None) -> str:
    out = io.StringIO()
    rt.dump(doc, out)
    if comments is None:
        return out.getvalue()
    head = comments.rstrip()
    return (head + "\n\n" if head else "") + (out.getvalue() if doc else "")


def _written(path: Path, text: str, below: Path, check: Callable[[str], Any] | None) -> bool:
    if check is not None:
        check(text)
    return writing.update(path, text, below=below)


def _path(mapping, dotted: str) -> tuple[str, ...] | None:
    """The keys in the file that lead to ``dotted``, or None."""
    if not isinstance(mapping, dict):
        return None
    if dotted in mapping:
        return (dotted,)
    for key in mapping:
        if isinstance(key, str) and dotted.startswith(key + "."):
            rest = _path(mapping[key], dotted[len(key) + 1:])
            if rest is not None:
                return (key, *rest)
    return None


def _inside(doc, keys: tuple[str, ...]):
    for key in keys:
        doc = doc[key]
    return doc


def _set(doc, dotted: str, value: Any, order: list[str], flat: bool) -> None:
    from ruamel.yaml.comments import CommentedMap

    if isinstance(value, dict):
        value = CommentedMap((k, as_written(v)) for k, v in value.items())
    else:
        value = as_written(value)
    found = _path(doc, dotted)
    if found is not None:
        parent = _inside(doc, found[:-1])
        _keep_comment(parent, found[-1], value)
        parent[found[-1]] = value
        return
    if flat:
        doc[dotted] = value
        return
    group, _dot, key = dotted.rpartition(".")
    target = doc
    if group:
        if not isinstance(doc.get(group), dict):
            _place(doc, group, CommentedMap(), order)
        target = doc[group]
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


def _cut(rt, text: str, doc, found: tuple[str, ...]) -> str:
    """``text`` without the entry at ``found`` (and a mapping it was the only key of):
    its lines, from its key to the next line that is not its value, less the comments and
    blank lines at the end of that stretch (they stand above what follows)."""
    while len(found) > 1 and len(_inside(doc, found[:-1])) == 1:
        found = found[:-1]
    mapping = _inside(doc, found[:-1])
    line, column = mapping.lc.key(found[-1])
    lines = text.splitlines(keepends=True)
    end = line + 1
    while end < len(lines) and (_loose(lines[end]) or _indent(lines[end]) > column):
        end += 1
    while end > line + 1 and _loose(lines[end - 1]) and _indent(lines[end - 1]) <= column:
        end -= 1
    cut = "".join(lines[:line] + lines[end:])
    expected = _plain(doc)
    del _inside(expected, found[:-1])[found[-1]]
    from ruamel.yaml.error import YAMLError

    try:
        if _plain(rt.load(cut)) == (expected or None):
            return cut
    except YAMLError:  # a layout the cut by lines misread: ruamel's own below
        pass
    del mapping[found[-1]]
    return _dumped(rt, doc, None)


def _loose(line: str) -> bool:
    """A blank line or a comment line."""
    return not line.strip() or line.lstrip().startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _plain(data):
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data
