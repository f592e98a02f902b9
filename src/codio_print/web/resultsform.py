"""The results as forms ("Na de workshop"): per group the values it chose and the ones it did
not, and the actions, read from resultaten.yaml and written back into it in place.

The file is changed the one way ``results import`` changes it (results/yamldoc.Document: each
value and action found, set and removed by its key, every comment, the order and the quoting
of the rest kept), and the new text is checked by the results loader (results/load) before it
is written; each problem it finds is shown beside the field it concerns, and then nothing is
written. A value changed here that an import took counts as a hand edit, as one made in an
editor: a later import keeps it and says so.
"""

from __future__ import annotations

import hashlib
import io
import re
from datetime import date
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codio_print import writing
from codio_print.builder import outdir
from codio_print.errors import CodioError
from codio_print.inputs.validate import key_of
from codio_print.inputs.yamledit import round_trip
from codio_print.inputs.yamlread import parse_yaml, read_text
from codio_print.results.lenient import folded, repair
from codio_print.results.models import NIVEAUS
from codio_print.results.sheets import ACTION_FIELDS
from codio_print.results.yamldoc import Document, norm
from codio_print.web.pages import Problems, message

KINDS = {"g": ("gekozen", "waarom"), "n": ("niet_gekozen", "afweging")}
EMPTY_ROWS = {"g": 2, "n": 1, "a": 1}  # the empty rows the form offers to add one
NEW_ID = re.compile(r"[A-Z][0-9]{1,3}")
FOLLOW_UP = ("datum", "tijd", "locatie")  # of the follow-up session: its invitation (.ics)
CHANGED = ("resultaten.yaml is veranderd sinds je deze pagina opende, door een import of in "
           "een editor. Hieronder staat wat er nu in staat. Pas het opnieuw aan en sla het op.")
SHAPE = ("Dit formulier kan resultaten.yaml nu niet aanpassen: het bestand heeft een fout in "
         "zijn opbouw (zie boven). Verbeter die eerst in resultaten.yaml zelf.")
CHOICES = {"waarde": "Kies welke waarde actie {code} borgt.",
           "groep": "Kies de groep van actie {code}."}
# Chosen later or not at all: the mechanism may stay open, noodzaak and belang are decided at
# the poster in stap 4. Left empty, they are left out of the action (not written as "").
LATER = ("mechanisme", "noodzaak", "belang")


@dataclass
class Loaded:
    """resultaten.yaml as the forms need it: the file, its content, what it holds."""

    path: Path
    content: Any
    data: dict
    error: CodioError | None = None
    groups: list[str] = field(default_factory=list)
    version: str = ""  # of the text the forms show: a save refuses a file changed since


def load(root: Path, path: Path) -> Loaded:
    """The file read as the loader reads it; its problem, if it has one, kept to show."""
    from codio_print.results.build import load_for
    from codio_print.results.load import case_of, load_results, read_results_file, root_of

    located = read_results_file(path, root)
    content = load_for(case_of(located), root)
    data = located.data if isinstance(located.data, dict) else {}
    loaded = Loaded(path, content, data, version=version(read_text(path, root_of(path, root))))
    try:
        load_results(located, content)
    except CodioError as exc:
        loaded.error = exc
    sessie = data.get("sessie") if isinstance(data.get("sessie"), dict) else {}
    groepen = sessie.get("groepen") if isinstance(sessie.get("groepen"), list) else []
    loaded.groups = [str(g.get("fundament")) for g in groepen
                     if isinstance(g, dict) and g.get("fundament")] or \
        [f.id for f in content.fundamenten]
    return loaded


