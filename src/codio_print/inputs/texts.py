"""The kit's fixed wording as data: every label, heading, instruction and slide text a template
prints, grouped per piece in ``content/teksten/<piece>.yaml``, and a workspace's own words in
one small ``teksten.yaml`` that overrides any key.

A template asks for a text by its key: ``{{ t("presentatie.bedankt.titel") }}``. A text may
hold places for values the template fills in, ``{organisatie}``, and ``**bold**``; it is
HTML-escaped, so a text is never markup. ``codio-print teksten`` lists every key with its
current text.
"""

from __future__ import annotations

import difflib
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from codio_print import paths
from codio_print.errors import ContentError, TemplateError
from codio_print.inputs.yamlread import Located, load_yaml

TEXTS_FILE = "teksten.yaml"
TEXTS_DIR = "teksten"  # content/teksten/<piece>.yaml

_FORMATTER = string.Formatter()
_BOLD = "**"
# A place's format, {nummer:>3}: Python's format mini-language, one level (no place inside
# it), and no wider or more precise than any text of a kit needs: a workspace's teksten.yaml
# may be hostile, and {nummer:x>1000000000} would write a gigabyte.
_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(?P<width>\d+)?[,_]?(?:\.(?P<precision>\d+))?"
                   r"[bcdeEfFgGnosxX%]?", re.DOTALL)
MAX_WIDTH = 100


@dataclass(frozen=True)
class Text:
    key: str          # "presentatie.bedankt.titel"
    text: str
    file: Path
    line: int | None
    places: frozenset[str]  # the {names} the template fills in


