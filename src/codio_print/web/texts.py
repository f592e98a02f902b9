"""Stap Teksten: every fixed word of the kit found by what it says (or by its key), changed
in one field, or set back to the built-in text. A change is the workspace's teksten.yaml,
the file ``codio-print teksten`` reads: written in place with every comment kept
(inputs/yamledit), and checked as a build checks it (inputs/texts.check_texts_text) before
it is written. A text that leaves out a place ({naam}) of its built-in text is kept, as a
build keeps it, and the page says so beside the field, as the build warns about it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.routing import Route

from codio_print.errors import CodioError
from codio_print.inputs import yamledit
from codio_print.inputs.texts import (TEXTS_FILE, Texts, check_texts_text, load_builtin,
                                      load_texts, places_of)
from codio_print.web.kitpage import pieces_with_texts
from codio_print.web.pages import Problems, message, page, see_other
from codio_print.web.steps import rebuild, step_context, workspace

SHOWN = 25       # hits on one page: a search that finds more asks for a sharper one
LONG = 60        # a text longer than this (or on more lines) gets a text area
MAX_QUERY = 200
MAX_TEXT = 2000  # the longest built-in text is some 350 characters

# The first lines of a teksten.yaml the interface makes (codio-print init makes none).
HEADER = """\
# Je eigen teksten voor de kit. Elke regel vervangt één vaste tekst van codio-print:
#   sleutel: tekst
# bijvoorbeeld  presentatie.bedankt.titel: Dank je wel!
# `codio-print teksten` toont elke sleutel met de tekst die nu geldt. Laat {namen} tussen
# accolades staan: daar vult codio-print zelf iets in. **woord** wordt vet.
"""


async def texts_step(request: Request):
    root = workspace(request)
    name = request.path_params["naam"]
    builtin = load_builtin()
    problems, typed, done, see = Problems(), {}, None, []
    if request.method == "POST":
        form = await request.form(max_files=0, max_fields=5)
        key, query = str(form.get("sleutel", "")), str(form.get("zoek", ""))[:MAX_QUERY]
        if key not in builtin:
            problems.add(None, "Deze tekst bestaat niet (meer). Zoek de tekst opnieuw.")
        elif form.get("actie") == "standaard":
            problems = reset(root, key)
        else:
            typed[key] = _typed(str(form.get(key, "")))
            problems = change(root, key, typed[key], builtin)
        if not problems:
            rebuild(request, root)
            done = "standaard" if form.get("actie") == "standaard" else "bewaard"
            return see_other(f"/werkmap/{name}/teksten?" + urlencode(
                {"zoek": query, done: key}) + "#tekst-" + _anchor(key))
    else:
        query = request.query_params.get("zoek", "")[:MAX_QUERY]
        key = next((request.query_params[k] for k in ("bewaard", "standaard")
                    if request.query_params.get(k) in builtin), None)
        done = _done(request, key)
        if done:  # where to see it: the quick preview first, then the real pages
            see = pieces_with_texts(root, key.split(".", 1)[0])
    texts, error = _current(root, builtin)
    found = search(texts, query)
    if key in builtin and key not in found:
        found.insert(0, key)  # the text just changed, found or not by its new words
    return page("teksten.html", status=422 if problems else 200, query=query, see=see,
                count=len(found), hits=[_hit(texts, k, typed) for k in found[:SHOWN]],
                shown=SHOWN, changed=[_hit(texts, k, {}) for k in changed(texts)],
                problems=problems, done=done, file_error=_file_error(error),
                **step_context("teksten", name))


def search(texts: Texts, query: str) -> list[str]:
    """The keys whose key or current text holds every word of ``query`` (any case)."""
    words = query.lower().split()
    if not words:
        return []
    return [key for key in sorted(texts.texts)
            if all(w in _searched(key, texts.texts[key].text) for w in words)]


def changed(texts: Texts) -> list[str]:
    """The keys the workspace's teksten.yaml gives its own text (as codio-print teksten)."""
    return [key for key in sorted(texts.texts) if texts.texts[key] is not texts.builtin[key]]


