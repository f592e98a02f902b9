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

from codio_print import paths
from codio_print.errors import CodioError, ContentError, InputError, shown
from codio_print.i18n import _
from codio_print.inputs.division import division_path
from codio_print.inputs.options import DESTINATIONS, IN_FILE, OPTIONS, WHERE_FIX
from codio_print.inputs.participants import checked_count, is_count, is_numberish
from codio_print.inputs.workspace import SessionFile, check_own_build_folder

# --destination PIECE=WHERE takes sessie.yaml's words, and these.
WHERE_ALIASES = {"office": "kantoor", "shop": "drukker", "drukkerij": "drukker",
                 "printshop": "drukker", "tiles": "tegels", "none": "niet", "nee": "niet",
                 "no": "niet", "beamer": "niet"}
PLACES = ", ".join(DESTINATIONS)


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

# Each setting: its option on the command line and its key in sessie.yaml (if it has one).
SOURCES: dict[str, tuple[str | None, str | None]] = {o.name: (o.flag, o.key) for o in OPTIONS}


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
        ``codio-print init --from build/CASE`` can start a workspace from it: the session,
        the list (and its division), the print shop's details. Paths absolute."""
        def where(path: Path | None) -> str | None:
            return str(path.absolute()) if path is not None else None

        return {
            "case": self.case, "date": self.date.isoformat() if self.date else None,
            "start": f"{self.start:%H:%M}", "location": self.location,
            "facilitator": self.facilitator,
            "participants": (where(self.participants) if isinstance(self.participants, Path)
                             else self.participants),
            "division": where(self.division_file), "poster": self.poster,
            "profile": self.profile, "organisation": self.organisation,
            "contact": self.contact, "phone": self.phone, "email": self.email,
            "address": self.address, "reference": self.reference,
            "deliver_by": self.deliver_by.isoformat() if self.deliver_by else None,
            "preset": self.preset, "bleed": self.bleed,
            "icc": where(self.icc) if self.icc != paths.DEFAULT_ICC else None,
            "destinations": dict(self.destinations), "workspace": where(self.workspace),
        }

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
    for name, value in given.items():
        if value is None:
            continue
        if name == "destinations":  # per piece, over sessie.yaml's
            chosen = destinations_option(value)
            values[name] = {**values.get(name, {}), **chosen}
            origins.update({f"{name}.{piece}": Origin(SOURCES[name][0]) for piece in chosen})
            continue
        values[name] = _from_option(name, value)
        origins[name] = Origin(SOURCES[name][0])
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


def _from_option(name: str, value: Any) -> Any:
    """A value as typed on the command line: the participants are a number or a file."""
    if name == "participants" and isinstance(value, str):
        return participants_option(value)
    if name == "case" and isinstance(value, str):
        if not value.strip():
            raise InputError(_("--case is empty"), fix=_("give the id of a case, e.g. arnhem"),
                             key="--case")
        return case_id(value)
    return value


def case_id(value: str) -> str:
    """A case id as typed: ids are lower-case, so --case Arnhem is arnhem."""
    return value.strip().lower()


def destinations_option(given: list[str] | dict[str, str]) -> dict[str, str]:
    """``--destination naamkaartjes=drukker`` (repeated, or comma-separated): piece -> where.
    The pieces are checked against the kit's (kit.printplan), the places here."""
    if isinstance(given, dict):
        return dict(given)
    chosen: dict[str, str] = {}
    for item in (part for text in given for part in text.split(",")):
        piece, sep, where = item.partition("=")
        piece, where = piece.strip().lower(), where.strip().lower()
        if not sep or not piece or not where:
            raise InputError(_("--destination '{item}' says no piece or no place").format(
                item=item.strip()), fix=_(WHERE_FIX).format(places=PLACES),
                key="--destination")
        where = WHERE_ALIASES.get(where, where)
        if where not in DESTINATIONS:
            raise InputError(_("--destination '{item}': '{place}' is not a place to print"
                               ).format(item=item.strip(), place=where),
                             fix=_(WHERE_FIX).format(places=PLACES), key="--destination")
        chosen[piece] = where
    return chosen


def participants_option(value: str) -> int | Path:
    """``--participants``: 12 is a count (3 to 200); anything else is the path of a list."""
    fix = _("give the number of participants, e.g. 12, or the path of the participant list "
            "(CSV)")
    if not value.strip():
        raise InputError(_("--participants is empty"), fix=fix, key="--participants")
    if is_count(value):
        return checked_count(value, "--participants {n}")
    if is_numberish(value) and not Path(value).exists():
        raise InputError(_("--participants '{value}' is not a whole number").format(
            value=value), fix=fix, key="--participants")
    return Path(value)


def _one_line(exc: ValidationError, values: dict, origins: dict) -> CodioError:
    err = exc.errors()[0]
    name = str(err["loc"][0]) if err["loc"] else ""
    where = origins.get(name, DEFAULT)
    fix = (err.get("ctx") or {}).get("fix")
    if err["type"] == "string_pattern_mismatch" and name == "case":
        message = _("'{case}' is not a case id").format(case=values.get("case"))
        fix = _("case ids are lower-case letters, digits and hyphens, e.g. arnhem (see "
                "'codio-print cases')")
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
    key = SOURCES.get(first, (None, first))[1] or first
    return key + dot + rest

