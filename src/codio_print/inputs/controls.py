"""Characters that change how a text is shown, not what it says: control characters (NUL,
BEL, ESC ...) and the bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE makes a name or
an action read backwards; an ESC sequence rewrites a terminal).

Text from people codio-print does not know (a participant list, a filled-in sheet) may
carry them, by accident or on purpose. They are removed, not refused: nobody can see them
to take them out, and the text means the same without them. Where they were removed is
said in a warning. Tabs and line breaks are white space, not controls: each reader
already makes them one space where a text is one line.
"""

from __future__ import annotations

import re
import unicodedata

_C0_C1 = "".join(c for c in map(chr, range(0x100))
                 if unicodedata.category(c) == "Cc" and not c.isspace())
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
CONTROLS = re.compile(f"[{re.escape(_C0_C1 + _BIDI)}]")


def without_controls(text: str) -> str:
    return CONTROLS.sub("", text)


def controls_in(text: str) -> list[str]:
    """The controls in ``text``, each once, by code point and (where it has one) name:
    ['U+0007', 'U+202E RIGHT-TO-LEFT OVERRIDE']."""
    found = dict.fromkeys(CONTROLS.findall(text))
    return [f"U+{ord(c):04X}" + (f" {unicodedata.name(c)}" if unicodedata.name(c, "") else "")
            for c in found]
