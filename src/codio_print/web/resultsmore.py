"""The rest of the results as forms ("Na de workshop"), each part of the page a form of its
own: the session (date, start, place, facilitator), stap 4 (the tensions between two groups,
the answers to the four questions, what must first be decided elsewhere), stap 5 (what is
useful more widely, by action), stap 6 (the checklist and the follow-up) and stap 7 (the
parked points, what the participants take with them).

Each is written the way web/resultsform.py writes the values and actions (its ``write``:
resultaten.yaml changed in place, comments kept, the new text checked by the results loader
first, each problem beside its field). A list is a list of rows: what the file holds, then
empty rows; an empty row counts for nothing, and the button "Nog een rij" (a submit button,
so no JavaScript is needed) shows the form again, as typed, with one row more, saving
nothing.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Callable

from codio_print.results.models import STAP4_KEYS
from codio_print.results.template import STAP4_FALLBACK
from codio_print.results.yamldoc import Document, block, norm, tail_kept
from codio_print.web.pages import Problems
from codio_print.web.resultsform import Loaded, _count, _items, _text, write

EMPTY = 3  # empty rows under a list's rows
# Each list's rows: the prefix of its fields' names, and the fields of a row.
ROWS = {"sp": ("een", "ander", "wat", "afspraak"), "an": ("tekst",), "br": ("actie", "tekst"),
        "cl": ("punt", "klaar"), "bs": ("tekst",), "pk": ("tekst",), "rf": ("tekst",)}
SESSION = ("datum", "start", "locatie", "begeleider")
FOLLOW = ("wie", "wat", "wanneer", "monitor", "datum", "tijd", "duur_minuten", "locatie")
DATES = {"sessie-datum", "vervolg-wanneer", "vervolg-datum"}
WIDER = re.compile(r"\s*([A-Za-z]{1,3}[0-9]{1,3})\s*(?::\s*(.*))?", re.S)
DATE_FIX = "Schrijf de datum als jjjj-mm-dd, bijvoorbeeld 2027-06-17."
TIME_FIX = "Schrijf de tijd als uu:mm, bijvoorbeeld 14:00."


def _section(data: dict, name: str) -> dict:
    found = data.get(name)
    return found if isinstance(found, dict) else {}


def _fields(section: dict, names: tuple, prefix: str, posted: dict | None) -> dict:
    if posted is not None:
        return {n: posted.get(f"{prefix}-{n}", "") for n in names}
    return {n: _text(section.get(n)) for n in names}


def _rows(rows: list[dict], prefix: str, posted: dict | None) -> list[dict]:
    """A list's rows: from the file and three empty ones, or as posted (one more after
    "Nog een rij")."""
    names = ROWS[prefix]
    if posted is None:
        return [*rows, *({n: "" for n in names} for _ in range(EMPTY))]
    out = [{n: posted.get(f"{prefix}-{i}-{n}", "") for n in names}
           for i in range(_count(posted, prefix))]
    return out + ([{n: "" for n in names}] if posted.get("meer") == prefix else [])


def view(loaded: Loaded, posted: dict | None = None, part: str | None = None) -> dict:
    """What the forms of this module show: each from the file, the one ``part`` as posted."""
    data, content = loaded.data, loaded.content
    mine = lambda name: posted if name == part else None  # noqa: E731
    stap4, vervolg = _section(data, "stap4"), _section(data, "vervolg")
    vragen = list(getattr(content.stap(4), "actieplan_vragen", []) or [])
    vragen += list(STAP4_FALLBACK[len(vragen):])
    known = {f.id: f for f in content.fundamenten}
    tensions = []
    for t in _items(data.get("spanningen")):
        pair = [*(t.get("tussen") if isinstance(t.get("tussen"), list) else []), "", ""]
        tensions.append({"een": _text(pair[0]), "ander": _text(pair[1]), "wat": _text(
            t.get("wat")), "afspraak": _text(t.get("afspraak"))})
    wider = []
    for line in _strings(data.get("breder_inzetbaar")):
        found = WIDER.fullmatch(line)
        wider.append({"actie": found.group(1).upper(), "tekst": found.group(2) or ""}
                     if found else {"actie": "", "tekst": line})
    return {
        "sessie": _fields(_section(data, "sessie"), SESSION, "sessie", mine("sessie")),
        "stap4": _fields(stap4, STAP4_KEYS, "stap4", mine("stap4")),
        "questions": dict(zip(STAP4_KEYS, vragen)),
        "tensions": _rows(tensions, "sp", mine("stap4")),
        "elsewhere": _rows([{"tekst": s} for s in _strings(stap4.get("ander_niveau"))], "an",
                           mine("stap4")),
        "wider": _rows(wider, "br", mine("stap5")),
        "checklist": _rows([{"punt": _text(p.get("punt")), "klaar": "ja" if p.get("klaar")
                             is True else ""} for p in _items(data.get("checklist"))], "cl",
                           mine("stap6")),
        "follow": _fields(vervolg, FOLLOW, "vervolg", mine("stap6")),
        "discuss": _rows([{"tekst": s} for s in _strings(vervolg.get("bespreken"))], "bs",
                         mine("stap6")),
        "groups": [(g, known[g].naam if g in known else g) for g in loaded.groups],
        "actions": [(str(a.get("id")).strip().upper(), f"{str(a.get('id')).strip().upper()}: "
                     f"{_short(_text(a.get('actie')))}") for a in _items(data.get("acties"))
                    if a.get("id")],
        "questions5": list(getattr(content.stap(5), "vragen", []) or []),
        "parked": _rows([{"tekst": s} for s in _strings(data.get("parkeerplaats"))], "pk",
                        mine("stap7")),
        "learned": _rows([{"tekst": s} for s in _strings(data.get("reflectie"))], "rf",
                         mine("stap7")),
    }


def _strings(node: Any) -> list[str]:
    return [_text(x) for x in node if x is not None and not isinstance(x, (dict, list))] \
        if isinstance(node, list) else []


def _short(text: str, most: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[:most - 1].rstrip() + "…"


# --- saving -----------------------------------------------------------------------------------

def save(root, loaded: Loaded, posted: dict[str, str], part: str) -> Problems:
    """Write one part's form into resultaten.yaml (web/resultsform.write)."""
    apply = APPLY[part]
    return write(root, loaded, posted, lambda doc, problems: apply(doc, posted, problems),
                 lambda doc: _changeable(doc, part))


