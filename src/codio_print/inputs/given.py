"""What is typed on the command line, read as its setting holds it: the settings whose text
means more than its type (a number or a list, a case id, PIECE=WHERE). Each reading is
named on its setting in the table (options.py, ``Option.parse``), so resolve() reads every
option alike. A reading says what the text means; whether the value is allowed is the
setting's one check (Settings, fields.py), with the option in its message. Each is called
with the text and the setting's Option (options.py, which imports this module).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from codio_print.errors import InputError
from codio_print.i18n import N_, _
from codio_print.inputs.participants import checked_count, is_count, is_numberish

# --destination PIECE=WHERE takes sessie.yaml's words, and these.
WHERE_ALIASES = {"office": "kantoor", "shop": "drukker", "drukkerij": "drukker",
                 "printshop": "drukker", "tiles": "tegels", "none": "niet", "nee": "niet",
                 "no": "niet", "beamer": "niet"}
# --destination's fix; sessie.yaml's is the setting's own (options.py).
WHERE_FIX = N_("write PIECE=WHERE, WHERE one of {places} (e.g. --destination "
               "naamkaartjes=drukker)")


def case(value: Any, option: Any) -> Any:
    """``--case Arnhem``: ids are lower-case, so it is arnhem; empty is no case."""
    if not isinstance(value, str):
        return value
    if not value.strip():
        raise InputError(_("--case is empty"), fix=_("give the id of a case, e.g. arnhem"),
                         key=option.flag)
    return case_id(value)


def case_id(value: str) -> str:
    """A case id as typed: ids are lower-case, so --case Arnhem is arnhem."""
    return value.strip().lower()


def participants(value: Any, option: Any) -> Any:
    """``--participants``: 12 is a count (3 to 200); anything else is the path of a list."""
    if not isinstance(value, str):
        return value
    fix = _("give the number of participants, e.g. 12, or the path of the participant list "
            "(CSV)")
    if not value.strip():
        raise InputError(_("--participants is empty"), fix=fix, key=option.flag)
    if is_count(value):
        return checked_count(value, "--participants {n}")
    if is_numberish(value) and not Path(value).exists():
        raise InputError(_("--participants '{value}' is not a whole number").format(
            value=value), fix=fix, key=option.flag)
    return Path(value)


def destinations(given: list[str] | dict[str, str], option: Any) -> dict[str, str]:
    """``--destination naamkaartjes=drukker`` (repeated, or comma-separated): piece -> where,
    a place one of the setting's choices. The pieces are checked against the kit's
    (kit.printplan)."""
    if isinstance(given, dict):
        return dict(given)
    places = ", ".join(option.choices)
    chosen: dict[str, str] = {}
    for item in (part for text in given for part in text.split(",")):
        piece, sep, where = item.partition("=")
        piece, where = piece.strip().lower(), where.strip().lower()
        if not sep or not piece or not where:
            raise InputError(_("--destination '{item}' says no piece or no place").format(
                item=item.strip()), fix=_(WHERE_FIX).format(places=places), key=option.flag)
        where = WHERE_ALIASES.get(where, where)
        if where not in option.choices:
            raise InputError(_("--destination '{item}': '{place}' is not a place to print"
                               ).format(item=item.strip(), place=where),
                             fix=_(WHERE_FIX).format(places=places), key=option.flag)
        chosen[piece] = where
    return chosen
