"""The office's printing in one go: besides the single files, kantoor/ holds one PDF per
printer setting (A4 two-sided, A4 one-sided, A3 one-sided; only those that have pages), so
the office part of a kit is at most three print jobs.

Each file holds, per piece in kit order (printplan.PrintPlan.office_jobs), a divider page that
names what follows (the piece, its file, copies, paper and setting; in a two-sided job with a
blank back, so the piece starts on a sheet of its own), then the piece as many times as the
print plan says; in a two-sided job every copy is padded to an even number of pages, so two
copies never share a sheet. The dividers are rendered by WeasyPrint from templates/kantoor.html
(real text in the kit's font, Dutch); the pieces' pages are copied with pikepdf, their content
shared, not duplicated. The same inputs give the same bytes: the files carry the build's fixed
date, and a file made from the same (its key, kept in its metadata) is taken from the
previous kit as it is, without rendering.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pikepdf
from pypdf import PdfReader

from codio_print import paths
from codio_print.kit.artifacts import Extra, PieceResult
from codio_print.kit.pieces import Piece, PieceKind
from codio_print.kit.printplan import OfficeJob, PrintPlan
from codio_print.kit.profiles import SCREEN

FORMAT = 1
KEY = "/CodioPrintKey"  # the document information entry holding what a file was made from
DIVIDERS_KEY = "/CodioPrintDividers"  # ... and what its divider pages were made from
DIVIDERS = "kantoor.html"
# The dividers are rendered through base.html like a piece.
_PIECE = Piece("kantoor", PieceKind("kantoor", "Printen op kantoor", DIVIDERS, "A4", "once"),
               None, 1)
# The dividers' paper (_PIECE) and its margins (top and bottom, sides); a job on another of
# these papers has its dividers on its own paper (a named page in kantoor.html), a job on
# any other paper (a poster sent to the office) on the dividers' paper.
DIVIDER_PAGES = {"A4": "25mm 22mm", "A3": "30mm 28mm"}

Renderer = Callable[[str], bytes]  # divider HTML -> PDF


def dividers(jobs: list[OfficeJob]) -> list[dict]:
    """What each divider page says, in the order of the jobs and their pieces."""
    out = []
    for job in jobs:
        for number, part in enumerate(job.parts, 1):
            out.append({"job": job.file, "number": number, "count": len(job.parts),
                        "title": part.piece.title, "file": part.file, "copies": part.copies,
                        "pages": part.pages, "paper": job.paper, "sides": job.sides,
                        "page": job.paper.lower() if job.paper in DIVIDER_PAGES else "",
                        "cards": part.piece.kind.key == "naamkaartjes", "tiles": part.tiles})
    return out


def divider_context(entries: list[dict]) -> dict:
    """What kantoor.html renders besides the build's context: the dividers (``entries``:
    dividers()) and their pages, each with its size as a piece on that paper has it
    (Piece.page), the dividers' own paper the unnamed, default page."""
    pages = [{"name": "" if paper == _PIECE.size else paper.lower(),
              "size": replace(_PIECE, size=paper).page, "margin": margin}
             for paper, margin in DIVIDER_PAGES.items()]
    return {"piece": _PIECE, "fundament": None, "dividers": entries, "pages": pages}


DividerPage = tuple[bytes, int]  # a divider: the PDF it is in and its page there (from 0)


