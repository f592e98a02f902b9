"""The kit's commands: cases, build, check, init, new-case, templates, watch. Each parses its
options, builds the settings (inputs.settings.resolve) and calls into the stages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from codio_print.cli import endings
from codio_print.cli.app import (CONFIG_HELP, Config, app, long_date, say, session_file,
                                 workspace_root)
from codio_print.cli.options import settings_options
from codio_print.builder import quickcheck
from codio_print.errors import InputError, shown
from codio_print.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from codio_print.builder.report import Progress, Report


@app.command(help=_("List the cases with their place in the Deel 1 classification."))
def cases(config: Optional[Path] = typer.Option(None, "--config", help=_(CONFIG_HELP))) -> None:
    from codio_print.inputs.content import load_content
    from codio_print.inputs.workspace import case_dirs

    root = workspace_root(config)
    content = load_content(extra_case_dirs=case_dirs(root))
    for case in content.cases.values():
        herkomst = content.niveau("herkomst", case.herkomst).naam
        levels = ", ".join(p.niveau for p in case.proactiviteit)
        own = _(" (workspace)") if root and content.case_files[case.id].is_relative_to(
            root) else ""
        typer.echo(f"{case.id:<12} {case.organisatie}: {case.titel}{own}")  # internal
        typer.echo(f"{'':<12} " + _("proactiviteit {levels} · {origin}").format(
            levels=levels, origin=herkomst.lower()))


@app.command(help=_("Render the whole kit for one case into OUT/CASE/ (or for several: "
                     "--case A --case B)."))
@settings_options("case", "participants", "sheet", "start", "date", "location", "facilitator",
                  "poster", "out", "config", "strict", "force", "workers", "wait", "profile",
                  "icc", "tile", "organisation", "contact", "phone", "email", "address",
                  "reference", "deliver_by", "preset", "bleed", "destinations", "regroup",
                  every=True, many=("case",), case=N_("Case id, e.g. arnhem (default: sessie.yaml's). Give "
                                          "it more than once for several kits, built "
                                          "together."))
def build(given: dict, config: Config = None) -> None:
    from codio_print.builder import pipeline
    from codio_print.inputs.settings import resolve

    session = session_file(config)
    cases = given.pop("case") or [None]
    all_settings = [resolve(session, case=case, **given) for case in cases]
    endings.kits([s.kit_dir for s in all_settings], all_settings[0].out)
    base = resolve(session, out=given["out"]) if session is not None else None  # sessie.yaml's

    say(_("Building the kit for {cases} ...").format(
        cases=_(" and ").join(repr(s.case) for s in all_settings)))
    if len(all_settings) == 1:
        reports = [pipeline.build(all_settings[0], _progress, notice=say)]
    else:
        reports = pipeline.build_all(all_settings, _progress, notice=say)
    for report, settings in zip(reports, all_settings):
        _summary(report, one_of_many=len(reports) > 1,
                 first=differences(settings, base, session.path.name) if base else [],
                 last=forgotten(settings, report.out_dir))


# The progress line's piece and profile, the profile named as the kit's folders are
# (print/, screen/, mono/): "[ 2/50] draaiboek (print)".
PROFILE_WORDS = {"print": N_("{piece} (print)"), "screen": N_("{piece} (screen)"),
                 "mono": N_("{piece} (mono)")}


def _progress(event: Progress) -> None:
    """A render arrived (builder/report.Progress): its progress line."""
    name, profile = event.piece, event.profile
    said = _(PROFILE_WORDS[profile]) if profile in PROFILE_WORDS else f"{name} ({profile})"
    line = f"  [{event.done:>2}/{event.total}] "  # internal: the form is fixed
    say(line + said.format(piece=name))


def differences(settings, base, file_name: str) -> list[str]:
    """In a workspace: each option that gives a value other than sessie.yaml's, one line
    each ("--start 14:00 instead of 13:00 from sessie.yaml")."""
    from codio_print.inputs.options import IN_FILE

    lines = []
    for setting in IN_FILE:  # in sessie.yaml's order
        name, option = setting.name, setting.flag
        if setting.each or not settings.origin(name).option:
            continue
        new, old = getattr(settings, name), getattr(base, name)
        if isinstance(new, Path) and isinstance(old, Path):
            same = new.absolute() == old.absolute()  # the list typed as sessie.yaml names it
        else:
            same = new == old
        if not same:
            lines.append(_("{option} {value} instead of {old} from {file}").format(
                option=option, value=_value(new), old=_value(old), file=file_name))
    for piece, where in settings.destinations.items():
        old = base.destinations.get(piece)
        if settings.origin(f"destinations.{piece}").option and old and old != where:
            lines.append(_("{option} {value} instead of {old} from {file}").format(
                option="--destination", value=f"{piece}={where}", old=old, file=file_name))
    return lines


def _value(value) -> str:
    """A setting as the organiser typed it; a date with its day and month in words."""
    from datetime import date, time

    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, date):
        return f"{value.isoformat()} ({long_date(value)})"
    if isinstance(value, Path):
        return shown(value)
    return str(value)


def forgotten(settings, kit: Path) -> list[str]:
    """Outside a workspace, the print shop's details given as options (the order's: who
    orders, who the shop calls, where and when it delivers; inputs/options.py ORDER) live
    only in this kit: one note that the next build will not remember them, and how to keep
    them."""
    from codio_print.inputs.options import ORDER

    if settings.workspace is not None or not any(settings.origin(o.name).option
                                                 for o in ORDER):
        return []
    command = "codio-print init --from {kit} {folder}".format(kit=shown(kit),
                                                               folder=_("FOLDER"))
    return [_("note: {message}").format(message=_(
        "the print shop's details were given as options: the next build will not remember "
        "them — run {command} to keep them (and the other settings) in a workspace").format(
        command=command))]


def _summary(report: Report, *, one_of_many: bool, first: list[str] = (),
             last: list[str] = ()) -> None:
    """A kit's warnings, what it read of the participant list, its one line and where the
    pieces are printed; remembered for the quick answer (quickcheck)."""
    from codio_print.cli.summary import people, printing, reprinting

    warnings = [w.text for w in report.warnings]
    for w in warnings:
        say(_("warning: {message}").format(message=w))
    extras = [str(report.out_dir / extra.file) for extra in report.extras]
    # what was read of the participant list before the kit's line, where to print after it
    summary = {"pieces": len(report.pieces), "pages": report.pages,
               "out_dir": str(report.out_dir), "profiles": [p.name for p in report.profiles],
               "outputs": report.outputs, "extras": extras,
               "before": [*first, *people(report.people)],
               "after": [*printing(report), *last],
               "notes": list(report.notes)}
    for line in quickcheck.summary_lines(
            summary["pieces"], summary["pages"], report.seconds, summary["out_dir"],
            summary["profiles"], report.rendered, report.up_to_date, extras,
            before=summary["before"], after=summary["after"]):
        typer.echo(line)
    for line in reprinting(report):  # not in the quick answer: it follows a change
        typer.echo(line)
    if not one_of_many:
        _remember(summary, warnings, report.out_dir)


def _remember(summary: dict, warnings: list[str], kit: Path) -> None:
    """What the same command again may answer at once if nothing changes (quickcheck)."""
    import os
    import sys

    from codio_print.inputs import access

    outputs = [str(p) for p in kit.rglob("*") if p.is_file()]
    quickcheck.record(sys.argv[1:], os.getcwd(),
                      inputs=access.files_read() + quickcheck.code_files(),
                      folders=access.folders_looked_in(), outputs=outputs,
                      summary=summary, warnings=warnings)


@app.command(help=_("Preflight every PDF of a built kit or of the print shop's zip; exit 1 "
                     "if anything fails."))
def check(
    folder: Path = typer.Argument(..., metavar="PATH", help=_(
        "A built kit, e.g. build/arnhem, or the print shop's drukwerk.zip, or the folder it "
        "was unpacked into.")),
) -> None:
    from codio_print.printshop.preflight import check_path, failure_lines, table, verdict

    checks = check_path(folder)
    typer.echo(table(checks))
    typer.echo("")
    if all(c.ok for c in checks):
        typer.echo(verdict(checks))
        return
    for line in failure_lines(checks):
        typer.echo(line, err=True)
    typer.echo(verdict(checks), err=True)
    raise typer.Exit(1)


@app.command(help=_("Write a workspace: sessie.yaml, huisstijl.yaml, templates/ and cases/ "
                     "with a sample. With --from build/CASE: with the settings of that "
                     "build, so nothing has to be typed again."))
def init(folder: Path = typer.Argument(..., help=_("A new folder for the workspace.")),
         kit: Optional[Path] = typer.Option(
             None, "--from", metavar="KIT", help=_(
                 "A kit a build made, e.g. build/arnhem: its case, date, start, place, "
                 "facilitator, participant list and the print shop's details go into "
                 "sessie.yaml, the list is copied into the workspace."))) -> None:
    from codio_print.scaffold.workspace import from_kit, init as write_workspace

    taken = from_kit(kit) if kit is not None else None  # read before anything is written
    endings.scaffold(folder, "init")
    for path in write_workspace(folder, taken):
        typer.echo(f"  {path}")  # internal: a path
    if taken is not None:
        for line in _taken(taken, folder):
            typer.echo(line)
    typer.echo(_("Workspace ready. Edit {session} and {theme}, then run: cd {folder} && "
                 "codio-print build").format(session=folder / "sessie.yaml",
                                             theme=folder / "huisstijl.yaml", folder=folder))


def _taken(taken, folder: Path) -> list[str]:
    """What init --from took from the kit, in a few lines."""
    s, shop = taken.sessie, taken.sessie.drukwerk
    parts = [_("case {case}").format(case=s.casus)]
    if s.datum:
        parts.append(_value(s.datum))
    parts.append(_("start {time}").format(time=f"{s.start:%H:%M}"))
    parts += [text for text in (s.locatie, s.begeleider) if text]
    lines = [_("Taken from {kit}: {what}").format(kit=shown(taken.kit), what=", ".join(parts))]
    for name, source in taken.sources.items():
        lines.append("  " + _("{source} copied to {copy} (the original is left as it "
                              "is)").format(source=shown(source), copy=folder / name))
    for source in taken.not_copied:
        lines.append("  " + _("note: {message}").format(message=_(
            "{file} is not copied: this kit was not built on this computer — copy the file "
            "into {folder} yourself and write its name in sessie.yaml").format(
            file=shown(source), folder=folder)))
    if isinstance(s.deelnemers, int):
        lines.append("  " + _("participants: {n}").format(n=s.deelnemers))
    given = [text for text in (shop.opdrachtgever, shop.contactpersoon, shop.telefoon,
                               shop.email, shop.afleveradres, shop.referentie) if text]
    if shop.leveren:
        given.append(_value(shop.leveren))
    if given:
        lines.append("  " + _("the print shop's details: {details}").format(
            details=", ".join(given)))
    return lines


@app.command("new-case", help=_("Write cases/ID.yaml in the workspace, every field "
                                  "explained."))
def new_case(case_id: str = typer.Argument(..., metavar="ID", help=_("Id of the new case.")),
             config: Optional[Path] = typer.Option(None, "--config",
                                                   help=_(CONFIG_HELP))) -> None:
    from codio_print.scaffold.workspace import new_case as write_case

    root = workspace_root(config)
    if root is None:
        raise InputError(_("not in a workspace: no sessie.yaml here"),
                         fix=_("run codio-print init DIR first, then run this inside DIR "
                               "or with --config DIR/sessie.yaml"))
    from codio_print.inputs.settings import case_id as typed
    from codio_print.inputs.workspace import CASES_DIR

    case_id = typed(case_id)

    endings.scaffold(root / CASES_DIR / f"{case_id}.yaml", "new-case")
    path = write_case(root, case_id)
    typer.echo(str(path))  # internal: a path
    typer.echo(_("Set 'casus: {case}' in sessie.yaml to build the kit for it.").format(
        case=case_id))


@app.command(help=_("List every template and stylesheet, which file is used, and its named "
                     "blocks."))
def templates(config: Optional[Path] = typer.Option(None, "--config",
                                                    help=_(CONFIG_HELP))) -> None:
    from codio_print.render.templates_index import template_blocks, template_files
    from codio_print.render.templating import environment
    from codio_print.inputs.workspace import override_dirs

    dirs = override_dirs(workspace_root(config))
    env = environment(dirs)
    for t in template_files(dirs):
        if t.builtin:
            where = _("built-in")
        elif t.extends_builtin:
            where = _("workspace, extends the built-in one")
        elif t.replaces:
            where = _("workspace, replaces the built-in one")
        else:
            where = _("workspace, added")
        typer.echo(f"{t.name:<22} {where:<38} {t.path}")  # internal: the form is fixed
        if t.name.endswith(".html"):
            names = [n for n, _ in template_blocks(env, f"builtin/{t.name}")] \
                if t.builtin or t.extends_builtin or t.replaces else []
            own = [n for n, _ in template_blocks(env, t.name)] if not t.builtin else []
            mine = _("{block} (workspace)")
            listed = [n if n not in own or t.builtin else mine.format(block=n)
                      for n in names] + [mine.format(block=n) for n in own if n not in names]
            if listed:
                typer.echo(f"{'':<22} " + _("blocks: {blocks}").format(
                    blocks=", ".join(listed)))


@app.command(help=_("Rebuild when a workspace file changes; keep OUT/index.html with every "
                     "page."))
@settings_options("out", "config")
def watch(given: dict, config: Config = None) -> None:
    out = given["out"]
    from codio_print.watch.loop import run

    path = session_file(config)
    if path is None:
        raise InputError(_("not in a workspace: no sessie.yaml here"),
                         fix=_("run it inside a workspace (codio-print init DIR) or with "
                               "--config DIR/sessie.yaml"))
    out_dir = out or path.root / "build"
    endings.kits([out_dir / path.sessie.casus], out_dir)
    run(path.path, out, echo=lambda text: say(text))
