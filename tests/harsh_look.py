"""A hostile but realistic look for a workspace (issue 26): a wide logo (6:1), a wide font
(DejaVu Sans, from the workspace's own font files), a long organisation name, an own case
copied from a built-in one with a 200-character title, a 15-person list with a date, and
longer texts in teksten.yaml. Every piece must keep its page budget with it."""

from __future__ import annotations

import shutil
from pathlib import Path

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
# The longest case title the case model takes (a longer one is refused, naming the limit).
TITLE_MAX = 120
ORGANISATION = ("Gemeente Súdwest-Fryslân, afdeling Werk, Inkomen, Participatie en "
                "Maatschappelijke Ondersteuning")
# 6:1, drawn without text (a logo is a picture)
WIDE_LOGO = """<svg xmlns="http://www.w3.org/2000/svg" width="600" height="100" viewBox="0 0 600 100">
<rect width="600" height="100" fill="#0b5394"/><circle cx="50" cy="50" r="38" fill="#ffd966"/>
<rect x="110" y="30" width="460" height="40" rx="8" fill="#ffffff"/></svg>
"""
# The fifteenth person, with the longest name and role a list may well hold.
LONG_PERSON = ("Anne-Marije Wilhelmina van Oudshoorn-Lagerweij;senior adviseur informatiebeheer "
               "en privacy;Gemeente Súdwest-Fryslân;")
# Longer wording a communications department might write (each text about twice the
# length of the built-in one).
TEKSTEN = """handout-4:
  titel: Welke acties beschermen de waarden die jullie in stap 2 samen hebben gekozen?
  uitleg: "Bespreek samen de acties die ieder van jullie op hand-out 2 heeft geschreven. Schrijf elke actie op een eigen memoblaadje, met het nummer ({letter}1, {letter}2, …), en plak het in een vak van dit werkblad. Schrijf ernaast welke waarde de actie beschermt en wie het doet. Noodzaak, belang en termijn bepalen jullie pas in stap 4, samen met de andere groepen, bij de grote poster. Twijfel je? Vraag het de begeleider."
"""


def available() -> bool:
    return all((DEJAVU / name).is_file() for name in FONT_FILES)


def make(ws: Path, case: str, participants: Path, date: str = "2026-12-10",
         system_font: bool = False) -> None:
    """Turn the fresh workspace ``ws`` (init) into one with the harsh look, for ``case``:
    DejaVu Sans as font files in the workspace, or (``system_font``) as the family
    installed on the system (fontconfig)."""
    from codio_print import paths
    from helpers import edit

    for name in FONT_FILES:
        shutil.copy(DEJAVU / name, ws / name)
    (ws / "logo.svg").write_text(WIDE_LOGO, encoding="utf-8")
    (ws / "teksten.yaml").write_text(TEKSTEN, encoding="utf-8")
    people = participants.read_text(encoding="utf-8").rstrip("\n")
    (ws / "deelnemers.csv").write_text(people + "\n" + LONG_PERSON + "\n", encoding="utf-8")
    own = f"{case}-lang"
    source = (paths.CONTENT / "cases" / f"{case}.yaml").read_text(encoding="utf-8")
    lines = source.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("id:"):
            lines[i] = f"id: {own}"
        elif line.startswith("titel:"):
            title = line.split(":", 1)[1].strip()
            long = (f"{title}: een proactieve dienst van de gemeente, uitgewerkt voor deze "
                    "workshop met alle betrokken afdelingen, de inwoners en de "
                    "ketenpartners in de regio samen")
            lines[i] = f"titel: \"{long[:TITLE_MAX].rstrip()}\""
    (ws / "cases" / f"{own}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    edit(ws / "huisstijl.yaml", ('organisatie: ""', f'organisatie: "{ORGANISATION}"'),
         ('logo: ""', "logo: logo.svg"),
         ("tekst: Atkinson Hyperlegible", "tekst: DejaVu Sans" if system_font
          else f"tekst: [{FONT_FILES[0]}, {FONT_FILES[1]}]"))
    edit(ws / "sessie.yaml", ("casus: eigen-casus", f"casus: {own}"),
         ("deelnemers: 12", "deelnemers: deelnemers.csv"), ("datum:", f"datum: {date}"))
