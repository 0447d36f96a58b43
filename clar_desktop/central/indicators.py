"""The programme's indicators (spec: central-v1, Indicators) from ONE SQL aggregation.

At ingest, in the bundle's transaction, the database adds up each contest's result rows
into its summaries (`summarize`: a CASE picks what each row adds — a funded proposal's award,
an item not withdrawn's second tranche… — one summary per category of its proposals and
one for its follow-up items). The indicators are then one GROUP BY over the summaries with
the keys asked for (`indicator_query`): its cost grows with the number of contests, not of
proposals (see README, "The central office"). Sums are exact — NUMERIC on PostgreSQL, an
exact aggregate over the amounts' text on SQLite — and this module only divides the sums of
each group and writes them as the spec says (half up to two decimals, as text). Grouping by
``category`` takes the proposals' summaries only: items have no category, so their figures
are then null.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any
from typing import cast as typed

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    String,
    Table,
    case,
    cast,
    func,
    insert,
    literal,
    null,
    select,
)

from ..domain.numbers import format_2dp
from .database import exact_sums
from .schema import Amount, CentralItem, CentralProposal, CentralSummary

KEYS = ("programme", "office", "region", "province", "district", "year", "category")
"""What ``--by`` takes, in the spec's words."""
COLUMN = {"office": "office_id"}
"""The column of a key, where its name differs."""
COUNTS = ("contests", "presented", "withdrawn", "approved", "funded")
INDICATORS = ("contests", "presented", "withdrawn", "approved", "funded", "approval_rate",
              "awarded", "first_tranche", "second_tranche", "families", "families_missing",
              "women", "youth", "women_led_share", "leverage", "award_per_family", "items",
              "items_approved", "released", "due", "completion_rate")
FOLLOWUP = ("items", "items_approved", "released", "due", "completion_rate")
"""The follow-up figures: null when grouping by category."""
_SUMMED_COUNTS = ("presented", "withdrawn", "approved", "funded", "families",
                  "families_missing", "women", "youth", "women_led_true", "women_led_given",
                  "items", "items_approved")
_SUMMED_AMOUNTS = ("awarded", "first_tranche", "second_tranche", "own_contribution",
                   "released", "due")
SUMMARIES = typed(Table, CentralSummary.__table__)


@dataclass(frozen=True, slots=True)
class Group:
    """One group: its key values (by key name) and its indicators (by the spec's names)."""

    key: dict[str, Any]
    figures: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, **self.figures}


