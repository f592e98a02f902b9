"""Read YAML files while remembering the line of every key, so that errors can name it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from codio_print.inputs import access
from codio_print.errors import ContentError

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


MAX_NODES = 200_000  # far more than any content file; stops alias bombs ("billion laughs")
MAX_DEPTH = 60


def _build(node: yaml.Node, loc: Loc, lines: dict[Loc, int], path: Path,
           budget: list[int] | None = None) -> Any:
    budget = budget if budget is not None else [MAX_NODES]
    budget[0] -= 1
    if budget[0] < 0 or len(loc) > MAX_DEPTH:
        problem = "uses aliases (*name) that expand too far" if budget[0] < 0 else \
            "is nested too deeply"
        raise ContentError(f"the YAML {problem}", file=path, line=node.start_mark.line + 1,
                           fix="write the data out without '&' anchors and '*' aliases")
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise ContentError("a key must be a plain word", file=path,
                                   line=key_node.start_mark.line + 1,
                                   fix="write the key as text followed by a colon")
            key = _scalar(key_node, path)
            if key in out:
                raise ContentError(f"key '{key}' appears twice", file=path,
                                   line=key_node.start_mark.line + 1,
                                   fix="remove or rename one of them")
            lines[loc + (key,)] = key_node.start_mark.line + 1
            out[key] = _build(value_node, loc + (key,), lines, path, budget)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loc + (i,), lines, path, budget)
                for i, item in enumerate(node.value)]
    return _scalar(node, path)


_LOADER = yaml.SafeLoader("")
# libyaml's parser where it is installed (ten times faster); its errors are read again with
# the pure-Python parser, whose messages the tests and users know.
_FAST = getattr(yaml, "CSafeLoader", None)


def _compose(text: str) -> yaml.Node | None:
    if _FAST is not None:
        try:
            return yaml.compose(text, Loader=_FAST)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


_KINDS = {"timestamp": "a date", "int": "a number", "float": "a number", "bool": "yes or no",
          "binary": "base64 data"}


def _scalar(node: yaml.Node, path: Path) -> Any:
    try:
        return _LOADER.construct_object(node, deep=True)
    except yaml.YAMLError:
        raise
    except Exception:  # PyYAML's constructors fail on e.g. the date 2026-02-30, '!!int ""'
        kind = _KINDS.get(node.tag.rsplit(":", 1)[-1], node.tag)
        raise ContentError(f"'{node.value}' cannot be read as {kind}", file=path,
                           line=node.start_mark.line + 1,
                           fix="correct the value, or put it in quotes to keep it as text"
                           ) from None


MAX_YAML_BYTES = 5 * 1024 * 1024  # content files are tens of kilobytes


def read_text(path: Path, root: Path | None = None) -> str:
    """The text of a YAML file; with ``root`` only when it lies inside that folder (links
    resolved). Always a regular file of reasonable size: never a pipe, a device or a folder."""
    if not Path(path).exists():
        raise ContentError("file not found", file=path, fix="check the path")
    try:
        raw = access.read_bytes(path, [root] if root else [Path("/")], what="the file",
                                max_bytes=MAX_YAML_BYTES)
    except OSError as exc:
        raise ContentError(f"cannot read the file ({exc.strerror})", file=path) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError("the file is not UTF-8 text", file=path, line=line,
                           fix="save it as UTF-8 in your editor") from None


_OPENED = {"a quoted scalar": "a text in quotes", "a flow sequence": "a list in [ ]",
           "a flow mapping": "a group in { }"}


def load_yaml(path: Path, root: Path | None = None) -> Located:
    """Parse ``path`` (inside ``root`` when given: see read_text); raise ContentError with
    file and line on any YAML problem."""
    return parse_yaml(read_text(path, root), path)


def parse_yaml(text: str, path: Path) -> Located:
    """Parse ``text`` as if read from ``path`` (a file about to be written, checked first)."""
    try:
        node = _compose(text)
    except RecursionError:
        raise ContentError("the YAML is nested too deeply", file=path,
                           fix="check the brackets and the indentation") from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise ContentError(f"the file holds a character YAML does not allow "
                           f"(#x{exc.character:04x})", file=path, line=line,
                           fix="delete it; it is usually invisible in an editor") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        fix = "check indentation, colons and quotes on this line"
        if "end of stream" in problem and exc.context_mark:  # e.g. a quote never closed
            mark = exc.context_mark
            opened = re.sub(r"^while (scanning|parsing) ", "", exc.context or "")
            problem = f"{_OPENED.get(opened, opened)} starts here and is never closed"
            fix = "add the closing quote or bracket"
        line = mark.line + 1 if mark else None
        raise ContentError(f"YAML syntax error: {problem}", file=path, line=line,
                           fix=fix) from None
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
