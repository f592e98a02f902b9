"""Fonts come from PyPI packages (fontpkg-*), so every machine renders the same glyphs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import fontpkg
from markupsafe import Markup

from .errors import ContentError

# Body text first; the fallbacks cover the scripts the first one lacks.
# Almarai for Arabic: unlike Noto Sans Arabic it draws dotted letters as whole glyphs, so
# WeasyPrint's text layer extracts names correctly (WeasyPrint issue #2841).
DEFAULT_STACK = ("Atkinson Hyperlegible", "Noto Sans", "Almarai")
# Families whose script needs glyph composition ("ccmp"), which base.css turns off elsewhere.
SHAPED_FAMILIES = frozenset({"Almarai"})
# Han, kana and hangul come from Debian's fonts-noto-cjk (scripts/setup-system.sh), found by
# fontconfig: no PyPI package carries them.
SYSTEM_FALLBACK = ('"Noto Sans CJK SC"', "sans-serif")


def css_stack(stack: tuple[str, ...] = DEFAULT_STACK) -> Markup:
    """The CSS font-family list: our fonts, then the system's CJK font."""
    return Markup(", ".join([f'"{name}"' for name in stack] + list(SYSTEM_FALLBACK)))


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path
    weight: str  # "400" or "700"
    style: str


@lru_cache(maxsize=None)
def faces(name: str) -> tuple[FontFace, ...]:
    """All files of an installed fontpkg family, as @font-face entries."""
    try:
        family = fontpkg.family(name)
    except fontpkg.FontpkgError:
        raise ContentError(f"font '{name}' is not installed",
                           fix=f"pip install fontpkg-{fontpkg.slugify(name)}") from None
    out = []
    for f in family.files:
        # A variable font (no fixed weight) serves both regular and bold.
        for weight in ([str(f.weight)] if f.weight else ["400", "700"]):
            out.append(FontFace(family.name, Path(f.path), weight, f.style))
    return tuple(out)


def font_faces(stack: tuple[str, ...] = DEFAULT_STACK) -> list[FontFace]:
    return [face for name in stack for face in faces(name)]


def font_face_css(faces_: list[FontFace]) -> Markup:
    """@font-face rules pointing at the installed files."""
    rules = []
    for f in faces_:
        rules.append(
            f'@font-face {{ font-family: "{f.family}"; src: url("{f.path.as_uri()}"); '
            f"font-weight: {f.weight}; font-style: {f.style}; }}")
    return Markup("\n".join(rules))
