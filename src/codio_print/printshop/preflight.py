"""Preflight: check every PDF of a built kit the way a print shop and an accessibility checker
would, from the files alone (manifest.json says what each file should be), and the print
shop's bundle as the shop receives it: drukwerk.zip or the folder it was unpacked into, whose
printopdracht.json says what each file should be.

The files that go to the shop are also rendered by Ghostscript to measure the total ink on
every page (inkcheck.py), against the preset's limit (presets.py); print files carry no
annotations or form fields. Each check of one PDF is in pdfchecks.py."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader

from codio_print.errors import InputError
from codio_print.i18n import N_, _, ngettext
from codio_print.kit import manifest
from codio_print.printshop import pdfchecks, shopfiles

PROPERTIES = ("opens", "boxes", "fonts", "colour", "ink", "annots", "pdf/ua", "title",
              "attachments", "active")
# Each property's name as a column shows it (one word: the table is read by its columns).
LABELS = {"opens": N_("opens"), "boxes": N_("boxes"), "fonts": N_("fonts"),
          "colour": N_("colour"), "ink": N_("ink"), "annots": N_("annots"),
          "title": N_("title"), "attachments": N_("attachments"), "active": N_("active")}


def label(prop: str) -> str:
    """The name of a property (a column of the table) in the reader's language."""
    return _(LABELS[prop]) if prop in LABELS else prop


@dataclass(frozen=True)
class Limits:
    """What the print files were made for: the preset's total ink (percent) and the bleed."""

    max_ink: int = 300
    bleed_mm: float = 3.0


@dataclass
class FileCheck:
    """The properties of one file: name -> list of problems (empty: passed); absent: n/a."""

    file: str
    results: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(not problems for problems in self.results.values())

    def failures(self) -> list[tuple[str, str]]:
        return [(prop, p) for prop, problems in self.results.items() for p in problems]


# The shop's bundle (bundle.py): the job sheet as PDF, CSV and JSON (what check reads), the
# preflight page, then the print files.
JOB_PDF, JOB_CSV, JOB_JSON, PREFLIGHT_PDF = ("printopdracht.pdf", "printopdracht.csv",
                                             "printopdracht.json", "preflight.pdf")
SHEETS = (JOB_PDF, JOB_CSV, JOB_JSON, PREFLIGHT_PDF)


def check_path(path: Path) -> list[FileCheck]:
    """``codio-print check PATH``: a built kit (with manifest.json), the shop's drukwerk.zip,
    or the folder it was unpacked into (with printopdracht.json)."""
    if path.is_file() and zipfile.is_zipfile(path):
        return check_shop(path.name, shopfiles.zip_files(path))
    if path.is_dir() and not (path / manifest.FILE).is_file() and (path / JOB_JSON).is_file():
        return check_shop(path.name, shopfiles.folder_files(path))
    if path.is_file():
        raise InputError(_("'{path}' is not a kit and not the print shop's zip").format(
            path=path),
            fix=_("give the folder 'codio-print build' wrote, e.g. build/arnhem, or its "
                  "drukwerk.zip (or the folder it was unpacked into)"))
    if not (path / manifest.FILE).is_file():
        raise InputError(_("'{path}' is not a built kit: it has no {manifest} (nor the {order} "
                           "of an unpacked drukwerk.zip)").format(
            path=path, manifest=manifest.FILE, order=JOB_JSON),
            fix=_("give the folder 'codio-print build' wrote, e.g. build/arnhem, or its "
                  "drukwerk.zip"))
    return check_kit(path)


def check_kit(folder: Path) -> list[FileCheck]:
    kit = manifest.load(folder)
    limits = Limits(*kit.limits) if kit.limits else Limits()
    jobs, refused = [], {}
    for piece in kit.pieces:
        for profile, entry in piece.files.items():
            jobs.append(dict(name=entry.file, data=_read(folder, entry.file, refused),
                             size=piece.size, profile=profile, pages=entry.pages,
                             sha256=entry.sha256, title=piece.title, limits=limits,
                             budget=piece.budget,
                             ink=profile == "print" and piece.destination == "drukker"))
    for extra in kit.extras:
        if extra.kind == "tiles":
            jobs.append(dict(name=extra.file, data=_read(folder, extra.file, refused),
                             size=extra.paper, profile="tiles", pages=extra.pages))
    done = iter(checked([job for job in jobs if job["name"] not in refused]))
    checks = [FileCheck(job["name"], {"opens": [refused[job["name"]]]})
              if job["name"] in refused else next(done) for job in jobs]
    for extra in kit.extras:
        if extra.kind == "bundle":
            checks += check_bundle(folder, extra.file, kit)
    return checks


