"""Eigen casus schrijven (step Casus): a form with every field of a case, as
``codio-print new-case`` writes it (scaffold/workspace.py ``case_text``: the same comments),
for a new case or one of the workspace's own.

The lists (the data, the levels, the questions, hand-out 6's values) are rows; "Nog een rij"
returns the form with one more row, nothing written, so no JavaScript is needed. Saving
checks the text as a build reads a case (inputs/content.py: the model, then ``check_case``)
before cases/ID.yaml is written; each problem is shown beside its field. Then sessie.yaml's
``casus`` is set to it and the organiser goes on to the next step.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route

from codio_print import writing
from codio_print.errors import CodioError
from codio_print.inputs.models import Case, CaseData, CaseNiveau, OnderzoekWaarde
from codio_print.web.pages import Problems, message, page, see_other
from codio_print.web.steps import next_url, step_context, workspace, write_session

# The rows a list offers to fill at first, and the most it will hold.
ROWS = {"data": 3, "proactiviteit": 2, "vragen": 3, "handout6": 2}
MOST_ROWS = 30
# Each list of the form: its columns, and the model of a row (None: a list of texts).
COLUMNS = {"data": (("wat", "bron"), CaseData), "proactiviteit": (("niveau", "toelichting"),
                                                                   CaseNiveau),
           "vragen": (("vraag",), None)}
H6 = (("waarde", "waarom", "herkomst"), OnderzoekWaarde)
# How sure it is that a value plays a part (OnderzoekWaarde.herkomst; content/code.yaml).
CERTAINTY = (("bevestigd", "Bevestigd", "genoemd in een openbare bron"),
             ("aannemelijk", "Aannemelijk", "sterk afgeleid uit openbare bronnen"),
             ("reconstructie", "Reconstructie", "onze beste inschatting; controleer die "
                                                "tegen de officiële code"),
             ("handleiding", "Handleiding", "genoemd in de handleiding van de workshop"))
TEXTS = ("id", "organisatie", "titel", "kort", "ondertitel", "beschrijving", "herkomst",
         "voorbeeld_spanning")
# What each field is called on the form (in a message beside it, too).
LABELS = {"id": "Korte naam", "organisatie": "Organisatie", "titel": "Naam van de dienst",
          "kort": "Naam in de kop", "ondertitel": "Korte omschrijving", "beschrijving": "Beschrijving",
          "herkomst": "Herkomst van de data", "voorbeeld_spanning": "Voorbeeld van een spanning",
          "data-wat": "Welke gegevens", "data-bron": "Waar ze vandaan komen",
          "proactiviteit-niveau": "Niveau", "proactiviteit-toelichting": "Toelichting",
          "vragen-vraag": "Vraag", "handout6-waarde": "Waarde",
          "handout6-waarom": "Waarom deze waarde telt", "handout6-herkomst": "Hoe zeker"}
# A required field left empty (the model's required fields), as the message beside it.
EMPTY = {"organisatie": "Vul de organisatie in, bijvoorbeeld Gemeente Arnhem.",
         "titel": "Vul de naam van de dienst in, bijvoorbeeld Ambtshalve verlenging IIT.",
         "beschrijving": "Beschrijf de dienst in een paar alinea's.",
         "data": "Vul minstens één soort gegevens in, met waar ze vandaan komen.",
         "proactiviteit": "Kies minstens één niveau van proactiviteit, met een toelichting.",
         "herkomst": "Kies waar de data vandaan komen.",
         "data-wat": "Vul in welke gegevens dit zijn.",
         "data-bron": "Vul in waar deze gegevens vandaan komen.",
         "proactiviteit-niveau": "Kies een niveau.",
         "proactiviteit-toelichting": "Vul in waarom de dienst op dit niveau zit.",
         "handout6-waarde": "Kies een waarde.",
         "handout6-waarom": "Vul in waarom deze waarde telt bij deze dienst."}
FIELD_KEY = re.compile(r"\[(\d+)\](?: \([^)]*\))?")


def suggested_id(title: str) -> str:
    """A case id made of a title: Ambtshalve verlenging IIT -> ambtshalve-verlenging-iit."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:40].strip("-")


def _rows(form, prefix: str, columns: tuple[str, ...], shown: int, more: bool) -> list[dict]:
    """A list's rows as typed, the empty ones after the filled ones, at least ``shown``."""
    rows = []
    for n in range(1, MOST_ROWS + 1):
        if f"{prefix}-{n}-{columns[0]}" not in form:
            break
        rows.append({c: str(form.get(f"{prefix}-{n}-{c}", "")).strip() for c in columns})
    filled = [r for r in rows if _filled(r)]
    count = min(max(len(rows), shown, len(filled) + (0 if rows else 1)) + more, MOST_ROWS)
    return filled + [_empty(columns) for _n in range(count - len(filled))]


