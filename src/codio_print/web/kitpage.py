"""The workspace's overview, the build, and the kit's files: build it (web/background.py), follow
the build, and download what it made. A file is served only by its place in the kit's
manifest.json (a piece and a profile, or an extra file the manifest lists), never by a path
from the URL; the office's files come in one zip, made in memory.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from codio_print.web.pages import page, see_other
from codio_print.web.steps import STEPS, current, step_context, workspace

PDF_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
TYPES = {".pdf": "application/pdf", ".zip": "application/zip",
         ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
         ".odp": "application/vnd.oasis.opendocument.presentation", ".csv": "text/csv"}
ZIP_TIME = (2026, 1, 1, 0, 0, 0)  # the office zip: the same files give the same bytes


def pieces_with_texts(root: Path, group: str) -> list:
    """The pieces of the workspace's last kit whose texts are ``group`` (the first part of a
    text's key: "handout-3" for hand-outs 3a, 3b and 3c); none for the general texts."""
    _folder, made = _kit(root)
    return [p for p in (made.pieces if made else ()) if p.id == group
            or (p.id.startswith(group) and p.id[len(group):].lstrip("-").isalpha())]


def _kit(root: Path):
    """The kit folder of the workspace's case and its manifest, or (folder, None)."""
    from codio_print.inputs.settings import resolve
    from codio_print.kit import manifest

    session, error = current(root)
    if session is None:
        return None, None
    settings = resolve(session)
    return settings.kit_dir, manifest.read(settings.kit_dir)


async def overview(request: Request):
    root = workspace(request)
    name = request.path_params["naam"]
    session, error = current(root)
    build = request.app.state.server.builds.of(root)
    folder, made = _kit(root) if session else (None, None)
    return page("overzicht.html", title=f"Je workshop · {name}", workspace=name,
                session=session.sessie if session else None, steps=STEPS, build=build,
                made=made, error=error)


async def kit_step(request: Request):
    root = workspace(request)
    name = request.path_params["naam"]
    build = request.app.state.server.builds.of(root)
    folder, made = _kit(root)
    again = _to_print_again(build, folder)
    return page("kit.html", build=build, made=made,
                files=_files(made, _changed(build, again)) if made else [],
                office=[e for e in made.extras if e.kind == "office"] if made else [],
                extras={e.file: e for e in made.extras} if made else {}, again=again,
                **step_context("kit", name))


def _to_print_again(build, folder: Path | None) -> dict | None:
    """What to print again since the kit before (kit/reprint.py): from the last build in
    this run, else from the kit's manifest.json (a build of the command line)."""
    if build is not None and build.report is not None:
        return build.report.get("reprint")
    if folder is None or not (folder / "manifest.json").is_file():
        return None
    import json

    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("reprint")
    except ValueError:
        return None


def _changed(build, again: dict | None) -> set[str]:
    """The pieces that changed in the last build (not its first: then all are new)."""
    pieces = {f["piece"] for place in (again or {}).get("places", []) for f in place["files"]}
    if build is not None and build.report is not None and build.report["up_to_date"]:
        pieces |= {p["id"] for p in build.report["pieces"]
                   if any(f["rendered"] for f in p["files"])}
    return pieces


async def start_build(request: Request):
    root = workspace(request)
    request.app.state.server.builds.start(root)
    return see_other(f"/werkmap/{request.path_params['naam']}/kit")


async def status(request: Request):
    """The build as JSON, for the page's script (the page itself works without it)."""
    root = workspace(request)
    build = request.app.state.server.builds.of(root)
    return JSONResponse(build.as_dict() if build else None)


def _files(made, changed: set[str] = frozenset()) -> list[dict]:
    """Each piece's files, as the page lists them: the profile its pictures are drawn from
    (the screen file where there is one: what the office prints), and whether it changed."""
    return [{"id": p.id, "title": p.title, "size": p.size, "pages": p.pages,
             "where": p.destination, "profiles": sorted(p.files), "changed": p.id in changed,
             "shown": _shown_profile(p)} for p in made.pieces]


def _shown_profile(piece) -> str:
    return next((name for name in ("screen", "mono", "print") if name in piece.files),
                next(iter(piece.files)))


async def piece_page(request: Request):
    """One piece: every page as a picture, and its files; while the kit is being made
    again, its quick preview above them."""
    root = workspace(request)
    folder, made = _kit(root)
    piece = next((p for p in (made.pieces if made else ()) if p.id == request.path_params[
        "stuk"]), None)
    if piece is None:
        raise HTTPException(404)
    shown = _shown_profile(piece)
    build = request.app.state.server.builds.of(root)
    return page("stuk.html", piece=piece, shown=shown, pages=range(1, piece.files[
        shown].pages + 1), profiles=sorted(piece.files), build=build,
        quick=build is not None and build.running, **step_context(
        "kit", request.path_params["naam"]))


