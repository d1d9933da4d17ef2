"""triage: risk contributions, alerts and their review history; purchases (issue 4)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)
ID = sa.String(length=36)

def upgrade() -> None:
    op.create_table(
        "risk_contributions",
        sa.Column("id", ID, primary_key=True),
        sa.Column("entity_id", ID, sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("report_id", ID, sa.ForeignKey("reports.id")),
        sa.Column("source_ref", sa.String(length=300), nullable=False),
        sa.Column("category", sa.String(length=30)),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("half_life_days", sa.Float(), nullable=False),
        sa.Column("observed_at", TIME, nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_index("ix_risk_contributions_entity_id", "risk_contributions", ["entity_id"])
    op.create_table(
        "alerts",
        sa.Column("id", ID, primary_key=True),
        sa.Column("entity_id", ID, sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("desk_id", sa.String(length=50), sa.ForeignKey("desks.id"), nullable=False),
        sa.Column("category", sa.String(length=30)),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("assignee_id", ID),
        sa.Column("routing_rule", sa.String(length=100), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("opened_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("closed_reason", sa.Text()),
        sa.CheckConstraint(
            "status IN ('new','in_review','confirmed','dismissed')", name=op.f("ck_alerts_alert_status")
        ),
    )
    op.create_index("ix_alerts_desk_status_score", "alerts", ["desk_id", "status", "score"])
    op.create_index("ix_alerts_entity_id", "alerts", ["entity_id"])
    op.create_table(
        "alert_events",
        sa.Column("id", ID, primary_key=True),
        sa.Column("alert_id", ID, sa.ForeignKey("alerts.id"), nullable=False),
        sa.Column("user_id", ID),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.Column("at", TIME, nullable=False),
    )
    op.create_index("ix_alert_events_alert_id", "alert_events", ["alert_id"])


def downgrade() -> None:
    op.drop_table("alert_events")
    op.drop_table("alerts")
    op.drop_table("risk_contributions")
