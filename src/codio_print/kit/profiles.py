"""Output profiles: the same piece written for the print shop and for screens and e-mail."""

from __future__ import annotations

from dataclasses import dataclass, replace



@dataclass(frozen=True)
class Profile:
    name: str              # also the output folder: build/<case>/<name>/<id>.pdf
    pdf_variant: str       # WeasyPrint's pdf_variant
    cmyk: bool             # colours as device-cmyk with a CMYK output intent
    bleed_mm: float        # bleed around pages whose colour runs to the edge
    cut_marks: bool        # cut and fold lines drawn on the page (for office printing)
    label: str             # in Dutch, for the job sheet and messages
    forms: bool = False    # form elements become PDF form fields (fillable worksheets)
    also_ua: bool = False  # a PDF/A variant that is PDF/UA-1 as well (tags, identification)
    mono: bool = False     # black ink only: fundamenten told apart by letter and line style


PRINT = Profile("print", "pdf/x-4", cmyk=True, bleed_mm=3.0, cut_marks=False,
                label="drukwerk (PDF/X-4, CMYK)")
SCREEN = Profile("screen", "pdf/ua-1", cmyk=False, bleed_mm=0.0, cut_marks=True,
                 label="scherm en e-mail (PDF/UA-1, RGB)", forms=True)
# For the black-and-white office printer: every colour as the grey of the same luminance, in
# black ink only (PDF/X-4 with the output profile, so nothing prints as a rich black), the
# fundamenten told apart by their letter and by line style (solid, dashed, dotted), cut and
# fold lines as on screen files.
MONO = Profile("mono", "pdf/x-4", cmyk=True, bleed_mm=0.0, cut_marks=True,
               label="zwart-witprinter (alleen zwart)", mono=True)
PROFILES = {p.name: p for p in (PRINT, SCREEN, MONO)}
# For the archive (the follow-up report): PDF/A-2u and PDF/UA-1 in one file. Not a profile
# of the kit (not in PROFILES): only `results build` writes it.
ARCHIVE = Profile("archive", "pdf/a-2u", cmyk=False, bleed_mm=0.0, cut_marks=True,
                  label="archief (PDF/A-2u en PDF/UA-1)", also_ua=True)

# Text keeps this distance from the trim in print (Dutch print shops ask 5 mm).
SAFE_MM = 5.0


def select(choice: str, bleed_mm: float = PRINT.bleed_mm) -> tuple[Profile, ...]:
    """``print``, ``screen``, ``mono`` or ``all`` (print and screen, print first); the print
    profile with ``bleed_mm`` of bleed (3, or 2 where a shop asks it). ``choice`` is one of
    the profile setting's choices (inputs/options.py), checked where it was given (the
    option or sessie.yaml's line): another word here is a mistake in the code (KeyError)."""
    printing = PRINT if bleed_mm == PRINT.bleed_mm else replace(PRINT, bleed_mm=bleed_mm)
    chosen = {**{name: (p,) for name, p in PROFILES.items()}, "all": (printing, SCREEN),
              "print": (printing,)}
    return chosen[choice]


def prints(profiles: tuple[Profile, ...]) -> bool:
    """The print profile (the print shop's files) is among ``profiles``, whatever its
    bleed."""
    return any(p.name == PRINT.name for p in profiles)
