"""The database tables (SQLAlchemy 2 typed ORM).

One row per item of the contest, keyed by (contest id, item id); ``position`` keeps the order
of the bundle's lists. Decimals are stored as text so that no database rounds them. Events
are stored with their data in canonical JSON, exactly as hashed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


def _contest_fk() -> Mapped[str]:
    return mapped_column(String(64), ForeignKey("contests.id", ondelete="CASCADE"),
                         primary_key=True)


class ContestRow(Base):
    __tablename__ = "contests"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    date: Mapped[str] = mapped_column(String(10))
    place: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    currency: Mapped[str] = mapped_column(String(3))
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)
    session_state: Mapped[str] = mapped_column(String(16))
    last_seq: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))
    definition_version: Mapped[int] = mapped_column(Integer, default=0)
    """Bumped by every change to the definition or the recusals (a cache key)."""
    next_score_position: Mapped[int] = mapped_column(Integer, default=0)
    presenting: Mapped[str | None] = mapped_column(String(200))
    """The proposal now presenting, if any."""
    time_zone: Mapped[str | None] = mapped_column(String(64))
    """None: the default (America/Lima)."""
    programme: Mapped[str | None] = mapped_column(Text)
    office: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    followups: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """The follow-up evaluations' rules, phases and items, in the bundle's shape."""


class CategoryRow(Base):
    __tablename__ = "categories"

    contest_id: Mapped[str] = _contest_fk()
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[Any] = mapped_column(JSON)
    budget: Mapped[str] = mapped_column(String(40))
    max_award: Mapped[str | None] = mapped_column(String(40))


class PhaseRow(Base):
    __tablename__ = "phases"

    contest_id: Mapped[str] = _contest_fk()
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[Any] = mapped_column(JSON)


class CriterionRow(Base):
    __tablename__ = "criteria"

    contest_id: Mapped[str] = _contest_fk()
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    phase_id: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[Any] = mapped_column(JSON)
    max: Mapped[str] = mapped_column(String(40))
    min: Mapped[str] = mapped_column(String(40))
    step: Mapped[str] = mapped_column(String(40))
    weight: Mapped[str] = mapped_column(String(40))


class JurorRow(Base):
    __tablename__ = "jurors"

    contest_id: Mapped[str] = _contest_fk()
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    document: Mapped[str | None] = mapped_column(String(40))
    role: Mapped[str | None] = mapped_column(Text)
    phases: Mapped[list[str]] = mapped_column(JSON)


class ProposalRow(Base):
    __tablename__ = "proposals"

    contest_id: Mapped[str] = _contest_fk()
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    category_id: Mapped[str] = mapped_column(String(200))
    organization: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    requested: Mapped[str] = mapped_column(String(40))
    own_contribution: Mapped[str | None] = mapped_column(String(40))
    presentation_order: Mapped[int] = mapped_column(Integer)
    families: Mapped[int | None] = mapped_column(Integer)
    women: Mapped[int | None] = mapped_column(Integer)
    youth: Mapped[int | None] = mapped_column(Integer)
    women_led: Mapped[bool | None] = mapped_column(Boolean)
    district: Mapped[str | None] = mapped_column(Text)


class RecusalRow(Base):
    __tablename__ = "recusals"

    contest_id: Mapped[str] = _contest_fk()
    juror_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    proposal_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)


class ScoreRow(Base):
    __tablename__ = "scores"
    __table_args__ = (Index("ix_scores_item", "contest_id", "proposal_id"),)

    contest_id: Mapped[str] = _contest_fk()
    juror_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    proposal_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    criterion_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)


class DrawRow(Base):
    __tablename__ = "draws"

    contest_id: Mapped[str] = _contest_fk()
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposals: Mapped[list[str]] = mapped_column(JSON)
    draw_order: Mapped[list[str]] = mapped_column(JSON)


class ConfirmationRow(Base):
    """A sheet read back on the projector and confirmed by its juror ("conforme")."""

    __tablename__ = "confirmations"

    contest_id: Mapped[str] = _contest_fk()
    juror_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    proposal_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    phase_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)


class AbsenceRow(Base):
    """A juror marked absent from the session (absent jurors do not score)."""

    __tablename__ = "absences"

    contest_id: Mapped[str] = _contest_fk()
    juror_id: Mapped[str] = mapped_column(String(200), primary_key=True)


class PhaseAbsenceRow(Base):
    """A juror who took no part in one phase of one item (bundle v2 ``absences``)."""

    __tablename__ = "phase_absences"

    contest_id: Mapped[str] = _contest_fk()
    juror_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    proposal_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    phase_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)


class WithdrawalRow(Base):
    """An item that did not present or withdrew (bundle v2 ``withdrawals``)."""

    __tablename__ = "withdrawals"

    contest_id: Mapped[str] = _contest_fk()
    proposal_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)


class ObservationRow(Base):
    """Free text the secretary records for the minutes."""

    __tablename__ = "observations"

    contest_id: Mapped[str] = _contest_fk()
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(Text)


class ProposalImageRow(Base):
    """A proposal's photo or talking map; the log holds its SHA-256."""

    __tablename__ = "proposal_images"

    contest_id: Mapped[str] = _contest_fk()
    proposal_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    media_type: Mapped[str] = mapped_column(String(40))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class RowDigestRow(Base):
    """The digest of one part of a contest's rows, as last written (see digests.py)."""

    __tablename__ = "row_digests"

    contest_id: Mapped[str] = _contest_fk()
    part: Mapped[str] = mapped_column(String(210), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_contest_kind", "contest_id", "kind"),)

    contest_id: Mapped[str] = _contest_fk()
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str | None] = mapped_column(Text)
    data: Mapped[str] = mapped_column(Text)
    """The event's data in canonical JSON."""
    prev: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


CONTEST_TABLES = (RowDigestRow, EventRow, ProposalImageRow, ObservationRow, AbsenceRow,
                  ConfirmationRow, DrawRow, ScoreRow, RecusalRow, PhaseAbsenceRow,
                  WithdrawalRow, ProposalRow,
                  JurorRow, CriterionRow, PhaseRow, CategoryRow)
"""Tables holding one contest's rows (children first, for deleting)."""
DEFINITION_TABLES = (ProposalRow, JurorRow, CriterionRow, PhaseRow, CategoryRow)
