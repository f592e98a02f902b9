"""A new resultaten.yaml: the session filled in, every other field present but empty with an
explanation in Dutch, so that it loads at every stage of filling it in.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, time
from typing import Any


from codio_print.errors import InputError
from codio_print.i18n import _
from codio_print.inputs.content import Content
from codio_print.inputs.models import Case
from codio_print.inputs.yamlwrite import comment, scalar
from codio_print.inputs.fields import clock
from codio_print.results.models import STAP4_KEYS

# --- a new resultaten.yaml -----------------------------------------------------------------

def _comment(text: str, indent: int = 0) -> list[str]:
    return comment(text, indent, width=88, break_on_hyphens=False)


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


def init_text(content: Content, case: Case | str, session_date: date, start: time | str,
              groups: Mapping[str, Sequence[str]] | Iterable[Any] | None = None,
              location: str = "", facilitator: str = "") -> str:
    """The text of a new ``resultaten.yaml`` for ``case``.

    ``groups`` maps a fundament id to the names at that table, or is a list of ``Groep``
    or of ``session.Table`` (``make_session(...).tables``); without it there is one group
    per fundament with no names. The text loads without errors.
    """
    case = content.case(case) if isinstance(case, str) else case
    start = clock(start) if isinstance(start, str) else start
    groepen = _groups(content, groups)
    fundamenten = {f.id: f for f in content.fundamenten}
    for fid, _names in groepen:
        if fid not in fundamenten:
            raise InputError(_("unknown fundament '{fundament}' in the groups").format(
                                 fundament=fid),
                             fix=_("use one of: {choices}").format(
                                 choices=", ".join(fundamenten)))
    sections = (_intro(case), _sessie(case, session_date, start, groepen, location,
                                      facilitator, fundamenten),
                _stap2(content, groepen, fundamenten), _stap3(content, groepen, fundamenten),
                _stap4(content, groepen), _stap5(), _stap6(content), _stap7())
    return "\n".join(line for section in sections for line in section) + "\n"


def _intro(case: Case) -> list[str]:
    return ["# Resultaten van de workshop CODIO-PaD",
            f"# Casus: {case.organisatie} – {case.titel}",
            "#",
            "# Vul dit bestand stap voor stap in, tijdens of na de workshop.",
            "# Regels die met # beginnen zijn uitleg. Het programma slaat ze over.",
            "# Een lege lijst is []. Vervang [] door je eigen regels, zoals in de voorbeelden.",
            "# Elk voorbeeld kun je zo overnemen: haal de # weg en zet het op de plaats van [].",
            "# Daarna maak je het actieplan, het verslag en de agenda-uitnodiging met:",
            "#   codio-print results build resultaten.yaml",
            ""]


def _sessie(case: Case, session_date: date, start: time, groepen: list, location: str,
            facilitator: str, fundamenten: dict) -> list[str]:
    out = [_header("De sessie"),
           "# Dit is al ingevuld. Klopt er iets niet? Pas het dan hier aan.",
           "sessie:",
           f"  casus: {case.id}",
           f"  datum: {session_date:%Y-%m-%d}  # jjjj-mm-dd",
           f'  start: "{start:%H:%M}"  # uu:mm, tussen aanhalingstekens',
           f"  locatie: {scalar(location) if location else chr(34) * 2}  # waar was de "
           "workshop? Mag leeg blijven.",
           f"  begeleider: {scalar(facilitator) if facilitator else chr(34) * 2}  # wie "
           "begeleidde de workshop? Mag leeg blijven.",
           "  groepen:  # één groep per fundament, met de namen van wie aan die tafel zat"]
    for fid, names in groepen:
        out.append(f"    - fundament: {fid}  # {fundamenten[fid].naam}")
        if names:
            out.append("      leden:")
            out.extend(f"        - {scalar(n)}" for n in names)
        else:
            out.append("      leden: []")
    return [*out, ""]


def _stap2(content: Content, groepen: list, fundamenten: dict) -> list[str]:
    out = [_header("Stap 2: waarden"),
           *_comment("Per groep: welke waarden vindt de groep belangrijk, en waarom? Schrijf "
                     "ze onder 'gekozen'. Heeft de groep een waarde besproken maar niet "
                     "gekozen? Zet die onder 'niet_gekozen' en schrijf op waarom niet."),
           "# Gebruik de code van de waarde. Die staat per groep hieronder. Voorbeeld:",
           "#   gekozen:",
           "#     - waarde: transparantie",
           "#       waarom: Inwoners moeten weten welke gegevens de gemeente gebruikt.",
           "#   niet_gekozen:",
           "#     - waarde: duurzaamheid",
           "#       afweging: Speelt in deze casus bijna geen rol.",
           "waarden:"]
    for fid, _names in groepen:
        f = fundamenten[fid]
        out += [f"  {fid}:",
                *_comment("Waarden van " + f.naam + ": "
                          + ", ".join(w.id for w in content.waarden_van_fundament(f)) + ".", 4),
                "    gekozen: []",
                "    niet_gekozen: []"]
    return [*out, ""]


def _stap3(content: Content, groepen: list, fundamenten: dict) -> list[str]:
    mechanismen = ", ".join(m.id for m in content.borging.mechanismen)
    ids = ", ".join(f.id for f in content.fundamenten)
    letters = "; ".join(f"{f.letter.upper()}1, {f.letter.upper()}2 … voor {f.id}"
                        for f in content.fundamenten)
    first = fundamenten[groepen[0][0]]
    return [_header("Stap 3: acties"),
            "# Welke acties zijn nodig om de gekozen waarden te borgen? Schrijf één blok per "
            "actie:",
            *textwrap.wrap("een korte code met de letter van de groep: " + letters + ".",
                           width=88, initial_indent="#   id:         ",
                           subsequent_indent="#" + " " * 15, break_on_hyphens=False),
            "#   actie:      wat moet er gebeuren?",
            "#   waarde:     welke waarde borgt de actie? (de code van de waarde, zie stap 2)",
            *textwrap.wrap("hoe borgen we het? Mag leeg blijven. Kies uit: " + mechanismen + ".",
                           width=88,
                           initial_indent="#   mechanisme: ", subsequent_indent="#" + " " * 15,
                           break_on_hyphens=False),
            "#   eigenaar:   wie voert de actie uit? Dit is verplicht.",
            '#   termijn:    wanneer is het klaar? Bijvoorbeeld "Q2 2027" of 2027-06-30 (stap 4).',
            "#   noodzaak:   hoe dringend is het? hoog, midden of laag (stap 4, op de poster;",
            "#               leeg: de actie staat nog niet in het vak voor noodzaak en belang)",
            "#   belang:     hoe groot is het effect? hoog, midden of laag (stap 4)",
            f"#   groep:      welke groep bedacht de actie? ({ids})",
            "# Voorbeeld:",
            f"#   - id: {first.letter.upper()}1",
            "#     actie: Zet op de website welke gegevens we gebruiken en waarom.",
            "#     waarde: transparantie",
            "#     mechanisme: verantwoordingsdocumenten",
            "#     eigenaar: Teamleider communicatie",
            '#     termijn: "Q2 2027"',
            "#     noodzaak: hoog",
            "#     belang: midden",
            f"#     groep: {first.id}",
            "acties: []",
            ""]


STAP4_FALLBACK = ("Op welke termijn pakken we de acties op?",
                  "Wie van de aanwezigen let erop dat iedereen zich aan de code houdt?",
                  "Hoe maken we de code bekend bij iedereen die aan de dienst werkt?",
                  "Hoe passen we de code aan op basis van wat we in de praktijk meemaken?")


def _stap4(content: Content, groepen: list) -> list[str]:
    out = [_header("Stap 4: één actieplan voor alle groepen"),
           "# Botsen de waarden of acties van twee groepen? Schrijf per spanning op tussen "
           "welke",
           "# groepen, wat er botst en wat je afspreekt. Voorbeeld:",
           f"#   - tussen: [{groepen[0][0]}, {groepen[-1][0]}]",
           "#     wat: Persoonlijk contact kost tijd, snelheid vraagt automatisch verwerken.",
           "#     afspraak: Wie dat wil, kan altijd iemand spreken.",
           "spanningen: []",
           ""]
    vragen = list(getattr(content.stap(4), "actieplan_vragen", []) or [])
    vragen += [""] * (4 - len(vragen))
    out += ["# De vier vragen van stap 4. Schrijf het antwoord achter de dubbele punt.",
            "stap4:"]
    for key, vraag, fallback in zip(STAP4_KEYS, vragen, STAP4_FALLBACK):
        out += [*_comment(vraag or fallback, 2), f'  {key}: ""']
    return [*out,
            "  # Welke acties moeten eerst op een ander niveau worden besloten, bijvoorbeeld",
            "  # door de politiek? Eén regel per actie.",
            "  ander_niveau: []",
            ""]


def _stap5() -> list[str]:
    return [_header("Stap 5: breder inzetbaar"),
            "# Welke waarden en acties zijn ook nuttig voor andere projecten of de hele "
            "organisatie?",
            "# Eén regel per punt. Voorbeeld:",
            "#   - A3: de uitleg over gegevensgebruik kan ook bij andere toeslagen.",
            "breder_inzetbaar: []",
            ""]


def _stap6(content: Content) -> list[str]:
    out = [_header("Stap 6: checklist en vervolg"),
           "# Loop de lijst samen na. Is een punt geregeld? Zet klaar dan op true."]
    punten = list(getattr(content.stap(6), "checklist", []) or [])
    if punten:
        out.append("checklist:")
        for p in punten:
            out += [f"  - punt: {scalar(p)}", "    klaar: false"]
    else:
        out.append("checklist: []")
    return [*out,
            "",
            "# Wie doet wat, en wanneer? En wanneer is het vervolggesprek?",
            "vervolg:",
            '  wie: ""  # wie zet de eerste stap?',
            '  wat: ""  # wat is er nu concreet nodig, en van wie?',
            "  wanneer:  # wanneer moet dat klaar zijn? jjjj-mm-dd",
            '  monitor: ""  # wie houdt in de gaten of de acties worden uitgevoerd?',
            "  bespreken: []  # wat moet er in het vervolggesprek aan bod komen? Eén regel per "
            "punt.",
            "  datum:  # datum van het vervolggesprek, jjjj-mm-dd",
            '  tijd:  # begintijd, tussen aanhalingstekens, bijvoorbeeld "14:00"',
            "  duur_minuten: 60",
            '  locatie: ""  # waar is het vervolggesprek?',
            ""]


def _stap7() -> list[str]:
    return [_header("Stap 7: afsluiten"),
            "# De punten van de flip-over (de parkeerplaats). Eén regel per punt.",
            "parkeerplaats: []",
            "",
            "# Wat hebben de deelnemers geleerd? Wat nemen ze mee? Eén regel per reactie.",
            "reflectie: []"]
