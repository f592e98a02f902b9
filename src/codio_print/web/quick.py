"""The quick preview ("Snel voorbeeld"): one piece's HTML as the build makes it, shown by the
browser itself while the real PDF is being made. Rendered in the workspace's preview
process (web/buildrun.py), where everything is imported and warm: only the one piece, in
the screen profile, no PDF, and without its scripts. The server gives it the files it
names (web/assets.py) and shows it in a sandboxed frame. The browser lays it out as one long
page of the piece's width: a preview, not the PDF (running headers, page breaks and form
fields differ).
"""

from __future__ import annotations

import re

SCRIPT = re.compile(r"<script\b.*?</script\s*>|<script\b[^>]*/?>", re.I | re.S)


def piece_html(settings, piece_id: str) -> str | None:
    """The HTML of piece ``piece_id`` as the next build renders it (screen profile), made to
    stand alone; None if the kit has no such piece."""
    from codio_print.builder.pipeline import loaded, printing_of
    from codio_print.kit.profiles import SCREEN
    from codio_print.render.context import render_html

    kit = loaded(settings)
    if not any(p.id == piece_id for p in kit.pieces):
        return None
    [(piece, html)] = render_html(kit.content, kit.session, kit.case, kit.env, kit.theme,
                                  kit.pieces, SCREEN, settings.icc,
                                  printing_of(settings, kit.pieces, kit.session),
                                  only=frozenset({piece_id}))
    width, _height = piece.page_mm
    return prepared(html, width)


def prepared(html: str, width_mm: float) -> str:
    """``html`` without scripts, laid out at the page's width."""
    html = SCRIPT.sub("", html)
    shown = (f"<style>html {{ background: #d8d8d8; }} body {{ box-sizing: border-box; "
             f"width: {width_mm:g}mm; margin: 8mm auto; padding: 12mm; background: #fff; "
             f"box-shadow: 0 1px 4px #0004; }}</style>")
    return html.replace("</head>", shown + "</head>", 1)
