"""Make a name fit its card: measure it with the font's own advance widths (no render).

One proportional correction of the font size, then a two-line fallback, as tent-card makers do.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from codio_print.inputs.fonts import DEFAULT_STACK, Entry, faces_of, font_bytes

PT_PER_MM = 72 / 25.4


@lru_cache(maxsize=None)
def _metrics(path: Path) -> tuple[dict[int, int], float]:
    font = TTFont(io.BytesIO(font_bytes(Path(path))), lazy=True, fontNumber=0)  # by the rule
    cmap = font.getBestCmap() or {}
    hmtx = font["hmtx"]
    widths = {cp: hmtx[name][0] for cp, name in cmap.items()}
    return widths, float(font["head"].unitsPerEm)


def _bold_files(stack: tuple[Entry, ...]) -> list[Path]:
    files = []
    for family in stack:
        candidates = [f for f in faces_of(family) if f.style == "normal"]
        bold = [f for f in candidates if f.weight == "700"] or candidates
        files.append(bold[0].path)
    return files


def family_for(text: str, stack: tuple[Entry, ...] = DEFAULT_STACK) -> Entry:
    """The first family of ``stack`` that has every character of ``text``.

    A name is then set in one font, not stitched from two (Vietnamese ị in Noto Sans beside
    Latin in Atkinson Hyperlegible reads as two typefaces). If no family has them all (Han
    characters), the first family is returned and fontconfig supplies the rest."""
    needed = {ord(ch) for ch in text if not ch.isspace()}
    for family, path in zip(stack, _bold_files(stack)):
        if needed <= _metrics(path)[0].keys():
            return family
    return stack[0]


def text_width(text: str, stack: tuple[Entry, ...]) -> float:
    """Width of ``text`` at 1 pt in the first font of ``stack`` that has each character."""
    fonts = [_metrics(p) for p in _bold_files(stack)]
    total = 0.0
    for ch in text:
        for widths, upem in fonts:
            if ord(ch) in widths:
                total += widths[ord(ch)] / upem
                break
        else:  # a script none of our fonts has: CJK is full width, the rest about 0.6 em
            total += 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.62
    return total


@dataclass(frozen=True)
class Fit:
    lines: tuple[str, ...]
    size_pt: float


def fit_name(name: str, width_mm: float, height_mm: float, *, max_pt: float = 92,
             min_pt: float = 48, stack: tuple[Entry, ...] = DEFAULT_STACK,
             line_height: float = 1.12) -> Fit:
    """The largest size at which ``name`` fits on one line, else on two lines."""
    stack = stack[stack.index(family_for(name, stack)):]
    width_pt = width_mm * PT_PER_MM * 0.96
    height_pt = height_mm * PT_PER_MM
    one = min(max_pt, width_pt / max(text_width(name, stack), 0.01),
              height_pt / line_height)
    words = name.split()
    best = Fit((name,), round(one, 1))
    if one >= min_pt or len(words) < 2:
        return best
    for cut in range(1, len(words)):
        lines = (" ".join(words[:cut]), " ".join(words[cut:]))
        widest = max(text_width(line, stack) for line in lines)
        size = min(max_pt, width_pt / widest, height_pt / (2 * line_height))
        if size > best.size_pt:
            best = Fit(lines, round(size, 1))
    return best
