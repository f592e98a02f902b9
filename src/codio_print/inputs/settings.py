"""The one configuration of a command, built here and nowhere else: the defaults, then the
workspace's sessie.yaml, then the command line, each later one winning.

Every command takes a :class:`Settings` (build, watch, check, results init and build). Each
value remembers where it came from (:class:`Origin`), so a problem with it names
``sessie.yaml:7`` or ``--start``. The checks of a value live once, on the model's fields
(fields.py, shared with sessie.yaml and resultaten.yaml).
"""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Annotated, Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from codio_print import paths
from codio_print.errors import CodioError, ContentError, InputError, shown
from codio_print.i18n import N_, _
from codio_print.inputs import fields
from codio_print.inputs.division import division_path
from codio_print.inputs.models import ID
from codio_print.inputs.participants import checked_count, is_count, is_numberish
from codio_print.inputs.workspace import (DESTINATIONS, PRESET_IDS, SessionFile,
                                          check_own_build_folder)

POSTER_PAPERS = ("A1", "A0")
PROFILE_CHOICES = ("print", "screen", "mono", "all")
TILE_PAPERS = ("a3", "a4")
BLEEDS = (3, 2)
# --destination PIECE=WHERE takes sessie.yaml's words, and these.
WHERE_ALIASES = {"office": "kantoor", "shop": "drukker", "drukkerij": "drukker",
                 "printshop": "drukker", "tiles": "tegels", "none": "niet", "nee": "niet",
                 "no": "niet", "beamer": "niet"}
WHERE_FIX = N_("write PIECE=WHERE, WHERE one of {places} (e.g. --destination "
               "naamkaartjes=drukker)")
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
SOURCES: dict[str, tuple[str, str | None]] = {
    "case": ("--case", "casus"), "participants": ("--participants", "deelnemers"),
    "sheet": ("--sheet", "blad"),
    "start": ("--start", "start"), "date": ("--date", "datum"),
    "location": ("--location", "locatie"), "facilitator": ("--facilitator", "begeleider"),
    "poster": ("--poster", "poster"), "profile": ("--profile", "profiel"),
    "out": ("--out", None), "icc": ("--icc", "drukwerk.icc"), "tile": ("--tile", None),
    "organisation": ("--organisation", "drukwerk.opdrachtgever"),
    "contact": ("--contact", "drukwerk.contactpersoon"),
    "phone": ("--phone", "drukwerk.telefoon"), "email": ("--email", "drukwerk.email"),
    "address": ("--address", "drukwerk.afleveradres"),
    "reference": ("--reference", "drukwerk.referentie"),
    "deliver_by": ("--deliver-by", "drukwerk.leveren"),
    "preset": ("--preset", "drukwerk.kleurprofiel"), "bleed": ("--bleed", "drukwerk.afloop"),
    "destinations": ("--destination", "drukwerk.stukken"), "regroup": ("--regroup", None),
    "strict": ("--strict", None),
    "wait": ("--no-wait", None), "force": ("--force", None), "workers": ("--workers", None),
}


class Settings(BaseModel):
    """What a command works from. Frozen: a step that needs another value makes a copy
    (``settings.model_copy(update=...)``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    case: str | None = Field(None, pattern=ID)  # None: a command that needs no case
    participants: int | Path = 12          # a number, or a participant list (CSV, .xlsx)
    sheet: str | None = None               # the sheet of an .xlsx list (default: the first)
    start: fields.Clock = time(9, 30)
    date: fields.Day = None
    location: str = ""
    facilitator: str = ""
    poster: Annotated[str, fields.choice(N_("a poster size"), POSTER_PAPERS,
                                         N_("give A1 or A0"))] = "A0"
    profile: Annotated[str, fields.choice(N_("a profile"), PROFILE_CHOICES,
                                          N_("use print, screen, mono or all"))] = "all"
    out: Path = Path("build")
    workspace: Path | None = None          # the organisation's folder: cases, templates, look
    icc: Path = paths.DEFAULT_ICC          # the CMYK output profile of the print files
    tile: Annotated[str, fields.choice(N_("a paper size"), TILE_PAPERS,
                                       N_("use a3 or a4"))] | None = None
    organisation: str | None = None        # on the job sheet; else the case's organisation
    contact: str = ""                      # the job sheet's contact: who, how, where, when
    phone: str = ""
    email: str = ""
    address: str = ""                      # delivery address
    reference: str = ""                    # the order's reference, for the invoice
    deliver_by: fields.Day = None
    preset: Annotated[str, fields.choice(N_("a print preset"), PRESET_IDS,
                                         N_("use {presets}"),
                                         presets=", ".join(PRESET_IDS))] = "standaard"
    bleed: Annotated[int, fields.choice(N_("a bleed in mm"), BLEEDS,
                                        N_("give 3 or 2"))] = 3
    # where pieces are printed, by piece (kind or id): kantoor, drukker, tegels, niet
    destinations: dict[str, Annotated[str, fields.choice(N_("a place to print"), DESTINATIONS,
                                                         WHERE_FIX, places=PLACES)]] = {}
    regroup: bool = False                  # divide the list afresh, not as groepsindeling.csv
    strict: bool = False                   # a WeasyPrint warning fails the build
    wait: bool = True                      # wait for another build into the same folder
    force: bool = False                    # render everything, ignoring the previous kit
    workers: int | None = Field(None, ge=1)  # render processes; default: one per core
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
    s = session.sessie
    from_file = {"case": s.casus, "participants": session.participants,
                 "sheet": s.blad or None, "start": s.start,
                 "date": s.datum, "location": s.locatie, "facilitator": s.begeleider,
                 "poster": s.poster, "profile": s.profiel}
    d = s.drukwerk
    from_file.update({"organisation": d.opdrachtgever or None, "contact": d.contactpersoon,
                      "phone": d.telefoon, "email": d.email, "address": d.afleveradres,
                      "reference": d.referentie, "deliver_by": d.leveren,
                      "preset": d.kleurprofiel, "bleed": d.afloop,
                      "destinations": dict(d.stukken)})
    if session.icc is not None:
        from_file["icc"] = session.icc
    for name, value in from_file.items():
        values[name] = value
        origins[name] = Origin(file=session.path, line=session.line(SOURCES[name][1]))
    for piece in d.stukken:
        origins[f"destinations.{piece}"] = Origin(
            file=session.path, line=session.line(f"drukwerk.stukken.{piece}"))
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

