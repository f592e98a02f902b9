"""Na de workshop: a page of its own (not a step of preparing), at /werkmap/{naam}/resultaten.
The results are kept where ``codio-print results init`` keeps them in a workspace:
resultaten.yaml in the workspace folder. On the page:

- a new resultaten.yaml, as ``results init`` writes it (the session from sessie.yaml);
- the filled screen worksheets read in, as ``results import`` reads them (the same code, the
  same messages): each PDF kept first under a name the server chooses
  (ingevuld/werkblad-<n>.pdf, a number no sheet kept there has, so that each upload is a
  sheet of its own to the import's record; a refused sheet is not kept), at most 20 of at
  most 10 MB each;
- the results as forms (web/resultsform.py);
- the results build (the poster, the report, acties.csv, vervolgsessie.ics) in a process of
  its own (web/resultsrun.py), and its files downloaded by their names only.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse
from starlette.routing import Route

from codio_print import writing
from codio_print.errors import CodioError, shown
from codio_print.inputs.controls import without_controls
from codio_print.web import resultsform, resultsmore
from codio_print.web.background import Build, child_env, crashed
from codio_print.web.pages import Problems, message, page, see_other
from codio_print.web.resultsrun import RESULTS_FILE
from codio_print.web.steps import STEPS, workspace

SHEET_LIMIT = 10 * 1024 * 1024
MAX_SHEETS = 20
FOLDER = "ingevuld"
REPLACE = "het vakje 'Dit zijn verbeterde werkbladen' aangevinkt"  # results import --replace
# What the page offers to download: the file's name in the results folder, and its type.
DOWNLOADS = {"verslag.pdf": ("Verslag (PDF)", "application/pdf"),
             "actieplan.pdf": ("Actieplan (poster)", "application/pdf"),
             "acties.csv": ("Acties (.csv voor Excel)", "text/csv"),
             "vervolgsessie.ics": ("Vervolgsessie (agenda)", "text/calendar")}


class ResultsBuilds:
    """Each workspace's last results build and what its last import read. A results build
    runs in a process of its own that ends with it (web/resultsrun.py): it is made now and
    then, not after every change as a kit is, so no process is kept warm for it."""

    def __init__(self) -> None:
        self.last: dict[Path, Build] = {}
        self.imported: dict[Path, dict] = {}
        self._processes: dict[Path, asyncio.subprocess.Process] = {}
        self._tasks: set[asyncio.Task] = set()

    def of(self, root: Path) -> Build | None:
        return self.last.get(root)

    def start(self, root: Path) -> Build:
        """A results build of ``root``, unless one is running: then that one."""
        current = self.last.get(root)
        if current is not None and current.running:
            return current
        build = self.last[root] = Build()
        task = asyncio.get_running_loop().create_task(self._run(root, build))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return build

    async def _run(self, root: Path, build: Build) -> None:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "codio_print.web.resultsrun", str(root),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, start_new_session=True, env=child_env())
        self._processes[root] = process
        try:
            async for line in process.stdout:
                try:
                    said = json.loads(line)
                except ValueError:
                    continue
                build.report = said.get("report", build.report)
                build.problems = said.get("problems", build.problems)
                build.stopped = build.stopped or bool(said.get("stopped"))
            errors = await process.stderr.read()
            code = await process.wait()
            if code not in (0, 1, 130) and not build.problems:
                build.problems = [{"message": crashed(code, errors.decode("utf-8",
                                                                           "replace"))}]
        finally:
            self._processes.pop(root, None)
            build.finished = time.time()

    async def stop_all(self) -> None:
        """Stop every results build (the folder it would replace stays as it was)."""
        for process in list(self._processes.values()):
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=20)


def _builds(request: Request) -> ResultsBuilds:
    return request.app.state.server.results


async def results_page(request: Request):
    return await _page(request, Problems())


async def _page(request: Request, problems: Problems, posted: dict | None = None,
                part: str | None = None):
    """The page; ``posted``: what a refused form (the values and actions, or the ``part``
    of web/resultsmore.py) had, shown again as typed."""
    root = workspace(request)
    name = request.path_params["naam"]
    path = root / RESULTS_FILE
    context = {"title": f"Na de workshop · {name}", "workspace": name, "steps": STEPS,
               "problems": problems, "limit": "10 MB", "most": MAX_SHEETS,
               "build": _builds(request).of(root),
               "saved": request.query_params.get("opgeslagen"),
               "imported": _builds(request).imported.get(root), "exists": path.is_file()}
    if context["exists"]:
        try:
            loaded = await run_in_threadpool(resultsform.load, root, path)
        except CodioError as exc:
            context["unreadable"] = message(exc)
        else:
            context["file_error"] = [message(p) for p in loaded.error.problems()] \
                if loaded.error else []
            context["form"] = resultsform.view(loaded, None if part else posted)
            context["more"] = resultsmore.view(loaded, posted, part)
            context["made"] = _made(root)
    status = 422 if problems and request.method == "POST" else 200
    context["part"] = part
    return page("resultaten.html", status=status, downloads=DOWNLOADS, **context)


async def begin(request: Request):
    """A new resultaten.yaml, as ``codio-print results init`` writes it in the workspace."""
    root = workspace(request)
    problems = Problems()
    try:
        await run_in_threadpool(_init, root)
    except CodioError as exc:
        problems.add(None, message(exc))
        return await _page(request, problems)
    return see_other(f"/werkmap/{request.path_params['naam']}/resultaten")


def _init(root: Path) -> None:
    from codio_print.inputs.settings import resolve
    from codio_print.inputs.workspace import SESSION_FILE, load_session
    from codio_print.results.build import init_results

    path = root / RESULTS_FILE
    if path.exists():
        return  # made already (another tab): never overwritten from here
    init_results(resolve(load_session(root / SESSION_FILE)), path)


async def read_sheets(request: Request):
    """The uploaded sheets kept, then imported as ``codio-print results import`` does."""
    root = workspace(request)
    problems = Problems()
    try:
        form = await request.form(max_files=MAX_SHEETS, max_fields=5, max_part_size=1024)
    except HTTPException:
        problems.add("werkbladen", f"Kies hoogstens {MAX_SHEETS} werkbladen tegelijk. Heb je "
                                   "er meer? Lees ze dan in delen in.")
        return await _page(request, problems)
    sheets = []
    for upload in form.getlist("werkbladen"):
        data = await upload.read(SHEET_LIMIT + 1) if hasattr(upload, "read") else b""
        label = without_controls(Path(getattr(upload, "filename", "") or "werkblad.pdf").name)
        if not data:
            continue
        if len(data) > SHEET_LIMIT:
            problems.add("werkbladen", f"{label} is groter dan 10 MB. Een ingevuld werkblad "
                                       "is veel kleiner: kies het PDF-bestand van het werkblad "
                                       "zelf.")
        elif not data.startswith(b"%PDF-"):
            problems.add("werkbladen", f"{label} is geen PDF-bestand. Kies het ingevulde "
                                       "werkblad zoals het PDF-programma het bewaarde.")
        sheets.append((label, data))
    if not sheets and not problems:
        problems.add("werkbladen", "Kies een of meer ingevulde werkbladen (PDF).")
    if problems:
        return await _page(request, problems)
    replace = bool(form.get("vervangen"))
    try:
        said = await run_in_threadpool(_import, root, sheets, replace)
    except _Refused as exc:
        problems.add("werkbladen", str(exc))
        return await _page(request, problems)
    except CodioError as exc:  # ingevuld/ cannot be written (a link, a full disk)
        where = Path(exc.file).relative_to(root).as_posix() + ": " if exc.file and \
            Path(exc.file).is_relative_to(root) else ""
        problems.add("werkbladen", where + message(exc))
        return await _page(request, problems)
    _builds(request).imported[root] = said
    return see_other(f"/werkmap/{request.path_params['naam']}/resultaten#ingelezen")


class _Refused(Exception):
    """An import refused, as the page says it: the sheet by the name it was uploaded under."""


def _import(root: Path, sheets: list[tuple[str, bytes]], replace: bool) -> dict:
    """Keep each sheet under a new name, import them all; on a refusal none is kept and the
    refusal names the sheet by the name it was uploaded under."""
    from codio_print.results.build import load_for
    from codio_print.results.importer import import_sheets

    kept = [(_keep(root, data), label) for label, data in sheets]
    names = {}
    for path, label in kept:
        names[shown(path)] = names[str(path)] = f"{label} ({FOLDER}/{path.name})"
    for inside in {str(root), shown(root)} - {"."}:
        names[inside + os.sep] = ""  # the workspace's files as the person sees them there
    try:
        report = import_sheets(root / RESULTS_FILE, [p for p, _label in kept],
                               lambda case: load_for(case, root), replace=replace,
                               workspace=root)
    except CodioError as exc:
        for path, _label in kept:
            path.unlink(missing_ok=True)
        label = names.get(str(exc.file)) if exc.file else None
        text = _named(message(exc), names).replace("--replace", REPLACE)  # as this page has it
        raise _Refused(f"{label}: {text}" if label else text) from None
    return {"taken": [_named(line, names) for line in report.taken],
            "notices": [_named(line, names) for line in report.notices],
            "counts": report.counts, "changed": report.changed}


def _named(line: str, names: dict[str, str]) -> str:
    """A line of the import with each sheet by the name it was uploaded under, and the
    workspace's files by their names in it."""
    for path, label in sorted(names.items(), key=lambda kv: -len(kv[0])):
        line = line.replace(path, label)
    return line