async def quick_preview(request: Request):
    """The quick preview of a piece (web/quick.py) as a document of its own, for a sandboxed
    frame: no script runs, nothing but its own files loads, and it has no origin of ours."""
    from codio_print.web.assets import allowed_roots

    root = workspace(request)
    server = request.app.state.server
    said = await server.builds.preview(root, request.path_params["stuk"])
    if said.get("html") is None:
        raise HTTPException(404)
    html = server.assets.rewrite(said["html"], allowed_roots(root))
    origin = f"http://{request.headers['host']}"
    policy = (f"sandbox; default-src 'none'; style-src 'unsafe-inline' {origin}; "
              f"font-src {origin}; img-src {origin} data:; frame-ancestors {origin}")
    return Response(html, media_type="text/html", headers={
        "Content-Security-Policy": policy, "Cache-Control": "no-store"})


async def preview_file(request: Request):
    """A file the quick preview names, by its capability name (web/assets.py)."""
    found = request.app.state.server.assets.served(request.path_params["naam"])
    if found is None:
        raise HTTPException(404)
    data, kind = found
    return Response(data, media_type=kind, headers={
        "Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'"})


async def page_picture(request: Request):
    """A page of a piece's file as a PNG (web/thumbnails.py)."""
    from starlette.concurrency import run_in_threadpool

    from codio_print.web.thumbnails import page_png

    root = workspace(request)
    folder, made = _kit(root)
    entry = made.any_entry(request.path_params["stuk"], request.path_params["profiel"]) \
        if made else None
    if entry is None:
        raise HTTPException(404)
    png = await run_in_threadpool(page_png, _inside(folder, entry.file), entry.sha256,
                                  request.path_params["nummer"])
    if png is None:
        raise HTTPException(404)
    return Response(png, media_type="image/png", headers=PDF_HEADERS)


async def piece_file(request: Request):
    root = workspace(request)
    folder, made = _kit(root)
    if made is None:
        raise HTTPException(404)
    entry = made.any_entry(request.path_params["stuk"], request.path_params["profiel"])
    if entry is None:
        raise HTTPException(404)
    return _send(folder, entry.file, inline=True)


async def extra_file(request: Request):
    root = workspace(request)
    folder, made = _kit(root)
    wanted = request.path_params["bestand"]
    entry = next((e for e in (made.extras if made else ()) if e.file == wanted), None)
    if entry is None:
        raise HTTPException(404)
    return _send(folder, entry.file, inline=False)


async def office_zip(request: Request):
    """Everything for the office printer in one zip: the combined print files of kantoor/."""
    root = workspace(request)
    folder, made = _kit(root)
    office = [e for e in (made.extras if made else ()) if e.kind == "office"]
    if not office:
        raise HTTPException(404)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for entry in office:
            info = zipfile.ZipInfo(Path(entry.file).name, ZIP_TIME)
            zf.writestr(info, _inside(folder, entry.file).read_bytes())
    return Response(out.getvalue(), media_type="application/zip", headers={
        **PDF_HEADERS, "Content-Disposition": "attachment; filename=kantoor.zip"})


def _inside(folder: Path, relative: str) -> Path:
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        raise HTTPException(404)
    return path


def _send(folder: Path, relative: str, *, inline: bool) -> FileResponse:
    path = _inside(folder, relative)
    kind = "inline" if inline else "attachment"
    return FileResponse(path, media_type=TYPES.get(path.suffix, "application/octet-stream"),
                        headers={**PDF_HEADERS,
                                 "Content-Disposition": f"{kind}; filename={path.name}"})


def routes() -> list[Route]:
    return [Route("/werkmap/{naam}", overview, methods=["GET"]),
            Route("/werkmap/{naam}/kit", kit_step, methods=["GET"]),
            Route("/werkmap/{naam}/bouwen", start_build, methods=["POST"]),
            Route("/werkmap/{naam}/status", status, methods=["GET"]),
            Route("/werkmap/{naam}/bestand/{profiel}/{stuk}", piece_file, methods=["GET"]),
            Route("/werkmap/{naam}/stuk/{stuk}", piece_page, methods=["GET"]),
            Route("/werkmap/{naam}/voorbeeld/{stuk}", quick_preview, methods=["GET"]),
            Route("/voorbeeldbestand/{naam}", preview_file, methods=["GET"]),
            Route("/werkmap/{naam}/pagina/{profiel}/{stuk}/{nummer:int}.png", page_picture,
                  methods=["GET"]),
            Route("/werkmap/{naam}/download/kantoor.zip", office_zip, methods=["GET"]),
            Route("/werkmap/{naam}/download/{bestand:path}", extra_file, methods=["GET"])]
