"""The log's times (UTC) as the clock on the wall of the session's hall shows them.

Every time the program shows or prints is in the contest's time zone (``time_zone`` of the
bundle, an IANA name, America/Lima by default; `bundle-v2.md`), never in the time zone of
the laptop that happens to show it, so the Log tab and the acta say the same hour.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .domain.model import DEFAULT_TIME_ZONE

PERU_TIME = timezone(timedelta(hours=-5), "PET")
"""Peru keeps UTC−5 all year (no daylight saving): the default zone where the machine has no
time-zone data at all."""


@lru_cache(maxsize=64)
def contest_zone(name: str | None) -> tzinfo:
    """The zone named by a contest. A bundle's zone is checked when it is read; one this
    machine does not know (a database made on another machine) falls back to the default."""
    for candidate in (name or DEFAULT_TIME_ZONE, DEFAULT_TIME_ZONE):
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
    return PERU_TIME


def local_time(at: str, time_zone: str | None) -> datetime:
    """A log timestamp (``2026-08-14T13:05:00.000000Z``) in the contest's time zone."""
    moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(contest_zone(time_zone))
