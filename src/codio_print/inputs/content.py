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

from codio_print import paths
from codio_print.errors import ContentError
from codio_print.i18n import N_, _
from codio_print.inputs.access import note_folder
from codio_print.inputs.validate import check_unique, key_of, load_model, ref_error
from codio_print.inputs.models import (Borging, Case, Classificatie, Code, Fundament, Onderzoek,
                     OnderzoekWaarde, Principe, Stap, Waarde, Workshop)
from codio_print.inputs.yamlread import Located

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
            loaded = ", ".join(sorted(self.cases)) or _("none")
            raise ContentError(_("the case '{case}' exists but is not loaded in this build "
                                 "(only {loaded} is)").format(case=case_id, loaded=loaded),
                               fix=_("a template can use only the session's case; build with "
                                     "--case {case} for that one").format(case=case_id))
        if case_id not in self.cases:
            close = difflib.get_close_matches(case_id, sorted(self.case_files), n=1)
            hint = _("did you mean '{name}'? ").format(name=close[0]) if close else ""
            raise ContentError(_("unknown case '{case}'").format(case=case_id),
                               fix=hint + _("choose one of: {choices}").format(
                                   choices=", ".join(sorted(self.case_files))))
        return self.cases[case_id]

    @property
    def stappen(self) -> list[Stap]:
        return self.workshop.stappen

    def stap(self, key: str | int) -> Stap | None:
        """A step of the workshop by its id ("stap-4") or its number (4)."""
        return next((s for s in self.stappen if key in (s.id, s.nummer)), None)


def _check_code(code: Code, located: Located) -> None:
    check_unique(code.fundamenten, "id", located, ("fundamenten",))
    check_unique(code.fundamenten, "letter", located, ("fundamenten",))
    check_unique(code.principes, "id", located, ("principes",))
    check_unique(code.waarden, "id", located, ("waarden",))
    fundament_ids = [f.id for f in code.fundamenten]
    for i, p in enumerate(code.principes):
        if p.fundament not in fundament_ids:
            raise ref_error(located, ("principes", i, "fundament"), N_("fundament"),
                             p.fundament, fundament_ids)
    principe_ids = [p.id for p in code.principes]
    for i, w in enumerate(code.waarden):
        if w.principe not in principe_ids:
            raise ref_error(located, ("waarden", i, "principe"), N_("principle"),
                             w.principe, principe_ids)


def _check_stappen(stappen: list[Stap], located: Located, loc: tuple) -> None:
    for i, stap in enumerate(stappen):
        if stap.substappen:
            total = sum(s.minuten for s in stap.substappen)
            if total != stap.minuten:
                raise ContentError(
                    _("the parts of '{step}' take {total} minutes, the step {minutes}").format(
                        step=stap.id, total=total, minutes=stap.minuten),
                    file=located.path, line=located.line_of(loc + (i, "minuten")),
                    fix=_("make the minutes of the parts add up to the step's minutes"),
                    key=key_of(loc + (i, "minuten"), located.data))
            _check_stappen(stap.substappen, located, loc + (i, "substappen"))


def _check_workshop(ws: Workshop, located: Located) -> None:
    total = sum(s.minuten for s in ws.stappen)
    if total != ws.duur_minuten:
        raise ContentError(_("the steps take {total} minutes, duur_minuten says {minutes}"
                             ).format(total=total, minutes=ws.duur_minuten),
                           file=located.path, line=located.line_of(("duur_minuten",)),
                           fix=_("make the steps add up to duur_minuten"), key="duur_minuten")
    _check_stappen(ws.stappen, located, ("stappen",))


def _check_onderzoek(onderzoek: Onderzoek, located: Located, code: Code,
                     classificatie: Classificatie) -> None:
    herkomsten = [n.id for n in classificatie.herkomst.niveaus]
    for herkomst, per_fundament in onderzoek.per_herkomst.items():
        if herkomst not in herkomsten:
            raise ref_error(located, ("per_herkomst", herkomst), N_("data origin"),
                             herkomst, herkomsten)
        _check_values_per_fundament(per_fundament, located, ("per_herkomst", herkomst), code)


