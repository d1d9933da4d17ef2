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
        sa.Column("reliability", sa.String(length=1)),
        sa.Column("credibility", sa.String(length=1)),
        sa.Column("handling_code", sa.String(length=20)),
        sa.Column("updated_at", TIME),
        sa.UniqueConstraint("entity_id", "kind", "source_ref", name="uq_risk_contributions_source"),
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
        sa.Column("handling_code", sa.String(length=20)),
        sa.Column("closed_at", TIME),
        sa.Column("closed_by", ID),
        sa.Column("region", sa.String(length=100)),
        sa.Column("protected", sa.JSON()),
        sa.CheckConstraint(
            "status IN ('new','in_review','confirmed','dismissed')",
            name=op.f("ck_alerts_alert_status"),
        ),
    )
    op.create_index("ix_alerts_desk_status_score", "alerts", ["desk_id", "status", "score"])
    op.create_index("ix_alerts_entity_id", "alerts", ["entity_id"])
    op.create_index("ix_alerts_desk_score_id", "alerts", ["desk_id", "score", "id"])
    op.create_index("ix_alerts_desk_opened_id", "alerts", ["desk_id", "opened_at", "id"])
    op.create_index("ix_alerts_score_id", "alerts", ["score", "id"])
    op.create_table(
        "alert_events",
        sa.Column("id", ID, primary_key=True),
        sa.Column("alert_id", ID, sa.ForeignKey("alerts.id"), nullable=False),
        sa.Column("user_id", ID),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.Column("at", TIME, nullable=False),
        sa.Column("from_status", sa.String(length=20)),
        sa.Column("to_status", sa.String(length=20)),
        sa.Column("details", sa.JSON()),
    )
    op.create_index("ix_alert_events_alert_id", "alert_events", ["alert_id"])
    op.create_table(
        "alert_outcomes",
        sa.Column("id", ID, primary_key=True),
        sa.Column("alert_id", ID, sa.ForeignKey("alerts.id"), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("desk_id", sa.String(length=50), nullable=False),
        sa.Column("decided_at", TIME, nullable=False),
    )
    op.create_index("ix_alert_outcomes_alert_id", "alert_outcomes", ["alert_id"])
    op.create_table(
        "triage_runs",
        sa.Column("id", ID, primary_key=True),
        sa.Column("started_at", TIME, nullable=False),
        sa.Column("finished_at", TIME),
        sa.Column("as_of", TIME, nullable=False),
        sa.Column("config_version", sa.String(length=50), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
    )
    op.create_table(
        "purchase_firings",
        sa.Column("id", ID, primary_key=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False, unique=True),
        sa.Column("entity_id", ID, sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("rule_id", sa.String(length=100), nullable=False),
        sa.Column("rule_kind", sa.String(length=20), nullable=False),
        sa.Column("watchlist_version", sa.Integer(), nullable=False),
        sa.Column("substances", sa.JSON(), nullable=False),
        sa.Column("report_ids", sa.JSON(), nullable=False),
        sa.Column("stores", sa.JSON(), nullable=False),
        sa.Column("window_start", TIME, nullable=False),
        sa.Column("window_end", TIME, nullable=False),
        sa.Column("total_grams", sa.Float()),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_index("ix_purchase_firings_entity_id", "purchase_firings", ["entity_id"])
    op.create_index("ix_purchase_firings_rule_id", "purchase_firings", ["rule_id"])


def downgrade() -> None:
    op.drop_table("purchase_firings")
    op.drop_table("triage_runs")
    op.drop_table("alert_outcomes")
    op.drop_table("alert_events")
    op.drop_table("alerts")
    op.drop_table("risk_contributions")
