"""The results of a workshop: ``resultaten.yaml`` and what is made from it.

The organiser fills ``resultaten.yaml`` step by step during or after the workshop (stap 2–7
of the manual). ``init_text`` writes a fresh one with the session filled in and every other
field present but empty, so that it loads at every stage. ``load_results`` validates it and
cross-checks every value, mechanism and fundament id against the content; each error names
the file and the line. ``write_actions_csv`` and ``write_ics`` turn it into ``acties.csv``
(for a task tracker) and ``vervolgsessie.ics`` (the follow-up meeting, RFC 5545).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import textwrap
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

import yaml
from pydantic import BeforeValidator, Field, PrivateAttr, ValidationError
from pydantic_core import PydanticCustomError

from codio_print import __version__
from codio_print.inputs.content import Content, key_of, validate
from codio_print.printshop.csvcells import safe_row
from codio_print.errors import ContentError, InputError
from codio_print.inputs.models import Case, Model
from codio_print.inputs.yamlread import Loc, Located, load_yaml

TZID = "Europe/Amsterdam"
NIVEAUS = ("hoog", "midden", "laag")
# The answers to the four questions of stap 4, in the order of workshop.yaml.
STAP4_KEYS = ("termijn", "handhaver", "uitdragen", "bijstellen")
CSV_HEADER = ["id", "actie", "waarde", "mechanisme", "eigenaar", "termijn", "noodzaak",
              "belang", "groep", "prioriteit"]


# --- field types with their own error messages -------------------------------------------

def _datum(value: Any) -> Any:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PydanticCustomError("datum", "'{value}' is not a date",
                              {"value": str(value),
                               "fix": "write it as YYYY-MM-DD, e.g. 2027-03-15"})


def _tijd(value: Any) -> Any:
    if value is None or isinstance(value, time):
        return value
    # YAML 1.1 reads an unquoted 14:00 as the base-60 number 840.
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return time(value // 60, value % 60)
    if isinstance(value, str):
        m = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value.strip())
        if m:
            return time(int(m[1]), int(m[2]))
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        value = f"{value // 60}:{value % 60:02d}"  # show what was written, not 1500
    raise PydanticCustomError("tijd", "'{value}' is not a time",
                              {"value": str(value),
                               "fix": 'write it as HH:MM in quotes, e.g. "14:00"'})


def _actie_id(value: Any) -> Any:
    text = str(value).strip().upper() if isinstance(value, (str, int)) else value
    if isinstance(text, str) and re.fullmatch(r"[A-Z]{1,3}[0-9]{1,3}", text):
        return text
    raise PydanticCustomError("actie_id", "'{value}' is not an action id",
                              {"value": str(value), "fix": "write a letter and a number, e.g. A1"})


def _eigenaar(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PydanticCustomError("eigenaar", "this action has no owner",
                                  {"fix": "write after 'eigenaar:' who carries out the action"})
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


Datum = Annotated[date | None, BeforeValidator(_datum)]
Tijd = Annotated[time | None, BeforeValidator(_tijd)]
Tekst = Annotated[str, BeforeValidator(_tekst)]
Eigenaar = Annotated[str, BeforeValidator(_eigenaar), Field(min_length=1)]
Niveau = Literal["hoog", "midden", "laag"]


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


class Sessie(Model):
    casus: str
    datum: Annotated[date, BeforeValidator(_datum)]
    start: Annotated[time, BeforeValidator(_tijd)]
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
    """Stap 3: one action that safeguards a value."""

    id: Annotated[str, BeforeValidator(_actie_id)]
    actie: str = Field(min_length=1)
    waarde: str
    mechanisme: str
    eigenaar: Eigenaar
    termijn: Tekst = ""
    noodzaak: Niveau
    belang: Niveau
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

    sessie: Sessie
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
        return InputError(message, file=self.path, line=self.line_of(loc), fix=fix)


def priority(action: Actie) -> int:
    """1 (noodzaak hoog, belang hoog) … 9 (laag, laag); sorting by it puts noodzaak first."""
    return 3 * NIVEAUS.index(action.noodzaak) + NIVEAUS.index(action.belang) + 1


def by_priority(results: Results) -> list[Actie]:
    """The actions, most urgent first; equal ones keep the order of the file."""
    return sorted(results.acties, key=priority)


# --- loading -------------------------------------------------------------------------------

_OWN_ERRORS = {"datum", "tijd", "eigenaar", "actie_id"}


def _validate(located: Located) -> Results:
    if isinstance(located.data, dict):
        try:
            return Results.model_validate(located.data)
        except ValidationError as exc:
            errors = exc.errors()
            err = errors[0]
            key = key_of(err["loc"], located.data)
            message = fix = None
            if err["type"] in _OWN_ERRORS:
                message, fix = f"'{key}': {err['msg']}", err["ctx"]["fix"]
            elif err["type"] == "missing" and err["loc"][-1] == "eigenaar":
                message = f"'{key}' is missing: this action has no owner"
                fix = "add 'eigenaar:' with who carries out the action"
            if message:
                if len(errors) > 1:
                    more = len(errors) - 1
                    message += f" (and {more} more problem{'s' if more > 1 else ''})"
                raise ContentError(message, file=located.path,
                                   line=located.line_of(err["loc"]), fix=fix) from None
    return validate(located, Results)  # the generic wording for everything else


def _unknown(located: Located, loc: Loc, what: str, value: str,
             known: Iterable[str]) -> ContentError:
    return ContentError(f"unknown {what} '{value}'", file=located.path, line=located.line_of(loc),
                        fix="use one of: " + ", ".join(known))


def _check(results: Results, located: Located, content: Content) -> None:
    path = located.path
    fundamenten = [f.id for f in content.fundamenten]
    waarden = [w.id for w in content.code.waarden]
    mechanismen = [m.id for m in content.borging.mechanismen]
    cases = sorted(set(content.case_files) | set(content.cases))

    s = results.sessie
    if s.casus not in cases:
        raise _unknown(located, ("sessie", "casus"), "case", s.casus, cases)
    groepen: list[str] = []
    for i, g in enumerate(s.groepen):
        if g.fundament not in fundamenten:
            raise _unknown(located, ("sessie", "groepen", i, "fundament"), "fundament",
                           g.fundament, fundamenten)
        if g.fundament in groepen:
            raise ContentError(f"two groups for fundament '{g.fundament}'", file=path,
                               line=located.line_of(("sessie", "groepen", i, "fundament")),
                               fix="give each fundament one group")
        groepen.append(g.fundament)

    def check_groep(fid: str, loc: Loc) -> None:
        if fid not in fundamenten:
            raise _unknown(located, loc, "fundament", fid, fundamenten)
        if groepen and fid not in groepen:
            raise ContentError(f"there is no group for fundament '{fid}'", file=path,
                               line=located.line_of(loc),
                               fix="use one of the groups under sessie: " + ", ".join(groepen))

    for fid, gw in results.waarden.items():
        check_groep(fid, ("waarden", fid))
        gekozen: set[str] = set()
        for kind, items in (("gekozen", gw.gekozen), ("niet_gekozen", gw.niet_gekozen)):
            for j, item in enumerate(items):
                loc = ("waarden", fid, kind, j, "waarde")
                if item.waarde not in waarden:
                    raise _unknown(located, loc, "value", item.waarde, waarden)
                if kind == "gekozen":
                    gekozen.add(item.waarde)
                elif item.waarde in gekozen:
                    raise ContentError(f"value '{item.waarde}' is both chosen and not chosen",
                                       file=path, line=located.line_of(loc),
                                       fix="keep it in one of the two lists")

    seen: set[str] = set()
    for i, a in enumerate(results.acties):
        if a.id in seen:
            raise ContentError(f"two actions with id '{a.id}'", file=path,
                               line=located.line_of(("acties", i, "id")),
                               fix="give every action its own id: A1, A2, A3, ...")
        seen.add(a.id)
        if a.waarde not in waarden:
            raise _unknown(located, ("acties", i, "waarde"), "value", a.waarde, waarden)
        if a.mechanisme not in mechanismen:
            raise _unknown(located, ("acties", i, "mechanisme"), "mechanism", a.mechanisme,
                           mechanismen)
        check_groep(a.groep, ("acties", i, "groep"))

    for i, sp in enumerate(results.spanningen):
        for j, fid in enumerate(sp.tussen):
            check_groep(fid, ("spanningen", i, "tussen", j))
        if sp.tussen[0] == sp.tussen[1]:
            raise ContentError("a tension needs two different groups", file=path,
                               line=located.line_of(("spanningen", i, "tussen")),
                               fix="name two different fundamenten")

    v = results.vervolg
    if v.datum is not None and v.datum < s.datum:
        raise ContentError(f"the follow-up date {v.datum} is before the session ({s.datum})",
                           file=path, line=located.line_of(("vervolg", "datum")),
                           fix="check the year and month")


def _folded(text: str) -> str:
    """An id as people may type it: 'Privacy', 'PRIVACÝ' and ' privacy ' are all 'privacy'."""
    decomposed = unicodedata.normalize("NFKD", text.strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _match_ids(located: Located, content: Content) -> None:
    """Write each value, mechanism and fundament id in the file as the content spells it,
    where only one id matches without regard to case and accents. Anything else stays as it
    was written, for _check to report with the list of choices."""
    data = located.data
    if not isinstance(data, dict):
        return
    fundamenten = [f.id for f in content.fundamenten]
    waarden = [w.id for w in content.code.waarden]
    mechanismen = [m.id for m in content.borging.mechanismen]

    def match(value: Any, known: list[str]) -> Any:
        if not isinstance(value, str) or value in known:
            return value
        hits = [k for k in known if _folded(k) == _folded(value)]
        return hits[0] if len(hits) == 1 else value

    def fields(items: Any, **known: list[str]) -> None:
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict):
                for name, ids in known.items():
                    if name in item:
                        item[name] = match(item[name], ids)

    sessie = data.get("sessie")
    if isinstance(sessie, dict):
        fields(sessie.get("groepen"), fundament=fundamenten)
    per_group = data.get("waarden")
    if isinstance(per_group, dict):
        renamed = {}
        for key, value in per_group.items():
            new = match(key, fundamenten)
            if new != key and new not in per_group and new not in renamed:
                located.lines.update({(("waarden", new) + loc[2:]): line
                                      for loc, line in located.lines.items()
                                      if loc[:2] == ("waarden", key)})
                key = new
            renamed[key] = value
            if isinstance(value, dict):
                fields(value.get("gekozen"), waarde=waarden)
                fields(value.get("niet_gekozen"), waarde=waarden)
        data["waarden"] = renamed
    fields(data.get("acties"), waarde=waarden, mechanisme=mechanismen, groep=fundamenten)
    spanningen = data.get("spanningen")
    for spanning in spanningen if isinstance(spanningen, list) else ():
        if isinstance(spanning, dict) and isinstance(spanning.get("tussen"), list):
            spanning["tussen"] = [match(f, fundamenten) for f in spanning["tussen"]]


def case_of(located: Located) -> str | None:
    """The case a loaded ``resultaten.yaml`` is for, before it is checked (None if unclear)."""
    sessie = located.data.get("sessie") if isinstance(located.data, dict) else None
    casus = sessie.get("casus") if isinstance(sessie, dict) else None
    return casus if isinstance(casus, str) else None


def load_results(path: Path | Located, content: Content) -> Results:
    """Read (or take as read), validate and cross-check ``resultaten.yaml``; raise
    ContentError with the line."""
    located = path if isinstance(path, Located) else load_yaml(Path(path))
    _match_ids(located, content)
    results = _validate(located)
    _check(results, located, content)
    results._located = located
    return results


# --- a new resultaten.yaml -----------------------------------------------------------------

def _scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when that reads back the same, else double-quoted."""
    text = str(value)
    if text and not re.search(r"[:#\"'\n\[\]{},&*!|>%@`]", text) and text == text.strip():
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str, indent: int = 0, width: int = 88) -> list[str]:
    pad = " " * indent + "# "
    return textwrap.wrap(text, width=width, initial_indent=pad, subsequent_indent=pad,
                         break_on_hyphens=False)


