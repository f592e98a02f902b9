"""``results import``: filled worksheets merged into resultaten.yaml.

The file stays the one the facilitator reads and edits: it is changed in place with
ruamel.yaml (its comments, order and quoting kept) and checked like any resultaten.yaml
before it is written. What each import took is remembered next to it
(``.resultaten.yaml.import.json``): a value that still reads as it was imported is the
sheet's to change, so a corrected sheet updates it without a second copy; one that reads
otherwise was edited by hand, and is replaced only with a line saying so, after the file as
it was is kept as ``resultaten.yaml.bak-<n>`` (a new file under the first free number, never
through a link a workspace ships). A sheet of another kit, or of a group the session does
not have, is refused, and then nothing is written. Two imports at once take turns: each
reads, merges and writes under the lock ``.resultaten.yaml.lock``.

Anyone can hand in a sheet, and a sheet says itself whose it is. So a sheet does not take
over what an import took from another file (a participant's copy of another group's sheet),
nor does a sheet with nothing filled in remove what was imported (an empty poster): it is
refused, unless ``replace`` (``--replace``) says that this is the corrected sheet.
"""

from __future__ import annotations

import io
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from codio_print import writing
from codio_print.build import outdir
from codio_print.errors import CodioError, InputError, shown
from codio_print.inputs.content import Content
from codio_print.inputs import access
from codio_print.inputs.controls import without_controls
from codio_print.inputs.yamlread import (MAX_YAML_BYTES, Located, parse_yaml,
                                         read_text)
from codio_print.render.templating import datum as day_text
from codio_print.results.load import _folded, case_of, load_results, read_results_file, root_of
from codio_print.results.models import Results
from codio_print.results.sheets import (ACTION_FIELDS, GROUP_SHEETS, PERSONAL_SHEET,
                                        POSTER_SHEET, Facts, Key, Sheet, facts, read_sheet)

BACKUP = ".bak-"
MAX_RESULTS_BYTES = MAX_YAML_BYTES  # what `results build` reads, so what import writes


def record_path(results_file: Path) -> Path:
    return results_file.with_name(f".{results_file.name}.import.json")


@dataclass
class ImportReport:
    target: Path
    taken: list[str] = field(default_factory=list)     # per sheet, what it gave
    notices: list[str] = field(default_factory=list)   # hand edits, things not taken
    backup: Path | None = None
    counts: dict[str, int] = field(default_factory=lambda: {"new": 0, "changed": 0,
                                                            "removed": 0})

    @property
    def changed(self) -> bool:
        return any(self.counts.values())


def import_sheets(results_file: Path, files: list[Path], content_for, *,
                  replace: bool = False, workspace: Path | None = None) -> ImportReport:
    """Merge the filled ``files`` into ``results_file``; ``content_for(case_id)`` loads the
    content the file is checked against (with a workspace's own cases). ``replace``: a sheet
    may change or remove what another file gave (see the module's text). ``results_file`` is
    read by the one rule for reading, in ``workspace`` if it lies there (load.root_of)."""
    results_file = Path(results_file)
    if not results_file.is_file():
        raise InputError("there is no resultaten.yaml here yet", file=results_file,
                         fix="make it first with 'codio-print results init', then import "
                             "the sheets")
    with outdir.locked(results_file):  # another import waits until this one has written
        return _merge_into(results_file, files, content_for, replace, workspace)


