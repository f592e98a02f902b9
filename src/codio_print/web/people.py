"""Stap Deelnemers: the participant list uploaded (CSV or Excel, as the registration form
exports it), kept in the workspace under a name the server chooses, read by the rules the
command line reads it by (inputs/participants), and shown as what was read: the columns,
the tables A/B/C with their people, and every warning.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.routing import Route

from codio_print import writing
from codio_print.inputs import access
from codio_print.errors import CodioError
from codio_print.web.pages import Problems, message, page, see_other
from codio_print.web.steps import current, rebuild, step_context, workspace, write_session

LIST_LIMIT = 5 * 1024 * 1024  # as the command line's (scaffold/workspace.py LIST_BYTES)
ZIP_MAGIC = b"PK\x03\x04"


def _saved_name(data: bytes) -> str:
    """The name the list is kept under: by what it holds, not by what it was called."""
    return "deelnemers.xlsx" if data.startswith(ZIP_MAGIC) else "deelnemers.csv"


async def people_step(request: Request):
    root = workspace(request)
    name = request.path_params["naam"]
    problems = Problems()
    if request.method == "POST":
        problems = await _take_list(request, root)
        if not problems:
            rebuild(request, root)
            return see_other(f"/werkmap/{name}/deelnemers")
    session, error = current(root)
    read = _what_was_read(root, session) if session and not error else None
    if read and read.get("problem"):
        problems.add("lijst", read["problem"])
    return page("deelnemers.html", status=422 if problems and request.method == "POST"
                else 200, problems=problems, read=read, limit="5 MB",
                error=message(error) if error else None, **step_context("deelnemers", name))


async def _take_list(request: Request, root: Path) -> Problems:
    problems = Problems()
    form = await request.form(max_files=1, max_fields=5, max_part_size=LIST_LIMIT)
    upload = form.get("lijst")
    data = await upload.read(LIST_LIMIT + 1) if hasattr(upload, "read") else b""
    if not data:
        problems.add("lijst", "Kies een deelnemerslijst: een CSV-bestand of een "
                              "Excel-bestand (.xlsx).")
        return problems
    if len(data) > LIST_LIMIT:
        problems.add("lijst", "De lijst is groter dan 5 MB. Bewaar alleen de kolommen met "
                              "naam en functie en probeer het opnieuw.")
        return problems
    saved = _saved_name(data)
    path = root / saved
    before = access.bytes_or_none(path, [root], max_bytes=LIST_LIMIT, links=False)
    writing.replace(path, data, below=root)
    problem, sheet = _readable_sheet(path, data)
    if problem:  # a list that cannot be read replaces none: the one before comes back
        if before is None:
            path.unlink(missing_ok=True)
        else:
            writing.replace(path, before, below=root)
        problems.add("lijst", problem)
        return problems
    return write_session(root, {"deelnemers": saved, "blad": sheet or ""},
                         {"deelnemers": "lijst", "blad": "lijst"})


def _readable_sheet(path: Path, data: bytes) -> tuple[str | None, str | None]:
    """Why the uploaded list cannot be used (None if it can), and the sheet it is on: the
    first sheet of a workbook, else the first other sheet that reads as a list (a
    registration form's export often has its answers on a second sheet)."""
    problem = _unreadable(path)
    if problem is None or not data.startswith(ZIP_MAGIC):
        return problem, None
    from codio_print.inputs.workbook import sheet_names

    for sheet in sheet_names(data, path.name)[1:]:
        if _unreadable(path, sheet) is None:
            return None, sheet
    return problem, None



def _unreadable(path: Path, sheet: str | None = None) -> str | None:
    """Why the uploaded list (on ``sheet`` of a workbook) cannot be used, or None."""
    from codio_print.inputs.content import load_content

    try:
        read_list(path, load_content(only_case="").fundamenten, sheet)
    except CodioError as exc:
        return message(exc)
    return None


_lists: dict[tuple, object] = {}  # a list by its place and bytes: read once


def read_list(path: Path, fundamenten, sheet: str | None):
    """The participant list in ``path`` as inputs/participants reads it, read once for the
    same bytes (the upload is checked, then shown, then shown again after a move)."""
    import hashlib

    from codio_print.inputs.participants import group_spellings, read_participants

    key = (str(path), hashlib.sha256(access.read_file(
        path, [path.parent], max_bytes=LIST_LIMIT, links=False)[0]).hexdigest(), sheet)
    if key not in _lists:
        plist = read_participants(path, group_spellings(fundamenten), sheet=sheet)
        while len(_lists) >= 8:
            _lists.pop(next(iter(_lists)))
        _lists[key] = plist
    return _lists[key]


def _divided(root: Path, session):
    """The settings, content and session (kit/session.py) of the workspace's list: divided
    as the next build will divide it (groepsindeling.csv kept, newcomers placed)."""
    from codio_print.inputs.content import load_content
    from codio_print.inputs.settings import resolve
    from codio_print.kit.session import make_session

    settings = resolve(session)
    content = load_content(only_case=settings.case)
    people = read_list(settings.participants, content.fundamenten, settings.sheet)
    made = make_session(content, settings.participants, settings.start, settings.date,
                        division=settings.division_file, sheet=settings.sheet, people=people)
    return settings, content, made


def _what_was_read(root: Path, session) -> dict | None:
    """The list as the build will read it: columns, tables, warnings; or its problem."""
    if isinstance(session.sessie.deelnemers, int):
        return {"count": session.sessie.deelnemers, "named": False}
    try:
        settings, _content, made = _divided(root, session)
    except CodioError as exc:
        return {"problem": message(exc)}
    plist = made.people
    number = iter(range(1, len(plist) + 1))
    return {
        "named": True, "file": Path(str(settings.participants)).name, "count": len(plist),
        "sheet": settings.sheet, "sheets": [(n, n) for n in _sheets(settings.participants)],
        "columns": [{"header": c.header, "use": c.use, "why": c.why} for c in plist.columns],
        "tables": [{"letter": t.fundament.letter.upper(), "fundament": t.fundament.naam,
                    "people": [{"name": p.name, "role": p.role, "number": next(number)}
                               for p in t.members]}
                   for t in made.tables],
        "letters": [t.fundament.letter.upper() for t in made.tables],
        "warnings": list(made.warnings),
        "twice": [t.name for t in plist.twice],
        "skipped": [{"line": line, "why": why} for line, why in plist.skipped]}


def _sheets(path: Path) -> list[str]:
    """The sheets of a workbook list (none for a CSV)."""
    from codio_print.inputs.workbook import sheet_names

    data = access.bytes_or_none(path, [path.parent], max_bytes=LIST_LIMIT, links=False)
    return sheet_names(data, path.name) if data and data.startswith(ZIP_MAGIC) else []


async def choose_sheet(request: Request):
    """"Dit blad lezen": the workbook's list is read from another sheet (sessie.yaml blad:),
    if that sheet reads as a list."""
    root = workspace(request)
    name = request.path_params["naam"]
    session, _error = current(root)
    form = await request.form(max_files=0, max_fields=3)
    sheet = str(form.get("blad", ""))
    problems = Problems()
    if session is None or isinstance(session.sessie.deelnemers, int):
        return see_other(f"/werkmap/{name}/deelnemers")
    path = root / str(session.sessie.deelnemers)
    if sheet not in _sheets(path):
        problems.add("blad", "Kies een blad van de werkmap.")
    else:
        problem = _unreadable(path, sheet)
        if problem:
            problems.add("blad", problem)
        else:
            problems = write_session(root, {"blad": sheet}, {"blad": "blad"})
    if problems:
        return page("deelnemers.html", status=422, problems=problems,
                    read=_what_was_read(root, session), limit="5 MB", error=None,
                    **step_context("deelnemers", name))
    rebuild(request, root)
    return see_other(f"/werkmap/{name}/deelnemers")


async def move_people(request: Request):
    """"Indeling opslaan": each person at the table chosen for them, kept in
    groepsindeling.csv as a build keeps it, if the tables stay within one of each other
    (else a build would move someone back)."""
    from dataclasses import replace

    from codio_print.inputs.division import rows
    from codio_print.inputs.listmodel import Group
    from codio_print.printshop.csvcells import excel_csv

    root = workspace(request)
    name = request.path_params["naam"]
    session, error = current(root)
    if session is None or isinstance(session.sessie.deelnemers, int):
        return see_other(f"/werkmap/{name}/deelnemers")
    settings, content, made = _divided(root, session)
    form = await request.form(max_files=0, max_fields=500)
    by_letter = {f.letter.upper(): f.id for f in content.fundamenten}
    chosen: dict[str, list] = {g.fundament: [] for g in made.division.groups}
    number = 0
    for group in made.division.groups:
        for person in group.members:
            number += 1
            letter = str(form.get(f"tafel-{number}", "")).upper()
            chosen[by_letter.get(letter, group.fundament)].append(person)
    sizes = sorted(len(members) for members in chosen.values())
    if sizes[-1] - sizes[0] > 1:
        problems = Problems()
        problems.add(None, "De tafels mogen hoogstens één persoon verschillen, anders zet "
                           "codio-print bij het maken van de kit iemand terug. Ruil twee "
                           "mensen van plaats, of verplaats ook iemand de andere kant op.")
        read = _what_was_read(root, session)
        return page("deelnemers.html", status=422, problems=problems, read=read, limit="5 MB",
                    error=None, **step_context("deelnemers", name))
    groups = [Group(fid, sorted(members, key=lambda p: p.row), len(members))
              for fid, members in chosen.items()]
    division = replace(made.division, groups=groups)
    letters = {f.id: f.letter for f in content.fundamenten}
    text = excel_csv(rows(division, made.people, letters)).encode("utf-8")
    writing.update(settings.division_file, text, below=root)
    rebuild(request, root)
    return see_other(f"/werkmap/{name}/deelnemers#tafels")


def routes() -> list[Route]:
    return [Route("/werkmap/{naam}/deelnemers", people_step, methods=["GET", "POST"]),
            Route("/werkmap/{naam}/deelnemers/indeling", move_people, methods=["POST"]),
            Route("/werkmap/{naam}/deelnemers/blad", choose_sheet, methods=["POST"])]
