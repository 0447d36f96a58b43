"""Session records: confirmed sheets, absences, observations.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _contest_id() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("contest_id", sa.String(length=64), nullable=False)


def upgrade() -> None:
    fk = sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], ondelete="CASCADE")
    op.create_table(
        "confirmations",
        _contest_id(),
        sa.Column("juror_id", sa.String(length=200), nullable=False),
        sa.Column("proposal_id", sa.String(length=200), nullable=False),
        sa.Column("phase_id", sa.String(length=200), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        fk,
        sa.PrimaryKeyConstraint("contest_id", "juror_id", "proposal_id", "phase_id"),
    )
    op.create_table(
        "absences",
        _contest_id(),
        sa.Column("juror_id", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contest_id", "juror_id"),
    )
    op.create_table(
        "observations",
        _contest_id(),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contest_id", "seq"),
    )


def downgrade() -> None:
    op.drop_table("observations")
    op.drop_table("absences")
    op.drop_table("confirmations")
