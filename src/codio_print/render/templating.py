"""Jinja: find templates (workspace overrides first), fill them with the content models.

The list of templates and the templates each one needs are in templates_index.py."""

from __future__ import annotations

import dataclasses
import math
import os
import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from datetime import date
from pathlib import Path, PurePath

from jinja2 import (ChoiceLoader, FileSystemBytecodeCache, FileSystemLoader,
                    PrefixLoader, StrictUndefined, TemplateError as JinjaTemplateError,
                    TemplateNotFound, TemplateSyntaxError, UndefinedError)
from jinja2.loaders import split_template_path
from jinja2.sandbox import (ImmutableSandboxedEnvironment, SandboxedEnvironment, SecurityError,
                            modifies_known_mutable)
from pydantic import BaseModel

from codio_print import paths, writing
from codio_print.inputs.access import (MISSING, NOT_A_FILE, Refused, note,
                                       note_folder, own_folder, read_file)
from codio_print.errors import CodioError
from codio_print.render.colour import tint
from codio_print.render.limits import memory_cap
from codio_print.errors import TemplateError
from codio_print.i18n import _
from codio_print.kit.namefit import family_for
from codio_print.inputs.fonts import DEFAULT_STACK, SHAPED_FAMILIES, name_of

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")
DAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def datum(d: date | None, weekday: bool = True) -> str:
    """3 maart 2026 → 'dinsdag 3 maart 2026'."""
    if d is None:
        return ""
    text = f"{d.day} {MAANDEN[d.month - 1]} {d.year}"
    return f"{DAGEN[d.weekday()]} {text}" if weekday else text


# The stylesheets base.html links, in this order, before a workspace's own (css/*.css).
STYLESHEETS = ("css/base.css",)
BUILTIN = "builtin/"


class Sandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**"])

    """Templates read the data they are given, never files, never code.

    Of our own objects (content models, the session, the theme, the pieces) a template
    reaches only the data: a model's fields, a dataclass's fields, and the properties and
    queries our classes define themselves. Everything a library gives them (pydantic's
    ``parse_raw``, ``parse_file``, ``model_validate_json``, ``construct``, ``copy`` ...) is
    refused, as is every attribute of a path (a case file, the logo).

    Nor can a template change a list, dict or set (Jinja's immutable sandbox refuses
    ``append``, ``clear``, ``update`` ...): every piece is rendered from the same data, which
    one piece could otherwise change for the next ones and for the build's later stages
    (``pieces.append(...)`` made the list of pieces grow for ever). A template builds a
    list of its own as a new one (``{% set items = items + [x] %}``, in a loop through a
    ``namespace``)."""

    def is_safe_attribute(self, obj, attr: str, value) -> bool:
        if isinstance(obj, PurePath):
            return False
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if _ours(type(obj)) or isinstance(obj, BaseModel):
            return _data_of(type(obj), attr)
        return True

    def call_binop(self, context, operator: str, left, right):
        """``*`` and ``**``, refused where the result would not fit on any page."""
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (isinstance(seq, (str, list, tuple)) and isinstance(times, int)
                        and len(seq) * times > MAX_HTML_CHARS):
                    raise SecurityError(_("'*' would make something {length} long, too "
                                          "large for any page").format(
                                              length=f"{len(seq) * times:,}"))
        if (operator == "**" and isinstance(left, int) and isinstance(right, int)
                and abs(left) > 1 and right * math.log2(abs(left)) > MAX_POWER_BITS):
            raise SecurityError(_("'**' would make a number too large for any page"))
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj, attribute: str):
        # Decide before reading: reading some of pydantic's attributes already does things.
        if ((_ours(type(obj)) or isinstance(obj, BaseModel))
                and not _data_of(type(obj), attribute)
                and (attribute in _LIBRARY_NAMES or hasattr(type(obj), attribute))):
            return self.unsafe_undefined(obj, attribute)
        return super().getattr(obj, attribute)  # a name it does not have: undefined


_LIBRARY_NAMES = frozenset(dir(BaseModel))


def _ours(cls: type) -> bool:
    return cls.__module__.split(".")[0] == "codio_print"


@lru_cache(maxsize=None)
def _data_of(cls: type, attr: str) -> bool:
    """A field of the model or dataclass ``cls``, or a property or method that one of our
    own classes defines (never a classmethod, never one inherited from a library)."""
    if attr.startswith("_") or attr in _LIBRARY_NAMES:
        return False
    if issubclass(cls, BaseModel) and attr in cls.model_fields:
        return True
    if dataclasses.is_dataclass(cls) and attr in {f.name for f in dataclasses.fields(cls)}:
        return True
    for klass in cls.__mro__:
        if _ours(klass) and attr in klass.__dict__:
            return not isinstance(klass.__dict__[attr], (classmethod, staticmethod))
    return False


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates in the user's cache folder: a rebuild skips compiling them (Jinja
    checks each template's modification time). No cache folder, no cache."""
    folder = paths.cache_home()
    try:  # a real folder (Jinja writes each file under a fresh name, then renames it)
        writing.make_folder(folder / "jinja", below=folder)
    except (OSError, CodioError):
        return None
    return FileSystemBytecodeCache(str(folder / "jinja"))


