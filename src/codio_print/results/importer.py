"""``results import``: filled worksheets merged into resultaten.yaml.

The file stays the one the facilitator reads and edits: it is changed in place with
ruamel.yaml (its comments, order and quoting kept) and checked like any resultaten.yaml
before it is written. What each import took is remembered next to it
(``.resultaten.yaml.import.json``): a value that still reads as it was imported is the
sheet's to change, so a corrected sheet updates it without a second copy; one that reads
otherwise was edited by hand, and is replaced only with a line saying so, after the file as
it was is kept as ``resultaten.yaml.bak-<n>`` (a new file under the first free number, never
through a link a workspace ships). A sheet of another kit, or of a group the session does
not have, is refused, and then nothing is written. Two imports at once take turns: each
reads, merges and writes under the lock ``.resultaten.yaml.lock``.

Anyone can hand in a sheet, and a sheet says itself whose it is. So a sheet does not take
over what an import took from another file (a participant's copy of another group's sheet),
nor does a sheet with nothing filled in remove what was imported (an empty poster): it is
refused, unless ``replace`` (``--replace``) says that this is the corrected sheet.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from codio_print import writing
from codio_print.builder import outdir
from codio_print.errors import CodioError, InputError, shown
from codio_print.i18n import _
from codio_print.inputs.content import Content
from codio_print.inputs.controls import without_controls
from codio_print.inputs.yamlread import MAX_YAML_BYTES, parse_yaml, read_text
from codio_print.render.templating import datum as day_text
from codio_print.results.lenient import repair
from codio_print.results.load import case_of, load_results, read_results_file, root_of
from codio_print.results.merging import (BACKUP, ImportReport, Merge, backup, read_record,
                                         record_path, what, write_record)
from codio_print.results.models import Results
from codio_print.results.sheets import (GROUP_SHEETS, PERSONAL_SHEET, POSTER_SHEET, Facts,
                                        Key, Sheet, facts, read_sheet)
from codio_print.inputs.yamledit import round_trip

# The names other modules and the tests know the importer by.
__all__ = ["BACKUP", "ImportReport", "MAX_RESULTS_BYTES", "import_sheets", "read_record",
           "read_sheet", "record_path"]
_read_record = read_record

MAX_RESULTS_BYTES = MAX_YAML_BYTES  # what `results build` reads, so what import writes


def import_sheets(results_file: Path, files: list[Path], content_for, *,
                  replace: bool = False, workspace: Path | None = None) -> ImportReport:
    """Merge the filled ``files`` into ``results_file``; ``content_for(case_id)`` loads the
    content the file is checked against (with a workspace's own cases). ``replace``: a sheet
    may change or remove what another file gave (see the module's text). ``results_file`` is
    read by the one rule for reading, in ``workspace`` if it lies there (load.root_of)."""
    results_file = Path(results_file)
    if not results_file.is_file():
        raise InputError(_("there is no resultaten.yaml here yet"), file=results_file,
                         fix=_("make it first with 'codio-print results init', then import "
                               "the sheets"))
    with outdir.locked(results_file):  # another import waits until this one has written
        return _merge_into(results_file, files, content_for, replace, workspace)


def _merge_into(results_file: Path, files: list[Path], content_for, replace: bool,
                workspace: Path | None) -> ImportReport:
    located = read_results_file(results_file, workspace)
    content: Content = content_for(case_of(located))
    results = load_results(located, content)
    report = ImportReport(results_file)
    usable = _usable([read_sheet(Path(f)) for f in files], results, content, report)
    text = read_text(results_file, root_of(results_file, workspace))
    doc = round_trip().load(repair(text))  # as load.read_results_file reads it
    record = read_record(results_file)
    merge = Merge(doc, record, located, report)
    checklist = [p.punt for p in results.checklist]
    for sheet in usable:
        found = facts(sheet, content, checklist)
        if not replace:
            _refuse_takeover(merge.taken_over(found), found)
        merge.apply(found, content)
    if not report.changed:
        if merge.record_changed:
            write_record(results_file, record)
        return report
    out = io.StringIO()
    round_trip().dump(doc, out)
    new_text = out.getvalue()
    _check_size(results_file, new_text)
    try:
        load_results(parse_yaml(new_text, results_file), content)
    except CodioError as exc:  # what the sheets say does not fit what the file holds
        raise InputError(_("the sheets would make resultaten.yaml invalid: {problem}").format(
                             problem=exc.message), file=results_file, line=exc.line, key=exc.key,
                         fix=exc.fix or _("correct the sheet and import it again")) from None
    if merge.overwritten:
        report.backup = backup(results_file, text)
        report.notices = [n.replace("{backup}", shown(report.backup)) for n in report.notices]
    try:
        writing.replace(results_file, new_text)
    except OSError as exc:
        raise InputError(_("cannot write here: {reason}").format(reason=exc.strerror or exc),
                         file=results_file, fix=_("check the disk and the folder")) from None
    write_record(results_file, record)
    return report


def _usable(sheets: list, results, content: Content, report: ImportReport) -> list:
    """The sheets to merge: each of this session, one per sheet and group, a personal sheet
    left out with a notice."""
    usable = []
    seen: dict[tuple[str, str], Path] = {}
    for sheet in sheets:
        _check_identity(sheet, results, content)
        if sheet.kind == PERSONAL_SHEET:
            report.notices.append(_("{file}: a personal worksheet (hand-out 2): what one "
                                    "person wrote is not a group's result — not taken; import "
                                    "the group's hand-outs 3 and 4").format(
                                        file=shown(sheet.path)))
            continue
        if sheet.kind not in (*GROUP_SHEETS, POSTER_SHEET):
            raise InputError(_("{sheet} has nothing to import").format(sheet=_sheet_name(sheet)),
                             file=sheet.path,
                             fix=_("import the filled hand-outs 3 and 4 and the poster"))
        other = seen.get((sheet.kind, sheet.groep))
        if other is not None:
            raise InputError(_("two sheets for the same {sheet}: {other} and this one").format(
                                 sheet=_sheet_name(sheet), other=shown(other)),
                             file=sheet.path, fix=_("import one of them"))
        seen[(sheet.kind, sheet.groep)] = sheet.path
        usable.append(sheet)
    return usable


def _check_size(results_file: Path, text: str) -> None:
    size = len(text.encode("utf-8"))
    if size > MAX_RESULTS_BYTES:
        raise InputError(_("with what the sheets say it would be {size} bytes, more than the "
                           "{most} bytes codio-print reads").format(
                               size=f"{size:,}", most=f"{MAX_RESULTS_BYTES:,}"),
                         file=results_file,
                         fix=_("shorten the longest texts in the file or on the sheets"))


def _sheet_name(sheet: Sheet) -> str:
    number = sheet.kind.split("-")[-1]
    if sheet.groep:
        return _("hand-out {number} of group '{group}'").format(number=number,
                                                                group=sheet.groep)
    return _("hand-out {number}").format(number=number)


def _session_text(d: date | None, start: str) -> str:
    day = day_text(d, weekday=False) if d else _("no date")
    return _("{day} at {start}").format(day=day, start=start) if start else day


def _check_identity(sheet: Sheet, results: Results, content: Content) -> None:
    """The sheet is of this kit (case, variant, session: a kit writes them all) and of one
    of its groups, or the poster, of none."""
    s = results.sessie
    start = f"{s.start:%H:%M}"
    fix = _("import the sheets of this session's kit, or check 'sessie:' in resultaten.yaml")
    if sheet.casus != s.casus:
        raise InputError(_("this sheet is of another kit: case '{sheet}', resultaten.yaml is "
                           "for '{file}'").format(sheet=sheet.casus, file=s.casus),
                         file=sheet.path, fix=fix)
    if sheet.variant != content.code.variant:
        raise InputError(_("this sheet is of another kit: code '{sheet}', resultaten.yaml is "
                           "for '{file}'").format(sheet=sheet.variant,
                                                  file=content.code.variant),
                         file=sheet.path, fix=fix)
    if (sheet.datum and sheet.datum != s.datum) or sheet.start != start:
        raise InputError(_("this sheet is of another kit: the session of {sheet}, "
                           "resultaten.yaml is of {file}").format(
                               sheet=_session_text(sheet.datum, sheet.start),
                               file=_session_text(s.datum, start)), file=sheet.path, fix=fix)
    if sheet.kind == POSTER_SHEET and sheet.groep:
        raise InputError(_("this poster says it is of group '{group}', but the poster is the "
                           "whole session's: no kit writes a group on it").format(
                               group=sheet.groep),
                         file=sheet.path, fix=_("fill in the poster of this session's kit"))
    groepen = [g.fundament for g in s.groepen] or [f.id for f in content.fundamenten]
    if sheet.kind in GROUP_SHEETS and sheet.groep not in groepen:
        raise InputError(_("this sheet is of group '{group}', which this session does not "
                           "have (its groups: {groups})").format(group=sheet.groep,
                                                                 groups=", ".join(groepen)),
                         file=sheet.path,
                         fix=_("import the sheets of this session's groups, or add the group "
                               "under 'sessie: groepen:' in resultaten.yaml"))


def _refuse_takeover(taken: dict[str, list[Key]], found: Facts) -> None:
    """One line for a sheet that would change or remove what another file gave, or remove
    what was imported while it has nothing filled in (merging.Merge.taken_over)."""
    if not taken:
        return
    source, keys = next(iter(taken.items()))
    source = source if len(source) <= 80 else source[:80] + "…"  # as the record names it
    named = ", ".join(what(k) for k in keys[:3])
    if len(keys) > 3:
        named = _("{named} and {count} more").format(named=named, count=len(keys) - 3)
    sheet = found.sheet
    if not found.values:
        message = _("nothing is filled in on this {sheet}, and importing it would remove what "
                    "{source} gave: {what}").format(sheet=_sheet_name(sheet), source=source,
                                                    what=named)
        fix = _("check that this is the filled-in sheet; to remove what it no longer has, "
                "import it with --replace")
    else:
        message = _("this {sheet} would change what {source} gave: {what}").format(
            sheet=_sheet_name(sheet), source=source, what=named)
        fix = _("import each group's own sheets; if this is the corrected sheet of {source}, "
                "import it with --replace").format(source=source)
    raise InputError(without_controls(message), file=sheet.path, fix=without_controls(fix))
