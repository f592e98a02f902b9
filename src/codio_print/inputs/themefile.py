"""huisstijl.yaml as a person writes it: the pydantic model of the file, with its Dutch field
descriptions (the JSON Schema and ``init`` show them), and the colours it accepts ("#rrggbb",
or a group with rgb, cmyk and pantone). theme.py turns it into the look a build uses."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from codio_print.i18n import _
from codio_print.inputs.models import Model


_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")
HEX_SCHEMA = {"type": "string", "pattern": "^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$"}


def hex_colour(value: Any) -> str:
    """'#1D5FA0', '1d5fa0' or '#abc' → '#1d5fa0'. Unquoted, YAML reads '#...' as a comment."""
    if value is None or value == "":
        raise PydanticCustomError(
            "colour", _("the colour is empty (without quotes YAML reads # as a comment)"),
            {"fix": _('write the colour in quotes, e.g. "#154273"')})
    match = _HEX.fullmatch(str(value).strip()) if isinstance(value, str) else None
    if not match:
        raise PydanticCustomError("colour", _("'{value}' is not a colour"),
                                  {"value": value,
                                   "fix": _('write it as "#rrggbb", e.g. "#154273"')})
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def _empty_is_none(value: Any) -> Any:
    return None if value == "" else value


FontSpec = Annotated[str | list[str] | None, BeforeValidator(_empty_is_none)]
OptionalText = Annotated[str | None, BeforeValidator(_empty_is_none)]


def _cmyk(value: Any) -> tuple[float, float, float, float]:
    """[100, 35, 0, 20], "100 35 0 20" or "100/35/0/20" (percent) -> ink fractions."""
    parts = value if isinstance(value, list) else re.split(r"[\s,/;]+", str(value).strip())
    try:
        inks = [float(str(v).strip().rstrip("%")) for v in parts if str(v).strip()]
    except ValueError:
        inks = []
    if len(inks) != 4 or not all(0 <= v <= 100 for v in inks):
        raise PydanticCustomError(
            "cmyk", _("'{value}' is not a CMYK colour"),
            {"value": value, "fix": _("give four percentages, cyan magenta yellow black, "
                                      "e.g. [100, 35, 0, 20]")})
    return tuple(round(v / 100, 4) for v in inks)  # type: ignore[return-value]


CMYK_SCHEMA = {"oneOf": [{"type": "array", "items": {"type": "number", "minimum": 0,
                                                    "maximum": 100},
                          "minItems": 4, "maxItems": 4},
                         {"type": "string"}]}
Cmyk = Annotated[tuple[float, float, float, float] | None, BeforeValidator(
    lambda v: None if v in (None, "") else _cmyk(v)), WithJsonSchema(CMYK_SCHEMA)]


class Kleur(Model):
    """One colour given for screen and for print."""

    rgb: Annotated[str, BeforeValidator(hex_colour), WithJsonSchema(HEX_SCHEMA)] = Field(
        description="De kleur op het scherm, als \"#rrggbb\".")
    cmyk: Cmyk = Field(None, description="De kleur voor de drukker, in procenten cyaan, "
                                         "magenta, geel, zwart: [100, 35, 0, 20]. De "
                                         "drukbestanden gebruiken precies deze waarden.")
    pantone: OptionalText = Field(None, description="De Pantone-kleur, bijvoorbeeld "
                                                         "\"PMS 3015 C\". Geef er ook cmyk "
                                                         "bij: die drukt codio-print.")

    @model_validator(mode="after")
    def _pantone_needs_cmyk(self):
        if self.pantone and not self.cmyk:
            raise PydanticCustomError(
                "pantone", _("a Pantone colour needs its CMYK values"),
                {"fix": _("add 'cmyk:' with the four percentages the Pantone guide gives for "
                          "it; the print files use those")})
        return self


def _colour_spec(value: Any) -> Any:
    """A colour as "#rrggbb", or as a group with rgb, cmyk and pantone."""
    if isinstance(value, (dict, Kleur)):
        return value
    return hex_colour(value)


Hex = Annotated[str, WithJsonSchema(HEX_SCHEMA)]
# Kleur first: a mistake in a group (rgb, cmyk) is reported on its own line.
Colour = Annotated[Kleur | Hex, BeforeValidator(_colour_spec)]
FundamentColour = Annotated[Kleur | Hex | None, BeforeValidator(_colour_spec)]


class Kleuren(Model):
    primair: Colour = Field(
        "#154273", description="Hoofdkleur: lijnen, koppen, de titeldia en de grote poster.")
    accent: Colour = Field(
        "#e17000", description="Accentkleur: kleine koppen op de dia's en wat als eerste "
                               "moet opvallen. Kies een kleur die goed afsteekt tegen de "
                               "hoofdkleur.")
    democratie: FundamentColour = Field(
        None, description="Kleur van fundament A, democratie: tafel, hand-outs en poster "
                          "van die groep. Weglaten: de standaardkleur van de workshop.")
    rechtsstaat: FundamentColour = Field(
        None, description="Kleur van fundament B, rechtsstaat. Weglaten: de standaardkleur.")
    bestuurskracht: FundamentColour = Field(
        None, description="Kleur van fundament C, bestuurskracht. Weglaten: de "
                          "standaardkleur.")


class Lettertypen(Model):
    tekst: FontSpec = Field(
        "Atkinson Hyperlegible",
        description="Letter voor alle tekst. De naam van een geïnstalleerd fontpkg-pakket "
                    "(bijvoorbeeld \"Noto Sans\" uit fontpkg-noto-sans) of het pad van een "
                    "letterbestand (.ttf, .otf, .woff2) in deze map; voor gewoon en vet: "
                    "een lijst van twee bestanden.")
    koppen: FontSpec = Field(
        None, description="Letter voor de koppen, op dezelfde manier. Leeg: dezelfde "
                          "letter als de tekst.")


class Huisstijl(Model):
    """huisstijl.yaml: the organisation's look."""

    organisatie: str = Field(
        "", description="Naam van je organisatie. Staat bij het logo en onderaan elk stuk. "
                        "Leeg: geen naam.")
    logo: OptionalText = Field(
        None, description="Logo als SVG (het best) of PNG, pad vanaf deze map, bijvoorbeeld "
                          "logo.svg. Een PNG moet groot genoeg zijn voor de poster: minstens "
                          "250 pixels hoog. Leeg: geen logo.")
    logo_tekst: OptionalText = Field(
        None, description="Beschrijving van het logo voor schermlezers (alt-tekst). Leeg: "
                          "\"Logo van\" en de naam van de organisatie.")
    kleuren: Kleuren = Field(Kleuren(), description="Kleuren als \"#rrggbb\" (RGB), tussen "
                                                     "aanhalingstekens. Voor de drukker "
                                                     "rekent codio-print ze om naar CMYK; "
                                                     "of geef een kleur als rgb, cmyk en "
                                                     "eventueel pantone, dan drukt hij "
                                                     "precies die CMYK-waarden.")
    powerpoint: OptionalText = Field(
        None, description="Je eigen PowerPoint-sjabloon (.pptx of .potx), pad vanaf deze "
                          "map. presentatie.pptx gebruikt dan de dia-indelingen daarvan: een "
                          "titeldia en 'titel en inhoud'. Leeg: de eigen opmaak van "
                          "codio-print in je kleuren.")
    tokens: OptionalText = Field(
        None, description="Design tokens van je organisatie (NL Design System): het pad van "
                          "een tokens.json in deze map, of een geïnstalleerd npm-pakket, "
                          "bijvoorbeeld \"@gemeente/design-tokens\". Kleuren en letters komen "
                          "dan daaruit; wat een token niet geeft, uit dit bestand. Leeg: geen.")
    lettertypen: Lettertypen = Field(Lettertypen(), description="Lettertypen.")