MAX_TEMPLATE_BYTES = 1024 * 1024


class ConfinedLoader(FileSystemLoader):
    """Jinja's file loader, reading only what the one rule for reading allows (access.py):
    the file opened must lie in ``root`` (default: its folder; for a workspace's templates/,
    the workspace) once links are resolved, be a regular file and be small. The file is
    checked after it is opened, so a name swapped for a link meanwhile gains nothing."""

    def __init__(self, searchpath: str, root: Path | None = None, **kwargs):
        super().__init__(searchpath, **kwargs)
        self.root = Path(root) if root is not None else None

    def get_source(self, environment, template: str):
        pieces = split_template_path(template)
        for searchpath in self.searchpath:
            filename = Path(searchpath, *pieces)
            note_folder(filename.parent)  # a file that appears here would be used
            if os.path.lexists(filename):
                break
        else:
            raise TemplateNotFound(template)
        root = self.root or Path(searchpath)
        try:
            data, info = read_file(filename, [root], max_bytes=MAX_TEMPLATE_BYTES)
        except Refused as refused:
            reason = refused.reason
            if reason == MISSING or (reason == NOT_A_FILE and filename.is_dir()):
                raise TemplateNotFound(template) from None
            raise TemplateError(_("the template '{name}' {reason}").format(name=template,
                                                                         reason=_(reason)),
                                file=filename,
                                fix=_("copy the file into the templates folder instead of "
                                      "linking to it") if "outside" in reason
                                else _("correct it")) from None
        note(filename)
        # As Jinja's own loader reads it: text, its line ends made '\n'.
        contents = data.decode(self.encoding).replace("\r\n", "\n").replace("\r", "\n")
        mtime = info.st_mtime

        def uptodate() -> bool:
            try:
                return filename.stat().st_mtime == mtime
            except OSError:
                return False

        return contents, os.path.normpath(filename), uptodate


def environment(override_dirs: list[Path] | None = None) -> SandboxedEnvironment:
    """Overrides first, then the built-in templates; ``builtin/x.html`` always means ours."""
    override_dirs = [d for d in (override_dirs or []) if d.is_dir()]
    builtin = ConfinedLoader(str(paths.TEMPLATES))
    # A workspace's templates/ may hold links, but only to files in the workspace.
    loaders = [ConfinedLoader(str(own_folder(d, what="templates")), root=d.parent)
               for d in override_dirs]
    env = Sandbox(
        loader=ChoiceLoader([PrefixLoader({"builtin": builtin}), *loaders, builtin]),
        autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=False, bytecode_cache=_bytecode_cache(),
    )
    env.filters["datum"] = datum
    env.filters["tint"] = tint
    env.filters["family_for"] = lambda text, stack=DEFAULT_STACK: name_of(family_for(text, stack))
    env.tests["shaped"] = lambda family: family in SHAPED_FAMILIES
    env.filters["hhmm"] = lambda t: f"{t:%H:%M}"
    env.globals["stylesheets"] = [p.as_uri() for p in stylesheets(override_dirs)]
    return env


def winner(name: str, override_dirs: list[Path]) -> Path:
    """The file used for ``name``: the first override folder that has it, else ours."""
    for folder in override_dirs:
        if (folder / name).is_file():
            return folder / name
    return paths.TEMPLATES / name


def stylesheets(override_dirs: list[Path]) -> list[Path]:
    """What every piece links, in cascade order: the built-in sheets (a workspace file of the
    same name replaces one), then every other css/*.css of the workspace, which so wins."""
    sheets = [winner(name, override_dirs) for name in STYLESHEETS]
    for folder in override_dirs:
        note_folder(folder / "css")  # a stylesheet that appears here is linked
        for path in sorted((folder / "css").glob("*.css")):
            if f"css/{path.name}" not in STYLESHEETS:
                sheets.append(path)
    return sheets


# What one template may use: far more than any piece needs, far less than would hang or
# exhaust the machine (a shared workspace's template may be hostile).
TEMPLATE_SECONDS = 20              # CPU seconds for one render
MAX_HTML_CHARS = 20_000_000        # what it writes (the slide deck writes about 150,000)
MAX_MEMORY = 2 * 1024 ** 3         # bytes it may allocate on top of what the process holds
MAX_POWER_BITS = 4096              # 10 ** 1000 is a number; 10 ** 10 ** 10 is not


class _TooLong(Exception):
    """The CPU timer of :func:`_limits` ran out."""


def _too_long(signum, frame) -> None:
    raise _TooLong


@contextmanager
def _limits() -> Iterator[None]:
    """A CPU-time limit and a memory limit around one render (Linux, main thread only;
    the memory limit is limits.py's, as for a WeasyPrint render)."""
    if (not hasattr(signal, "SIGVTALRM")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return
    handler = signal.signal(signal.SIGVTALRM, _too_long)
    signal.setitimer(signal.ITIMER_VIRTUAL, TEMPLATE_SECONDS)
    try:
        with memory_cap(MAX_MEMORY):
            yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, handler)


