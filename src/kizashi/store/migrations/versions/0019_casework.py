"""casework: promotions of alerts into cases, notes, tasks, attachments and the timeline

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 15:00:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

ID = sa.String(length=36)


def _tz() -> sa.types.TypeEngine[Any]:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "case_promotions",
        sa.Column("id", ID, primary_key=True),
        sa.Column("case_id", ID, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("alert_id", ID, nullable=False),
        sa.Column("promoted_by", ID, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("promoted_at", _tz(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("kept_elsewhere", sa.Integer(), nullable=False),
        sa.UniqueConstraint("case_id", "alert_id", name="uq_case_promotions_case_alert"),
    )
    op.create_table(
        "case_notes",
        sa.Column("id", ID, primary_key=True),
        sa.Column("case_id", ID, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("note_id", ID, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_id", ID, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("written_at", _tz(), nullable=False),
        sa.UniqueConstraint("note_id", "version", name="uq_case_notes_note_version"),
    )
    op.create_index("ix_case_notes_case", "case_notes", ["case_id"])
    op.create_table(
        "case_tasks",
        sa.Column("id", ID, primary_key=True),
        sa.Column("case_id", ID, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("assignee_id", ID, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_by", ID, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", _tz(), nullable=False),
        sa.Column("done_by", ID, sa.ForeignKey("users.id")),
        sa.Column("done_at", _tz()),
    )
    op.create_index("ix_case_tasks_case", "case_tasks", ["case_id"])
    op.create_table(
        "case_attachments",
        sa.Column("id", ID, primary_key=True),
        sa.Column("case_id", ID, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("report_id", ID, sa.ForeignKey("reports.id"), nullable=False, unique=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("attached_by", ID, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("attached_at", _tz(), nullable=False),
    )
    op.create_index("ix_case_attachments_case", "case_attachments", ["case_id"])
    op.create_table(
        "case_events",
        sa.Column("id", ID, primary_key=True),
        sa.Column("case_id", ID, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("at", _tz(), nullable=False),
        sa.Column("actor_id", ID, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("ref", sa.String(length=100)),
        sa.Column("detail", sa.JSON(), nullable=False),
    )
    op.create_index("ix_case_events_case_at", "case_events", ["case_id", "at"])


def downgrade() -> None:
    # Repeatable: on SQLite a later step's failure (0017's refusal) does not undo these drops,
    # and the next downgrade runs this one again.
    present = set(sa.inspect(op.get_bind()).get_table_names())
    for table, index in (
        ("case_events", "ix_case_events_case_at"),
        ("case_attachments", "ix_case_attachments_case"),
        ("case_tasks", "ix_case_tasks_case"),
        ("case_notes", "ix_case_notes_case"),
        ("case_promotions", None),
    ):
        if table not in present:
            continue
        if index is not None:
            op.drop_index(index, table_name=table)
        op.drop_table(table)
