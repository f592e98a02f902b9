"""The noodzaak × belang chart of the follow-up report, drawn by us as SVG.

A 3 × 3 grid: noodzaak (how urgent) from laag at the bottom to hoog at the top, belang (how
much it matters) from laag on the left to hoog on the right. Every action is a dot in its
fundament's colour with its id on it. Actions in the same cell are spread over a small grid
inside the cell in the order of the file: no randomness, so the same input draws the same chart.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

LEVELS = ("laag", "midden", "hoog")  # bottom to top, left to right

# Geometry in SVG user units (1 unit = 1 mm at the chart's printed width).
WIDTH, HEIGHT = 170.0, 128.0
LEFT, BOTTOM, TOP, RIGHT = 30.0, 20.0, 3.0, 3.0
CELL_W = (WIDTH - LEFT - RIGHT) / 3
CELL_H = (HEIGHT - TOP - BOTTOM) / 3
MAX_R = 6.0
FONT = "Atkinson Hyperlegible, Noto Sans, sans-serif"
INK, MUTED, LINE, TINT, FIRST = "#1b1b1b", "#555555", "#9a9a9a", "#f2f2f2", "#fdeee0"
ACCENT = "#e17000"


@dataclass(frozen=True)
class Point:
    """One action to draw: its id, its two levels and its colour."""

    id: str
    noodzaak: str
    belang: str
    colour: str


@dataclass(frozen=True)
class Placed:
    point: Point
    x: float
    y: float
    r: float


def _cell_origin(noodzaak: str, belang: str) -> tuple[float, float]:
    col = LEVELS.index(belang)
    row = 2 - LEVELS.index(noodzaak)  # hoog is the top row
    return LEFT + col * CELL_W, TOP + row * CELL_H


def place(points: Sequence[Point]) -> list[Placed]:
    """Where each dot goes: spread evenly over its cell, in the order given."""
    cells: dict[tuple[str, str], list[Point]] = {}
    for p in points:
        cells.setdefault((p.noodzaak, p.belang), []).append(p)
    placed: dict[str, Placed] = {}
    for (noodzaak, belang), items in cells.items():
        x0, y0 = _cell_origin(noodzaak, belang)
        n = len(items)
        cols = math.ceil(math.sqrt(n * CELL_W / CELL_H))
        rows = math.ceil(n / cols)
        step_x, step_y = CELL_W / (cols + 0.4), CELL_H / (rows + 0.4)
        r = min(MAX_R, 0.45 * min(step_x, step_y))
        for i, p in enumerate(items):
            row, col = divmod(i, cols)
            in_row = min(cols, n - row * cols)  # a short last row is centred
            x = x0 + CELL_W / 2 + (col - (in_row - 1) / 2) * step_x
            y = y0 + CELL_H / 2 + (row - (rows - 1) / 2) * step_y
            placed[p.id] = Placed(p, round(x, 2), round(y, 2), round(r, 2))
    return [placed[p.id] for p in points]


def _text(x: float, y: float, text: str, size: float, **attrs: str) -> str:
    extra = "".join(f" {k.replace('_', '-')}={quoteattr(v)}" for k, v in attrs.items())
    return (f'<text x="{x:.2f}" y="{y:.2f}" font-size="{size:.2f}"{extra}>'
            f"{escape(text)}</text>")


def svg(points: Sequence[Point]) -> str:
    """The chart as a standalone SVG document."""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH:g}mm" height="{HEIGHT:g}mm" '
           f'viewBox="0 0 {WIDTH:g} {HEIGHT:g}" font-family="{FONT}" fill="{INK}">']
    for noodzaak in LEVELS:
        for belang in LEVELS:
            x, y = _cell_origin(noodzaak, belang)
            first = noodzaak == belang == "hoog"
            out.append(f'<rect x="{x + 0.6:.2f}" y="{y + 0.6:.2f}" width="{CELL_W - 1.2:.2f}" '
                       f'height="{CELL_H - 1.2:.2f}" rx="1.5" fill="{FIRST if first else TINT}" '
                       f'stroke="{ACCENT if first else LINE}" stroke-width="0.3"/>')
    for i, level in enumerate(LEVELS):
        cx = LEFT + (i + 0.5) * CELL_W
        out.append(_text(cx, HEIGHT - BOTTOM + 6, level, 4.2, text_anchor="middle"))
        cy = TOP + (2 - i + 0.5) * CELL_H
        out.append(_text(LEFT - 2.5, cy + 1.5, level, 4.2, text_anchor="end"))
    out.append(_text(LEFT + 1.5 * CELL_W, HEIGHT - 4, "Belang", 4.8, text_anchor="middle",
                     font_weight="bold"))
    mid_y = TOP + 1.5 * CELL_H
    out.append(f'<g transform="translate(6.5 {mid_y:.2f}) rotate(-90)">'
               + _text(0, 0, "Noodzaak", 4.8, text_anchor="middle", font_weight="bold")
               + "</g>")
    for d in place(points):
        size = min(4.2, d.r * (0.95 if len(d.point.id) <= 2 else 0.78))
        out.append(f'<circle cx="{d.x:.2f}" cy="{d.y:.2f}" r="{d.r:.2f}" '
                   f'fill="{d.point.colour}"/>')
        out.append(_text(d.x, d.y + size * 0.35, d.point.id, size, text_anchor="middle",
                         font_weight="bold", fill="#ffffff"))
    out.append("</svg>")
    return "\n".join(out)


def data_uri(svg_text: str) -> str:
    """For ``<img src=...>``: an image with alt text is what PDF/UA tags as a figure."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg_text.encode()).decode("ascii")


def describe(points: Sequence[Point]) -> str:
    """The chart in words (the image's alt text): which actions are in which cell."""
    parts = []
    for noodzaak in reversed(LEVELS):
        for belang in reversed(LEVELS):
            ids = [p.id for p in points if (p.noodzaak, p.belang) == (noodzaak, belang)]
            if ids:
                parts.append(f"noodzaak {noodzaak}, belang {belang}: {', '.join(ids)}")
    if not parts:
        return "Grafiek van noodzaak en belang, zonder acties."
    return "Grafiek van noodzaak en belang. " + "; ".join(parts) + "."
