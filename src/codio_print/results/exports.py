"""acties.csv (for a task tracker, as Dutch Excel opens it) and vervolgsessie.ics (the
follow-up meeting, RFC 5545).
"""

from __future__ import annotations

import csv
import hashlib
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from codio_print import __version__
from codio_print.i18n import _
from codio_print.inputs.content import Content
from codio_print.inputs.models import Case
from codio_print.printshop.csvcells import safe_row
from codio_print.results.models import Results, by_priority, placed

TZID = "Europe/Amsterdam"
CSV_HEADER = ["id", "actie", "waarde", "mechanisme", "eigenaar", "termijn", "noodzaak",
              "belang", "groep", "prioriteit"]


# --- acties.csv ------------------------------------------------------------------------------

def _flat(text: str) -> str:
    return " ".join(text.split())


def write_actions_csv(results: Results, content: Content, path: Path) -> Path:
    """``acties.csv``: UTF-8 with BOM, ``;``-separated (Dutch Excel), most urgent first, the
    priority their rank (1 … n, no gaps: not the grid cell's number); no cell starts a
    formula (csvcells)."""
    waarden = content.waarde_per_id
    mechanismen = {m.id: m for m in content.borging.mechanismen}
    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow(CSV_HEADER)
        for rank, a in enumerate(by_priority(results), 1):  # 1 … n, most urgent first
            # Flattened first, then made safe: a tab that protected nothing is gone, and a
            # formula behind it is caught.
            writer.writerow(safe_row([a.id, _flat(a.actie), waarden[a.waarde].naam,
                                      mechanismen[a.mechanisme].naam if a.mechanisme else "",
                                      _flat(a.eigenaar), _flat(a.termijn), a.noodzaak or "",
                                      a.belang or "",
                                      content.fundament(a.groep).naam,
                                      rank if placed(a) else ""]))
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
        raise results.error(_("the follow-up session has no date"), ("vervolg", "datum"),
                            fix=_("fill in vervolg.datum as YYYY-MM-DD, e.g. 2027-06-17"))
    if v.tijd is None:
        raise results.error(_("the follow-up session has no start time"), ("vervolg", "tijd"),
                            fix=_('fill in vervolg.tijd as HH:MM, e.g. "14:00"'))
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
