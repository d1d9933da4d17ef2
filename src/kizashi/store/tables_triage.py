"""Risk and alerts: what triage concluded about entities, and what people decided (issue 4).

Contract between ``triage`` (which writes) and ``web``/``api`` (which read):

- ``risk_contributions``: one row per signal that counts towards an entity's risk, with its
  source (a report, a signal, a purchase-rule firing), weight and half-life, so the entity
  page lists every contribution and the risk can be recomputed at any time;
- ``alerts``: opened above a threshold and routed to a desk by rules kept as data; the
  lifecycle is new -> in_review -> confirmed | dismissed (with a reason);
- ``alert_events``: every assignment and review, who and why, for evaluation and oversight;
- ``findings``: what a room above triage concluded about an entity (outreach: the same
  approacher at two companies), raised through ``kizashi.triage.raise_finding``; triage
  counts it as a contribution and routes the entity's alert by its facts (countries).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
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

ALERT_STATES = ("new", "in_review", "confirmed", "dismissed", "folded")

risk_contributions = Table(
    "risk_contributions",
    metadata,
    Column("id", ID, primary_key=True),
    Column("entity_id", ID, ForeignKey("entities.id"), nullable=False),
    Column(
        "kind",
        String(40),
        nullable=False,
        comment="text_signal, purchase_rule, partner_report, ...",
    ),
    Column("report_id", ID, ForeignKey("reports.id"), comment="the report it comes from, if one"),
    Column("source_ref", String(300), nullable=False, comment="signal id, rule firing id, ..."),
    Column("category", String(30)),
    Column("weight", Float, nullable=False, comment="before decay"),
    Column("half_life_days", Float, nullable=False),
    Column("observed_at", UTCDateTime(), nullable=False),
    Column("explanation", JSON, nullable=False, comment="why it counts: rule, spans, grading"),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("reliability", String(1), comment="of the source, A-F"),
    Column("credibility", String(1), comment="of the information, 1-6"),
    Column("handling_code", String(20), comment="of the report it comes from"),
    Column("updated_at", UTCDateTime(), comment="last re-run that changed it"),
    Index("ix_risk_contributions_entity_id", "entity_id"),
    UniqueConstraint("entity_id", "kind", "source_ref", name="uq_risk_contributions_source"),
)

# --- triage's own bookkeeping (not part of the contract) ---

risk_marks = Table(
    "risk_marks",
    metadata,
    Column("entity_id", ID, primary_key=True),
    Column(
        "through",
        BigInteger,
        nullable=False,
        comment="the highest membership number (entity_members.seq) among the entity's "
        "members when it was last re-scored (0030)",
    ),
    Column(
        "older",
        Integer,
        nullable=False,
        comment="how many of its members had a lower number then",
    ),
    Column(
        "left",
        Integer,
        nullable=False,
        comment="the entity's members_left then (a member leaving voids the mark)",
    ),
    Column(
        "report_ids",
        JSON,
        nullable=False,
        comment="its members' reports that could add to its risk then (0029)",
    ),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", ID, primary_key=True),
    Column("entity_id", ID, ForeignKey("entities.id"), nullable=False),
    Column("desk_id", String(50), ForeignKey("desks.id"), nullable=False),
    Column("category", String(30)),
    Column("score", Float, nullable=False, comment="risk when opened or last rescored"),
    Column("status", String(20), nullable=False),
    Column("assignee_id", ID),
    Column(
        "routing_rule",
        String(100),
        nullable=False,
        comment="id of the routing rule that chose the desk",
    ),
    Column("summary", Text, nullable=False),
    Column("explanation", JSON, nullable=False),
    Column("opened_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("closed_reason", Text),
    Column("handling_code", String(20), comment="strictest TLP of the contributing reports"),
    Column("closed_at", UTCDateTime()),
    Column("closed_by", ID),
    Column("region", String(100), comment="where, as routing saw it (e.g. 東京都豊島区)"),
    Column("protected", JSON, comment="watch-list ids of protected people named"),
    Column("urgent", String(100), comment="id of the urgent rule that opened it, if one"),
    Column("folded_into", ID, comment="the alert this one was folded into (0033)"),
    CheckConstraint(
        "status IN ('new','in_review','confirmed','dismissed','folded')", name="alert_status"
    ),
    Index("ix_alerts_desk_status_score", "desk_id", "status", "score"),
    Index("ix_alerts_entity_id", "entity_id"),
    Index("ix_alerts_desk_score_id", "desk_id", "score", "id"),
    Index("ix_alerts_desk_opened_id", "desk_id", "opened_at", "id"),
    Index("ix_alerts_score_id", "score", "id"),
    Index("ix_alerts_folded_into", "folded_into"),
)

alert_events = Table(
    "alert_events",
    metadata,
    Column("id", ID, primary_key=True),
    Column("alert_id", ID, ForeignKey("alerts.id"), nullable=False),
    Column("user_id", ID, comment="null when the platform itself opened or rescored"),
    Column(
        "action",
        String(30),
        nullable=False,
        comment="opened, assigned, in_review, confirmed, dismissed, reopened",
    ),
    Column("reason", Text),
    Column("at", UTCDateTime(), nullable=False),
    Column("from_status", String(20)),
    Column("to_status", String(20)),
    Column("details", JSON, comment="e.g. the assignee, the score before and after"),
    Index("ix_alert_events_alert_id", "alert_id"),
)

alert_outcomes = Table(
    "alert_outcomes",
    metadata,
    Column("id", ID, primary_key=True),
    Column("alert_id", ID, ForeignKey("alerts.id"), nullable=False),
    Column("outcome", String(20), nullable=False, comment="confirmed or dismissed"),
    Column("reason", Text, nullable=False),
    Column("user_id", ID, nullable=False),
    Column(
        "rules", JSON, nullable=False, comment="rule/signal ids that contributed, for precision"
    ),
    Column("categories", JSON, nullable=False),
    Column("score", Float, nullable=False),
    Column("desk_id", String(50), nullable=False),
    Column("decided_at", UTCDateTime(), nullable=False),
    Index("ix_alert_outcomes_alert_id", "alert_id"),
)

triage_runs = Table(
    "triage_runs",
    metadata,
    Column("id", ID, primary_key=True),
    Column("started_at", UTCDateTime(), nullable=False),
    Column("finished_at", UTCDateTime()),
    Column("as_of", UTCDateTime(), nullable=False, comment="the time risk was decayed to"),
    Column("config_version", String(50), nullable=False),
    Column("summary", JSON, nullable=False),
)

findings = Table(
    "findings",
    metadata,
    Column("id", ID, primary_key=True),
    Column("entity_id", ID, ForeignKey("entities.id"), nullable=False),
    Column("room", String(40), nullable=False, comment="the room that raised it"),
    Column("source_ref", String(300), nullable=False, comment="the room's own key"),
    Column("category", String(30), nullable=False),
    Column("weight", Float, nullable=False),
    Column("facts", JSON, nullable=False, comment="routing facts: countries, held_elsewhere"),
    Column("summary", Text, nullable=False),
    Column("explanation", JSON, nullable=False),
    Column("handling_code", String(20)),
    Column("observed_at", UTCDateTime(), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("withdrawn_at", UTCDateTime()),
    UniqueConstraint("room", "source_ref", name="uq_findings_source"),
    Index("ix_findings_entity_id", "entity_id"),
)
