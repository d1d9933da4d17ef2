"""The store: tables, engines, migrations and transactions (SQLite by default, PostgreSQL)."""

# Imported so that the guard's tables (migration 0005) are part of `metadata`.
from kizashi.store import tables_casework as tables_casework
from kizashi.store import tables_guard as tables_guard
from kizashi.store import tables_outreach as tables_outreach
from kizashi.store import tables_oversight as tables_oversight
from kizashi.store import tables_search as tables_search
from kizashi.store import tables_share as tables_share
from kizashi.store.engine import is_sqlite, make_engine, normalise_url, transaction
from kizashi.store.migrate import current_revision, downgrade, head_revision, is_up_to_date, upgrade
from kizashi.store.tables import (
    api_tokens,
    ingest_runs,
    mentions,
    metadata,
    payload_keys,
    quarantine,
    report_payloads,
    reports,
)
from kizashi.store.tables_pipeline import pipeline_queue, webhook_deliveries
from kizashi.store.tables_purchases import purchase_firings
from kizashi.store.tables_resolve import entities, entity_members, link_judgements
from kizashi.store.tables_signals import signals
from kizashi.store.tables_trace import (
    trace_copies,
    trace_findings,
    trace_index,
    trace_products,
    trace_text_index,
)
from kizashi.store.tables_triage import (
    alert_events,
    alert_outcomes,
    alerts,
    risk_contributions,
    triage_runs,
)

__all__ = [
    "alert_events",
    "alert_outcomes",
    "alerts",
    "api_tokens",
    "current_revision",
    "downgrade",
    "entities",
    "entity_members",
    "head_revision",
    "ingest_runs",
    "is_sqlite",
    "is_up_to_date",
    "link_judgements",
    "make_engine",
    "mentions",
    "metadata",
    "normalise_url",
    "payload_keys",
    "pipeline_queue",
    "purchase_firings",
    "quarantine",
    "report_payloads",
    "reports",
    "risk_contributions",
    "signals",
    "trace_copies",
    "trace_findings",
    "trace_index",
    "trace_products",
    "trace_text_index",
    "transaction",
    "triage_runs",
    "upgrade",
    "webhook_deliveries",
]
