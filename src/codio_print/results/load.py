"""Loading resultaten.yaml: validated against the models and cross-checked against the content
(every value, mechanism and fundament id), each error naming the file and the line; ids match
without regard to case and accents where that is unambiguous.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from codio_print.errors import ContentError
from codio_print.inputs.content import Content
from codio_print.inputs.validate import key_of, validate
from codio_print.inputs.yamlread import Loc, Located, load_yaml
from codio_print.results.models import Results

# --- loading -------------------------------------------------------------------------------


def root_of(results_file: Path, workspace: Path | None) -> Path:
    """What ``results_file`` is read under (the one rule for reading, inputs/access.py): in
    a workspace, the workspace (a link there to a file elsewhere is refused); named outside
    any workspace, the file itself, as the user named it. Never a pipe or a device."""
    folder = Path(results_file).absolute().parent
    if workspace is not None and any(folder.is_relative_to(w) for w in
                                     (Path(workspace).absolute(), Path(workspace).resolve())):
        return Path(workspace)
    return Path(results_file)


def read_results_file(results_file: Path, workspace: Path | None = None) -> Located:
    """``resultaten.yaml`` parsed, read by the one rule (see root_of)."""
    return load_yaml(Path(results_file), root=root_of(results_file, workspace))


_OWN_ERRORS = {"day", "clock", "eigenaar", "actie_id"}


def _validate(located: Located) -> Results:
    if isinstance(located.data, dict):
        try:
            return Results.model_validate(located.data)
        except ValidationError as exc:
            errors = exc.errors()
            err = errors[0]
            key = key_of(err["loc"], located.data)
            message = fix = None
            if err["type"] in _OWN_ERRORS:
                message, fix = f"'{key}': {err['msg']}", err["ctx"]["fix"]
            elif err["type"] == "missing" and err["loc"][-1] == "eigenaar":
                message = f"'{key}' is missing: this action has no owner"
                fix = "add 'eigenaar:' with who carries out the action"
            if message:
                if len(errors) > 1:
                    more = len(errors) - 1
                    message += f" (and {more} more problem{'s' if more > 1 else ''})"
                raise ContentError(message, file=located.path,
                                   line=located.line_of(err["loc"]), fix=fix) from None
    return validate(located, Results)  # the generic wording for everything else


def _unknown(located: Located, loc: Loc, what: str, value: str,
             known: Iterable[str]) -> ContentError:
    return ContentError(f"unknown {what} '{value}'", file=located.path, line=located.line_of(loc),
                        fix="use one of: " + ", ".join(known))


def _check(results: Results, located: Located, content: Content) -> None:
    """Every id in the file against the content, section by section."""
    known = _Known(content)
    groepen = _check_sessie(results, located, known)
    groep = _groep_check(located, known, groepen)
    _check_waarden(results, located, known, groep)
    _check_acties(results, located, known, groep)
    for i, sp in enumerate(results.spanningen):
        for j, fid in enumerate(sp.tussen):
            groep(fid, ("spanningen", i, "tussen", j))
        if sp.tussen[0] == sp.tussen[1]:
            raise ContentError("a tension needs two different groups", file=located.path,
                               line=located.line_of(("spanningen", i, "tussen")),
                               fix="name two different fundamenten")
    v, s = results.vervolg, results.sessie
    if v.datum is not None and v.datum < s.datum:
        raise ContentError(f"the follow-up date {v.datum} is before the session ({s.datum})",
                           file=located.path, line=located.line_of(("vervolg", "datum")),
                           fix="check the year and month")


class _Known:
    """The ids the content knows."""

    def __init__(self, content: Content):
        self.fundamenten = [f.id for f in content.fundamenten]
        self.waarden = [w.id for w in content.code.waarden]
        self.mechanismen = [m.id for m in content.borging.mechanismen]
        self.cases = sorted(set(content.case_files) | set(content.cases))


def _check_sessie(results: Results, located: Located, known: _Known) -> list[str]:
    """The session's case and groups; the fundamenten that have a group."""
    s = results.sessie
    if s.casus not in known.cases:
        raise _unknown(located, ("sessie", "casus"), "case", s.casus, known.cases)
    groepen: list[str] = []
    for i, g in enumerate(s.groepen):
        loc = ("sessie", "groepen", i, "fundament")
        if g.fundament not in known.fundamenten:
            raise _unknown(located, loc, "fundament", g.fundament, known.fundamenten)
        if g.fundament in groepen:
            raise ContentError(f"two groups for fundament '{g.fundament}'", file=located.path,
                               line=located.line_of(loc), fix="give each fundament one group")
        groepen.append(g.fundament)
    return groepen