@dataclass(frozen=True)
class Texts:
    """Every text by key: the built-in ones with a workspace's own over them."""

    texts: dict[str, Text]
    builtin: dict[str, Text] = field(default_factory=dict)
    files: tuple[Path, ...] = ()  # the workspace's teksten.yaml, if any (for watch)

    def text(self, key: str) -> str:
        return self._get(key).text

    def _get(self, key: str) -> Text:
        found = self.texts.get(key)
        if found is None:
            close = difflib.get_close_matches(key, list(self.texts), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise TemplateError(f"unknown text '{key}'",
                                fix=hint + "codio-print teksten lists every key")
        return found

    def html(self, key: str, **values: Any) -> Markup:
        """The text as safe HTML: escaped, ``{name}`` filled in (escaped too), ``**x**``
        bold, a non-breaking space written as ``&nbsp;``."""
        found = self._get(key)
        out: list[str] = []
        bold = False
        for literal, name, spec, conversion in _FORMATTER.parse(found.text):
            parts = literal.split(_BOLD)
            for i, part in enumerate(parts):
                if i:
                    out.append("</strong>" if bold else "<strong>")
                    bold = not bold
                out.append(_escape(part))
            if name is not None:
                if name not in values:
                    raise TemplateError(f"the text '{key}' has a place {{{name}}} the template "
                                        "does not fill", file=found.file, line=found.line,
                                        fix="the built-in text has "
                                            + _places(self.builtin.get(key, found)))
                out.append(str(escape(_filled(found, name, spec, values[name]))))
        if bold:
            out.append("</strong>")
        return Markup("".join(out))

    def css(self, key: str, **values: str) -> Markup:
        """The text as a CSS ``content`` value: literal parts as CSS strings, a ``{name}`` as
        the CSS the template gives (``counter(page)``)."""
        found = self._get(key)
        out = []
        for literal, name, _, _ in _FORMATTER.parse(found.text):
            if literal:
                out.append('"' + _css_escape(literal.replace(_BOLD, "")) + '"')
            if name is not None:
                out.append(values[name])
        return Markup(" ".join(out))


def _filled(found: Text, name: str, spec: str, value: Any) -> Any:
    """``value`` in the format the text gives its place; a format that does not suit the
    value (``{naam:d}`` for a name) is the text's error, named at its line."""
    if not spec:
        return value
    try:
        return format(value, spec)
    except (ValueError, TypeError) as exc:
        raise TemplateError(f"the text '{found.key}' has a place {{{name}:{spec}}} whose "
                            f"format does not suit its value '{_short(value)}' ({exc})",
                            file=found.file, line=found.line,
                            fix=f"write {{{name}}} without a format") from None


def _short(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:37] + "..."


def _escape(text: str) -> str:
    """As Jinja escapes text, less the apostrophe (plain in Dutch: "'Parkeerplaats'")."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("\u00a0", "&nbsp;"))


def _css_escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
            .replace("\n", " ").replace("\u00a0", "\\a0 "))


def _places_of(text: str) -> frozenset[str]:
    try:
        return frozenset(name for _, name, _, _ in _FORMATTER.parse(text) if name)
    except ValueError:
        return frozenset({"?"})


def _places(t: Text) -> str:
    if not t.places:
        return "no places: this text has none, write it without { }"
    return ", ".join("{" + p + "}" for p in sorted(t.places))


def _flatten(data: Any, loc: tuple, located: Located, prefix: str,
             out: dict[str, Text]) -> None:
    """Nested keys (or dotted ones) to one dotted key per text."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not isinstance(key, str) or not re.fullmatch(r"[a-z0-9_.-]+", key):
                raise ContentError(f"'{key}' is not a text key", file=located.path,
                                   line=located.line_of(loc + (key,)),
                                   fix="keys are lower-case words, e.g. bedankt.titel "
                                       "(codio-print teksten lists them)")
            _flatten(value, loc + (key,), located, f"{prefix}.{key}" if prefix else key, out)
        return
    line = located.line_of(loc)
    if not isinstance(data, str) or not data.strip():
        kind = "empty" if data in (None, "") else f"'{data}', not text"
        raise ContentError(f"the text '{prefix}' is {kind}", file=located.path, line=line,
                           fix="write the text after the colon, in quotes if it holds "
                               "a colon or starts with a special character")
    text = data  # YAML folds a plain multi-line text into one line itself
    try:
        places = frozenset(n for _, n, _, _ in _FORMATTER.parse(text) if n is not None)
    except ValueError:
        raise ContentError(f"the text '{prefix}' has a {{ or }} that does not close",
                           file=located.path, line=line,
                           fix="write places as {name}; for a brace itself write {{ or }}"
                           ) from None
    if "" in places:
        raise ContentError(f"the text '{prefix}' has an empty place {{}}", file=located.path,
                           line=line, fix="name the place, e.g. {organisatie}")
    for _, name, spec, _ in _FORMATTER.parse(text):
        if spec:
            _check_format(prefix, name, spec, located.path, line)
    out[prefix] = Text(prefix, text, located.path, line, places)


def _check_format(key: str, name: str, spec: str, file: Path, line: int | None) -> None:
    """A place's format is one codio-print can fill in, and of a sensible size."""
    found = _SPEC.fullmatch(spec)
    if found is None:
        raise ContentError(f"the text '{key}' has a place {{{name}:{spec}}} whose format "
                           "codio-print cannot use", file=file, line=line,
                           fix=f"write {{{name}}}, or a format such as {{{name}:>3}}")
    for part, unit, example in (("width", "characters wide", ">3"),
                                ("precision", "digits precise", ".2f")):
        size = int(found[part] or 0)
        if size > MAX_WIDTH:
            raise ContentError(f"the text '{key}' makes the place {{{name}}} {size} {unit}, "
                               f"more than the {MAX_WIDTH} allowed", file=file, line=line,
                               fix=f"write {{{name}}}, or a {part} up to {MAX_WIDTH} such as "
                                   f"{{{name}:{example}}}")


def load_builtin(folder: Path | None = None) -> dict[str, Text]:
    """content/teksten/*.yaml: one file per piece, its name the first part of every key."""
    folder = folder or paths.CONTENT / TEXTS_DIR
    out: dict[str, Text] = {}
    for path in sorted(folder.glob("*.yaml")):
        located = load_yaml(path)
        if located.data is None:
            continue
        if not isinstance(located.data, dict):
            raise ContentError("the file must hold texts as key: text", file=path, line=1,
                               fix="see the other files in content/teksten/")
        _flatten(located.data, (), located, path.stem, out)
    return out


def load_texts(workspace: Path | None) -> Texts:
    """The built-in texts, with a workspace's teksten.yaml over them: an unknown key or a
    place the built-in text does not have is one line naming the file and line."""
    builtin = load_builtin()
    path = workspace / TEXTS_FILE if workspace else None
    if path is None or not path.exists():
        return Texts(builtin, builtin)
    located = load_yaml(path, root=workspace)
    if located.data is None:
        return Texts(builtin, builtin, (path,))
    if not isinstance(located.data, dict):
        raise ContentError("the file must hold texts as key: text", file=path, line=1,
                           fix="e.g. presentatie.bedankt.titel: Dank je wel!")
    own: dict[str, Text] = {}
    _flatten(located.data, (), located, "", own)
    for key, text in own.items():
        if key not in builtin:
            close = difflib.get_close_matches(key, list(builtin), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise ContentError(f"unknown text '{key}'", file=path, line=text.line,
                               fix=hint + "codio-print teksten lists every key")
        extra = text.places - builtin[key].places
        if extra:
            raise ContentError(f"the text '{key}' has a place {{{sorted(extra)[0]}}} that "
                               "codio-print does not fill", file=path, line=text.line,
                               fix="it has " + _places(builtin[key]))
    return Texts({**builtin, **own}, builtin, (path,))