def _check_values_per_fundament(per_fundament: dict[str, list[OnderzoekWaarde]],
                                located: Located, loc: tuple, code: Code) -> None:
    fundamenten = {f.id: f for f in code.fundamenten}
    principe_fundament = {p.id: p.fundament for p in code.principes}
    waarde_fundament = {w.id: principe_fundament[w.principe] for w in code.waarden}
    for fid, values in per_fundament.items():
        if fid not in fundamenten:
            raise ref_error(located, loc + (fid,), N_("fundament"), fid, list(fundamenten))
        for j, v in enumerate(values):
            if v.waarde not in waarde_fundament:
                own = [w for w, f in waarde_fundament.items() if f == fid]
                raise ref_error(located, loc + (fid, j, "waarde"), N_("value"), v.waarde,
                                 sorted(own))
            if waarde_fundament[v.waarde] != fid:
                owner = waarde_fundament[v.waarde]
                raise ContentError(
                    _("value '{value}' belongs to {owner}, not {fundament}").format(
                        value=v.waarde, owner=owner, fundament=fid),
                    file=located.path, line=located.line_of(loc + (fid, j, "waarde")),
                    fix=_("list it under {owner} or pick a value of {fundament}").format(
                        owner=owner, fundament=fid),
                    key=key_of(loc + (fid, j, "waarde"), located.data))


def check_case(case: Case, located: Located, code: Code, classificatie: Classificatie) -> None:
    if located.path.stem != case.id:
        raise ContentError(_("the case id '{id}' differs from the file name").format(
                               id=case.id),
                           file=located.path, line=located.line_of(("id",)),
                           fix=_("rename the file to {id}.yaml or set id: {stem}").format(
                               id=case.id, stem=located.path.stem), key="id")
    herkomsten = [n.id for n in classificatie.herkomst.niveaus]
    if case.herkomst not in herkomsten:
        raise ref_error(located, ("herkomst",), N_("data origin"), case.herkomst,
                        herkomsten)
    niveaus = [n.id for n in classificatie.proactiviteit.niveaus]
    for i, p in enumerate(case.proactiviteit):
        if p.niveau not in niveaus:
            raise ref_error(located, ("proactiviteit", i, "niveau"),
                            N_("proactivity level"), p.niveau, niveaus)
    if case.handout6:
        _check_values_per_fundament(case.handout6, located, ("handout6",), code)


def case_paths(case_dirs: list[Path]) -> dict[str, Path]:
    """Case id -> file; a later folder (a workspace) wins over an earlier one."""
    found: dict[str, Path] = {}
    for folder in case_dirs:
        note_folder(folder)  # a case that appears here is known
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                found[path.stem] = path
    return found


def load_case(path: Path, code: Code, classificatie: Classificatie) -> Case:
    """A case file; links resolved, it must lie in the folder that holds its cases folder
    (the workspace, or codio-print's content): a shared workspace's case cannot be a link to
    a file elsewhere, nor its cases/ a link to a folder elsewhere."""
    case, located = load_model(path, Case, root=path.parent.parent)
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
    check_unique(borging.mechanismen, "id", borging_loc, ("mechanismen",))
    classificatie, _located = load_model(content_dir / "classificatie.yaml", Classificatie)
    onderzoek, onderzoek_loc = load_model(content_dir / "onderzoek.yaml", Onderzoek)
    _check_onderzoek(onderzoek, onderzoek_loc, code, classificatie)
    workshop, workshop_loc = load_model(content_dir / "workshop.yaml", Workshop)
    _check_workshop(workshop, workshop_loc)

    files = case_paths([content_dir / "cases", *(extra_case_dirs or [])])
    wanted = files if only_case is None else {k: v for k, v in files.items() if k == only_case}
    cases = {cid: load_case(path, code, classificatie) for cid, path in wanted.items()}
    return Content(code, borging, classificatie, onderzoek, workshop, cases,
                   case_files=files)