def _merge_into(results_file: Path, files: list[Path], content_for, replace: bool,
                workspace: Path | None) -> ImportReport:
    located = read_results_file(results_file, workspace)
    content: Content = content_for(case_of(located))
    results = load_results(located, content)
    sheets = [read_sheet(Path(f)) for f in files]
    report = ImportReport(results_file)
    usable = []
    seen: dict[tuple[str, str], Path] = {}
    for sheet in sheets:
        _check_identity(sheet, results, content)
        if sheet.kind == PERSONAL_SHEET:
            report.notices.append(f"{shown(sheet.path)}: a personal worksheet (hand-out 2): "
                                  "what one person wrote is not a group's result — not taken; "
                                  "import the group's hand-outs 3 and 4")
            continue
        if sheet.kind not in (*GROUP_SHEETS, POSTER_SHEET):
            raise InputError(f"{_sheet_name(sheet)} has nothing to import", file=sheet.path,
                             fix="import the filled hand-outs 3 and 4 and the poster")
        other = seen.get((sheet.kind, sheet.groep))
        if other is not None:
            raise InputError(f"two sheets for the same {_sheet_name(sheet)}: "
                             f"{shown(other)} and this one", file=sheet.path,
                             fix="import one of them")
        seen[(sheet.kind, sheet.groep)] = sheet.path
        usable.append(sheet)

    text = read_text(results_file, root_of(results_file, workspace))
    doc = _yaml().load(text)
    record = _read_record(results_file)
    merge = _Merge(doc, record, located, report)
    checklist = [p.punt for p in results.checklist]
    for sheet in usable:
        found = facts(sheet, content, checklist)
        if not replace:
            _refuse_takeover(merge.taken_over(found), found)
        merge.apply(found, content)
    if not report.changed:
        if merge.record_changed:
            _write_record(results_file, record)
        return report
    out = io.StringIO()
    _yaml().dump(doc, out)
    new_text = out.getvalue()
    _check_size(results_file, new_text)
    try:
        load_results(parse_yaml(new_text, results_file), content)
    except CodioError as exc:  # what the sheets say does not fit what the file holds
        raise InputError(f"the sheets would make resultaten.yaml invalid: {exc.message}",
                         file=results_file, line=exc.line,
                         fix=exc.fix or "correct the sheet and import it again") from None
    if merge.overwritten:
        report.backup = _backup(results_file, text)
        report.notices = [n.replace("{backup}", shown(report.backup)) for n in report.notices]
    try:
        writing.replace(results_file, new_text)
    except OSError as exc:
        raise InputError(f"cannot write here: {exc.strerror or exc}", file=results_file,
                         fix="check the disk and the folder") from None
    _write_record(results_file, record)
    return report


def _check_size(results_file: Path, text: str) -> None:
    size = len(text.encode("utf-8"))
    if size > MAX_RESULTS_BYTES:
        raise InputError(f"with what the sheets say it would be {size:,} bytes, more than the "
                         f"{MAX_RESULTS_BYTES:,} bytes codio-print reads", file=results_file,
                         fix="shorten the longest texts in the file or on the sheets")


def _sheet_name(sheet: Sheet) -> str:
    return f"hand-out {sheet.kind.split('-')[-1]}" + (f" of group '{sheet.groep}'"
                                                       if sheet.groep else "")


def _session_text(d: date | None, start: str) -> str:
    return (day_text(d, weekday=False) if d else "no date") + (f" at {start}" if start else "")


def _check_identity(sheet: Sheet, results: Results, content: Content) -> None:
    """The sheet is of this kit (case, variant, session: a kit writes them all) and of one
    of its groups, or the poster, of none."""
    s = results.sessie
    start = f"{s.start:%H:%M}"
    fix = "import the sheets of this session's kit, or check 'sessie:' in resultaten.yaml"
    if sheet.casus != s.casus:
        raise InputError(f"this sheet is of another kit: case '{sheet.casus}', resultaten.yaml "
                         f"is for '{s.casus}'", file=sheet.path, fix=fix)
    if sheet.variant != content.code.variant:
        raise InputError(f"this sheet is of another kit: code '{sheet.variant}', resultaten.yaml "
                         f"is for '{content.code.variant}'", file=sheet.path, fix=fix)
    if (sheet.datum and sheet.datum != s.datum) or sheet.start != start:
        raise InputError(f"this sheet is of another kit: the session of "
                         f"{_session_text(sheet.datum, sheet.start)}, resultaten.yaml is of "
                         f"{_session_text(s.datum, start)}", file=sheet.path, fix=fix)
    if sheet.kind == POSTER_SHEET and sheet.groep:
        raise InputError(f"this poster says it is of group '{sheet.groep}', but the poster "
                         "is the whole session's: no kit writes a group on it",
                         file=sheet.path, fix="fill in the poster of this session's kit")
    groepen = [g.fundament for g in s.groepen] or [f.id for f in content.fundamenten]
    if sheet.kind in GROUP_SHEETS and sheet.groep not in groepen:
        raise InputError(f"this sheet is of group '{sheet.groep}', which this session does "
                         f"not have (its groups: {', '.join(groepen)})", file=sheet.path,
                         fix="import the sheets of this session's groups, or add the group "
                             "under 'sessie: groepen:' in resultaten.yaml")


