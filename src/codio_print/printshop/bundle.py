"""The print shop's bundle: drukwerk.zip with the print PDFs, the job sheet and its CSV.

Entries are written in a fixed order with the build's fixed date, so the zip is reproducible."""

from __future__ import annotations

import zipfile
from pathlib import Path

from codio_print import paths
from codio_print.inputs.settings import Settings
from codio_print.kit.artifacts import Extra, PieceResult
from codio_print.kit.dates import build_time
from codio_print.kit.profiles import SCREEN
from codio_print.printshop.jobsheet import JOB_SHEET, Order, job_csv, job_rows
from codio_print.render.colour import profile_name
from codio_print.render.context import Prepared, context
from codio_print.render.templating import render

BUNDLE = "drukwerk.zip"


def write_bundle(work: Path, results: list[PieceResult], settings: Settings,
                 prep: Prepared) -> Extra:
    """Render the job sheet (screen profile: it is read, not printed by the shop) and zip it
    with its CSV and every print PDF."""
    from codio_print.render.pdf import render_pdf

    rows = job_rows(results, work)
    order = Order(organisation=settings.organisation or prep.case.organisatie,
                  contact=settings.contact, deliver_by=settings.deliver_by,
                  icc_name=profile_name(settings.icc))
    base = context(prep.content, prep.session, prep.case, [r.piece for r in results],
                   prep.theme, SCREEN, settings.icc)
    html = render(prep.env, JOB_SHEET.kind.template,
                  {**base, "piece": JOB_SHEET, "fundament": None, "rows": rows, "order": order})
    sheet = render_pdf(html, paths.TEMPLATES.as_uri() + "/", name=JOB_SHEET.id, profile=SCREEN,
                       allowed=[settings.workspace] if settings.workspace else [])
    session = prep.session

    entries = [("printopdracht.pdf", sheet.pdf), ("printopdracht.csv", job_csv(rows, order))]
    entries += [(r.outputs["print"].file.name, (work / r.outputs["print"].file).read_bytes())
                for r in results]
    write_zip(work / BUNDLE, entries, build_time(session.date).timetuple()[:6])
    return Extra(Path(BUNDLE), "bundle", pages=sheet.pages)


def write_zip(path: Path, entries: list[tuple[str, bytes]], when: tuple) -> None:
    """A zip whose bytes depend only on the entries: fixed dates, order and attributes."""
    when = max(when, (1980, 1, 1, 0, 0, 0))  # the earliest date a zip can hold
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
