"""A workspace: the organisation's own folder, kept apart from codio-print itself.

    sessie.yaml     the session: case, date, times, place, participants, profile, poster size
    huisstijl.yaml  the look: organisation, logo, colours, fonts (theme.py)
    templates/      templates and stylesheets that replace or extend the built-in ones
    cases/          the organisation's own cases

Updating codio-print never touches it; `codio-print init DIR` writes one to start from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from codio_print import paths
from codio_print.inputs.assets import inside
from codio_print.inputs.content import Content, case_paths, load_content, validate
from codio_print.errors import ContentError, InputError
from codio_print.inputs.models import ID, Case, Model
from codio_print.inputs.participants import checked_count, is_count, is_numberish
from codio_print.inputs.theme import THEME_FILE, Huisstijl
from codio_print.scaffold.yamlwrite import document, schema_line
from codio_print.inputs.yamlread import Located, load_yaml

SESSION_FILE = "sessie.yaml"
TEMPLATES_DIR = "templates"
CASES_DIR = "cases"
SAMPLE_CASE = "eigen-casus"
SCHEMA_FILES = {"case": "case.schema.json", "sessie": "sessie.schema.json",
                "huisstijl": "huisstijl.schema.json"}


def _clock(value: Any) -> Any:
    """'09:30' → 09:30. Unquoted, YAML 1.1 reads 10:30 as the number 630 (base 60), so an
    int is a time only below 24 * 60; 25:00 (1500) is shown as written. Anything else (a
    float such as 9.30, an int pydantic would read as seconds) is not a time."""
    if isinstance(value, time):
        return value
    fix = 'write it as "HH:MM", e.g. "09:30"'
    if value is None:
        raise PydanticCustomError("clock", "the time is empty", {"fix": fix})
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value < 24 * 60:
            return time(value // 60, value % 60)
        if value >= 0:
            value = f"{value // 60}:{value % 60:02d}"
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", value.strip())
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return time(int(match[1]), int(match[2]))
    shown = " ".join(str(value).split())
    raise PydanticCustomError("clock", "'{value}' is not a time",
                              {"value": shown if len(shown) <= 40 else shown[:37] + "...",
                               "fix": fix})


Clock = Annotated[time, BeforeValidator(_clock),
                  WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$"})]

# A workshop date outside these years is a typing mistake (and year 1 breaks PDF metadata).
FIRST_YEAR, LAST_YEAR = 2000, 2100
YEARS_FIX = "correct the year: YYYY-MM-DD, e.g. 2026-03-12"


def plausible(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def _day(value: Any) -> Any:
    """YAML reads 2026-03-12 as a date; pydantic would read a number as seconds since 1970."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise PydanticCustomError("day", "'{value}' is not a date",
                                  {"value": str(value),
                                   "fix": "write it as YYYY-MM-DD, e.g. 2026-03-12"})
    return value


def _plausible_day(value: date | None) -> date | None:
    if value is not None and not plausible(value):
        raise PydanticCustomError(
            "day", "{value} is not a plausible date: the year must be from {first} to {last}",
            {"value": value.isoformat(), "first": FIRST_YEAR, "last": LAST_YEAR,
             "fix": YEARS_FIX})
    return value


Day = Annotated[date | None, BeforeValidator(_day), AfterValidator(_plausible_day)]

PARTICIPANTS_FIX = "give the number of participants, e.g. 12, or the name of the CSV list"


def _participants(value: Any) -> Any:
    """A number or the name of a list; true (a bool is an int) and 1.5 are neither."""
    if isinstance(value, bool):
        raise PydanticCustomError("participants", "'{value}' is not a number of participants",
                                  {"value": str(value).lower(), "fix": PARTICIPANTS_FIX})
    if isinstance(value, float):
        raise PydanticCustomError("participants", "'{value}' is not a whole number",
                                  {"value": str(value), "fix": PARTICIPANTS_FIX})
    return value


