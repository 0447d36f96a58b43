"""What the reports and charts call an office or a category: the name its bundles give it.

The result rows, the indicators and ``central indicators`` keep the ids (the spec's groups are
ids); the names are read beside them, from the stored contests (an office's name) and their
categories (a category's name in Spanish and Quechua). Where two contests name one id
differently, the latest contest's name is the one printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Engine, Table, select

from .schema import CentralCategory, CentralContest

CONTESTS = cast(Table, CentralContest.__table__)
CATEGORIES = cast(Table, CentralCategory.__table__)
NAMED = ("office", "category")
"""The grouping keys whose values are ids with a name."""


@dataclass(frozen=True, slots=True)
class GroupNames:
    offices: Mapping[str, str] = field(default_factory=dict)
    """Each office's name, as its latest contest gives it."""
    categories: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """Each category's name in Spanish and in Quechua, as its latest contest gives it."""

    def name(self, key: str, value: Any, language: str | None = None) -> str | None:
        """The name of ``value`` of ``key`` in ``language`` (Quechua for "qu", else
        Spanish); None when the bundles gave none, or the name is the id itself."""
        if value is None or key not in NAMED:
            return None
        if key == "office":
            found = self.offices.get(value)
        else:
            both = self.categories.get(value)
            found = None if both is None else both[1] if language == "qu" else both[0]
        return found if found and found != value else None


def group_names(engine: Engine) -> GroupNames:
    """The names of every stored office and category."""
    c, k = CONTESTS.c, CATEGORIES.c
    with engine.connect() as connection:
        offices = connection.execute(
            select(c.office_id, c.office_name)
            .where(c.office_id.is_not(None), c.office_name.is_not(None))
            .order_by(c.date, c.id)).all()
        categories = connection.execute(
            select(k.category_id, k.name_es, k.name_qu)
            .join(CONTESTS, c.id == k.contest_id).order_by(c.date, c.id)).all()
    return GroupNames({office: name for office, name in offices},
                      {category: (es, qu) for category, es, qu in categories})
