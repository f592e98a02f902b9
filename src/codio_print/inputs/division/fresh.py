"""Dividing a participant list over the tables, one per fundament: sizes differing by at
most one, fixed groups respected, roles and the other spread columns mixed.

The division is deterministic: it depends only on the order and content of the list, never
on hash seeds or dictionary order of anything but the list itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from codio_print.errors import InputError
from codio_print.i18n import N_, _, ngettext
from codio_print.inputs.listmodel import Group, Participant, ParticipantList
from codio_print.inputs.listmodel import role_key as _role_key
from codio_print.inputs.table import Place


MOVE_SOMEONE = N_("move someone to another group or clear their groep cell")


def _at(plist: ParticipantList, row: int | None = None) -> dict:
    """``file=`` and ``line=`` of an error about a person of the list (or the option)."""
    if plist.source is None:
        return {"file": "--participants", "line": row}
    return Place(str(plist.source), plist.sheet).at(row)


def capacities(plist: ParticipantList, ids: list[str]) -> list[int]:
    """Group sizes differing by at most one that leave room for every fixed member.

    The larger groups go first to groups that need them for their fixed members, then in
    fundament order (so without fixed groups this equals kit.group_sizes)."""
    n, k = len(plist.participants), len(ids)
    base, rest = divmod(n, k)
    fixed: dict[str, list[Participant]] = {fid: [] for fid in ids}
    for p in plist.participants:
        if p.group is not None:
            if p.group not in fixed:
                raise InputError(_("unknown group '{group}'").format(group=p.group),
                                 **_at(plist, p.row),
                                 fix=_("use one of {groups}").format(groups=", ".join(ids)))
            fixed[p.group].append(p)
    for fid in ids:
        if len(fixed[fid]) > base + (1 if rest else 0):
            limit = base + (1 if rest else 0)
            raise InputError(
                _("{count} people are fixed to group {group}, but with {n} participants a "
                  "group holds at most {limit}").format(count=len(fixed[fid]), group=fid, n=n,
                                                        limit=limit),
                **_at(plist, fixed[fid][limit].row), fix=_(MOVE_SOMEONE))
    # Groups that must be a larger one, ordered by the line that made them so.
    needy = sorted((fid for fid in ids if len(fixed[fid]) > base),
                   key=lambda fid: fixed[fid][base].row)
    if len(needy) > rest:
        culprit = needy[rest]
        full = ", ".join(needy[:rest + 1])
        raise InputError(
            ngettext("groups {groups} each have {size} fixed people, but with {n} participants "
                     "only {rest} group can have {size}",
                     "groups {groups} each have {size} fixed people, but with {n} participants "
                     "only {rest} groups can have {size}", rest).format(
                groups=full, size=base + 1, n=n, rest=rest),
            **_at(plist, fixed[culprit][base].row), fix=_(MOVE_SOMEONE))
    larger = needy + [fid for fid in ids if fid not in needy]
    larger = larger[:rest]
    return [base + (1 if fid in larger else 0) for fid in ids]


class Tables:
    """Groups being filled, one per fundament id: who sits where, and per group how many of
    each role and of each spread value (organisation, afdeling, ...), to choose where the
    next person goes. Used for a fresh division (:func:`divide`) and to place newcomers in a
    kept one (kept.py)."""

    def __init__(self, plist: ParticipantList, ids: list[str]):
        self.plist = plist
        self.ids = list(ids)
        self.members: list[list[Participant]] = [[] for __ in self.ids]
        self._roles: list[Counter[str]] = [Counter() for __ in self.ids]
        self._spread: list[Counter[str]] = [Counter() for __ in self.ids]

    def size(self, gi: int) -> int:
        return len(self.members[gi])

    def place(self, gi: int, p: Participant) -> None:
        self.members[gi].append(p)
        self._roles[gi][_role_key(p.role)] += 1
        self._spread[gi].update(self.plist.spread_values(p))

    def remove(self, gi: int, p: Participant) -> None:
        self.members[gi].remove(p)
        self._roles[gi][_role_key(p.role)] -= 1
        self._spread[gi].subtract(self.plist.spread_values(p))

    def score(self, gi: int, p: Participant) -> tuple[int, int, int, int]:
        """Lower is a better table for ``p``: the fewest of their role, then of their
        organisation and other spread values, then the smallest, then fundament order."""
        same = sum(self._spread[gi][v] for v in self.plist.spread_values(p))
        return (self._roles[gi][_role_key(p.role)], same, self.size(gi), gi)

    def best(self, p: Participant, candidates: Iterable[int]) -> int:
        return min(candidates, key=lambda g: self.score(g, p))

    def groups(self) -> list[Group]:
        """The groups in fundament order, members in the file's order."""
        return [Group(fundament=fid, members=sorted(ms, key=lambda p: p.row), size=len(ms))
                for fid, ms in zip(self.ids, self.members)]


def check_fillable(plist: ParticipantList, ids: list[str]) -> None:
    n = len(plist.participants)
    if not ids:
        raise ValueError("divide() needs at least one fundament id")  # internal
    if n < len(ids):
        raise InputError(_("{n} participants cannot fill {groups} groups").format(
            n=n, groups=len(ids)), **_at(plist),
            fix=_("give {groups} or more").format(groups=len(ids)))


def divide(plist: ParticipantList, fundament_ids: list[str]) -> list[Group]:
    """Divide the list over the groups, one per fundament id, in that order.

    Sizes differ by at most one; fixed groups are respected; roles are spread: the most
    common role is dealt first, each person to the group with the fewest of that role, then
    the fewest of their organisation and other spread columns, then the smallest, then the
    first in fundament order. Members keep the file's order within a group."""
    ids = list(fundament_ids)
    check_fillable(plist, ids)
    caps = capacities(plist, ids)
    tables = Tables(plist, ids)
    for p in plist.participants:
        if p.group is not None:
            tables.place(ids.index(p.group), p)

    free = [p for p in plist.participants if p.group is None]
    by_role: dict[str, list[Participant]] = {}   # insertion order = first appearance
    for p in free:
        by_role.setdefault(_role_key(p.role), []).append(p)
    first_seen = {r: i for i, r in enumerate(by_role)}
    order = sorted(by_role, key=lambda r: (r == "", -len(by_role[r]), first_seen[r]))

    for r in order:
        for p in by_role[r]:
            open_groups = [gi for gi in range(len(ids)) if tables.size(gi) < caps[gi]]
            tables.place(tables.best(p, open_groups), p)
    return tables.groups()
