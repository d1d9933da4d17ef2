"""The store: tables, engines, migrations and transactions (SQLite by default, PostgreSQL)."""

from kizashi.store.engine import is_sqlite, make_engine, normalise_url, transaction
from kizashi.store.migrate import current_revision, downgrade, head_revision, is_up_to_date, upgrade
from kizashi.store.tables import (
    api_tokens,
    ingest_runs,
    mentions,
    metadata,
    principals,
    quarantine,
    reports,
)
from kizashi.store.tables_resolve import entities, entity_members, link_judgements
from kizashi.store.tables_signals import signals
from kizashi.store.tables_triage import alert_events, alerts, risk_contributions

__all__ = [
    "alert_events",
    "alerts",
    "entities",
    "entity_members",
    "link_judgements",
    "risk_contributions",
    "signals",
    "api_tokens",
    "current_revision",
    "downgrade",
    "head_revision",
    "ingest_runs",
    "is_sqlite",
    "is_up_to_date",
    "make_engine",
    "mentions",
    "metadata",
    "normalise_url",
    "principals",
    "quarantine",
    "reports",
    "transaction",
    "upgrade",
]
