"""Clock times for the workshop's steps, from the start time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from codio_print.inputs.models import Stap


@dataclass(frozen=True)
class Slot:
    stap: Stap
    begin: time
    end: time
    depth: int

    @property
    def tijd(self) -> str:
        return f"{self.begin:%H:%M}–{self.end:%H:%M}"


def timeline(stappen: list[Stap], start: time) -> list[Slot]:
    """Every step and sub-step with its begin and end, depth-first."""
    slots: list[Slot] = []

    def walk(items: list[Stap], at: datetime, depth: int) -> datetime:
        for stap in items:
            end = at + timedelta(minutes=stap.minuten)
            slots.append(Slot(stap, at.time(), end.time(), depth))
            if stap.substappen:
                walk(stap.substappen, at, depth + 1)
            at = end
        return at

    walk(stappen, datetime.combine(datetime(2000, 1, 1), start), 0)
    return slots


def end_time(stappen: list[Stap], start: time) -> time:
    total = sum(s.minuten for s in stappen)
    return (datetime.combine(datetime(2000, 1, 1), start) + timedelta(minutes=total)).time()
