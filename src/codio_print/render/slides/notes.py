"""The speaker notes: the facilitator's script for each slide's step (workshop.yaml
``begeleider``, with the step's goal and questions)."""

from __future__ import annotations

from codio_print.inputs.models import Stap, Workshop
from codio_print.render.slides.read import Slide


def _all_steps(stappen: list[Stap]) -> list[Stap]:
    out = []
    for s in stappen:
        out.append(s)
        out.extend(_all_steps(s.substappen))
    return out


def step_of(slide: Slide, workshop: Workshop) -> Stap | None:
    """The step a slide belongs to: the one its kicker names ("Deel 2 · 2b", "Deel 1 · Stap
    1 · De casus"); the opening slides belong to the start, the closing one to step 7."""
    steps = _all_steps(workshop.stappen)
    named = next((s for s in steps if slide.stap and s.id == slide.stap), None)
    if named is not None:  # the deck names each slide's step (data-stap)
        return named
    parts = [p.strip() for p in slide.kicker.split("·")]
    for part in reversed(parts):
        for s in steps:
            if part == s.label:
                return s
    for s in steps:  # a step's own slide without kicker match: by its name
        if slide.title and slide.title == s.naam:
            return s
    if slide.cover and not slide.kicker:  # the closing slide ("Bedankt!")
        return next((s for s in reversed(steps) if s.nummer is not None), None)
    return steps[0] if steps else None


def notes(slide: Slide, workshop: Workshop) -> str:
    """The facilitator's script for the slide's step: its goal, every line of
    ``begeleider``, its questions and example (as in the run sheet). The questions the slide
    shows of another list (4b: the four of the action plan) follow the step's own."""
    stap = step_of(slide, workshop)
    if stap is None:
        return ""
    lines = [f"{stap.label}: {stap.naam}" if stap.label != stap.naam else stap.naam,
             f"Doel: {stap.doel}"]
    lines += [f"- {b}" for b in stap.begeleider]
    if stap.vragen:
        lines.append("Vragen:")
        lines += [f"{i}. {q}" for i, q in enumerate(stap.vragen, 1)]
    shown = [_plain(b) for b in slide.blocks if b.kind == "li" and b.number]
    if shown and shown != list(stap.vragen):
        lines.append("Op het scherm:")
        lines += [f"{i}. {q}" for i, q in enumerate(shown, 1)]
    if stap.voorbeeld:
        lines.append(f"Voorbeeld: {stap.voorbeeld}")
    return "\n".join(lines)


def _plain(block) -> str:
    return "".join(r.text for r in block.runs)
