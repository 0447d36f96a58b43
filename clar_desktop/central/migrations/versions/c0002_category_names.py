"""The categories' names, for reports and charts; filled in from the stored bundles.

Revision ID: c0002
Revises: c0001
"""

import json
import zlib

import sqlalchemy as sa
from alembic import op

from clar_desktop.domain.model import text_in

revision = "c0002"
down_revision = "c0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    fk = sa.ForeignKey("central_contests.id", ondelete="CASCADE")
    categories = op.create_table(
        "central_categories",
        sa.Column("contest_id", sa.String(length=64), fk, primary_key=True),
        sa.Column("category_id", sa.String(length=200), primary_key=True),
        sa.Column("name_es", sa.Text(), nullable=False),
        sa.Column("name_qu", sa.Text(), nullable=False),
    )
    connection = op.get_bind()
    stored = connection.execute(sa.text("SELECT id, bundle FROM central_contests"))
    rows = []
    for contest_id, data in stored:
        try:
            contest = json.loads(zlib.decompress(data))["contest"]
            found = contest.get("categories") or []
        except (zlib.error, ValueError, KeyError, TypeError):
            continue  # a damaged copy: `recheck` reports it; its categories keep their ids
        for category in found:
            name = category.get("name") or category["id"]
            rows.append({"contest_id": contest_id, "category_id": category["id"],
                         "name_es": text_in(name, "es"), "name_qu": text_in(name, "qu")})
    if rows:
        op.bulk_insert(categories, rows)


def downgrade() -> None:
    op.drop_table("central_categories")