def change(root: Path, key: str, text: str, builtin: dict) -> Problems:
    """Write ``text`` for ``key`` into teksten.yaml if the file is right with it; the
    built-in text itself is the key taken out."""
    problems = Problems()
    if len(text) > MAX_TEXT:
        problems.add(key, f"De tekst is langer dan {MAX_TEXT} tekens. Maak hem korter.")
        return problems
    if text == builtin[key].text:
        return reset(root, key)
    path = root / TEXTS_FILE
    try:
        yamledit.set_values(path, {key: text}, below=root, flat=True, start=HEADER,
                            check=lambda new: check_texts_text(path, new))
    except CodioError as exc:
        _add(problems, exc, key)
    return problems


def reset(root: Path, key: str) -> Problems:
    """Take ``key`` out of teksten.yaml: the built-in text again."""
    problems = Problems()
    path = root / TEXTS_FILE
    if not path.exists():
        return problems
    try:
        yamledit.remove(path, [key], below=root,
                        check=lambda new: check_texts_text(path, new))
    except CodioError as exc:
        _add(problems, exc, key)
    return problems


def _add(problems: Problems, exc: CodioError, key: str) -> None:
    """Each problem beside the field when it is about this text, else about the file."""
    for problem in exc.problems():
        if problem.key == key:
            problems.add(key, message(problem))
        else:
            problems.add(None, _file_error(problem))


def _file_error(error: CodioError | None) -> str | None:
    if error is None:
        return None
    where = f"In {TEXTS_FILE}" + (f", regel {error.line}" if error.line else "") + ": "
    return where + message(error)


def _current(root: Path, builtin: dict) -> tuple[Texts, CodioError | None]:
    """The texts as a build would use them, or the built-in ones and why not."""
    try:
        return load_texts(root), None
    except CodioError as exc:
        return Texts(builtin, builtin), exc


def _hit(texts: Texts, key: str, typed: dict[str, str]) -> dict:
    text, standard = texts.texts[key].text, texts.builtin[key].text
    value = typed.get(key, text)
    notes = [f"Veranderd. De standaardtekst is: ‘{standard}’." if text != standard
            else "Dit is de standaardtekst."]
    places = sorted(texts.builtin[key].places)
    left_out = sorted(texts.builtin[key].places - places_of(text))
    if left_out:  # allowed, as in a build, which warns about it in the same words
        place = "{" + left_out[0] + "}"
        notes.append(f"Let op: {place} staat niet meer in deze tekst. Daar vult codio-print "
                     f"zelf iets in. Is dat niet de bedoeling? Zet {place} dan terug.")
    elif places:
        notes.append("Laat " + ", ".join("{" + p + "}" for p in places) + " staan: daar "
                    "vult codio-print zelf iets in.")
    if "**" in standard:
        notes.append("Tussen ** en ** wordt vet.")
    return {"key": key, "id": _anchor(key), "text": text, "value": value,
            "changed": texts.texts[key] is not texts.builtin[key], "help": " ".join(notes),
            "long": len(value) > LONG or "\n" in value or len(standard) > LONG}


def _done(request: Request, key: str | None) -> str | None:
    if key is None:
        return None
    if request.query_params.get("standaard") == key:
        return f"De tekst {key} is weer de standaardtekst."
    return f"De nieuwe tekst van {key} is bewaard in {TEXTS_FILE}."


def _typed(text: str) -> str:
    """The field's text as a text of the kit: the browser's line ends as YAML's."""
    return text.replace("\r\n", "\n")


def _searched(key: str, text: str) -> str:
    return f"{key} {text}".replace("**", "").replace("\u00a0", " ").lower()


def _anchor(key: str) -> str:
    return key.replace(".", "-")


def routes() -> list[Route]:
    return [Route("/werkmap/{naam}/teksten", texts_step, methods=["GET", "POST"])]