def _filled(row: dict) -> bool:
    return any(v for c, v in row.items() if c != "herkomst")  # herkomst has a default


def _empty(columns: tuple[str, ...]) -> dict:
    return {c: "reconstructie" if c == "herkomst" else "" for c in columns}


def read_form(form, fundamenten) -> dict[str, Any]:
    """What the form holds, each list as rows (``meer``: the list that gets one more)."""
    more = str(form.get("meer", ""))
    typed: dict[str, Any] = {k: str(form.get(k, "")).strip() for k in TEXTS}
    typed["beschrijving"] = str(form.get("beschrijving", "")).replace("\r\n", "\n").strip()
    for name, (columns, _model) in COLUMNS.items():
        typed[name] = _rows(form, name, columns, ROWS[name], more == name)
    typed["handout6"] = {f.id: _rows(form, f"handout6-{f.id}", H6[0], ROWS["handout6"],
                                     more == f"handout6-{f.id}") for f in fundamenten}
    return typed


def from_case(data: dict, fundamenten) -> dict[str, Any]:
    """A case file's fields (as read, maybe wrong) as the form shows them."""
    def rows(items, columns, shown):
        found = [{c: _text(i.get(c)) for c in columns} if isinstance(i, dict)
                 else {columns[0]: _text(i)} for i in (items or []) if i is not None]
        return found + [_empty(columns) for _n in range(max(shown - len(found), 1))]

    typed: dict[str, Any] = {k: _text(data.get(k)) for k in TEXTS}
    typed["data"] = rows(data.get("data"), COLUMNS["data"][0], ROWS["data"])
    typed["proactiviteit"] = rows(data.get("proactiviteit"), COLUMNS["proactiviteit"][0],
                                  ROWS["proactiviteit"])
    typed["vragen"] = rows(data.get("vragen_bij_casus"), ("vraag",), ROWS["vragen"])
    own = data.get("handout6") if isinstance(data.get("handout6"), dict) else {}
    typed["handout6"] = {f.id: rows(own.get(f.id), H6[0], ROWS["handout6"])
                         for f in fundamenten}
    return typed


def _text(value) -> str:
    return "" if value is None or isinstance(value, (dict, list)) else str(value).strip()


def as_case(typed: dict[str, Any]) -> tuple[dict[str, Any], Problems]:
    """The case's fields as new-case writes them, and each required field left empty."""
    problems = Problems()
    values = {k: typed[k] for k in TEXTS}
    values["data"] = _items(typed["data"], "data", COLUMNS["data"], problems)
    values["proactiviteit"] = _items(typed["proactiviteit"], "proactiviteit",
                                     COLUMNS["proactiviteit"], problems)
    values["vragen_bij_casus"] = [r["vraag"] for r in typed["vragen"] if r["vraag"]]
    own = {fid: _items(rows, f"handout6-{fid}", H6, problems, label="handout6")
           for fid, rows in typed["handout6"].items()}
    values["handout6"] = {fid: rows for fid, rows in own.items() if rows} or None
    for name, info in Case.model_fields.items():
        if info.is_required() and name in EMPTY and not values[name]:
            problems.add(_first_field(name, typed), EMPTY[name])
    return values, problems


def _items(rows: list[dict], prefix: str, columns, problems: Problems, *,
           label: str | None = None) -> list[dict]:
    names, model = columns
    kept = [r for r in rows if _filled(r)]
    for n, row in enumerate(kept, start=1):
        for c in names:
            if not row[c] and model.model_fields[c].is_required():
                problems.add(f"{prefix}-{n}-{c}", EMPTY[f"{label or prefix}-{c}"])
    return kept


def _first_field(name: str, typed: dict) -> str:
    if name in COLUMNS:
        return f"{name}-1-{COLUMNS[name][0][0]}"
    return name


def field_of(key: str | None, typed: dict) -> str | None:
    """The form field a problem's key names ('data[2].wat' -> data-2-wat)."""
    if not key:
        return None
    name = FIELD_KEY.sub(r"-\1", key.replace("vragen_bij_casus", "vragen")).replace(".", "-")
    fields = list(_field_names(typed))
    return name if name in fields else next(
        (f for f in fields if f.startswith(name + "-")), None)


