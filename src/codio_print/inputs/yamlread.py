"""Read YAML files while remembering the line of every key, so that errors can name it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from codio_print import i18n
from codio_print.i18n import N_, _
from codio_print.inputs import access
from codio_print.errors import ContentError, reason

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


def _dotted(loc: Loc) -> str | None:
    """The key path of ``loc`` as people count (validate.key_of): kleuren.primair,
    acties[2].eigenaar."""
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out or None


def _build(node: yaml.Node, loc: Loc, lines: dict[Loc, int], path: Path,
           budget: list[int] | None = None) -> Any:
    budget = budget if budget is not None else [MAX_NODES]
    budget[0] -= 1
    if budget[0] < 0 or len(loc) > MAX_DEPTH:
        problem = (_("the YAML uses aliases (*name) that expand too far") if budget[0] < 0
                   else _("the YAML is nested too deeply"))
        raise ContentError(problem, file=path, line=node.start_mark.line + 1,
                           fix=_("write the data out without '&' anchors and '*' aliases"),
                           key=_dotted(loc))
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise ContentError(_("a key must be a plain word"), file=path,
                                   line=key_node.start_mark.line + 1,
                                   fix=_("write the key as text followed by a colon"),
                                   key=_dotted(loc))
            key = _scalar(key_node, path, loc)
            if key in out:
                raise ContentError(_("key '{key}' appears twice").format(key=key), file=path,
                                   line=key_node.start_mark.line + 1,
                                   fix=_("remove or rename one of them"),
                                   key=_dotted(loc + (key,)))
            lines[loc + (key,)] = key_node.start_mark.line + 1
            out[key] = _build(value_node, loc + (key,), lines, path, budget)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loc + (i,), lines, path, budget)
                for i, item in enumerate(node.value)]
    return _scalar(node, path, loc)


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


_KINDS = {"timestamp": N_("a date"), "int": N_("a number"), "float": N_("a number"),
          "bool": N_("yes or no"), "binary": N_("base64 data")}


def _scalar(node: yaml.Node, path: Path, loc: Loc = ()) -> Any:
    try:
        return _LOADER.construct_object(node, deep=True)
    except yaml.YAMLError:
        raise
    except Exception:  # PyYAML's constructors fail on e.g. the date 2026-02-30, '!!int ""'
        tag = node.tag.rsplit(":", 1)[-1]
        kind = _(_KINDS[tag]) if tag in _KINDS else node.tag
        raise ContentError(_("'{value}' cannot be read as {kind}").format(value=node.value,
                                                                           kind=kind),
                           file=path, line=node.start_mark.line + 1,
                           fix=_("correct the value, or put it in quotes to keep it as text"),
                           key=_dotted(loc)) from None


MAX_YAML_BYTES = 5 * 1024 * 1024  # content files are tens of kilobytes


def read_text(path: Path, root: Path | None = None) -> str:
    """The text of a YAML file; with ``root`` only when it lies inside that folder (links
    resolved). Always a regular file of reasonable size: never a pipe, a device or a folder."""
    if not Path(path).exists():
        raise ContentError(_("file not found"), file=path, fix=_("check the path"))
    try:
        raw = access.read_bytes(path, [root] if root else [Path("/")], what=N_("the file"),
                                max_bytes=MAX_YAML_BYTES)
    except OSError as exc:
        raise ContentError(_("cannot read the file ({reason})").format(reason=reason(exc)),
                           file=path) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(_("the file is not UTF-8 text"), file=path, line=line,
                           fix=_("save it as UTF-8 in your editor")) from None


_OPENED = {"a quoted scalar": N_("a text in quotes"), "a flow sequence": N_("a list in [ ]"),
           "a flow mapping": N_("a group in { }")}

# PyYAML's own words for what is wrong, in the reader's language; the English texts are
# PyYAML's, so an English line reads as it did. One it says otherwise is shown as it is.
_PROBLEMS = [(re.compile(pattern), text) for pattern, text in (
    (r"mapping values are not allowed here", N_("mapping values are not allowed here")),
    (r"sequence entries are not allowed here", N_("sequence entries are not allowed here")),
    (r"mapping keys are not allowed here", N_("mapping keys are not allowed here")),
    (r"could not find expected ':'", N_("could not find expected ':'")),
    (r"found unexpected end of stream", N_("found unexpected end of stream")),
    (r"found unexpected document separator", N_("found unexpected document separator")),
    (r"but found another document", N_("but found another document")),
    (r"invalid indentation or unclosed '\[' or '\{'",
     N_("invalid indentation or unclosed '[' or '{'")),
    (r"found character (?P<char>.+) that cannot start any token",
     N_("found character {char} that cannot start any token")),
    (r"found undefined alias (?P<name>.+)", N_("found undefined alias {name}")),
    (r"found unknown escape character (?P<char>.+)",
     N_("found unknown escape character {char}")),
    (r"expected (?P<expected>.+), but found (?P<found>.+)",
     N_("expected {expected}, but found {found}")),
    (r"expected (?P<expected>.+), but got (?P<found>.+)",
     N_("expected {expected}, but got {found}")),
)]


# What PyYAML names in its problems ("expected <block end>, but found '?'"), in words, for a
# reader of another language than English; English keeps PyYAML's own.
_TOKENS = {"<block end>": N_("the end of the block"), "<stream end>": N_("the end of the file"),
           "<block mapping start>": N_("the start of a group of fields"),
           "<block sequence start>": N_("the start of a list"), "<scalar>": N_("a value"),
           "?": N_("a new key"), ":": N_("a colon"), "-": N_("a list item ('- ')"),
           "<document start>": N_("a new document ('---')"), "\\t": N_("a tab (indent with "
                                                                       "spaces)")}


def _token(text: str) -> str:
    """A token PyYAML names ('?', <block end>, ',' or ']'), in the reader's words."""
    if i18n.language() == "en":
        return text
    bare = text[1:-1] if len(text) > 1 and text[0] == text[-1] == "'" else text
    if bare in _TOKENS:
        return _(_TOKENS[bare])
    return text.replace("' or '", "' " + _("or") + " '")


