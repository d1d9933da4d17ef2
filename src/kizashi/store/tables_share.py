"""Sharing with partners: products, approvals, deliveries, notifications, platform requests.

- ``share_products``: an advisory, bulletin, briefing, answer to a consultation or case
  summary: its full text, its tear-line (the sanitised text that leaves, made when it is
  submitted, with what was taken out), handling code (TLP 2.0), recipients, sources, the
  owning desk (and case), and where it stands (draft → submitted → approved | rejected →
  released);
- ``share_approvals``: the second person's decision (four-eyes): who, when, why, and the
  SHA-256 of the exact tear-line approved, with the audit entry of the guard's decision;
- ``share_deliveries``: one row per recipient copy: the trace copy that fingerprints it,
  when it was read and acknowledged, and the question the recipient asked back (a report);
- ``share_notifications``: what a recipient is told (a new product, an answer);
- ``share_requests``: lawful requests to platforms for user information, drafted from an
  alert, approved, sent, answered (the answer is a report), and the action taken;
- ``share_indicators``: what each imported STIX bundle or MISP event carried, for TAXII.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from kizashi.store.tables import ID, UTCDateTime, metadata

PRODUCT_KINDS = ("advisory", "bulletin", "briefing", "consultation_answer", "case_summary")
PRODUCT_STATES = ("draft", "submitted", "approved", "rejected", "released")
REQUEST_STATES = ("draft", "submitted", "approved", "rejected", "sent", "answered", "closed")

share_products = Table(
    "share_products",
    metadata,
    Column("id", ID, primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("title", String(300), nullable=False),
    Column("lang", String(5), nullable=False),
    Column("body", Text, nullable=False, comment="the full text (Markdown), as drafted"),
    Column("tearline", Text, comment="the sanitised text that leaves (made on submission)"),
    Column("tearline_removed", JSON, comment="what the tear-line took out: rule, kind, span"),
    Column("handling_code", String(40), nullable=False),
    Column("desk_id", String(50), ForeignKey("desks.id"), nullable=False),
    Column("case_id", ID, ForeignKey("cases.id")),
    Column("sources", JSON, nullable=False, comment="[{kind: report|alert|case, id}]"),
    Column("recipients", JSON, nullable=False, comment="[{kind: user|partner|group|desk, id}]"),
    Column("status", String(20), nullable=False),
    Column("created_by", ID, ForeignKey("users.id"), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("released_at", UTCDateTime()),
    CheckConstraint(
        "kind IN ('advisory','bulletin','briefing','consultation_answer','case_summary')",
        name="share_product_kind",
    ),
    CheckConstraint(
        "status IN ('draft','submitted','approved','rejected','released')",
        name="share_product_status",
    ),
    Index("ix_share_products_desk_status", "desk_id", "status"),
)

share_approvals = Table(
    "share_approvals",
    metadata,
    Column("id", ID, primary_key=True),
    Column("subject_kind", String(20), nullable=False, comment="product or request"),
    Column("subject_id", ID, nullable=False),
    Column("decided_by", ID, ForeignKey("users.id"), nullable=False),
    Column("decision", String(10), nullable=False, comment="approved or rejected"),
    Column("reason", Text, nullable=False),
    Column("content_sha256", String(64), nullable=False, comment="what exactly was approved"),
    Column("decided_at", UTCDateTime(), nullable=False),
    Column("audit_seq", Integer, comment="the audit entry of the guard's decision"),
    Index("ix_share_approvals_subject", "subject_kind", "subject_id"),
)

share_deliveries = Table(
    "share_deliveries",
    metadata,
    Column("id", ID, primary_key=True),
    Column("product_id", ID, ForeignKey("share_products.id"), nullable=False),
    Column("recipient_id", ID, ForeignKey("users.id"), nullable=False),
    Column("via", String(200), nullable=False, comment="how the recipient was named"),
    Column("format", String(10), nullable=False, comment="md or pdf"),
    Column("trace_product_id", ID, nullable=False),
    Column("trace_copy_id", ID, nullable=False),
    Column("content_sha256", String(64), nullable=False),
    Column("delivered_at", UTCDateTime(), nullable=False),
    Column("read_at", UTCDateTime()),
    Column("acknowledged_at", UTCDateTime()),
    Column("question_report_id", ID, comment="the consultation report a question became"),
    Index("ix_share_deliveries_recipient", "recipient_id"),
    Index("ix_share_deliveries_product", "product_id"),
)

share_notifications = Table(
    "share_notifications",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False),
    Column("product_id", ID, ForeignKey("share_products.id")),
    Column("message", String(500), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("read_at", UTCDateTime()),
    Index("ix_share_notifications_user", "user_id"),
)

share_requests = Table(
    "share_requests",
    metadata,
    Column("id", ID, primary_key=True),
    Column("alert_id", ID, nullable=False),
    Column("platform", String(100), nullable=False),
    Column("desk_id", String(50), ForeignKey("desks.id"), nullable=False),
    Column("legal_basis", String(300), nullable=False),
    Column("body", Text, nullable=False, comment="what is asked, and why"),
    Column("identifiers", JSON, nullable=False, comment="the account, post URL, time asked about"),
    Column("status", String(20), nullable=False),
    Column("created_by", ID, ForeignKey("users.id"), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("sent_at", UTCDateTime()),
    Column("answered_at", UTCDateTime()),
    Column("answer_report_id", ID, comment="the platform's answer, stored as a report"),
    Column("action_taken", Text),
    Column("action_at", UTCDateTime()),
    CheckConstraint(
        "status IN ('draft','submitted','approved','rejected','sent','answered','closed')",
        name="share_request_status",
    ),
    Index("ix_share_requests_platform", "platform", "status"),
)

share_indicators = Table(
    "share_indicators",
    metadata,
    Column("id", String(200), primary_key=True, comment="the STIX id (indicator--uuid)"),
    Column("kind", String(30), nullable=False, comment="phone, email, account, payment_token"),
    Column("value", String(500), nullable=False),
    Column("report_id", ID, nullable=False, comment="the report that carried it in"),
    Column("handling_code", String(40), nullable=False),
    Column("desk_id", String(50), ForeignKey("desks.id")),
    Column("source", String(200), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_share_indicators_created", "created_at"),
)