def render(env: SandboxedEnvironment, name: str, context: dict) -> str:
    """The HTML of one template; every problem is a TemplateError naming the file and line."""
    try:
        template = env.get_template(name)
        with _limits():
            chunks, size = [], 0
            for chunk in template.generate(context):
                size += len(chunk)
                if size > MAX_HTML_CHARS:
                    raise TemplateError(_("template writes more than {count} "
                                          "characters").format(count=f"{MAX_HTML_CHARS:,}"),
                                        file=template.filename or name,
                                        fix=_("look for a loop that repeats too often"))
                chunks.append(chunk)
        return "".join(chunks)
    except TemplateSyntaxError as exc:
        raise TemplateError(_("template syntax error: {reason}").format(reason=_syntax(exc)),
                            file=exc.filename or name, line=exc.lineno,
                            fix=_("correct the Jinja tags on this line")) from None
    except CodioError as exc:  # raised by what the template called (content.case('x'))
        if exc.file is not None:
            raise
        file, line = _frame(exc, name)
        raise type(exc)(exc.message, file=file, line=line, fix=exc.fix) from None
    except Exception as exc:  # noqa: BLE001 - whatever Python raises inside a template
        raise _worded(exc, name) from None


def _worded(exc: Exception, name: str) -> TemplateError:
    """What went wrong in a render, as the TemplateError a person reads, at the template's
    file and line."""
    file, line = _frame(exc, name)
    if isinstance(exc, UndefinedError):
        return TemplateError(_("template uses something that does not exist: {what}").format(
            what=_undefined(exc)), file=file, line=line,
            fix=_("check the variable's name against the built-in templates"))
    if isinstance(exc, SecurityError):
        return TemplateError(_("template tried something that is not allowed: {what}").format(
            what=exc), file=file, line=line, fix=_security_fix(str(exc)))
    if isinstance(exc, TemplateNotFound):
        return TemplateError(_("template '{name}' not found").format(name=exc.name), file=file,
                             line=line, fix=_("check the name; codio-print templates lists "
                                              "every template"))
    if isinstance(exc, JinjaTemplateError):
        return TemplateError(_("template error: {reason}").format(reason=exc), file=file,
                             line=line, fix=_("correct the template on this line"))
    if isinstance(exc, _TooLong):
        return TemplateError(_("template runs longer than {seconds} s").format(
            seconds=TEMPLATE_SECONDS), file=file, line=line,
            fix=_("look for a loop that never ends or repeats too often"))
    if isinstance(exc, RecursionError):
        return TemplateError(_("template calls itself without end (a macro or include that "
                               "never stops)"), file=file, line=line,
                             fix=_("make the macro stop calling itself"))
    if isinstance(exc, MemoryError):
        return TemplateError(_("template uses too much memory"), file=file, line=line,
                             fix=_("make the text or the loop on this line smaller"))
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return TemplateError(_("template failed: {reason}").format(reason=text), file=file,
                         line=line, fix=_("correct the template on this line"))


_CHANGES = re.compile(r"attribute '(\w+)' of '(\w+)' object")
_CONTAINERS = {"list": [], "dict": {}, "set": set()}


def _security_fix(message: str) -> str:
    found = _CHANGES.search(message)
    if found and found[2] in _CONTAINERS and modifies_known_mutable(_CONTAINERS[found[2]],
                                                                    found[1]):
        return _("templates may not change a list or table, not even their own: make a new "
                 "one ({example}; in a loop, keep it in a namespace)").format(
            example="{% set items = items + [x] %}")
    return _("templates may only read the content they are given")


def _syntax(exc: TemplateSyntaxError) -> str:
    """Jinja's nesting messages run to four sentences; say it in one."""
    message = exc.message or _("invalid template")
    found = re.match(r"Encountered unknown tag '(\w+)'", message)
    inner = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
    if found and inner:
        return _("the {opened} before this line is never closed (found {found} "
                 "first)").format(opened=f"{{% {inner[1]} %}}", found=f"{{% {found[1]} %}}")
    return message


def _undefined(exc: UndefinedError) -> str:
    """"'codio_print.models.Case object' has no attribute 'adres'" → "Case has no 'adres'"."""
    match = re.fullmatch(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '(.+)'", exc.message or "")
    if match:
        return _("{kind} has no '{name}'").format(kind=match[1], name=match[2])
    return exc.message or _("undefined")


def _frame(exc: BaseException, name: str) -> tuple[str, int | None]:
    """The innermost template file and line in a traceback."""
    tb = exc.__traceback__
    file, line = name, None
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith((".html", ".css", ".j2")):
            file = code.co_filename
            # Jinja rewrites tracebacks so that these frames carry the template's own line.
            template = tb.tb_frame.f_globals.get("__jinja_template__")
            line = template.get_corresponding_lineno(tb.tb_lineno) if template else tb.tb_lineno
        tb = tb.tb_next
    return file, line
