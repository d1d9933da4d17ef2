"""The tables of the store (SQLAlchemy Core).

Core tables, not ORM classes: intake writes tens of thousands of rows a second with
executemany, and the rest of the platform reads through small repository functions.
Ids are UUIDv7 strings made by :mod:`kizashi.ids`; times are stored timezone-aware in UTC.

A report's provenance and the hashes of its payload live in ``reports``; migrations add a
trigger on every backend that refuses any UPDATE or DELETE of it, so that the record of what
was received stays as it was. The payload itself (the submission verbatim, the validated
body, the free text) is sealed in ``report_payloads`` under a data key of ``payload_keys``
(:mod:`kizashi.store.payloads`, the one way in and out): destroying the key at the end of
the report's retention makes the payload unreadable while the row and its hashes remain
(crypto-shredding, docs/oversight.md).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware timestamps stored in UTC on every backend.

    SQLite has no time zone type and would hand back naive values; this stores UTC and
    always returns aware UTC datetimes, so times compare the same on SQLite and PostgreSQL.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError(f"timestamps must be timezone-aware, got {value!r}")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if not isinstance(value, datetime):
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


ID = String(36)

RELIABILITY_CODES = ("A", "B", "C", "D", "E", "F")
CREDIBILITY_CODES = ("1", "2", "3", "4", "5", "6")

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", ID, primary_key=True),
    Column("channel", String(50), nullable=False),
    Column("input_name", Text, nullable=False, comment="file path, <stdin> or api:<principal>"),
    Column("started_at", UTCDateTime(), nullable=False),
    Column("finished_at", UTCDateTime()),
    Column("rows_read", Integer, nullable=False, default=0),
    Column("rows_stored", Integer, nullable=False, default=0),
    Column("rows_duplicate", Integer, nullable=False, default=0),
    Column("rows_conflicting", Integer, nullable=False, default=0),
    Column("rows_quarantined", Integer, nullable=False, default=0),
    Column("status", String(20), nullable=False, comment="running, completed, failed"),
)

reports = Table(
    "reports",
    metadata,
    Column("id", ID, primary_key=True),
    Column("channel", String(50), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("source", String(200), nullable=False),
    Column("external_id", String(300), nullable=False),
    Column("received_at", UTCDateTime(), nullable=False),
    Column("occurred_at", UTCDateTime()),
    Column("reliability", String(1), nullable=False),
    Column("credibility", String(1), nullable=False),
    Column("handling_code", String(20), nullable=False),
    Column("purpose", String(300), nullable=False),
    Column("legal_basis", String(300), nullable=False),
    Column("language", String(10)),
    Column("submitted_by", String(36), comment="principal id for API submissions"),
    Column("organisation", String(200), comment="partner organisation that submitted it"),
    Column("ingest_run_id", ID, ForeignKey("ingest_runs.id"), nullable=False),
    Column("raw_sha256", String(64), nullable=False, comment="hash of the payload as submitted"),
    Column("body_sha256", String(64), nullable=False, comment="hash of the canonical body"),
    UniqueConstraint("source", "external_id", name="uq_reports_source_external_id"),
    CheckConstraint("reliability IN ('A','B','C','D','E','F')", name="reliability_code"),
    CheckConstraint("credibility IN ('1','2','3','4','5','6')", name="credibility_code"),
    Index("ix_reports_channel_received", "channel", "received_at"),
    Index("ix_reports_occurred_at", "occurred_at"),
    Index("ix_reports_organisation", "organisation"),
    Index("ix_reports_source_id", "source", "id"),  # a partner's own, newest first (0022)
)

payload_keys = Table(
    "payload_keys",
    metadata,
    Column("id", ID, primary_key=True),
    Column("key", LargeBinary(32), comment="AES-256-GCM data key; NULL once destroyed"),
    Column("kind", String(20), nullable=False, comment="batch, reseal or migration"),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("destroyed_at", UTCDateTime(), comment="when the key was destroyed (expiry)"),
    CheckConstraint("(key IS NULL) = (destroyed_at IS NOT NULL)", name="destroyed_has_no_key"),
)

report_payloads = Table(
    "report_payloads",
    metadata,
    Column("report_id", ID, ForeignKey("reports.id"), primary_key=True),
    Column("key_id", ID, ForeignKey("payload_keys.id"), nullable=False),
    Column("raw", LargeBinary, nullable=False, comment="sealed: the submission, verbatim"),
    Column("body", LargeBinary, nullable=False, comment="sealed: the validated record (JSON)"),
    Column("text", LargeBinary, nullable=False, comment="sealed: the free-text fields, joined"),
    Column("text_length", Integer, nullable=False, comment="characters of text (0: none)"),
    Index("ix_report_payloads_key_id", "key_id"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", ID, primary_key=True),
    Column("report_id", ID, ForeignKey("reports.id"), nullable=False),
    Column("kind", String(30), nullable=False),
    Column(
        "path",
        String(200),
        nullable=False,
        comment="field path in the record, e.g. persons[0].name",
    ),
    Column("value", Text, nullable=False, comment="as written in the report"),
    Column("normalized", Text, nullable=False, comment="comparison key (NFKC, case, digits)"),
    Column("qualifier", String(100), comment="e.g. the platform of an account handle"),
    Column("quantity", Float),
    Column("unit", String(20)),
    Index("ix_mentions_kind_normalized", "kind", "normalized"),
    Index("ix_mentions_report_id", "report_id"),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", ID, primary_key=True),
    Column("ingest_run_id", ID, ForeignKey("ingest_runs.id"), nullable=False),
    Column("channel", String(50), nullable=False),
    Column("input_name", Text, nullable=False),
    Column("row_number", Integer, nullable=False),
    Column("line_number", Integer, nullable=False),
    Column("field", String(300), comment="path of the first offending field, if any"),
    Column("reason", Text, nullable=False),
    Column("errors", JSON, nullable=False, comment="every problem: [{field, reason}]"),
    Column("raw", Text, nullable=False, comment="the row as text (bad bytes as \\xNN escapes)"),
    Column("raw_sha256", String(64), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("resolved", Boolean, nullable=False, default=False),
    Column("raw_bytes", LargeBinary, comment="the row's bytes as read, so nothing is lost"),
    Column("encoding", String(40), comment="the encoding the file was read in"),
    UniqueConstraint("channel", "input_name", "row_number", "raw_sha256", name="uq_quarantine_row"),
)

# API tokens are credentials of a user (a person, a partner account or a service account):
# 256-bit random secrets stored only as SHA-256 digests (kizashi.guard.identity.credentials).
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("prefix", String(12), nullable=False, comment="first characters, to tell tokens apart"),
    Column("label", String(200)),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("revoked_at", UTCDateTime()),
)

# --- the audit log (kizashi.guard) -------------------------------------------------------------
# Entries, perfect Merkle nodes and checkpoints are append-only: migration 0002 adds triggers
# that refuse UPDATE and DELETE of them. Personal data lives apart, in audit_personal, so that
# it can be redacted without touching a leaf.

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False, comment="always 1"),
    Column("size", BigInteger, nullable=False, comment="number of entries"),
    Column("frontier", LargeBinary, nullable=False, comment="right-edge subtree hashes, 32 B each"),
    Column("checkpoint_size", BigInteger, nullable=False, comment="size of the last checkpoint"),
    Column("checkpoint_at", UTCDateTime(), comment="when the last checkpoint was signed"),
    CheckConstraint("id = 1", name="single_row"),
)

audit_entries = Table(
    "audit_entries",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False, comment="0-based leaf index"),
    Column("time", UTCDateTime(), nullable=False),
    Column("actor", String(200), nullable=False, comment="user id (or cli:<os user>)"),
    Column("action", String(30), nullable=False),
    Column("resource_type", String(50), nullable=False),
    Column("resource_id", String(300), nullable=False),
    Column("purpose", Text, nullable=False),
    Column("effect", String(5), nullable=False, comment="allow or deny"),
    Column("leaf", Text, nullable=False, comment="the canonical JSON that is hashed"),
    Column("leaf_hash", LargeBinary(32), nullable=False, comment="SHA-256(0x00 || leaf)"),
    CheckConstraint("effect IN ('allow','deny')", name="effect_kind"),
    Index("ix_audit_entries_actor_time", "actor", "time"),
    Index("ix_audit_entries_resource", "resource_type", "resource_id"),
)

audit_nodes = Table(
    "audit_nodes",
    metadata,
    Column("level", Integer, primary_key=True, autoincrement=False, comment="1 = two leaves"),
    Column("idx", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", LargeBinary(32), nullable=False),
)

audit_personal = Table(
    "audit_personal",
    metadata,
    Column("seq", BigInteger, ForeignKey("audit_entries.seq"), primary_key=True),
    Column("field", String(100), primary_key=True),
    Column("salt", LargeBinary(16), comment="NULL once redacted"),
    Column("value", Text, comment="the personal data; NULL once redacted"),
    Column("redacted_at", UTCDateTime()),
    Column("redaction_reason", Text),
)

audit_checkpoints = Table(
    "audit_checkpoints",
    metadata,
    Column("size", BigInteger, primary_key=True, autoincrement=False),
    Column("root_hash", LargeBinary(32), nullable=False),
    Column("note", Text, nullable=False, comment="the signed note (C2SP tlog-checkpoint)"),
    Column("created_at", UTCDateTime(), nullable=False),
)

# --- identity and policy (kizashi.guard) --------------------------------------------------------
# One identity: every caller is a user — a person, a partner account (role partner_submitter)
# or a service account (role service) — and the audit log's actor is the user's id whichever
# credential (password, API token) they used. Migration 0012 folded the old principals in. Desks are loaded from
# guard/identity/data/desks.yaml; the table exists so that users, cases and compartments can refer to
# them. A compartment seals what it holds (subjects, reports) to its named members between
# valid_from and valid_until; nothing else grants access to its contents.

USER_ROLES = (
    "analyst",
    "desk_lead",
    "command_centre",
    "partner_submitter",
    "auditor",
    "admin",
    "oversight_officer",
    "service",
)

desks = Table(
    "desks",
    metadata,
    Column("id", String(50), primary_key=True, comment="slug from desks.yaml"),
    Column("name", String(200), nullable=False),
    Column("name_ja", String(200), nullable=False),
    Column("kind", String(30), nullable=False, comment="operational, command_centre, ..."),
    Column("description", Text, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", ID, primary_key=True, comment="the audit log's actor"),
    Column("name", String(200), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("desk_id", String(50), ForeignKey("desks.id")),
    Column("role", String(30), nullable=False),
    Column("organisation", String(200), comment="the partner organisation of a partner user"),
    Column(
        "channels",
        JSON,
        comment="a partner user's channels to submit on (ids); NULL: every partner channel",
    ),
    Column("password_hash", Text, comment="argon2id PHC string; NULL: tokens only"),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime(), nullable=False),
    CheckConstraint(
        "role IN ('analyst','desk_lead','command_centre','partner_submitter','auditor','admin',"
        "'oversight_officer','service')",
        name="role_kind",
    ),
    CheckConstraint(
        "role <> 'partner_submitter' OR organisation IS NOT NULL", name="partner_has_org"
    ),
)

cases = Table(
    "cases",
    metadata,
    Column("id", ID, primary_key=True),
    Column("ref", String(100), nullable=False, unique=True, comment="e.g. 2026-041"),
    Column("title", Text, nullable=False),
    Column("desk_id", String(50), ForeignKey("desks.id"), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

case_assignments = Table(
    "case_assignments",
    metadata,
    Column("case_id", ID, ForeignKey("cases.id"), primary_key=True),
    Column("user_id", ID, ForeignKey("users.id"), primary_key=True),
    Column("assigned_at", UTCDateTime(), nullable=False),
)

compartments = Table(
    "compartments",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("desk_id", String(50), ForeignKey("desks.id"), nullable=False),
    Column("description", Text, nullable=False),
    Column("valid_from", UTCDateTime(), nullable=False),
    Column("valid_until", UTCDateTime(), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    CheckConstraint("valid_until > valid_from", name="time_box"),
)

compartment_members = Table(
    "compartment_members",
    metadata,
    Column("compartment_id", ID, ForeignKey("compartments.id"), primary_key=True),
    Column("user_id", ID, ForeignKey("users.id"), primary_key=True),
    Column("valid_until", UTCDateTime(), comment="earlier end for this member; NULL: the box's"),
    Column("added_at", UTCDateTime(), nullable=False),
)

compartment_items = Table(
    "compartment_items",
    metadata,
    Column("compartment_id", ID, ForeignKey("compartments.id"), primary_key=True),
    Column("kind", String(20), primary_key=True, comment="subject or report"),
    Column("ref", String(300), primary_key=True, comment="subject key or report id"),
    Column("added_at", UTCDateTime(), nullable=False),
    CheckConstraint("kind IN ('subject','report')", name="item_kind"),
    Index("ix_compartment_items_kind_ref", "kind", "ref"),
)

material_labels = Table(
    "material_labels",
    metadata,
    Column("resource_type", String(50), primary_key=True),
    Column("resource_id", String(300), primary_key=True),
    Column("desk_id", String(50), ForeignKey("desks.id"), nullable=False),
    Column("case_id", ID, ForeignKey("cases.id")),
    Column("labelled_at", UTCDateTime(), nullable=False),
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", ID, primary_key=True),
    Column("desk_id", String(50), ForeignKey("desks.id"), nullable=False, comment="owning desk"),
    Column("compartment_id", ID, ForeignKey("compartments.id"), nullable=False),
    Column("searcher_id", ID, nullable=False, comment="user who looked the subject up"),
    Column("action", String(30), nullable=False),
    Column("audit_seq", BigInteger, comment="the audit entry of the denied lookup"),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("read_at", UTCDateTime()),
    Index("ix_notifications_desk_created", "desk_id", "created_at"),
)
