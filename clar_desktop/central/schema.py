"""The central office's tables, beside the contest store's (their own metadata and Alembic
history, see migrations/).

Amounts are exact: NUMERIC on PostgreSQL, text on SQLite (which has no exact decimal type;
its sums go through an exact aggregate, see `database`). Every grouping key of the
indicators is copied into each result row, so that the indicators are one aggregation over
one table per kind, without a join.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine

from ..domain.numbers import decimal_text

VERSION_TABLE = "central_alembic_version"


class Amount(TypeDecorator[Decimal]):
    """An exact decimal: NUMERIC (no scale limit) on PostgreSQL, its text on SQLite."""

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(Text())
        return dialect.type_descriptor(Numeric(asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        return decimal_text(Decimal(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(str(value))


def amount_type() -> Amount:
    return Amount()


class CentralBase(DeclarativeBase):
    pass


KEYS = ("programme", "office_id", "region", "province", "district", "year")
"""The grouping keys every result row carries (``category`` only on proposal rows)."""


class CentralContest(CentralBase):
    __tablename__ = "central_contests"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    programme: Mapped[str | None] = mapped_column(Text)
    office_id: Mapped[str | None] = mapped_column(String(64))
    office_name: Mapped[str | None] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(Text)
    province: Mapped[str | None] = mapped_column(Text)
    district: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str] = mapped_column(String(10))
    year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    """The bundle's format version (1 or 2)."""
    log_hash: Mapped[str] = mapped_column(String(64))
    results_hash: Mapped[str] = mapped_column(String(64))
    session_closed: Mapped[bool] = mapped_column(Boolean)
    events: Mapped[int] = mapped_column(Integer)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    file_name: Mapped[str] = mapped_column(Text)
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the exact bytes ingested (before compression)."""
    bundle: Mapped[bytes] = mapped_column(LargeBinary)
    """The exact bytes ingested, zlib-compressed."""


def _contest_fk() -> Mapped[str]:
    return mapped_column(String(64), ForeignKey("central_contests.id", ondelete="CASCADE"),
                         primary_key=True)


class CentralProposal(CentralBase):
    __tablename__ = "central_proposals"

    contest_id: Mapped[str] = _contest_fk()
    proposal_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    programme: Mapped[str | None] = mapped_column(Text)
    office_id: Mapped[str | None] = mapped_column(String(64))
    region: Mapped[str | None] = mapped_column(Text)
    province: Mapped[str | None] = mapped_column(Text)
    district: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    withdrawn: Mapped[bool] = mapped_column(Boolean)
    approved: Mapped[bool] = mapped_column(Boolean)
    funded: Mapped[bool] = mapped_column(Boolean)
    award: Mapped[Decimal] = mapped_column(amount_type())
    first_tranche: Mapped[Decimal] = mapped_column(amount_type())
    second_tranche: Mapped[Decimal] = mapped_column(amount_type())
    own_contribution: Mapped[Decimal | None] = mapped_column(amount_type())
    families: Mapped[int | None] = mapped_column(Integer)
    women: Mapped[int | None] = mapped_column(Integer)
    youth: Mapped[int | None] = mapped_column(Integer)
    women_led: Mapped[bool | None] = mapped_column(Boolean)


class CentralCategory(CentralBase):
    """A category of a stored contest and its name, for the reports and charts to print
    (the result rows and the indicators keep the id, as the spec's ``--by category``)."""

    __tablename__ = "central_categories"

    contest_id: Mapped[str] = _contest_fk()
    category_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name_es: Mapped[str] = mapped_column(Text)
    name_qu: Mapped[str] = mapped_column(Text)


class CentralItem(CentralBase):
    """A second-tranche evaluation (a follow-up item) and its result."""

    __tablename__ = "central_items"

    contest_id: Mapped[str] = _contest_fk()
    item_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    programme: Mapped[str | None] = mapped_column(Text)
    office_id: Mapped[str | None] = mapped_column(String(64))
    region: Mapped[str | None] = mapped_column(Text)
    province: Mapped[str | None] = mapped_column(Text)
    district: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    withdrawn: Mapped[bool] = mapped_column(Boolean)
    approved: Mapped[bool] = mapped_column(Boolean)
    first_tranche: Mapped[Decimal] = mapped_column(amount_type())
    second_tranche: Mapped[Decimal] = mapped_column(amount_type())
    released: Mapped[Decimal] = mapped_column(amount_type())
    families: Mapped[int | None] = mapped_column(Integer)
    women: Mapped[int | None] = mapped_column(Integer)
    youth: Mapped[int | None] = mapped_column(Integer)


class CentralSummary(CentralBase):
    """A contest's figures added up once, at ingest, from its result rows: one row per
    category of its proposals (``part`` "proposals") and one for its follow-up items (part
    "items", no category). The indicators add these up: their cost grows with the number of
    contests, not of proposals. Counts are 64-bit: sixty proposals of up to two thousand
    million families each (the reader's bound) overflow a 32-bit sum."""

    __tablename__ = "central_summaries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contest_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("central_contests.id", ondelete="CASCADE"), index=True)
    part: Mapped[str] = mapped_column(String(16))
    programme: Mapped[str | None] = mapped_column(Text)
    office_id: Mapped[str | None] = mapped_column(String(64))
    region: Mapped[str | None] = mapped_column(Text)
    province: Mapped[str | None] = mapped_column(Text)
    district: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int] = mapped_column(Integer)
    category: Mapped[str | None] = mapped_column(String(200))
    presented: Mapped[int] = mapped_column(BigInteger)
    withdrawn: Mapped[int] = mapped_column(BigInteger)
    approved: Mapped[int] = mapped_column(BigInteger)
    funded: Mapped[int] = mapped_column(BigInteger)
    families: Mapped[int] = mapped_column(BigInteger)
    families_missing: Mapped[int] = mapped_column(BigInteger)
    women: Mapped[int] = mapped_column(BigInteger)
    youth: Mapped[int] = mapped_column(BigInteger)
    women_led_true: Mapped[int] = mapped_column(BigInteger)
    women_led_given: Mapped[int] = mapped_column(BigInteger)
    items: Mapped[int] = mapped_column(BigInteger)
    items_approved: Mapped[int] = mapped_column(BigInteger)
    awarded: Mapped[Decimal | None] = mapped_column(amount_type())
    first_tranche: Mapped[Decimal | None] = mapped_column(amount_type())
    second_tranche: Mapped[Decimal | None] = mapped_column(amount_type())
    own_contribution: Mapped[Decimal | None] = mapped_column(amount_type())
    released: Mapped[Decimal | None] = mapped_column(amount_type())
    due: Mapped[Decimal | None] = mapped_column(amount_type())


class CentralConflict(CentralBase):
    """A copy of a stored contest whose log parts from the stored one at ``seq``."""

    __tablename__ = "central_conflicts"
    __table_args__ = (UniqueConstraint("contest_id", "bundle_sha256",
                                       name="uq_central_conflicts_bundle"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contest_id: Mapped[str] = mapped_column(String(64), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    stored_hash: Mapped[str] = mapped_column(String(64))
    incoming_hash: Mapped[str] = mapped_column(String(64))
    stored_log_hash: Mapped[str] = mapped_column(String(64))
    incoming_log_hash: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    bundle: Mapped[bytes] = mapped_column(LargeBinary)
    """The incoming bundle's exact bytes, zlib-compressed: the evidence."""


for _name, _columns, _keys in (
        ("central_proposals", CentralProposal.__table__.c, (*KEYS, "category")),
        ("central_items", CentralItem.__table__.c, KEYS)):
    for _key in _keys:
        Index(f"ix_{_name}_{_key}", _columns[_key])
Index("ix_central_summaries_part_category", CentralSummary.__table__.c.part,
      CentralSummary.__table__.c.category)
Index("ix_central_contests_office_id", CentralContest.__table__.c.office_id)
Index("ix_central_contests_year", CentralContest.__table__.c.year)
