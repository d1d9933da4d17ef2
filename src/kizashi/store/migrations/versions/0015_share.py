"""share: products, four-eyes approvals, deliveries, notifications, platform requests,
indicators; the guard's material_releases (issue 16)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kizashi.store.tables import UTCDateTime

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

ID = sa.String(length=36)


def _at(name: str, nullable: bool = True) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, UTCDateTime(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "material_releases",
        sa.Column("material_id", sa.String(300), primary_key=True),
        sa.Column("recipient_id", ID, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("release_ref", ID, nullable=False),
        _at("released_at", False),
    )
    op.create_table(
        "share_products",
        sa.Column("id", ID, primary_key=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("lang", sa.String(5), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("tearline", sa.Text()),
        sa.Column("tearline_removed", sa.JSON()),
        sa.Column("handling_code", sa.String(40), nullable=False),
        sa.Column("desk_id", sa.String(50), sa.ForeignKey("desks.id"), nullable=False),
        sa.Column("case_id", ID, sa.ForeignKey("cases.id")),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_by", ID, sa.ForeignKey("users.id"), nullable=False),
        _at("created_at", False),
        _at("updated_at", False),
        _at("released_at"),
        sa.CheckConstraint(
            "kind IN ('advisory','bulletin','briefing','consultation_answer','case_summary')",
            name="share_product_kind",
        ),
        sa.CheckConstraint(
            "status IN ('draft','submitted','approved','rejected','released')",
            name="share_product_status",
        ),
    )
    op.create_index("ix_share_products_desk_status", "share_products", ["desk_id", "status"])
    op.create_table(
        "share_approvals",
        sa.Column("id", ID, primary_key=True),
        sa.Column("subject_kind", sa.String(20), nullable=False),
        sa.Column("subject_id", ID, nullable=False),
        sa.Column("decided_by", ID, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("decision", sa.String(10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        _at("decided_at", False),
        sa.Column("audit_seq", sa.Integer()),
    )
    op.create_index("ix_share_approvals_subject", "share_approvals", ["subject_kind", "subject_id"])
    op.create_table(
        "share_deliveries",
        sa.Column("id", ID, primary_key=True),
        sa.Column("product_id", ID, sa.ForeignKey("share_products.id"), nullable=False),
        sa.Column("recipient_id", ID, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("via", sa.String(200), nullable=False),
        sa.Column("format", sa.String(10), nullable=False),
        sa.Column("trace_product_id", ID, nullable=False),
        sa.Column("trace_copy_id", ID, nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        _at("delivered_at", False),
        _at("read_at"),
        _at("acknowledged_at"),
        sa.Column("question_report_id", ID),
    )
    op.create_index("ix_share_deliveries_recipient", "share_deliveries", ["recipient_id"])
    op.create_index("ix_share_deliveries_product", "share_deliveries", ["product_id"])
    op.create_table(
        "share_notifications",
        sa.Column("id", ID, primary_key=True),
        sa.Column("user_id", ID, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("product_id", ID, sa.ForeignKey("share_products.id")),
        sa.Column("message", sa.String(500), nullable=False),
        _at("created_at", False),
        _at("read_at"),
    )
    op.create_index("ix_share_notifications_user", "share_notifications", ["user_id"])
    op.create_table(
        "share_requests",
        sa.Column("id", ID, primary_key=True),
        sa.Column("alert_id", ID, nullable=False),
        sa.Column("platform", sa.String(100), nullable=False),
        sa.Column("desk_id", sa.String(50), sa.ForeignKey("desks.id"), nullable=False),
        sa.Column("legal_basis", sa.String(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("identifiers", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_by", ID, sa.ForeignKey("users.id"), nullable=False),
        _at("created_at", False),
        _at("sent_at"),
        _at("answered_at"),
        sa.Column("answer_report_id", ID),
        sa.Column("action_taken", sa.Text()),
        _at("action_at"),
        sa.CheckConstraint(
            "status IN ('draft','submitted','approved','rejected','sent','answered','closed')",
            name="share_request_status",
        ),
    )
    op.create_index("ix_share_requests_platform", "share_requests", ["platform", "status"])
    op.create_table(
        "share_indicators",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("value", sa.String(500), nullable=False),
        sa.Column("report_id", ID, nullable=False),
        sa.Column("handling_code", sa.String(40), nullable=False),
        sa.Column("desk_id", sa.String(50), sa.ForeignKey("desks.id")),
        sa.Column("source", sa.String(200), nullable=False),
        _at("created_at", False),
    )
    op.create_index("ix_share_indicators_created", "share_indicators", ["created_at"])


def downgrade() -> None:
    for table in (
        "share_indicators",
        "share_requests",
        "share_notifications",
        "share_deliveries",
        "share_approvals",
        "share_products",
        "material_releases",
    ):
        op.drop_table(table)
