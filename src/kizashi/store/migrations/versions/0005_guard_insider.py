"""guard: insider alerts, compartment operations, rosters, sign-in state, sessions (issue 5)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)
ID = sa.String(length=36)


def upgrade() -> None:
    op.create_table(
        "insider_alerts",
        sa.Column("id", ID, primary_key=True),
        sa.Column("user_id", ID, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("raised_at", TIME, nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("peer_group", sa.String(length=120), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("run_id", ID, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.UniqueConstraint("user_id", "day", name="uq_insider_alerts_user_day"),
    )
    op.create_index("ix_insider_alerts_raised_at", "insider_alerts", ["raised_at"])
    op.create_table(
        "compartment_operations",
        sa.Column("compartment_id", ID, sa.ForeignKey("compartments.id"), primary_key=True),
        sa.Column("case_id", ID, sa.ForeignKey("cases.id")),
        sa.Column("starts_at", TIME, nullable=False),
    )
    op.create_table(
        "user_rosters",
        sa.Column("user_id", ID, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("shift", sa.String(length=10), nullable=False),
        sa.Column("workdays", sa.String(length=20), nullable=False),
    )
    op.create_table(
        "sign_in_state",
        sa.Column("user_id", ID, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", TIME),
        sa.Column("last_failure_at", TIME),
        sa.Column("last_success_at", TIME),
    )
    op.create_table(
        "sessions",
        sa.Column("id", ID, primary_key=True),
        sa.Column("user_id", ID, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False, unique=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.Column("revoked_at", TIME),
        sa.Column("terminal", sa.String(length=200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sessions")
    op.drop_table("sign_in_state")
    op.drop_table("user_rosters")
    op.drop_table("compartment_operations")
    op.drop_index("ix_insider_alerts_raised_at", table_name="insider_alerts")
    op.drop_table("insider_alerts")