def _problem(text: str) -> str:
    """PyYAML's ``problem`` in the reader's language, where it is one of its usual ones."""
    for pattern, message in _PROBLEMS:
        found = pattern.fullmatch(text)
        if found:
            return _(message).format(**{name: _token(value)
                                        for name, value in found.groupdict().items()})
    return text


def load_yaml(path: Path, root: Path | None = None) -> Located:
    """Parse ``path`` (inside ``root`` when given: see read_text); raise ContentError with
    file and line on any YAML problem."""
    return parse_yaml(read_text(path, root), path)


def parse_yaml(text: str, path: Path) -> Located:
    """Parse ``text`` as if read from ``path`` (a file about to be written, checked first)."""
    try:
        node = _compose(text)
    except RecursionError:
        raise ContentError(_("the YAML is nested too deeply"), file=path,
                           fix=_("check the brackets and the indentation")) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise ContentError(_("the file holds a character YAML does not allow ({code})").format(
                               code=f"#x{exc.character:04x}"), file=path, line=line,
                           fix=_("delete it; it is usually invisible in an editor")) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = _problem(exc.problem) if exc.problem else _("invalid YAML")
        fix = _("check indentation, colons and quotes on this line")
        if exc.problem and "end of stream" in exc.problem and exc.context_mark:
            mark = exc.context_mark  # e.g. a quote never closed
            opened = re.sub(r"^while (scanning|parsing) ", "", exc.context or "")
            problem = _("{opened} starts here and is never closed").format(
                opened=_(_OPENED[opened]) if opened in _OPENED else opened)
            fix = _("add the closing quote or bracket")
        line = mark.line + 1 if mark else None
        raise ContentError(_("YAML syntax error: {problem}").format(problem=problem),
                           file=path, line=line, fix=fix) from None
    except yaml.YAMLError as exc:
        raise ContentError(_("YAML syntax error: {problem}").format(problem=exc), file=path,
                           fix=_("check the file's YAML syntax")) from None
    if node is None:
        return Located(path, None, {(): 1})
    lines: dict[Loc, int] = {}
    try:
        data = _build(node, (), lines, path)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None)
        raise ContentError(_("YAML value error: {problem}").format(
                               problem=_problem(problem) if problem else exc), file=path,
                           line=mark.line + 1 if mark else None,
                           fix=_("quote the value")) from None
    return Located(path, data, lines)
