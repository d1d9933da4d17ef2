"""signals carry their report's time: the dashboard's window without reading every report

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04 09:00:00

The dashboard counts flagged signals whose report happened in the period. With the time only
on ``reports``, each visit read every flagged signal's report (21,000 scattered rows at a
million reports: p95 1 s on SQLite, 0.46 s on PostgreSQL; issue 15). ``signals.report_at``
is the report's ``occurred_at``, else its ``received_at``, filled from ``reports`` for the
signals already stored; reports are immutable, so it never goes stale. The index
``(flagged, report_at, category, report_id)`` hands the dashboard the flagged signals of a
window in time order with what it groups them by, without touching ``signals`` itself.

On SQLite, making the column NOT NULL copies the table (Alembic's batch mode): seconds for
the 700,000 signals of a million reports. The planner's statistics of ``signals`` are then
gathered again where the store keeps any (a copied table has none).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

INDEX = "ix_signals_flagged_report_at"


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.add_column("signals", sa.Column("report_at", sa.DateTime(timezone=True), nullable=True))
    # Both columns are stored as UTCDateTime stores them, so a copy in SQL keeps the format.
    op.execute(
        "UPDATE signals SET report_at = (SELECT COALESCE(r.occurred_at, r.received_at) "
        "FROM reports r WHERE r.id = signals.report_id)"
    )
    if sqlite:
        with op.batch_alter_table("signals") as batch:
            batch.alter_column(
                "report_at", existing_type=sa.DateTime(timezone=True), nullable=False
            )
    else:
        op.alter_column("signals", "report_at", nullable=False)
    op.create_index(INDEX, "signals", ["flagged", "report_at", "category", "report_id"])
    if not sqlite or _has_sqlite_stats(bind):
        op.execute("ANALYZE signals")


def _has_sqlite_stats(bind: sa.Connection) -> bool:
    found = bind.execute(
        sa.text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
    )
    return found.first() is not None


def downgrade() -> None:
    # Repeatable, as 0021's: a later step's failure on SQLite does not undo these drops. The
    # index goes first, so that SQLite drops the column in place (it refuses an indexed one)
    # instead of copying the table, which a failure could leave half done.
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    if "report_at" in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("signals")}:
        op.drop_column("signals", "report_at")
