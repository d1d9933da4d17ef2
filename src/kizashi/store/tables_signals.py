"""Signals: what the text detectors concluded about stored reports (issue 3).

A signal is stored beside its report, never in it: reports stay immutable and a signal can
be recomputed by a newer model. One row per (report, detector, model version), so a re-scan
with the same model stores nothing new. Triage reads these rows as risk contributions.
"""

from __future__ import annotations

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
)

from kizashi.store.tables import ID, UTCDateTime, metadata

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
    UniqueConstraint("report_id", "detector", "model_version", name="uq_signals_report_model"),
    Index("ix_signals_flagged_category", "flagged", "category"),
    Index("ix_signals_report_id", "report_id"),
)
