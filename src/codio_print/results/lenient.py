"""resultaten.yaml read as the facilitator meant it, where that is unambiguous.

People write results as lines of text, and YAML reads some of those lines as something else:

- ``- A3: de uitleg … toeslagen.`` in a list of texts is a group of one field (``A3``) to
  YAML; it is read as the one line of text it was meant to be;
- ``wat: Snelheid: automatisch verwerken`` or ``wat: - eerst bellen`` is no YAML at all
  (a second colon, a dash); the value after the first colon is read as the text it is;
- ``- 12:30`` or ``termijn: 2027`` is a number to YAML; in a place for text it is the text as
  written;
- ``tussen: democratie en bestuurskracht`` is the list of those two fundamenten;
- an id of a value, mechanism or fundament typed with capitals or accents (``Privacy``) is
  the content's id, where only one matches.

A file that loads as written loads exactly as before: the repairs of the text only apply to
a line YAML refuses, and the readings of the data only to a place for text (or for two
fundamenten) that holds something else. Anything still unclear is left for the check, whose
message says how to write it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any, Iterator

import yaml

from codio_print.inputs.content import Content
from codio_print.inputs.yamlread import Loc, Located
from codio_print.results.models import STAP4_KEYS

ANY = "*"
# Every place in resultaten.yaml that holds free text ("*": any list item or key).
TEXT_PLACES: tuple[Loc, ...] = (
    ("sessie", "locatie"), ("sessie", "begeleider"), ("sessie", "groepen", ANY, "leden", ANY),
    ("waarden", ANY, "gekozen", ANY, "waarom"), ("waarden", ANY, "niet_gekozen", ANY, "afweging"),
    ("acties", ANY, "actie"), ("acties", ANY, "eigenaar"), ("acties", ANY, "termijn"),
    ("spanningen", ANY, "wat"), ("spanningen", ANY, "afspraak"),
    *(("stap4", key) for key in STAP4_KEYS), ("stap4", "ander_niveau", ANY),
    ("breder_inzetbaar", ANY), ("checklist", ANY, "punt"),
    ("vervolg", "wie"), ("vervolg", "wat"), ("vervolg", "monitor"), ("vervolg", "locatie"),
    ("vervolg", "bespreken", ANY), ("parkeerplaats", ANY), ("reflectie", ANY),
)
MAX_REPAIRS = 200  # lines; more than any file holds, a bound on the work
MAX_PARSED = 20 * 1024 * 1024  # characters parsed while repairing, in all


# --- the text: a line YAML refuses ---------------------------------------------------------

# ``key: value`` (or ``- key: value``) where the value is plain text, not quoted, not a list or
# group in brackets, not a block (| >), an anchor, alias or tag; a comment after it kept.
_KEY_VALUE = re.compile(r"^(?P<head>\s*(?:-\s+)*[^\s#'\"\[\]{}:&*!|>%@`-][^:#]*?:\s+)"
                        r"(?P<value>[^\s'\"\[\]{}|>&*!%@`#].*?)(?P<comment>\s+#.*)?$")


def _refused_line(text: str) -> int | None:
    """The 0-based line YAML refuses in ``text``, None if it parses."""
    try:
        yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark.line if mark else -1
    except (yaml.YAMLError, RecursionError):  # left to the reader's own error
        return -1


def quoted(text: str) -> str:
    """``text`` as one YAML text between double quotes."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def repair(text: str) -> str:
    """``text`` with each line YAML refuses that reads as ``key: some text`` given its text
    between double quotes, as long as that makes the file parse further; unchanged when
    the file parses, or when a refused line is of another kind (its error stays)."""
    lines = text.split("\n")
    # Each try parses the whole text again: a bound on the work for a large file.
    for _ in range(min(MAX_REPAIRS, MAX_PARSED // max(len(text), 1))):
        line = _refused_line("\n".join(lines))
        if line is None or not 0 <= line < len(lines):
            break
        match = _KEY_VALUE.match(lines[line].rstrip("\r"))
        if not match or not any(c in match["value"] for c in ":-#"):
            break
        fixed = match["head"] + quoted(match["value"].rstrip()) + (match["comment"] or "")
        if fixed == lines[line]:
            break
        lines[line] = fixed
        if _refused_line("\n".join(lines)) == line:  # the quotes did not help: as written
            return text
    return "\n".join(lines)


# --- the data: places for text that hold something else ------------------------------------

def _places(node: Any, pattern: Loc, loc: Loc = ()) -> Iterator[tuple[Any, Any, Loc]]:
    """(container, key, loc) of every place in ``node`` that ``pattern`` names."""
    if not pattern:
        return
    head, rest = pattern[0], pattern[1:]
    if isinstance(node, dict):
        keys = list(node) if head == ANY else [head] if head in node else []
    elif isinstance(node, list) and head == ANY:
        keys = list(range(len(node)))
    else:
        return
    for key in keys:
        if rest:
            yield from _places(node[key], rest, loc + (key,))
        else:
            yield node, key, loc + (key,)


def _written(located: Located, loc: Loc, key: Any = None) -> str | None:
    """The value at ``loc`` as written on its line (after ``key:`` when given), if found."""
    source = getattr(located, "source", None)
    number = located.lines.get(tuple(loc))
    if not source or not number or number > len(source):
        return None
    match = re.match(r"^\s*(?:-\s+)*(.*?)\s*(?:\s#.*)?$", source[number - 1])
    rest = match.group(1) if match else ""
    if key is not None:
        if not rest.startswith(f"{key}:"):
            return None
        rest = rest[len(f"{key}:"):].strip()
    return rest or None


def _scalar_text(value: Any, located: Located, loc: Loc, key: Any) -> str | None:
    """A value YAML read as a number, a date or yes/no, as the text written (None if it is no
    such value, or its text cannot be found)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float, date)):
        written = _written(located, loc, key)
        if written is not None and not written.startswith(("'", '"')):
            return written
        if isinstance(value, bool):
            return None
        return value.isoformat() if isinstance(value, date) else str(value)
    return None


def _as_text(value: Any, located: Located, loc: Loc) -> Any:
    """The text a place for text was meant to hold; the value itself if that is unclear."""
    key = loc[-1] if isinstance(loc[-1], str) else None
    if isinstance(value, (bool, int, float, date)):
        text = _scalar_text(value, located, loc, key)
        return value if text is None else text
    if isinstance(value, dict) and len(value) == 1:
        (name, inner), = value.items()
        if isinstance(name, (dict, list)) or isinstance(inner, (dict, list)):
            return value
        name_text = name if isinstance(name, str) else _scalar_text(name, located, loc, None)
        if name_text is None:
            return value
        if isinstance(name, (bool, int, float, date)) and ":" in name_text:
            name_text = name_text.split(":", 1)[0].strip()  # ``- 1: …``: the text before ':'
        if inner is None:
            return f"{name_text}:"
        inner_text = _scalar_text(inner, located, loc + (name,), name_text)
        return value if inner_text is None else f"{name_text}: {inner_text}"
    return value


def folded(text: str) -> str:
    """An id as people may type it: 'Privacy', 'PRIVACÝ' and ' privacy ' are all 'privacy'."""
    decomposed = unicodedata.normalize("NFKD", text.strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def match_ids(located: Located, content: Content) -> None:
    """Write each value, mechanism and fundament id in the file as the content spells it,
    where only one id matches without regard to case and accents. Anything else stays as it
    was written, for load.py's checks to report with the list of choices."""
    data = located.data
    if not isinstance(data, dict):
        return
    fundamenten = [f.id for f in content.fundamenten]
    waarden = [w.id for w in content.code.waarden]
    mechanismen = [m.id for m in content.borging.mechanismen]

    def match(value: Any, known: list[str]) -> Any:
        if not isinstance(value, str) or value in known:
            return value
        hits = [k for k in known if folded(k) == folded(value)]
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


_BETWEEN = re.compile(r"\s*(?:,|;|/|&|\+|:|<->|↔|–|—|\s-\s|\ben\b|\band\b|\bversus\b|"
                      r"\bvs\.?|\btegen\b|\btegenover\b)\s*|\s+", re.IGNORECASE)


def two_fundamenten(text: str, fundamenten: list[str]) -> list[str] | None:
    """``democratie en bestuurskracht`` (or ``democratie, bestuurskracht`` …) as the two
    fundament ids it names; None if it does not name exactly two known ones."""
    parts = [p for p in _BETWEEN.split(text) if p and p.strip()]
    ids = {folded(f): f for f in fundamenten}
    found = [ids.get(folded(p)) for p in parts]
    if len(found) == 2 and all(found):
        return found
    return None


def read_as_meant(located: Located, fundamenten: list[str]) -> None:
    """Change ``located.data`` in place into what the person meant (see the module)."""
    data = located.data
    if not isinstance(data, dict):
        return
    for pattern in TEXT_PLACES:
        for parent, key, loc in list(_places(data, pattern)):
            parent[key] = _as_text(parent[key], located, loc)
    for parent, key, _loc in list(_places(data, ("spanningen", ANY, "tussen"))):
        value = parent[key]
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if isinstance(value, str):
            pair = two_fundamenten(value, fundamenten)
            if pair:
                parent[key] = pair
