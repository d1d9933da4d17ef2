"""pipeline: notify only while a worker is idle (the NOTIFY lock serialised every ingest commit)

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-05 03:15:00

Until now the trigger that queues reports notified ``kizashi_reports_<schema>`` in every
ingest transaction. PostgreSQL serialises the commits of notifying transactions: a commit
that notifies takes one database-wide lock before it writes its commit record and holds it
until the record is flushed (``PreCommit_Notify``, so that notifications are queued in
commit order). Measured on the PostgreSQL live benchmark (two workers, 100 reports/s asked):
the API's commits waited on that lock (``wait_event = 'object'``) in 16 % of the samples of
``pg_stat_activity``; eight clients committing small inserts commit half as fast with a
``pg_notify`` in each transaction (505–671 against 785–999 commits/s, docs/benchmarks.md).

A notification is only needed by a worker that is waiting for one. An idle worker now
writes its row in ``pipeline_listeners`` before it waits and deletes it when it wakes; the
trigger notifies only when such a row was refreshed in the last minute (a worker killed
while idle stops counting after that). Busy workers look at the queue after every pass
anyway, so under load — when the commits matter — nothing notifies. The table is UNLOGGED
on PostgreSQL (a hint, not data: no WAL, no flush, emptied after a crash).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None

FIRST_STAGE = "detect"


def _function(notify: str) -> str:
    return (
        "CREATE OR REPLACE FUNCTION kizashi_reports_enqueue() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN "
        "INSERT INTO pipeline_queue (report_id, channel, stage, state, attempts, enqueued_at) "
        f"SELECT id, channel, '{FIRST_STAGE}', 'pending', 0, clock_timestamp() FROM new_reports "
        f"ORDER BY id; {notify}"
        "RETURN NULL; END $$"
    )


ALWAYS = "PERFORM pg_notify('kizashi_reports_' || TG_TABLE_SCHEMA, ''); "
WHEN_IDLE = (
    "IF EXISTS (SELECT 1 FROM pipeline_listeners "
    "WHERE seen_at > clock_timestamp() - interval '1 minute') THEN "
    "PERFORM pg_notify('kizashi_reports_' || TG_TABLE_SCHEMA, ''); END IF; "
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.create_table(
            "pipeline_listeners",
            sa.Column("worker", sa.String(length=100), primary_key=True),
            sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        )
        return
    op.execute(
        "CREATE UNLOGGED TABLE pipeline_listeners ("
        "worker VARCHAR(100) NOT NULL, seen_at TIMESTAMP WITH TIME ZONE NOT NULL, "
        "CONSTRAINT pk_pipeline_listeners PRIMARY KEY (worker))"
    )
    op.execute(_function(WHEN_IDLE))


def downgrade() -> None:
    # Repeatable, as 0025's: a later step's failure on SQLite does not undo this drop.
    if op.get_bind().dialect.name != "sqlite":
        op.execute(_function(ALWAYS))
    op.execute("DROP TABLE IF EXISTS pipeline_listeners")
