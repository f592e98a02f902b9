"""What ``build`` tells the organiser besides the kit line: what it read of the participant
list and how it divided it, where each piece is to be printed, and which details the print
shop's job sheet still lacks. Lines made from what the build returns (the session, the
report), printed by cli/commands.py."""

from __future__ import annotations

from codio_print.errors import shown

USES = {"name": "name", "role": "role", "group": "fixed group", "spread": "spread over tables"}
PLACES = (("kantoor", "office"), ("drukker", "print shop"), ("tegels", "office as tiles"))


def people(session) -> list[str]:
    """The participant list in a few lines; nothing for a number of participants."""
    plist, division = session.people, session.division
    if plist is None or not plist.named:
        return []
    lines = [f"Participants: {len(plist)} read from {shown(plist.source)}"]
    used = [f"{c.header} ({USES[c.use]}{': ' + c.why if c.why else ''})"  # why: of several
            for c in plist.columns if c.use != "ignored"]                    # candidates
    ignored = [f"{c.header} ({c.why})" for c in plist.columns if c.use == "ignored"]
    lines.append("  columns: " + ", ".join(used) + ("; ignored: " + ", ".join(ignored)
                                                     if ignored else ""))
    letter = {t.fundament.id: t.fundament.letter.upper() for t in session.tables}
    lines.append("  tables: " + ", ".join(f"{letter[t.fundament.id]} {t.fundament.naam} "
                                          f"{t.size}" for t in session.tables))
    if division is not None:
        lines.append("  groups: " + _division(division, letter))
    if plist.twice:
        lines.append("  names twice: " + "; ".join(f"{t.name} (lines {t.first} and {t.again})"
                                                   for t in plist.twice)
                     + " — allowed, but check it is not one person twice")
    if plist.skipped:
        lines.append("  skipped: " + ", ".join(f"line {line} ({why})"
                                               for line, why in plist.skipped))
    return lines


def _division(division, letter: dict[str, str]) -> str:
    where = shown(division.path) if division.path else "nowhere"
    if division.source == "new":
        return (f"divided afresh, kept in {where} (edit it to move someone; later builds "
                "keep everyone at their table, --regroup divides afresh)")
    if division.source == "regroup":
        return f"divided afresh (--regroup), kept in {where}"
    changes = []
    if division.newcomers:
        changes.append("new: " + ", ".join(f"{name} ({letter[fid]})"
                                           for name, fid in division.newcomers))
    if division.gone:
        changes.append("no longer on the list: " + ", ".join(division.gone))
    if division.moved:
        changes.append("moved: " + ", ".join(f"{m.name} {letter[m.before]} → {letter[m.after]} "
                                             f"({m.why})" for m in division.moved))
    return f"as in {where}" + ("; " + "; ".join(changes) if changes else ", no changes")


def printing(report) -> list[str]:
    """Where the pieces go: one line, and one for the pieces kept from the shop."""
    plan = report.printing
    if plan is None:
        return []
    pieces = [r.piece for r in report.results]
    parts = []
    for where, label in PLACES:
        these = [p for p in pieces if plan.of(p).where == where]
        if not these:
            continue
        folder = plan.file(these[0]).split("/")[0]
        count = f"{len(these)} file" + ("s" if len(these) != 1 else "")
        text = f"{label} ({folder}{'' if folder.endswith('.zip') else '/'}) {count}"
        if where == "drukker" and report.preflight:
            failed = sum(not c.ok for c in report.preflight)
            text += (", preflight passed" if not failed
                     else f", preflight: {failed} failing (see the warnings)")
        if where == "drukker" and not any(p.name == "print" for p in report.profiles):
            text += " (no drukwerk.zip: this build makes no print files; --profile print or "\
                    "all does)"
        if where == "drukker" and report.missing:
            text += ", the job sheet lacks " + ", ".join(what for what, _, _ in report.missing)
        parts.append(text)
    unprinted = [p.id for p in pieces if plan.of(p).where == "niet"]
    if unprinted:
        parts.append("not printed: " + ", ".join(unprinted))
    lines = ["To print: " + " · ".join(parts)]
    kept = [p.id for p in pieces if plan.of(p).why == "names"]
    if kept:
        lines.append(f"  kept from the print shop, as they show participants' names: "
                     f"{', '.join(kept)} (--destination {kept[0]}=drukker sends it)")
    if not any(plan.to_shop(p) for p in pieces) and any(p.name == "print"
                                                        for p in report.profiles):
        lines.append("  nothing goes to the print shop, so there is no drukwerk.zip")
    return lines