def _header(title: str) -> str:
    return f"# --- {title} ".ljust(88, "-")


def _groups(content: Content, groups: Any) -> list[tuple[str, list[str]]]:
    """(fundament id, names) per group, from a mapping, ``Groep``s or ``session.Table``s."""
    if not groups:
        return [(f.id, []) for f in content.fundamenten]
    if isinstance(groups, Mapping):
        return [(fid, [n for n in names if n]) for fid, names in groups.items()]
    out = []
    for g in groups:
        fid = getattr(g.fundament, "id", g.fundament)
        names = g.leden if hasattr(g, "leden") else g.names
        out.append((fid, [n for n in names if n]))
    return out


def _stap(content: Content, nummer: int):
    return next((s for s in content.stappen if s.nummer == nummer), None)


def init_text(content: Content, case: Case | str, session_date: date, start: time | str,
              groups: Mapping[str, Sequence[str]] | Iterable[Any] | None = None,
              location: str = "", facilitator: str = "") -> str:
    """The text of a new ``resultaten.yaml`` for ``case``.

    ``groups`` maps a fundament id to the names at that table, or is a list of ``Groep``
    or of ``session.Table`` (``make_session(...).tables``); without it there is one group
    per fundament with no names. The text loads without errors.
    """
    case = content.case(case) if isinstance(case, str) else case
    if isinstance(start, str):
        start = _tijd(start)
    fundamenten = {f.id: f for f in content.fundamenten}
    groepen = _groups(content, groups)
    for fid, _ in groepen:
        if fid not in fundamenten:
            raise InputError(f"unknown fundament '{fid}' in the groups",
                             fix="use one of: " + ", ".join(fundamenten))
    mechanismen = ", ".join(m.id for m in content.borging.mechanismen)
    ids = ", ".join(fundamenten)

    out: list[str] = []
    add = out.append
    add("# Resultaten van de workshop CODIO-PaD")
    add(f"# Casus: {case.organisatie} – {case.titel}")
    add("#")
    add("# Vul dit bestand stap voor stap in, tijdens of na de workshop.")
    add("# Regels die met # beginnen zijn uitleg. Het programma slaat ze over.")
    add("# Een lege lijst is []. Vervang [] door uw eigen regels, zoals in de voorbeelden.")
    add("# Daarna maakt u het actieplan, het verslag en de agenda-uitnodiging met:")
    add("#   codio-print results build resultaten.yaml")
    add("")
    add(_header("De sessie"))
    add("# Dit is al ingevuld. Klopt er iets niet? Pas het dan hier aan.")
    add("sessie:")
    add(f"  casus: {case.id}")
    add(f"  datum: {session_date:%Y-%m-%d}  # jjjj-mm-dd")
    add(f'  start: "{start:%H:%M}"  # uu:mm, tussen aanhalingstekens')
    locatie = _scalar(location) if location else '""'
    add(f"  locatie: {locatie}  # waar was de workshop? Mag leeg blijven.")
    begeleider = _scalar(facilitator) if facilitator else '""'
    add(f"  begeleider: {begeleider}  # wie begeleidde de workshop? Mag leeg blijven.")
    add("  groepen:  # één groep per fundament, met de namen van wie aan die tafel zat")
    for fid, names in groepen:
        add(f"    - fundament: {fid}  # {fundamenten[fid].naam}")
        if names:
            add("      leden:")
            out.extend(f"        - {_scalar(n)}" for n in names)
        else:
            add("      leden: []")
    add("")

    add(_header("Stap 2: waarden"))
    out.extend(_comment("Per groep: welke waarden vindt de groep belangrijk, en waarom? Schrijf ze "
                        "onder 'gekozen'. Heeft de groep een waarde besproken maar niet gekozen? "
                        "Zet die onder 'niet_gekozen' en schrijf op waarom niet."))
    add("# Gebruik de code van de waarde. Die staat per groep hieronder. Voorbeeld:")
    add("#   gekozen:")
    add("#     - waarde: transparantie")
    add("#       waarom: Inwoners moeten weten welke gegevens de gemeente gebruikt.")
    add("#   niet_gekozen:")
    add("#     - waarde: duurzaamheid")
    add("#       afweging: Speelt in deze casus bijna geen rol.")
    add("waarden:")
    for fid, _ in groepen:
        f = fundamenten[fid]
        add(f"  {fid}:")
        out.extend(_comment("Waarden van " + f.naam + ": "
                            + ", ".join(w.id for w in content.waarden_van_fundament(f)) + ".", 4))
        add("    gekozen: []")
        add("    niet_gekozen: []")
    add("")

    add(_header("Stap 3: acties"))
    add("# Welke acties zijn nodig om de gekozen waarden te borgen? Schrijf één blok per actie:")
    add("#   id:         een korte code: A1, A2, A3, ...")
    add("#   actie:      wat moet er gebeuren?")
    add("#   waarde:     welke waarde borgt de actie? (de code van de waarde, zie stap 2)")
    out.extend(textwrap.wrap("hoe borgen we het? Kies uit: " + mechanismen + ".", width=88,
                             initial_indent="#   mechanisme: ", subsequent_indent="#" + " " * 15,
                             break_on_hyphens=False))
    add("#   eigenaar:   wie voert de actie uit? Dit is verplicht.")
    add('#   termijn:    wanneer is het klaar? Bijvoorbeeld "Q2 2027" of 2027-06-30.')
    add("#   noodzaak:   hoe dringend is het? hoog, midden of laag")
    add("#   belang:     hoe groot is het effect? hoog, midden of laag")
    add(f"#   groep:      welke groep bedacht de actie? ({ids})")
    add("# Voorbeeld:")
    add("#   - id: A1")
    add("#     actie: Zet op de website welke gegevens we gebruiken en waarom.")
    add("#     waarde: transparantie")
    add("#     mechanisme: verantwoordingsdocumenten")
    add("#     eigenaar: Teamleider communicatie")
    add('#     termijn: "Q2 2027"')
    add("#     noodzaak: hoog")
    add("#     belang: midden")
    add(f"#     groep: {groepen[0][0]}")
    add("acties: []")
    add("")

    add(_header("Stap 4: samenhangend actieplan"))
    add("# Botsen de waarden of acties van twee groepen? Schrijf per spanning op tussen welke")
    add("# groepen, wat er botst en wat u afspreekt. Voorbeeld:")
    add(f"#   - tussen: [{groepen[0][0]}, {groepen[-1][0]}]")
    add("#     wat: Persoonlijk contact kost tijd, snelheid vraagt automatisch verwerken.")
    add("#     afspraak: Wie dat wil, kan altijd iemand spreken.")
    add("spanningen: []")
    add("")
    vragen = list(getattr(_stap(content, 4), "actieplan_vragen", []) or [])
    vragen += [""] * (4 - len(vragen))
    add("# De vier vragen van stap 4. Schrijf het antwoord achter de dubbele punt.")
    add("stap4:")
    for key, vraag, fallback in zip(
            STAP4_KEYS, vragen,
            ("Op welke termijn pakken we de acties op?",
             "Wie zorgt ervoor dat de code wordt nageleefd?",
             "Hoe maken we de code bekend?",
             "Hoe passen we de code aan op basis van de praktijk?")):
        out.extend(_comment(vraag or fallback, 2))
        add(f'  {key}: ""')
    add("  # Welke acties moeten eerst op een ander niveau worden besloten, bijvoorbeeld")
    add("  # door de politiek? Eén regel per actie.")
    add("  ander_niveau: []")
    add("")

    add(_header("Stap 5: breder inzetbaar"))
    add("# Welke waarden en acties zijn ook nuttig voor andere projecten of de hele organisatie?")
    add("# Eén regel per punt. Voorbeeld:")
    add("#   - A3: de uitleg over gegevensgebruik kan ook bij andere toeslagen.")
    add("breder_inzetbaar: []")
    add("")

    add(_header("Stap 6: checklist en vervolg"))
    add("# Loop de lijst samen na. Is een punt geregeld? Zet klaar dan op true.")
    punten = list(getattr(_stap(content, 6), "checklist", []) or [])
    if punten:
        add("checklist:")
        for p in punten:
            add(f"  - punt: {_scalar(p)}")
            add("    klaar: false")
    else:
        add("checklist: []")
    add("")
    add("# Wie doet wat, en wanneer? En wanneer is het vervolggesprek?")
    add("vervolg:")
    add('  wie: ""  # wie zet de eerste stap?')
    add('  wat: ""  # wat is er nu concreet nodig, en van wie?')
    add("  wanneer:  # wanneer moet dat klaar zijn? jjjj-mm-dd")
    add('  monitor: ""  # wie houdt in de gaten of de acties worden uitgevoerd?')
    add("  bespreken: []  # wat moet er in het vervolggesprek aan bod komen? Eén regel per punt.")
    add("  datum:  # datum van het vervolggesprek, jjjj-mm-dd")
    add("  tijd:  # begintijd, tussen aanhalingstekens, bijvoorbeeld \"14:00\"")
    add("  duur_minuten: 60")
    add('  locatie: ""  # waar is het vervolggesprek?')
    add("")

    add(_header("Stap 7: afsluiten"))
    add("# De punten van de flipover (de parkeerplaats). Eén regel per punt.")
    add("parkeerplaats: []")
    add("")
    add("# Wat hebben de deelnemers geleerd? Wat nemen ze mee? Eén regel per reactie.")
    add("reflectie: []")
    return "\n".join(out) + "\n"


