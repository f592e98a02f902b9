"""Load and cross-check the content: the code, the workshop and the cases.

``load_content`` reads every file once, validates it against ``models`` and checks
references between files (a case's data origin, a value's principle, ...), each error
naming the file and line of the offending key.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from codio_print import paths
from codio_print.errors import ContentError
from codio_print.inputs.models import (HEX, ID, Borging, Case, Classificatie, Code, Fundament, Onderzoek,
                     OnderzoekWaarde, Principe, Stap, Waarde, Workshop)
from codio_print.inputs.yamlread import Located, load_yaml

M = TypeVar("M", bound=BaseModel)


def _shown(value) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:37] + "..."


_KIND_OF = {dict: "a group of fields", list: "a list", type(None): "empty"}


def key_of(loc: tuple, data=None) -> str:
    """A field's place as people count: ``acties[2] (A2).eigenaar`` for ``acties.1.eigenaar``.

    A list position counts from 1 and, when that item has an ``id``, is followed by it.
    ``data`` is the file as loaded: it tells list positions from keys that are numbers.
    """
    out, node = "", data
    for part in loc:
        if isinstance(part, int) and not isinstance(node, dict):
            out += f"[{part + 1}]"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            item_id = node.get("id") if isinstance(node, dict) else None
            if isinstance(item_id, (str, int)) and not isinstance(item_id, bool):
                out += f" ({_shown(item_id)})"
        else:
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "file"


def _message(err: dict, data=None) -> tuple[str, str]:
    """A pydantic error as (what is wrong, how to fix it), in the user's terms."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    key = key_of(err["loc"], data)
    got = _KIND_OF.get(type(value), f"'{_shown(value)}'")
    if kind == "missing":
        return f"'{key}' is missing", "add it (see the other files for an example)"
    if kind == "extra_forbidden":
        return f"unknown field '{key}'", "remove it or correct its spelling"
    # Our own validators (pydantic_core.PydanticCustomError) carry their fix in the context.
    fix = (err.get("ctx") or {}).get("fix")
    if fix:
        return f"'{key}': {err['msg']}", fix
    if kind == "string_type":
        if value is None:
            return f"'{key}' is empty", f"write the text after '{err['loc'][-1]}:'"
        return f"'{key}' must be text, not {got}", "write it as one line of text"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"'{key}' must be a whole number, not {got}", "write a number, e.g. 15"
    if kind in ("list_type", "tuple_type"):
        return f"'{key}' must be a list, not {got}", "put each item on its own line after '- '"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (f"'{key}' must be a group of fields (key: value), not {got}",
                "indent the fields under it")
    if kind == "literal_error":
        return f"'{key}' is {got}, which is not allowed", f"use one of {ctx.get('expected')}"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == ID:
            return (f"'{key}' is {got}, which is not an id",
                    "ids are lower-case letters, digits and hyphens, e.g. mijn-casus")
        if ctx.get("pattern") == HEX:
            return f"'{key}' is {got}, which is not a colour", "write it as #RRGGBB, e.g. #154273"
        return f"'{key}' is {got}, which is not in the right form", "correct the value"
    if kind == "string_too_long":
        return (f"'{key}' is {len(value)} characters long; at most {ctx['max_length']} fit "
                "its place on the printed sheets", "shorten it")
    if kind == "string_too_short":
        return f"'{key}' is too short or empty", "fill it in"
    if kind == "too_short":
        return (f"'{key}' needs at least {ctx.get('min_length')} item(s)",
                "add them (see the other files for an example)")
    if kind == "too_long":
        return f"'{key}' has more than {ctx.get('max_length')} items", "remove some"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return f"'{key}' is {got}: {err['msg'].lower()}", "correct the number"
    return f"'{key}': {err['msg'].lower()}", "correct the value"


def validate(located: Located, model: type[M]) -> M:
    """Validate a loaded file against ``model``; the first error names its line."""
    if not isinstance(located.data, dict):
        raise ContentError("the file must hold a mapping of fields (key: value)",
                           file=located.path, line=1, fix="start with 'id: ...' style lines")
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        err = exc.errors()[0]
        message, fix = _message(err, located.data)
        more = len(exc.errors()) - 1
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise ContentError(message, file=located.path, line=located.line_of(err["loc"]),
                           fix=fix) from None


def load_model(path: Path, model: type[M], root: Path | None = None) -> tuple[M, Located]:
    located = load_yaml(path, root)
    return validate(located, model), located


def _check_unique(items, attr: str, located: Located, loc: tuple) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        key = getattr(item, attr)
        if key in seen:
            raise ContentError(f"duplicate id '{key}'", file=located.path,
                               line=located.line_of(loc + (i, attr)),
                               fix="give every entry its own id")
        seen.add(key)


