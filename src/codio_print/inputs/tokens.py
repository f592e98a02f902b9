"""An organisation's NL Design System design tokens: colours and fonts from the ``tokens.json``
its token package publishes (Style Dictionary's nested JSON, the shared ``basis.*``
vocabulary), named in huisstijl.yaml as ``tokens: tokens.json`` or as an installed package,
``tokens: "@gemeente/design-tokens"`` (read from the workspace's ``node_modules``).

codio-print imports those files and never bundles one: the packages' licences let only the
owning organisation use its house style. What the tokens cannot give (the logo, a CMYK value
for print, the fundament colours of the workshop) comes from huisstijl.yaml.

A token is a leaf ``{"value": ...}`` (Style Dictionary), ``{"$value": ...}`` (the W3C draft) or
a plain value; ``{basis.color.x}`` refers to another token. The file is read as YAML (JSON is
YAML), so every error names its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codio_print.errors import ContentError, shown
from codio_print.i18n import N_, _
from codio_print.inputs.assets import inside
from codio_print.inputs.yamlread import Located, load_yaml

# Which token gives which part of the look: the first that the file has. The basis tokens
# every NL Design System organisation publishes come first, then older names.
COLOUR_TOKENS: dict[str, tuple[str, ...]] = {
    "primair": ("basis.color.accent-1.color-default", "basis.color.accent-1.bg-default",
                "basis.color.primary.color", "basis.color.primary.bg-color",
                "basis.color.primary.background-color"),
    "accent": ("basis.color.accent-2.color-default", "basis.color.accent-2.bg-default",
               "basis.color.accent-3.color-default", "basis.color.secondary.color",
               "basis.color.secondary.bg-color"),
}
FONT_TOKENS: dict[str, tuple[str, ...]] = {
    "tekst": ("basis.typography.font-family.default", "basis.typography.font-family.body",
              "basis.typography.font-family.sans-serif", "basis.font-family.default"),
    "koppen": ("basis.heading.font-family", "basis.typography.font-family.heading",
               "basis.typography.font-family.headings"),
}
PACKAGE_FILES = ("dist/tokens.json", "dist/index.tokens.json", "tokens.json")
_REF = re.compile(r"^\{([^{}]+)\}$")
MAX_REFERENCES = 20  # a token refers to another at most this many times in a row


@dataclass(frozen=True)
class Token:
    path: str        # "basis.color.accent-1.color-default"
    value: str
    file: Path
    line: int | None


@dataclass(frozen=True)
class Tokens:
    file: Path
    colours: dict[str, Token]  # huisstijl key (primair, accent) -> token
    fonts: dict[str, Token]    # tekst, koppen -> token (a CSS font stack)


def locate(workspace: Path, spec: str, source: Path, line: int | None) -> Path:
    """``tokens.json`` (a file in the workspace) or ``@scope/package`` (installed with npm in
    the workspace's node_modules)."""
    if spec.startswith("@") or not spec.lower().endswith(".json"):
        folder = workspace / "node_modules" / spec
        for name in PACKAGE_FILES:
            if (folder / name).is_file():
                return inside(workspace, f"node_modules/{spec}/{name}",
                              what=N_("the token file"), source=source, line=line,
                              key="tokens")
        raise _no_package(workspace, spec, source, line)
    path = inside(workspace, spec, what=N_("the token file"), source=source, line=line,
                  key="tokens")
    if not path.exists():  # what else it may be (a pipe, a device) the reader says
        raise ContentError(_("the token file '{name}' does not exist").format(name=spec),
                           file=source, line=line, key="tokens",
                           fix=_("put it in {folder} or correct the name").format(
                               folder=workspace))
    return path


def _no_package(workspace: Path, spec: str, source: Path, line: int | None) -> ContentError:
    """A token package that is not in node_modules: what was looked for and where, and what
    to do. Never "npm install <name>": the workspace chose the name, and npm runs the install
    scripts of whatever package an attacker registered under it (D27, E19)."""
    name = " ".join(spec.split())
    name = name if len(name) <= 60 else name[:57] + "..."
    return ContentError(_("no token file for '{name}': looked in {folder}/ for {files} and "
                          "{last}").format(name=name,
                                           folder=shown(workspace / "node_modules" / spec),
                                           files=", ".join(PACKAGE_FILES[:-1]),
                                           last=PACKAGE_FILES[-1]),
                        file=source, line=line, key="tokens",
                        fix=_("put the organisation's token file in the workspace folder and "
                              "write its name after 'tokens:', e.g. tokens: tokens.json"))


def load_tokens(path: Path, root: Path) -> Tokens:
    located = load_yaml(path, root=root)
    if not isinstance(located.data, dict):
        raise ContentError(_("a token file holds groups of tokens, e.g. {example}").format(
                               example='{"basis": {...}}'),
                           file=path, line=1, fix=_("give the tokens.json of a token package"))
    colours = {key: t for key, paths in COLOUR_TOKENS.items()
               if (t := _first(located, paths)) is not None}
    fonts = {key: t for key, paths in FONT_TOKENS.items()
             if (t := _first(located, paths)) is not None}
    if not colours and not fonts:
        raise ContentError(_("the token file has none of the basis tokens codio-print reads"),
                           file=path, line=1,
                           fix=_("it needs e.g. basis.color.accent-1.color-default or "
                                 "basis.typography.font-family.default"))
    return Tokens(path, colours, fonts)


def _node(data: Any, dotted: str) -> tuple[Any, tuple] | None:
    node, loc = data, ()
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node, loc = node[part], loc + (part,)
    return node, loc


def _first(located: Located, paths: tuple[str, ...]) -> Token | None:
    for dotted in paths:
        if _node(located.data, dotted) is not None:
            return _resolve(located, dotted, ())
    return None


def _resolve(located: Located, dotted: str, seen: tuple[str, ...]) -> Token:
    found = _node(located.data, dotted)
    line = located.line_of(tuple(dotted.split(".")))
    if found is None:
        raise ContentError(_("the token '{token}' refers to '{reference}', which the file "
                             "does not have").format(token=seen[-1],
                                                     reference="{" + dotted + "}"),
                           file=located.path, key=seen[-1],
                           line=located.line_of(tuple(seen[-1].split("."))),
                           fix=_("correct the reference or add that token"))
    node, loc = found
    if isinstance(node, dict):
        key = "$value" if "$value" in node else "value"
        if key not in node:
            raise ContentError(_("the token '{token}' has no value").format(token=dotted),
                               file=located.path, line=line, key=dotted,
                               fix=_('give it a "value"'))
        node, line = node[key], located.line_of(loc + (key,))
    if not isinstance(node, (str, int, float)):
        raise ContentError(_("the token '{token}' is not a single value").format(
                               token=dotted), file=located.path, line=line, key=dotted,
                           fix=_("give a colour such as #00689e or a font name"))
    value = str(node).strip()
    ref = _REF.match(value)
    if ref:
        target = ref.group(1).removesuffix(".value").removesuffix(".$value")
        if target in seen or target == dotted:
            raise ContentError(_("the token '{token}' refers to itself").format(
                                   token=dotted), file=located.path, line=line, key=dotted,
                               fix=_("break the chain of references"))
        if len(seen) >= MAX_REFERENCES:
            raise _too_long(located, (*seen, dotted))
        resolved = _resolve(located, target, (*seen, dotted))
        return Token(dotted, resolved.value, located.path, line)
    return Token(dotted, value, located.path, line)


def _too_long(located: Located, chain: tuple[str, ...]) -> ContentError:
    """A chain of references longer than codio-print follows, named at its first token."""
    start = chain[0]
    return ContentError(_("the token '{token}' refers on through more than {limit} other "
                          "tokens ('{first}', '{second}', ...)").format(
                              token=start, limit=MAX_REFERENCES, first="{" + chain[1] + "}",
                              second="{" + chain[2] + "}"),
                        file=located.path, line=located.line_of(tuple(start.split("."))),
                        key=start,
                        fix=_("give a token that refers to the value in at most {limit} "
                              "steps, or the value itself").format(limit=MAX_REFERENCES))


def font_names(stack: str) -> list[str]:
    """'"Fira Sans", Arial, sans-serif' -> ['Fira Sans', 'Arial', 'sans-serif']."""
    return [part.strip().strip("'\"").strip() for part in stack.split(",") if part.strip()]
