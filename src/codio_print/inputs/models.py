"""The content models: the only thing templates see.

Every file in ``content/`` (and a workspace's cases) is validated against one of these.
Unknown keys are errors, so a typo never disappears silently.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
HEX = r"^#[0-9A-Fa-f]{6}$"
Herkomst = Literal["bevestigd", "aannemelijk", "reconstructie", "handleiding"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Deel(Model):
    nummer: int = Field(ge=1, le=3)
    naam: str
    uitleg: str


class Fundament(Model):
    id: str = Field(pattern=ID)
    naam: str
    letter: Literal["a", "b", "c"]
    kleur: str = Field(pattern=HEX)
    uitleg: str
    vraag: str


class Principe(Model):
    id: str = Field(pattern=ID)
    naam: str
    fundament: str
    uitleg: str


class Waarde(Model):
    id: str = Field(pattern=ID)
    naam: str
    principe: str
    uitleg: str = Field(max_length=320)
    vraagt: str = Field(max_length=240)
    herkomst: Herkomst
    kort: str = Field("", max_length=60)  # a few plain words after the name on worksheets


class Code(Model):
    naam: str
    afkorting: str
    variant: str
    variant_naam: str
    inleiding: str
    delen: list[Deel] = Field(min_length=3, max_length=3)
    fundamenten: list[Fundament] = Field(min_length=3, max_length=3)
    principes: list[Principe] = Field(min_length=1)
    waarden: list[Waarde] = Field(min_length=1)


class Mechanisme(Model):
    id: str = Field(pattern=ID)
    naam: str
    uitleg: str
    voorbeelden: list[str] = Field(min_length=2, max_length=3)
    kort: str = Field("", max_length=60)  # a few plain words after the name on worksheets


class Borging(Model):
    uitleg: str
    mechanismen: list[Mechanisme] = Field(min_length=1)


class Niveau(Model):
    id: str = Field(pattern=ID)
    naam: str
    uitleg: str


class As(Model):
    naam: str
    niveaus: list[Niveau] = Field(min_length=2)


class Voorbeeld(Model):
    """One of the manual's example cases, as a point of reference in the Deel 1 matrix."""
    organisatie: str
    titel: str
    herkomst: str
    proactiviteit: list[str] = Field(min_length=1)


class Classificatie(Model):
    uitleg: str
    proactiviteit: As
    herkomst: As
    voorbeelden: list[Voorbeeld] = []


class OnderzoekWaarde(Model):
    waarde: str = Field(description="Id van een waarde uit de code die bij dit "
                                    "fundament hoort.")
    waarom: str = Field(max_length=300, description="Waarom deze waarde telt bij zo'n dienst "
                                                    "(hoogstens 300 tekens).")
    herkomst: Herkomst = Field("reconstructie", description="Hoe zeker het is dat deze "
                                                            "waarde er speelt.")


class Onderzoek(Model):
    uitleg: str
    let_op: str = ""  # what the list is not (hand-out 6, in a box)
    per_herkomst: dict[str, dict[str, list[OnderzoekWaarde]]]


class Stap(Model):
    id: str
    nummer: int | None = None
    deel: int | None = None
    naam: str
    minuten: int = Field(gt=0)
    vorm: Literal["plenair", "individueel", "groepjes", "groepjes en plenair"]
    doel: str
    begeleider: list[str] = []
    groepstaak: str | None = None
    handouts: list[int] = []
    stukken: list[str] = []  # other pieces used in this step (naamkaartjes, casus, flip-over)
    vragen: list[str] = []
    actieplan_vragen: list[str] = []
    checklist: list[str] = []
    scherm: list[str] = []   # what the slide of this step shows besides its goal and task
    voorbeeld: str = ""      # an example the facilitator gives (run sheet and slide)
    substappen: list["Stap"] = []

    @property
    def label(self) -> str:
        if self.nummer is not None:
            return f"Stap {self.nummer}"
        if self.id[0].isdigit():
            return self.id
        return self.naam


class Woord(Model):
    woord: str
    uitleg: str = Field(max_length=120)
    casus: bool = False  # shown only where the case's title or text uses the word


class Workshop(Model):
    titel: str
    duur_minuten: int
    doelen: list[str]
    opbrengst: str
    voorbereiding: list[str]
    klaarzetten: list[str]
    na_afloop: list[str]
    stappen: list[Stap]
    woordenlijst: list[Woord] = []  # the code's words, on the pieces participants hold


