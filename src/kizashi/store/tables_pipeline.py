"""The live pipeline's own state: the work queue with a cursor per report, and deliveries.

Contract between ``intake`` (whose ``reports`` inserts fill the queue, by a trigger in the
same transaction, so no report can be stored and not queued) and ``pipeline`` (which works
the queue):

- ``pipeline_queue``: one row per stored report. ``stage`` is the report's durable cursor:
  the next stage to run (``done`` when every stage ran). A stage's writes and the move of
  the cursor past it commit together, so a crash at any point redoes at most the stage in
  flight, whose writes were rolled back with it: each stage runs exactly once per report.
  ``state`` is ``pending``, ``done`` or ``failed`` (a dead letter, with the stage and the
  reason; ``kizashi pipeline retry`` sets it pending again).
- ``pipeline_listeners``: the workers waiting for a notification now (PostgreSQL; 0026): the
  queue's trigger notifies only while one is, so busy workers cost the ingest commits no
  NOTIFY (``pipeline/wake.py``). UNLOGGED on PostgreSQL: a hint, not data.
- ``pipeline_rescore``: entities a resolve pass moved an earlier member into or out of (0030),
  by a report of that pass: the triage stage re-scores them with that report and deletes the
  rows, in one transaction (a re-clustering can change the risk of an entity no new report
  is about; the rows carry that across the stages' transactions and a crash). An analyst's
  judgement (``resolve``) writes rows too, under an id of its own that no queued report has:
  the worker re-scores those after its stages (``pipeline/rescore.py``); a request whose
  re-score fails ``KIZASHI_PIPELINE_MAX_ATTEMPTS`` times is parked on its rows (0032) and
  listed and retried with the dead letters.
- ``webhook_deliveries``: the outbox of calls to desks' webhooks (a duty-phone gateway),
  written in the transaction that opened the alert, delivered with retries and recorded.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.dialects import sqlite

from kizashi.store.tables import ID, UTCDateTime, metadata

# SQLite makes an autoincrementing rowid alias only of an INTEGER PRIMARY KEY.
SEQ = BigInteger().with_variant(sqlite.INTEGER(), "sqlite")

QUEUE_STATES = ("pending", "done", "failed")

pipeline_queue = Table(
    "pipeline_queue",
    metadata,
    Column("seq", SEQ, primary_key=True, autoincrement=True),
    Column("report_id", ID, ForeignKey("reports.id"), nullable=False, unique=True),
    Column("channel", String(40), nullable=False),
    Column("stage", String(30), nullable=False, comment="the next stage to run, or done"),
    Column("state", String(10), nullable=False, comment="pending, done or failed"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("enqueued_at", UTCDateTime(), nullable=False, comment="database time of the insert"),
    Column("done_at", UTCDateTime()),
    Column("worker", String(100), comment="the worker that moved it last"),
    Column("failed_stage", String(30)),
    Column("error", Text, comment="why the stage failed (a dead letter)"),
    Column("failed_at", UTCDateTime()),
    Index("ix_pipeline_queue_state_stage_seq", "state", "stage", "seq"),
    Index("ix_pipeline_queue_state_seq", "state", "seq"),  # dead letters in order (0022)
)

pipeline_listeners = Table(
    "pipeline_listeners",
    metadata,
    Column("worker", String(100), primary_key=True),
    Column("seen_at", UTCDateTime(), nullable=False, comment="refreshed while it waits"),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", ID, primary_key=True),
    Column("hook_id", String(100), nullable=False, comment="id in webhooks.yaml"),
    Column("desk_id", String(50), nullable=False),
    Column("alert_id", ID, nullable=False),
    Column("event", String(30), nullable=False, comment="opened, urgent"),
    Column("payload", Text, nullable=False, comment="the JSON body sent: no personal data"),
    Column("state", String(10), nullable=False, comment="pending, delivered, failed"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", UTCDateTime(), nullable=False),
    Column("last_status", Integer, comment="HTTP status of the last attempt"),
    Column("last_error", Text),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("delivered_at", UTCDateTime()),
    Index("ix_webhook_deliveries_state_next", "state", "next_attempt_at"),
)

pipeline_rescore = Table(
    "pipeline_rescore",
    metadata,
    # (The column comments are the migration's; an analyst's request is described above.)
    Column("report_id", ID, primary_key=True, comment="the report whose triage re-scores it"),
    Column("entity_id", ID, primary_key=True, comment="an entity a member moved into or out of"),
    # An analyst's request whose re-score keeps failing is parked here (0032): the resolve
    # stage's rows fail with their report, which the queue parks.
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("error", Text, comment="why its last re-score failed"),
    Column("parked_at", UTCDateTime(), comment="parked as a dead letter; skipped until a retry"),
)
