"""The kit's fixed wording as data: every label, heading, instruction and slide text a template
prints, grouped per piece in ``content/teksten/<piece>.yaml``, and a workspace's own words in
one small ``teksten.yaml`` that overrides any key.

A template asks for a text by its key: ``{{ t("presentatie.bedankt.titel") }}``. A text may
hold places for values the template fills in, ``{organisatie}``, and ``**bold**``; it is
HTML-escaped, so a text is never markup. ``codio-print teksten`` lists every key with its
current text.

The workshop's own words live in ``content/workshop.yaml`` beside its structure (steps,
minutes, hand-outs); its wording is offered as texts too, under ``workshop.``: the title, the
goals, the preparation lists and each step's script (``workshop.stap.<id>.begeleider``, its
goal, group task and example), so an organisation changes them in teksten.yaml with the same
checks. A list is one text with an item per line (or a YAML list); ``workshop_of`` gives the
workshop with a workspace's words in it.
"""

from __future__ import annotations

import difflib
import re
import string
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from codio_print import paths
from codio_print.errors import ContentError, TemplateError
from codio_print.i18n import N_, _
from codio_print.inputs.models import Stap, Workshop
from codio_print.inputs.yamlread import Located, load_yaml, parse_yaml

TEXTS_FILE = "teksten.yaml"
TEXTS_DIR = "teksten"  # content/teksten/<piece>.yaml
WORKSHOP = "workshop"  # content/workshop.yaml's wording, as texts under workshop.
WORKSHOP_FIELDS = ("titel", "opbrengst", "doelen", "voorbereiding", "klaarzetten", "na_afloop")
STEP_FIELDS = ("doel", "begeleider", "groepstaak", "voorbeeld")  # workshop.stap.<id>.<field>

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
    lines: bool = False  # a list: one item per line (the workshop's lists)

    @property
    def items(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]


@dataclass(frozen=True)
class Texts:
    """Every text by key: the built-in ones with a workspace's own over them."""

    texts: dict[str, Text]
    builtin: dict[str, Text] = field(default_factory=dict)
    files: tuple[Path, ...] = ()  # the workspace's teksten.yaml, if any (for watch)

    def text(self, key: str) -> str:
        return self._get(key).text

    def left_out(self) -> list[str]:
        """A warning for each own text that leaves out a place its built-in text has: a
        build allows it (a text may drop a time), and says so, as the web interface does."""
        warnings = []
        for key, own in sorted(self.texts.items()):
            dropped = sorted(self.builtin[key].places - own.places) if own.places != {"?"} else []
            if own is not self.builtin.get(key) and dropped:
                place = "{" + dropped[0] + "}"
                warnings.append(f"{own.file.name}:{own.line}: " + _(
                    "the text '{key}' leaves out {place}, where codio-print fills in a value "
                    "— put {place} back, unless you mean to leave it out").format(
                        key=key, place=place))
        return warnings

    def _get(self, key: str) -> Text:
        found = self.texts.get(key)
        if found is None:
            close = difflib.get_close_matches(key, list(self.texts), n=1)
            hint = _("did you mean '{name}'? ").format(name=close[0]) if close else ""
            raise TemplateError(_("unknown text '{key}'").format(key=key),
                                fix=hint + _("codio-print teksten lists every key"), key=key)
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
                    raise TemplateError(
                        _("the text '{key}' has a place {place} the template does not fill"
                          ).format(key=key, place="{" + name + "}"),
                        file=found.file, line=found.line, key=key,
                        fix=_("the built-in text has {places}").format(
                            places=_places(self.builtin.get(key, found))))
                out.append(str(escape(_filled(found, name, spec, values[name]))))
        if bold:
            out.append("</strong>")
        return Markup("".join(out))

    def css(self, key: str, **values: str) -> Markup:
        """The text as a CSS ``content`` value: literal parts as CSS strings, a ``{name}`` as
        the CSS the template gives (``counter(page)``)."""
        found = self._get(key)
        out = []
        for literal, name, _spec, _conv in _FORMATTER.parse(found.text):
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
        raise TemplateError(_("the text '{key}' has a place {place} whose format does not "
                              "suit its value '{value}' ({problem})").format(
                                  key=found.key, place="{" + name + ":" + spec + "}",
                                  value=_short(value), problem=exc),
                            file=found.file, line=found.line, key=found.key,
                            fix=_("write {place} without a format").format(
                                place="{" + name + "}")) from None


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


def places_of(text: str) -> frozenset[str]:
    """The {names} of a text ({?} when its braces do not close: the check names it)."""
    try:
        return frozenset(name for _lit, name, _spec, _conv in _FORMATTER.parse(text) if name)
    except ValueError:
        return frozenset({"?"})


