"""The interface's pages: one Jinja environment (autoescaped: whatever a workspace holds is
shown as text, never as HTML), one base layout, and the shape of a form's answer.

A step is a plain HTML form (``<form method="post" novalidate>``) that works without
JavaScript: a good answer redirects (303) to the next page; a wrong one shows the same page
again with status 422, the values as typed, an error summary at the top that takes focus and
each message beside its field (the NL Design System's form guidelines).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse, RedirectResponse

from codio_print.errors import CodioError

HERE = Path(__file__).parent
_env = Environment(loader=FileSystemLoader(HERE / "templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True),
                   trim_blocks=True, lstrip_blocks=True)
# The NL Design System's CSS (static/vendor, scripts/vendor_web.py): plain HTML in the
# Utrecht style, the neutral Voorbeeld theme, and the form field, its error and the alert.
_env.globals["stylesheets"] = [f"/static/vendor/{name}" for name in (
    "utrecht-component-library-css/html.css", "voorbeeld-design-tokens/theme.css",
    "utrecht-form-field-css/index.css", "utrecht-form-field-error-message-css/index.css",
    "utrecht-alert-css/index.css")]


@dataclass
class Problems:
    """What is wrong with a form: per field (its name in the form) one message, in the
    order of the form, and messages about the form as a whole."""

    fields: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def add(self, name: str | None, message: str) -> None:
        if name is None:
            self.general.append(message)
        else:
            self.fields.setdefault(name, message)

    def __bool__(self) -> bool:
        return bool(self.fields or self.general)


def message(error: CodioError) -> str:
    """An error as the form shows it: what is wrong, and what to do, as one or two
    sentences with a capital and a full stop (no file, no line: it sits beside its field)."""
    parts = error.fields()
    text = _sentence(parts["message"])
    if parts.get("fix"):
        text += " " + _sentence(parts["fix"])
    return text


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def page(template: str, *, status: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(_env.get_template(template).render(**context), status_code=status)


def text_page(title: str, lines: list[str], *, status: int, link: tuple[str, str] | None = None
              ) -> HTMLResponse:
    """A page with a heading and a few sentences: a refusal, a stop."""
    return page("melding.html", status=status, title=title, lines=lines, link=link)


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)
