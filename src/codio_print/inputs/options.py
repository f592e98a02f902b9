"""Every setting, declared once: its name, its key in sessie.yaml and its option on the
command line, its type, default and allowed values, its label and help (English here, Dutch
in the catalog), the Dutch description of sessie.yaml (its JSON Schema and the comments
``init`` writes), and what a change to it makes stale.

Derived from this table, never written again elsewhere: the Typer options
(cli/options.py), the sessie.yaml model (workspace.Sessie and its schema), the settings
model and ``resolve()`` (settings.py), and the settings the kit's extras read
(builder/pipeline.py ``_kit_key``), what a kit keeps of them for ``init --from``
(``Settings.record``), how a typed option is read (``parse``, given.py) and the print shop's
order (``order``: the job sheet, printopdracht.json, the note that a build outside a
workspace forgets them). A form for the same settings takes its label, help, kind of value,
choices and default from here too.

A new setting is one ``Option(...)`` below, and the code that uses its value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema

from codio_print import paths
from codio_print.i18n import N_
from codio_print.inputs import fields, given
from codio_print.inputs.models import ID

# What a change to a setting makes stale (builder/pipeline.py, builder/cache.py):
PIECES = "pieces"   # the pieces' HTML: their own cache keys see it, nothing to add
EXTRAS = "extras"   # what the job sheet, drukwerk.zip, the tiles and the manifest read
NOTHING = "nothing"  # how the command runs, not what it makes

# Where a piece is printed (kit.printplan): the office printer, the print shop, the office
# printer as tiles glued together, or not at all (the slides: on the beamer).
DESTINATIONS = ("kantoor", "drukker", "tegels", "niet")
# The print conditions a Dutch shop names (printshop.presets holds what each one means).
PRESET_IDS = ("standaard", "fogra39", "fogra39-300", "fogra51", "fogra52")
POSTER_PAPERS = ("A1", "A0")
PROFILE_CHOICES = ("print", "screen", "mono", "all")
TILE_PAPERS = ("a3", "a4")
BLEEDS = (3, 2)
# An Option's ``order``: on the print shop's order and never empty there (the organisation:
# the case's unless one is given), so the job sheet never lacks it.
FILLED = ""


SAME = object()  # an Option's sessie.yaml default: the same as in Settings


def _lower(value: Any) -> Any:
    """Case ids are lower-case: 'casus: Arnhem' is arnhem."""
    return value.strip().lower() if isinstance(value, str) else value


@dataclass(frozen=True)
class Option:
    """One setting. ``label`` and ``help`` are English, marked with N_() (their Dutch is in
    the catalog); ``description`` is sessie.yaml's, in Dutch (the file's language)."""

    name: str                   # the Settings field
    type: Any                   # its type in Settings (and in sessie.yaml unless file_type)
    default: Any
    label: str
    help: str = ""              # the command line's help (a form's help too)
    flag: str | None = None     # "--start"
    short: str | None = None    # "-n"
    key: str | None = None      # sessie.yaml, dotted: "drukwerk.telefoon"
    description: str = ""       # sessie.yaml's, in Dutch: the schema and init's comments
    choices: tuple = ()         # the allowed values, checked here and nowhere else
    what: str = ""              # "a profile": "'paper' is not a profile"
    fix: str = ""               # what to write instead (N_(); {choices} filled)
    invalidates: str = PIECES
    typed: Any = str            # what the command line hands over (checked in Settings)
    flag_value: Any = None      # a flag (typed bool): the value it gives
    file_type: Any = None       # the type in sessie.yaml, if other than ``type``
    file_default: Any = SAME    # the default in sessie.yaml (... : required)
    pattern: str | None = None  # a text that must match (an id)
    each: bool = False          # the choices are those of each value of a dict
    cli: dict = field(default_factory=dict)  # more for the option (min=1)
    # what the option's text means (given.py), called with it and this Option; else as typed
    parse: Callable[[Any, Option], Any] | None = None
    # on the print shop's order (the job sheet's head, printopdracht.json): the word for it
    # when the job sheet lacks it, N_() ("the job sheet has no {order}"); FILLED: never
    order: str | None = None

    def check(self, base: Any) -> Any:
        """``base`` with this setting's one check of its choices (if any)."""
        if not self.choices:
            return base
        names = ", ".join(str(c) for c in self.choices)
        kind = "integer" if isinstance(self.choices[0], int) else "string"
        # the fixes name the allowed words as {choices} (or {presets}, as before)
        checked = Annotated[base, fields.choice(self.what, self.choices, self.fix,
                                                choices=names, presets=names),
                            WithJsonSchema({"enum": list(self.choices), "type": kind})]
        return dict[str, checked] if self.each else checked

    def read(self, typed: Any) -> Any:
        """What was typed for the option, as the setting holds it (``parse``)."""
        return self.parse(typed, self) if self.parse else typed

    def plain(self, value: Any) -> Any:
        """A value of this setting as plain data (manifest.json, printopdracht.json): a date
        as YYYY-MM-DD, a time as HH:MM, a file as its absolute path (None at its default:
        codio-print's own file, wherever it is installed)."""
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, time):
            return f"{value:%H:%M}"
        if isinstance(value, Path):
            return None if value == self.default else str(value.absolute())
        return dict(value) if isinstance(value, dict) else value

    @property
    def settings_type(self) -> Any:
        return self.check(self.type)

    @property
    def sessie_type(self) -> Any:
        return self.check(self.file_type if self.file_type is not None else self.type)

    @property
    def sessie_default(self) -> Any:
        return self.default if self.file_default is SAME else self.file_default

    @property
    def sessie_field(self) -> str:
        """Its name in sessie.yaml, without the group: telefoon."""
        return (self.key or "").rpartition(".")[2]