def _places(t: Text) -> str:
    if not t.places:
        return _("no places: this text has none, write it without {braces}").format(
            braces="{ }")
    return ", ".join("{" + p + "}" for p in sorted(t.places))


def _flatten(data: Any, loc: tuple, located: Located, prefix: str,
             out: dict[str, Text]) -> None:
    """Nested keys (or dotted ones) to one dotted key per text."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not isinstance(key, str) or not re.fullmatch(r"[a-z0-9_.-]+", key):
                raise ContentError(_("'{key}' is not a text key").format(key=key),
                                   file=located.path, line=located.line_of(loc + (key,)),
                                   fix=_("keys are lower-case words, e.g. bedankt.titel "
                                         "(codio-print teksten lists them)"),
                                   key=f"{prefix}.{key}" if prefix else str(key))
            _flatten(value, loc + (key,), located, f"{prefix}.{key}" if prefix else key, out)
        return
    line = located.line_of(loc)
    lines = isinstance(data, list) and prefix.startswith(WORKSHOP + ".")
    if lines and data and all(isinstance(item, str) and item.strip() for item in data):
        data = "\n".join(" ".join(item.split()) for item in data)
    if not isinstance(data, str) or not data.strip():
        message = (_("the text '{key}' is empty") if data in (None, "")
                   else _("the text '{key}' is '{value}', not text"))
        raise ContentError(message.format(key=prefix, value=data), file=located.path,
                           line=line, key=prefix,
                           fix=_("write the text after the colon, in quotes if it holds a "
                                 "colon or starts with a special character"))
    text = data  # YAML folds a plain multi-line text into one line itself
    try:
        places = frozenset(n for _lit, n, _spec, _conv in _FORMATTER.parse(text)
                           if n is not None)
    except ValueError:
        raise ContentError(_("the text '{key}' has a {open} or {close} that does not close"
                             ).format(key=prefix, open="{", close="}"),
                           file=located.path, line=line, key=prefix,
                           fix=_("write places as {place}; for a brace itself write {open} "
                                 "or {close}").format(place="{name}", open="{{", close="}}")
                           ) from None
    if "" in places:
        raise ContentError(_("the text '{key}' has an empty place {place}").format(
                               key=prefix, place="{}"), file=located.path, line=line,
                           key=prefix, fix=_("name the place, e.g. {place}").format(
                               place="{organisatie}"))
    for _lit, name, spec, _conv in _FORMATTER.parse(text):
        if spec:
            _check_format(prefix, name, spec, located.path, line)
    lines = prefix.startswith(WORKSHOP + ".") and "\n" in text.strip()
    out[prefix] = Text(prefix, text, located.path, line, places, lines)


def _check_format(key: str, name: str, spec: str, file: Path, line: int | None) -> None:
    """A place's format is one codio-print can fill in, and of a sensible size."""
    found = _SPEC.fullmatch(spec)
    place = "{" + name + "}"
    if found is None:
        raise ContentError(_("the text '{key}' has a place {place} whose format codio-print "
                             "cannot use").format(key=key, place="{" + name + ":" + spec + "}"),
                           file=file, line=line, key=key,
                           fix=_("write {place}, or a format such as {example}").format(
                               place=place, example="{" + name + ":>3}"))
    for part, message, fix, example in (
            ("width", N_("the text '{key}' makes the place {place} {size} characters wide, "
                         "more than the {limit} allowed"),
             N_("write {place}, or a width up to {limit} such as {example}"), ">3"),
            ("precision", N_("the text '{key}' makes the place {place} {size} digits "
                             "precise, more than the {limit} allowed"),
             N_("write {place}, or a precision up to {limit} such as {example}"), ".2f")):
        size = int(found[part] or 0)
        if size > MAX_WIDTH:
            raise ContentError(_(message).format(key=key, place=place, size=size,
                                                 limit=MAX_WIDTH),
                               file=file, line=line, key=key,
                               fix=_(fix).format(place=place, limit=MAX_WIDTH,
                                                 example="{" + name + ":" + example + "}"))


def load_builtin(folder: Path | None = None) -> dict[str, Text]:
    """content/teksten/*.yaml: one file per piece, its name the first part of every key."""
    folder = folder or paths.CONTENT / TEXTS_DIR
    out: dict[str, Text] = {}
    for path in sorted(folder.glob("*.yaml")):
        located = load_yaml(path)
        if located.data is None:
            continue
        if not isinstance(located.data, dict):
            raise ContentError(_("the file must hold texts as key: text"), file=path, line=1,
                               fix=_("see the other files in content/teksten/"))
        _flatten(located.data, (), located, path.stem, out)
    return {**out, **_workshop_texts(folder.parent / "workshop.yaml")}


