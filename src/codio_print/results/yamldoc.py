"""resultaten.yaml changed in place for ``results import``: with ruamel.yaml, its comments,
order and quoting kept; each item found, read, set and removed by the key a sheet gives it
(sheets.Key), and each text written so that the file's reader reads it back as that text.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from typing import Any


from codio_print.errors import shown
from codio_print.inputs.yamledit import as_written
from codio_print.inputs.yamlread import Located
from codio_print.results.lenient import folded
from codio_print.results.sheets import ACTION_FIELDS, Key


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


def block(seq) -> None:
    if len(seq):
        seq.fa.set_block_style()


@contextmanager
def tail_kept(seq, parent, key):
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


class Document:
    """resultaten.yaml as ruamel.yaml holds it (``doc``), read and changed by the keys of the
    sheets (sheets.Key); ``located``: the same file as loaded, for the line of a key."""

    def __init__(self, doc, located: Located):
        self.doc, self.located = doc, located

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
            match = lambda item: folded(str(item.get("waarde", ""))) == folded(value)
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
            block(items)
            if i is None:
                with tail_kept(items, self._parent(path), path[-1]):
                    items.insert(self._position(items, key), CommentedMap(
                        (k, as_written(v)) for k, v in value.items()))
            else:
                for k, v in value.items():
                    if k == "waarde" and key[0] == "waarden":
                        continue  # as the facilitator spelled it
                    if norm(items[i].get(k)) != norm(v):
                        items[i][k] = as_written(v)
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
            with tail_kept(seq, section, key[1]):
                del seq[:]
                seq.extend(as_written(v) for v in value)
            block(seq)
        elif isinstance(value, date):
            section[key[1]] = value
        else:
            section[key[1]] = as_written(value)

    def remove(self, key: Key) -> None:
        if key[0] in ("waarden", "acties"):
            path = ("waarden", key[1], key[2]) if key[0] == "waarden" else ("acties",)
            items, i = self._find(key)
            if i is not None:
                with tail_kept(items, self._parent(path), path[-1]):
                    del items[i]
        elif key[0] == "checklist":
            self.set(key, False)
        else:
            section = self.doc.get(key[0])
            old = section.get(key[1]) if isinstance(section, dict) else None
            if isinstance(old, list):
                with tail_kept(old, section, key[1]):
                    del old[:]
            elif isinstance(section, dict):  # a date or a time is empty, a text ""
                section[key[1]] = None if key[1] in ("datum", "tijd") else as_written("")

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