def checked(jobs: list[dict]) -> list[FileCheck]:
    """check_pdf(**job) for every job, in order; Ghostscript renders several at once."""
    from concurrent.futures import ThreadPoolExecutor

    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda job: check_pdf(**job), jobs))


def check_bundle(folder: Path, name: str, kit: manifest.Manifest) -> list[FileCheck]:
    """The zip holds the job sheet (PDF, CSV, JSON), the preflight page and exactly the
    print files of the pieces that go to the shop, as the kit holds them."""
    own = FileCheck(name)
    try:
        files = shopfiles.zip_files(shopfiles.in_kit(folder, name))
    except InputError as exc:
        own.results["opens"] = [exc.message]
        return [own]
    prints = [p.files["print"].file for p in kit.pieces
              if "print" in p.files and p.destination == "drukker"]
    expected = [*SHEETS, *(Path(f).name for f in prints)]
    problems = _listing(list(files), expected)
    for file in prints:
        if Path(file).name in files and files[Path(file).name] != _read(folder, file, {}):
            problems.append(_("{name} differs from {file}").format(name=Path(file).name,
                                                                    file=file))
    own.results["opens"] = problems
    checks = [own]
    for sheet in (JOB_PDF, PREFLIGHT_PDF):
        if sheet in files:
            checks.append(check_pdf(f"{name}/{sheet}", files[sheet], "A4", "screen", None))
    return checks


def check_shop(name: str, files: dict[str, bytes]) -> list[FileCheck]:
    """The shop's bundle from its files alone: printopdracht.json lists what it holds."""
    import json

    own = FileCheck(name)
    try:
        order = json.loads(files[JOB_JSON].decode("utf-8"))
        entries = order["files"]
        limits = Limits(int(order["preset"]["max_ink"]), float(order["preset"]["bleed_mm"]))
    except KeyError:
        own.results["opens"] = [
            _("holds no {file}: not a drukwerk.zip made by codio-print").format(file=JOB_JSON)
            if JOB_JSON not in files else _("{file} is incomplete").format(file=JOB_JSON)]
        return [own]
    except (ValueError, TypeError, AttributeError) as exc:
        own.results["opens"] = [_("{file} cannot be read: {reason}").format(file=JOB_JSON,
                                                                            reason=exc)]
        return [own]
    own.results["opens"] = _listing(list(files), [*SHEETS, *(e["file"] for e in entries)])
    jobs = [dict(name=f"{name}/{e['file']}", data=files.get(e["file"]), size=e["size"],
                 profile="print", pages=e["pages"], sha256=e["sha256"], title=e["title"],
                 limits=limits, ink=True, budget=_budget(e.get("budget"))) for e in entries]
    jobs += [dict(name=f"{name}/{sheet}", data=files.get(sheet), size="A4", profile="screen",
                  pages=None) for sheet in (JOB_PDF, PREFLIGHT_PDF)]
    return [own, *checked(jobs)]


def _listing(names: list[str], expected: list[str]) -> list[str]:
    if sorted(names) == sorted(expected):
        return []
    return [_("holds {count} files, expected {expected}: missing {missing}, extra "
              "{extra}").format(count=len(names), expected=len(expected),
                                missing=sorted(set(expected) - set(names)),
                                extra=sorted(set(names) - set(expected)))]


