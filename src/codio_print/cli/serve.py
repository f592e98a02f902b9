"""``codio-print serve``: the web interface (web/), for the people who do not use a
terminal. This module only reads the options and says where to go."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from codio_print.cli.app import app, say
from codio_print.errors import InputError, Interrupted
from codio_print.i18n import _


@app.command(help=_("Open codio-print in your web browser: prepare a session, build and "
                     "download the kit, step by step, in Dutch."))
def serve(
    folder: Optional[Path] = typer.Argument(None, metavar="WORKSPACE", help=_(
        "A workspace (a folder with sessie.yaml, or a new folder to make one in); without "
        "it, the workspaces in ~/codio-print.")),
    host: str = typer.Option("127.0.0.1", "--host", help=_(
        "The address to listen on. Only this computer (127.0.0.1) unless you give another; "
        "the link with its token is still needed.")),
    port: Optional[int] = typer.Option(None, "--port", min=1, max=65535, help=_(
        "The port (default 8765, or the next free one).")),
    browser: bool = typer.Option(True, "--browser/--no-browser", help=_(
        "Open the browser by itself (default), or only print the link.")),
) -> None:
    from codio_print.web.server import serve as run
    from codio_print.web.folders import Workspaces, default_home

    workspaces = Workspaces(default_home()) if folder is None else _one(folder)
    if host != "127.0.0.1":
        say(_("warning: {message}").format(message=_(
            "listening on {host}: other computers that can reach it see the interface's "
            "first page; without the link they can do nothing").format(host=host)))
    say(_("codio-print runs in your browser. Open this link if no browser window opens "
          "(stop with Ctrl-C or the Stoppen button):"))
    try:
        run(workspaces, host=host, port=port, browser=browser, say=typer.echo)
    except Interrupted:  # Ctrl-C is how a server is stopped: the server stopped first
        pass
    say(_("codio-print has stopped."))


def _one(folder: Path):
    """serve WORKSPACE: that workspace, made first if the folder is new or empty."""
    from codio_print.scaffold.workspace import init
    from codio_print.web.folders import NAME, Workspaces, is_workspace

    folder = folder.absolute()
    if not is_workspace(folder):
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise InputError(_("'{folder}' is not a workspace: it has no sessie.yaml").format(
                folder=folder), fix=_("give a workspace, or a new folder to make one in"))
        init(folder)
    if not NAME.fullmatch(folder.name):
        raise InputError(_("the workspace's folder name '{name}' cannot be shown in a "
                           "link").format(name=folder.name),
                         fix=_("rename the folder to letters, digits and dashes, e.g. "
                               "arnhem-maart"))
    return Workspaces(folder.parent, only=folder)
