"""Guard tables beyond identity and the audit log (migration 0005, issue 5).

- ``insider_alerts``: what insider analytics raised, with its explanation, for the
  inspection desk only (read through ``kizashi.guard``, never directly by other rooms);
- ``compartment_operations``: the operation (a raid) a compartment plans: its case and when
  it starts, so that the 72-hour need-to-know rule and "imminent target" feature can run on
  the real audit log;
- ``user_rosters``: each officer's shift and working days (off-shift is judged against it);
- ``sign_in_state`` and ``sessions``: password sign-in with lock-out, and the short-lived
  bearer tokens it hands out (stored as SHA-256 digests, like API tokens).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from kizashi.store.tables import ID, UTCDateTime, metadata

INSIDER_ALERT_STATES = ("new", "in_review", "confirmed", "dismissed")

insider_alerts = Table(
    "insider_alerts",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False, comment="the officer flagged"),
    Column("day", String(10), nullable=False, comment="the user-day, ISO date in Japan time"),
    Column("raised_at", UTCDateTime(), nullable=False, comment="first rule hit or end of day"),
    Column("score", Float, nullable=False, comment="anomaly score of the user-day"),
    Column("peer_group", String(120), nullable=False),
    Column("rules", JSON, nullable=False, comment="need-to-know rule hits with their events"),
    Column("features", JSON, nullable=False, comment="features that stood out, with z-scores"),
    Column("explanation", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("run_id", ID, nullable=False, comment="the analytics run that raised it"),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("user_id", "day", name="uq_insider_alerts_user_day"),
    Index("ix_insider_alerts_raised_at", "raised_at"),
)

compartment_operations = Table(
    "compartment_operations",
    metadata,
    Column("compartment_id", ID, ForeignKey("compartments.id"), primary_key=True),
    Column("case_id", ID, ForeignKey("cases.id"), comment="the case the operation belongs to"),
    Column("starts_at", UTCDateTime(), nullable=False, comment="when the operation starts"),
)

user_rosters = Table(
    "user_rosters",
    metadata,
    Column("user_id", ID, ForeignKey("users.id"), primary_key=True),
    Column("shift", String(10), nullable=False, comment="day or night"),
    Column("workdays", String(20), nullable=False, comment="weekday numbers, 0 = Monday: 0,1,2"),
)

sign_in_state = Table(
    "sign_in_state",
    metadata,
    Column("user_id", ID, ForeignKey("users.id"), primary_key=True),
    Column("failures", Integer, nullable=False, comment="consecutive failed sign-ins"),
    Column("locked_until", UTCDateTime()),
    Column("last_failure_at", UTCDateTime()),
    Column("last_success_at", UTCDateTime()),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("expires_at", UTCDateTime(), nullable=False),
    Column("revoked_at", UTCDateTime()),
    Column("terminal", String(200), nullable=False, comment="where the user signed in from"),
)