def _keep(root: Path, data: bytes) -> Path:
    """``data`` as ingevuld/werkblad-<n>.pdf, a number above every sheet kept there."""
    folder = root / FOLDER
    writing.make_folder(folder, below=root)
    used = [int(p.stem.rpartition("-")[2]) for p in folder.glob("werkblad-*.pdf")
            if p.stem.rpartition("-")[2].isdigit()]
    n = max(used, default=0) + 1
    while True:
        target = folder / f"werkblad-{n}.pdf"
        try:
            writing.new(target, data, below=root)
            return target
        except FileExistsError:
            n += 1


async def save_results(request: Request):
    root = workspace(request)
    form = await request.form(max_files=0, max_fields=2000, max_part_size=64 * 1024)
    posted = {k: str(v) for k, v in form.items()}
    try:
        loaded = await run_in_threadpool(resultsform.load, root, root / RESULTS_FILE)
        problems = await run_in_threadpool(resultsform.save, root, loaded, posted)
    except CodioError as exc:
        problems = Problems()
        problems.add(None, message(exc))
    if problems:  # a file changed meanwhile is shown as it is now, not as posted
        changed = resultsform.CHANGED in problems.general
        return await _page(request, problems, None if changed else posted)
    return see_other(f"/werkmap/{request.path_params['naam']}/resultaten?opgeslagen=1#formulier")


