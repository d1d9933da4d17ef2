"""pipeline: the work queue filled by a trigger on reports, webhook deliveries, urgent alerts (issue 12)

Every report stored from now on is queued by a trigger in the inserting transaction (a
report cannot be stored and not queued); on PostgreSQL the same statement notifies the
channel ``kizashi_reports_<schema>`` so that workers wake at once. Reports stored before
this migration are queued too, pending: every stage is idempotent, so a worker (or
``kizashi pipeline run``) bringing them up to date changes nothing that was already right.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)
ID = sa.String(length=36)
FIRST_STAGE = "detect"

SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
SQLITE_TRIGGER = (
    "CREATE TRIGGER reports_enqueue AFTER INSERT ON reports BEGIN "
    "INSERT INTO pipeline_queue (report_id, channel, stage, state, attempts, enqueued_at) "
    f"VALUES (NEW.id, NEW.channel, '{FIRST_STAGE}', 'pending', 0, {SQLITE_NOW}); END"
)
# A statement-level trigger with a transition table: one INSERT .. SELECT and one NOTIFY per
# ingest batch, not one per row. The channel carries the schema (tests share one database).
POSTGRES_TRIGGERS = (
    "CREATE FUNCTION kizashi_reports_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO pipeline_queue (report_id, channel, stage, state, attempts, enqueued_at) "
    f"SELECT id, channel, '{FIRST_STAGE}', 'pending', 0, clock_timestamp() FROM new_reports "
    "ORDER BY id; "
    "PERFORM pg_notify('kizashi_reports_' || TG_TABLE_SCHEMA, ''); "
    "RETURN NULL; END $$",
    "CREATE TRIGGER reports_enqueue AFTER INSERT ON reports "
    "REFERENCING NEW TABLE AS new_reports "
    "FOR EACH STATEMENT EXECUTE FUNCTION kizashi_reports_enqueue()",
)


def upgrade() -> None:
    is_sqlite = op.get_bind().dialect.name == "sqlite"
    seq = sa.Integer() if is_sqlite else sa.BigInteger()
    op.create_table(
        "pipeline_queue",
        sa.Column("seq", seq, primary_key=True, autoincrement=True),
        sa.Column("report_id", ID, sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("stage", sa.String(length=30), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("enqueued_at", TIME, nullable=False),
        sa.Column("done_at", TIME),
        sa.Column("worker", sa.String(length=100)),
        sa.Column("failed_stage", sa.String(length=30)),
        sa.Column("error", sa.Text()),
        sa.Column("failed_at", TIME),
        sa.UniqueConstraint("report_id", name=op.f("uq_pipeline_queue_report_id")),
    )
    op.create_index(
        "ix_pipeline_queue_state_stage_seq", "pipeline_queue", ["state", "stage", "seq"]
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", ID, primary_key=True),
        sa.Column("hook_id", sa.String(length=100), nullable=False),
        sa.Column("desk_id", sa.String(length=50), nullable=False),
        sa.Column("alert_id", ID, nullable=False),
        sa.Column("event", sa.String(length=30), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", TIME, nullable=False),
        sa.Column("last_status", sa.Integer()),
        sa.Column("last_error", sa.Text()),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("delivered_at", TIME),
    )
    op.create_index(
        "ix_webhook_deliveries_state_next", "webhook_deliveries", ["state", "next_attempt_at"]
    )
    with op.batch_alter_table("alerts") as batch:
        batch.add_column(sa.Column("urgent", sa.String(length=100)))
    now = SQLITE_NOW if is_sqlite else "clock_timestamp()"
    op.execute(
        "INSERT INTO pipeline_queue (report_id, channel, stage, state, attempts, enqueued_at) "
        f"SELECT id, channel, '{FIRST_STAGE}', 'pending', 0, {now} FROM reports ORDER BY id"
    )
    for statement in (SQLITE_TRIGGER,) if is_sqlite else POSTGRES_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS reports_enqueue")
    else:
        op.execute("DROP TRIGGER IF EXISTS reports_enqueue ON reports")
        op.execute("DROP FUNCTION IF EXISTS kizashi_reports_enqueue()")
    with op.batch_alter_table("alerts") as batch:
        batch.drop_column("urgent")
    op.drop_index("ix_webhook_deliveries_state_next", table_name="webhook_deliveries")
    op.drop_table("webhook_deliveries")
    op.drop_index("ix_pipeline_queue_state_stage_seq", table_name="pipeline_queue")
    op.drop_table("pipeline_queue")