def _o(name, type_, default, label, help_="", **more) -> Option:
    return Option(name, type_, default, label, help_, **more)


OPTIONS: tuple[Option, ...] = (
    _o("case", str | None, None, N_("Case"),
       N_("Case id, e.g. arnhem (default: sessie.yaml's)."), flag="--case", short="-c",
       key="casus", file_type=Annotated[str, BeforeValidator(_lower)], pattern=ID,
       file_default=..., parse=given.case, what=N_("a case id"),
       fix=N_("case ids are lower-case letters, digits and hyphens, e.g. arnhem (see "
              "'codio-print cases')"),
       description="De casus van deze workshop: een bestand in cases/ (zonder .yaml) of een "
                   "ingebouwde casus. `codio-print cases` toont ze allemaal."),
    _o("date", fields.Day, None, N_("Date"),
       N_("Session date YYYY-MM-DD, e.g. 2026-12-03 (3 December 2026)."), flag="--date",
       key="datum", description="Datum van de workshop: JJJJ-MM-DD, bijvoorbeeld 2026-12-03 "
                                "(3 december 2026). Leeg: een lege regel om in te vullen."),
    _o("start", fields.Clock, time(9, 30), N_("Start time"), N_("Start time HH:MM (09:30)."),
       flag="--start", key="start",
       description="Begintijd, tussen aanhalingstekens: \"09:30\". De tijden van alle "
                   "stappen volgen hieruit."),
    _o("location", str, "", N_("Location"), N_("Where the session is."), flag="--location",
       key="locatie", description="Waar de workshop is, bijvoorbeeld: Stadhuis, zaal 2. "
                                  "Staat in het draaiboek en op de eerste dia."),
    _o("facilitator", str, "", N_("Facilitator"), N_("Who leads it."), flag="--facilitator",
       key="begeleider", description="Wie de workshop begeleidt. Staat in het draaiboek en "
                                     "op de eerste dia."),
    _o("participants", int | Path, 12, N_("Participants"),
       N_("A number, or a participant list (CSV or Excel .xlsx). Default 12."),
       flag="--participants", short="-n", key="deelnemers",
       file_type=fields.ParticipantsSpec, parse=given.participants,
       description="Het aantal deelnemers, of een deelnemerslijst (CSV of Excel, met "
                   "kolommen naam en functie), pad vanaf deze map: deelnemers.csv of "
                   "deelnemers.xlsx. Met een lijst krijgt iedereen een naamkaartje met naam."),
    _o("sheet", str | None, None, N_("Sheet"),
       N_("The sheet of a participant list in Excel (.xlsx) (default: the first)."),
       flag="--sheet", key="blad", file_type=str, file_default="",
       description="Alleen bij een deelnemerslijst in Excel (.xlsx): het blad met de lijst, "
                   "bijvoorbeeld Antwoorden. Leeg: het eerste blad."),
    _o("profile", str, "all", N_("Profile"),
       N_("print (PDF/X-4, CMYK), screen (PDF/UA-1), mono (black ink only, for a "
          "black-and-white printer) or all (print and screen; default: sessie.yaml's, else "
          "all)."), flag="--profile", key="profiel", choices=PROFILE_CHOICES,
       what=N_("a profile"), fix=N_("use print, screen, mono or all"), invalidates=EXTRAS,
       description="Voor wie de bestanden zijn: print voor de drukker, screen voor scherm en "
                   "e-mail, all voor allebei, mono voor een zwart-witprinter (alleen zwart; "
                   "de groepen herken je aan letter en lijn)."),
    _o("poster", str, "A0", N_("Poster size"),
       N_("Size of the action-plan poster: A0 (default) or A1."), flag="--poster",
       key="poster", choices=POSTER_PAPERS, what=N_("a poster size"),
       fix=N_("give A1 or A0"),
       description="Formaat van de grote poster met het actieplan (hand-out 5). A0 biedt "
                   "plaats aan 18 memoblaadjes; op A1 schrijf je de codes."),
    _o("organisation", str | None, None, N_("Ordering organisation"),
       N_("Ordering organisation on the job sheet."), flag="--organisation",
       key="drukwerk.opdrachtgever", file_type=str, file_default="", invalidates=EXTRAS,
       order=FILLED,
       description="Wie het drukwerk bestelt. Leeg: de organisatie van de casus."),
    _o("contact", str, "", N_("Contact person"), N_("Contact person on the job sheet."),
       flag="--contact", key="drukwerk.contactpersoon", invalidates=EXTRAS,
       order=N_("contact name"),
       description="Wie de drukker belt of mailt met vragen."),
    _o("phone", str, "", N_("Phone"), N_("The contact's phone number."), flag="--phone",
       key="drukwerk.telefoon", invalidates=EXTRAS, order=N_("phone"),
       description="Telefoonnummer van de contactpersoon."),
    _o("email", str, "", N_("E-mail"), N_("The contact's e-mail address."), flag="--email",
       key="drukwerk.email", invalidates=EXTRAS, order=N_("e-mail"),
       description="E-mailadres van de contactpersoon."),
    _o("address", str, "", N_("Delivery address"), N_("Where the print shop delivers."),
       flag="--address", key="drukwerk.afleveradres", invalidates=EXTRAS,
       order=N_("delivery address"),
       description="Waar de drukker het drukwerk aflevert: straat en huisnummer, postcode en "
                   "plaats, en voor wie (t.a.v.)."),
    _o("reference", str, "", N_("Reference"), N_("Your order reference, for the invoice."),
       flag="--reference", key="drukwerk.referentie", invalidates=EXTRAS,
       order=N_("order reference"),
       description="Je ordernummer of kenmerk, voor de factuur."),
    _o("deliver_by", fields.Day, None, N_("Deliver by"),
       N_("Delivery date on the job sheet: YYYY-MM-DD, e.g. 2026-12-01 (1 December 2026)."),
       flag="--deliver-by", key="drukwerk.leveren", invalidates=EXTRAS,
       order=N_("delivery date"),
       description="Uiterlijke leverdatum: JJJJ-MM-DD, bijvoorbeeld 2026-12-01 (1 december "
                   "2026). Leeg: in overleg."),
    _o("shop_note", str, "", N_("Note for the print shop"),
       N_("A note for the print shop on the job sheet, e.g. pack per set."),
       flag="--shop-note", key="drukwerk.opmerking", invalidates=EXTRAS, order=FILLED,
       description="Een opmerking voor de drukker op de printopdracht, bijvoorbeeld: per "
                   "set verpakken, of: bel bij aankomst. Leeg: geen opmerking."),
    _o("preset", str, "standaard", N_("Print standard"),
       N_("The print shop's standard: fogra39, fogra39-300, fogra51, fogra52 (give its ICC "
          "file with --icc) or standaard."), flag="--preset", key="drukwerk.kleurprofiel",
       choices=PRESET_IDS, what=N_("a print preset"), fix=N_("use {presets}"),
       invalidates=EXTRAS,
       description="De drukstandaard van de drukker; vraag ernaar. fogra39: ISO Coated v2 "
                   "(gestreken papier, inkt tot 330 %); fogra39-300: ISO Coated v2 300 %; "
                   "fogra51: PSO Coated v3 (gestreken, 300 %); fogra52: PSO Uncoated v3 "
                   "(ongestreken, 300 %); standaard: het algemene profiel dat bij codio-print "
                   "zit. Bij fogra39, fogra51 en fogra52 hoort een ICC-bestand (zie icc)."),
    _o("icc", Path, paths.DEFAULT_ICC, N_("ICC profile"),
       N_("CMYK output profile for print (default: Ghostscript's generic CMYK profile)."),
       flag="--icc", key="drukwerk.icc", typed=Path, file_type=str, file_default="",
       invalidates=EXTRAS,
       description="Het ICC-profiel van de drukstandaard, een bestand in deze map, "
                   "bijvoorbeeld ISOcoated_v2_eci.icc. Die profielen zitten niet bij "
                   "codio-print: download ze bij eci.org (Downloads) of vraag ze aan de "
                   "drukker."),
    _o("bleed", int, 3, N_("Bleed"), N_("Bleed in mm: 3 (default) or 2."), flag="--bleed",
       key="drukwerk.afloop", typed=int, choices=BLEEDS, what=N_("a bleed in mm"),
       fix=N_("give 3 or 2"), invalidates=EXTRAS,
       description="Afloop rondom, in mm, waar kleur tot de rand loopt. 3 is gebruikelijk; "
                   "2 als de drukker daarom vraagt."),
    _o("destinations", str, {}, N_("Where each piece is printed"),
       N_("Where a piece is printed: PIECE=kantoor, drukker, tegels or niet (repeat it, or "
          "separate with commas)."), flag="--destination", key="drukwerk.stukken",
       typed=list[str], choices=DESTINATIONS, each=True, parse=given.destinations,
       what=N_("a place to print"), fix=N_("use one of {choices}"),
       description="Waar elk stuk geprint wordt, als het anders moet dan standaard: kantoor "
                   "(map screen/), drukker (drukwerk.zip), tegels (een grote poster in "
                   "A3-vellen voor de kantoorprinter, map tegels/) of niet. Stukken: casus, "
                   "code, handout-1 tot en met handout-6, poster, naamkaartjes, draaiboek, "
                   "presentatie, flipover. Stukken met namen van deelnemers gaan alleen naar "
                   "de drukker als je dat hier zegt."),
    # --- on the command line only -------------------------------------------------------
    _o("out", Path, Path("build"), N_("Output folder"), N_("Output folder (build)."),
       flag="--out", typed=Path, invalidates=NOTHING),
    _o("tile", str | None, None, N_("Tiles"),
       N_("Also write the A0/A1/A2 posters as a3 or a4 tiles."), flag="--tile",
       choices=TILE_PAPERS, what=N_("a paper size"), fix=N_("use a3 or a4"),
       invalidates=EXTRAS),
    _o("regroup", bool, False, N_("Divide afresh"),
       N_("Divide the participant list afresh, not as groepsindeling.csv has it."),
       flag="--regroup", typed=bool, flag_value=True),
    _o("strict", bool, False, N_("Strict"),
       N_("Fail on any warning about CSS, images or fonts."), flag="--strict", typed=bool,
       flag_value=True, invalidates=NOTHING),
    _o("wait", bool, True, N_("Wait"),
       N_("Stop instead of waiting when another build is writing the same folder."),
       flag="--no-wait", typed=bool, flag_value=False, invalidates=NOTHING),
    _o("force", bool, False, N_("Render everything"),
       N_("Render every piece, even those that are up to date."), flag="--force",
       typed=bool, flag_value=True, invalidates=NOTHING),
    _o("workers", Annotated[int | None, Field(ge=1)], None, N_("Render processes"),
       N_("Render processes (default: one per core)."), flag="--workers", typed=int,
       invalidates=NOTHING, cli={"min": 1}),
)
BY_NAME = {o.name: o for o in OPTIONS}
IN_FILE = tuple(o for o in OPTIONS if o.key)
# The print shop's order: who orders, who the shop calls, where and when it delivers (the
# job sheet's head); given as options outside a workspace, the next build forgets them.
ORDER = tuple(o for o in OPTIONS if o.order is not None)
# sessie.yaml's groups of settings: their label and their Dutch description.
GROUPS = {"drukwerk": (N_("The print shop's details"),
                       "Voor de drukker: wie bestelt, waar het heen moet en wanneer. Ze staan "
                       "op de printopdracht in drukwerk.zip.")}
