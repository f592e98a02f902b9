"""The build step of the slides: presentatie.pptx beside presentatie.pdf, and presentatie.odp
converted from it by LibreOffice (render/libreoffice.py), or the previous kit's .odp when the
.pptx is the same bytes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from codio_print.inputs import access
from codio_print.inputs.texts import workshop_of
from codio_print.render.libreoffice import Conversion, soffice
from codio_print.render.slides.deck import build_pptx, font_note
from codio_print.render.slides.read import read_slides
from codio_print.render.slides.reproducible import normalise_zip

PPTX = "presentatie.pptx"
ODP = "presentatie.odp"
PREVIOUS_ODP_MAX = 256 * 1024 * 1024  # the .odp of a deck; far more than any


@dataclass
class Slides:
    """A kit's slides: presentatie.pptx, and presentatie.odp as the previous kit's copy (when
    the .pptx is the same) or from a conversion that runs meanwhile (:func:`start_slides`)."""

    data: bytes
    pages: int
    stamp: datetime
    previous_odp: bytes | None = None  # read by the rule for reading (access.py)
    conversion: Conversion | _Later | None = None
    index: int = 0  # this kit's file in the conversion
    note: str | None = None  # a font that could not be embedded: the deck uses Arial


def start_slides(kits: list[tuple[Path, object]], *, at_once: bool = True,
                 keys: list[dict] | None = None) -> list[Slides | None]:
    """For each (final folder, Prepared): the .pptx, and one LibreOffice process that
    converts those whose .pptx changed to .odp (one for all kits: one start-up). ``at_once``:
    it starts now and runs while the PDFs render (seconds saved); else when the first kit
    needs its .odp, after the renders (LibreOffice takes about 200 MB beside the workers).
    None for a kit without slides to show (mono only). The caller cancels the conversion on
    failure. ``keys``: each kit's cache key per (piece, profile) (builder/cache.py), by which
    a process that builds again (watch, the web interface) reuses the deck it made last time
    instead of drawing it again when nothing it is made from changed."""
    slides = [_pptx(final, prep, keys[n] if keys else None) for n, (final, prep)
              in enumerate(kits)]
    todo = [s for s in slides if s is not None and s.previous_odp is None]
    if todo and soffice() is not None:
        files = [s.data for s in todo]
        templates = [prep.theme.slides_template for _, prep in kits
                     if prep.theme.slides_template]  # named should LibreOffice fail
        conversion = Conversion(files, "odp", templates=templates) if at_once \
            else _Later(files, templates)
        for n, s in enumerate(todo):
            s.conversion, s.index = conversion, n
    return slides


class _Later:
    """A conversion that starts when its result is first asked for."""

    def __init__(self, files: list[bytes], templates: list[Path]) -> None:
        self.files, self.templates, self.conversion = files, templates, None

    def result(self) -> list[bytes]:
        if self.conversion is None:
            self.conversion = Conversion(self.files, "odp", templates=self.templates)
        return self.conversion.result()

    def cancel(self) -> None:
        if self.conversion is not None:
            self.conversion.cancel()


# The decks this process drew last, by what each was drawn from (see _drawn_from): at most
# one per kit of the last build, so a process that stays holds a few hundred kB at most.
_DRAWN: dict[str, bytes] = {}


def _drawn_from(key: str, prep, workshop, *parts: str) -> str:
    """One hash over what the deck is drawn from: the slides' page (its cache key covers the
    HTML and every file it reads: the logo, the fonts), the speaker notes (workshop.yaml in the
    workspace's words), the look and its PowerPoint template, and the file's title, author
    and date."""
    digest = hashlib.sha256()
    template = prep.theme.slides_package  # the cleaned bytes python-pptx opens
    theme = replace(prep.theme, texts=None, files=())  # what they say is in the rest
    for part in (key, workshop.model_dump_json(), repr(theme), *parts,
                 *_texts_besides_the_pieces(prep),
                 hashlib.sha256(template.package).hexdigest() if template else ""):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


# The pieces whose texts the deck may use beside its page: the run sheet's script is also
# the speaker notes.
_DECK_TEXTS = ("presentatie", "draaiboek")


def _texts_besides_the_pieces(prep) -> list[str]:
    """Every text but those of the other pieces (a change there leaves the deck as it is)."""
    texts = prep.theme.texts
    others = {p.kind.key for p in prep.pieces} - set(_DECK_TEXTS)
    return [f"{key}={text.text}" for key, text in sorted(texts.texts.items())
            if key.split(".", 1)[0] not in others] if texts else []


def _pptx(final: Path, prep, keys: dict | None = None) -> Slides | None:
    from codio_print.kit.dates import build_time

    profile = next((p for p in prep.profiles if p.name == "screen"), None) or next(
        (p for p in prep.profiles if not p.mono), None)
    index = next((i for i, p in enumerate(prep.pieces) if p.kind.key == "presentatie"), None)
    if profile is None or index is None:  # a mono-only build: shown, not printed in mono
        return None
    slides = read_slides(prep.html(index, profile))
    stamp = build_time(prep.session.date)
    author = " · ".join(x for x in (prep.theme.organisation, "CODIO-PaD workshop") if x)
    workshop = workshop_of(prep.content.workshop, prep.theme.texts) if prep.theme.texts \
        else prep.content.workshop  # the speaker notes in the workspace's words
    title = f"Presentatie – {prep.case.organisatie}: {prep.case.titel}"
    drawn = _drawn_from(keys[(prep.pieces[index].id, profile.name)], prep, workshop, title,
                        author, stamp.isoformat()) if keys else None
    data = _DRAWN.get(drawn) if drawn else None
    if data is None:
        data = build_pptx(slides, workshop, prep.theme, title=title,
                          author=author, stamp=stamp, template=prep.theme.slides_package)
        if drawn:
            _DRAWN[drawn] = data
            while len(_DRAWN) > 4:  # the oldest first: a dict keeps its order
                del _DRAWN[next(iter(_DRAWN))]
    made = Slides(data, len(slides), stamp,
                  note=None if prep.theme.slides_package else font_note(prep.theme))
    # The previous kit's files by the rule for reading: inside the kit, never through a link,
    # a regular file of a reasonable size (a shipped link to a private file is no .odp).
    if access.bytes_or_none(final / PPTX, [final], links=False, max_bytes=len(data)) == data:
        made.previous_odp = access.bytes_or_none(final / ODP, [final], links=False,
                                                 max_bytes=PREVIOUS_ODP_MAX)
    return made


def write_slides(work: Path, slides: Slides | None) -> list:
    """presentatie.pptx in the kit folder, and presentatie.odp beside it (the conversion's,
    waited for here; or the previous kit's, when the .pptx is the same)."""
    from codio_print.kit.artifacts import Extra

    if slides is None:
        return []
    (work / PPTX).write_bytes(slides.data)
    extras = [Extra(Path(PPTX), "slides", pages=slides.pages)]
    if slides.previous_odp is not None:
        (work / ODP).write_bytes(slides.previous_odp)
    elif slides.conversion is not None:
        odp = slides.conversion.result()[slides.index]
        (work / ODP).write_bytes(normalise_zip(odp, slides.stamp))
    else:
        return extras
    extras.append(Extra(Path(ODP), "slides", pages=slides.pages))
    return extras