def _refuse_takeover(taken: dict[str, list[Key]], found: Facts) -> None:
    """One line for a sheet that would change or remove what another file gave, or remove
    what was imported while it has nothing filled in (_Merge.taken_over)."""
    if not taken:
        return
    source, keys = next(iter(taken.items()))
    source = source if len(source) <= 80 else source[:80] + "…"  # as the record names it
    what = ", ".join(_what(k) for k in keys[:3]) + (f" and {len(keys) - 3} more"
                                                     if len(keys) > 3 else "")
    sheet = found.sheet
    if not found.values:
        message = (f"nothing is filled in on this {_sheet_name(sheet)}, and importing it "
                   f"would remove what {source} gave: {what}")
        fix = ("check that this is the filled-in sheet; to remove what it no longer has, "
               "import it with --replace")
    else:
        message = (f"this {_sheet_name(sheet)} would change what {source} gave: {what}")
        fix = (f"import each group's own sheets; if this is the corrected sheet of {source}, "
               "import it with --replace")
    raise InputError(without_controls(message), file=sheet.path, fix=without_controls(fix))


def _rkey(key: Key) -> str:
    """A key as the import record (.resultaten.yaml.import.json) holds it."""
    return json.dumps(list(key), ensure_ascii=False)


# --- the YAML file ------------------------------------------------------------------------

def _yaml():
    from ruamel.yaml import YAML

    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.width = 4096  # a text on one line, as the facilitator wrote it
    return rt


def _scalar(value: Any) -> Any:
    """A text as ruamel should write it: quoted where the file's reader (PyYAML, YAML 1.1)
    would read it as something else ('ja', '14:00', '2027')."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if not isinstance(value, str):
        return value
    try:
        same = yaml.safe_load(f"k: {value}") == {"k": value}
    except yaml.YAMLError:
        same = False
    return value if same and value == value.strip() and value else DoubleQuotedScalarString(value)


def norm(value: Any) -> Any:
    """A value as compared: texts by their words, dates as ISO text, empty as None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value or None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        out = {k: norm(v) for k, v in value.items()}
        return out if any(v is not None for v in out.values()) else None
    if isinstance(value, list):
        out = [norm(v) for v in value]
        return [v for v in out if v is not None] or None
    text = " ".join(str(value).split())
    return text or None


def _block(seq) -> None:
    if len(seq):
        seq.fa.set_block_style()


@contextmanager
def _tail_kept(seq, parent, key):
    """Change a list without losing what follows it: ruamel keeps the comments after a
    list (the next section's header) on its last item, so they move to whatever is last
    after the change, or to the list's key when it is left empty (``acties: []``)."""
    token = _take_tail(seq)
    yield
    if token is None:
        return
    if not len(seq):
        seq.fa.set_flow_style()
        parent.ca.items.setdefault(key, [None, None, None, None])[2] = token
        return
    last = seq[-1]
    if isinstance(last, dict) and len(last):
        last.ca.items.setdefault(list(last)[-1], [None, None, None, None])[2] = token
    else:
        seq.ca.items.setdefault(len(seq) - 1, [None, None])[0] = token


def _take_tail(seq):
    if not len(seq):
        return None
    last = seq[-1]
    if isinstance(last, dict) and len(last):
        entry = last.ca.items.get(list(last)[-1])
        if entry and len(entry) > 2 and entry[2] is not None:
            token, entry[2] = entry[2], None
            return token
        return None
    entry = seq.ca.items.get(len(seq) - 1)
    if entry and entry[0] is not None:
        token, entry[0] = entry[0], None
        return token
    return None


RECORD_MAX = 16 * 1024 * 1024  # what the sheets gave, for a resultaten.yaml of at most 5 MB


