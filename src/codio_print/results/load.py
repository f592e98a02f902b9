"""Loading resultaten.yaml: validated against the models and cross-checked against the content
(every value, mechanism and fundament id), each error naming the file and the line; ids match
without regard to case and accents where that is unambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from datetime import date
from typing import Any

from pydantic import ValidationError

from codio_print.errors import CodioError, ContentError
from codio_print.i18n import N_, _
from codio_print.inputs.content import Content
from codio_print.inputs.validate import _message, _without_union_tags, key_of, validate
from codio_print.inputs.yamlread import Loc, Located, parse_yaml, read_text
from codio_print.results.lenient import (folded, match_ids, quoted, read_as_meant, repair,
                                        two_fundamenten)
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
    """``resultaten.yaml`` parsed, read by the one rule (see root_of). A line YAML refuses
    but that reads as ``key: some text`` is read as that text (lenient.repair); the lines as
    read are kept (``located.source``), to find a value as it was written."""
    path = Path(results_file)
    text = read_text(path, root=root_of(results_file, workspace))
    try:
        located = parse_yaml(text, path)
    except ContentError:
        repaired = repair(text)
        if repaired == text:
            raise
        text, located = repaired, parse_yaml(repaired, path)
    located.source = text.splitlines()
    return located


_OWN_ERRORS = {"day", "clock", "eigenaar", "actie_id"}


class _Problems:
    """The problems found in one file, each with its line and key; raised together."""

    def __init__(self, located: Located):
        self.located = located
        self.found: list[ContentError] = []

    def add(self, message: str, loc: Loc, fix: str | None = None,
            key: str | None = None) -> None:
        line = self.located.line_of(loc)
        key = key or key_of(loc, self.located.data)
        if any((p.line, p.message) == (line, message) for p in self.found):
            return
        self.found.append(ContentError(message, file=self.located.path, line=line, fix=fix,
                                       key=key))

    def raise_all(self) -> None:
        """Raise every problem found, from the top of the file down."""
        if self.found:
            raise together(sorted(self.found, key=lambda p: p.line or 0))


def together(problems: list[CodioError]) -> CodioError:
    """One error for several problems: the first, with the others in ``more`` (each shown
    on its own line)."""
    first = problems[0]
    first.more = list(problems[1:])
    return first


def _text_example(value) -> str:
    """A group of fields YAML made of a line of text, as that line between quotes."""
    if isinstance(value, dict) and value:
        name, inner = next(iter(value.items()))
        text = f"{name}: {inner}" if inner is not None and not isinstance(inner, (dict, list)) \
            else f"{name}: ..."
        return quoted(" ".join(text.split())[:60])
    return quoted("...")


def _pair_for(value, fundamenten: list[str]) -> list[str]:
    """The two fundamenten a tension that is not a list of two seems to name: the ones
    written that are known, completed with the others in order."""
    words = value if isinstance(value, list) else [value]
    named = [f for w in words if isinstance(w, str)
             for f in (two_fundamenten(w, fundamenten) or
                       [f for f in fundamenten if folded(f) in folded(w).split()])]
    pair = list(dict.fromkeys(named))[:2]
    pair += [f for f in fundamenten if f not in pair][:2 - len(pair)]
    return pair


def _problem(err: dict, located: Located, fundamenten: list[str]) -> tuple[str, str]:
    """(what is wrong, how to fix it) for one pydantic error in resultaten.yaml."""
    key = key_of(err["loc"], located.data)
    kind, value = err["type"], err.get("input")
    if kind in _OWN_ERRORS:
        return _("'{key}': {problem}").format(key=key, problem=err["msg"]), err["ctx"]["fix"]
    if kind == "missing" and err["loc"][-1] == "eigenaar":
        return (_("'{key}' is missing: this action has no owner").format(key=key),
                _("add 'eigenaar:' with who carries out the action"))
    if kind == "string_type" and isinstance(value, dict):
        if len(value) > 1:
            return (_("'{key}' is read as {count} fields ({names}), not as text").format(
                        key=key, count=len(value), names=", ".join(str(k) for k in value)),
                    _("put each point on its own line after '- ', and a text with a colon "
                      "between double quotes: - {example}").format(
                        example=_text_example(value)))
        dash = "- " if isinstance(err["loc"][-1], int) else ""
        return (_("'{key}' must be text, not a group of fields").format(key=key),
                _("write it on one line between double quotes: {example}").format(
                    example=dash + _text_example(value)))
    if kind == "string_type" and isinstance(value, list):
        first = next((v for v in value if not isinstance(v, (dict, list))), "...")
        dash = "- " if isinstance(err["loc"][-1], int) else ""
        return (_("'{key}' must be text, not a list").format(key=key),
                _("write it on one line; a text that starts with a dash goes between double "
                  "quotes: {example}").format(example=dash + quoted(f"- {first}")))
    if err["loc"][-1:] == ("tussen",) and kind in ("list_type", "too_short", "too_long"):
        pair = _pair_for(value, fundamenten)
        shown = value if isinstance(value, str) else ", ".join(map(str, value or []))
        return (_("'{key}' must name two groups, not '{value}'").format(key=key, value=shown),
                _("write it as: tussen: [{first}, {second}]").format(first=pair[0],
                                                                     second=pair[1]))
    return _message(err, located.data)


def _validate(located: Located, fundamenten: list[str], problems: _Problems) -> Results | None:
    """The file as a Results; None, with every problem added to ``problems``, if it is not."""
    if not isinstance(located.data, dict):
        return validate(located, Results)  # the generic wording: not a mapping
    try:
        return Results.model_validate(located.data)
    except ValidationError as exc:
        for error in exc.errors():
            err = _without_union_tags(error, located.data)
            message, fix = _problem(err, located, fundamenten)
            problems.add(message, err["loc"], fix)
        return None


_UNKNOWN = {"case": N_("unknown case '{value}'"), "fundament": N_("unknown fundament '{value}'"),
            "value": N_("unknown value '{value}'"), "mechanism": N_("unknown mechanism '{value}'")}


def _unknown(problems: _Problems, loc: Loc, what: str, value: str,
             known: Iterable[str]) -> None:
    problems.add(_(_UNKNOWN[what]).format(value=value), loc,
                 _("use one of: {choices}").format(choices=", ".join(known)))


# The checks against the content read the file as loaded, not the models: they find their
# problems too when another part of the file does not validate, so every problem is listed.

def _dicts(node: Any) -> list[tuple[int, dict]]:
    """The items of a list that are groups of fields, with their positions."""
    return [(i, x) for i, x in enumerate(node) if isinstance(x, dict)] \
        if isinstance(node, list) else []


def _section(data: dict, name: str) -> dict:
    node = data.get(name)
    return node if isinstance(node, dict) else {}


def _id(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _check(located: Located, content: Content, problems: _Problems,
           results: Results | None) -> None:
    """Every id in the file against the content, section by section."""
    data = located.data
    known = _Known(content)
    groepen = _check_sessie(data, problems, known)
    groep = _groep_check(problems, known, groepen)
    _check_waarden(data, problems, known, groep)
    _check_acties(data, problems, known, groep)
    for i, sp in _dicts(data.get("spanningen")):
        tussen = sp.get("tussen")
        if not isinstance(tussen, list):
            continue
        for j, fid in enumerate(tussen):
            if _id(fid):
                groep(fid, ("spanningen", i, "tussen", j))
        if len(tussen) == 2 and _id(tussen[0]) and tussen[0] == tussen[1]:
            problems.add(_("a tension needs two different groups"), ("spanningen", i, "tussen"),
                         _("name two different fundamenten"))
    if results is not None:
        follow_up, session = results.vervolg.datum, results.sessie.datum
    else:
        follow_up = _section(data, "vervolg").get("datum")
        session = _section(data, "sessie").get("datum")
    if type(follow_up) is date and type(session) is date and follow_up < session:
        problems.add(_("the follow-up date {date} is before the session ({session})").format(
                         date=follow_up, session=session), ("vervolg", "datum"),
                     _("check the year and month"))


class _Known:
    """The ids the content knows."""

    def __init__(self, content: Content):
        self.fundamenten = [f.id for f in content.fundamenten]
        self.waarden = [w.id for w in content.code.waarden]
        self.mechanismen = [m.id for m in content.borging.mechanismen]
        self.cases = sorted(set(content.case_files) | set(content.cases))


def _check_sessie(data: dict, problems: _Problems, known: _Known) -> list[str]:
    """The session's case and groups; the fundamenten that have a group."""
    sessie = _section(data, "sessie")
    casus = _id(sessie.get("casus"))
    if casus and casus not in known.cases:
        _unknown(problems, ("sessie", "casus"), "case", casus, known.cases)
    groepen: list[str] = []
    for i, g in _dicts(sessie.get("groepen")):
        loc = ("sessie", "groepen", i, "fundament")
        fid = _id(g.get("fundament"))
        if fid is None:
            continue
        if fid not in known.fundamenten:
            _unknown(problems, loc, "fundament", fid, known.fundamenten)
        elif fid in groepen:
            problems.add(_("two groups for fundament '{fundament}'").format(fundament=fid),
                         loc, _("give each fundament one group"))
        else:
            groepen.append(fid)
    return groepen


