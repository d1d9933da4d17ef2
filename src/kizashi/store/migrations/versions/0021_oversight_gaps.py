"""oversight: the rule versions a signal was scored under, the reports a subject-access
request is tied to, and when expiry erased a request's identifiers

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 00:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable columns: added in place on every backend (no table copy on SQLite). Signals
    # stored before this revision name no rule versions (null), which is what they knew.
    op.add_column("signals", sa.Column("rule_versions", sa.JSON(), nullable=True))
    op.add_column(
        "subject_access_requests",
        sa.Column("expired_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "subject_access_reports",
        sa.Column(
            "request_id",
            sa.String(length=36),
            sa.ForeignKey("subject_access_requests.id"),
            primary_key=True,
        ),
        sa.Column("report_id", sa.String(length=36), sa.ForeignKey("reports.id"), primary_key=True),
    )
    op.create_index("ix_subject_access_reports_report_id", "subject_access_reports", ["report_id"])


def downgrade() -> None:
    # Repeatable, as 0020's: a later step's failure on SQLite does not undo these drops.
    inspector = sa.inspect(op.get_bind())
    if "subject_access_reports" in set(inspector.get_table_names()):
        op.drop_index("ix_subject_access_reports_report_id", table_name="subject_access_reports")
        op.drop_table("subject_access_reports")
    for table, column in (("subject_access_requests", "expired_at"), ("signals", "rule_versions")):
        if column in {c["name"] for c in inspector.get_columns(table)}:
            op.drop_column(table, column)
