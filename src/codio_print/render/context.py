"""What every template sees, in one place: the pieces of the kit, the job sheet, the tiles'
marks and the results documents are all rendered from this context."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from codio_print.inputs.content import Content
from codio_print.inputs.models import Case
from codio_print.inputs.texts import load_texts, workshop_of
from codio_print.inputs.theme import Theme, load_theme
from codio_print.kit.pieces import Piece, plan
from codio_print.kit.printplan import PrintPlan, default_printing
from codio_print.kit.profiles import SCREEN, Profile
from codio_print.kit.schedule import timeline
from codio_print.kit.session import Session
from codio_print.render.colour import DEFAULT_ICC, css_palette, exact_palette, palette
from codio_print.render.templating import environment, render


def context(content: Content, session: Session, case: Case, pieces: list[Piece],
            theme: Theme | None = None, profile: Profile = SCREEN,
            icc: Path = DEFAULT_ICC, printing: PrintPlan | None = None) -> dict:
    """What every template sees. ``printing``: where each piece is printed (the run sheet's
    materials list, the job sheet)."""
    theme = theme or load_theme(None, content.fundamenten)
    texts = theme.texts or load_texts(None)
    workshop = workshop_of(content.workshop, texts)  # with the workspace's words
    slots = timeline(workshop.stappen, session.start)
    return {
        "content": content, "code": content.code, "case": case, "session": session,
        "workshop": workshop, "fundamenten": content.fundamenten,
        "timeline": slots, "slots": {s.stap.id: s for s in slots}, "pieces": pieces,
        "theme": theme, "font_css": theme.font_css, "font_stack": theme.body_stack,
        "groups": session.tables, "cards": session.cards(theme.body),
        "profile": profile, "icc_url": icc.resolve().as_uri(),
        "colours": css_palette(palette(theme.colours), profile.cmyk, icc,
                               exact_palette(theme.cmyk), profile.mono),
        "t": texts.html, "t_css": texts.css,
        "printing": printing,
    }


def render_html(content: Content, session: Session, case: Case, env=None,
                theme: Theme | None = None, pieces: list[Piece] | None = None,
                profile: Profile = SCREEN, icc: Path = DEFAULT_ICC,
                printing: PrintPlan | None = None,
                only: frozenset[str] | None = None) -> list[tuple[Piece, str]]:
    """The HTML of every piece in one profile, in kit order (``only``: of these pieces).
    ``pieces``: the kit's pieces as the build planned them (kit.pieces.plan, once per build);
    without them, the pieces of this session with an A0 poster."""
    env = env or environment()
    if pieces is None:
        pieces = plan(content, session.group_sizes, named=session.named)
    printing = printing or default_printing(pieces, session.named)
    base = context(content, session, case, pieces, theme, profile, icc, printing)
    if any(p.kind.key == "draaiboek" for p in pieces if only is None or p.id in only):
        base["dia"] = slides_of_steps(env, base, content)
    return [(p, render(env, p.kind.template, {**base, "piece": p, "fundament": p.fundament}))
            for p in pieces if only is None or p.id in only]


def slides_of_steps(env, base: dict, content: Content) -> dict[str, tuple[int, int]]:
    """For each step, the first and last slide of the deck that show it or its sub-steps
    (the run sheet names them: "dia 13–19"), counted in the deck as this kit renders it."""
    from codio_print.render.slides.read import slide_numbers

    deck = next((p for p in base["pieces"] if p.kind.key == "presentatie"), None)
    if deck is None:
        return {}
    numbers = slide_numbers(render(env, deck.kind.template,
                                   {**base, "piece": deck, "fundament": deck.fundament}))
    out: dict[str, tuple[int, int]] = {}

    def walk(stap) -> list[int]:
        mine = list(numbers.get(stap.id, []))
        for sub in stap.substappen:
            mine += walk(sub)
        if mine:
            out[stap.id] = (min(mine), max(mine))
        return mine

    for stap in content.stappen:
        walk(stap)
    return out


@dataclass
class Prepared:
    """Everything a build renders from: checked input and the HTML of every piece."""

    content: Content
    case: Case
    theme: Theme
    session: Session
    env: object
    profiles: tuple[Profile, ...]
    documents: dict[str, list[tuple[Piece, str]]]  # profile name -> (piece, HTML) in kit order
    printing: PrintPlan | None = None  # where each piece is printed

    @property
    def pieces(self) -> list[Piece]:
        return [piece for piece, _ in self.documents[self.profiles[0].name]]

    def html(self, index: int, profile: Profile) -> str:
        return self.documents[profile.name][index][1]