def _groep_check(problems: _Problems, known: _Known, groepen: list[str]):
    """A check that a fundament id names a known fundament, and one with a group."""
    def check(fid: str, loc: Loc) -> None:
        if fid not in known.fundamenten:
            _unknown(problems, loc, "fundament", fid, known.fundamenten)
        elif groepen and fid not in groepen:
            problems.add(_("there is no group for fundament '{fundament}'").format(fundament=fid),
                         loc, _("use one of the groups under sessie: {groups}").format(
                             groups=", ".join(groepen)))
    return check


def _check_waarden(data: dict, problems: _Problems, known: _Known, groep) -> None:
    for fid, gw in _section(data, "waarden").items():
        if _id(fid):
            groep(fid, ("waarden", fid))
        gekozen: set[str] = set()
        for kind in ("gekozen", "niet_gekozen"):
            for j, item in _dicts(gw.get(kind) if isinstance(gw, dict) else None):
                loc = ("waarden", fid, kind, j, "waarde")
                waarde = _id(item.get("waarde"))
                if waarde is None:
                    continue
                if waarde not in known.waarden:
                    _unknown(problems, loc, "value", waarde, known.waarden)
                elif kind == "gekozen":
                    gekozen.add(waarde)
                elif waarde in gekozen:
                    problems.add(_("value '{value}' is both chosen and not chosen").format(
                                     value=waarde), loc, _("keep it in one of the two lists"))


