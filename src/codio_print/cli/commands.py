"""The kit's commands: cases, build, check, init, new-case, templates, watch. Each parses its
options, builds the settings (inputs.settings.resolve) and calls into the stages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from codio_print.cli import endings
from codio_print.cli.app import (CONFIG_HELP, Config, Day, Facilitator, Location,
                                 Participants, Start, app, say, session_file, workspace_root)
from codio_print.build import quickcheck
from codio_print.errors import InputError


@app.command()
def cases(config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP)) -> None:
    """List the cases with their place in the Deel 1 classification."""
    from codio_print.inputs.content import load_content
    from codio_print.inputs.workspace import case_dirs

    root = workspace_root(config)
    content = load_content(extra_case_dirs=case_dirs(root))
    for case in content.cases.values():
        herkomst = content.niveau("herkomst", case.herkomst).naam
        levels = ", ".join(p.niveau for p in case.proactiviteit)
        own = " (workspace)" if root and content.case_files[case.id].is_relative_to(root) else ""
        typer.echo(f"{case.id:<12} {case.organisatie}: {case.titel}{own}")
        typer.echo(f"{'':<12} proactiviteit {levels} · {herkomst.lower()}")


@app.command()
def build(
    cases: Annotated[Optional[list[str]], typer.Option(
        "--case", "-c", help="Case id, e.g. arnhem (default: sessie.yaml's). Give it more "
                             "than once for several kits, built together.")] = None,
    participants: Participants = None, start: Start = None,
    date_: Day = None, location: Location = None, facilitator: Facilitator = None,
    poster: Optional[str] = typer.Option(
        None, "--poster", help="Size of the action-plan poster: A0 (default) or A1."),
    out: Optional[Path] = typer.Option(None, "--out", help="Output folder (build)."),
    config: Config = None,
    strict: bool = typer.Option(False, "--strict",
                                help="Fail on any warning about CSS, images or fonts."),
    force: bool = typer.Option(False, "--force",
                               help="Render every piece, even those that are up to date."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1,
                                          help="Render processes (default: one per core)."),
    no_wait: bool = typer.Option(False, "--no-wait", help="Stop instead of waiting when "
                                 "another build is writing the same folder."),
    profile: Optional[str] = typer.Option(None, "--profile", help="print (PDF/X-4, CMYK), "
                                          "screen (PDF/UA-1), mono (black ink only, for a "
                                          "black-and-white printer) or all (print and "
                                          "screen; default: sessie.yaml's, else all)."),
    icc: Optional[Path] = typer.Option(None, "--icc", help="CMYK output profile for print "
                                       "(default: Ghostscript's generic CMYK profile)."),
    tile: Optional[str] = typer.Option(None, "--tile", help="Also write the A0/A1/A2 posters "
                                       "as a3 or a4 tiles."),
    organisation: Optional[str] = typer.Option(None, "--organisation",
                                               help="Ordering organisation on the job sheet."),
    contact: Optional[str] = typer.Option(None, "--contact",
                                          help="Contact person on the job sheet."),
    phone: Optional[str] = typer.Option(None, "--phone", help="The contact's phone number."),
    email: Optional[str] = typer.Option(None, "--email", help="The contact's e-mail address."),
    address: Optional[str] = typer.Option(None, "--address",
                                          help="Where the print shop delivers."),
    reference: Optional[str] = typer.Option(None, "--reference",
                                            help="Your order reference, for the invoice."),
    deliver_by: Optional[str] = typer.Option(None, "--deliver-by",
                                             help="Delivery date YYYY-MM-DD on the job sheet."),
    preset: Optional[str] = typer.Option(None, "--preset", help="The print shop's standard: "
                                         "fogra39, fogra39-300, fogra51, fogra52 (give its "
                                         "ICC file with --icc) or standaard."),
    bleed: Optional[int] = typer.Option(None, "--bleed", help="Bleed in mm: 3 (default) or 2."),
    destination: Optional[list[str]] = typer.Option(
        None, "--destination", help="Where a piece is printed: PIECE=kantoor, drukker, tegels "
                                    "or niet (repeat it, or separate with commas)."),
    regroup: bool = typer.Option(False, "--regroup", help="Divide the participant list "
                                 "afresh, not as groepsindeling.csv has it."),
) -> None:
    """Render the whole kit for one case into OUT/CASE/ (or for several: --case A --case B)."""
    from codio_print.build import pipeline
    from codio_print.inputs.settings import resolve

    session = session_file(config)
    all_settings = [resolve(
        session, case=case, participants=participants, start=start, date=date_,
        location=location, facilitator=facilitator, poster=poster, out=out, profile=profile,
        icc=icc, tile=tile, organisation=organisation, contact=contact, phone=phone,
        email=email, address=address, reference=reference, deliver_by=deliver_by,
        preset=preset, bleed=bleed, destinations=destination or None, regroup=regroup or None,
        strict=strict or None, wait=False if no_wait else None, force=force or None,
        workers=workers) for case in (cases or [None])]
    endings.kits([s.kit_dir for s in all_settings], all_settings[0].out)

    def progress(i: int, total: int, name: str) -> None:
        say(f"  [{i:>2}/{total}] {name}")

    say(f"Building the kit for {' and '.join(repr(s.case) for s in all_settings)} ...")
    if len(all_settings) == 1:
        reports = [pipeline.build(all_settings[0], progress, notice=say)]
    else:
        reports = pipeline.build_all(all_settings, progress, notice=say)
    for report in reports:
        _summary(report, one_of_many=len(reports) > 1)


def _summary(report, *, one_of_many: bool) -> None:
    """A kit's warnings, what it read of the participant list, its one line and where the
    pieces are printed; remembered for the quick answer (quickcheck)."""
    from codio_print.cli.summary import people, printing, reprinting

    warnings = [*report.session.warnings, *report.warnings,
                *(w for r in report.results for w in r.warnings)]
    for w in warnings:
        say(f"warning: {w}")
    extras = [str(report.out_dir / extra.file) for extra in report.extras]
    # what was read of the participant list before the kit's line, where to print after it
    summary = {"pieces": len(report.results), "pages": report.pages,
               "out_dir": str(report.out_dir), "profiles": [p.name for p in report.profiles],
               "outputs": report.outputs, "extras": extras,
               "before": people(report.session), "after": printing(report),
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


@app.command()
def check(
    folder: Path = typer.Argument(..., metavar="PATH",
                                  help="A built kit, e.g. build/arnhem, or the print shop's "
                                       "drukwerk.zip, or the folder it was unpacked into."),
) -> None:
    """Preflight every PDF of a built kit or of the print shop's zip; exit 1 if anything
    fails."""
    from codio_print.printshop.preflight import check_path, table

    checks = check_path(folder)
    typer.echo(table(checks))
    failed = [c for c in checks if not c.ok]
    typer.echo("")
    if not failed:
        typer.echo(f"all {len(checks)} files pass")
        return
    for c in failed:
        for prop, problem in c.failures():
            typer.echo(f"FAIL {c.file}: {prop}: {problem}", err=True)
    typer.echo(f"{len(failed)} of {len(checks)} files fail", err=True)
    raise typer.Exit(1)


@app.command()
def init(folder: Path = typer.Argument(..., help="A new folder for the workspace.")) -> None:
    """Write a workspace: sessie.yaml, huisstijl.yaml, templates/ and cases/ with a sample."""
    from codio_print.scaffold.workspace import init as write_workspace

    endings.scaffold(folder, "init")
    for path in write_workspace(folder):
        typer.echo(f"  {path}")
    typer.echo(f"Workspace ready. Edit {folder / 'sessie.yaml'} and "
               f"{folder / 'huisstijl.yaml'}, then run: cd {folder} && codio-print build")


@app.command("new-case")
def new_case(case_id: str = typer.Argument(..., metavar="ID", help="Id of the new case."),
             config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP)) -> None:
    """Write cases/ID.yaml in the workspace, every field explained."""
    from codio_print.scaffold.workspace import new_case as write_case

    root = workspace_root(config)
    if root is None:
        raise InputError("not in a workspace: no sessie.yaml here",
                         fix="run codio-print init DIR first, then run this inside DIR "
                             "or with --config DIR/sessie.yaml")
    from codio_print.inputs.workspace import CASES_DIR

    endings.scaffold(root / CASES_DIR / f"{case_id}.yaml", "new-case")
    path = write_case(root, case_id)
    typer.echo(f"{path}\nSet 'casus: {case_id}' in sessie.yaml to build the kit for it.")


@app.command()
def templates(config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP)) -> None:
    """List every template and stylesheet, which file is used, and its named blocks."""
    from codio_print.render.templating import environment, template_blocks, template_files
    from codio_print.inputs.workspace import override_dirs

    dirs = override_dirs(workspace_root(config))
    env = environment(dirs)
    for t in template_files(dirs):
        if t.builtin:
            where = "built-in"
        elif t.extends_builtin:
            where = "workspace, extends the built-in one"
        elif t.replaces:
            where = "workspace, replaces the built-in one"
        else:
            where = "workspace, added"
        typer.echo(f"{t.name:<22} {where:<38} {t.path}")
        if t.name.endswith(".html"):
            names = [n for n, _ in template_blocks(env, f"builtin/{t.name}")] \
                if t.builtin or t.extends_builtin or t.replaces else []
            own = [n for n, _ in template_blocks(env, t.name)] if not t.builtin else []
            shown = [n if n not in own or t.builtin else f"{n} (workspace)"
                     for n in names] + [f"{n} (workspace)" for n in own if n not in names]
            if shown:
                typer.echo(f"{'':<22} blocks: {', '.join(shown)}")


@app.command()
def watch(
    out: Optional[Path] = typer.Option(None, "--out", help="Output folder (build)."),
    config: Config = None,
) -> None:
    """Rebuild when a workspace file changes; keep OUT/index.html with every page."""
    from codio_print.watch.loop import run

    path = session_file(config)
    if path is None:
        raise InputError("not in a workspace: no sessie.yaml here",
                         fix="run it inside a workspace (codio-print init DIR) or with "
                             "--config DIR/sessie.yaml")
    out_dir = out or path.root / "build"
    endings.kits([out_dir / path.sessie.casus], out_dir)
    run(path.path, out, echo=lambda text: say(text))
