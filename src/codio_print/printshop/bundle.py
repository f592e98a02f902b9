"""The print shop's bundle: drukwerk.zip with the print PDFs of the pieces that go to the shop
(printplan.py), the job sheet (PDF, CSV and JSON) and the preflight page.

Pieces printed in the office, tiled for the office, or not printed are not in it; the job
sheet lists them and says why (a piece with participants' names stays in the organisation
unless the organiser asks for it). Entries are written in a fixed order with the build's
fixed date, so the zip is reproducible."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from codio_print import i18n, paths
from codio_print.errors import RenderError
from codio_print.inputs.settings import Settings
from codio_print.kit.artifacts import Extra, PieceResult
from codio_print.kit.dates import build_time
from codio_print.kit.pieces import Budget
from codio_print.kit.profiles import SCREEN
from codio_print.printshop import preflight
from codio_print.printshop.jobsheet import (JOB_SHEET, JOB_SHEET_PAGES, Contact, LeftOut,
                                            Order, job_csv, job_json, job_rows)
from codio_print.printshop.preflight_page import PREFLIGHT_PAGE, preflight_html
from codio_print.printshop.presets import Chosen
from codio_print.render.context import Prepared, context
from codio_print.render.templating import render

BUNDLE = "drukwerk.zip"
FORMAT = 1
COMMENT = "codio-print drukwerk.zip"  # the zip's comment: this, its key, the sheet's pages


def write_bundle(work: Path, results: list[PieceResult], settings: Settings,
                 prep: Prepared, chosen: Chosen, *,
                 key_of: Callable[[list[str]], str] | None = None,
                 previous: bytes | None = None) -> tuple[Extra | None, list]:
    """Check the shop's print files, render the job sheet and the preflight page (screen
    profile: they are read, not printed by the shop) and zip them with the files. Nothing
    when no piece goes to the shop. Also the preflight's checks, for the build's warnings.
    ``previous``: the last kit's zip (as its manifest says), taken as it is when it was made
    of the same (its comment holds the key); ``key_of``: the cache key of HTML with what it
    reads."""
    plan = prep.printing
    shop = [r for r in results if plan.to_shop(r.piece)]
    if not shop:
        return None, []
    rows = job_rows(shop, work)
    files = [(r.outputs["print"].file.name, (work / r.outputs["print"].file).read_bytes())
             for r in shop]  # read once: checked, keyed and zipped
    limits = preflight.Limits(chosen.max_ink, chosen.bleed_mm)
    jobs = [dict(name=row.file, data=data, size=r.piece.size, profile="print", pages=row.pages,
                 sha256=row.sha256, title=r.piece.title, limits=limits, ink=True)
            for row, r, (_, data) in zip(rows, shop, files)]
    checks = preflight.checked(jobs)  # in the reader's language, for the build's warnings
    order = _order(results, settings, prep, chosen)
    base = context(prep.content, prep.session, prep.case, [r.piece for r in results],
                   prep.theme, SCREEN, settings.icc, plan)
    htmls = {JOB_SHEET.id: render(prep.env, JOB_SHEET.kind.template,
                                  {**base, "piece": JOB_SHEET, "fundament": None,
                                   "rows": rows, "order": order}),
             PREFLIGHT_PAGE.id: preflight_html(prep.env, base, page_checks(jobs, checks),
                                                order)}
    tables = [(preflight.JOB_CSV, job_csv(rows, order)),
              (preflight.JOB_JSON, job_json(rows, order))]
    # The same key as the previous kit's zip: that zip is this one, and nothing is rendered.
    key = _key(htmls, [*tables, *files], key_of)
    kept = _kept(previous, key) if key_of else None
    if kept is not None:
        data, pages = kept
        (work / BUNDLE).write_bytes(data)
        return Extra(Path(BUNDLE), "bundle", pages=pages), checks

    from codio_print.render.pdf import render_pdf

    allowed = [settings.workspace] if settings.workspace else []
    pages = {piece_id: render_pdf(html, paths.TEMPLATES.as_uri() + "/", name=piece_id,
                                  profile=SCREEN, allowed=allowed)
             for piece_id, html in htmls.items() if piece_id != JOB_SHEET.id}
    pages[JOB_SHEET.id] = _job_sheet(render_pdf, htmls[JOB_SHEET.id], allowed)
    entries = [(preflight.JOB_PDF, pages[JOB_SHEET.id].pdf), *tables,
               (preflight.PREFLIGHT_PDF, pages[PREFLIGHT_PAGE.id].pdf), *files]
    sheet_pages = pages[JOB_SHEET.id].pages
    write_zip(work / BUNDLE, entries, build_time(prep.session.date).timetuple()[:6],
              comment=f"{COMMENT} {key} {sheet_pages}")
    return Extra(Path(BUNDLE), "bundle", pages=sheet_pages), checks


def _job_sheet(render_pdf, html: str, allowed: list[Path]):
    """The job sheet on its one page (N24: it steps down to keep it); an order too long for
    one page even then (a shop that prints the hand-outs too) on two, never more."""
    def render(budget: Budget):
        return render_pdf(html, paths.TEMPLATES.as_uri() + "/", name=JOB_SHEET.id,
                          profile=SCREEN, allowed=allowed, budget=budget)

    try:
        return render(JOB_SHEET_PAGES)
    except RenderError as exc:
        if exc.key != "pages":
            raise
        return render(Budget(2, most=True))


PAGE_LANGUAGE = "nl"  # of the job sheet and the preflight page


def _order(results: list[PieceResult], settings: Settings, prep: Prepared,
           chosen: Chosen) -> Order:
    """The order on the job sheet: who orders, the printing standard, and the pieces that
    do not go to the shop (and where they go instead)."""
    plan = prep.printing
    return Order(organisation=settings.organisation or prep.case.organisatie,
                 contact=Contact.of(settings), icc_name=chosen.icc_name,
                 preset=chosen.preset.label, paper=chosen.preset.paper,
                 max_ink=chosen.max_ink, bleed_mm=chosen.bleed_mm,
                 shop_note=settings.shop_note, left_out=tuple(dict.fromkeys(
                     LeftOut(r.piece.kind.title, plan.of(r.piece).where, plan.of(r.piece).why,
                             names=prep.session.named and r.piece.kind.names)
                     for r in results if not plan.to_shop(r.piece))))


def _key(htmls: dict[str, str], entries: list, key_of: Callable[[list[str]], str] | None
         ) -> str:
    """What the zip is made of, as one key: the two pages' HTML with what they read
    (``key_of``: the pipeline's cache key), the tables and every file."""
    digest = hashlib.sha256(f"{FORMAT}\0".encode())
    digest.update((key_of(list(htmls.values())) if key_of else "".join(htmls.values())).encode())
    for name, data in entries:
        digest.update(f"{name}\0{hashlib.sha256(_bytes(data)).hexdigest()}\0".encode())
    return digest.hexdigest()


def page_checks(jobs: list[dict], checks: list) -> list:
    """What preflight.pdf shows of ``checks`` (made of ``jobs``): it is a Dutch page for the
    shop whatever the organiser reads, so what the checks found is said in Dutch there
    (checked again in Dutch when they found something in another language), and the zip is
    the same bytes in either language."""
    if i18n.language() == PAGE_LANGUAGE or all(c.ok for c in checks):
        return checks
    with _speaking(PAGE_LANGUAGE):
        return preflight.checked(jobs)


@contextmanager
def _speaking(language: str) -> Iterator[None]:
    """Messages in ``language`` inside the block."""
    before = i18n.language()
    i18n.set_language(language)
    try:
        yield
    finally:
        i18n.set_language(before)


def _bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _kept(data: bytes | None, key: str) -> tuple[bytes, int] | None:
    """The previous kit's zip and its job sheet's pages, when it was made from ``key``."""
    if data is None:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            words = archive.comment.decode("ascii").split()
    except (zipfile.BadZipFile, UnicodeDecodeError):
        return None
    if len(words) == 4 and " ".join(words[:2]) == COMMENT and words[2] == key \
            and words[3].isdigit():
        return data, int(words[3])
    return None


def write_zip(path: Path, entries: list[tuple[str, bytes]], when: tuple,
              comment: str = "") -> None:
    """A zip whose bytes depend only on the entries: fixed dates, order and attributes."""
    when = max(when, (1980, 1, 1, 0, 0, 0))  # the earliest date a zip can hold
    with zipfile.ZipFile(path, "w") as archive:
        archive.comment = comment.encode("ascii")
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
