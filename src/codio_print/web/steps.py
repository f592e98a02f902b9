"""The steps of preparing a session that change sessie.yaml: the case, the date, time and
place, and the print shop's details. Each field is a setting of inputs/options.py (its
label and its choices come from there); each change is checked as the command line checks
sessie.yaml (inputs/workspace.check_session_text) before it is written, and written in
place with every comment kept (inputs/yamledit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route

from codio_print.errors import CodioError
from codio_print.i18n import _
from codio_print.inputs import yamledit
from codio_print.inputs.options import BY_NAME, IN_FILE
from codio_print.inputs.workspace import SESSION_FILE, check_session_text, load_session
from codio_print.web.pages import Problems, message, page, see_other


@dataclass(frozen=True)
class Step:
    slug: str
    title: str


# The organiser's steps, in order: "Stap n van N".
STEPS = (Step("casus", "Casus"), Step("sessie", "Datum, tijd en plaats"),
         Step("deelnemers", "Deelnemers"), Step("huisstijl", "Huisstijl"),
         Step("teksten", "Teksten"),
         Step("drukwerk", "Drukwerk"),
         Step("kit", "Bekijken en downloaden"))


def stap(slug: str) -> str:
    """"Stap n van N" of the step ``slug``, as its title and heading say it."""
    number = [s.slug for s in STEPS].index(slug) + 1
    return f"Stap {number} van {len(STEPS)}"


def step_context(slug: str, name: str) -> dict[str, Any]:
    """What every step's page shows besides its form: its number, the steps, the way on."""
    index = next(i for i, s in enumerate(STEPS) if s.slug == slug)
    following = STEPS[index + 1] if index + 1 < len(STEPS) else None
    return {"steps": STEPS, "step": STEPS[index], "number": index + 1, "of": len(STEPS),
            "workspace": name, "next": following,
            "heading": f"Stap {index + 1} van {len(STEPS)}: {STEPS[index].title}"}


def workspace(request: Request) -> Path:
    """The workspace the URL names, or 404."""
    found = request.app.state.server.workspaces.get(request.path_params["naam"])
    if found is None:
        raise HTTPException(404)
    return found


def next_url(name: str, slug: str) -> str:
    index = next(i for i, s in enumerate(STEPS) if s.slug == slug)
    following = STEPS[min(index + 1, len(STEPS) - 1)]
    return f"/werkmap/{name}/{following.slug}"


def write_session(root: Path, values: dict[str, Any], fields: dict[str, str], *,
                  dry: bool = False) -> Problems:
    """Write ``values`` (by their sessie.yaml key) into the workspace's sessie.yaml if the
    file is right with them; else each problem by the form field it concerns (``fields``:
    sessie.yaml key -> form field), every field's own, not only the first. ``dry``: only
    check them."""
    problems = Problems()
    try:
        _write(root, values, dry=dry)
    except CodioError as exc:
        for key, value in values.items():  # each value on its own: every field's problem
            try:
                _write(root, {key: value}, dry=True)
            except CodioError as alone:
                for problem in alone.problems():
                    problems.add(fields.get(problem.key or "", fields.get(key)),
                                 message(problem))
        if not problems:  # wrong only together
            for problem in exc.problems():
                problems.add(fields.get(problem.key or ""), message(problem))
    return problems


class _Checked(Exception):
    """The new text passed its check (a dry run stops here)."""


def _write(root: Path, values: dict[str, Any], *, dry: bool = False) -> None:
    path = root / SESSION_FILE

    def check(text: str) -> None:
        check_session_text(path, text)
        if dry:
            raise _Checked

    try:
        yamledit.set_values(path, values, below=root, order=[o.key for o in IN_FILE],
                            check=check)
    except _Checked:
        pass


def rebuild(request: Request, root: Path) -> None:
    """After a change that was written: if the workspace has a kit, it is made again at
    once, so that its pages follow (the quick preview shows a piece until they do)."""
    from codio_print.inputs.settings import resolve

    session, error = current(root)
    if session is not None and (resolve(session).kit_dir / "manifest.json").is_file():
        request.app.state.server.builds.start(root)


