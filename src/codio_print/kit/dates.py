"""The one date written into a kit's files, so that building twice gives the same bytes.

The session date when there is one; else ``SOURCE_DATE_EPOCH`` (the reproducible-builds
convention); else a fixed date. Never the clock."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

FALLBACK = datetime(2026, 1, 1, tzinfo=timezone.utc)
FALLBACK_EPOCH = int(FALLBACK.timestamp())


def build_time(day: date | None) -> datetime:
    if day is not None:
        return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return FALLBACK


def iso(moment: datetime) -> str:
    """For ``dcterms.created``: 2026-03-12T00:00:00Z."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