class CaseData(Model):
    wat: str = Field(description="Welke gegevens, in gewone woorden.")
    bron: str = Field(description="Waar de gegevens vandaan komen.")


class CaseNiveau(Model):
    niveau: str = Field(description="Mate van proactiviteit.")
    toelichting: str = Field(description="Waarom de dienst op dit niveau zit.")


_SMALL_WORDS = {"de", "het", "een", "van", "voor", "en", "of", "op", "in", "met", "bij", "aan",
                "te", "door", "naar", "om", "over", "uit", "tot"}
SHORT_TITLE = 32  # a title's start in the short name, in characters


def _start(text: str, most: int) -> str:
    """The words of ``text`` that fit in ``most`` characters, with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= most:
        return text
    cut = text[:most].rsplit(" ", 1)[0] if " " in text[:most] else text[:most]
    words = cut.rstrip(" ,:;·-").split(" ")
    while len(words) > 1 and words[-1].lower() in _SMALL_WORDS:  # not "… van…"
        words.pop()
    return " ".join(words) + "…"


class Case(Model):
    """A case file (content/cases/*.yaml, or cases/*.yaml in a workspace)."""

    id: str = Field(pattern=ID, description="Korte naam van de casus: kleine letters, "
                                            "cijfers en streepjes. Gelijk aan de "
                                            "bestandsnaam zonder .yaml.")
    # The title and organisation head every sheet and slide; longer ones crowd them.
    organisatie: str = Field(max_length=60,
                             description="De organisatie die de dienst levert, bijvoorbeeld "
                                         "Gemeente Arnhem. Hoogstens 60 tekens.")
    titel: str = Field(max_length=120, description="Naam van de dienst: kort, komt op elk "
                                                   "stuk. Hoogstens 120 tekens.")
    kort: str = Field("", max_length=30,
                      description="Korte naam voor de kop van elk blad, bijvoorbeeld "
                                  "\"Utrecht · CBA\". Hoogstens 30 tekens. Leeg: gemaakt "
                                  "uit de plaats en de afkorting of het begin van de titel.")
    ondertitel: str = Field("", max_length=200,
                            description="Eén zin: wat de dienst doet en voor wie. "
                                        "Mag leeg blijven.")
    beschrijving: str = Field(description="De casus in gewone taal (B1), in een paar "
                                          "alinea's. Laat een lege regel tussen alinea's.")
    data: list[CaseData] = Field(min_length=1, description="Welke gegevens de dienst "
                                                           "gebruikt en waar ze vandaan "
                                                           "komen; één regel per soort.")
    proactiviteit: list[CaseNiveau] = Field(
        min_length=1, description="Hoe proactief is de dienst? Eén of meer niveaus, elk met "
                                  "een toelichting.")
    herkomst: str = Field(description="Waar de data vandaan komen.")
    vragen_bij_casus: list[str] = Field([], description="Vragen om over na te denken tijdens "
                                                        "het lezen; komen op het casusblad.")
    voorbeeld_spanning: str = Field("", max_length=300,
                                    description="Een voorbeeld uit deze casus van twee waarden "
                                                "die botsen, voor stap 4. Leeg: het voorbeeld "
                                                "uit de handleiding.")
    handout6: dict[str, list[OnderzoekWaarde]] | None = Field(
        None, description="Eigen waarden voor hand-out 6, per fundament. Weglaten: de "
                          "waarden die horen bij de herkomst van de data.")

    @field_validator("beschrijving")
    @classmethod
    def _paragraphs(cls, v: str) -> str:
        return re.sub(r"\n{3,}", "\n\n", v)

    @property
    def korte_naam(self) -> str:
        """The case in the running header and the header band: ``kort``, else the place
        and the title's abbreviation ("Utrecht · CBA") or its start ("Apeldoorn ·
        Erop-af-aanpak")."""
        if self.kort.strip():
            return " ".join(self.kort.split())
        place = re.sub(r"^(gemeente|provincie|waterschap)\s+", "", self.organisatie.strip(),
                       flags=re.IGNORECASE)
        found = (re.search(r"\(([^()]{2,12})\)", self.titel)
                 or re.search(r"\b([A-Z][A-Z0-9]{1,7})\b", self.titel))
        lead = re.split(r"[:(–—]", self.titel)[0].strip() or self.titel  # before a colon
        name = found.group(1) if found else _start(lead, SHORT_TITLE)
        return f"{place} · {name}" if place else name

    @property
    def alineas(self) -> list[str]:
        return [" ".join(p.split()) for p in self.beschrijving.split("\n\n") if p.strip()]