def _changeable(doc: dict, part: str) -> bool:
    """Whether the parts of the file this form changes have the shape the loader reads."""
    maps = {"sessie": ["sessie"], "stap4": ["stap4"], "stap6": ["vervolg"]}.get(part, [])
    lists = {"stap4": ["spanningen"], "stap5": ["breder_inzetbaar"], "stap6": ["checklist"],
             "stap7": ["parkeerplaats", "reflectie"]}.get(part, [])
    return all(doc.get(k) is None or isinstance(doc.get(k), dict) for k in maps) and \
        all(doc.get(k) is None or isinstance(doc.get(k), list) for k in lists)


def _clean(posted: dict, name: str, problems: Problems) -> Any:
    """A field's text as the file takes it: a date as a date, a time as "uu:mm", a
    number as a number; None (and its problem beside it) if it cannot be one."""
    text = posted.get(name, "").strip()
    if not text:
        return text
    if name in DATES:
        try:
            return date.fromisoformat(text)
        except ValueError:
            problems.add(name, DATE_FIX)
            return None
    if name in ("sessie-start", "vervolg-tijd"):
        if not re.fullmatch(r"([01]?[0-9]|2[0-3])[:.][0-5][0-9]", text):
            problems.add(name, TIME_FIX)
            return None
        return text.replace(".", ":").zfill(5)
    if name == "vervolg-duur_minuten":
        if not text.isdigit() or not 0 < int(text) <= 480:
            problems.add(name, "Schrijf de duur als een aantal minuten, tussen 1 en 480, "
                               "bijvoorbeeld 60.")
            return None
        return int(text)
    return text


def _set_fields(doc: Document, posted: dict, section: str, names: tuple,
                problems: Problems, required: tuple = ()) -> list:
    """Each field of a section as the form has it, where it changed."""
    placed = []
    for name in names:
        field = f"{section}-{name}"
        if field not in posted:
            continue
        value = _clean(posted, field, problems)
        if value is None:
            continue
        if value == "" and name in required:
            problems.add(field, REQUIRED[field])
            continue
        key = (section, name)
        if norm(value) != doc.get(key):
            _put(doc, key, value, field)
        placed.append((key, field))
    return placed


def _put(doc: Document, key: tuple, value: Any, field: str) -> None:
    """A field set; emptied as the file's reader takes it empty: a date or a time with
    nothing after it, the duration left out (so 60 minutes), a text as ""."""
    if value != "":
        doc.set(key, value)
    elif field in DATES or field == "vervolg-tijd":
        doc.set(key, None)
    elif field == "vervolg-duur_minuten":
        doc.doc[key[0]].pop(key[1], None)
    else:
        doc.remove(key)


REQUIRED = {"sessie-datum": "Vul de datum van de workshop in, bijvoorbeeld 2027-03-11.",
            "sessie-start": "Vul de begintijd van de workshop in, bijvoorbeeld 09:30."}


def _posted_list(posted: dict, prefix: str) -> list[tuple[int, dict]]:
    """The rows of a list as posted, each with its number in the form; empty ones left
    out."""
    rows = []
    for i in range(_count(posted, prefix)):
        row = {n: posted.get(f"{prefix}-{i}-{n}", "").strip() for n in ROWS[prefix]}
        if any(v for k, v in row.items() if k != "klaar"):
            rows.append((i, row))
    return rows