async def save_part(request: Request):
    """One of the forms of web/resultsmore.py saved; or, after "Nog een rij", shown again
    as typed with one row more, and nothing saved."""
    root = workspace(request)
    part = request.path_params["deel"]
    if part not in resultsmore.APPLY:
        raise HTTPException(404)
    form = await request.form(max_files=0, max_fields=1000, max_part_size=64 * 1024)
    posted = {k: str(v) for k, v in form.items()}
    if posted.get("meer") in resultsmore.ROWS:
        return await _page(request, Problems(), posted, part)
    try:
        loaded = await run_in_threadpool(resultsform.load, root, root / RESULTS_FILE)
        problems = await run_in_threadpool(resultsmore.save, root, loaded, posted, part)
    except CodioError as exc:
        problems = Problems()
        problems.add(None, message(exc))
    if problems:
        changed = resultsform.CHANGED in problems.general
        return await _page(request, problems, None if changed else posted,
                           None if changed else part)
    return see_other(f"/werkmap/{request.path_params['naam']}/resultaten?opgeslagen={part}"
                     f"#{part}")


async def start_build(request: Request):
    root = workspace(request)
    _builds(request).start(root)
    return see_other(f"/werkmap/{request.path_params['naam']}/resultaten#verslag")


async def status(request: Request):
    build = _builds(request).of(workspace(request))
    return JSONResponse(build.as_dict() if build else None)


def _made(root: Path) -> list[str]:
    """The files the last results build made that the page offers, by their names."""
    from codio_print.results.build import is_results_folder
    from codio_print.results.build import default_out

    folder = default_out(root / RESULTS_FILE)
    if not is_results_folder(folder):
        return []
    return [name for name in DOWNLOADS if (folder / name).is_file()
            and not (folder / name).is_symlink()]


async def download(request: Request):
    root = workspace(request)
    wanted = request.path_params["bestand"]
    if wanted not in _made(root):
        raise HTTPException(404)
    _label, kind = DOWNLOADS[wanted]
    from codio_print.results.build import default_out

    return FileResponse(default_out(root / RESULTS_FILE) / wanted, media_type=kind, headers={
        "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
        "Content-Disposition": f"attachment; filename={wanted}"})


def routes() -> list[Route]:
    base = "/werkmap/{naam}/resultaten"
    return [Route(base, results_page, methods=["GET"]),
            Route(base + "/beginnen", begin, methods=["POST"]),
            Route(base + "/inlezen", read_sheets, methods=["POST"]),
            Route(base + "/opslaan", save_results, methods=["POST"]),
            Route(base + "/opslaan/{deel}", save_part, methods=["POST"]),
            Route(base + "/maken", start_build, methods=["POST"]),
            Route(base + "/status", status, methods=["GET"]),
            Route(base + "/download/{bestand}", download, methods=["GET"])]
