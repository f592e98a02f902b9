"""What ``build`` tells the organiser besides the kit line: what it read of the participant
list and how it divided it, where each piece is to be printed, and which details the print
shop's job sheet still lacks. Lines made from the plain data the build returns
(builder/report.py), printed by cli/commands.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from codio_print.errors import shown
from codio_print.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from codio_print.builder.report import DivisionMade, People, Report

USES = {"name": N_("name"), "role": N_("role"), "group": N_("fixed group"),
        "spread": N_("spread over tables")}
PLACES = (("kantoor", N_("office")), ("drukker", N_("print shop")),
          ("tegels", N_("office as tiles")))


def people(seen: People) -> list[str]:
    """The participant list in a few lines (report.people); nothing for a number of
    participants."""
    plist, division = seen.read, seen.division
    if plist is None:
        return []
    lines = [_("Participants: {count} read from {file}").format(count=plist.count,
                                                                 file=shown(plist.file))]
    used = [f"{c.header} ({_(USES[c.use])}{': ' + c.why if c.why else ''})"  # why: of several
            for c in plist.columns if c.use != "ignored"]                       # candidates
    ignored = [f"{c.header} ({c.why})" for c in plist.columns if c.use == "ignored"]
    lines.append("  " + (_("columns: {used}; ignored: {ignored}") if ignored else
                         _("columns: {used}")).format(used=", ".join(used),
                                                      ignored=", ".join(ignored)))
    letter = {t.fundament: t.letter for t in seen.tables}
    lines.append("  " + _("tables: {tables}").format(tables=", ".join(
        f"{t.letter} {t.name} {t.size}" for t in seen.tables)))
    if division is not None:
        lines.append("  " + _("groups: {division}").format(division=_division(division, letter)))
    if plist.twice:
        lines.append("  " + _("names twice: {names} — allowed, but check it is not one person "
                              "twice").format(names="; ".join(
                                  _("{name} (lines {first} and {again})").format(
                                      name=t.name, first=t.first, again=t.again)
                                  for t in plist.twice)))
    if plist.skipped:
        lines.append("  " + _("skipped: {lines}").format(lines=", ".join(
            _("line {line} ({why})").format(line=line, why=why) for line, why in plist.skipped)))
    return lines


def _division(division: DivisionMade, letter: dict[str, str]) -> str:
    where = shown(division.file) if division.file else _("nowhere")
    if division.source == "new":
        return _("divided afresh, kept in {file} (edit it to move someone; later builds keep "
                 "everyone at their table, --regroup divides afresh)").format(file=where)
    if division.source == "regroup":
        return _("divided afresh (--regroup), kept in {file}").format(file=where)
    changes = []
    if division.newcomers:
        changes.append(_("new: {names}").format(names=", ".join(
            f"{name} ({letter[fid]})" for name, fid in division.newcomers)))
    if division.gone:
        changes.append(_("no longer on the list: {names}").format(
            names=", ".join(division.gone)))
    if division.moved:
        changes.append(_("moved: {names}").format(names=", ".join(
            f"{m.name} {letter[m.before]} → {letter[m.after]} ({m.why})"
            for m in division.moved)))
    if changes:
        return _("as in {file}; {changes}").format(file=where, changes="; ".join(changes))
    return _("as in {file}, no changes").format(file=where)


def printing(report: Report) -> list[str]:
    """Where the pieces go: one line, and one for the pieces kept from the shop."""
    pieces = report.pieces
    if not any(p.where for p in pieces):  # a report without the print plan
        return []
    parts = []
    for where, label in PLACES:
        these = [p for p in pieces if p.where == where]
        if not these:
            continue
        folder = these[0].printed_as.split("/")[0]
        count = ngettext("{count} file", "{count} files", len(these)).format(count=len(these))
        text = f"{_(label)} ({folder}{'' if folder.endswith('.zip') else '/'}) {count}"
        if where == "drukker" and report.preflight:
            failed = sum(not c.ok for c in report.preflight)
            text += (_(", preflight passed") if not failed
                     else _(", preflight: {count} failing (see the warnings)").format(
                         count=failed))
        if where == "drukker" and not any(p.name == "print" for p in report.profiles):
            text += _(" (no drukwerk.zip: this build makes no print files; --profile print or "
                      "all does)")
        if where == "drukker" and report.missing:
            text += _(", the job sheet lacks {what}").format(
                what=", ".join(what for what, *_rest in report.missing))
        parts.append(text)
    unprinted = [p.id for p in pieces if p.where == "niet"]
    if unprinted:
        parts.append(_("not printed: {pieces}").format(pieces=", ".join(unprinted)))
    lines = [_("To print: {places}").format(places=" · ".join(parts))]
    kept = [p.id for p in pieces if p.why == "names"]
    if kept:
        lines.append("  " + _("kept from the print shop, as they show participants' names: "
                              "{pieces} (--destination {piece}=drukker sends it)").format(
                                  pieces=", ".join(kept), piece=kept[0]))
    if not any(p.where == "drukker" for p in pieces) and any(p.name == "print"
                                                             for p in report.profiles):
        lines.append("  " + _("nothing goes to the print shop, so there is no drukwerk.zip"))
    return lines + office(report)


def office(report: Report) -> list[str]:
    """The office's print jobs in one go (kantoor/, printshop/office.py): which file to print
    with which setting, and the paper for the name cards."""
    jobs = report.office
    if not jobs:
        return []
    lines = ["  " + ngettext("the office in one go: {count} print job, the copies in it",
                             "the office in one go: {count} print jobs, the copies in them",
                             len(jobs)).format(count=len(jobs))]
    for job in jobs:
        setting = _("two-sided") if job.sides == 2 else _("one-sided")
        sheets = ngettext("{count} sheet", "{count} sheets", job.sheets or 0).format(
            count=job.sheets or 0)
        lines.append("    " + _("{file}: {paper}, {setting}, {sheets}").format(
            file=job.file, paper=job.paper, setting=setting, sheets=sheets))
    kinds = {p.id: p.kind for p in report.pieces}
    if any(kinds.get(piece) == "naamkaartjes" for job in jobs for piece in job.pieces):
        lines.append("    " + _("name cards: on card of 160–250 g/m² (matt), through the "
                                "manual feed; check what your printer takes"))
    return lines


def reprinting(report: Report) -> list[str]:
    """After a build that changed something: what to print again, per place, and whether
    drukwerk.zip changed (kit/reprint.py; the same list is in manifest.json)."""
    from codio_print.kit.reprint import PLACES as WHERE

    change = report.reprint
    if change is None:
        return []
    if not change.anything:
        lines = [_("To print again: nothing, every printed page is as before")]
    else:
        lines = [_("To print again:")]
    labels = {"kantoor": _("office"), "drukker": _("print shop (in drukwerk.zip)"),
              "tegels": _("office as tiles")}
    for where in WHERE:
        files = change.places.get(where)
        if files:
            lines.append("  " + _("{place}: {files}").format(
                place=labels[where], files="; ".join(_file_change(f) for f in files)))
    bundle = {"same": _("drukwerk.zip has not changed: the print shop need not get anything "
                        "new"),
              "changed": _("drukwerk.zip has changed: send it to the print shop again"),
              "new": _("drukwerk.zip is new: send it to the print shop"),
              "gone": _("there is no drukwerk.zip any more: nothing goes to the print shop "
                        "now")}.get(change.bundle or "")
    if bundle:
        lines.append("  " + bundle)
    return lines


CHANGES = {"new": N_("new"), "changed": N_("changed"), "gone": N_("gone")}


def _file_change(f) -> str:
    """One file: its pages, and the copies more or fewer than before (a late sign-up needs
    one more case description, though the file is the same)."""
    if f.copies > 0:
        copies = ngettext("{count} copy more", "{count} copies more", f.copies).format(
            count=f.copies)
    else:
        copies = ngettext("{count} copy fewer", "{count} copies fewer", -f.copies).format(
            count=-f.copies) if f.copies else ""
    if f.change == "copies":
        return f"{f.file}: {copies}"
    return _file_pages(f) + (_(", and {copies}").format(copies=copies) if copies else "")


def _file_pages(f) -> str:
    if f.whole and f.change == "new":
        pages = f.pages[0].last if f.pages else 0
        return ngettext("{file}: new, {count} page", "{file}: new, {count} pages",
                        pages).format(file=f.file, count=pages)
    if f.whole and f.change == "gone":
        return _("{file}: no longer printed here").format(file=f.file)
    if f.whole:
        return _("{file}: every page changed").format(file=f.file)
    return f"{f.file}: " + ", ".join(_pages(p) for p in f.pages)


def _pages(p) -> str:
    where = (_("p. {page}").format(page=p.first) if p.first == p.last
             else _("p. {first}–{last}").format(first=p.first, last=p.last))
    group = p.group.upper()
    if p.who:
        who = f" ({p.who})"
    elif p.person:
        who = " (" + _("blank, group {group}").format(group=group) + ")"
    elif group:
        who = " (" + _("group {group}").format(group=group) + ")"
    else:
        who = ""
    return f"{where}{who} {_(CHANGES[p.change])}"