def current(root: Path):
    """The workspace's sessie.yaml as read, or the problem that stops it being read."""
    try:
        return load_session(root / SESSION_FILE), None
    except CodioError as exc:
        return None, exc


def as_date(text: str) -> date | str | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text  # the check names it


def as_time(text: str) -> time | str:
    text = text.strip()
    try:
        return time.fromisoformat(text) if len(text) == 5 else text
    except ValueError:
        return text


def label(name: str) -> str:
    return _(BY_NAME[name].label)


# --- Stap: casus ------------------------------------------------------------------------

async def case_step(request: Request):
    from codio_print.inputs.content import load_content
    from codio_print.inputs.workspace import case_dirs

    root = workspace(request)
    name = request.path_params["naam"]
    session, error = current(root)
    chosen = session.sessie.casus if session else ""
    problems = Problems()
    if request.method == "POST":
        form = await request.form(max_files=0, max_fields=5)
        chosen = str(form.get("casus", ""))
        problems = write_session(root, {"casus": chosen}, {"casus": "casus"}) if chosen else \
            _one("casus", "Kies een casus.")
        if not problems:
            rebuild(request, root)
            return see_other(next_url(name, "casus"))
    content = load_content(extra_case_dirs=case_dirs(root))
    cases = [{"id": c.id, "titel": c.titel, "organisatie": c.organisatie,
              "ondertitel": c.ondertitel, "eigen": content.case_files[c.id].is_relative_to(root),
              "herkomst": content.niveau("herkomst", c.herkomst).naam,
              "niveaus": ", ".join(p.niveau for p in c.proactiviteit)}
             for c in content.cases.values()]
    return page("casus.html", status=422 if problems else 200, cases=cases, chosen=chosen,
                problems=problems, error=message(error) if error else None,
                **step_context("casus", name))


def _one(name: str, text: str) -> Problems:
    problems = Problems()
    problems.add(name, text)
    return problems


# --- Stap: datum, tijd en plaats -------------------------------------------------------

SESSION_FIELDS = ("date", "start", "location", "facilitator", "participants", "poster")


async def session_step(request: Request):
    root = workspace(request)
    name = request.path_params["naam"]
    session, error = current(root)
    values = _session_values(session) if session else {}
    has_list = bool(session) and not isinstance(session.sessie.deelnemers, int)
    problems = Problems()
    if request.method == "POST":
        form = await request.form(max_files=0, max_fields=20)
        values = {key: str(form.get(key, "")).strip() for key in
                  ("datum", "start", "locatie", "begeleider", "deelnemers", "poster")}
        count = values["deelnemers"]
        wrong = None
        if count and not count.isdigit():
            wrong = ("Vul het aantal deelnemers in als getal, bijvoorbeeld 12. Een lijst met "
                     "namen lees je in bij Deelnemers.")
        elif not count and not has_list:
            wrong = "Vul het aantal deelnemers in, bijvoorbeeld 12."
        changes = {"datum": as_date(values["datum"]), "start": as_time(values["start"]),
                   "locatie": values["locatie"], "begeleider": values["begeleider"],
                   "poster": values["poster"]}
        if count.isdigit():
            changes["deelnemers"] = int(count)
        problems = write_session(root, changes, {k: k for k in values}, dry=bool(wrong))
        if wrong:
            problems.add("deelnemers", wrong)
        if not problems:
            rebuild(request, root)
            return see_other(next_url(name, "sessie"))
    return page("sessie.html", status=422 if problems else 200, values=values,
                problems=problems, has_list=has_list, posters=BY_NAME["poster"].choices,
                labels={n: label(n) for n in SESSION_FIELDS},
                error=message(error) if error else None, **step_context("sessie", name))


def _session_values(session) -> dict[str, str]:
    s = session.sessie
    return {"datum": s.datum.isoformat() if s.datum else "", "start": f"{s.start:%H:%M}",
            "locatie": s.locatie, "begeleider": s.begeleider,
            "deelnemers": str(s.deelnemers), "poster": s.poster}


def routes() -> list[Route]:
    return [Route("/werkmap/{naam}/casus", case_step, methods=["GET", "POST"]),
            Route("/werkmap/{naam}/sessie", session_step, methods=["GET", "POST"])]
