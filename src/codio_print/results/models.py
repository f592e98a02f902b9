"""resultaten.yaml as models: what the workshop produced, step by step (stap 2–7 of the
manual), each field with its own check.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PrivateAttr
from pydantic_core import PydanticCustomError

from codio_print.errors import InputError
from codio_print.i18n import _
from codio_print.inputs import fields
from codio_print.inputs.models import Model
from codio_print.inputs.yamlread import Loc, Located

NIVEAUS = ("hoog", "midden", "laag")
# The answers to the four questions of stap 4, in the order of workshop.yaml.
STAP4_KEYS = ("termijn", "handhaver", "uitdragen", "bijstellen")


# --- field types with their own error messages -------------------------------------------

def _actie_id(value: Any) -> Any:
    text = str(value).strip().upper() if isinstance(value, (str, int)) else value
    if isinstance(text, str) and re.fullmatch(r"[A-Z]{1,3}[0-9]{1,3}", text):
        return text
    raise PydanticCustomError("actie_id",  # internal: the error's type, for load.py
                              _("'{value}' is not an action id"),
                              {"value": str(value),
                               "fix": _("write the group's letter and a number, e.g. A1")})


def _eigenaar(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PydanticCustomError("eigenaar",  # internal: the error's type, for load.py
                                  _("this action has no owner"),
                                  {"fix": _("write after 'eigenaar:' who carries out the "
                                            "action")})
    return value


def _tekst(value: Any) -> Any:
    """Free text: an empty YAML field (null) is empty text; a date stays as written."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


Datum = fields.Day
Tijd = fields.OptionalClock
Tekst = Annotated[str, BeforeValidator(_tekst)]
Eigenaar = Annotated[str, BeforeValidator(_eigenaar), Field(min_length=1)]
Mate = Literal["hoog", "midden", "laag"]  # of noodzaak and belang


def _leeg(value: Any) -> Any:
    """An empty YAML section (``stap4:`` with nothing under it) is an empty mapping."""
    return {} if value is None else value


def _lijst(value: Any) -> Any:
    """An empty YAML field (``gekozen:`` with nothing after it) is an empty list."""
    return [] if value is None else value


# More than any session writes; a bound so that a huge file is one clear line, not minutes.
MAX_ITEMS = 200


def Lijst(item: Any) -> Any:  # noqa: N802 - reads like a type
    return Annotated[list[item], BeforeValidator(_lijst), Field(max_length=MAX_ITEMS)]


# --- the models -----------------------------------------------------------------------------

class Groep(Model):
    """One table in the session: its fundament and who sat there."""

    fundament: str
    leden: Lijst(str) = []


class SessieGegevens(Model):
    """sessie: in resultaten.yaml, what the session was (not sessie.yaml, which plans one)."""

    casus: str
    datum: fields.RequiredDay
    start: fields.Clock
    locatie: Tekst = ""
    begeleider: Tekst = ""
    groepen: Lijst(Groep) = []


class Gekozen(Model):
    waarde: str
    waarom: Tekst = ""


class NietGekozen(Model):
    waarde: str
    afweging: Tekst = ""


class GroepWaarden(Model):
    """Stap 2 for one group: the values it chose, and the ones it discussed but did not."""

    gekozen: Lijst(Gekozen) = []
    niet_gekozen: Lijst(NietGekozen) = []


class Actie(Model):
    """Stap 3: one action that safeguards a value. Hand-out 4 (stap 3c2) gives the action, its
    value and who does it, the mechanism if the group chose one; noodzaak, belang and the
    term are decided at the poster in stap 4, so they may come later (None: not yet)."""

    id: Annotated[str, BeforeValidator(_actie_id)]
    actie: str = Field(min_length=1)
    waarde: str
    mechanisme: str = ""
    eigenaar: Eigenaar
    termijn: Tekst = ""
    noodzaak: Mate | None = None
    belang: Mate | None = None
    groep: str


class Spanning(Model):
    """Stap 4a: where the values or actions of two groups pull against each other."""

    tussen: list[str] = Field(min_length=2, max_length=2)
    wat: str = Field(min_length=1)
    afspraak: Tekst = ""


class Stap4(Model):
    """The four questions of stap 4a, plus what must first be decided elsewhere."""

    termijn: Tekst = ""
    handhaver: Tekst = ""
    uitdragen: Tekst = ""
    bijstellen: Tekst = ""
    ander_niveau: Lijst(str) = []


class Punt(Model):
    punt: str
    klaar: bool = False


class Vervolg(Model):
    """Stap 6: the next steps and the follow-up session."""

    wie: Tekst = ""
    wat: Tekst = ""
    wanneer: Datum = None
    monitor: Tekst = ""
    bespreken: Lijst(str) = []
    datum: Datum = None
    tijd: Tijd = None
    duur_minuten: int = Field(default=60, gt=0, le=8 * 60)
    locatie: Tekst = ""


class Results(Model):
    """Everything the workshop produced."""

    sessie: SessieGegevens
    waarden: Annotated[dict[str, GroepWaarden], BeforeValidator(_leeg)] = {}
    acties: Lijst(Actie) = []
    spanningen: Lijst(Spanning) = []
    stap4: Annotated[Stap4, BeforeValidator(_leeg)] = Stap4()
    breder_inzetbaar: Lijst(str) = []
    checklist: Lijst(Punt) = []
    vervolg: Annotated[Vervolg, BeforeValidator(_leeg)] = Vervolg()
    parkeerplaats: Lijst(str) = []
    reflectie: Lijst(str) = []

    _located: Located | None = PrivateAttr(default=None)

    @property
    def path(self) -> Path | None:
        return self._located.path if self._located else None

    def line_of(self, loc: Loc) -> int | None:
        """The line of a key path in the file this was loaded from (None if built in code)."""
        return self._located.line_of(loc) if self._located else None

    def error(self, message: str, loc: Loc, fix: str | None = None) -> InputError:
        from codio_print.inputs.validate import key_of

        data = self._located.data if self._located else None
        return InputError(message, file=self.path, line=self.line_of(loc), fix=fix,
                          key=key_of(loc, data))


def placed(action: Actie) -> bool:
    """Whether the action has its place on the poster's grid (noodzaak and belang, stap 4)."""
    return action.noodzaak is not None and action.belang is not None


def priority(action: Actie) -> int:
    """1 (noodzaak hoog, belang hoog) … 9 (laag, laag); sorting by it puts noodzaak first. An
    action not yet placed (stap 4 still to be written down) comes after them all: 10."""
    if not placed(action):
        return 10
    return 3 * NIVEAUS.index(action.noodzaak) + NIVEAUS.index(action.belang) + 1


def by_priority(results: Results) -> list[Actie]:
    """The actions, most urgent first; equal ones keep the order of the file."""
    return sorted(results.acties, key=priority)