def _read_record(results_file: Path) -> dict:
    # By the one rule for reading (access.py), never through a link: a link, a pipe, a
    # device or a file far too large there is no record.
    raw = access.bytes_or_none(record_path(results_file), [Path(results_file).absolute().parent],
                               max_bytes=RECORD_MAX, links=False)
    try:
        data = json.loads(raw.decode("utf-8")) if raw is not None else None
        return data if isinstance(data, dict) and isinstance(data.get("keys"), dict) else \
            {"keys": {}}
    except ValueError:  # UnicodeDecodeError too
        return {"keys": {}}  # none yet, or damaged: every difference counts as a hand edit


def _write_record(results_file: Path, record: dict) -> None:
    text = json.dumps({"about": "what 'codio-print results import' last took from each "
                                "sheet; do not edit", "keys": dict(sorted(record["keys"].items()))},
                      ensure_ascii=False, indent=1) + "\n"
    writing.replace(record_path(results_file), text)


def _backup(results_file: Path, text: str) -> Path:
    """``text`` (the file as it was) as resultaten.yaml.bak-<n>, a new file under the first
    free number: a name that holds anything, a dangling link too, is taken (E1)."""
    n = 1
    while True:
        target = results_file.with_name(f"{results_file.name}{BACKUP}{n}")
        try:
            writing.new(target, text)
            return target
        except FileExistsError:
            n += 1