def _field_names(typed: dict):
    """The form's fields, in the order of the form."""
    def rows(name: str, columns: tuple[str, ...]):
        for n, _row in enumerate(typed[name], start=1):
            yield from (f"{name}-{n}-{c}" for c in columns)

    yield from ("organisatie", "titel", "kort", "ondertitel", "id", "beschrijving")
    yield from rows("data", COLUMNS["data"][0])
    yield from rows("proactiviteit", COLUMNS["proactiviteit"][0])
    yield "herkomst"
    yield from rows("vragen", COLUMNS["vragen"][0])
    yield "voorbeeld_spanning"
    for fid, own in typed["handout6"].items():
        for n, _row in enumerate(own, start=1):
            yield from (f"handout6-{fid}-{n}-{c}" for c in H6[0])


def shown(problem: CodioError, field: str | None, fundamenten) -> str:
    """A problem as the form says it: the field by its name on the form, not its key."""
    text = message(problem)
    if field and problem.key:
        text = text.replace(f"'{problem.key}'", _place(field, fundamenten), 1)
    return text[:1].upper() + text[1:]


def _place(field: str, fundamenten) -> str:
    parts = field.split("-")
    if field in LABELS:
        return LABELS[field]
    if parts[0] == "handout6":
        naam = next((f.naam for f in fundamenten if f.id == "-".join(parts[1:-2])), "")
        return f"{LABELS['handout6-' + parts[-1]]} bij {naam}, rij {parts[-2]},"
    return f"{LABELS[parts[0] + '-' + parts[-1]]} in rij {parts[1]}"


# --- checking and saving ----------------------------------------------------------------

def _check(path: Path, text: str, content) -> None:
    """``text`` as cases/ID.yaml at ``path``, checked as a build checks a case (load_case)."""
    from codio_print.inputs.content import check_case
    from codio_print.inputs.validate import validate
    from codio_print.inputs.yamlread import parse_yaml

    located = parse_yaml(text, path)
    check_case(validate(located, Case), located, content.code, content.classificatie)


def check(path: Path, values: dict, content, problems: Problems, typed: dict) -> Problems:
    """``problems`` (the empty fields) and what a build finds in the case, each beside its
    field: every field checked on its own in the sample case, so each shows its problem."""
    from codio_print.scaffold.workspace import case_skeleton, case_text

    whole = None
    if not problems:
        try:
            _check(path, case_text(path, path.stem, content, values), content)
            return problems
        except CodioError as exc:
            whole = exc
    sample = case_skeleton(path.stem)
    for name, value in values.items():
        if name == "id" or not value:
            continue
        try:
            _check(path, case_text(path, path.stem, content, {**sample, name: value}), content)
        except CodioError as alone:
            _add(problems, alone, typed, content.fundamenten)
    if not problems and whole is not None:  # wrong only together
        _add(problems, whole, typed, content.fundamenten)
    return problems


def _add(problems: Problems, error: CodioError, typed: dict, fundamenten) -> None:
    for problem in error.problems():
        field = field_of(problem.key, typed)
        problems.add(field, shown(problem, field, fundamenten))


def _own_path(root: Path, typed: dict, new: bool) -> tuple[Path | None, str | None]:
    """cases/ID.yaml for the case's short name, or what is wrong with the name."""
    from codio_print.inputs.models import ID
    from codio_print.scaffold.workspace import own_case_path

    case_id = typed["id"]
    if not case_id:
        return None, None if not typed["titel"] else (
            "Vul een korte naam in van kleine letters, cijfers en streepjes, bijvoorbeeld "
            "mijn-dienst.")
    try:
        path = own_case_path(root, case_id)
    except CodioError:
        if not re.fullmatch(ID, case_id):
            return None, (f"'{case_id}' kan geen korte naam zijn: gebruik alleen kleine "
                          "letters, cijfers en streepjes, bijvoorbeeld mijn-dienst.")
        return None, (f"'{case_id}' is de korte naam van een ingebouwde casus. Kies een "
                      "andere korte naam voor je eigen casus.")
    if new and (path.exists() or path.is_symlink()):
        return None, (f"Er is al een eigen casus '{case_id}'. Kies een andere korte naam, "
                      "of wijzig die casus bij de stap Casus.")
    return path, None