def _workshop_texts(path: Path) -> dict[str, Text]:
    """The wording of content/workshop.yaml as texts: workshop.titel, workshop.voorbereiding
    (a list: one line per item), workshop.stap.<id>.begeleider …"""
    if not path.is_file():
        return {}
    located = load_yaml(path)
    data = located.data if isinstance(located.data, dict) else {}
    out: dict[str, Text] = {}

    def add(key: str, value: Any, loc: tuple) -> None:
        if isinstance(value, list) and value:
            text, lines = "\n".join(" ".join(str(v).split()) for v in value), True
        elif isinstance(value, str) and value.strip():
            text, lines = value, False
        else:
            return  # no such text in this step (a group task where the step has none)
        out[key] = Text(key, text, path, located.line_of(loc), places_of(text), lines)

    for name in WORKSHOP_FIELDS:
        add(f"{WORKSHOP}.{name}", data.get(name), (name,))

    def steps(items: Any, loc: tuple) -> None:
        for i, step in enumerate(items if isinstance(items, list) else []):
            if isinstance(step, dict) and isinstance(step.get("id"), str):
                for name in STEP_FIELDS:
                    add(f"{WORKSHOP}.stap.{step['id']}.{name}", step.get(name), loc + (i, name))
                steps(step.get("substappen"), loc + (i, "substappen"))

    steps(data.get("stappen"), ("stappen",))
    return out


def workshop_of(workshop: Workshop, texts: Texts) -> Workshop:
    """The workshop with a workspace's words for its title, lists and steps' script."""
    own = {k: t for k, t in texts.texts.items()
           if k.startswith(WORKSHOP + ".") and texts.builtin.get(k) is not t}
    if not own:
        return workshop

    def value(t: Text) -> str | list[str]:
        return t.items if t.lines else t.text

    def step(s: Stap) -> Stap:
        update = {name: value(own[f"{WORKSHOP}.stap.{s.id}.{name}"]) for name in STEP_FIELDS
                  if f"{WORKSHOP}.stap.{s.id}.{name}" in own}
        return s.model_copy(update={**update, "substappen": [step(x) for x in s.substappen]})

    update = {name: value(own[f"{WORKSHOP}.{name}"]) for name in WORKSHOP_FIELDS
              if f"{WORKSHOP}.{name}" in own}
    return workshop.model_copy(update={**update,
                                       "stappen": [step(s) for s in workshop.stappen]})


def load_texts(workspace: Path | None) -> Texts:
    """The built-in texts, with a workspace's teksten.yaml over them: an unknown key or a
    place the built-in text does not have is one line naming the file and line."""
    builtin = load_builtin()
    path = workspace / TEXTS_FILE if workspace else None
    if path is None or not path.exists():
        return Texts(builtin, builtin)
    return _checked(path, load_yaml(path, root=workspace), builtin)


def check_texts_text(path: Path, text: str) -> Texts:
    """``text`` as teksten.yaml at ``path`` would be, checked as load_texts checks the file:
    a change is checked before it is written (the web interface's Teksten step)."""
    return _checked(path, parse_yaml(text, path), load_builtin())


def _checked(path: Path, located: Located, builtin: dict[str, Text]) -> Texts:
    if located.data is None:
        return Texts(builtin, builtin, (path,))
    if not isinstance(located.data, dict):
        raise ContentError(_("the file must hold texts as key: text"), file=path, line=1,
                           fix=_("e.g. presentatie.bedankt.titel: Dank je wel!"))
    own: dict[str, Text] = {}
    _flatten(located.data, (), located, "", own)
    for key, text in own.items():
        if key not in builtin:
            close = difflib.get_close_matches(key, list(builtin), n=1, cutoff=0.6)
            hint = _("did you mean '{name}'? ").format(name=close[0]) if close else ""
            raise ContentError(_("unknown text '{key}'").format(key=key), file=path,
                               line=text.line, key=key,
                               fix=hint + _("codio-print teksten lists every key"))
        if text.lines and not builtin[key].lines:
            raise ContentError(_("the text '{key}' is one text, not a list of lines").format(
                                   key=key), file=path, line=text.line, key=key,
                               fix=_("write it on one line, or folded with '>'"))
        if builtin[key].lines:  # a list: one item per line, one line is one item
            own[key] = text = replace(text, lines=True)
        extra = text.places - builtin[key].places
        if extra:
            raise ContentError(_("the text '{key}' has a place {place} that codio-print does "
                                 "not fill").format(key=key,
                                                    place="{" + sorted(extra)[0] + "}"),
                               file=path, line=text.line, key=key,
                               fix=_("it has {places}").format(places=_places(builtin[key])))
    return Texts({**builtin, **own}, builtin, (path,))
