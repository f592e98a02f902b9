"""Writing a new workspace (``codio-print init DIR``) and a new case (``new-case ID``): files
that build as they are, every field explained in Dutch (from the models' descriptions)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from codio_print import paths, writing
from codio_print.errors import InputError
from codio_print.i18n import _
from codio_print.inputs.content import Content, case_paths, load_content
from codio_print.inputs.division import DIVISION_FILE
from codio_print.inputs.models import ID, Case
from codio_print.inputs.options import GROUPS, IN_FILE
from codio_print.inputs.theme import THEME_FILE
from codio_print.inputs.themefile import Huisstijl
from codio_print.inputs.workspace import CASES_DIR, SESSION_FILE, TEMPLATES_DIR, Sessie
from codio_print.inputs.yamlwrite import document, schema_line

SAMPLE_CASE = "eigen-casus"
SCHEMA_FILES = {"case": "case.schema.json", "sessie": "sessie.schema.json",
                "huisstijl": "huisstijl.schema.json"}


TEMPLATES_README = """\
# Eigen sjablonen

Een bestand hier vervangt het ingebouwde sjabloon met dezelfde naam. Zo blijft je werk
staan als codio-print wordt bijgewerkt. `codio-print templates` laat zien welk bestand
voor elk sjabloon wordt gebruikt.

## Eén blok veranderen

Begin het bestand met het ingebouwde sjabloon dat je vervangt, met `builtin/` ervoor, en
schrijf alleen het blok dat anders moet. Bijvoorbeeld `templates/casus.html`:

    {% extends "builtin/casus.html" %}
    {% block body %}
    <p>Onze eigen inleiding.</p>
    {{ super() }}
    {% endblock %}

`{{ super() }}` zet de ingebouwde inhoud van het blok terug. De ingebouwde sjablonen staan
in de map templates/ van codio-print; daar zie je welke blokken er zijn.

## Opmaak (CSS)

- `css/base.css` hier vervangt het ingebouwde stijlblad helemaal.
- Elk ander `.css`-bestand in `css/` komt erna en gaat daardoor voor, bijvoorbeeld
  `css/eigen.css` met `h1 { letter-spacing: 0.02em; }`.

