"""The kinds of value people write, each checked in one place: a clock time, a date, a
number of participants, a choice. sessie.yaml, resultaten.yaml and the command line all use
these, so '25:00' or '15-12-2026' gets the same answer wherever it is written.

Each check raises pydantic's ``PydanticCustomError`` with a ``fix`` in its context: the
loaders turn it into one line naming the file and line (validate.validate), the settings
into one naming the option (settings.resolve). The texts are the reader's language's,
chosen when the check runs (codio_print/i18n.py).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from codio_print.i18n import N_, _


def _shown(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:37] + "..."


# --- clock times ---------------------------------------------------------------------------

CLOCK_FIX = N_('write it as "HH:MM", e.g. "09:30"')


def clock(value: Any) -> Any:
    """'09:30' → 09:30. Unquoted, YAML 1.1 reads 10:30 as the number 630 (base 60), so an
    int is a time only below 24 * 60; 25:00 (1500) is shown as written. Anything else (a
    float such as 9.30, an int pydantic would read as seconds) is not a time."""
    if isinstance(value, time):
        return value
    if value is None:
        raise PydanticCustomError("clock", _("the time is empty"), {"fix": _(CLOCK_FIX)})
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value < 24 * 60:
            return time(value // 60, value % 60)
        if value >= 0:
            value = f"{value // 60}:{value % 60:02d}"
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", value.strip())
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return time(int(match[1]), int(match[2]))
    raise PydanticCustomError("clock", _("'{value}' is not a time"),
                              {"value": _shown(value), "fix": _(CLOCK_FIX)})


def _optional_clock(value: Any) -> Any:
    return None if value is None else clock(value)


CLOCK_SCHEMA = WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$"})
Clock = Annotated[time, BeforeValidator(clock), CLOCK_SCHEMA]
OptionalClock = Annotated[time | None, BeforeValidator(_optional_clock), CLOCK_SCHEMA]


# --- dates -----------------------------------------------------------------------------------

# A workshop date outside these years is a typing mistake (and year 1 breaks PDF metadata).
FIRST_YEAR, LAST_YEAR = 2000, 2100
DATE_FIX = N_("write it as YYYY-MM-DD, e.g. 2026-12-03 (3 December 2026)")
YEARS_FIX = N_("correct the year: YYYY-MM-DD, e.g. 2026-12-03 (3 December 2026)")


def day(value: Any) -> Any:
    """A date as YAML reads it (2026-03-12), or as text YYYY-MM-DD; never a number (pydantic
    would read it as seconds since 1970), never a date outside 2000–2100."""
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return _plausible(value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-?\d{2}-?\d{2}", value.strip()):
        try:
            read = date.fromisoformat(value.strip())
        except ValueError:
            read = None
        if read is not None:
            return _plausible(read)
    raise PydanticCustomError("day", _("'{value}' is not a date"),
                              {"value": _shown(value), "fix": _(DATE_FIX)})


def _plausible(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError(
            "day", _("'{value}' is not a plausible date: the year must be from {first} to "
                     "{last}"),
            {"value": value.isoformat(), "first": FIRST_YEAR, "last": LAST_YEAR,
             "fix": _(YEARS_FIX)})
    return value


Day = Annotated[date | None, BeforeValidator(day)]
RequiredDay = Annotated[date, BeforeValidator(day)]


# --- participants ----------------------------------------------------------------------------

PARTICIPANTS_FIX = N_("give the number of participants, e.g. 12, or the name of the CSV list")


def participants(value: Any) -> Any:
    """A number or the name of a list; true (a bool is an int) and 1.5 are neither."""
    if isinstance(value, bool):
        raise PydanticCustomError("participants",
                                  _("'{value}' is not a number of participants"),
                                  {"value": str(value).lower(), "fix": _(PARTICIPANTS_FIX)})
    if isinstance(value, float):
        raise PydanticCustomError("participants", _("'{value}' is not a whole number"),
                                  {"value": str(value), "fix": _(PARTICIPANTS_FIX)})
    return value


ParticipantsSpec = Annotated[int | str, BeforeValidator(participants)]


# --- choices ---------------------------------------------------------------------------------

def choice(what: str, allowed: tuple[str, ...], fix: str, **values: str):
    """A check that ``value`` is one of ``allowed`` ('paper' is not a profile — use ...).
    ``what`` ("a profile") and ``fix`` are marked with N_() and translated when the check
    fails; ``values`` fill the fix's places."""
    def check(value: Any) -> Any:
        if value in allowed:
            return value
        raise PydanticCustomError("choice", _("'{value}' is not {what}"),
                                  {"value": _shown(value), "what": _(what),
                                   "fix": _(fix).format(**values)})
    return AfterValidator(check)


def not_empty(what: str, fix: str):
    """A check that a text is not empty; ``what`` and ``fix`` marked with N_()."""
    def check(value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            raise PydanticCustomError("empty", _("{what} is empty"),
                                      {"what": _(what), "fix": _(fix)})
        return value
    return BeforeValidator(check)
