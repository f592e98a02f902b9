"""Which column of a participant list is what: the name, the role, a fixed group, the
organisation, the columns that spread people over the tables, and the columns never used.

Lists come from Excel and from registration forms, whose headers are questions ("Wat is uw
naam?", "Wat is uw functie?") and which often have a column "Naam" that the form filled with
"anonymous". So a header that contains naam/name is a candidate for the name column, one
that contains functie/rol/role for the role; of several candidates the one with the most
different, name-like values wins, and :class:`ColumnUse` says why. A name column where most
values are the same is refused, naming the column that looks right instead.

Columns that hold remarks, diets, wishes, e-mail addresses, phone numbers or addresses (by
their header or their values) are personal: never used to spread people and never kept on a
:class:`Participant`, so they reach no output (groepsindeling.csv, the cards, the slides).
Other columns (afdeling, ...) spread people, unless every value differs (an Id, a
timestamp) or none is filled in.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from codio_print.errors import InputError
from codio_print.i18n import N_, _
from codio_print.inputs.listmodel import MIN_PARTICIPANTS, ColumnUse, clean, header_key, key
from codio_print.inputs.table import ACCEPTED_HEADERS, Place

# Header spellings, after header_key(): lower case, no punctuation, single spaces.
NAME_HEADERS = ("naam", "name", "volledige naam", "full name", "deelnemer", "participant")
FIRST_HEADERS = ("voornaam", "roepnaam", "first name", "firstname", "given name")
MIDDLE_HEADERS = ("tussenvoegsel", "tussenvoegsels", "middle name")
LAST_HEADERS = ("achternaam", "last name", "lastname", "surname", "family name")
ROLE_HEADERS = ("functie", "rol", "role", "function", "functietitel", "job title")
GROUP_HEADERS = ("groep", "group", "fundament")
ORG_HEADERS = ("organisatie", "organisation", "organization", "werkgever", "employer")
# Words in a header that make it a candidate ("Wat is uw naam?", "Uw rol in het team").
NAME_WORDS = {"naam", "name", "namen", "names"}
ROLE_WORDS = {"functie", "rol", "role", "function", "functietitel", "job"}
ORG_WORDS = {"organisatie", "organisation", "organization", "werkgever", "employer"}

# Personal columns, by a word (or the start of a word) in the header.
CONTACT = N_("contact details")
REMARKS = N_("remarks, diet or wishes: personal")
_CONTACT_WORDS = re.compile(r"\b(?:e ?mail\w*|\w*mail|telefoon\w*|tel|mobiel\w*|gsm|phone\w*|"
                            r"\w*adres\w*|address\w*|postcode|woonplaats|zip code)\b")
_REMARK_WORDS = re.compile(r"\b(?:\w*opmerking\w*|toelichting\w*|bijzonderhe\w*|remarks?|"
                           r"comments?|notes?|notities?|\w*dieet\w*|diet\w*|allergi\w*|"
                           r"\w*wens\w*|wish\w*|voedsel\w*|medisch\w*|medical)\b")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.\w+")
_PHONE = re.compile(r"\+?[\d\s().\-/]{8,}")
# A date or a time (2026-11-20 09:12, 20-11-2026, 9:12:33): when it was filled in, not who.
_STAMP = re.compile(r"(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?|"
                    r"\d{1,2}:\d{2}(?::\d{2})?)")
_LETTER = re.compile(r"[^\W\d_]")


def private(header: str, values: list[str]) -> str:
    """Why a column is personal (by its header, else by most of its values), or ""."""
    words = header_key(header)
    if _REMARK_WORDS.search(words):
        return _(REMARKS)
    if _CONTACT_WORDS.search(words):
        return _(CONTACT)
    filled = [v for v in values if v]
    if filled and sum(bool(_EMAIL.fullmatch(v)) for v in filled) * 2 > len(filled):
        return _("holds e-mail addresses")
    if filled and sum(bool(_PHONE.fullmatch(v)) and not _STAMP.fullmatch(v)
                      and sum(c.isdigit() for c in v) >= 8 for v in filled) * 2 > len(filled):
        return _("holds phone numbers")
    return ""


def _namelike(value: str) -> bool:
    """Could be a person's name or a role: letters, a few words, no address or number."""
    return (bool(_LETTER.search(value)) and "@" not in value and "://" not in value
            and len(value) <= 80 and len(value.split()) <= 8
            and sum(c.isdigit() for c in value) <= 2)