def combine(job: OfficeJob, divider_pages: list[DividerPage], read: Callable[[str], bytes],
            *, title: str, created: str, key: str = "", dividers: str = "") -> bytes:
    """The combined file of one job: ``divider_pages`` (one per part), the parts read by
    ``read(file)`` (relative to the kit folder); ``key`` what it is made of and ``dividers``
    what its dividers are made of, kept in its metadata. Copied with pikepdf (qpdf): a page
    copied again shares its content with the first copy, and it is fast (a pure-Python copy
    of a kit's office part took seconds)."""
    out = pikepdf.new()
    opened: dict[int, pikepdf.Pdf] = {}

    def pdf_of(data: bytes) -> pikepdf.Pdf:
        if id(data) not in opened:
            opened[id(data)] = pikepdf.open(io.BytesIO(data))
        return opened[id(data)]

    def blank_like(page) -> None:
        box = page.mediabox
        out.add_blank_page(page_size=(float(box[2] - box[0]), float(box[3] - box[1])))

    try:
        for part, (source, index) in zip(job.parts, divider_pages, strict=True):
            divider = pdf_of(source).pages[index]
            out.pages.append(divider)
            if job.sides == 2:  # the divider's back stays blank: the piece starts on a new sheet
                blank_like(divider)
            pages = list(pdf_of(read(part.file)).pages)
            for _ in range(part.copies):
                for page in pages:
                    out.pages.append(page)
                if job.sides == 2 and len(pages) % 2:
                    blank_like(pages[-1])
        info = {"/Title": title, "/Creator": "codio-print", "/Producer": "codio-print",
                "/CreationDate": _pdf_date(created), "/ModDate": _pdf_date(created)}
        if key:
            info[KEY] = key
        if dividers:
            info[DIVIDERS_KEY] = dividers
        for page in out.pages:  # paper has no use for form fields and links: the page's
            if pikepdf.Name.Annots in page.obj:  # content draws the boxes to write in
                del page.obj[pikepdf.Name.Annots]
        for name, value in info.items():
            out.docinfo[name] = value
        out.Root.Lang = pikepdf.String("nl")
        buffer = io.BytesIO()
        out.save(buffer, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return buffer.getvalue()
    finally:
        out.close()
        for pdf in opened.values():
            pdf.close()


def job_key(job: OfficeJob, dividers_key: str, sha_of: Callable[[str], str]) -> str:
    """What a combined file is made of: the dividers (their key) and every part's file,
    copies and bytes."""
    digest = hashlib.sha256(f"{FORMAT}\0{job.file}\0{job.sides}\0{dividers_key}\0".encode())
    for part in job.parts:
        digest.update(f"{part.file}\0{part.copies}\0{sha_of(part.file)}\0".encode())
    return digest.hexdigest()


def kept_key(data: bytes | None) -> str:
    """The key a previous combined file was made from ("" when there is none)."""
    if not data:
        return ""
    try:
        return str((PdfReader(io.BytesIO(data)).metadata or {}).get(KEY) or "")
    except Exception:  # noqa: BLE001 - a damaged file is simply made again
        return ""


def write_office(work: Path, plan: PrintPlan, results: list[PieceResult], *, env, base: dict,
                 allowed: list[Path], previous: Callable[[str], bytes | None] = lambda f: None,
                 renderer: Renderer | None = None,
                 key_of: Callable[[str], str] | None = None) -> list[Extra]:
    """kantoor/<paper>-<sides>.pdf for every printer setting the office's pieces use, in
    ``work`` (the new kit's folder, the single files already in it); their Extra entries.
    ``previous(file)``: the previous kit's bytes of a file, when it is what its manifest
    says; ``renderer``: HTML to PDF (WeasyPrint in the screen profile by default);
    ``key_of``: the cache key of the dividers' HTML with what it reads."""
    from codio_print.render.templating import render

    jobs = [job for job in plan.office_jobs([r.piece for r in results]) if job.pages]
    if not jobs:
        return []
    entries = dividers(jobs)
    html = render(env, DIVIDERS, {**base, **divider_context(entries)})
    shas: dict[str, str] = {}

    def read(file: str) -> bytes:
        return (work / file).read_bytes()

    def sha_of(file: str) -> str:
        if file not in shas:
            shas[file] = hashlib.sha256(read(file)).hexdigest()
        return shas[file]

    # The dividers' key: the HTML with what it reads (key_of: the pipeline's cache key, the
    # same wherever the kit is built from), else the HTML's own hash.
    dividers_key = key_of(html) if key_of else hashlib.sha256(html.encode()).hexdigest()
    keys = {job.file: job_key(job, dividers_key, sha_of) for job in jobs}
    before = {job.file: previous(job.file) for job in jobs}
    made = {file: data for file, data in before.items()
            if data and kept_key(data) == keys[file]}
    if len(made) < len(jobs):
        # The dividers: from the previous files when their HTML is the same (a watch build
        # that changed one piece renders nothing here), else rendered once for all jobs.
        found = _kept_dividers(jobs, before, dividers_key)
        if found is None:
            pdf = (renderer or _render(allowed))(html)
            reader = PdfReader(io.BytesIO(pdf))
            if len(reader.pages) != len(entries):  # a divider is one page (the template)
                raise RuntimeError(f"{DIVIDERS}: {len(reader.pages)} pages for "  # internal
                                   f"{len(entries)} dividers")
            title = str((reader.metadata or {}).get("/Title") or "")
            pages = iter(range(len(entries)))
            found = title, {job.file: [(pdf, next(pages)) for _ in job.parts] for job in jobs}
        title, own = found
        for job in jobs:
            if job.file not in made:
                made[job.file] = combine(job, own[job.file], read, title=f"{title} · {job.name}",
                                         created=base["session"].stamp, key=keys[job.file],
                                         dividers=dividers_key)
    (work / jobs[0].file).parent.mkdir(exist_ok=True)
    extras = []
    for job in jobs:
        (work / job.file).write_bytes(made[job.file])
        extras.append(Extra(Path(job.file), "office", paper=job.paper, pages=job.pages or 0))
    return extras


def _kept_dividers(jobs: list[OfficeJob], before: dict[str, bytes | None], key: str
                   ) -> tuple[str, dict[str, list]] | None:
    """The title and divider pages of the previous combined files, when every one of them
    was made from the same dividers' HTML (which holds every part's file, copies and pages,
    so the dividers sit where this job puts them)."""
    found: dict[str, list] = {}
    title = ""
    for job in jobs:
        data = before.get(job.file)
        try:
            reader = PdfReader(io.BytesIO(data)) if data else None
            meta = reader.metadata or {} if reader else {}
        except Exception:  # noqa: BLE001 - a damaged file: the dividers are rendered again
            return None
        if reader is None or str(meta.get(DIVIDERS_KEY) or "") != key:
            return None
        title = str(meta.get("/Title") or "").rpartition(" · ")[0]
        at, pages = 0, []
        for part in job.parts:
            pages.append((data, at))
            at += job.divider_pages + part.copies * job.padded(part.pages or 0)
        if at != len(reader.pages):
            return None
        found[job.file] = pages
    return title, found


def _render(allowed: list[Path]) -> Renderer:
    def render_dividers(html: str) -> bytes:
        from codio_print.render.pdf import render_pdf

        return render_pdf(html, paths.TEMPLATES.as_uri() + "/", name="kantoor",
                          profile=SCREEN, allowed=allowed).pdf
    return render_dividers


def _pdf_date(iso: str) -> str:
    """2026-01-01T00:00:00Z → D:20260101000000Z."""
    return "D:" + iso.replace("-", "").replace(":", "").replace("T", "").rstrip("Z") + "Z"