def _groep_check(located: Located, known: _Known, groepen: list[str]):
    """A check that a fundament id names a known fundament, and one with a group."""
    def check(fid: str, loc: Loc) -> None:
        if fid not in known.fundamenten:
            raise _unknown(located, loc, "fundament", fid, known.fundamenten)
        if groepen and fid not in groepen:
            raise ContentError(f"there is no group for fundament '{fid}'", file=located.path,
                               line=located.line_of(loc),
                               fix="use one of the groups under sessie: " + ", ".join(groepen))
    return check


def _check_waarden(results: Results, located: Located, known: _Known, groep) -> None:
    for fid, gw in results.waarden.items():
        groep(fid, ("waarden", fid))
        gekozen: set[str] = set()
        for kind, items in (("gekozen", gw.gekozen), ("niet_gekozen", gw.niet_gekozen)):
            for j, item in enumerate(items):
                loc = ("waarden", fid, kind, j, "waarde")
                if item.waarde not in known.waarden:
                    raise _unknown(located, loc, "value", item.waarde, known.waarden)
                if kind == "gekozen":
                    gekozen.add(item.waarde)
                elif item.waarde in gekozen:
                    raise ContentError(f"value '{item.waarde}' is both chosen and not chosen",
                                       file=located.path, line=located.line_of(loc),
                                       fix="keep it in one of the two lists")


def _check_acties(results: Results, located: Located, known: _Known, groep) -> None:
    seen: set[str] = set()
    for i, a in enumerate(results.acties):
        if a.id in seen:
            raise ContentError(f"two actions with id '{a.id}'", file=located.path,
                               line=located.line_of(("acties", i, "id")),
                               fix="give every action its own id: A1, A2, A3, ...")
        seen.add(a.id)
        if a.waarde not in known.waarden:
            raise _unknown(located, ("acties", i, "waarde"), "value", a.waarde, known.waarden)
        if a.mechanisme not in known.mechanismen:
            raise _unknown(located, ("acties", i, "mechanisme"), "mechanism", a.mechanisme,
                           known.mechanismen)
        groep(a.groep, ("acties", i, "groep"))


def _folded(text: str) -> str:
    """An id as people may type it: 'Privacy', 'PRIVACÝ' and ' privacy ' are all 'privacy'."""
    decomposed = unicodedata.normalize("NFKD", text.strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _match_ids(located: Located, content: Content) -> None:
    """Write each value, mechanism and fundament id in the file as the content spells it,
    where only one id matches without regard to case and accents. Anything else stays as it
    was written, for _check to report with the list of choices."""
    data = located.data
    if not isinstance(data, dict):
        return
    fundamenten = [f.id for f in content.fundamenten]
    waarden = [w.id for w in content.code.waarden]
    mechanismen = [m.id for m in content.borging.mechanismen]

    def match(value: Any, known: list[str]) -> Any:
        if not isinstance(value, str) or value in known:
            return value
        hits = [k for k in known if _folded(k) == _folded(value)]
        return hits[0] if len(hits) == 1 else value

    def fields(items: Any, **known: list[str]) -> None:
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict):
                for name, ids in known.items():
                    if name in item:
                        item[name] = match(item[name], ids)

    sessie = data.get("sessie")
    if isinstance(sessie, dict):
        fields(sessie.get("groepen"), fundament=fundamenten)
    per_group = data.get("waarden")
    if isinstance(per_group, dict):
        renamed = {}
        for key, value in per_group.items():
            new = match(key, fundamenten)
            if new != key and new not in per_group and new not in renamed:
                located.lines.update({(("waarden", new) + loc[2:]): line
                                      for loc, line in located.lines.items()
                                      if loc[:2] == ("waarden", key)})
                key = new
            renamed[key] = value
            if isinstance(value, dict):
                fields(value.get("gekozen"), waarde=waarden)
                fields(value.get("niet_gekozen"), waarde=waarden)
        data["waarden"] = renamed
    fields(data.get("acties"), waarde=waarden, mechanisme=mechanismen, groep=fundamenten)
    spanningen = data.get("spanningen")
    for spanning in spanningen if isinstance(spanningen, list) else ():
        if isinstance(spanning, dict) and isinstance(spanning.get("tussen"), list):
            spanning["tussen"] = [match(f, fundamenten) for f in spanning["tussen"]]


def case_of(located: Located) -> str | None:
    """The case a loaded ``resultaten.yaml`` is for, before it is checked (None if unclear)."""
    sessie = located.data.get("sessie") if isinstance(located.data, dict) else None
    casus = sessie.get("casus") if isinstance(sessie, dict) else None
    return casus if isinstance(casus, str) else None


def load_results(path: Path | Located, content: Content) -> Results:
    """Read (or take as read), validate and cross-check ``resultaten.yaml``; raise
    ContentError with the line."""
    located = path if isinstance(path, Located) else read_results_file(Path(path))
    _match_ids(located, content)
    results = _validate(located)
    _check(results, located, content)
    results._located = located
    return results