def check_pdf(name: str, data: bytes | None, size: str, profile: str,
              pages: int | None, *, sha256: str | None = None,
              title: str | None = None, limits: Limits = Limits(),
              ink: bool = False, budget: tuple[int, bool] | None = None) -> FileCheck:
    """``profile`` is print, screen or tiles; ``size`` the finished size (A4, 16:9, ...);
    ``sha256`` and ``title``, where the manifest gives them, what the file must be;
    ``limits`` what a print file was made for; ``ink``: measure the total ink on the
    rendered pages (the files the shop prints); ``budget`` the pages the piece's design has
    as the build recorded them: more pages than that is a spill."""
    check = FileCheck(name)
    if data is None:
        check.results["opens"] = [_("file is missing")]
        return check
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        count = len(reader.pages)
    except Exception as exc:  # pypdf raises many kinds on a broken file
        check.results["opens"] = [_("cannot be read: {reason}").format(reason=exc)]
        return check
    check.results["opens"] = ([] if pages is None or count == pages
                              else [_("has {count} pages, the manifest says {pages}").format(
                                  count=count, pages=pages)])
    check.results["opens"] += _over_budget(count, budget)
    if sha256 and hashlib.sha256(data).hexdigest() != sha256:
        check.results["opens"].append(_("its SHA-256 differs from the manifest's: the file "
                                        "was changed or replaced after the build"))
    check.results["boxes"] = pdfchecks.boxes(reader, size,
                                             limits.bleed_mm if profile == "print" else 0)
    check.results["fonts"] = pdfchecks.fonts(reader)
    if profile in ("print", "mono"):
        check.results["colour"] = pdfchecks.print_colour(reader, limits.max_ink / 100)
        check.results["annots"] = pdfchecks.annotations(reader)
        if ink:
            check.results["ink"] = pdfchecks.ink(data, limits.max_ink)
    if profile == "screen":
        check.results["pdf/ua"] = pdfchecks.pdf_ua(reader) + pdfchecks.validator(data)
    check.results["title"] = pdfchecks.title(reader, title)
    check.results["attachments"], check.results["active"] = pdfchecks.carried(reader)
    return check


def _over_budget(count: int, budget: tuple[int, bool] | None) -> list[str]:
    """A file with more pages than its piece's design (a spill onto an extra sheet, a blank
    page), whoever built it."""
    if budget is None or count <= budget[0]:
        return []
    return [_("has {count} pages where its design has {budget}: build the kit again with "
              "codio-print, which fits it or says what to shorten").format(count=count,
                                                                           budget=budget[0])]


def _budget(data) -> tuple[int, bool] | None:
    return (int(data["pages"]), bool(data.get("most"))) if isinstance(data, dict) else None


def _read(folder: Path, name: str, refused: dict[str, str]) -> bytes | None:
    """A file of the kit (None: missing); why it is not read goes into ``refused``."""
    try:
        return shopfiles.kit_file(folder, name)
    except InputError as exc:
        refused[name] = exc.message
        return None


def table(checks: list[FileCheck]) -> str:
    """One row per file, one column per property: ok, FAIL, or - where it does not apply
    (each a word in the reader's language)."""
    ok, fail = _("ok"), _("FAIL")
    file = _("file")
    width = max([len(file)] + [len(c.file) for c in checks])
    heads = [label(p) for p in PROPERTIES]
    widths = [max(6, len(h), len(ok), len(fail)) for h in heads]
    head = f"{file:<{width}}  " + "  ".join(f"{h:<{w}}" for h, w in zip(heads, widths))
    lines = [head.rstrip(), "-" * len(head.rstrip())]
    for c in checks:
        cells = []
        for prop, w in zip(PROPERTIES, widths):
            if prop not in c.results:
                cells.append(f"{'-':<{w}}")
            else:
                cells.append(f"{ok if not c.results[prop] else fail:<{w}}")
        lines.append((f"{c.file:<{width}}  " + "  ".join(cells)).rstrip())
    return "\n".join(lines)


def failure_lines(checks: list[FileCheck]) -> list[str]:
    """A line per problem found: "FAIL FILE: PROPERTY: what" (for the terminal)."""
    return [_("FAIL {file}: {check}: {problem}").format(file=c.file, check=label(prop),
                                                        problem=problem)
            for c in checks for prop, problem in c.failures()]


def verdict(checks: list[FileCheck]) -> str:
    """The last line of `codio-print check`: every file passed, or how many failed."""
    failed = sum(1 for c in checks if not c.ok)
    if not failed:
        return ngettext("{count} file passes", "all {count} files pass", len(checks)).format(
            count=len(checks))
    return ngettext("{failed} of {count} files fails", "{failed} of {count} files fail",
                    failed).format(failed=failed, count=len(checks))
