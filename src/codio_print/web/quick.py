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
    from codio_print.inputs.content import load_content
    from codio_print.inputs.theme import load_theme
    from codio_print.inputs.workspace import case_dirs, override_dirs
    from codio_print.kit.pieces import plan
    from codio_print.kit.printplan import default_printing
    from codio_print.kit.profiles import SCREEN
    from codio_print.kit.session import make_session
    from codio_print.render.context import render_html
    from codio_print.render.templating import environment

    content = load_content(only_case=settings.case,
                           extra_case_dirs=case_dirs(settings.workspace))
    case = content.case(settings.case)
    theme = load_theme(settings.workspace, content.fundamenten)
    session = make_session(content, settings.participants, settings.start, settings.date,
                           location=settings.location, facilitator=settings.facilitator,
                           division=settings.division_file, sheet=settings.sheet)
    pieces = plan(content, session.group_sizes, named=session.named, poster=settings.poster)
    found = [p for p in pieces if p.id == piece_id]
    if not found:
        return None
    env = environment(override_dirs(settings.workspace))
    [(piece, html)] = render_html(content, session, case, env, theme, pieces, SCREEN,
                                  settings.icc, default_printing(pieces, session.named),
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
