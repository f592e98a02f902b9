"""Jinja: find templates (workspace overrides first), fill them with the content models."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jinja2 import (ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined,
                    TemplateError as JinjaTemplateError, TemplateSyntaxError, UndefinedError)
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from . import paths
from .errors import TemplateError
from .fit import family_for
from .fonts import SHAPED_FAMILIES

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")
DAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def datum(d: date | None, weekday: bool = True) -> str:
    """3 maart 2026 → 'dinsdag 3 maart 2026'."""
    if d is None:
        return ""
    text = f"{d.day} {MAANDEN[d.month - 1]} {d.year}"
    return f"{DAGEN[d.weekday()]} {text}" if weekday else text


def tint(hex_colour: str, amount: float = 0.12) -> str:
    """A light version of a colour: ``amount`` of it on white (no transparency in print)."""
    rgb = [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 - (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def environment(override_dirs: list[Path] | None = None) -> SandboxedEnvironment:
    """Overrides first, then the built-in templates; ``builtin/x.html`` always means ours."""
    builtin = FileSystemLoader(str(paths.TEMPLATES))
    loaders = [FileSystemLoader(str(d)) for d in (override_dirs or []) if d.is_dir()]
    env = SandboxedEnvironment(
        loader=ChoiceLoader([PrefixLoader({"builtin": builtin}), *loaders, builtin]),
        autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["datum"] = datum
    env.filters["tint"] = tint
    env.filters["family_for"] = family_for
    env.tests["shaped"] = lambda family: family in SHAPED_FAMILIES
    env.filters["hhmm"] = lambda t: f"{t:%H:%M}"
    return env


def render(env: SandboxedEnvironment, name: str, context: dict) -> str:
    try:
        return env.get_template(name).render(context)
    except TemplateSyntaxError as exc:
        raise TemplateError(f"template syntax error: {exc.message}", file=exc.filename or name,
                            line=exc.lineno, fix="correct the Jinja tags on this line") from None
    except UndefinedError as exc:
        file, line = _frame(exc, name)
        raise TemplateError(f"template uses something that does not exist: {exc.message}",
                            file=file, line=line,
                            fix="check the variable's name against the built-in templates") from None
    except SecurityError as exc:
        file, line = _frame(exc, name)
        raise TemplateError(f"template tried something that is not allowed: {exc}",
                            file=file, line=line,
                            fix="templates may only read the content they are given") from None
    except JinjaTemplateError as exc:
        file, line = _frame(exc, name)
        raise TemplateError(f"template error: {exc}", file=file, line=line) from None


def _frame(exc: BaseException, name: str) -> tuple[str, int | None]:
    """The innermost template file and line in a traceback."""
    tb = exc.__traceback__
    file, line = name, None
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith((".html", ".css", ".j2")):
            file = code.co_filename
            template = tb.tb_frame.f_globals.get("__jinja_template__")
            line = template.get_corresponding_lineno(tb.tb_lineno) if template else None
        tb = tb.tb_next
    return file, line
