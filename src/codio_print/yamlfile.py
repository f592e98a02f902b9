"""Read YAML files while remembering the line of every key, so that errors can name it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError

Loc = tuple[Any, ...]


class Located:
    """Data loaded from one YAML file plus the line of each key path."""

    def __init__(self, path: Path, data: Any, lines: dict[Loc, int]):
        self.path = path
        self.data = data
        self.lines = lines

    def line_of(self, loc: Loc) -> int | None:
        """The line of the deepest known prefix of ``loc`` (1-based)."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


def _build(node: yaml.Node, loc: Loc, lines: dict[Loc, int], path: Path) -> Any:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise ContentError("a key must be a plain word", file=path,
                                   line=key_node.start_mark.line + 1,
                                   fix="write the key as text followed by a colon")
            key = _scalar(key_node)
            if key in out:
                raise ContentError(f"key '{key}' appears twice", file=path,
                                   line=key_node.start_mark.line + 1,
                                   fix="remove or rename one of them")
            lines[loc + (key,)] = key_node.start_mark.line + 1
            out[key] = _build(value_node, loc + (key,), lines, path)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loc + (i,), lines, path) for i, item in enumerate(node.value)]
    return _scalar(node)


_LOADER = yaml.SafeLoader("")


def _scalar(node: yaml.Node) -> Any:
    return _LOADER.construct_object(node, deep=True)


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ContentError("file not found", file=path, fix="check the path") from None
    except OSError as exc:
        raise ContentError(f"cannot read the file ({exc.strerror})", file=path) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError("the file is not UTF-8 text", file=path, line=line,
                           fix="save it as UTF-8 in your editor") from None


def load_yaml(path: Path) -> Located:
    """Parse ``path``; raise ContentError with file and line on any YAML problem."""
    text = read_text(path)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or "invalid YAML"
        raise ContentError(f"YAML syntax error: {problem}", file=path, line=line,
                           fix="check indentation, colons and quotes on this line") from None
    except yaml.YAMLError as exc:
        raise ContentError(f"YAML syntax error: {exc}", file=path,
                           fix="check the file's YAML syntax") from None
    if node is None:
        return Located(path, None, {(): 1})
    lines: dict[Loc, int] = {}
    try:
        data = _build(node, (), lines, path)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(f"YAML value error: {getattr(exc, 'problem', exc)}", file=path,
                           line=mark.line + 1 if mark else None,
                           fix="quote the value") from None
    return Located(path, data, lines)
