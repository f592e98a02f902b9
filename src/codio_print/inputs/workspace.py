"""A workspace: the organisation's own folder, kept apart from codio-print itself.

    sessie.yaml     the session: case, date, times, place, participants, profile, poster size
    huisstijl.yaml  the look: organisation, logo, colours, fonts (theme.py)
    templates/      templates and stylesheets that replace or extend the built-in ones
    cases/          the organisation's own cases

Updating codio-print never touches it; `codio-print init DIR` writes one to start from
(scaffold.workspace).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from codio_print import paths
from codio_print.errors import ContentError, InputError
from codio_print.i18n import N_, _
from codio_print.inputs.access import own_folder
from codio_print.inputs.assets import inside
from codio_print.inputs.content import case_paths
from codio_print.inputs.fields import PARTICIPANTS_FIX, Clock, Day, ParticipantsSpec
from codio_print.inputs.models import ID, Model
from codio_print.inputs.participants import checked_count, is_count, is_numberish
from codio_print.inputs.validate import validate
from codio_print.inputs.yamlread import Located, load_yaml

SESSION_FILE = "sessie.yaml"
TEMPLATES_DIR = "templates"
CASES_DIR = "cases"

# Where a piece is printed (kit.printplan): the office printer, the print shop, the office
# printer as tiles glued together, or not at all (the slides: on the beamer).
DESTINATIONS = ("kantoor", "drukker", "tegels", "niet")
# The print conditions a Dutch shop names (printshop.presets holds what each one means).
PRESET_IDS = ("standaard", "fogra39", "fogra39-300", "fogra51", "fogra52")


class Drukwerk(Model):
    """sessie.yaml ``drukwerk:``: what the print shop needs to know to print without calling,
    and where each piece is printed."""

    opdrachtgever: str = Field("", description="Wie het drukwerk bestelt. Leeg: de "
                                               "organisatie van de casus.")
    contactpersoon: str = Field("", description="Wie de drukker belt of mailt met vragen.")
    telefoon: str = Field("", description="Telefoonnummer van de contactpersoon.")
    email: str = Field("", description="E-mailadres van de contactpersoon.")
    afleveradres: str = Field("", description="Waar de drukker het drukwerk aflevert: "
                                              "straat en huisnummer, postcode en plaats, en "
                                              "voor wie (t.a.v.).")
    referentie: str = Field("", description="Je ordernummer of kenmerk, voor de factuur.")
    leveren: Day = Field(None, description="Uiterlijke leverdatum: JJJJ-MM-DD, bijvoorbeeld "
                                           "2026-12-01 (1 december 2026). Leeg: in overleg.")
    kleurprofiel: Literal[PRESET_IDS] = Field(  # type: ignore[valid-type]
        "standaard", description="De drukstandaard van de drukker; vraag ernaar. fogra39: "
                                 "ISO Coated v2 (gestreken papier, inkt tot 330 %); "
                                 "fogra39-300: ISO Coated v2 300 %; fogra51: PSO Coated v3 "
                                 "(gestreken, 300 %); fogra52: PSO Uncoated v3 "
                                 "(ongestreken, 300 %); standaard: het algemene profiel dat "
                                 "bij codio-print zit. Bij fogra39, fogra51 en fogra52 hoort "
                                 "een ICC-bestand (zie icc).")
    icc: str = Field("", description="Het ICC-profiel van de drukstandaard, een bestand in "
                                     "deze map, bijvoorbeeld ISOcoated_v2_eci.icc. Die "
                                     "profielen zitten niet bij codio-print: download ze "
                                     "bij eci.org (Downloads) of vraag ze aan de drukker.")
    afloop: Literal[3, 2] = Field(3, description="Afloop rondom, in mm, waar kleur tot de "
                                                 "rand loopt. 3 is gebruikelijk; 2 als de "
                                                 "drukker daarom vraagt.")
    stukken: dict[str, Literal[DESTINATIONS]] = Field(  # type: ignore[valid-type]
        {}, description="Waar elk stuk geprint wordt, als het anders moet dan standaard: "
                        "kantoor (map screen/), drukker (drukwerk.zip), tegels (een grote "
                        "poster in A3-vellen voor de kantoorprinter, map tegels/) of niet. "
                        "Stukken: casus, code, handout-1 tot en met handout-6, poster, "
                        "naamkaartjes, draaiboek, presentatie, flipover. Stukken met namen "
                        "van deelnemers gaan alleen naar de drukker als je dat hier zegt.")


class Sessie(Model):
    """sessie.yaml: one workshop session."""

    casus: str = Field(pattern=ID, description="De casus van deze workshop: een bestand in "
                                               "cases/ (zonder .yaml) of een ingebouwde "
                                               "casus. `codio-print cases` toont ze allemaal.")
    datum: Day = Field(None, description="Datum van de workshop: JJJJ-MM-DD, "
                                         "bijvoorbeeld 2026-12-03 (3 december 2026). Leeg: "
                                         "een lege regel om in te vullen.")
    start: Clock = Field(time(9, 30), description="Begintijd, tussen aanhalingstekens: "
                                                  "\"09:30\". De tijden van alle stappen "
                                                  "volgen hieruit.")
    locatie: str = Field("", description="Waar de workshop is, bijvoorbeeld: Stadhuis, "
                                         "zaal 2. Staat in het draaiboek en op de eerste dia.")
    begeleider: str = Field("", description="Wie de workshop begeleidt. Staat in het "
                                            "draaiboek en op de eerste dia.")
    deelnemers: ParticipantsSpec = Field(
        12, description="Het aantal deelnemers, of een deelnemerslijst (CSV of Excel, met "
                        "kolommen naam en functie), pad vanaf deze map: deelnemers.csv of "
                        "deelnemers.xlsx. Met een lijst "
                        "krijgt iedereen een naamkaartje met naam.")
    blad: str = Field("", description="Alleen bij een deelnemerslijst in Excel (.xlsx): "
                                      "het blad met de lijst, bijvoorbeeld Antwoorden. "
                                      "Leeg: het eerste blad.")
    profiel: Literal["print", "screen", "mono", "all"] = Field(
        "all", description="Voor wie de bestanden zijn: print voor de drukker, screen voor "
                           "scherm en e-mail, all voor allebei, mono voor een "
                           "zwart-witprinter (alleen zwart; de groepen herken je aan letter "
                           "en lijn).")
    poster: Literal["A1", "A0"] = Field("A0", description="Formaat van de grote poster met "
                                                          "het actieplan (hand-out 5). A0 "
                                                          "biedt plaats aan 18 memoblaadjes; "
                                                          "op A1 schrijf je de codes.")
    drukwerk: Drukwerk = Field(Drukwerk(), description="Voor de drukker: wie bestelt, "
                                                       "waar het heen moet en wanneer. Ze "
                                                       "staan op de printopdracht in "
                                                       "drukwerk.zip.")

    @field_validator("casus", mode="before")
    @classmethod
    def _lower_case(cls, value):
        """Case ids are lower-case: 'casus: Arnhem' is arnhem."""
        return value.strip().lower() if isinstance(value, str) else value


@dataclass(frozen=True)
class SessionFile:
    """A loaded sessie.yaml; its folder is the workspace."""

    path: Path
    sessie: Sessie
    located: Located

    @property
    def root(self) -> Path:
        return self.path.parent

    def line(self, key: str) -> int | None:
        """The line of a key; a nested one as a dotted path: drukwerk.telefoon."""
        return self.located.line_of(tuple(key.split(".")))

    @property
    def icc(self) -> Path | None:
        """drukwerk.icc, a file in the workspace."""
        value = self.sessie.drukwerk.icc
        if not value:
            return None
        return inside(self.root, value, what=N_("the ICC profile"), source=self.path,
                      line=self.line("drukwerk.icc"), key="drukwerk.icc")

    @property
    def participants(self) -> int | Path:
        value = self.sessie.deelnemers
        if isinstance(value, int) or is_count(value):
            return checked_count(value, "{n} participants", error=ContentError,
                                 file=self.path, line=self.line("deelnemers"))
        # A shared workspace must not make codio-print read files elsewhere.
        return inside(self.root, value, what=N_("the participant list"), source=self.path,
                      line=self.line("deelnemers"), key="deelnemers")


def find(config: Path | None, cwd: Path) -> Path | None:
    """The session file: --config, else sessie.yaml in the current folder, else none."""
    if config is not None:
        path = config / SESSION_FILE if config.is_dir() else config
        if not path.is_file():
            raise InputError(_("--config: file not found"), file=path, key="--config",
                             fix=_("give the path of a sessie.yaml (codio-print init DIR "
                                   "writes one)"))
        return path.absolute()  # a relative --config still gives file: URLs for the render
    here = cwd / SESSION_FILE
    return here if here.is_file() else None


def load_session(path: Path) -> SessionFile:
    """sessie.yaml; its folder is the workspace, so it must lie there itself (a link to a
    file elsewhere is refused)."""
    located = load_yaml(path, root=Path(path).absolute().parent)
    sf = SessionFile(path, validate(located, Sessie), located)
    participants = sf.participants
    if isinstance(participants, Path) and not participants.is_file():
        if is_numberish(sf.sessie.deelnemers) and not participants.exists():
            raise ContentError(_("'deelnemers': '{value}' is not a whole number").format(
                                   value=sf.sessie.deelnemers),
                               file=path, line=sf.line("deelnemers"), key="deelnemers",
                               fix=_(PARTICIPANTS_FIX))
        raise ContentError(_("the participant list '{name}' does not exist").format(
                               name=sf.sessie.deelnemers),
                           file=path, line=sf.line("deelnemers"), key="deelnemers",
                           fix=_("put the CSV file in {folder} or give a number").format(
                               folder=sf.root))
    known = case_paths([paths.CONTENT / "cases", *case_dirs(sf.root)])
    if sf.sessie.casus not in known:
        close = difflib.get_close_matches(sf.sessie.casus, sorted(known), n=1)
        hint = _("did you mean '{name}'? ").format(name=close[0]) if close else ""
        raise ContentError(_("unknown case '{case}'").format(case=sf.sessie.casus), file=path,
                           line=sf.line("casus"), key="casus",
                           fix=hint + _("choose one of: {choices}").format(
                               choices=", ".join(sorted(known))))
    return sf


def case_dirs(root: Path | None) -> list[Path]:
    """The folders a workspace adds to the built-in cases: its cases/, which must lie in it
    (a link to a folder elsewhere is refused)."""
    return [own_folder(root / CASES_DIR, what=N_("cases"))] if root else []


def override_dirs(root: Path | None) -> list[Path]:
    """The workspace's templates/, which must lie in it (a link to a folder elsewhere is
    refused)."""
    return [own_folder(root / TEMPLATES_DIR, what=N_("templates"))] if root else []


def check_own_build_folder(out: Path) -> None:
    """The workspace's build/ must lie in the workspace: a shared workspace whose build/ is a
    link would make the kit (and its lock) be written elsewhere."""
    if out.is_symlink() or (out.exists() and not out.resolve().is_relative_to(
            out.parent.resolve())):
        raise InputError(_("the workspace's build folder is a link to another place"),
                         file=out, fix=_("remove the link (a new build/ is made), or give "
                                         "--out to build elsewhere on purpose"))
