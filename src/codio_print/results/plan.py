"""What the filled poster and the report show: resultaten.yaml resolved against the content
(values, mechanisms, fundamenten), the actions in order of noodzaak and belang, the follow-up."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from codio_print.inputs.content import Content
from codio_print.inputs.models import Fundament, Mechanisme, Waarde
from codio_print.kit.session import Session, session_of_groups
from codio_print.render.templating import datum
from codio_print.results import chart
from codio_print.results.models import (
    NIVEAUS,
    STAP4_KEYS,
    Punt,
    Results,
    by_priority,
    priority,
)

# --- what the templates see ---------------------------------------------------------------

UNBROKEN = re.compile(r"\S{60,}")  # longer than any word or address people write
BREAK_EVERY = 20
ZWSP = "\u200b"  # a place where a line may break; nothing is drawn


def flowing(text: str) -> str:
    """What people wrote, as it flows in a box: its white space as single spaces, and a run
    of 60 characters or more without a space (a pasted link, a key held down) with a place to
    break every 20 characters. WeasyPrint breaks such a run only by trying every character
    (seconds for a few thousand); with these places it breaks it at once, and the text and
    the characters it shows stay the same."""
    return UNBROKEN.sub(lambda run: ZWSP.join(
        run[0][i:i + BREAK_EVERY] for i in range(0, len(run[0]), BREAK_EVERY)),
        " ".join(text.split()))


def termijn_text(termijn: str) -> str:
    """A term as people say it: 2027-05-01 → '1 mei 2027'; anything else as written."""
    text = flowing(termijn)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return datum(date.fromisoformat(text), weekday=False)
        except ValueError:
            pass
    return text


@dataclass(frozen=True)
class PlanAction:
    id: str
    actie: str
    eigenaar: str
    termijn: str
    noodzaak: str | None  # None: not yet placed on the poster's grid (stap 4)
    belang: str | None
    priority: int
    fundament: Fundament
    waarde: Waarde
    mechanisme: Mechanisme | None  # optional on hand-out 4


@dataclass(frozen=True)
class Reason:
    """A value a group chose (with why) or discussed and left out (with the trade-off)."""

    waarde: Waarde
    tekst: str


@dataclass(frozen=True)
class Column:
    """One fundament's group: who sat there, its values and its actions."""

    fundament: Fundament
    leden: list[str]
    gekozen: list[Reason]
    niet_gekozen: list[Reason]
    acties: list[PlanAction]


@dataclass(frozen=True)
class Answer:
    vraag: str
    antwoord: str


@dataclass(frozen=True)
class Tension:
    fundamenten: tuple[Fundament, Fundament]
    wat: str
    afspraak: str


@dataclass(frozen=True)
class FollowUp:
    """The follow-up meeting, as far as it is known."""

    datum: date | None
    begin: time | None
    eind: time | None
    locatie: str
    wie: str
    wat: str
    wanneer: date | None
    monitor: str
    bespreken: list[str]


@dataclass(frozen=True)
class Plan:
    """Everything the filled poster and the report show, resolved against the content."""

    results: Results
    columns: dict[str, Column]
    actions: list[PlanAction]  # most urgent first
    grid: dict[str, dict[str, list[PlanAction]]]  # noodzaak → belang → actions, file order
    answers: list[Answer]
    ander_niveau: list[str]
    tensions: list[Tension]
    checklist: list[Punt]
    vervolg: FollowUp
    chart_uri: str
    chart_alt: str
    breder: list[str] = ()  # stap 5: what is useful more widely
    starred: frozenset[str] = frozenset()  # the actions those lines name (A3, B1 …)
    rows: tuple[str, ...] = NIVEAUS  # noodzaak, top to bottom
    cols: tuple[str, ...] = tuple(reversed(NIVEAUS))  # belang, left to right


def make_plan(content: Content, results: Results) -> Plan:
    waarden = content.waarde_per_id
    mechanismen = {m.id: m for m in content.borging.mechanismen}
    actions = [PlanAction(a.id, flowing(a.actie), flowing(a.eigenaar),
                          termijn_text(a.termijn), a.noodzaak, a.belang, priority(a),
                          content.fundament(a.groep), waarden[a.waarde],
                          mechanismen.get(a.mechanisme))
               for a in results.acties]
    per_id = {a.id: a for a in actions}
    leden = {g.fundament: list(g.leden) for g in results.sessie.groepen}

    columns = {}
    for f in content.fundamenten:
        gw = results.waarden.get(f.id)
        columns[f.id] = Column(
            f, leden.get(f.id, []),
            [Reason(waarden[g.waarde], flowing(g.waarom)) for g in gw.gekozen]
            if gw else [],
            [Reason(waarden[n.waarde], flowing(n.afweging)) for n in gw.niet_gekozen]
            if gw else [],
            [a for a in actions if a.fundament.id == f.id])

    grid = {n: {b: [a for a in actions if (a.noodzaak, a.belang) == (n, b)] for b in NIVEAUS}
            for n in NIVEAUS}
    vragen = content.stap("stap-4").actieplan_vragen
    answers = [Answer(vraag, flowing(getattr(results.stap4, key)))
               for key, vraag in zip(STAP4_KEYS, vragen)]
    checklist = results.checklist or [Punt(punt=p) for p in content.stap("stap-6").checklist]

    v = results.vervolg
    eind = None
    if v.datum and v.tijd:
        eind = (datetime.combine(v.datum, v.tijd) + timedelta(minutes=v.duur_minuten)).time()
    vervolg = FollowUp(v.datum, v.tijd, eind, v.locatie or results.sessie.locatie,
                       flowing(v.wie), flowing(v.wat), v.wanneer,
                       flowing(v.monitor), list(v.bespreken))

    points = [chart.Point(a.id, a.noodzaak, a.belang, a.fundament.kleur) for a in actions
              if a.noodzaak and a.belang]
    return Plan(
        results=results, columns=columns,
        actions=[per_id[a.id] for a in by_priority(results)], grid=grid, answers=answers,
        ander_niveau=list(results.stap4.ander_niveau),
        tensions=[Tension((content.fundament(s.tussen[0]), content.fundament(s.tussen[1])),
                          flowing(s.wat), flowing(s.afspraak))
                  for s in results.spanningen],
        checklist=checklist, vervolg=vervolg,
        chart_uri=chart.data_uri(chart.svg(points)), chart_alt=chart.describe(points),
        breder=[flowing(b) for b in results.breder_inzetbaar],
        starred=frozenset(code for b in results.breder_inzetbaar
                          for code in re.findall(r"\b[A-Za-z]{1,3}[0-9]{1,3}\b", b)
                          if code.upper() in per_id and code.upper() == code))


def results_session(content: Content, results: Results) -> Session:
    """The session as the templates know it, from the file: date, times, who sat where."""
    s = results.sessie
    return session_of_groups(content, [(g.fundament, list(g.leden)) for g in s.groepen],
                             s.start, s.datum, location=s.locatie, facilitator=s.begeleider)