class _Merge:
    """The facts of each sheet, applied to the YAML document (see the module's text)."""

    def __init__(self, doc, record: dict, located: Located, report: ImportReport):
        self.doc, self.record, self.located, self.report = doc, record["keys"], located, report
        self.overwritten = False
        self.record_changed = False

    # -- the document, by key ---------------------------------------------------------------

    def _list(self, *path, create: bool):
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        node = self.doc
        for i, name in enumerate(path):
            last = i == len(path) - 1
            child = node.get(name) if isinstance(node, dict) else None
            if child is None or (last and not isinstance(child, list)) or \
                    (not last and not isinstance(child, dict)):
                if not create:
                    return None
                child = CommentedSeq() if last else CommentedMap()
                node[name] = child
            node = child
        return node

    def _find(self, key: Key):
        """(list, index) of the item a key names, or (list, None)."""
        if key[0] == "waarden":
            _, g, kind, value = key
            items = self._list("waarden", g, kind, create=False)
            match = lambda item: _folded(str(item.get("waarde", ""))) == _folded(value)
        elif key[0] == "acties":
            items = self._list("acties", create=False)
            match = lambda item: str(item.get("id", "")).strip().upper() == key[1]
        elif key[0] == "checklist":
            items = self._list("checklist", create=False)
            match = lambda item: " ".join(str(item.get("punt", "")).split()) == key[1]
        else:
            raise AssertionError(key)
        for i, item in enumerate(items or []):
            if isinstance(item, dict) and match(item):
                return items, i
        return items, None

    def get(self, key: Key) -> Any:
        if key[0] in ("waarden", "acties"):
            items, i = self._find(key)
            if i is None:
                return None
            item = items[i]
            fields = (["waarde", "waarom" if key[2] == "gekozen" else "afweging"]
                      if key[0] == "waarden" else ["id", *ACTION_FIELDS, "groep"])
            return norm({f: item.get(f) for f in fields})
        if key[0] == "checklist":
            items, i = self._find(key)
            return norm(bool(items[i].get("klaar"))) if i is not None else None
        section = self.doc.get(key[0])
        return norm(section.get(key[1])) if isinstance(section, dict) else None

    def set(self, key: Key, value: Any) -> None:
        from ruamel.yaml.comments import CommentedMap

        if key[0] in ("waarden", "acties"):
            path = ("waarden", key[1], key[2]) if key[0] == "waarden" else ("acties",)
            items, i = self._find(key)
            if items is None:
                items = self._list(*path, create=True)
            _block(items)
            if i is None:
                with _tail_kept(items, self._parent(path), path[-1]):
                    items.insert(self._position(items, key), CommentedMap(
                        (k, _scalar(v)) for k, v in value.items()))
            else:
                for k, v in value.items():
                    if k == "waarde" and key[0] == "waarden":
                        continue  # as the facilitator spelled it
                    if norm(items[i].get(k)) != norm(v):
                        items[i][k] = _scalar(v)
            return
        if key[0] == "checklist":
            items, i = self._find(key)
            items[i]["klaar"] = bool(value)
            return
        section = self.doc.get(key[0])
        if not isinstance(section, dict):
            section = self.doc[key[0]] = CommentedMap()
        if isinstance(value, list):
            seq = section.get(key[1])
            if not isinstance(seq, list):
                from ruamel.yaml.comments import CommentedSeq
                seq = section[key[1]] = CommentedSeq()
            with _tail_kept(seq, section, key[1]):
                del seq[:]
                seq.extend(_scalar(v) for v in value)
            _block(seq)
        elif isinstance(value, date):
            section[key[1]] = value
        else:
            section[key[1]] = _scalar(value)

    def remove(self, key: Key) -> None:
        if key[0] in ("waarden", "acties"):
            path = ("waarden", key[1], key[2]) if key[0] == "waarden" else ("acties",)
            items, i = self._find(key)
            if i is not None:
                with _tail_kept(items, self._parent(path), path[-1]):
                    del items[i]
        elif key[0] == "checklist":
            self.set(key, False)
        else:
            section = self.doc.get(key[0])
            old = section.get(key[1]) if isinstance(section, dict) else None
            if isinstance(old, list):
                with _tail_kept(old, section, key[1]):
                    del old[:]
            elif isinstance(section, dict):  # a date or a time is empty, a text ""
                section[key[1]] = None if key[1] in ("datum", "tijd") else _scalar("")

    def _parent(self, path: tuple):
        node = self.doc
        for name in path[:-1]:
            node = node[name]
        return node

    def _position(self, items, key: Key) -> int:
        """Where a new item goes: an action after the ones of its group with a lower
        number, in the order of the file otherwise."""
        if key[0] != "acties":
            return len(items)
        letter, number = key[1][0], int(key[1][1:])
        position = len(items)
        for i, item in enumerate(items):
            code = str(item.get("id", "")).strip().upper() if isinstance(item, dict) else ""
            if code[:1] == letter and code[1:].isdigit() and int(code[1:]) > number:
                return i
            if code[:1] == letter:
                position = i + 1
        return position

    def line(self, key: Key) -> str:
        """Where in the file (as it was) a key's value is, for a message."""
        if key[0] in ("waarden", "acties", "checklist"):
            items, i = self._find(key)
            loc = (("waarden", key[1], key[2]) if key[0] == "waarden" else (key[0],)) + (
                (i,) if i is not None else ())
        else:
            loc = key
        line = self.located.line_of(loc)
        return f"{shown(self.located.path)}:{line}" if line else shown(self.located.path)

    # -- one sheet --------------------------------------------------------------------------

    def _keys(self, found: Facts) -> list[Key]:
        """Every key a sheet is the source of: what it says, its scope, and what an import
        took under its prefix (a value of its group no longer on it)."""
        prefix = list(found.scope_prefix or ())
        recorded = [tuple(json.loads(k)) for k in self.record
                    if prefix and json.loads(k)[:len(prefix)] == prefix]
        return list(dict.fromkeys([*found.values, *found.scope, *recorded]))

    def taken_over(self, found: Facts) -> dict[str, list[Key]]:
        """What applying ``found`` would change or remove of what an import took from
        another file, or, from a sheet with nothing filled in, from any file: by that file."""
        own, empty = found.sheet.path.name, not found.values
        out: dict[str, list[Key]] = {}
        for key in self._keys(found):
            entry = self.record.get(_rkey(key))
            last = entry.get("value") if isinstance(entry, dict) else None
            source = str(entry.get("file") or "") if isinstance(entry, dict) else ""
            if last is None or (source == own and not empty):
                continue
            new, current = norm(found.values.get(key)), self.get(key)
            removes = new is None and current == last
            changes = new is not None and current is not None and new not in (current, last)
            if removes or changes:
                out.setdefault(source or "an earlier import", []).append(key)
        return out

    def apply(self, found: Facts, content: Content) -> None:
        sheet, report = found.sheet, self.report
        name = shown(sheet.path)
        counts = {"new": 0, "changed": 0, "removed": 0, "same": 0}
        for key in self._keys(found):
            rkey = _rkey(key)
            new = norm(found.values.get(key))
            current = self.get(key)
            last = self.record.get(rkey, {}).get("value")
            what = _what(key)
            if new is None:  # not (or no longer) on the sheet
                if last is None:
                    continue
                if current == last:
                    self.remove(key)
                    counts["removed"] += 1
                elif current is not None:
                    report.notices.append(f"{self.line(key)}: {what} was changed by hand and "
                                          f"is no longer on {name}: kept as it is")
                self._forget(rkey)
                continue
            if current == new:
                counts["same"] += 1
            elif current is None and last is not None and new == last:
                report.notices.append(f"{self.line(key)}: {what} was removed by hand after an "
                                      f"import; {name} still has it: not added again")
                continue
            elif last is not None and new == last:  # the sheet is as imported: the hand's
                report.notices.append(f"{self.line(key)}: {what} was changed by hand after "
                                      f"it was imported from {name}: your version is kept")
                continue
            elif current is None or current == last:
                self.set(key, found.values[key])
                counts["new" if current is None else "changed"] += 1
            else:  # edited by hand, and the sheet says otherwise: the sheet's, said out loud
                self.set(key, found.values[key])
                counts["changed"] += 1
                self.overwritten = True
                mine, theirs = _differs(current, new)
                report.notices.append(f"{self.line(key)}: {what} was changed by hand "
                                      f"({mine}); {name} says {theirs}: taken from the "
                                      "sheet — the file as it was is kept as {backup}")
            if self.record.get(rkey) != {"value": new, "file": sheet.path.name}:
                self.record[rkey] = {"value": new, "file": sheet.path.name}
                self.record_changed = True
        for k in ("new", "changed", "removed"):
            report.counts[k] += counts[k]
        report.taken.append(f"{name}: {_summary(found, content)}"
                            + _count_text(counts))
        report.notices.extend(f"{name}: {n}" for n in found.notes)

    def _forget(self, rkey: str) -> None:
        if rkey in self.record:
            del self.record[rkey]
            self.record_changed = True


