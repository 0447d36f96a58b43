"""What an indicators report holds, in no language yet: the figures of the whole (every
contest under the filters), one grouping per key asked for, the contests counted and where
the figures came from. The PDF and the XLSX writers lay out the same `Report`, so they
cannot disagree about a number.

Each key is its own grouping (a section of the PDF, a sheet of the workbook): ``("region",
"year")`` gives the figures by region, then by year. Without keys a report covers the
groupings a programme reports by (`DEFAULT_KEYS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import URL, Engine, select

from ..indicators import KEYS, SUMMARIES, Group, indicators, narrowed
from ..names import GroupNames, group_names
from ..records import ContestRecord, contests

DEFAULT_KEYS = ("region", "office", "year", "category")
"""The groupings of a report asked for without keys."""


@dataclass(frozen=True, slots=True)
class Grouping:
    """The groups of one key, in the indicators' order."""

    key: str
    groups: list[Group]


@dataclass(frozen=True, slots=True)
class Report:
    keys: tuple[str, ...]
    filters: dict[str, Any]
    whole: Group
    groupings: list[Grouping]
    contests: list[ContestRecord]
    generated_at: datetime
    source: str
    """The database the figures came from, without any password."""
    names: GroupNames
    """Each office's and category's name, as its latest contest gives it."""


class UnknownKey(ValueError):
    """A key or filter that is not one of `indicators.KEYS`."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def source_of(engine: Engine) -> str:
    """The database's URL as it can be printed: no password, no query (a query may carry
    one too); a SQLite file by its path."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    shown = URL.create(url.drivername, username=url.username, host=url.host, port=url.port,
                       database=url.database)
    return shown.render_as_string(hide_password=False)


def _counted(engine: Engine, filters: Mapping[str, Any]) -> set[str]:
    """The ids of the contests the indicators under ``filters`` count (the same summaries,
    narrowed as `indicators.indicator_query` narrows them)."""
    query = narrowed(select(SUMMARIES.c.contest_id).distinct(), filters)
    with engine.connect() as connection:
        return {row[0] for row in connection.execute(query)}


def gather(engine: Engine, keys: tuple[str, ...], filters: Mapping[str, Any] | None = None,
           now: datetime | None = None) -> Report:
    """Everything a report prints, read in one go. Raises `UnknownKey`."""
    filters = dict(filters or {})
    for key in (*keys, *filters):
        if key not in KEYS:
            raise UnknownKey(key)
    chosen = tuple(dict.fromkeys(keys)) or DEFAULT_KEYS
    whole = indicators(engine, (), filters)
    empty = Group({}, {})
    groupings = [Grouping(key, indicators(engine, (key,), filters)) for key in chosen]
    counted = _counted(engine, filters)
    stored = contests(engine)
    listed = [c for c in stored if c.id in counted]
    return Report(chosen, filters, whole[0] if whole else empty, groupings, listed,
                  (now or datetime.now(UTC)).astimezone(UTC), source_of(engine),
                  group_names(engine))

