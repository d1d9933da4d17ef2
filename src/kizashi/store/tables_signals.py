"""Signals: what the text detectors concluded about stored reports (issue 3).

A signal is stored beside its report, never in it: reports stay immutable and a signal can
be recomputed by a newer model. One row per (report, detector, model version), so a re-scan
with the same model stores nothing new. Triage reads these rows as risk contributions.

``report_at`` is the report's own time (``occurred_at``, else ``received_at``), copied onto
its signals when they are written (migration 0024): the dashboard counts flagged signals by
that time, and reading it from a million reports at every visit cost a second (issue 15).
Reports are immutable, so the copy never goes stale; whoever writes a signal fills it with
:func:`report_times` (or :func:`report_time_of` for one row).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    String,
    Table,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import ScalarSelect

from kizashi.store.pass_cache import report_heads
from kizashi.store.tables import ID, UTCDateTime, metadata, reports

signals = Table(
    "signals",
    metadata,
    Column("id", ID, primary_key=True),
    Column("report_id", ID, ForeignKey("reports.id"), nullable=False),
    Column("detector", String(50), nullable=False, comment="e.g. text"),
    Column("model_version", String(80), nullable=False, comment="scorer + rules version"),
    Column("category", String(30), comment="threat, recruitment, weapon, ... or null"),
    Column("score", Float, nullable=False, comment="0-1, calibrated"),
    Column("scores", JSON, nullable=False, comment="{category: 0-1}"),
    Column("flagged", Boolean, nullable=False, comment="at the shipped threshold"),
    Column("evidence", JSON, nullable=False, comment="[{rule, start, end, text, view}]"),
    Column("protected", JSON, nullable=False, comment="watch-list ids named by the text"),
    Column("created_at", UTCDateTime(), nullable=False),
    Column(
        "rule_versions",
        JSON,
        comment="ids of the rule-file versions it was scored under (0021; null before)",
    ),
    Column(
        "report_at",
        UTCDateTime(),
        nullable=False,
        comment="the report's occurred_at, else received_at (0024; the dashboard's window)",
    ),
    UniqueConstraint("report_id", "detector", "model_version", name="uq_signals_report_model"),
    Index("ix_signals_flagged_category", "flagged", "category"),
    Index("ix_signals_report_id", "report_id"),
    # The dashboard's read: flagged signals in a time window, with what it groups them by.
    Index("ix_signals_flagged_report_at", "flagged", "report_at", "category", "report_id"),
)


def report_time() -> ColumnElement[datetime]:
    """A report's time as the platform counts it: when it happened, else when it came in."""
    return func.coalesce(reports.c.occurred_at, reports.c.received_at)


def report_time_of(report_id: str) -> ScalarSelect[Any]:
    """The time of one report, as a subquery: a signal row's ``report_at`` in one INSERT."""
    return select(report_time()).where(reports.c.id == report_id).scalar_subquery()


def report_times(connection: Connection, report_ids: Iterable[str]) -> dict[str, datetime]:
    """The time of each of ``report_ids`` (a batch of signals' reports), by report id."""
    # (kept for a worker pass's later stages: kizashi.store.pass_cache)
    return {rid: head.at for rid, head in report_heads(connection, sorted(set(report_ids))).items()}
