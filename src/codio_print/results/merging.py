"""What each sheet gives, merged into resultaten.yaml (see importer.py): a value that still
reads as it was imported is the sheet's to change; one that reads otherwise was edited by
hand. What each import took is remembered next to the file (``.resultaten.yaml.import.json``,
the record), and a file whose hand edit a sheet replaces is kept first as
``resultaten.yaml.bak-<n>``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codio_print import writing
from codio_print.errors import shown
from codio_print.i18n import N_, _, ngettext
from codio_print.inputs import access
from codio_print.inputs.content import Content
from codio_print.inputs.yamlread import Located
from codio_print.results.sheets import Facts, Key
from codio_print.results.yamldoc import Document, norm

BACKUP = ".bak-"


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


def rkey(key: Key) -> str:
    """A key as the import record (.resultaten.yaml.import.json) holds it."""
    return json.dumps(list(key), ensure_ascii=False)


RECORD_MAX = 16 * 1024 * 1024  # what the sheets gave, for a resultaten.yaml of at most 5 MB


def read_record(results_file: Path) -> dict:
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


def write_record(results_file: Path, record: dict) -> None:
    text = json.dumps({"about": "what 'codio-print results import' last took from each "
                                "sheet; do not edit", "keys": dict(sorted(record["keys"].items()))},
                      ensure_ascii=False, indent=1) + "\n"
    writing.replace(record_path(results_file), text)


def backup(results_file: Path, text: str) -> Path:
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


class Merge(Document):
    """The facts of each sheet, applied to the YAML document (see the module's text)."""

    def __init__(self, doc, record: dict, located: Located, report: ImportReport):
        super().__init__(doc, located)
        self.record, self.report = record["keys"], report
        self.overwritten = False
        self.record_changed = False

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
            entry = self.record.get(rkey(key))
            last = entry.get("value") if isinstance(entry, dict) else None
            source = str(entry.get("file") or "") if isinstance(entry, dict) else ""
            if last is None or (source == own and not empty):
                continue
            new, current = norm(found.values.get(key)), self.get(key)
            removes = new is None and current == last
            changes = new is not None and current is not None and new not in (current, last)
            if removes or changes:
                out.setdefault(source or _("an earlier import"), []).append(key)
        return out

    def apply(self, found: Facts, content: Content) -> None:
        sheet, report = found.sheet, self.report
        name = shown(sheet.path)
        counts = {"new": 0, "changed": 0, "removed": 0, "same": 0}
        for key in self._keys(found):
            rk = rkey(key)
            new = norm(found.values.get(key))
            current, later = _without_later(key, self.get(key), new)
            last = self.record.get(rk, {}).get("value")
            fields = {"where": self.line(key), "what": what(key), "sheet": name}
            if new is None:  # not (or no longer) on the sheet
                if last is None:
                    continue
                if current == last:
                    self.remove(key)
                    counts["removed"] += 1
                elif current is not None:
                    report.notices.append(_("{where}: {what} was changed by hand and is no "
                                            "longer on {sheet}: kept as it is").format(**fields))
                self._forget(rk)
                continue
            if current == new:
                counts["same"] += 1
            elif current is None and last is not None and new == last:
                report.notices.append(_("{where}: {what} was removed by hand after an import; "
                                        "{sheet} still has it: not added again").format(**fields))
                continue
            elif last is not None and new == last:  # the sheet is as imported: the hand's
                report.notices.append(_("{where}: {what} was changed by hand after it was "
                                        "imported from {sheet}: your version is kept").format(
                                            **fields))
                continue
            elif current is None or current == last:
                self.set(key, _with_later(found.values[key], later))
                counts["new" if current is None else "changed"] += 1
            else:  # edited by hand, and the sheet says otherwise: the sheet's, said out loud
                self.set(key, _with_later(found.values[key], later))
                counts["changed"] += 1
                self.overwritten = True
                mine, theirs = _differs(current, new)
                report.notices.append(_("{where}: {what} was changed by hand ({mine}); {sheet} "
                                        "says {theirs}: taken from the sheet — the file as it "
                                        "was is kept as {backup}").format(
                                            **fields, mine=mine, theirs=theirs,
                                            backup="{backup}"))  # named once it is written
            if self.record.get(rk) != {"value": new, "file": sheet.path.name}:
                self.record[rk] = {"value": new, "file": sheet.path.name}
                self.record_changed = True
        for k in ("new", "changed", "removed"):
            report.counts[k] += counts[k]
        report.taken.append(f"{name}: {_summary(found, content)} {_count_text(counts)}")
        report.notices.extend(f"{name}: {n}" for n in found.notes)

    def _forget(self, rkey: str) -> None:
        if rkey in self.record:
            del self.record[rkey]
            self.record_changed = True


# What stap 4 adds to an action after hand-out 4 was imported: decided at the poster, written
# into resultaten.yaml by hand (or the web form), never on the sheet of stap 3c2.
LATER = ("termijn", "noodzaak", "belang")


def _without_later(key: Key, current: Any, new: Any) -> tuple[Any, dict]:
    """An action as the file has it, without what stap 4 added and the sheet does not say,
    and that addition: the sheet is compared on its own fields, and what the poster decided
    stays when the sheet's action is taken (written into the file again)."""
    if key[0] != "acties" or not isinstance(current, dict) or not isinstance(new, dict):
        return current, {}
    later = {k: current[k] for k in LATER if current.get(k) is not None and k not in new}
    return {k: v for k, v in current.items() if v is not None and k not in later}, later


def _with_later(value: Any, later: dict) -> Any:
    """The sheet's action with what stap 4 added to it, in the order of the file's fields."""
    if not later:
        return value
    order = ("id", "actie", "waarde", "mechanisme", "eigenaar", *LATER, "groep")
    merged = {**value, **later}
    return {k: merged[k] for k in sorted(merged, key=lambda k: (k not in order,
                                                                 order.index(k) if k in order
                                                                 else 0))}


def what(key: Key) -> str:
    """What a key names, as a message says it."""
    if key[0] == "waarden":
        if key[2] == "gekozen":
            return _("value '{value}' of group {group} (gekozen)").format(value=key[3],
                                                                          group=key[1])
        return _("value '{value}' of group {group} (niet gekozen)").format(value=key[3],
                                                                           group=key[1])
    if key[0] == "acties":
        return _("action {code}").format(code=key[1])
    if key[0] == "checklist":
        return _("checklist point '{point}'").format(point=key[1])
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
    group = (_("group {name}, ").format(name=content.fundament(sheet.groep).naam)
             if sheet.groep else "")
    none = _("none")
    if sheet.kind == "handout-3":
        chosen = [k[3] for k in found.values if k[2] == "gekozen"]
        left = [k[3] for k in found.values if k[2] == "niet_gekozen"]
        return group + _("values chosen: {chosen}; not chosen: {left}").format(
            chosen=", ".join(chosen) or none, left=", ".join(left) or none)
    if sheet.kind == "handout-4":
        return group + _("actions: {codes}").format(
            codes=", ".join(k[1] for k in found.values) or none)
    parts = []
    stap4 = [k[1] for k in found.values if k[0] == "stap4"]
    if stap4:
        parts.append(_("stap 4: {answers}").format(answers=", ".join(stap4)))
    ticked = sum(1 for k in found.values if k[0] == "checklist")
    if ticked:
        parts.append(ngettext("{count} checklist point ticked",
                              "{count} checklist points ticked", ticked).format(count=ticked))
    vervolg = [k[1] for k in found.values if k[0] == "vervolg"]
    if vervolg:
        parts.append(_("follow-up: {fields}").format(fields=", ".join(vervolg)))
    return "; ".join(parts) or _("nothing filled in")


_COUNTED = {"new": N_("{count} new"), "changed": N_("{count} changed"),
            "removed": N_("{count} removed")}


def _count_text(counts: dict[str, int]) -> str:
    parts = [_(_COUNTED[k]).format(count=counts[k]) for k in _COUNTED if counts[k]]
    return f"({', '.join(parts)})" if parts else _("(unchanged)")