def _distinct(values: list[str]) -> int:
    return len({key(v) for v in values if v and _namelike(v)})


@dataclass(frozen=True)
class Columns:
    """Where each thing is in a row (None: not in the file), and what every column is used
    for (:class:`ColumnUse`, in the header's order)."""

    name: int | None
    parts: tuple[int | None, int | None, int | None]  # voornaam, tussenvoegsel, achternaam
    role: int | None
    group: int | None
    organisation: int | None
    spread: tuple[int, ...]    # the columns that spread people (Participant.extra)
    uses: tuple[ColumnUse, ...]
    header: tuple[str, ...]

    @property
    def name_header(self) -> str:
        return self.header[self.name] if self.name is not None else "naam"

    @property
    def spread_headers(self) -> tuple[str, ...]:
        return tuple(self.header[i] or _("column {n}").format(n=i + 1) for i in self.spread)

    @staticmethod
    def cell(cells: list[str], col: int | None) -> str:
        return cells[col] if col is not None and col < len(cells) else ""

    def name_of(self, cells: list[str]) -> str:
        if self.name is not None:
            return self.cell(cells, self.name)
        return clean(" ".join(self.cell(cells, c) for c in self.parts))

    def extra_of(self, cells: list[str]) -> tuple[str, ...]:
        return tuple(self.cell(cells, i) for i in self.spread)


def choose(header: list[str], rows: list[list[str]], place: Place, line: int) -> Columns:
    """The columns of a list with header ``header`` (on ``line``) and the people's ``rows``.
    One line when there is no name column, or when most of its values are the same."""
    keys = [header_key(h) for h in header]
    column = [[r[i] if i < len(r) else "" for r in rows] for i in range(len(header))]
    why_private = {i: private(header[i], column[i]) for i in range(len(header))}

    def exact(names: tuple[str, ...]) -> int | None:
        return next((i for n in names for i, k in enumerate(keys) if k == n), None)

    first, middle, last = exact(FIRST_HEADERS), exact(MIDDLE_HEADERS), exact(LAST_HEADERS)
    parts = {i for i in (first, middle, last) if i is not None}
    group = exact(GROUP_HEADERS)
    taken = parts | ({group} if group is not None else set())

    def candidates(exacts: tuple[str, ...], words: set[str]) -> list[int]:
        return [i for i, k in enumerate(keys) if i not in taken and
                (k in exacts or (set(k.split()) & words and not why_private[i]))]

    names = candidates(NAME_HEADERS, NAME_WORDS)
    uses: dict[int, ColumnUse] = {}
    name = _best(names, header, keys, column, NAME_HEADERS, uses, "name",
                 N_("{count} different names; {others}"), N_("another column holds the names"))
    if name is None and not parts:
        require_name([], place, line, header)
    if name is not None and parts:  # voornaam/achternaam too: the one with more names wins
        composed = [clean(" ".join(column[i][r] for i in sorted(parts)))
                    for r in range(len(rows))]
        best, whole = _distinct(column[name]), _distinct(composed)
        if best < whole or (best == whole and keys[name] not in NAME_HEADERS):
            uses.update({i: ColumnUse(header[i], "ignored", _("another column holds the names"))
                         for i in names})
            name = None
    if name is not None:
        _check_names(name, header, column, why_private, taken | set(names), place, line)
        taken.add(name)
        uses.update({i: ColumnUse(header[i], "ignored", _("another column holds the names"))
                     for i in parts})
    else:
        uses.update({i: ColumnUse(header[i], "name") for i in sorted(parts)})
    taken |= set(names)
    roles = candidates(ROLE_HEADERS, ROLE_WORDS)
    role = _best(roles, header, keys, column, ROLE_HEADERS, uses, "role",
                 N_("{count} different roles; {others}"), N_("another column holds the roles"))
    taken |= set(roles)
    if group is not None:
        uses[group] = ColumnUse(header[group], "group")
    orgs = candidates(ORG_HEADERS, ORG_WORDS)
    organisation = orgs[0] if orgs else None
    if organisation is not None:
        uses[organisation] = ColumnUse(header[organisation], "spread")
    taken |= set(orgs)
    spread = _spread(header, column, taken, why_private, uses)
    return Columns(name, (first, middle, last), role, group, organisation, tuple(spread),
                   tuple(uses[i] for i in sorted(uses)), tuple(header))


