"""Leak attribution: products, the fingerprinted copies issued from them, and findings (issue 7).

- ``trace_products``: what is disseminated (a still or a marked-up text), the original
  kept to detect against, where it belongs (desk, case, compartment, handling code) and,
  for operation plans, the operation's dates, places and targets;
- ``trace_copies``: one row per recipient copy: who, when, by whom, the fingerprint and
  the SHA-256 of the exact bytes handed out, with the audit entry that records the issue;
- ``trace_findings``: what a trace or a leak match concluded, for the inspection desk;
- ``trace_index``: global descriptors of each still's original (each page of a PDF), so that a
  find registers a leak against a shortlist and not against every product (issue 20);
- ``trace_text_index``: hashed shingles of each text product's fixed wording, the same for texts.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
)

from kizashi.store.tables import ID, UTCDateTime, metadata

trace_products = Table(
    "trace_products",
    metadata,
    Column("id", ID, primary_key=True),
    Column("kind", String(10), nullable=False, comment="image or text"),
    Column("title", String(300), nullable=False),
    Column("filename", String(300), nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("original", LargeBinary, nullable=False, comment="the kept original (bytes)"),
    Column("original_sha256", String(64), nullable=False),
    Column("desk_id", String(50), ForeignKey("desks.id")),
    Column("case_id", ID, ForeignKey("cases.id")),
    Column("compartment_id", ID, ForeignKey("compartments.id")),
    Column("handling_code", String(40)),
    Column("operation", JSON, comment="operation plans: id, dates, places, targets"),
    Column("scheme", String(40), nullable=False, comment="fingerprint scheme id"),
    Column("params", JSON, nullable=False, comment="scheme parameters used"),
    Column("created_by", ID, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    CheckConstraint("kind IN ('image','text','pdf')", name="product_kind"),
)

trace_copies = Table(
    "trace_copies",
    metadata,
    Column("id", ID, primary_key=True, comment="the copy id: also its fingerprint label"),
    Column("product_id", ID, ForeignKey("trace_products.id"), nullable=False),
    Column("recipient_id", ID, ForeignKey("users.id"), nullable=False),
    Column("issued_by", ID, nullable=False),
    Column("issued_at", UTCDateTime(), nullable=False),
    Column("fingerprint", JSON, nullable=False, comment="scheme, label, codeword"),
    Column("content_sha256", String(64), nullable=False),
    Column("audit_seq", BigInteger, comment="the audit entry recording the issue"),
    Index("ix_trace_copies_product_id", "product_id"),
    Index("ix_trace_copies_recipient_id", "recipient_id"),
)

trace_findings = Table(
    "trace_findings",
    metadata,
    Column("id", ID, primary_key=True),
    Column("kind", String(10), nullable=False, comment="image, text or leaks"),
    Column("leaked_sha256", String(64)),
    Column("product_id", ID, ForeignKey("trace_products.id")),
    Column("result", JSON, nullable=False),
    Column("found_by", ID, nullable=False),
    Column("found_at", UTCDateTime(), nullable=False),
)

trace_index = Table(
    "trace_index",
    metadata,
    Column("product_id", ID, ForeignKey("trace_products.id"), primary_key=True),
    Column("page", Integer, primary_key=True, comment="0 for a still; the page of a PDF"),
    Column("scheme", String(40), nullable=False, comment="descriptor scheme id"),
    Column("height", Integer, nullable=False),
    Column("width", Integer, nullable=False),
    Column("views", LargeBinary, nullable=False, comment="float16 descriptors, one per view"),
)

trace_text_index = Table(
    "trace_text_index",
    metadata,
    Column("product_id", ID, ForeignKey("trace_products.id"), primary_key=True),
    Column("scheme", String(40), nullable=False),
    Column("shingles", LargeBinary, nullable=False, comment="sorted uint32 hashes"),
)
