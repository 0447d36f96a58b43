"""first schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-28 03:06:24.432783
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contests",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("place", sa.JSON(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("session_state", sa.String(length=16), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("definition_version", sa.Integer(), nullable=False),
        sa.Column("next_score_position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "categories",
        sa.Column("contest_id", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("budget", sa.String(length=40), nullable=False),
        sa.Column("max_award", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contest_id", "id"),
    )
    op.create_table(
        "criteria",
        sa.Column("contest_id", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("phase_id", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.Column("max", sa.String(length=40), nullable=False),
        sa.Column("min", sa.String(length=40), nullable=False),
        sa.Column("step", sa.String(length=40), nullable=False),
        sa.Column("weight", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contest_id", "id"),
    )
    op.create_table(
        "draws",
        sa.Column("contest_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("proposals", sa.JSON(), nullable=False),
        sa.Column("draw_order", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contest_id", "position"),
    )
    op.create_table(
        "events",
        sa.Column("contest_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.Text(), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("prev", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contest_id", "seq"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_contest_kind", ["contest_id", "kind"], unique=False)

    op.create_table(
        "jurors",
        sa.Column("contest_id", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("document", sa.String(length=40), nullable=True),
        sa.Column("role", sa.Text(), nullable=True),
        sa.Column("phases", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contest_id", "id"),
    )
    op.create_table(
        "phases",
        sa.Column("contest_id", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contest_id", "id"),
    )
    op.create_table(
        "proposals",
        sa.Column("contest_id", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.String(length=200), nullable=False),
        sa.Column("organization", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("requested", sa.String(length=40), nullable=False),
        sa.Column("own_contribution", sa.String(length=40), nullable=True),
        sa.Column("presentation_order", sa.Integer(), nullable=False),
        sa.Column("families", sa.Integer(), nullable=True),
        sa.Column("women", sa.Integer(), nullable=True),
        sa.Column("youth", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contest_id", "id"),
    )
    op.create_table(
        "recusals",
        sa.Column("contest_id", sa.String(length=64), nullable=False),
        sa.Column("juror_id", sa.String(length=200), nullable=False),
        sa.Column("proposal_id", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contest_id", "juror_id", "proposal_id"),
    )
    op.create_table(
        "scores",
        sa.Column("contest_id", sa.String(length=64), nullable=False),
        sa.Column("juror_id", sa.String(length=200), nullable=False),
        sa.Column("proposal_id", sa.String(length=200), nullable=False),
        sa.Column("criterion_id", sa.String(length=200), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contest_id", "juror_id", "proposal_id", "criterion_id"),
    )


def downgrade() -> None:
    op.drop_table("scores")
    op.drop_table("recusals")
    op.drop_table("proposals")
    op.drop_table("phases")
    op.drop_table("jurors")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_contest_kind")

    op.drop_table("events")
    op.drop_table("draws")
    op.drop_table("criteria")
    op.drop_table("categories")
    op.drop_table("contests")