def _flag(condition: ColumnElement[Any]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


ROW_KEYS = ("programme", "office_id", "region", "province", "district", "year")
"""The grouping keys every row of a contest carries (its own, the same on each row)."""


def _proposal_measures() -> Select[Any]:
    """Each proposal row with what it adds to its group: a CASE picks the figure (a funded
    proposal's award, a missing count of families…), the sums of a group add them up."""
    p = CentralProposal.__table__.c
    funded = p.funded.is_(True)
    return select(
        p.contest_id, *(p[k] for k in ROW_KEYS), p.category.label("category"),
        _flag(p.withdrawn.is_(False)).label("presented"),
        _flag(p.withdrawn.is_(True)).label("withdrawn"),
        _flag(p.approved.is_(True)).label("approved"),
        _flag(funded).label("funded"),
        case((funded, p.families), else_=0).label("families"),
        _flag(funded & p.families.is_(None)).label("families_missing"),
        case((funded, p.women), else_=0).label("women"),
        case((funded, p.youth), else_=0).label("youth"),
        _flag(funded & p.women_led.is_(True)).label("women_led_true"),
        _flag(funded & p.women_led.is_not(None)).label("women_led_given"),
        literal(0).label("items"), literal(0).label("items_approved"),
        case((funded, p.award)).label("awarded"),
        case((funded, p.first_tranche)).label("first_tranche"),
        case((funded, p.second_tranche)).label("second_tranche"),
        case((funded, p.own_contribution)).label("own_contribution"),
        cast(null(), Amount()).label("released"), cast(null(), Amount()).label("due"))


def _item_measures() -> Select[Any]:
    i = CentralItem.__table__.c
    nothing = cast(null(), Amount())
    return select(
        i.contest_id, *(i[k] for k in ROW_KEYS), cast(null(), String()).label("category"),
        *(literal(0).label(name) for name in _SUMMED_COUNTS[:-2]),
        _flag(i.withdrawn.is_(False)).label("items"),
        _flag(i.approved.is_(True)).label("items_approved"),
        *(nothing.label(name) for name in _SUMMED_AMOUNTS[:4]),
        i.released.label("released"),
        case((i.withdrawn.is_(False), i.second_tranche)).label("due"))


def _sums(rows: Any, dialect: str) -> list[ColumnElement[Any]]:
    """The sums of a group: counts by SUM, amounts exactly (see the module's docstring)."""
    add_amounts = func.exact_sum if dialect == "sqlite" else func.sum
    return [*(func.coalesce(func.sum(rows.c[name]), 0).label(name) for name in _SUMMED_COUNTS),
            *(add_amounts(rows.c[name]).label(name) for name in _SUMMED_AMOUNTS)]


def summarize(connection: Connection, contest_id: str) -> None:
    """Add up one contest's rows into its summaries (at ingest, in its transaction)."""
    exact_sums(connection)
    dialect = connection.dialect.name
    columns = ["contest_id", *ROW_KEYS, "category", *_SUMMED_COUNTS, *_SUMMED_AMOUNTS]
    for part, measures in (("proposals", _proposal_measures()), ("items", _item_measures())):
        rows = measures.where(measures.selected_columns.contest_id == contest_id).subquery()
        grouped = [rows.c.contest_id, *(rows.c[k] for k in ROW_KEYS), rows.c.category]
        query = select(*grouped, *_sums(rows, dialect), literal(part).label("part")) \
            .group_by(*grouped)
        connection.execute(insert(SUMMARIES).from_select([*columns, "part"], query))


def narrowed(query: Select[Any], filters: Mapping[str, Any],
             by_category: bool = False) -> Select[Any]:
    """``query`` over the summaries, kept to the contests ``filters`` count (key → value,
    None: the value is missing); the proposals' part only when grouping (``by_category``)
    or filtering by category."""
    rows = SUMMARIES
    if by_category or "category" in filters:
        query = query.where(rows.c.part == "proposals")
    for key, value in filters.items():
        column = rows.c[COLUMN.get(key, key)]
        query = query.where(column.is_(None) if value is None else column == value)
    return query


def indicator_query(keys: tuple[str, ...], dialect: str,
                    filters: Mapping[str, Any] | None = None) -> Select[Any]:
    """The one aggregation, over the contests' summaries: the group's key values, then its
    number of contests and its sums. Grouping (or filtering) by ``category`` takes the
    proposals' part. ``filters``: key → value (None: the value is missing) that every
    contest counted must have, as the central office window filters."""
    rows = SUMMARIES
    query = select(*(rows.c[COLUMN.get(k, k)].label(k) for k in keys),
                   func.count(rows.c.contest_id.distinct()).label("contests"),
                   *_sums(rows, dialect))
    query = narrowed(query, filters or {}, "category" in keys)
    if keys:
        query = query.group_by(*(rows.c[COLUMN.get(k, k)] for k in keys))
    return query


def indicators(engine: Engine, keys: tuple[str, ...] = (),
               filters: Mapping[str, Any] | None = None) -> list[Group]:
    """Every group's indicators, groups ordered by their key values as text, null last
    (``filters``: see `indicator_query`)."""
    query = indicator_query(keys, engine.dialect.name, filters)
    with engine.connect() as connection:
        exact_sums(connection)
        rows = connection.execute(query).mappings().all()
    narrowed = tuple(filters or ())
    groups = [Group({k: _key_value(k, row[k]) for k in keys},
                    _figures(row, (*keys, *narrowed))) for row in rows]
    return sorted(groups, key=lambda g: tuple(
        (g.key[k] is None, "" if g.key[k] is None else str(g.key[k])) for k in keys))


def _key_value(key: str, value: Any) -> Any:
    return int(value) if key == "year" and value is not None else value


def _exact(value: Any) -> Fraction:
    return Fraction(Decimal(str(value))) if value is not None else Fraction(0)


def _ratio(numerator: Fraction, denominator: Fraction, scale: int = 1) -> str | None:
    return None if denominator == 0 else format_2dp(numerator * scale / denominator)


def _figures(row: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    """A group's indicators from its sums (``keys``: the keys grouped or filtered by)."""
    count = {name: int(row.get(name) or 0) for name in (*COUNTS, *_SUMMED_COUNTS)}
    amount = {name: _exact(row.get(name)) for name in _SUMMED_AMOUNTS}
    awarded, families = amount["awarded"], Fraction(count["families"])
    figures: dict[str, Any] = {
        "contests": count["contests"], "presented": count["presented"],
        "withdrawn": count["withdrawn"], "approved": count["approved"],
        "funded": count["funded"],
        "approval_rate": _ratio(Fraction(count["approved"]), Fraction(count["presented"]), 100),
        "awarded": format_2dp(awarded),
        "first_tranche": format_2dp(amount["first_tranche"]),
        "second_tranche": format_2dp(amount["second_tranche"]),
        "families": count["families"], "families_missing": count["families_missing"],
        "women": count["women"], "youth": count["youth"],
        "women_led_share": _ratio(Fraction(count["women_led_true"]),
                                  Fraction(count["women_led_given"]), 100),
        "leverage": _ratio(amount["own_contribution"], awarded),
        "award_per_family": _ratio(awarded, families),
        "items": count["items"], "items_approved": count["items_approved"],
        "released": format_2dp(amount["released"]), "due": format_2dp(amount["due"]),
        "completion_rate": _ratio(Fraction(count["items_approved"]),
                                  Fraction(count["items"]), 100)}
    if "category" in keys:
        figures.update(dict.fromkeys(FOLLOWUP))
    return figures


def indicators_json(by: list[str], groups: list[Group]) -> dict[str, Any]:
    """The spec's ``--format json`` object."""
    return {"by": list(by), "groups": [g.to_json() for g in groups]}