def version(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _text(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:%H:%M}" if hasattr(value, "hour") else str(value)


def _items(node: Any) -> list[dict]:
    return [x for x in node if isinstance(x, dict)] if isinstance(node, list) else []


def view(loaded: Loaded, posted: dict[str, str] | None = None) -> dict:
    """What the page's forms show: from the file, or as posted (a refused form keeps what
    was typed)."""
    content = loaded.content
    known = {f.id: f for f in content.fundamenten}
    waarden = loaded.data.get("waarden") if isinstance(loaded.data.get("waarden"), dict) else {}
    groups = []
    for fid in loaded.groups:
        f = known.get(fid)
        own = waarden.get(fid) if isinstance(waarden.get(fid), dict) else {}
        options = [(w.id, w.naam) for w in content.waarden_van_fundament(f)] if f else []
        kinds = {}
        for short, (kind, why) in KINDS.items():
            rows = [{"waarde": _text(i.get("waarde")), "tekst": _text(i.get(why))}
                    for i in _items(own.get(kind))]
            kinds[short] = _posted_rows(rows, posted, f"w-{fid}-{short}", ("waarde", "tekst"),
                                        EMPTY_ROWS[short])
        groups.append({"id": fid, "naam": f.naam if f else fid, "letter": (f.letter.upper()
                       if f else ""), "options": options, **kinds})
    actions = [{"was": _text(a.get("id")), "id": _text(a.get("id")),
                **{k: _text(a.get(k)) for k in (*ACTION_FIELDS, "groep")}}
               for a in _items(loaded.data.get("acties"))]
    actions = _posted_rows(actions, posted, "a", ("was", "id", *ACTION_FIELDS, "groep", "weg"),
                           EMPTY_ROWS["a"])
    vervolg = loaded.data.get("vervolg") if isinstance(loaded.data.get("vervolg"), dict) else {}
    follow = {k: posted.get(f"vervolg-{k}", "") if posted is not None else _text(vervolg.get(k))
              for k in FOLLOW_UP}
    return {"groups": groups, "actions": actions, "levels": NIVEAUS, "follow": follow,
            "version": loaded.version,
            "values": [(w.id, w.naam) for w in content.code.waarden],
            "mechanisms": [(m.id, m.naam) for m in content.borging.mechanismen],
            "group_choices": [(g["id"], g["naam"]) for g in groups]}


def _posted_rows(rows: list[dict], posted: dict | None, prefix: str, names: tuple,
                 empty: int) -> list[dict]:
    if posted is None:
        return [*rows, *({n: "" for n in names} for _ in range(empty))]
    count = _count(posted, prefix)
    return [{n: posted.get(f"{prefix}-{i}-{n}", "") for n in names} for i in range(count)]


def _count(posted: dict, prefix: str) -> int:
    numbers = [int(m.group(1)) for k in posted
               if (m := re.fullmatch(re.escape(prefix) + r"-(\d{1,4})-\w+", k))]
    return max(numbers, default=-1) + 1


# --- saving -----------------------------------------------------------------------------------

def save(root: Path, loaded: Loaded, posted: dict[str, str]) -> Problems:
    """Write what the form says into resultaten.yaml, if the loader finds the new file
    right; else its problems by field, and the file as it was."""
    def apply(doc: Document, problems: Problems) -> list:
        return _apply_values(doc, loaded, posted, problems) + \
            _apply_actions(doc, posted, problems) + _apply_follow_up(doc, posted, problems)
    return write(root, loaded, posted, apply, lambda doc: _changeable(doc, loaded.groups))


def write(root: Path, loaded: Loaded, posted: dict[str, str], apply, changeable) -> Problems:
    """resultaten.yaml changed by ``apply(doc, problems)`` (which gives (loc, field) per field
    it set) and written, if the page showed the file as it is, ``changeable(doc)`` finds the
    parts it changes in a shape it can change, and the loader finds the new file right;
    else the problems by field, and the file as it was. The other forms of the page
    (web/resultsmore.py) write through this too."""
    from codio_print.results.importer import MAX_RESULTS_BYTES
    from codio_print.results.load import load_results, read_results_file, root_of

    path = loaded.path
    with outdir.locked(path):  # an import waits until this has written, and the other way
        located = read_results_file(path, root)
        text = read_text(path, root_of(path, root))
        problems = Problems()
        if posted.get("versie") != version(text):
            problems.add(None, CHANGED)
            return problems
        doc = Document(round_trip().load(repair(text)), located)
        if not isinstance(doc.doc, dict) or not changeable(doc.doc):
            problems.add(None, SHAPE)
            return problems
        placed = apply(doc, problems)
        if problems:
            return problems
        out = io.StringIO()
        round_trip().dump(doc.doc, out)
        new_text = out.getvalue()
        new = parse_yaml(new_text, path)
        try:
            load_results(new, loaded.content)
        except CodioError as exc:
            return _by_field(exc, placed, new.data)
        if len(new_text.encode("utf-8")) > MAX_RESULTS_BYTES:
            problems.add(None, "De teksten zijn samen te lang voor resultaten.yaml. Maak de "
                               "langste teksten korter.")
            return problems
        writing.update(path, new_text, below=root)
    return problems


def _changeable(doc: Any, groups: list[str]) -> bool:
    """Whether the parts of the file the forms change have the shape the loader reads (a
    list where a list belongs, fields where fields belong, or empty)."""
    if not isinstance(doc, dict):
        return False
    kinds = [doc.get("acties")]
    waarden = doc.get("waarden")
    if isinstance(waarden, dict):
        for fid in groups:
            own = waarden.get(fid)
            if own is not None and not isinstance(own, dict):
                return False
            kinds += [own.get(kind) for kind, _why in KINDS.values()] if own else []
    return (waarden is None or isinstance(waarden, dict)) and \
        all(k is None or isinstance(k, list) for k in kinds) and \
        (doc.get("vervolg") is None or isinstance(doc.get("vervolg"), dict))


def _apply_values(doc: Document, loaded: Loaded, posted: dict, problems: Problems) -> list:
    """Each group's chosen and not chosen values as the form has them; (loc, field) per
    field set, to put the loader's problems beside their fields."""
    placed = []
    for fid in loaded.groups:
        for short, (kind, why) in KINDS.items():
            prefix = f"w-{fid}-{short}"
            wanted: dict[str, tuple[int, str]] = {}
            for i in range(_count(posted, prefix)):
                value = posted.get(f"{prefix}-{i}-waarde", "").strip()
                text = posted.get(f"{prefix}-{i}-tekst", "").strip()
                if not value:
                    if text:
                        problems.add(f"{prefix}-{i}-waarde", "Kies de waarde bij deze uitleg, "
                                     "of maak de uitleg leeg.")
                    continue
                if folded(value) in wanted:
                    problems.add(f"{prefix}-{i}-waarde", "Deze waarde staat hierboven al. "
                                 "Kies een andere waarde, of maak deze regel leeg.")
                    continue
                wanted[folded(value)] = (i, value)
                doc.set(("waarden", fid, kind, value), {"waarde": value, why: text})
                placed += [(("waarden", fid, kind, value, "waarde"), f"{prefix}-{i}-waarde"),
                           (("waarden", fid, kind, value, why), f"{prefix}-{i}-tekst")]
            items = doc._list("waarden", fid, kind, create=False) or []
            for item in list(items):
                if isinstance(item, dict) and folded(str(item.get("waarde", ""))) not in wanted:
                    doc.remove(("waarden", fid, kind, str(item.get("waarde", ""))))
    return placed


def _apply_actions(doc: Document, posted: dict, problems: Problems) -> list:
    """The actions as the form has them: changed, added, renamed or removed by their id."""
    placed, rows, seen = [], [], {}
    for i in range(_count(posted, "a")):
        row = {k: posted.get(f"a-{i}-{k}", "").strip() for k in ("was", "id", *ACTION_FIELDS,
                                                                 "groep", "weg")}
        row["id"], row["was"] = row["id"].upper(), row["was"].upper()
        if row["weg"] or not any(row[k] for k in ("id", *ACTION_FIELDS, "groep")):
            if row["was"]:
                doc.remove(("acties", row["was"]))
            continue
        if not _action_ok(row, i, seen, doc, problems):
            continue
        rows.append((i, row))
    for i, row in rows:
        if row["was"] and row["was"] != row["id"]:
            doc.remove(("acties", row["was"]))
    for i, row in rows:
        value = {"id": row["id"], **{k: row[k] for k in ACTION_FIELDS
                                     if row[k] or k not in LATER}, "groep": row["groep"]}
        doc.set(("acties", row["id"]), value)
        placed += [((("acties", row["id"], k)), f"a-{i}-{k}")
                   for k in ("id", *ACTION_FIELDS, "groep")]
    return placed


def _apply_follow_up(doc: Document, posted: dict, problems: Problems) -> list:
    """The follow-up session's date, time and place, where the form changed them."""
    placed = []
    for name in FOLLOW_UP:
        if f"vervolg-{name}" not in posted:
            continue
        text, key = posted[f"vervolg-{name}"].strip(), ("vervolg", name)
        value: Any = text
        if name == "datum" and text:
            try:
                value = date.fromisoformat(text)
            except ValueError:
                problems.add("vervolg-datum", "Schrijf de datum als jjjj-mm-dd, bijvoorbeeld "
                                              "2027-06-17.")
                continue
        if norm(value) != doc.get(key):
            doc.set(key, value) if text else doc.remove(key)
        placed.append((key, f"vervolg-{name}"))
    return placed


def _action_ok(row: dict, i: int, seen: dict, doc: Document, problems: Problems) -> bool:
    """Our own checks of one action's row, before the loader's: a code, the choices made,
    no code twice."""
    code = row["id"]
    exists = doc._find(("acties", code))[1] is not None
    if not code or not (NEW_ID.fullmatch(code) or exists and code == row["was"]):
        problems.add(f"a-{i}-id", "Geef de actie een code: de letter van de groep en een "
                                  "nummer, bijvoorbeeld A1.")
        return False
    if code in seen:
        problems.add(f"a-{i}-id", f"Er is al een actie {code}. Geef elke actie een eigen "
                                  "code.")
        return False
    seen[code] = i
    ok = True
    for name, text in CHOICES.items():
        if not row[name]:
            problems.add(f"a-{i}-{name}", text.format(code=code))
            ok = False
    if not row["actie"]:
        problems.add(f"a-{i}-actie", f"Schrijf wat er moet gebeuren bij actie {code}.")
        ok = False
    return ok


def _by_field(error: CodioError, placed: list, data: dict) -> Problems:
    """The loader's problems, each beside the field it concerns (by its key in the file)."""
    fields: dict[str, str] = {}
    for loc, name in placed:
        resolved = _resolve(loc, data)
        if resolved is not None:
            fields[key_of(resolved, data)] = name
    problems = Problems()
    for problem in error.problems():
        text = message(problem)
        name = fields.get(problem.key or "")
        if name is not None:
            text = re.sub(r"^'[^']*'(: | )", "", text)
            text = text[:1].upper() + text[1:]
        problems.add(name, text)
    return problems


def _resolve(loc: tuple, data: dict) -> tuple | None:
    """A loc by id (``("acties", "A1", "eigenaar")``) as the file's positions."""
    if loc[0] not in ("acties", "waarden"):
        return loc  # by position already (the sections of web/resultsmore.py, vervolg)
    if loc[0] == "acties":
        for i, item in enumerate(_items_at(data, "acties")):
            if str(item.get("id", "")).strip().upper() == loc[1]:
                return ("acties", i, loc[2])
        return None
    node = (data.get("waarden") or {}).get(loc[1]) or {}
    for j, item in enumerate(_items_at(node, loc[2])):
        if folded(str(item.get("waarde", ""))) == folded(loc[3]):
            return ("waarden", loc[1], loc[2], j, loc[4])
    return None


def _items_at(node: Any, name: str) -> list:
    """The items of a list in the file, each a dict ({} for anything else): by position."""
    found = node.get(name) if isinstance(node, dict) else None
    return [x if isinstance(x, dict) else {} for x in found] if isinstance(found, list) else []