def _check_acties(data: dict, problems: _Problems, known: _Known, groep) -> None:
    seen: set[str] = set()
    for i, a in _dicts(data.get("acties")):
        code = a.get("id")
        code = str(code).strip().upper() if isinstance(code, (str, int)) and \
            not isinstance(code, bool) else None
        if code and code in seen:
            problems.add(_("two actions with id '{id}'").format(id=code), ("acties", i, "id"),
                         _("give every action its own id: A1, A2 … for democratie, B1 … for "
                           "rechtsstaat, C1 … for bestuurskracht"))
        seen.add(code)
        waarde, mechanisme, fid = (_id(a.get(k)) for k in ("waarde", "mechanisme", "groep"))
        if waarde and waarde not in known.waarden:
            _unknown(problems, ("acties", i, "waarde"), "value", waarde, known.waarden)
        if mechanisme and mechanisme not in known.mechanismen:
            _unknown(problems, ("acties", i, "mechanisme"), "mechanism", mechanisme,
                     known.mechanismen)
        if fid:
            groep(fid, ("acties", i, "groep"))


def code_warnings(results: Results, content: Content) -> list[CodioError]:
    """An action whose code's letter is not its group's (A1 in the group rechtsstaat, whose
    actions are B1, B2 …): allowed, but the poster and the report tell the groups apart by
    that letter where colour is lost (a copy in black and white)."""
    letters = {f.id: f.letter.upper() for f in content.fundamenten}
    taken = {a.id for a in results.acties}
    out: list[CodioError] = []
    for i, a in enumerate(results.acties):
        expected = letters.get(a.groep)
        letter = re.match(r"[A-Z]+", a.id)
        if expected is None or letter is None or letter.group() == expected:
            continue
        code = expected + a.id[letter.end():]
        number = 1
        while code in taken:  # a code the file has already: the group's first free one
            code, number = f"{expected}{number}", number + 1
        taken.add(code)
        out.append(ContentError(
            _("action {code} is in group {group}, whose actions have the letter "
              "{letter}").format(code=a.id, group=a.groep, letter=expected),
            file=results.path, line=results.line_of(("acties", i, "id")), key="id",
            fix=_("call it {code} (or check its 'groep:')").format(code=code)))
    return out


def case_of(located: Located) -> str | None:
    """The case a loaded ``resultaten.yaml`` is for, before it is checked (None if unclear)."""
    sessie = located.data.get("sessie") if isinstance(located.data, dict) else None
    casus = sessie.get("casus") if isinstance(sessie, dict) else None
    return casus if isinstance(casus, str) else None


def load_results(path: Path | Located, content: Content) -> Results:
    """Read (or take as read), validate and cross-check ``resultaten.yaml``; raise
    ContentError with the line."""
    located = path if isinstance(path, Located) else read_results_file(Path(path))
    fundamenten = [f.id for f in content.fundamenten]
    read_as_meant(located, fundamenten)
    match_ids(located, content)
    problems = _Problems(located)
    results = _validate(located, fundamenten, problems)
    _check(located, content, problems, results)
    problems.raise_all()
    results._located = located
    return results
