"""indexes for a million reports: search documents in time order, dead letters, a
partner's own submissions

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 00:00:00

``search_docs (occurred_at, seq)``: global search lists the newest matches first; on SQLite
a common word is looked for among the newest documents in this order (search/service.py),
and PostgreSQL's planner may walk it instead of sorting every trigram match.
``pipeline_queue (state, seq)``: the dead letters, oldest first (the pipeline page); with
only ``(state, stage, seq)`` SQLite walked every queue row by ``seq`` (0.4 s at a million).
``reports (source, id)``: a partner's own submissions, newest first (the partner portal);
SQLite walked every report by ``id`` (1.7 s at a million).
"""

from __future__ import annotations

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # In the order searched (newest first, undated last): a backward walk of an
        # ascending index gives NULLS FIRST, so PostgreSQL would sort every match instead.
        op.execute(
            "CREATE INDEX ix_search_docs_occurred_seq "
            "ON search_docs (occurred_at DESC NULLS LAST, seq DESC)"
        )
    else:  # SQLite walks it backwards: NULL is smallest, so undated documents come last
        op.create_index("ix_search_docs_occurred_seq", "search_docs", ["occurred_at", "seq"])
    op.create_index("ix_pipeline_queue_state_seq", "pipeline_queue", ["state", "seq"])
    op.create_index("ix_reports_source_id", "reports", ["source", "id"])


def downgrade() -> None:
    # Repeatable: on SQLite a later step's failure (0017's refusal) does not undo this drop,
    # and the next downgrade runs it again.
    for name in ("ix_reports_source_id", "ix_pipeline_queue_state_seq"):
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.execute("DROP INDEX IF EXISTS ix_search_docs_occurred_seq")
