"""Writing a new workspace (``codio-print init DIR``) and a new case (``new-case ID``): files
that build as they are, every field explained in Dutch (from the models' descriptions)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from codio_print import paths, writing
from codio_print.errors import InputError
from codio_print.i18n import _
from codio_print.inputs.content import Content, case_paths, load_content
from codio_print.inputs.models import ID, Case
from codio_print.inputs.theme import THEME_FILE, Huisstijl
from codio_print.inputs.workspace import CASES_DIR, SESSION_FILE, TEMPLATES_DIR, Sessie
from codio_print.inputs.yamlwrite import document, schema_line

SAMPLE_CASE = "eigen-casus"
SCHEMA_FILES = {"case": "case.schema.json", "sessie": "sessie.schema.json",
                "huisstijl": "huisstijl.schema.json"}


TEMPLATES_README = """\
# Eigen sjablonen

Een bestand hier vervangt het ingebouwde sjabloon met dezelfde naam. Zo blijft uw werk
staan als codio-print wordt bijgewerkt. `codio-print templates` laat zien welk bestand
voor elk sjabloon wordt gebruikt.

## Eén blok veranderen

Begin het bestand met het ingebouwde sjabloon dat u vervangt, met `builtin/` ervoor, en
schrijf alleen het blok dat anders moet. Bijvoorbeeld `templates/casus.html`:

    {% extends "builtin/casus.html" %}
    {% block body %}
    <p>Onze eigen inleiding.</p>
    {{ super() }}
    {% endblock %}

`{{ super() }}` zet de ingebouwde inhoud van het blok terug. De ingebouwde sjablonen staan
in de map templates/ van codio-print; daar ziet u welke blokken er zijn.

## Opmaak (CSS)

- `css/base.css` hier vervangt het ingebouwde stijlblad helemaal.
- Elk ander `.css`-bestand in `css/` komt erna en gaat daardoor voor, bijvoorbeeld
  `css/eigen.css` met `h1 { letter-spacing: 0.02em; }`.

