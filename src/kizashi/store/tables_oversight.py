"""Oversight: retention and expiry, purposes, corrections and the rules in force (issue 18).

Contract between ``oversight`` (which writes) and the readers of reports (through
:mod:`kizashi.store.payloads`, whose keys oversight destroys) and the guard (whose report
loader treats an expired report as absent):

- ``expiry_runs`` and ``report_expiries``: the tombstones. A report that expired keeps its
  immutable ``reports`` row (provenance and hashes, so the audit log's references hold);
  this row says when, under which schedule and why (``led_to``: what the report had led to).
- ``retention_holds``: legal holds on a case or a report; nothing held expires.
- ``case_closures``: when a case closed (retention of case material runs from it).
- ``purpose_changes``: every use of a report for another purpose than the one it was
  collected for, with the reason, the legal basis and the guard's rule.
- ``report_corrections``: notes attached to a report without changing it.
- ``subject_access_requests``: lawful requests registered by oversight, exported once by an
  administrator (two people, neither alone); ``subject_access_reports`` ties each to the
  reports it covered, so expiry can erase the person's identifiers when they have all gone.
- ``rule_versions``: every version of the triage thresholds, urgent rules, watch-lists,
  routing and detect's rule files in force, stored the first time it was used, by content hash.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from kizashi.store.tables import ID, UTCDateTime, metadata

expiry_runs = Table(
    "expiry_runs",
    metadata,
    Column("id", ID, primary_key=True),
    Column("started_at", UTCDateTime(), nullable=False),
    Column("finished_at", UTCDateTime()),
    Column("as_of", UTCDateTime(), nullable=False, comment="the time retention was judged at"),
    Column("schedule_version", String(64), nullable=False, comment="sha256 of the schedules"),
    Column("actor", String(200), nullable=False, comment="principal id of who ran it"),
    Column("reports", Integer, nullable=False),
    Column("keys_destroyed", Integer, nullable=False),
    Column("resealed", Integer, nullable=False, comment="reports kept, sealed again"),
    Column("summary", JSON, nullable=False, comment="counts per schedule and per room hook"),
)

report_expiries = Table(
    "report_expiries",
    metadata,
    Column("report_id", ID, ForeignKey("reports.id"), primary_key=True),
    Column("run_id", ID, ForeignKey("expiry_runs.id"), nullable=False),
    Column("expired_at", UTCDateTime(), nullable=False),
    Column("schedule_id", String(100), nullable=False),
    Column("due_at", UTCDateTime(), nullable=False),
    Column("led_to", String(20), nullable=False, comment="nothing, flagged, dismissed, ..."),
    Index("ix_report_expiries_run_id", "run_id"),
    Index("ix_report_expiries_expired_at", "expired_at"),
)

HOLD_KINDS = ("case", "report")

retention_holds = Table(
    "retention_holds",
    metadata,
    Column("id", ID, primary_key=True),
    Column("kind", String(20), nullable=False, comment="case or report"),
    Column("ref", String(300), nullable=False, comment="case id or report id"),
    Column("reason", Text, nullable=False),
    Column("placed_by", ID, nullable=False),
    Column("placed_at", UTCDateTime(), nullable=False),
    Column("released_by", ID),
    Column("released_at", UTCDateTime()),
    CheckConstraint("kind IN ('case','report')", name="hold_kind"),
    Index("ix_retention_holds_kind_ref", "kind", "ref"),
)

case_closures = Table(
    "case_closures",
    metadata,
    Column("case_id", ID, ForeignKey("cases.id"), primary_key=True),
    Column("closed_at", UTCDateTime(), nullable=False),
    Column("closed_by", ID, nullable=False),
    Column("reason", Text, nullable=False),
)

purpose_changes = Table(
    "purpose_changes",
    metadata,
    Column("id", ID, primary_key=True),
    Column("report_id", ID, ForeignKey("reports.id"), nullable=False),
    Column("from_purpose", String(50), nullable=False, comment="purpose id it was collected for"),
    Column("to_purpose", String(50), nullable=False, comment="purpose id it may now serve"),
    Column("reason", Text, nullable=False),
    Column("legal_basis", Text, nullable=False),
    Column("decided_by", ID, nullable=False),
    Column("rule", String(30), nullable=False, comment="the guard's rule id"),
    Column("audit_seq", BigInteger, comment="the audit entry of the decision"),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_purpose_changes_report_id", "report_id"),
)

report_corrections = Table(
    "report_corrections",
    metadata,
    Column("id", ID, primary_key=True),
    Column("report_id", ID, ForeignKey("reports.id"), nullable=False),
    Column("note", Text, nullable=False),
    Column("field", String(300), comment="the field the note is about, if one"),
    Column("requested_by", Text, comment="e.g. the subject-access request it answers"),
    Column("author_id", ID, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("reason", Text, comment="why the note was written (0020)"),
    Column("audit_seq", BigInteger, comment="the audit entry of the decision (0020)"),
    Index("ix_report_corrections_report_id", "report_id"),
)

subject_access_requests = Table(
    "subject_access_requests",
    metadata,
    Column("id", ID, primary_key=True),
    Column("ref", String(100), nullable=False, unique=True, comment="the request's reference"),
    Column("subject_key", Text, nullable=False, comment="kizashi.guard.subject_key of the person"),
    Column("legal_basis", Text, nullable=False),
    Column("registered_by", ID, nullable=False),
    Column("registered_at", UTCDateTime(), nullable=False),
    Column("exported_by", ID),
    Column("exported_at", UTCDateTime()),
    Column("requester", Text, comment="who asked: the person or their representative (0020)"),
    Column("identifiers", JSON, comment="the person's identifiers as given: {kind: [values]}"),
    Column("export_sha256", String(64), comment="of the JSON export handed over (0020)"),
    Column(
        "expired_at",
        UTCDateTime(),
        comment="when expiry erased the person's identifiers: every report it covered expired (0021)",
    ),
)

# The reports a subject-access request is tied to (0021): those its export covered and those a
# correction note it requested is attached to. Expiry deletes the rows of expired reports; a
# request left with none has its identifiers erased (oversight/expiration.py).
subject_access_reports = Table(
    "subject_access_reports",
    metadata,
    Column("request_id", ID, ForeignKey("subject_access_requests.id"), primary_key=True),
    Column("report_id", ID, ForeignKey("reports.id"), primary_key=True),
    Index("ix_subject_access_reports_report_id", "report_id"),
)

rule_versions = Table(
    "rule_versions",
    metadata,
    Column("kind", String(40), primary_key=True, comment="triage, urgent, watchlist, routing, ..."),
    Column("sha256", String(64), primary_key=True, comment="of the parsed content, canonical JSON"),
    Column("version", String(100), nullable=False, comment="the version the file declares"),
    Column("source", Text, nullable=False, comment="the file it was read from"),
    Column("content", Text, nullable=False, comment="the parsed content as canonical JSON"),
    Column("first_used_at", UTCDateTime(), nullable=False),
    Column("last_used_at", UTCDateTime(), nullable=False),
    Index("ix_rule_versions_kind_first", "kind", "first_used_at"),
)

# When each version came into force (0020): a row each time the content a process loads for a
# kind differs from the latest row, so a rule file changed back to an earlier version is in
# force again from then (rule_versions keeps one row per content).
rules_in_force = Table(
    "rules_in_force",
    metadata,
    Column("id", ID, primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("effective_from", UTCDateTime(), nullable=False),
    ForeignKeyConstraint(["kind", "sha256"], ["rule_versions.kind", "rule_versions.sha256"]),
    Index("ix_rules_in_force_kind_from", "kind", "effective_from"),
)
