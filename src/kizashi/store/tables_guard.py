"""Guard tables beyond identity and the audit log (migration 0005, issue 5).

- ``insider_alerts``: what insider analytics raised, with its explanation, for the
  inspection desk only (read through ``kizashi.guard``, never directly by other rooms);
- ``compartment_operations``: the operation (a raid) a compartment plans: its case and when
  it starts, so that the 72-hour need-to-know rule and "imminent target" feature can run on
  the real audit log;
- ``insider_suppressions``: officers the inspection desk silenced until a date, with why;
- ``user_rosters``: each officer's shift and working days (off-shift is judged against it);
- ``sign_in_state``, ``sign_in_addresses`` and ``sessions``: password sign-in with
  per-account lock-out and per-address throttling, and the one kind of revocable session it
  hands out, for the API (bearer) and the web (cookie) alike (stored as SHA-256 digests,
  like API tokens; migration 0012).
- ``material_releases``: the recipients an approved release named (share's four-eyes step,
  migration 0013): the guard lets exactly them read and receive that material.
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

INSIDER_ALERT_STATES = ("new", "acknowledged", "in_review", "confirmed", "dismissed", "suppressed")

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
    Column("lane", String(12), nullable=False, server_default="queue", comment="immediate|queue"),
    Column("explanation_ja", Text, nullable=False, server_default="", comment="for inspectors"),
    Column("assignee", ID, comment="the inspector the alert is assigned to"),
    Column("reviewed_by", ID, comment="who last changed its status"),
    Column("reviewed_at", UTCDateTime()),
    Column("reason", Text, nullable=False, server_default="", comment="why dismissed/confirmed"),
    Column("history", JSON, comment="every review step: who, when, what, why"),
    UniqueConstraint("user_id", "day", name="uq_insider_alerts_user_day"),
    Index("ix_insider_alerts_raised_at", "raised_at"),
)

insider_suppressions = Table(
    "insider_suppressions",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False, comment="the officer"),
    Column("until", UTCDateTime(), nullable=False, comment="no queue alert before this"),
    Column("reason", Text, nullable=False),
    Column("alert_id", ID, ForeignKey("insider_alerts.id"), comment="the alert it came from"),
    Column("created_by", ID, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_insider_suppressions_user", "user_id"),
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

# Per-address throttling of password sign-ins (besides the per-account lock-out above), so
# that one address cannot try many names, nor lock every officer out for a quarter hour.
sign_in_addresses = Table(
    "sign_in_addresses",
    metadata,
    Column("address", String(200), primary_key=True, comment="the client's terminal or address"),
    Column("failures", Integer, nullable=False, comment="failed sign-ins in the window"),
    Column("window_start", UTCDateTime(), nullable=False),
    Column("blocked_until", UTCDateTime()),
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
    Column("surface", String(10), nullable=False, comment="api (bearer) or web (cookie)"),
    Column("ended_reason", String(100), comment="sign-out, account disabled, locked, ..."),
    Index("ix_sessions_user_id", "user_id"),
)

material_releases = Table(
    "material_releases",
    metadata,
    Column("material_id", String(300), primary_key=True, comment="the released item's id"),
    Column("recipient_id", ID, ForeignKey("users.id"), primary_key=True),
    Column("release_ref", ID, nullable=False, comment="the approval that released it"),
    Column("released_at", UTCDateTime(), nullable=False),
)