class Sessie(Model):
    """sessie.yaml: one workshop session."""

    casus: str = Field(pattern=ID, description="De casus van deze workshop: een bestand in "
                                               "cases/ (zonder .yaml) of een ingebouwde "
                                               "casus. `codio-print cases` toont ze allemaal.")
    datum: Day = Field(None, description="Datum van de workshop: JJJJ-MM-DD, "
                                                 "bijvoorbeeld 2026-03-12. Leeg: een lege "
                                                 "regel om in te vullen.")
    start: Clock = Field(time(9, 30), description="Begintijd, tussen aanhalingstekens: "
                                                  "\"09:30\". De tijden van alle stappen "
                                                  "volgen hieruit.")
    locatie: str = Field("", description="Waar de workshop is, bijvoorbeeld: Stadhuis, "
                                         "zaal 2. Staat in het draaiboek en op de eerste dia.")
    begeleider: str = Field("", description="Wie de workshop begeleidt. Staat in het "
                                            "draaiboek en op de eerste dia.")
    deelnemers: Annotated[int | str, BeforeValidator(_participants)] = Field(
        12, description="Het aantal deelnemers, of een deelnemerslijst (CSV met kolommen "
                        "naam en functie), pad vanaf deze map: deelnemers.csv. Met een lijst "
                        "krijgt iedereen een naamkaartje met naam.")
    profiel: Literal["print", "screen", "all"] = Field(
        "all", description="Voor wie de bestanden zijn: print voor de drukker, screen voor "
                           "scherm en e-mail, all voor allebei.")
    poster: Literal["A1", "A0"] = Field("A0", description="Formaat van de grote poster met "
                                                          "het actieplan (hand-out 5). A0 "
                                                          "biedt plaats aan 18 memoblaadjes; "
                                                          "op A1 schrijf je de codes.")


@dataclass(frozen=True)
class SessionFile:
    """A loaded sessie.yaml; its folder is the workspace."""

    path: Path
    sessie: Sessie
    located: Located

    @property
    def root(self) -> Path:
        return self.path.parent

    def line(self, key: str) -> int | None:
        return self.located.line_of((key,))

    @property
    def participants(self) -> int | Path:
        value = self.sessie.deelnemers
        if isinstance(value, int) or is_count(value):
            return checked_count(value, "{n} participants", error=ContentError,
                                 file=self.path, line=self.line("deelnemers"))
        # A shared workspace must not make codio-print read files elsewhere.
        return inside(self.root, value, what="the participant list", source=self.path,
                      line=self.line("deelnemers"))


def find(config: Path | None, cwd: Path) -> Path | None:
    """The session file: --config, else sessie.yaml in the current folder, else none."""
    if config is not None:
        path = config / SESSION_FILE if config.is_dir() else config
        if not path.is_file():
            raise InputError("--config: file not found", file=path,
                             fix="give the path of a sessie.yaml (codio-print init DIR "
                                 "writes one)")
        return path.absolute()  # a relative --config still gives file: URLs for the render
    here = cwd / SESSION_FILE
    return here if here.is_file() else None


def load_session(path: Path) -> SessionFile:
    located = load_yaml(path)
    sf = SessionFile(path, validate(located, Sessie), located)
    participants = sf.participants
    if isinstance(participants, Path) and not participants.is_file():
        if is_numberish(sf.sessie.deelnemers) and not participants.exists():
            raise ContentError(f"'deelnemers': '{sf.sessie.deelnemers}' is not a whole number",
                               file=path, line=sf.line("deelnemers"), fix=PARTICIPANTS_FIX)
        raise ContentError(f"the participant list '{sf.sessie.deelnemers}' does not exist",
                           file=path, line=sf.line("deelnemers"),
                           fix=f"put the CSV file in {sf.root} or give a number")
    known = case_paths([paths.CONTENT / "cases", sf.root / CASES_DIR])
    if sf.sessie.casus not in known:
        raise ContentError(f"unknown case '{sf.sessie.casus}'", file=path,
                           line=sf.line("casus"),
                           fix="choose one of: " + ", ".join(sorted(known)))
    return sf