# --- acties.csv ------------------------------------------------------------------------------

def _flat(text: str) -> str:
    return " ".join(text.split())


def write_actions_csv(results: Results, content: Content, path: Path) -> Path:
    """``acties.csv``: UTF-8 with BOM, ``;``-separated (Dutch Excel), most urgent first; no
    cell starts a formula (csvcells)."""
    waarden = content.waarde_per_id
    mechanismen = {m.id: m for m in content.borging.mechanismen}
    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow(CSV_HEADER)
        for a in by_priority(results):
            # Flattened first, then made safe: a tab that protected nothing is gone, and a
            # formula behind it is caught.
            writer.writerow(safe_row([a.id, _flat(a.actie), waarden[a.waarde].naam,
                                      mechanismen[a.mechanisme].naam, _flat(a.eigenaar),
                                      _flat(a.termijn), a.noodzaak, a.belang,
                                      content.fundament(a.groep).naam, priority(a)]))
    return path


# --- vervolgsessie.ics -----------------------------------------------------------------------

def _vtimezone():
    """Europe/Amsterdam by its rules (CET/CEST since 1996), independent of the tz database."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    tz = Timezone()
    tz.add("tzid", TZID)
    for part, name, start, month, offsets in (
            (TimezoneDaylight(), "CEST", datetime(1970, 3, 29, 2), 3, (1, 2)),
            (TimezoneStandard(), "CET", datetime(1970, 10, 25, 3), 10, (2, 1))):
        part.add("tzname", name)
        part.add("tzoffsetfrom", timedelta(hours=offsets[0]))
        part.add("tzoffsetto", timedelta(hours=offsets[1]))
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        tz.add_component(part)
    return tz


def uid(case_id: str, session_date: date) -> str:
    """Stable across runs: rebuilding the invitation updates the same calendar item."""
    digest = hashlib.sha256(f"{case_id}|{session_date:%Y-%m-%d}".encode()).hexdigest()
    return f"{digest[:32]}@codio-print"


def _description(results: Results, case: Case) -> str:
    s, v = results.sessie, results.vervolg
    lines = [f"Vervolg op de workshop CODIO-PaD van {s.datum:%d-%m-%Y} over "
             f"{case.organisatie}: {case.titel}."]
    if v.wie or v.wat:
        lines.append("")
    if v.wie:
        lines.append("Eerste stap door: " + _flat(v.wie))
    if v.wat:
        lines.append("Wat is nodig: " + _flat(v.wat))
    if v.monitor:
        lines.append("Wie houdt het bij: " + _flat(v.monitor))
    if results.acties:
        lines += ["", "Acties (meest dringend eerst):"]
        for a in by_priority(results):
            termijn = f", {_flat(a.termijn)}" if a.termijn else ""
            lines.append(f"- {a.id} {_flat(a.actie)} (eigenaar: {_flat(a.eigenaar)}{termijn})")
    if v.bespreken:
        lines += ["", "Te bespreken:"] + [f"- {_flat(p)}" for p in v.bespreken]
    return "\n".join(lines)


def ics_bytes(results: Results, case: Case) -> bytes:
    """The follow-up meeting as an RFC 5545 calendar (CRLF, folded at 75 octets)."""
    from icalendar import Calendar, Event

    s, v = results.sessie, results.vervolg
    if v.datum is None:
        raise results.error("the follow-up session has no date", ("vervolg", "datum"),
                            fix="fill in vervolg.datum as YYYY-MM-DD")
    if v.tijd is None:
        raise results.error("the follow-up session has no start time", ("vervolg", "tijd"),
                            fix='fill in vervolg.tijd as HH:MM, e.g. "14:00"')
    ams = ZoneInfo(TZID)
    start = datetime.combine(v.datum, v.tijd, tzinfo=ams)
    stamp = datetime.combine(s.datum, s.start, tzinfo=ams).astimezone(timezone.utc)

    cal = Calendar()
    cal.add("prodid", f"-//CODIO-PaD//codio-print {__version__}//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add_component(_vtimezone())

    ev = Event()
    ev.add("uid", uid(case.id, s.datum))
    ev.add("dtstamp", stamp)
    ev.add("dtstart", start)
    ev.add("dtend", start + timedelta(minutes=v.duur_minuten))
    ev.add("summary", f"Vervolgsessie CODIO-PaD: {case.titel} ({case.organisatie})")
    ev.add("description", _description(results, case))
    locatie = v.locatie or s.locatie
    if locatie:
        ev.add("location", locatie)
    ev.add("sequence", 0)
    ev.add("status", "CONFIRMED")
    ev.add("transp", "OPAQUE")
    cal.add_component(ev)
    return cal.to_ical()


def write_ics(results: Results, case: Case, path: Path) -> Path:
    """``vervolgsessie.ics``; the same results always give the same bytes."""
    path = Path(path)
    path.write_bytes(ics_bytes(results, case))
    return path
