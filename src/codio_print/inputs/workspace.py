"""A workspace: the organisation's own folder, kept apart from codio-print itself.

    sessie.yaml     the session: case, date, times, place, participants, profile, poster size
    huisstijl.yaml  the look: organisation, logo, colours, fonts (theme.py)
    templates/      templates and stylesheets that replace or extend the built-in ones
    cases/          the organisation's own cases

Updating codio-print never touches it; `codio-print init DIR` writes one to start from
(scaffold.workspace).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, create_model

from codio_print import paths
from codio_print.errors import ContentError, InputError
from codio_print.i18n import N_, _
from codio_print.inputs.access import own_folder
from codio_print.inputs.assets import inside
from codio_print.inputs.content import case_paths
from codio_print.inputs.fields import PARTICIPANTS_FIX
from codio_print.inputs.models import Model
from codio_print.inputs.options import DESTINATIONS, GROUPS, IN_FILE, PRESET_IDS  # noqa: F401
from codio_print.inputs.participants import checked_count, is_count, is_numberish
from codio_print.inputs.validate import validate
from codio_print.inputs.yamlread import Located, load_yaml, parse_yaml

SESSION_FILE = "sessie.yaml"
TEMPLATES_DIR = "templates"
CASES_DIR = "cases"


def _model(name: str, doc: str, options, **more):
    """A sessie.yaml model from the settings' table (options.py): each field's name, type,
    check, default and Dutch description as declared there."""
    made = {o.sessie_field: (o.sessie_type, Field(o.sessie_default, pattern=o.pattern,
                                                  description=o.description))
            for o in options}
    return create_model(name, __base__=Model, __doc__=doc, **made, **more)


Drukwerk = _model(
    "Drukwerk", "sessie.yaml ``drukwerk:``: what the print shop needs to know to print "
                "without calling,\nand where each piece is printed.",
    [o for o in IN_FILE if o.key.startswith("drukwerk.")])
Sessie = _model(
    "Sessie", "sessie.yaml: one workshop session.", [o for o in IN_FILE if "." not in o.key],
    drukwerk=(Drukwerk, Field(Drukwerk(), description=GROUPS["drukwerk"][1])))


@dataclass(frozen=True)
class SessionFile:
    """A loaded sessie.yaml; its folder is the workspace."""

    path: Path
    sessie: Sessie
    located: Located

    @property
    def root(self) -> Path:
        return self.path.parent

    def value(self, key: str):
        """The value of a key, dotted as ``line``'s; the participants and the ICC profile
        as the files they name, checked to lie in the workspace."""
        if key == "deelnemers":
            return self.participants
        if key == "drukwerk.icc":
            return self.icc
        value = self.sessie
        for part in key.split("."):
            value = getattr(value, part)
        return value

    def line(self, key: str) -> int | None:
        """The line of a key; a nested one as a dotted path: drukwerk.telefoon."""
        return self.located.line_of(tuple(key.split(".")))

    @property
    def icc(self) -> Path | None:
        """drukwerk.icc, a file in the workspace."""
        value = self.sessie.drukwerk.icc
        if not value:
            return None
        return inside(self.root, value, what=N_("the ICC profile"), source=self.path,
                      line=self.line("drukwerk.icc"), key="drukwerk.icc")

    @property
    def participants(self) -> int | Path:
        value = self.sessie.deelnemers
        if isinstance(value, int) or is_count(value):
            return checked_count(value, "{n} participants", error=ContentError,
                                 file=self.path, line=self.line("deelnemers"))
        # A shared workspace must not make codio-print read files elsewhere.
        return inside(self.root, value, what=N_("the participant list"), source=self.path,
                      line=self.line("deelnemers"), key="deelnemers")


def find(config: Path | None, cwd: Path) -> Path | None:
    """The session file: --config, else sessie.yaml in the current folder, else none."""
    if config is not None:
        path = config / SESSION_FILE if config.is_dir() else config
        if not path.is_file():
            raise InputError(_("--config: file not found"), file=path, key="--config",
                             fix=_("give the path of a sessie.yaml (codio-print init DIR "
                                   "writes one)"))
        return path.absolute()  # a relative --config still gives file: URLs for the render
    here = cwd / SESSION_FILE
    return here if here.is_file() else None


def load_session(path: Path) -> SessionFile:
    """sessie.yaml; its folder is the workspace, so it must lie there itself (a link to a
    file elsewhere is refused)."""
    return _checked(path, load_yaml(path, root=Path(path).absolute().parent))


def check_session_text(path: Path, text: str) -> SessionFile:
    """``text`` as sessie.yaml at ``path`` would be, checked as load_session checks the file:
    a change is checked before it is written (the web interface's forms)."""
    return _checked(path, parse_yaml(text, path))


def _checked(path: Path, located: Located) -> SessionFile:
    sf = SessionFile(path, validate(located, Sessie), located)
    participants = sf.participants
    if isinstance(participants, Path) and not participants.is_file():
        if is_numberish(sf.sessie.deelnemers) and not participants.exists():
            raise ContentError(_("'deelnemers': '{value}' is not a whole number").format(
                                   value=sf.sessie.deelnemers),
                               file=path, line=sf.line("deelnemers"), key="deelnemers",
                               fix=_(PARTICIPANTS_FIX))
        raise ContentError(_("the participant list '{name}' does not exist").format(
                               name=sf.sessie.deelnemers),
                           file=path, line=sf.line("deelnemers"), key="deelnemers",
                           fix=_("put the CSV file in {folder} or give a number").format(
                               folder=sf.root))
    known = case_paths([paths.CONTENT / "cases", *case_dirs(sf.root)])
    if sf.sessie.casus not in known:
        close = difflib.get_close_matches(sf.sessie.casus, sorted(known), n=1)
        hint = _("did you mean '{name}'? ").format(name=close[0]) if close else ""
        raise ContentError(_("unknown case '{case}'").format(case=sf.sessie.casus), file=path,
                           line=sf.line("casus"), key="casus",
                           fix=hint + _("choose one of: {choices}").format(
                               choices=", ".join(sorted(known))))
    return sf


def case_dirs(root: Path | None) -> list[Path]:
    """The folders a workspace adds to the built-in cases: its cases/, which must lie in it
    (a link to a folder elsewhere is refused)."""
    return [own_folder(root / CASES_DIR, what=N_("cases"))] if root else []


def override_dirs(root: Path | None) -> list[Path]:
    """The workspace's templates/, which must lie in it (a link to a folder elsewhere is
    refused)."""
    return [own_folder(root / TEMPLATES_DIR, what=N_("templates"))] if root else []


def check_own_build_folder(out: Path) -> None:
    """The workspace's build/ must lie in the workspace: a shared workspace whose build/ is a
    link would make the kit (and its lock) be written elsewhere."""
    if out.is_symlink() or (out.exists() and not out.resolve().is_relative_to(
            out.parent.resolve())):
        raise InputError(_("the workspace's build folder is a link to another place"),
                         file=out, fix=_("remove the link (a new build/ is made), or give "
                                         "--out to build elsewhere on purpose"))