Kleuren, lettertypen en het logo staan in huisstijl.yaml; daarvoor is geen CSS nodig.
"""

# The kit, and the files with participants' names (the list, the division, the results).
GITIGNORE = ("build/\ndeelnemers*.csv\ndeelnemers*.xlsx\ngroepsindeling.csv\nresultaten.yaml\n"
             "resultaten/\n")


def case_skeleton(case_id: str) -> dict[str, Any]:
    """A case that builds as it is, with text that says what to write."""
    return {
        "id": case_id,
        "organisatie": "Naam van je organisatie",
        "titel": "Naam van de dienst",
        "kort": "",
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


def case_text(path: Path, case_id: str, content: Content,
              values: dict[str, Any] | None = None) -> str:
    """cases/ID.yaml as new-case writes it: the skeleton, or ``values`` (a case as the web
    interface's form gives it), every field explained; an optional field left empty is
    written as new-case writes it, as a commented example."""
    choices = {
        "proactiviteit.niveau": [n.id for n in content.classificatie.proactiviteit.niveaus],
        "herkomst": [n.id for n in content.classificatie.herkomst.niveaus],
        **{f"handout6.{f.id}.waarde": [w.id for w in content.waarden_van_fundament(f)]
           for f in content.fundamenten},
    }
    f = content.fundamenten[0]
    example = {f.id: [{"waarde": content.waarden_van_fundament(f)[0].id,
                       "waarom": "Waarom deze waarde telt bij deze dienst"}]}
    header = [schema_line(path, SCHEMA_FILES["case"]),
              "# Een eigen casus. Elk veld staat hieronder uitgelegd; het bestand werkt",
              "# meteen en je vervangt de tekst door die van je eigen dienst."]
    values = {k: v for k, v in (values or case_skeleton(case_id)).items()
              if v or k not in ("voorbeeld_spanning", "handout6")}
    return document(Case, values, header=header, choices=choices,
                    commented={"handout6": example,
                               "voorbeeld_spanning": "Als de gemeente eerst toestemming vraagt "
                                                     "(autonomie), kan zij minder snel "
                                                     "helpen (wendbaarheid)."})


def session_text(path: Path, case_id: str, sessie: Sessie | None = None) -> str:
    """sessie.yaml: the sample's values, or ``sessie``'s (init --from a built kit)."""
    values = (sessie or Sessie(casus=case_id)).model_dump()
    if sessie is None:
        values["datum"] = None
    if not values["drukwerk"]["stukken"]:
        del values["drukwerk"]["stukken"]
    if not values.get("blad"):
        values.pop("blad", None)
    header = [schema_line(path, SCHEMA_FILES["sessie"]),
              "# De workshop: welke casus, wanneer, waar en met wie.",
              "# Opties op de opdrachtregel (codio-print build --date ...) gaan voor."]
    return document(Sessie, values, header=header,
                    commented={"blad": "Antwoorden",
                               "drukwerk": {"stukken": {"naamkaartjes": "drukker",
                                                        "handout-5": "tegels"}}})


def theme_text(path: Path, fundament_colours: dict[str, str]) -> str:
    values = Huisstijl().model_dump()
    values["kleuren"].update(fundament_colours)
    values["logo"] = values["logo_tekst"] = values["lettertypen"]["koppen"] = ""
    values["powerpoint"] = values["tokens"] = ""
    header = [schema_line(path, SCHEMA_FILES["huisstijl"]),
              "# De huisstijl van je organisatie: naam, logo, kleuren en letters. Ze komen",
              "# op elk stuk, voor de drukker en voor het scherm. Leeg of weggelaten: de",
              "# standaard van de workshop."]
    return document(Huisstijl, values, header=header)


def init(folder: Path, taken: Taken | None = None) -> list[Path]:
    """Write a new workspace; never overwrites anything. ``taken``: the settings of a built
    kit (from_kit), kept in its sessie.yaml, with copies of its list and division."""
    if folder.exists() and not folder.is_dir():
        raise InputError(_("'{folder}' is a file").format(folder=folder),
                         fix=_("give the name of a new folder"))
    if folder.is_dir() and any(folder.iterdir()):
        raise InputError(_("the folder '{folder}' is not empty").format(folder=folder),
                         fix=_("give the name of a new or empty folder"))
    content = load_content(only_case="")  # the code and classification, no case files
    colours = {f.id: f.kleur.lower() for f in content.fundamenten}
    case_id = taken.sessie.casus if taken else SAMPLE_CASE
    files = {
        folder / SESSION_FILE: lambda p: session_text(p, case_id,
                                                      taken.sessie if taken else None),
        folder / THEME_FILE: lambda p: theme_text(p, colours),
        folder / TEMPLATES_DIR / "README.md": lambda p: TEMPLATES_README,
        folder / CASES_DIR / f"{SAMPLE_CASE}.yaml": lambda p: case_text(p, SAMPLE_CASE,
                                                                        content),
        folder / ".gitignore": lambda p: GITIGNORE,
    }
    for name, data in (taken.copies if taken else {}).items():
        files[folder / name] = lambda p, data=data: data
    writing.make_folder(folder / TEMPLATES_DIR / "css", below=folder)
    for path, text in files.items():
        writing.new(path, text(path), below=folder, sync=False)
    return list(files)


# A participant list and its division are at most this large (inputs/participants.py).
LIST_BYTES = 5 * 1024 * 1024
LIST_SUFFIXES = (".csv", ".xlsx", ".txt")


@dataclass(frozen=True)
class Taken:
    """What ``init --from`` takes from a built kit: its session (for sessie.yaml) and the
    files it copies into the workspace (name in the workspace -> bytes), with where each
    came from. The originals are only read."""

    kit: Path
    sessie: Sessie
    copies: dict[str, bytes] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    not_copied: tuple[Path, ...] = ()  # files a kit from elsewhere names: left where they are


def from_kit(kit: Path) -> Taken:
    """The settings a kit was built with (its manifest.json), read back as a workspace's
    sessie.yaml: the case, date, start, place, facilitator, the participant list and its
    division (copied: a workspace reads only its own files), the print shop's details.
    Everything is read before anything is written. Only a kit this computer built has its
    files copied (builder/cache.py knows it): a kit from elsewhere could name any file."""
    from codio_print.builder import cache
    from codio_print.inputs import access
    from codio_print.kit import manifest

    record = manifest.load(kit).settings
    made_here = cache.previous_kit(kit) is not None
    if not record:
        raise InputError(_("'{kit}' does not say which settings it was built with: an older "
                           "codio-print built it").format(kit=kit),
                         fix=_("build it again with this codio-print, then run init --from "
                               "again"))
    copies: dict[str, bytes] = {}
    sources: dict[str, Path] = {}
    not_copied: list[Path] = []

    def take(name: str, source: str, what: str, max_bytes: int) -> bool:
        path = Path(source)
        if not made_here:
            not_copied.append(path)
            return False
        copies[name] = access.read_bytes(path, [path.parent], what=what,
                                         source=kit / manifest.FILE, max_bytes=max_bytes)
        sources[name] = path
        return True

    participants = record.get("participants")
    if isinstance(participants, str):
        suffix = Path(participants).suffix.lower()
        name = "deelnemers" + (suffix if suffix in LIST_SUFFIXES else ".csv")
        participants = name if take(name, participants, _("the participant list"),
                                    LIST_BYTES) else None
        division = record.get("division")
        if isinstance(division, str) and Path(division).name == DIVISION_FILE and \
                Path(division).is_file():
            take(DIVISION_FILE, division, _("the division"), LIST_BYTES)
    case = record.get("case")
    if isinstance(case, str) and case not in case_paths([paths.CONTENT / "cases"]):
        own = Path(str(record.get("workspace") or "")) / CASES_DIR / f"{case}.yaml"
        if not record.get("workspace") or not own.is_file():
            raise InputError(_("the case '{case}' of this kit is not built in, and its file "
                               "is gone").format(case=case), file=kit / manifest.FILE,
                             fix=_("start with codio-print init DIR and copy the case into "
                                   "its cases/"))
        if not take(f"{CASES_DIR}/{case}.yaml", str(own), _("the case"), access.MAX_BYTES):
            case = None  # the sample case: sessie.yaml must name a case it can find
    icc = record.get("icc")
    icc_name = ""
    if isinstance(icc, str) and Path(icc).suffix.lower() in (".icc", ".icm"):
        icc_name = Path(icc).name if take(Path(icc).name, icc, _("the ICC profile"),
                                          access.MAX_BYTES) else ""
    sessie = _as_sessie(kit, record, {"case": case or SAMPLE_CASE,
                                      "participants": participants, "icc": icc_name})
    return Taken(kit, sessie, copies, sources, tuple(not_copied))


def _as_sessie(kit: Path, record: dict, here: dict[str, Any]) -> Sessie:
    """A kit's settings as sessie.yaml holds them: each setting under its key there
    (inputs/options.py), from the manifest, where it is kept under the setting's name, or
    from ``here`` (what was copied into the workspace)."""
    from codio_print.kit import manifest

    values: dict[str, Any] = {group: {} for group in GROUPS}
    for option in IN_FILE:
        value = here[option.name] if option.name in here else record.get(option.name)
        group, _dot, key = option.key.rpartition(".")
        if value is not None:
            (values[group] if group else values)[key] = value
    try:
        return Sessie(**values)
    except ValidationError as exc:
        raise InputError(_("the settings in {file} cannot be read back").format(
            file=kit / manifest.FILE), key=str(exc.errors()[0]["loc"][0]),
            fix=_("build the kit again, then run init --from again")) from None


def own_case_path(root: Path, case_id: str) -> Path:
    """cases/ID.yaml in the workspace ``root``; refused when ID is no id or a built-in
    case's (the workspace's case would hide it)."""
    if not re.fullmatch(ID, case_id):
        raise InputError(_("'{case}' cannot be a case id").format(case=case_id),
                         fix=_("use small letters, digits and dashes, e.g. mijn-dienst"))
    builtin = case_paths([paths.CONTENT / "cases"])
    if case_id in builtin:
        raise InputError(_("'{case}' is a built-in case").format(case=case_id),
                         fix=_("choose another id for your own case"))
    return root / CASES_DIR / f"{case_id}.yaml"


def new_case(root: Path, case_id: str) -> Path:
    """Write cases/ID.yaml in the workspace ``root``."""
    path = own_case_path(root, case_id)
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