def _ref_error(located: Located, loc: tuple, what: str, value: str, known) -> ContentError:
    known = [str(k) for k in known]
    close = difflib.get_close_matches(str(value), known, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return ContentError(f"unknown {what} '{value}'", file=located.path,
                        line=located.line_of(loc), fix=hint + "use one of: " + ", ".join(known))


@dataclass(frozen=True)
class Content:
    """Everything the templates may show, cross-checked."""

    code: Code
    borging: Borging
    classificatie: Classificatie
    onderzoek: Onderzoek
    workshop: Workshop
    cases: dict[str, Case]
    case_files: dict[str, Path] = field(default_factory=dict)

    @cached_property
    def fundamenten(self) -> list[Fundament]:
        return list(self.code.fundamenten)

    def fundament(self, key: str) -> Fundament:
        """By id or hand-out letter."""
        for f in self.code.fundamenten:
            if key in (f.id, f.letter):
                return f
        raise KeyError(key)

    def principes_van(self, fundament: Fundament) -> list[Principe]:
        return [p for p in self.code.principes if p.fundament == fundament.id]

    def waarden_van(self, principe: Principe) -> list[Waarde]:
        return [w for w in self.code.waarden if w.principe == principe.id]

    def waarden_van_fundament(self, fundament: Fundament) -> list[Waarde]:
        return [w for p in self.principes_van(fundament) for w in self.waarden_van(p)]

    @cached_property
    def waarde_per_id(self) -> dict[str, Waarde]:
        return {w.id: w for w in self.code.waarden}

    def fundament_van_waarde(self, waarde: Waarde) -> Fundament:
        principe = next(p for p in self.code.principes if p.id == waarde.principe)
        return self.fundament(principe.fundament)

    def niveau(self, axis: str, key: str):
        return next(n for n in getattr(self.classificatie, axis).niveaus if n.id == key)

    def onderzoek_voor(self, case: Case, fundament: Fundament) -> list[OnderzoekWaarde]:
        """Hand-out 6 values: the case's own list where it has one, else by data origin."""
        if case.handout6 and fundament.id in case.handout6:
            return case.handout6[fundament.id]
        return self.onderzoek.per_herkomst.get(case.herkomst, {}).get(fundament.id, [])

    def case(self, case_id: str) -> Case:
        if case_id not in self.cases and case_id in self.case_files:
            loaded = ", ".join(sorted(self.cases)) or "none"
            raise ContentError(f"the case '{case_id}' exists but is not loaded in this build "
                               f"(only {loaded} is)",
                               fix="a template can use only the session's case; build with "
                                   f"--case {case_id} for that one")
        if case_id not in self.cases:
            close = difflib.get_close_matches(case_id, sorted(self.case_files), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise ContentError(f"unknown case '{case_id}'",
                               fix=hint + "choose one of: " + ", ".join(sorted(self.case_files)))
        return self.cases[case_id]

    @property
    def stappen(self) -> list[Stap]:
        return self.workshop.stappen


def _check_code(code: Code, located: Located) -> None:
    _check_unique(code.fundamenten, "id", located, ("fundamenten",))
    _check_unique(code.fundamenten, "letter", located, ("fundamenten",))
    _check_unique(code.principes, "id", located, ("principes",))
    _check_unique(code.waarden, "id", located, ("waarden",))
    fundament_ids = [f.id for f in code.fundamenten]
    for i, p in enumerate(code.principes):
        if p.fundament not in fundament_ids:
            raise _ref_error(located, ("principes", i, "fundament"), "fundament",
                             p.fundament, fundament_ids)
    principe_ids = [p.id for p in code.principes]
    for i, w in enumerate(code.waarden):
        if w.principe not in principe_ids:
            raise _ref_error(located, ("waarden", i, "principe"), "principle", w.principe,
                             principe_ids)


def _check_stappen(stappen: list[Stap], located: Located, loc: tuple) -> None:
    for i, stap in enumerate(stappen):
        if stap.substappen:
            total = sum(s.minuten for s in stap.substappen)
            if total != stap.minuten:
                raise ContentError(
                    f"the parts of '{stap.id}' take {total} minutes, the step {stap.minuten}",
                    file=located.path, line=located.line_of(loc + (i, "minuten")),
                    fix="make the minutes of the parts add up to the step's minutes")
            _check_stappen(stap.substappen, located, loc + (i, "substappen"))


def _check_workshop(ws: Workshop, located: Located) -> None:
    total = sum(s.minuten for s in ws.stappen)
    if total != ws.duur_minuten:
        raise ContentError(f"the steps take {total} minutes, duur_minuten says {ws.duur_minuten}",
                           file=located.path, line=located.line_of(("duur_minuten",)),
                           fix="make the steps add up to duur_minuten")
    _check_stappen(ws.stappen, located, ("stappen",))


def _check_onderzoek(onderzoek: Onderzoek, located: Located, code: Code,
                     classificatie: Classificatie) -> None:
    herkomsten = [n.id for n in classificatie.herkomst.niveaus]
    for herkomst, per_fundament in onderzoek.per_herkomst.items():
        if herkomst not in herkomsten:
            raise _ref_error(located, ("per_herkomst", herkomst), "data origin", herkomst,
                             herkomsten)
        _check_values_per_fundament(per_fundament, located, ("per_herkomst", herkomst), code)


def _check_values_per_fundament(per_fundament: dict[str, list[OnderzoekWaarde]],
                                located: Located, loc: tuple, code: Code) -> None:
    fundamenten = {f.id: f for f in code.fundamenten}
    principe_fundament = {p.id: p.fundament for p in code.principes}
    waarde_fundament = {w.id: principe_fundament[w.principe] for w in code.waarden}
    for fid, values in per_fundament.items():
        if fid not in fundamenten:
            raise _ref_error(located, loc + (fid,), "fundament", fid, list(fundamenten))
        for j, v in enumerate(values):
            if v.waarde not in waarde_fundament:
                own = [w for w, f in waarde_fundament.items() if f == fid]
                raise _ref_error(located, loc + (fid, j, "waarde"), "value", v.waarde,
                                 sorted(own))
            if waarde_fundament[v.waarde] != fid:
                raise ContentError(
                    f"value '{v.waarde}' belongs to {waarde_fundament[v.waarde]}, not {fid}",
                    file=located.path, line=located.line_of(loc + (fid, j, "waarde")),
                    fix=f"list it under {waarde_fundament[v.waarde]} or pick a value of {fid}")


def check_case(case: Case, located: Located, code: Code, classificatie: Classificatie) -> None:
    if located.path.stem != case.id:
        raise ContentError(f"the case id '{case.id}' differs from the file name",
                           file=located.path, line=located.line_of(("id",)),
                           fix=f"rename the file to {case.id}.yaml or set id: {located.path.stem}")
    herkomsten = [n.id for n in classificatie.herkomst.niveaus]
    if case.herkomst not in herkomsten:
        raise _ref_error(located, ("herkomst",), "data origin", case.herkomst, herkomsten)
    niveaus = [n.id for n in classificatie.proactiviteit.niveaus]
    for i, p in enumerate(case.proactiviteit):
        if p.niveau not in niveaus:
            raise _ref_error(located, ("proactiviteit", i, "niveau"), "proactivity level",
                             p.niveau, niveaus)
    if case.handout6:
        _check_values_per_fundament(case.handout6, located, ("handout6",), code)


def case_paths(case_dirs: list[Path]) -> dict[str, Path]:
    """Case id -> file; a later folder (a workspace) wins over an earlier one."""
    found: dict[str, Path] = {}
    for folder in case_dirs:
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                found[path.stem] = path
    return found


def load_case(path: Path, code: Code, classificatie: Classificatie) -> Case:
    """A case file; it must lie in its cases folder, links resolved (a shared workspace's
    case cannot be a link to a file elsewhere)."""
    case, located = load_model(path, Case, root=path.parent)
    check_case(case, located, code, classificatie)
    return case


def load_content(content_dir: Path | None = None,
                 extra_case_dirs: list[Path] | None = None,
                 only_case: str | None = None) -> Content:
    """Read and check all content. With ``only_case`` just that case file is parsed."""
    content_dir = content_dir or paths.CONTENT
    code, code_loc = load_model(content_dir / "code.yaml", Code)
    _check_code(code, code_loc)
    borging, borging_loc = load_model(content_dir / "borging.yaml", Borging)
    _check_unique(borging.mechanismen, "id", borging_loc, ("mechanismen",))
    classificatie, _ = load_model(content_dir / "classificatie.yaml", Classificatie)
    onderzoek, onderzoek_loc = load_model(content_dir / "onderzoek.yaml", Onderzoek)
    _check_onderzoek(onderzoek, onderzoek_loc, code, classificatie)
    workshop, workshop_loc = load_model(content_dir / "workshop.yaml", Workshop)
    _check_workshop(workshop, workshop_loc)

    files = case_paths([content_dir / "cases", *(extra_case_dirs or [])])
    wanted = files if only_case is None else {k: v for k, v in files.items() if k == only_case}
    cases = {cid: load_case(path, code, classificatie) for cid, path in wanted.items()}
    return Content(code, borging, classificatie, onderzoek, workshop, cases,
                   case_files=files)
