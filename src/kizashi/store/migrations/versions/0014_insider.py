"""insider: the inspection desk's review of insider alerts, and suppressions (issue 19)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

ID = sa.String(length=36)
WHEN = sa.DateTime(timezone=True)  # as UTCDateTime renders


def upgrade() -> None:
    with op.batch_alter_table("insider_alerts") as batch:
        batch.add_column(
            sa.Column("lane", sa.String(length=12), nullable=False, server_default="queue")
        )
        batch.add_column(sa.Column("explanation_ja", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("assignee", ID, nullable=True))
        batch.add_column(sa.Column("reviewed_by", ID, nullable=True))
        batch.add_column(sa.Column("reviewed_at", WHEN, nullable=True))
        batch.add_column(sa.Column("reason", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("history", sa.JSON(), nullable=True))
    op.create_table(
        "insider_suppressions",
        sa.Column("id", ID, primary_key=True),
        sa.Column("user_id", ID, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("until", WHEN, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("alert_id", ID, sa.ForeignKey("insider_alerts.id"), nullable=True),
        sa.Column("created_by", ID, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_index("ix_insider_suppressions_user", "insider_suppressions", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_insider_suppressions_user", "insider_suppressions")
    op.drop_table("insider_suppressions")
    with op.batch_alter_table("insider_alerts") as batch:
        for name in (
            "history",
            "reason",
            "reviewed_at",
            "reviewed_by",
            "assignee",
            "explanation_ja",
            "lane",
        ):
            batch.drop_column(name)