Kleuren, lettertypen en het logo staan in huisstijl.yaml; daarvoor is geen CSS nodig.
"""

# The kit, and the files with participants' names (the list, the division, the results).
GITIGNORE = "build/\ndeelnemers*.csv\ngroepsindeling.csv\nresultaten.yaml\nresultaten/\n"


def case_skeleton(case_id: str) -> dict[str, Any]:
    """A case that builds as it is, with text that says what to write."""
    return {
        "id": case_id,
        "organisatie": "Naam van uw organisatie",
        "titel": "Naam van de dienst",
        "ondertitel": "Wat de dienst doet, en voor wie, in één zin",
        "beschrijving": "Beschrijf hier de dienst in gewone taal. Wat doet de organisatie, "
                        "voor wie, en waarom?\n\nSchrijf korte alinea's met een lege regel "
                        "ertussen.\n",
        "data": [{"wat": "Welke gegevens de dienst gebruikt",
                  "bron": "Waar die gegevens vandaan komen"}],
        "proactiviteit": [{"niveau": "matig",
                           "toelichting": "Waarom de dienst op dit niveau zit"}],
        "herkomst": "eigen-klantenbestand",
        "vragen_bij_casus": ["Een vraag om over na te denken tijdens het lezen"],
    }


def case_text(path: Path, case_id: str, content: Content) -> str:
    choices = {
        "proactiviteit.niveau": [n.id for n in content.classificatie.proactiviteit.niveaus],
        "herkomst": [n.id for n in content.classificatie.herkomst.niveaus],
    }
    f = content.fundamenten[0]
    example = {f.id: [{"waarde": content.waarden_van_fundament(f)[0].id,
                       "waarom": "Waarom deze waarde telt bij deze dienst"}]}
    header = [schema_line(path, SCHEMA_FILES["case"]),
              "# Een eigen casus. Elk veld staat hieronder uitgelegd; het bestand werkt",
              "# meteen en u vervangt de tekst door die van uw eigen dienst."]
    return document(Case, case_skeleton(case_id), header=header, choices=choices,
                    commented={"handout6": example,
                               "voorbeeld_spanning": "Als de gemeente eerst toestemming vraagt "
                                                     "(autonomie), kan zij minder snel "
                                                     "helpen (wendbaarheid)."})


def session_text(path: Path, case_id: str) -> str:
    values = Sessie(casus=case_id).model_dump()
    values["datum"] = None
    del values["drukwerk"]["stukken"]
    header = [schema_line(path, SCHEMA_FILES["sessie"]),
              "# De workshop: welke casus, wanneer, waar en met wie.",
              "# Opties op de opdrachtregel (codio-print build --date ...) gaan voor."]
    return document(Sessie, values, header=header,
                    commented={"drukwerk": {"stukken": {"naamkaartjes": "drukker",
                                                        "handout-5": "tegels"}}})


def theme_text(path: Path, fundament_colours: dict[str, str]) -> str:
    values = Huisstijl().model_dump()
    values["kleuren"].update(fundament_colours)
    values["logo"] = values["logo_tekst"] = values["lettertypen"]["koppen"] = ""
    values["powerpoint"] = values["tokens"] = ""
    header = [schema_line(path, SCHEMA_FILES["huisstijl"]),
              "# De huisstijl van uw organisatie: naam, logo, kleuren en letters. Ze komen",
              "# op elk stuk, voor de drukker en voor het scherm. Leeg of weggelaten: de",
              "# standaard van de workshop."]
    return document(Huisstijl, values, header=header)


def init(folder: Path) -> list[Path]:
    """Write a new workspace; never overwrites anything."""
    if folder.exists() and not folder.is_dir():
        raise InputError(_("'{folder}' is a file").format(folder=folder),
                         fix=_("give the name of a new folder"))
    if folder.is_dir() and any(folder.iterdir()):
        raise InputError(_("the folder '{folder}' is not empty").format(folder=folder),
                         fix=_("give the name of a new or empty folder"))
    content = load_content(only_case="")  # the code and classification, no case files
    colours = {f.id: f.kleur.lower() for f in content.fundamenten}
    files = {
        folder / SESSION_FILE: lambda p: session_text(p, SAMPLE_CASE),
        folder / THEME_FILE: lambda p: theme_text(p, colours),
        folder / TEMPLATES_DIR / "README.md": lambda p: TEMPLATES_README,
        folder / CASES_DIR / f"{SAMPLE_CASE}.yaml": lambda p: case_text(p, SAMPLE_CASE,
                                                                        content),
        folder / ".gitignore": lambda p: GITIGNORE,
    }
    writing.make_folder(folder / TEMPLATES_DIR / "css", below=folder)
    for path, text in files.items():
        writing.new(path, text(path), below=folder, sync=False)
    return list(files)


def new_case(root: Path, case_id: str) -> Path:
    """Write cases/ID.yaml in the workspace ``root``."""
    if not re.fullmatch(ID, case_id):
        raise InputError(_("'{case}' cannot be a case id").format(case=case_id),
                         fix=_("use small letters, digits and dashes, e.g. mijn-dienst"))
    builtin = case_paths([paths.CONTENT / "cases"])
    if case_id in builtin:
        raise InputError(_("'{case}' is a built-in case").format(case=case_id),
                         fix=_("choose another id for your own case"))
    path = root / CASES_DIR / f"{case_id}.yaml"
    exists = InputError(_("the case already exists"), file=path,
                        fix=_("edit it, or choose another id"))
    if path.exists():
        raise exists
    try:  # a new file in a real cases/ folder: never through a link the workspace ships
        writing.new(path, case_text(path, case_id, load_content(only_case="")), below=root,
                    sync=False)
    except FileExistsError:
        raise exists from None
    return path
