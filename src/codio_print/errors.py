"""The project's own error types. Each carries the file and line it is about.

Only the CLI turns one into a message and an exit code; everything else raises.
"""

from __future__ import annotations

from pathlib import Path


class CodioError(Exception):
    """An error the user can fix: it names the file, the line and how to fix it."""

    def __init__(self, message: str, *, file: str | Path | None = None,
                 line: int | None = None, fix: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.fix = fix

    def one_line(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        text = where + self.message
        if self.fix:
            text += " — " + self.fix
        return " ".join(text.split())

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.one_line()


class ContentError(CodioError):
    """Content, case, session or theme files are wrong."""


class InputError(CodioError):
    """A command-line option or an input file (participants, results) is wrong."""


class TemplateError(CodioError):
    """A template does not compile or render."""


class RenderError(CodioError):
    """WeasyPrint could not turn a piece into a PDF."""