def _what(key: Key) -> str:
    if key[0] == "waarden":
        return f"value '{key[3]}' of group {key[1]} ({key[2].replace('_', ' ')})"
    if key[0] == "acties":
        return f"action {key[1]}"
    if key[0] == "checklist":
        return f"checklist point '{key[1]}'"
    return f"'{key[0]}.{key[1]}'"


def _differs(current: Any, new: Any) -> tuple[str, str]:
    """What differs between the file's and the sheet's version, as two short texts."""
    if isinstance(current, dict) and isinstance(new, dict):
        names = [k for k in new if current.get(k) != new.get(k)]
        return (", ".join(f"{k} {_short(current.get(k) or '')}" for k in names),
                ", ".join(f"{k} {_short(new.get(k) or '')}" for k in names))
    return _short(current), _short(new)


def _short(value: Any) -> str:
    if isinstance(value, dict):
        value = "; ".join(f"{k}: {v}" for k, v in value.items() if v is not None)
    elif isinstance(value, list):
        value = " / ".join(value)
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _summary(found: Facts, content: Content) -> str:
    sheet = found.sheet
    group = f"group {content.fundament(sheet.groep).naam}, " if sheet.groep else ""
    if sheet.kind == "handout-3":
        chosen = [k[3] for k in found.values if k[2] == "gekozen"]
        left = [k[3] for k in found.values if k[2] == "niet_gekozen"]
        return (f"{group}values chosen: {', '.join(chosen) or 'none'}; not chosen: "
                f"{', '.join(left) or 'none'}")
    if sheet.kind == "handout-4":
        return f"{group}actions: {', '.join(k[1] for k in found.values) or 'none'}"
    parts = []
    stap4 = [k[1] for k in found.values if k[0] == "stap4"]
    if stap4:
        parts.append("stap 4: " + ", ".join(stap4))
    ticked = sum(1 for k in found.values if k[0] == "checklist")
    if ticked:
        parts.append(f"{ticked} checklist point{'s' if ticked > 1 else ''} ticked")
    vervolg = [k[1] for k in found.values if k[0] == "vervolg"]
    if vervolg:
        parts.append("follow-up: " + ", ".join(vervolg))
    return "; ".join(parts) or "nothing filled in"


def _count_text(counts: dict[str, int]) -> str:
    parts = [f"{counts[k]} {k}" for k in ("new", "changed", "removed") if counts[k]]
    return f" ({', '.join(parts)})" if parts else " (unchanged)"
