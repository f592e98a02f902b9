"""The command line's options, made from the settings' table (inputs/options.py): a command
names the settings it takes, in the order ``--help`` shows them, and gets what was typed as
one dict for ``inputs.settings.resolve``. Typer reads a command's parameters from its
signature, so the command's signature is made here from the table."""

from __future__ import annotations

import functools
import inspect
from typing import Annotated, Any, Callable, Optional

import typer

from codio_print.i18n import _
from codio_print.inputs.options import BY_NAME, OPTIONS, Option


def _parameter(option: Option, help_: str | None, many: bool) -> inspect.Parameter:
    """The Typer option of a setting: its flag, short flag and help; the value as typed
    (text, a number, a path: checked by Settings, once), or a flag."""
    names = [option.flag, *([option.short] if option.short else [])]
    info = typer.Option(*names, help=_(help_ or option.help), **option.cli)
    if option.typed is bool:
        return inspect.Parameter(option.name, inspect.Parameter.KEYWORD_ONLY,
                                 annotation=Annotated[bool, info], default=False)
    typed = list[option.typed] if many else option.typed
    return inspect.Parameter(option.name, inspect.Parameter.KEYWORD_ONLY,
                             annotation=Annotated[Optional[typed], info], default=None)


def _given(option: Option, value: Any) -> Any:
    """What was typed, as resolve() takes it: None for not given (a flag not given, an
    empty list)."""
    if option.typed is bool:
        return option.flag_value if value else None
    if isinstance(value, list):
        return value or None
    return value


def settings_options(*order: str, many: tuple[str, ...] = (), every: bool = False,
                     **helps: str) -> Callable[[Callable], Callable]:
    """A command with the settings ``order`` names (the others in it are the function's own
    parameters, e.g. ``config``), in that order; ``every``: then every other setting with an
    option, in the table's order (a new setting is on such a command without a word here).
    The function is called with ``given`` (setting -> what was typed, None if nothing) and
    its own parameters. ``many``: settings given more than once (--case A --case B: a list);
    ``helps``: a command's own help for a setting (N_())."""
    if every:
        order += tuple(o.name for o in OPTIONS if o.flag and o.name not in order)

    def wrap(fn: Callable) -> Callable:
        own = inspect.signature(fn, eval_str=True).parameters
        taken = [name for name in order if name not in own]
        params = [own[name].replace(kind=inspect.Parameter.KEYWORD_ONLY) if name in own
                  else _parameter(BY_NAME[name], helps.get(name), name in many)
                  for name in order]

        @functools.wraps(fn)
        def command(**typed: Any) -> Any:
            given = {name: _given(BY_NAME[name], typed.pop(name)) for name in taken}
            return fn(given, **typed)

        command.__signature__ = inspect.Signature(params)
        command.__annotations__ = {p.name: p.annotation for p in params}
        del command.__wrapped__  # Typer reads this signature, not the function's
        return command
    return wrap