def _spread(header: list[str], column: list[list[str]], taken: set[int],
            why_private: dict[int, str], uses: dict[int, ColumnUse]) -> list[int]:
    """The other columns the tables are mixed by (a department, a team); each column left out
    gets its reason in ``uses``: empty, private, every value different, dates or times."""
    spread = []
    for i in range(len(header)):
        if i in taken:
            continue
        values = [key(v) for v in column[i] if v]
        if not values:
            if header[i]:  # a column without a header or a cell: Excel's trailing separators
                uses[i] = ColumnUse(header[i], "ignored", _("empty"))
        elif why_private[i]:
            uses[i] = ColumnUse(header[i] or _("column {n}").format(n=i + 1), "ignored",
                                why_private[i])
        elif len(values) > 1 and len(set(values)) == len(values):
            uses[i] = ColumnUse(header[i] or _("column {n}").format(n=i + 1), "ignored",
                                _("every value differs"))
        elif sum(bool(_STAMP.fullmatch(v)) for v in values) * 2 > len(values):
            uses[i] = ColumnUse(header[i] or _("column {n}").format(n=i + 1), "ignored",
                                _("dates or times"))
        else:
            spread.append(i)
            uses[i] = ColumnUse(header[i] or _("column {n}").format(n=i + 1), "spread")
    return spread


def require_name(header: list[str], place: Place, line: int,
                 shown_header: list[str] | None = None) -> None:
    """One line when no header cell could be the name (before the rows are read)."""
    keys = [header_key(h) for h in header]
    if any(k in NAME_HEADERS + FIRST_HEADERS + LAST_HEADERS or set(k.split()) & NAME_WORDS
           for k in keys):
        return
    shown = ", ".join(f"'{c}'" for c in (shown_header or header)[:6] if c) or _("nothing")
    if len(shown) > 80:
        shown = shown[:77] + "..."
    raise InputError(_("not a table of participants: no naam or name column in the header "
                       "(found {found})").format(found=shown), **place.at(line),
                     fix=_("the first line must name the columns: {headers}")
                     .format(headers=_(ACCEPTED_HEADERS)))


def _best(candidates: list[int], header: list[str], keys: list[str], column: list[list[str]],
          exacts: tuple[str, ...], uses: dict[int, ColumnUse], use: str, why: str,
          other: str) -> int | None:
    """Of the candidates, the one with the most different name-like values (then an exact
    header, then the first); its use says why when there was a choice, the others' too."""
    if not candidates:
        return None
    counts = {i: _distinct(column[i]) for i in candidates}
    best = max(candidates, key=lambda i: (counts[i], keys[i] in exacts, -i))
    others = [i for i in candidates if i != best]
    reason = ""
    if others:
        reason = _(why).format(count=counts[best], others=", ".join(
            _("{column} has {count}").format(column=header[i], count=counts[i])
            for i in others))
    uses[best] = ColumnUse(header[best], use, reason)
    for i in others:
        uses[i] = ColumnUse(header[i], "ignored", _(other))
    return best


def _check_names(name: int, header: list[str], column: list[list[str]],
                 why_private: dict[int, str], taken: set[int], place: Place, line: int) -> None:
    """Most names the same ("anonymous" 14 times): the list is refused, naming the column
    that holds names instead, if one does."""
    filled = [v for v in column[name] if v]
    if len(filled) < MIN_PARTICIPANTS:
        return
    (value, count), = Counter(key(v) for v in filled).most_common(1)
    if count < 3 or count * 2 <= len(filled) or (len(filled) < 6 and count < len(filled)):
        return
    shown = next(v for v in filled if key(v) == value)
    message = _("the name column '{column}' holds '{value}' {count} times out of {total}: "
                "these are not names").format(column=header[name], value=shown, count=count,
                                              total=len(filled))
    others = ROLE_WORDS | ORG_WORDS | set(GROUP_HEADERS)
    looks = [i for i in range(len(header)) if i not in taken and not why_private[i]
             and not set(header_key(header[i]).split()) & others
             and _distinct(column[i]) * 2 > len(filled)
             and all(len(v.split()) <= 5 for v in column[i] if v)]
    if looks:
        best = max(looks, key=lambda i: (_distinct(column[i]), -i))
        fix = _("the names seem to be in the column '{other}': call that column 'naam' and "
                "the column '{column}' something else").format(other=header[best],
                                                              column=header[name])
    else:
        fix = _("fill in the names in the column '{column}', or give the number of "
                "participants instead of the list").format(column=header[name])
    raise InputError(message, **place.at(line), key=header[name], fix=fix)
