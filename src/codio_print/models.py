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


class Classificatie(Model):
    uitleg: str
    proactiviteit: As
    herkomst: As


class OnderzoekWaarde(Model):
    waarde: str
    waarom: str = Field(max_length=300)
    herkomst: Herkomst = "reconstructie"


class Onderzoek(Model):
    uitleg: str
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
    vragen: list[str] = []
    actieplan_vragen: list[str] = []
    checklist: list[str] = []
    substappen: list["Stap"] = []

    @property
    def label(self) -> str:
        if self.nummer is not None:
            return f"Stap {self.nummer}"
        if self.id[0].isdigit():
            return self.id
        return self.naam


class Workshop(Model):
    titel: str
    duur_minuten: int
    doelen: list[str]
    opbrengst: str
    voorbereiding: list[str]
    klaarzetten: list[str]
    na_afloop: list[str]
    stappen: list[Stap]


class CaseData(Model):
    wat: str
    bron: str


class CaseNiveau(Model):
    niveau: str
    toelichting: str


class Case(Model):
    id: str = Field(pattern=ID)
    organisatie: str
    titel: str
    ondertitel: str = ""
    beschrijving: str
    data: list[CaseData] = Field(min_length=1)
    proactiviteit: list[CaseNiveau] = Field(min_length=1)
    herkomst: str
    vragen_bij_casus: list[str] = []
    handout6: dict[str, list[OnderzoekWaarde]] | None = None

    @field_validator("beschrijving")
    @classmethod
    def _paragraphs(cls, v: str) -> str:
        return re.sub(r"\n{3,}", "\n\n", v)

    @property
    def alineas(self) -> list[str]:
        return [" ".join(p.split()) for p in self.beschrijving.split("\n\n") if p.strip()]
