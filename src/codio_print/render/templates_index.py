"""The templates as a list and as a graph: which file wins for each name (``codio-print
templates``), the named blocks a workspace may replace, and the templates one template needs
(``watch`` builds a piece again when one of them changes)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError as JinjaTemplateError, meta
from jinja2.sandbox import SandboxedEnvironment

from codio_print import paths
from codio_print.inputs.access import bytes_or_none
from codio_print.render.templating import BUILTIN, MAX_TEMPLATE_BYTES, winner


@dataclass(frozen=True)
class TemplateFile:
    name: str  # as templates name it: "handout-1.html", "css/base.css"
    path: Path  # the file that is used
    builtin: bool  # the built-in file is used
    replaces: bool  # a workspace file that takes the place of a built-in one
    extends_builtin: bool  # ... and builds on it ({% extends "builtin/..." %})


def template_files(override_dirs: list[Path]) -> list[TemplateFile]:
    """Every template and stylesheet, and which file wins."""
    override_dirs = [d for d in override_dirs if d.is_dir()]
    names = {_name(p, paths.TEMPLATES) for p in _files(paths.TEMPLATES)}
    own = {_name(p, d) for d in override_dirs for p in _files(d)}
    out = []
    for name in sorted(names | own):
        path = winner(name, override_dirs)
        builtin = path == paths.TEMPLATES / name
        text = ""
        if not builtin:
            data = bytes_or_none(path, [_folder_of(path, override_dirs).parent],
                                 max_bytes=MAX_TEMPLATE_BYTES)
            text = data.decode("utf-8", errors="replace") if data is not None else ""
        out.append(TemplateFile(name, path, builtin, not builtin and name in names,
                                f'"{BUILTIN}{name}"' in text or f"'{BUILTIN}{name}'" in text))
    return out


def template_blocks(env: SandboxedEnvironment, name: str) -> list[tuple[str, int]]:
    """The named blocks of a template as ``env`` loads it (a workspace's file, else ours),
    with their depth: a workspace replaces one with ``{% block NAME %}`` in a file that
    starts ``{% extends "builtin/NAME.html" %}``."""
    from jinja2 import nodes

    try:
        source = env.loader.get_source(env, name)[0]
        tree = env.parse(source)
    except (JinjaTemplateError, OSError):
        return []
    out: list[tuple[str, int]] = []

    def walk(node, depth: int) -> None:
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Block):
                out.append((child.name, depth))
                walk(child, depth + 1)
            else:
                walk(child, depth)

    walk(tree, 0)
    return out


def _folder_of(path: Path, folders: list[Path]) -> Path:
    return next(f for f in folders if path.is_relative_to(f))


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.suffix in (".html", ".css")]


def _name(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()


def dependencies(env: SandboxedEnvironment, name: str) -> set[str]:
    """``name`` and every template it extends, includes or imports, as loaded by ``env``."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source = env.loader.get_source(env, current)[0]
            refs = _references(env, source)
        except (JinjaTemplateError, OSError):
            continue  # a broken or missing template: the render will say so
        todo.extend(refs)
    return {n.removeprefix(BUILTIN) for n in seen}


# The templates a source names, by its text: every piece extends base.html and imports
# macros.html, and watch asks after every build, so each text is parsed once (an edited
# template is another text). All our environments share Jinja's default syntax.
_REFERENCES: dict[str, tuple[str, ...]] = {}


def _references(env: SandboxedEnvironment, source: str) -> tuple[str, ...]:
    refs = _REFERENCES.get(source)
    if refs is None:
        if len(_REFERENCES) > 500:  # a long watch session of many template edits
            _REFERENCES.clear()
        refs = _REFERENCES[source] = tuple(
            r for r in meta.find_referenced_templates(env.parse(source)) if r)
    return refs
