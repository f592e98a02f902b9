"""``codio-print teksten``: every fixed text of the kit with its key, its current wording
and where it comes from (content/teksten/, or the workspace's teksten.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from codio_print.cli.app import CONFIG_HELP, app, workspace_root
from codio_print.i18n import _


@app.command(help=_("List every fixed text of the kit: its key and current wording. Change "
                    "one with a line 'KEY: text' in the workspace's teksten.yaml."))
def teksten(
    config: Optional[Path] = typer.Option(None, "--config", help=_(CONFIG_HELP)),
    prefix: Optional[str] = typer.Argument(None, help=_("Only keys that start with this, "
                                                        "e.g. presentatie.")),
) -> None:
    """Every fixed text of the kit with its key (the help is the decorator's)."""
    from codio_print.errors import shown
    from codio_print.inputs.texts import load_texts

    texts = load_texts(workspace_root(config))
    width = max(len(k) for k in texts.texts)
    for key in sorted(texts.texts):
        if prefix and not key.startswith(prefix):
            continue
        t = texts.texts[key]
        own = "" if texts.builtin.get(key) is t else f"   ({shown(t.file)}:{t.line})"
        typer.echo(f"{key:<{width}}  {t.text}{own}")