def _set_list(parent, key: str, values: list) -> None:
    """``parent[key]`` made the list ``values``, changed in place: an item that stays
    keeps its comments, what follows the list stays after it."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from codio_print.inputs.yamledit import as_written

    def written(value):
        if isinstance(value, list):
            seq = CommentedSeq(as_written(v) for v in value)
            seq.fa.set_flow_style()
            return seq
        return value if isinstance(value, bool) else as_written(value)

    seq = parent.get(key)
    if not isinstance(seq, list):
        seq = parent[key] = CommentedSeq()
    with tail_kept(seq, parent, key):
        for j, value in enumerate(values):
            old = seq[j] if j < len(seq) else None
            if isinstance(value, dict) and isinstance(old, dict):
                for k, v in value.items():
                    if norm(old.get(k)) != norm(v) or (isinstance(v, bool) and
                                                       old.get(k) is not v):
                        old[k] = written(v)
                continue
            new = CommentedMap((k, written(v)) for k, v in value.items()) \
                if isinstance(value, dict) else written(value)
            if j < len(seq):
                if norm(old) != norm(new):
                    seq[j] = new
            else:
                seq.append(new)
        del seq[len(values):]
    block(seq)


def _apply_session(doc: Document, posted: dict, problems: Problems) -> list:
    return _set_fields(doc, posted, "sessie", SESSION, problems, required=("datum", "start"))


def _apply_stap4(doc: Document, posted: dict, problems: Problems) -> list:
    placed = _set_fields(doc, posted, "stap4", STAP4_KEYS, problems)
    tensions = []
    for i, row in _posted_list(posted, "sp"):
        if not (row["een"] and row["ander"]):
            problems.add(f"sp-{i}-{'ander' if row['een'] else 'een'}",
                         "Kies de twee groepen tussen wie deze spanning is.")
        elif row["een"] == row["ander"]:
            problems.add(f"sp-{i}-ander", "Kies twee verschillende groepen: een spanning is "
                                          "tussen twee groepen.")
        elif not row["wat"]:
            problems.add(f"sp-{i}-wat", "Schrijf wat er botst tussen deze twee groepen.")
        else:
            j = len(tensions)
            tensions.append({"tussen": [row["een"], row["ander"]], "wat": row["wat"],
                             "afspraak": row["afspraak"]})
            placed += [(("spanningen", j, "tussen", 0), f"sp-{i}-een"),
                       (("spanningen", j, "tussen", 1), f"sp-{i}-ander"),
                       (("spanningen", j, "tussen"), f"sp-{i}-ander"),
                       (("spanningen", j, "wat"), f"sp-{i}-wat"),
                       (("spanningen", j, "afspraak"), f"sp-{i}-afspraak")]
    if not problems:
        _set_list(doc.doc, "spanningen", tensions)
        elsewhere = [row["tekst"] for _i, row in _posted_list(posted, "an")]
        if norm(elsewhere) != norm(_section(doc.doc, "stap4").get("ander_niveau")):
            doc.set(("stap4", "ander_niveau"), elsewhere)
    return placed


def _apply_wider(doc: Document, posted: dict, problems: Problems) -> list:
    lines = []
    for i, row in _posted_list(posted, "br"):
        if not row["actie"] and not row["tekst"]:
            continue
        lines.append(f"{row['actie']}: {row['tekst']}" if row["actie"] and row["tekst"]
                     else row["actie"] or row["tekst"])
    if norm(lines) != norm(doc.doc.get("breder_inzetbaar")):
        _set_list(doc.doc, "breder_inzetbaar", lines)
    return []


def _apply_stap6(doc: Document, posted: dict, problems: Problems) -> list:
    points, placed = [], []
    for i, row in _posted_list(posted, "cl"):
        if not row["punt"]:
            continue
        placed.append((("checklist", len(points), "punt"), f"cl-{i}-punt"))
        points.append({"punt": row["punt"], "klaar": bool(row["klaar"])})
    for i in range(_count(posted, "cl")):
        if posted.get(f"cl-{i}-klaar") and not posted.get(f"cl-{i}-punt", "").strip():
            problems.add(f"cl-{i}-punt", "Schrijf het punt bij dit vinkje, of haal het vinkje "
                                         "weg.")
    placed += _set_fields(doc, posted, "vervolg", FOLLOW, problems)
    if not problems:
        _set_list(doc.doc, "checklist", points)
        discuss = [row["tekst"] for _i, row in _posted_list(posted, "bs")]
        if norm(discuss) != norm(_section(doc.doc, "vervolg").get("bespreken")):
            doc.set(("vervolg", "bespreken"), discuss)
    return placed


def _apply_stap7(doc: Document, posted: dict, problems: Problems) -> list:
    for prefix, key in (("pk", "parkeerplaats"), ("rf", "reflectie")):
        lines = [row["tekst"] for _i, row in _posted_list(posted, prefix)]
        if norm(lines) != norm(doc.doc.get(key)):
            _set_list(doc.doc, key, lines)
    return []


APPLY: dict[str, Callable] = {"sessie": _apply_session, "stap4": _apply_stap4,
                              "stap5": _apply_wider, "stap6": _apply_stap6,
                              "stap7": _apply_stap7}
