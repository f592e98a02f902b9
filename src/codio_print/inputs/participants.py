"""The participant list (``--participants deelnemers.csv`` or ``deelnemers.xlsx``), read
and checked; who sits at which table is the division (division/).

The file is what people export from Excel or a registration form: a table in text or a
workbook (table.py, workbook.py), with headers in Dutch or English or as the form's
questions (columns.py chooses the columns). Every problem is an :class:`InputError` naming
the file and the line (the sheet and the row of a workbook), among them more than
MAX_PARTICIPANTS people or a file over MAX_FILE_MB; things that are allowed but odd (more
than 30 people, mixed encodings) become one-line warnings on the :class:`ParticipantList`.
What was read is kept on it for the build's summary: which column was used for what and
which were ignored, and why (:class:`ColumnUse`), names seen twice, and the rows skipped
(empty rows, the header line again). The division over the tables is in division/.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from codio_print.errors import CodioError, InputError
from codio_print.i18n import N_, _, ngettext
from codio_print.inputs.columns import Columns, choose, require_name
from codio_print.inputs.listmodel import (MAX_FILE_MB, MAX_PARTICIPANTS, MIN_PARTICIPANTS,
                                          WARN_ABOVE, ColumnUse, Group, Participant,
                                          ParticipantList, Twice, clean, header_key)
from codio_print.inputs.listmodel import key as _key
from codio_print.inputs.listfile import open_table
from codio_print.inputs.table import ACCEPTED_HEADERS, Place, read_table

__all__ = ["ACCEPTED_HEADERS", "MAX_FILE_MB", "MAX_PARTICIPANTS", "MIN_PARTICIPANTS",
           "WARN_ABOVE", "ColumnUse", "Group", "Participant", "ParticipantList",
           "Twice", "anonymous", "checked_count", "clean", "group_spellings", "is_count", "is_numberish", "read_participants",
           "read_table"]

TOO_MANY_FIX = N_("split the group over several sessions, each with its own kit")

# Words people put in front of a group value: "groep a", "Group B", "fundament democratie".
_GROUP_PREFIX = re.compile(r"^(?:groep|group|fundament)\s*[:.\-]?\s*", re.IGNORECASE)


def group_spellings(fundamenten: Iterable[Any]) -> dict[str, str]:
    """Accepted group values for fundament objects with ``id``, ``naam`` and ``letter``.

    ``group_spellings(content.fundamenten)`` gives the mapping read_participants expects:
    {"democratie": "democratie", "a": "democratie", ...}.
    """
    spellings: dict[str, str] = {}
    for f in fundamenten:
        for spelling in (f.id, f.naam, f.letter):
            spellings[_key(spelling)] = f.id
    return spellings


def _group_value(raw: str, lookup: dict[str, str]) -> str | None:
    """The fundament id for a group cell, None if unknown. "" is handled by the caller."""
    value = _key(raw)
    candidates = [value, _GROUP_PREFIX.sub("", value)]
    candidates += [c.strip(" .:()[]") for c in candidates]
    for c in candidates:
        if c in lookup:
            return lookup[c]
    return None


def _accepted_groups(fundamenten: dict[str, str]) -> str:
    by_id: dict[str, list[str]] = {}
    for spelling, fid in fundamenten.items():
        by_id.setdefault(fid, [])
        if spelling not in by_id[fid]:
            by_id[fid].append(spelling)
    parts = [s[0] + (f" ({', '.join(s[1:])})" if len(s) > 1 else "") for s in by_id.values()]
    if len(parts) > 1:
        return _("{groups} or {last}").format(groups=", ".join(parts[:-1]), last=parts[-1])
    return "".join(parts)


_WHOLE = re.compile(r"\s*([+-]?)(\d+)\s*")
_NUMBERISH = re.compile(r"\s*[+-]?[\d.,_]*\d[\d.,_]*(?:[eE][+-]?\d+)?\s*")


def is_count(text: str) -> bool:
    """'12', '-3', '+12': a whole number, meant as the number of participants."""
    return bool(_WHOLE.fullmatch(text))


def is_numberish(text: str) -> bool:
    """'1e9', '12.5', '1,000': a number, but not a whole one (or not written as one)."""
    return bool(_NUMBERISH.fullmatch(text)) and not is_count(text)


def checked_count(value: int | str, label: str, *, error: type[CodioError] = InputError,
                  file: str | Path | None = None, line: int | None = None) -> int:
    """A number of participants from MIN_PARTICIPANTS to MAX_PARTICIPANTS, else ``error``.

    ``value`` is an int or a whole number as text (:func:`is_count`); text is judged by its
    length before it is converted (Python refuses to convert more than 4,300 digits).
    ``label`` names the number where ``{n}`` stands: "--participants {n}", "{n} participants"."""
    match = _WHOLE.fullmatch(value if isinstance(value, str) else str(value))
    if match is None:
        raise ValueError(f"not a whole number: {value!r}")  # internal
    sign, digits = "-" if match[1] == "-" else "", match[2].lstrip("0") or "0"
    shown = sign + (digits if len(digits) <= 40 else
                    _("{start}... ({count} digits)").format(start=digits[:12], count=len(digits)))
    count = int(digits) if len(digits) <= 9 else MAX_PARTICIPANTS + 1
    count = -count if sign else count
    if count < MIN_PARTICIPANTS:
        raise error(_("{label}: the workshop needs at least {min} participants, one group "
                      "per fundament").format(label=label.format(n=shown), min=MIN_PARTICIPANTS),
                    file=file, line=line, fix=_("give 3 or more"))
    if count > MAX_PARTICIPANTS:
        raise error(_("{label}: the workshop is made for a team of 9–15 and takes at most "
                      "{max} participants").format(label=label.format(n=shown),
                                                   max=MAX_PARTICIPANTS),
                    file=file, line=line, fix=_(TOO_MANY_FIX))
    return count


# --------------------------------------------------------------------------- reading


def read_participants(path: Path, fundamenten: dict[str, str], *,
                      sheet: str | None = None) -> ParticipantList:
    """Read a participant list (CSV, or the sheet ``sheet`` of a workbook: default the
    first). ``fundamenten`` maps every accepted group spelling to a fundament id (see
    :func:`group_spellings`); matching ignores case and spaces."""
    path = Path(path)
    table = open_table(path, sheet=sheet)
    place = table.place
    require_name(table.header, place, table.header_line)
    skipped: list[tuple[int, str]] = []
    rows = _rows(table.records, table.header, place, skipped)
    columns = choose(table.header, [cells for _line, cells in rows], place, table.header_line)
    lookup = {_key(k): v for k, v in fundamenten.items()}
    twice: list[Twice] = []
    participants = _people(rows, columns, lookup, fundamenten, place, twice)
    warnings = table.notes()
    _check_count(participants, place, table.header_line, warnings)
    last = participants[-1].row
    return ParticipantList(participants=participants, warnings=warnings, source=path,
                           columns=columns.uses, extra_headers=columns.spread_headers,
                           spread=tuple(range(len(columns.spread))), twice=tuple(twice),
                           skipped=tuple(s for s in skipped if s[0] < last),
                           sheet=place.sheet)


def _rows(records, header: list[str], place: Place,
          skipped: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    """The rows of people, read until the list ends or holds one more than MAX_PARTICIPANTS
    (then refused, unread below); empty rows and the header line again go to ``skipped``."""
    rows: list[tuple[int, list[str]]] = []
    again = [header_key(c) for c in header]
    for line, cells in records:
        if not any(cells):
            skipped.append((line, _("empty")))
            continue
        if [header_key(c) for c in cells] == again:
            skipped.append((line, _("the header line again")))
            continue
        if len(rows) == MAX_PARTICIPANTS:
            raise InputError(_("more than {max} participants: the workshop is made for a team "
                               "of 9–15 and takes at most {max}").format(max=MAX_PARTICIPANTS),
                             **place.at(line), fix=_(TOO_MANY_FIX))
        rows.append((line, cells))
    return rows


def _people(rows: list[tuple[int, list[str]]], columns: Columns, lookup: dict[str, str],
            fundamenten: dict[str, str], place: Place, twice: list[Twice]) -> list[Participant]:
    """One Participant per row; a name seen before is noted in ``twice``, not an error."""
    participants: list[Participant] = []
    seen: dict[str, int] = {}
    for line, cells in rows:
        name = columns.name_of(cells)
        if not name:
            raise InputError(_("row has no name"), **place.at(line), key=columns.name_header,
                             fix=_("fill in the {column} column or delete the row")
                             .format(column=columns.name_header))
        raw_group = columns.cell(cells, columns.group)
        group = _group_value(raw_group, lookup) if raw_group else None
        if raw_group and group is None:
            raise InputError(_("unknown group '{group}'").format(group=raw_group),
                             **place.at(line), key=columns.header[columns.group],
                             fix=_("use {groups}, or leave the cell empty")
                             .format(groups=_accepted_groups(fundamenten)))
        participants.append(Participant(name=name, role=columns.cell(cells, columns.role),
                                        organisation=columns.cell(cells, columns.organisation),
                                        group=group, row=line, extra=columns.extra_of(cells)))
        name_key = _key(name)
        if name_key in seen:
            twice.append(Twice(name, seen[name_key], line))
        else:
            seen[name_key] = line
    return participants


def _check_count(participants: list[Participant], place: Place, header_line: int,
                 warnings: list[str]) -> None:
    count = len(participants)
    if count == 0:
        raise InputError(_("the file has a header but no participants"),
                         **place.at(header_line + 1),
                         fix=_("add one line per person below the header"))
    if count < MIN_PARTICIPANTS:
        raise InputError(ngettext("only {count} participant: the workshop needs at least "
                                  "{min}, one group per fundament",
                                  "only {count} participants: the workshop needs at least "
                                  "{min}, one group per fundament", count).format(
                             count=count, min=MIN_PARTICIPANTS),
                         **place.at(participants[-1].row), fix=_("add people to the list"))
    if count > WARN_ABOVE:
        warnings.append(InputError(
            _("{count} participants: the workshop is made for 9–15 and groups of {size} get "
              "crowded").format(count=count, size=-(-count // 3)),
            **place.at(participants[WARN_ABOVE].row),
            fix=_("allowed; consider two sessions")).one_line())


def anonymous(count: int) -> ParticipantList:
    """A list without names, for ``--participants 12``."""
    checked_count(count, "--participants {n}")
    warnings = []
    if count > WARN_ABOVE:
        warnings.append(InputError(
            _("--participants {count}: the workshop is made for 9–15 and groups of {size} get "
              "crowded").format(count=count, size=-(-count // 3)),
            fix=_("allowed; consider two sessions")).one_line())
    people = [Participant(name="", role="", organisation="", group=None, row=i + 1)
              for i in range(count)]
    return ParticipantList(participants=people, warnings=warnings, source=None)