def write_case(root: Path, typed: dict, content, *, new: bool) -> Problems:
    """Write cases/ID.yaml if the case is right, then choose it in sessie.yaml."""
    from codio_print.inputs.workspace import CASES_DIR, case_dirs
    from codio_print.scaffold.workspace import SAMPLE_CASE, case_text

    if new and not typed["id"]:
        typed["id"] = suggested_id(typed["titel"])
    values, problems = as_case(typed)
    path, wrong = _own_path(root, typed, new)
    if wrong:
        problems.add("id", wrong)
    problems = check(path or root / CASES_DIR / f"{SAMPLE_CASE}.yaml", values, content,
                     problems, typed)
    if problems or path is None:
        return _in_order(problems, typed)
    text = case_text(path, typed["id"], content, values)
    try:
        case_dirs(root)  # cases/ lies in the workspace
        writing.make_folder(path.parent, below=root)
        if new:
            writing.new(path, text, below=root, sync=False)
        else:
            by_hand = edited_by_hand(root, path, content)
            if by_hand is not None:  # what the form cannot show is kept beside it
                writing.replace(kept_copy(path), by_hand, below=root, sync=False)
            writing.replace(path, text, below=root, sync=False)
    except FileExistsError:
        problems.add("id", f"Er is al een eigen casus '{typed['id']}'. Kies een andere "
                           "korte naam.")
        return problems
    except CodioError as exc:
        problems.add(None, message(exc))
        return problems
    return write_session(root, {"casus": typed["id"]}, {})


def kept_copy(path: Path) -> Path:
    """Where the form keeps a case file someone changed by hand before it rewrites it (not
    a .yaml: it is no case of its own)."""
    return path.with_name(path.name + ".voor-formulier")


def edited_by_hand(root: Path, path: Path, content) -> str | None:
    """The file's text if it is not what the form (and new-case) would write for the case it
    holds: comments, order or layout of someone's own, which the form cannot keep."""
    from codio_print.inputs.yamlread import read_text
    from codio_print.scaffold.workspace import case_text

    try:
        text = read_text(path, root)
    except CodioError:
        return None  # the form says what is wrong with it when it is saved
    values, _problems = as_case(_read(root, path, content, Problems()))
    written = (case_text(path, path.stem, content),  # init's example, as it came
               case_text(path, path.stem, content, values))
    return None if text in written else text


def _in_order(problems: Problems, typed: dict) -> Problems:
    """The problems in the order of the form's fields (the summary reads top to bottom)."""
    order = [f for f in _field_names(typed) if f in problems.fields]
    order += [f for f in problems.fields if f not in order]
    return Problems({f: problems.fields[f] for f in order}, problems.general)


# --- the page ---------------------------------------------------------------------------

async def own_case(request: Request):
    from codio_print.inputs.content import load_content
    from codio_print.inputs.workspace import case_dirs

    root = workspace(request)
    name = request.path_params["naam"]
    case_id = request.path_params.get("id")
    content = load_content(extra_case_dirs=case_dirs(root), only_case="")
    own = content.case_files.get(case_id or "")
    if case_id is not None and (own is None or not own.is_relative_to(root)):
        raise HTTPException(404)
    problems = Problems()
    if request.method == "GET":
        typed = _read(root, own, content, problems) if own else read_form({}, content.fundamenten)
    else:
        form = await request.form(max_files=0, max_fields=500)
        typed = read_form(form, content.fundamenten)
        if case_id:
            typed["id"] = case_id
        if not form.get("meer"):
            problems = write_case(root, typed, content, new=case_id is None)
            if not problems:
                return see_other(next_url(name, "casus"))
    by_hand = own is not None and edited_by_hand(root, own, content) is not None
    return page("eigencasus.html", status=422 if problems else 200, typed=typed,
                problems=problems, editing=case_id, suggestion=suggested_id(typed["titel"]),
                kept=kept_copy(own).relative_to(root).as_posix() if by_hand else None,
                levels=content.classificatie.proactiviteit,
                origins=content.classificatie.herkomst, certainty=CERTAINTY, labels=LABELS,
                level_choices=[("", "Kies een niveau")] + [
                    (n.id, n.naam) for n in content.classificatie.proactiviteit.niveaus],
                certainty_choices=[(key, name) for key, name, _text in CERTAINTY],
                fundamenten=[{"id": f.id, "naam": f.naam, "waarden": [
                    (w.id, w.naam) for w in content.waarden_van_fundament(f)]}
                    for f in content.fundamenten],
                action=request.url.path, **step_context("casus", name))


def _read(root: Path, path: Path, content, problems: Problems) -> dict[str, Any]:
    """The own case's file as the form shows it (even when it is wrong: the form says so
    when it is saved)."""
    from codio_print.inputs.yamlread import load_yaml

    try:
        data = load_yaml(path, root).data
    except CodioError as exc:
        problems.add(None, message(exc))
        data = {}
    typed = from_case(data if isinstance(data, dict) else {}, content.fundamenten)
    typed["id"] = path.stem
    return typed


def routes() -> list[Route]:
    return [Route("/werkmap/{naam}/casus/eigen", own_case, methods=["GET", "POST"]),
            Route("/werkmap/{naam}/casus/eigen/{id}", own_case, methods=["GET", "POST"])]
