"""signals: stored detector results beside their reports (issue 3)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)
ID = sa.String(length=36)


def upgrade() -> None:
    op.create_table(
        "signals",
        sa.Column("id", ID, primary_key=True),
        sa.Column("report_id", ID, sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("detector", sa.String(length=50), nullable=False),
        sa.Column("model_version", sa.String(length=80), nullable=False),
        sa.Column("category", sa.String(length=30)),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("protected", sa.JSON(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.UniqueConstraint(
            "report_id", "detector", "model_version", name="uq_signals_report_model"
        ),
    )
    op.create_index("ix_signals_flagged_category", "signals", ["flagged", "category"])
    op.create_index("ix_signals_report_id", "signals", ["report_id"])


def downgrade() -> None:
    op.drop_table("signals")
