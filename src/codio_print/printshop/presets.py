"""Print presets a Dutch print shop recognises: the printing condition, its ICC profile and
its total ink limit (the sum of C, M, Y and K at any point).

The limits are those of the ECI's profiles for each condition (European Color Initiative,
eci.org, "Offset profiles"): ISO Coated v2 (FOGRA39) 330 %, its 300 % variant 300 %, PSO
Coated v3 (FOGRA51) 300 %, PSO Uncoated v3 (FOGRA52) 300 %. A shop may ask for less on
uncoated paper (often 260–280 %): the job sheet names the limit the files were checked
against.

The ECI's profiles come under the ECI's own terms, not under codio-print's licence: they are
not shipped (a print file embeds the profile, which those terms allow). A preset names its file and where to get it; ``--icc FILE`` (or
``drukwerk.icc`` in sessie.yaml) gives it. Without a preset codio-print uses the profile it
ships (Ghostscript's generic CMYK profile, templates/assets/icc/LICENCE.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from codio_print import paths
from codio_print.inputs.settings import Settings
from codio_print.i18n import _
from codio_print.render.colour import MAX_INK, profile_name

ECI_DOWNLOADS = "eci.org → Downloads → ICC profiles from ECI"  # the site's own menu


@dataclass(frozen=True)
class Preset:
    id: str
    name: str             # the profile's name, as shops write it
    condition: str        # the registered printing condition (FOGRA39), "" when none
    paper: str            # in Dutch, for the job sheet
    max_ink: int          # total area coverage, percent
    icc_file: str = ""    # the ECI's file name; "" for the profile codio-print ships
    package: str = ""     # the ECI's download that holds it
    words: tuple[str, ...] = ()  # one of them in the profile's description identifies it
    without: str = ""     # ... unless this is in it too (ISO Coated v2 300 %)

    @property
    def label(self) -> str:
        return f"{self.condition} ({self.name})" if self.condition else self.name

    def fits(self, description: str) -> bool:
        text = description.casefold().replace("_", " ")
        return (any(w in text for w in self.words)
                and not (self.without and self.without in text))


SHIPPED = Preset("standaard", "Artifex CMYK SWOP (Ghostscript)", "", "gestreken papier",
                 int(MAX_INK * 100))

PRESETS: dict[str, Preset] = {p.id: p for p in (
    SHIPPED,
    Preset("fogra39", "ISO Coated v2 (ECI)", "FOGRA39", "gestreken papier (coated)", 330,
           "ISOcoated_v2_eci.icc", "eci_offset_2009.zip",
           ("fogra39", "iso coated v2", "isocoated v2"), without="300"),
    Preset("fogra39-300", "ISO Coated v2 300% (ECI)", "FOGRA39", "gestreken papier (coated)",
           300, "ISOcoated_v2_300_eci.icc", "eci_offset_2009.zip",
           ("iso coated v2 300", "isocoated v2 300")),
    Preset("fogra51", "PSO Coated v3", "FOGRA51", "gestreken papier (coated)", 300,
           "PSOcoated_v3.icc", "pso-coated_v3.zip", ("fogra51", "pso coated v3",
                                                     "psocoated v3")),
    Preset("fogra52", "PSO Uncoated v3 (FOGRA52)", "FOGRA52", "ongestreken papier (uncoated)",
           300, "PSOuncoated_v3_FOGRA52.icc", "pso-uncoated_v3_fogra52.zip",
           ("fogra52", "pso uncoated v3", "psouncoated v3")),
)}
# sessie.yaml's choices (inputs.workspace.PRESET_IDS) are these; a test keeps them equal.


@dataclass(frozen=True)
class Chosen:
    """The preset of a build, the profile its colours go through, and the bleed."""

    preset: Preset
    icc: Path
    icc_name: str         # the description inside the profile
    bleed_mm: int
    warnings: tuple[str, ...] = ()

    @property
    def max_ink(self) -> int:
        return self.preset.max_ink


def chosen(settings: Settings) -> Chosen:
    """The preset, profile and bleed of ``settings``; one line when a preset needs a profile
    that was not given. A profile given without a preset is recognised by its name (an ECI
    profile, or the Adobe/Fogra ones with the condition in their name)."""
    preset = PRESETS[settings.preset]
    own_icc = settings.icc != paths.DEFAULT_ICC
    if preset.icc_file and not own_icc:
        raise settings.problem(
            "preset", _("'{preset}' needs the ICC profile {profile} ({file}), which "
                        "codio-print does not ship (it comes under the ECI's own "
                        "terms)").format(preset=preset.id, profile=preset.name,
                                         file=preset.icc_file),
            fix=_("download {package} from {site} (or ask the print shop for the file), then "
                  "give --icc {file} or, in sessie.yaml, drukwerk.icc: {file}").format(
                package=preset.package, site=ECI_DOWNLOADS, file=preset.icc_file))
    name = profile_name(settings.icc)
    warnings = []
    if own_icc and preset is SHIPPED:
        found = next((p for p in PRESETS.values() if p.icc_file and p.fits(name)), None)
        preset = found or Preset("eigen", name, "", "volgens de drukker", SHIPPED.max_ink)
    elif own_icc and not preset.fits(name):
        warnings.append(_("the ICC profile '{name}' ({file}) does not look like {preset}: "
                          "the files are made for '{name}', checked against {ink} % ink — "
                          "give the {wanted} the preset names").format(
            name=name, file=settings.icc.name, preset=preset.label, ink=preset.max_ink,
            wanted=preset.icc_file))
    return Chosen(preset, settings.icc, name, settings.bleed, tuple(warnings))
