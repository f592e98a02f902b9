"""The one configuration of a command, built here and nowhere else: the defaults, then the
workspace's sessie.yaml, then the command line, each later one winning.

Every command takes a :class:`Settings` (build, watch, check, results init and build). Each
value remembers where it came from (:class:`Origin`), so a problem with it names
``sessie.yaml:7`` or ``--start``. Each setting is declared once, in options.py: the fields
of :class:`Settings` and of sessie.yaml's model, with their one check, come from there (the
kinds of value from fields.py, shared with resultaten.yaml).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from codio_print.errors import CodioError, ContentError, InputError, shown
from codio_print.i18n import _
from codio_print.inputs.division import division_path
from codio_print.inputs.given import case_id  # noqa: F401 - new-case reads an id as --case
from codio_print.inputs.options import BY_NAME, IN_FILE, OPTIONS
from codio_print.inputs.workspace import SessionFile, check_own_build_folder


class Origin(NamedTuple):
    """Where a value came from: an option, a line of a file, or the default."""

    option: str | None = None   # "--start"
    file: Path | None = None    # the sessie.yaml
    line: int | None = None

    def __str__(self) -> str:
        if self.option:
            return self.option
        if self.file:
            return shown(self.file) + (f":{self.line}" if self.line else "")
        return _("the default")


DEFAULT = Origin()


class _Settings(BaseModel):
    """What a command works from. Frozen: a step that needs another value makes a copy
    (``settings.model_copy(update=...)``). Its fields are the table's (options.py), and:"""

    model_config = ConfigDict(frozen=True, extra="forbid")

    workspace: Path | None = None          # the organisation's folder: cases, templates, look
    origins: dict[str, Origin] = {}

    def origin(self, name: str) -> Origin:
        return self.origins.get(name, DEFAULT)

    def problem(self, name: str, message: str, fix: str | None = None) -> CodioError:
        """An error about setting ``name``, naming where it came from; ``message`` and
        ``fix`` in the reader's language already."""
        where = self.origin(name)
        if where.option:
            return InputError(f"{where.option} {message}", fix=fix, key=where.option)
        return ContentError(message, file=where.file, line=where.line, fix=fix,
                            key=file_key(name))

    @property
    def kit_dir(self) -> Path:
        """OUT/CASE: the folder of the kit."""
        return self.out / (self.case or "")

    def record(self) -> dict[str, Any]:
        """What a build was made from, as its manifest.json keeps it, so that
        ``codio-print init --from build/CASE`` can start a workspace from it: every setting
        sessie.yaml has a key for, as plain data (Option.plain: paths absolute), the list's
        division and the workspace."""
        def where(path: Path | None) -> str | None:
            return str(path.absolute()) if path is not None else None

        return {**{o.name: o.plain(getattr(self, o.name)) for o in IN_FILE},
                "division": where(self.division_file), "workspace": where(self.workspace)}

    @property
    def division_file(self) -> Path | None:
        """groepsindeling.csv of a participant list (inputs/division), or None for a count: in
        the workspace, else with the kit (never beside the list)."""
        if not isinstance(self.participants, Path):
            return None
        return division_path(self.workspace, self.kit_dir)


Settings = create_model("Settings", __base__=_Settings, __doc__=_Settings.__doc__,
                        **{o.name: (o.settings_type, Field(o.default, pattern=o.pattern))
                           for o in OPTIONS})


def resolve(session: SessionFile | None, *, need_case: bool = True, **given: Any) -> Settings:
    """The settings of a command: ``given`` (the command line; None means not given) over
    ``session`` (sessie.yaml) over the defaults. One line naming the option or the file's
    line when a value is wrong, or when ``need_case`` and no case is known."""
    values: dict[str, Any] = {}
    origins: dict[str, Origin] = {}
    if session is not None:
        _from_file(session, values, origins)
    for name, typed in given.items():
        if typed is None:
            continue
        option = BY_NAME[name]
        value = option.read(typed)
        if option.each:  # per item (a piece), over sessie.yaml's
            values[name] = {**values.get(name, {}), **value}
            origins.update({f"{name}.{item}": Origin(option.flag) for item in value})
        else:
            values[name] = value
            origins[name] = Origin(option.flag)
    if session is not None and given.get("out") is None:
        check_own_build_folder(session.root / "build")
    if need_case and not values.get("case"):
        raise InputError(_("which case? no --case given and no sessie.yaml here"),
                         fix=_("give --case ID, or run inside a workspace (codio-print init "
                               "DIR) or with --config DIR/sessie.yaml"), key="--case")
    try:
        return Settings(**values, origins=origins)
    except ValidationError as exc:
        raise _one_line(exc, values, origins) from None


def _from_file(session: SessionFile, values: dict, origins: dict) -> None:
    """Every setting sessie.yaml has a key for, with the line it is on. A text left empty
    where the setting's default is None (blad, opdrachtgever) is None; a file left out
    (drukwerk.icc) is the default."""
    for option in IN_FILE:
        value = session.value(option.key)
        if value is None and option.default is not None:
            continue
        values[option.name] = None if value == "" and option.default is None else value
        origins[option.name] = Origin(file=session.path, line=session.line(option.key))
        if option.each:
            values[option.name] = dict(value)
            origins.update({f"{option.name}.{item}": Origin(
                file=session.path, line=session.line(f"{option.key}.{item}"))
                for item in value})
    values["out"] = session.root / "build"
    values["workspace"] = session.root
    origins["out"] = origins["workspace"] = Origin(file=session.path)


def _one_line(exc: ValidationError, values: dict, origins: dict) -> CodioError:
    err = exc.errors()[0]
    name = str(err["loc"][0]) if err["loc"] else ""
    where = origins.get(name, DEFAULT)
    fix = (err.get("ctx") or {}).get("fix")
    if err["type"] == "string_pattern_mismatch" and name in BY_NAME:  # e.g. a case id
        option = BY_NAME[name]
        message = _("'{value}' is not {what}").format(value=values.get(name),
                                                     what=_(option.what))
        fix = _(option.fix)
    elif err["type"] in ("greater_than_equal", "int_parsing", "int_type"):
        message = _("'{value}' is not a number of 1 or more").format(value=values.get(name))
        fix = fix or _("give a whole number, e.g. 2")
    else:
        message = err["msg"]
    if where.option:
        return InputError(f"{where.option} {message}", fix=fix, key=where.option)
    key = file_key(name)
    return ContentError(f"'{key}': {message}", file=where.file, line=where.line, fix=fix,
                        key=key)


def file_key(name: str) -> str:
    """The sessie.yaml key of setting ``name`` (``destinations.x``: drukwerk.stukken.x)."""
    first, dot, rest = name.partition(".")
    option = BY_NAME.get(first)
    return ((option.key if option else None) or first) + dot + rest

