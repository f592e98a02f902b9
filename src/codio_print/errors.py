"""The project's own error types. Each carries the file and line it is about.

Only the CLI turns one into a message and an exit code; everything else raises.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from codio_print.i18n import N_, _


def shown(file: str | Path) -> str:
    """A file as people find it: relative to the current folder when it lies inside it."""
    path = Path(file)
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except (ValueError, OSError):
            pass
    return str(file)


# The system's reasons people meet most, in the reader's language. The English texts are the
# system's own (glibc's strerror), so an English line reads as it did.
_REASONS = {
    errno.ENOENT: N_("No such file or directory"),
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EDQUOT: N_("Disk quota exceeded"),
    errno.EROFS: N_("Read-only file system"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.ELOOP: N_("Too many levels of symbolic links"),
    errno.EEXIST: N_("File exists"),
    errno.ENAMETOOLONG: N_("File name too long"),
    errno.EBUSY: N_("Device or resource busy"),
    errno.EMFILE: N_("Too many open files"),
    errno.ENFILE: N_("Too many open files in system"),
    errno.EIO: N_("Input/output error"),
    errno.ENXIO: N_("No such device or address"),
    errno.ETXTBSY: N_("Text file busy"),
}


def reason(exc: BaseException) -> str:
    """Why the system refused (an OSError's reason), in the reader's language: a common
    errno (ENOENT, EACCES, ENOSPC, EROFS, EISDIR, ENOTDIR, ELOOP, ...) in its own words,
    another as the system says it."""
    code = getattr(exc, "errno", None)
    if code in _REASONS:
        return _(_REASONS[code])
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    if code:
        return os.strerror(code)
    return str(exc)


class CodioError(Exception):
    """An error the user can fix: it names the file, the line and how to fix it.

    Its parts stay data (``message``, ``file``, ``line``, ``key``: the field or option it is
    about, ``fix``), already in the reader's language (codio_print/i18n.py), so another front
    end can show the message beside the field it concerns; ``one_line()`` is the terminal's
    ``file:line: what — fix``. One input may have several problems: the first is this
    error's own parts, the others are errors of their own in ``more`` (``problems()`` gives
    them all, each to be shown on its own line)."""

    def __init__(self, message: str, *, file: str | Path | None = None,
                 line: int | None = None, fix: str | None = None, key: str | None = None,
                 more: list[CodioError] | tuple[CodioError, ...] = ()):
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.fix = fix
        self.key = key
        self.more = list(more)

    def problems(self) -> list[CodioError]:
        """Every problem this error reports: itself first, then the others."""
        return [self, *self.more]

    def fields(self) -> dict:
        """The message as data: what, where (file, line, key) and the fix."""
        return {"message": self.message, "file": self.file, "line": self.line,
                "key": self.key, "fix": self.fix}

    def one_line(self) -> str:
        where = ""
        if self.file:
            where = shown(self.file) + (f":{self.line}" if self.line else "") + ": "
        text = where + self.message
        if self.fix:
            text += " — " + self.fix
        return " ".join(text.split())

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.one_line()

    def __reduce__(self):
        """Keep file, line and fix when the error crosses from a render worker."""
        return (_rebuild, (type(self), self.message, self.file, self.line, self.fix, self.key,
                           self.more))


def _rebuild(cls: type[CodioError], message: str, file: str | None, line: int | None,
             fix: str | None, key: str | None = None, more: list | None = None) -> CodioError:
    return cls(message, file=file, line=line, fix=fix, key=key, more=more or ())


class ContentError(CodioError):
    """Content, case, session or theme files are wrong."""


class InputError(CodioError):
    """A command-line option or an input file (participants, results) is wrong."""


class TemplateError(CodioError):
    """A template does not compile or render."""


class RenderError(CodioError):
    """WeasyPrint could not turn a piece into a PDF."""


class RenderWarning(CodioError):
    """Something WeasyPrint warned about (a CSS error, an image it could not load).

    Not raised: reported next to the piece, and a failure only with ``--strict``."""


class Interrupted(BaseException):
    """Ctrl-C or ``kill`` (the CLI's signal handlers raise it). It unwinds like
    KeyboardInterrupt, so half-written files are removed on the way out, but Typer does not
    turn it into a silent exit code. ``signum`` is the signal (SIGINT, SIGTERM)."""

    def __init__(self, signum: int = 2):
        super().__init__(signum)
        self.signum = signum


# The signal that asked this process to stop, once one has. The handler raises Interrupted
# where the program happens to be, and code outside ours may swallow it there (lxml's C
# module initialisation clears any exception raised while it imports): the request stays
# noted, and a build asks again before it replaces a kit (stop_if_asked).
_asked: list[int] = []


def ask_to_stop(signum: int) -> Interrupted:
    """Note that ``signum`` asked the process to stop; the exception to raise for it."""
    if not _asked:
        _asked.append(signum)
    return Interrupted(signum)


def asked_to_stop() -> int | None:
    """The signal that asked the process to stop, if one has."""
    return _asked[0] if _asked else None


def stop_if_asked() -> None:
    """Raise Interrupted if a signal asked the process to stop, even if the exception its
    handler raised was lost on the way."""
    if _asked:
        raise Interrupted(_asked[0])

