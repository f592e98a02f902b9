"""How much room a text takes on a slide: its lines, measured in the deck's own font files (the
ones the PDF is set in and the .pptx embeds), broken at spaces as a browser breaks them. The
.pptx draws every box at the height its text takes, so that a slide's parts stand where the
PDF has them and nothing overlaps."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from codio_print.render.slides.read import Run

PT_MM = 25.4 / 72  # one point in millimetres
SLACK = 0.01       # how much wider the .pptx's text boxes are than the PDF's lines


@lru_cache(maxsize=16)
def _font(path: str):
    from PIL import ImageFont

    return ImageFont.truetype(path, size=1000)


@dataclass(frozen=True)
class Measure:
    """Text widths in one family: the file of its regular and of its bold face (None: an
    average letter of half the size, a bold one a little wider)."""

    regular: Path | None = None
    bold: Path | None = None
    _cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def width(self, text: str, pt: float, bold: bool = False) -> float:
        """The width of ``text`` at ``pt`` points, in millimetres."""
        path = (self.bold or self.regular) if bold else self.regular
        if path is None:
            return len(text) * pt * PT_MM * (0.58 if bold else 0.52)
        key = (text, bold)
        if key not in self._cache:
            self._cache[key] = _font(str(path)).getlength(text) / 1000
        return self._cache[key] * pt * PT_MM

    def lines(self, runs: list[Run], pt: float, width_mm: float, small_pt: float | None = None,
              keep: tuple[str, ...] = ()) -> int:
        """How many lines ``runs`` take in a box ``width_mm`` wide: words set one after
        another, a new line where the next word does not fit or a run is a line break.
        ``small_pt``: the size of the small runs; ``keep``: texts that never break (a clock
        time with its minutes)."""
        count, used = 1, 0.0
        for word, size, bold in _words(runs, pt, small_pt, keep):
            if word == "\n":
                count, used = count + 1, 0.0
                continue
            glued = word.startswith("\u200b")  # the rest of a word after its hyphen
            word = word.lstrip("\u200b")
            w = self.width(word, size, bold)
            space = self.width(" ", size, bold) if used and not glued else 0.0
            if used and used + space + w > width_mm + 0.01:
                count, used = count + 1, w
            else:
                used += space + w
        return count


def settle(measure: Measure, runs: list[Run], pt: float, width_mm: float,
           small_pt: float | None = None, keep: tuple[str, ...] = (),
           extra_mm: float | None = None) -> list[Run]:
    """The runs with a line break where the PDF breaks a line although the next word would
    nearly fit (within three times ``extra_mm``, else ``SLACK`` of the width), and after a
    hyphen where the PDF breaks the line there. Drawn in a box ``extra_mm`` wider, a program
    whose text widths differ from the PDF's by less than that (LibreOffice, PowerPoint:
    hinting, rounding) breaks every line where the PDF does: the close calls are settled by
    the breaks, the others fall the same way in either box."""
    extra = width_mm * SLACK if extra_mm is None else extra_mm
    out: list[Run] = []
    used = 0.0
    for r in runs:
        size = (small_pt or pt * 0.8) if r.small else pt
        if r.text == "\n":
            out.append(r)
            used = 0.0
            continue
        text = r.text
        for k in keep:
            text = text.replace(k, k.replace(" ", "\u00a0"))
        buf, glued = "", False
        for token in re.split(r"( +|(?<=[A-Za-z]-)(?=[A-Za-z]))", text):
            if token is None or token == "":
                glued = token == ""  # after a hyphen: no space between
                continue
            if token.isspace():
                buf, glued = buf + token, False
                continue
            w = measure.width(token.replace("\u00a0", " "), size, r.bold)
            space = measure.width(" ", size, r.bold) if used and not glued else 0.0
            if used and used + space + w > width_mm + 0.01:
                # a close call (the box is ``extra`` wider, the call three times that)
                if glued or used + space + w <= width_mm + 3 * extra:
                    out.append(replace(r, text=buf.rstrip(" ")))
                    out.append(replace(r, text="\n"))
                    buf = ""
                used = w
            else:
                used += space + w
            buf += token
            glued = False
        for k in keep:
            buf = buf.replace(k.replace(" ", "\u00a0"), k)
        out.append(replace(r, text=buf))
    return [r for r in out if r.text]


def _words(runs: list[Run], pt: float, small_pt: float | None, keep: tuple[str, ...]):
    for r in runs:
        size = (small_pt or pt * 0.8) if r.small else pt
        if r.text == "\n":
            yield "\n", size, r.bold
            continue
        text = r.text
        for k in keep:
            text = text.replace(k, k.replace(" ", "\u00a0"))
        for word in text.split():
            parts = re.split(r"(?<=[A-Za-z]-)(?=[A-Za-z])", word)  # a break after a hyphen
            for n, part in enumerate(parts):
                yield ("\u200b" if n else "") + part.replace("\u00a0", " "), size, r.bold