def case_dirs(root: Path | None) -> list[Path]:
    """The folders a workspace adds to the built-in cases."""
    return [root / CASES_DIR] if root else []


def override_dirs(root: Path | None) -> list[Path]:
    return [root / TEMPLATES_DIR] if root else []


# ---- writing a new workspace and new cases ----

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

GITIGNORE = "build/\n"


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
    header = [schema_line(path, SCHEMA_FILES["sessie"]),
              "# De workshop: welke casus, wanneer, waar en met wie.",
              "# Opties op de opdrachtregel (codio-print build --date ...) gaan voor."]
    return document(Sessie, values, header=header)


def theme_text(path: Path, fundament_colours: dict[str, str]) -> str:
    values = Huisstijl().model_dump()
    values["kleuren"].update(fundament_colours)
    values["logo"] = values["logo_tekst"] = values["lettertypen"]["koppen"] = ""
    header = [schema_line(path, SCHEMA_FILES["huisstijl"]),
              "# De huisstijl van uw organisatie: naam, logo, kleuren en letters. Ze komen",
              "# op elk stuk, voor de drukker en voor het scherm. Leeg of weggelaten: de",
              "# standaard van de workshop."]
    return document(Huisstijl, values, header=header)


def init(folder: Path) -> list[Path]:
    """Write a new workspace; never overwrites anything."""
    if folder.exists() and not folder.is_dir():
        raise InputError(f"'{folder}' is a file", fix="give the name of a new folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise InputError(f"the folder '{folder}' is not empty",
                         fix="give the name of a new or empty folder")
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
    (folder / TEMPLATES_DIR / "css").mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text(path), encoding="utf-8")
    return list(files)


def new_case(root: Path, case_id: str) -> Path:
    """Write cases/ID.yaml in the workspace ``root``."""
    if not re.fullmatch(ID, case_id):
        raise InputError(f"'{case_id}' cannot be a case id",
                         fix="use small letters, digits and dashes, e.g. mijn-dienst")
    builtin = case_paths([paths.CONTENT / "cases"])
    if case_id in builtin:
        raise InputError(f"'{case_id}' is a built-in case",
                         fix="choose another id for your own case")
    path = root / CASES_DIR / f"{case_id}.yaml"
    if path.exists():
        raise InputError("the case already exists", file=path,
                         fix="edit it, or choose another id")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(case_text(path, case_id, load_content(only_case="")), encoding="utf-8")
    return path


def _check_own_build_folder(out: Path) -> None:
    """The workspace's build/ must lie in the workspace: a shared workspace whose build/ is a
    link would make the kit (and its lock) be written elsewhere."""
    if out.is_symlink() or (out.exists() and not out.resolve().is_relative_to(
            out.parent.resolve())):
        raise InputError("the workspace's build folder is a link to another place", file=out,
                         fix="remove the link (a new build/ is made), or give --out to "
                             "build elsewhere on purpose")


def settings(sf: SessionFile | None, **given: Any) -> dict[str, Any]:
    """The build's options: what the command line gives (not None), else sessie.yaml, else
    the defaults. Keys as build.Options names them."""
    from_file: dict[str, Any] = {}
    if sf is not None:
        s = sf.sessie
        from_file = {"case": s.casus, "participants": sf.participants, "start": s.start,
                     "date": s.datum, "location": s.locatie, "facilitator": s.begeleider,
                     "poster": s.poster, "profile": s.profiel, "out": sf.root / "build",
                     "workspace": sf.root}
    merged = {**from_file, **{k: v for k, v in given.items() if v is not None}}
    if sf is not None and given.get("out") is None:
        _check_own_build_folder(sf.root / "build")
    if not merged.get("case"):
        raise InputError("which case? no --case given and no sessie.yaml here",
                         fix="give --case ID, or run inside a workspace (codio-print init "
                             "DIR) or with --config DIR/sessie.yaml")
    return merged
