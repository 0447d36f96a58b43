"""The central office: verified bundles, result rows with their grouping keys, conflicts.

Revision ID: c0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "c0001"
down_revision = None
branch_labels = None
depends_on = None

KEYS = ("programme", "office_id", "region", "province", "district", "year")
COUNTS = ("presented", "withdrawn", "approved", "funded", "families", "families_missing",
          "women", "youth", "women_led_true", "women_led_given", "items", "items_approved")
AMOUNTS = ("awarded", "first_tranche", "second_tranche", "own_contribution", "released", "due")


def _amount() -> sa.types.TypeEngine:  # type: ignore[type-arg]
    return sa.Numeric(asdecimal=True).with_variant(sa.Text(), "sqlite")


def _keys() -> list[sa.Column]:  # type: ignore[type-arg]
    return [sa.Column("programme", sa.Text(), nullable=True),
            sa.Column("office_id", sa.String(length=64), nullable=True),
            sa.Column("region", sa.Text(), nullable=True),
            sa.Column("province", sa.Text(), nullable=True),
            sa.Column("district", sa.Text(), nullable=True),
            sa.Column("year", sa.Integer(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "central_contests",
        sa.Column("id", sa.String(length=64), primary_key=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("programme", sa.Text(), nullable=True),
        sa.Column("office_id", sa.String(length=64), nullable=True),
        sa.Column("office_name", sa.Text(), nullable=True),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("province", sa.Text(), nullable=True),
        sa.Column("district", sa.Text(), nullable=True),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("log_hash", sa.String(length=64), nullable=False),
        sa.Column("results_hash", sa.String(length=64), nullable=False),
        sa.Column("session_closed", sa.Boolean(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("bundle_sha256", sa.String(length=64), nullable=False),
        sa.Column("bundle", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_central_contests_office_id", "central_contests", ["office_id"])
    op.create_index("ix_central_contests_year", "central_contests", ["year"])
    fk = sa.ForeignKey("central_contests.id", ondelete="CASCADE")
    op.create_table(
        "central_proposals",
        sa.Column("contest_id", sa.String(length=64), fk, primary_key=True),
        sa.Column("proposal_id", sa.String(length=200), primary_key=True),
        *_keys(),
        sa.Column("category", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("funded", sa.Boolean(), nullable=False),
        sa.Column("award", _amount(), nullable=False),
        sa.Column("first_tranche", _amount(), nullable=False),
        sa.Column("second_tranche", _amount(), nullable=False),
        sa.Column("own_contribution", _amount(), nullable=True),
        sa.Column("families", sa.Integer(), nullable=True),
        sa.Column("women", sa.Integer(), nullable=True),
        sa.Column("youth", sa.Integer(), nullable=True),
        sa.Column("women_led", sa.Boolean(), nullable=True),
    )
    fk = sa.ForeignKey("central_contests.id", ondelete="CASCADE")
    op.create_table(
        "central_items",
        sa.Column("contest_id", sa.String(length=64), fk, primary_key=True),
        sa.Column("item_id", sa.String(length=200), primary_key=True),
        *_keys(),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("first_tranche", _amount(), nullable=False),
        sa.Column("second_tranche", _amount(), nullable=False),
        sa.Column("released", _amount(), nullable=False),
        sa.Column("families", sa.Integer(), nullable=True),
        sa.Column("women", sa.Integer(), nullable=True),
        sa.Column("youth", sa.Integer(), nullable=True),
    )
    for table, keys in (("central_proposals", (*KEYS, "category")), ("central_items", KEYS)):
        for key in keys:
            op.create_index(f"ix_{table}_{key}", table, [key])
    op.create_table(
        "central_summaries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("contest_id", sa.String(length=64),
                  sa.ForeignKey("central_contests.id", ondelete="CASCADE"), nullable=False),
        sa.Column("part", sa.String(length=16), nullable=False),
        *_keys(),
        sa.Column("category", sa.String(length=200), nullable=True),
        *(sa.Column(name, sa.BigInteger(), nullable=False) for name in COUNTS),
        *(sa.Column(name, _amount(), nullable=True) for name in AMOUNTS),
    )
    op.create_index("ix_central_summaries_contest_id", "central_summaries", ["contest_id"])
    op.create_index("ix_central_summaries_part_category", "central_summaries",
                    ["part", "category"])
    op.create_table(
        "central_conflicts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("contest_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("stored_hash", sa.String(length=64), nullable=False),
        sa.Column("incoming_hash", sa.String(length=64), nullable=False),
        sa.Column("stored_log_hash", sa.String(length=64), nullable=False),
        sa.Column("incoming_log_hash", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("bundle_sha256", sa.String(length=64), nullable=False),
        sa.Column("bundle", sa.LargeBinary(), nullable=False),
        sa.UniqueConstraint("contest_id", "bundle_sha256", name="uq_central_conflicts_bundle"),
    )
    op.create_index("ix_central_conflicts_contest_id", "central_conflicts", ["contest_id"])


def downgrade() -> None:
    for table in ("central_conflicts", "central_summaries", "central_items", "central_proposals",
                  "central_contests"):
        op.drop_table(table)
