"""results init and results build: after the workshop, resultaten.yaml into the poster,
the report, acties.csv and the invitation to the follow-up."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from codio_print.cli import endings
from codio_print.cli.app import Config, results_app, say, session_file
from codio_print.cli.options import settings_options
from codio_print.errors import InputError
from codio_print.i18n import N_, _, ngettext


@results_app.command("init", help=_(
    "Write a new resultaten.yaml with the session filled in, to complete after the "
    "workshop.\n\nIn a workspace everything sessie.yaml knows is filled in, with the kit's "
    "groups; options on the command line win."))
@settings_options("case", "participants", "sheet", "date", "start", "location", "facilitator",
                  "out", "config", "force")
def results_init(
    given: dict,
    out: Optional[Path] = typer.Option(None, "--out", help=_(
        "The file to write (default: resultaten.yaml in the workspace, or here).")),
    config: Config = None,
    force: bool = typer.Option(False, "--force", help=_("Overwrite an existing file.")),
) -> None:
    from codio_print.errors import shown
    from codio_print.inputs.settings import resolve
    from codio_print.results.build import init_results

    settings = resolve(session_file(config), **given)
    target = out or (settings.workspace / "resultaten.yaml" if settings.workspace
                     else Path("resultaten.yaml"))
    endings.results_file(target, merge=False)
    path = init_results(settings, target, force=force)
    typer.echo(_("wrote {file}; fill it in, then run: codio-print results build "
                 "{file}").format(file=shown(path)))


@results_app.command("import", help=_(
    "Read what the groups filled in on their screen worksheets into resultaten.yaml."))
def results_import(
    files: list[Path] = typer.Argument(..., metavar=_("FILES"), help=_(
        "The filled-in worksheets (PDF): hand-outs 3 and 4 of each group, and the poster.")),
    into: Optional[Path] = typer.Option(None, "--into", help=_(
        "The resultaten.yaml to merge into (default: the workspace's, or the one here).")),
    replace: bool = typer.Option(False, "--replace", help=_(
        "A sheet may change or remove what another file gave (a group's corrected sheet "
        "under another name), or remove what was imported while nothing is filled in.")),
    config: Config = None,
) -> None:
    from codio_print.errors import shown
    from codio_print.inputs.settings import resolve
    from codio_print.results.build import load_for
    from codio_print.results.importer import import_sheets

    settings = resolve(session_file(config), need_case=False)
    target = into or (settings.workspace / "resultaten.yaml" if settings.workspace
                      else Path("resultaten.yaml"))
    endings.results_file(target, merge=True)
    report = import_sheets(target, files, lambda case: load_for(case, settings.workspace),
                           replace=replace, workspace=settings.workspace)
    for line in report.taken:
        typer.echo(f"  {line}")
    for line in report.notices:
        say(_("note: {message}").format(message=line))
    if not report.changed:
        typer.echo(_("{file}: nothing changed").format(file=shown(target)))
        return
    c = report.counts
    typer.echo(_("updated {file}: {new} new, {changed} changed, {removed} removed; next: "
                 "codio-print results build {file}").format(
                     file=shown(target), new=c["new"], changed=c["changed"],
                     removed=c["removed"]))


@results_app.command("build", help=_(
    "Make the filled action-plan poster (screen and print), the report (PDF/UA and "
    "PDF/A-2), acties.csv and vervolgsessie.ics."))
@settings_options("file", "out", "config", "force", "poster", "tile", "icc",
                  poster=N_("Size of the filled poster: A0 (default) or A1."),
                  tile=N_("Also write the poster as a3 or a4 tiles."),
                  icc=N_("CMYK output profile for the poster's print file."))
def results_build(
    given: dict,
    file: Optional[Path] = typer.Argument(None, metavar=_("FILE"), help=_(
        "The filled-in resultaten.yaml (default: the workspace's).")),
    out: Optional[Path] = typer.Option(None, "--out", help=_(
        "Output folder (default: resultaten/ next to FILE).")),
    config: Config = None,
    force: bool = typer.Option(False, "--force", help=_(
        "Replace the output folder even if codio-print did not make it (the files in it are "
        "deleted).")),
) -> None:
    from codio_print.inputs.settings import resolve
    from codio_print.results.build import build_results, default_out

    settings = resolve(session_file(config), need_case=False, **given)
    if file is None:
        if settings.workspace is None:
            raise InputError(_("which resultaten.yaml? no FILE given and no sessie.yaml here"),
                             key="FILE",
                             fix=_("give the file: codio-print results build "
                                   "resultaten.yaml"))
        file = settings.workspace / "resultaten.yaml"
    endings.results_folder(out or default_out(file))
    report = build_results(file, out, force=force, settings=settings)
    for w in report.warnings:
        say(_("warning: {message}").format(message=w))
    for path in report.files:
        typer.echo(f"  {path}")
    typer.echo(ngettext("{count} file → {folder}/ (poster text {pt} pt)",
                        "{count} files → {folder}/ (poster text {pt} pt)",
                        len(report.files)).format(count=len(report.files),
                                                  folder=report.out_dir,
                                                  pt=f"{report.poster.fill_pt:g}"))
