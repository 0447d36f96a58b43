"""Bundle version 2: time zone, programme, office, follow-ups; absences and withdrawals;
the digests of every contest's rows.

The follow-up evaluations (rules, phases, items) are kept whole in one JSON column of the
contest: they are a few dozen items, always read and changed together, and their scores,
recusals and absences are rows of the ordinary tables (item ids share the proposals'
namespace). The row digests (store/digests.py) of the contests already here are computed
from their rows as they are.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contests") as batch:
        batch.add_column(sa.Column("time_zone", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("programme", sa.Text(), nullable=True))
        batch.add_column(sa.Column("office", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("followups", sa.JSON(), nullable=True))
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(sa.Column("women_led", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("district", sa.Text(), nullable=True))
    op.create_table(
        "phase_absences",
        sa.Column("contest_id", sa.String(length=64), nullable=False),
        sa.Column("juror_id", sa.String(length=200), nullable=False),
        sa.Column("proposal_id", sa.String(length=200), nullable=False),
        sa.Column("phase_id", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contest_id", "juror_id", "proposal_id", "phase_id"),
    )
    op.create_table(
        "withdrawals",
        sa.Column("contest_id", sa.String(length=64), nullable=False),
        sa.Column("proposal_id", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contest_id", "proposal_id"),
    )
    op.create_table(
        "row_digests",
        sa.Column("contest_id", sa.String(length=64), nullable=False),
        sa.Column("part", sa.String(length=210), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["contest_id"], ["contests.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contest_id", "part"),
    )
    op.create_index("ix_scores_item", "scores", ["contest_id", "proposal_id"])
    from clar_desktop.store import digests

    session = Session(bind=op.get_bind())
    for (contest_id,) in session.execute(sa.text("SELECT id FROM contests")).all():
        digests.seal(session, contest_id)


def downgrade() -> None:
    op.drop_index("ix_scores_item", "scores")
    op.drop_table("row_digests")
    op.drop_table("withdrawals")
    op.drop_table("phase_absences")
    with op.batch_alter_table("proposals") as batch:
        batch.drop_column("district")
        batch.drop_column("women_led")
    with op.batch_alter_table("contests") as batch:
        batch.drop_column("followups")
        batch.drop_column("office")
        batch.drop_column("programme")
        batch.drop_column("time_zone")
