"""Outreach: companies, outreach activities, approach readings and approachers (issue 17).

Contract between ``outreach`` (which writes) and the apps (which read through outreach's
services, never these tables directly):

- ``companies``: the register the economic-security desk keeps (sector, technologies, sites,
  contacts, handling code), each with the partner organisation that submits for it and the
  names its reports give it, so a report's ``company`` field finds its company;
- ``outreach_activities``: visits, briefings and individual consultations — who met whom,
  what was explained, the follow-up due and when it was done;
- ``approach_readings``: one per approach report or consultation, the stages its text shows
  with evidence spans (recomputable: the report is immutable, the lexicon versioned);
- ``approachers``: per resolved person entity (resolve's), what outreach concluded — names,
  identifiers, claimed organisations, countries, companies, furthest stage, escalation and
  the triage finding raised; recomputed whenever a report about them is read.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Table, Text

from kizashi.store.tables import ID, UTCDateTime, metadata

companies = Table(
    "companies",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(300), nullable=False, unique=True),
    Column("sector", String(40), nullable=False),
    Column("technologies", JSON, nullable=False),
    Column("sites", JSON, nullable=False, comment="[{name, address, ward}]"),
    Column("contacts", JSON, nullable=False, comment="[{name, role, phone, email}]"),
    Column("aliases", JSON, nullable=False, comment="other names its reports give it"),
    Column("organisation", String(300), comment="the partner organisation submitting for it"),
    Column("desk_id", String(50), ForeignKey("desks.id"), nullable=False),
    Column("handling_code", String(20), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("created_by", ID),
    Index("ix_companies_organisation", "organisation"),
    Index("ix_companies_sector", "sector"),
)

outreach_activities = Table(
    "outreach_activities",
    metadata,
    Column("id", ID, primary_key=True),
    Column("company_id", ID, ForeignKey("companies.id"), nullable=False),
    Column("kind", String(20), nullable=False, comment="visit, briefing, consultation"),
    Column("held_at", UTCDateTime(), nullable=False),
    Column("ward", String(100), comment="where (the site's ward or municipality)"),
    Column("officers", JSON, nullable=False, comment="who went"),
    Column("attendees", JSON, nullable=False, comment="whom they met"),
    Column("topics", Text, nullable=False, comment="what was explained or discussed"),
    Column("notes", Text),
    Column("follow_up", Text, comment="what is to be done next"),
    Column("follow_up_due", UTCDateTime()),
    Column("follow_up_done_at", UTCDateTime()),
    Column("report_id", ID, ForeignKey("reports.id"), comment="a consultation's report"),
    Column("created_by", ID),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_outreach_activities_company", "company_id", "held_at"),
    Index("ix_outreach_activities_due", "follow_up_due"),
)

approach_readings = Table(
    "approach_readings",
    metadata,
    Column("report_id", ID, ForeignKey("reports.id"), primary_key=True),
    Column("channel", String(50), nullable=False),
    Column("company_id", ID, ForeignKey("companies.id")),
    Column("entity_id", ID, comment="the approacher's entity when read (resolve's)"),
    Column("observed_at", UTCDateTime(), nullable=False),
    Column("stages", JSON, nullable=False),
    Column("furthest", String(40)),
    Column("stage_order", Integer, nullable=False, comment="0 for none"),
    Column("evidence", JSON, nullable=False, comment="[{stage, rule, start, end, text}]"),
    Column("suppressed", JSON, nullable=False),
    Column("method", String(40), comment="the report's approach_type"),
    Column("lexicon", String(200), nullable=False),
    Column("read_at", UTCDateTime(), nullable=False),
    Index("ix_approach_readings_entity", "entity_id"),
    Index("ix_approach_readings_company", "company_id"),
)

approachers = Table(
    "approachers",
    metadata,
    Column("entity_id", ID, ForeignKey("entities.id"), primary_key=True),
    Column("label", Text, nullable=False),
    Column("entities", JSON, nullable=False, comment="resolve's entities that are this approacher"),
    Column("links", JSON, nullable=False, comment="[{entity_id, by, key}] why they are one"),
    Column("names", JSON, nullable=False),
    Column("identifiers", JSON, nullable=False, comment="[{kind, value}] phones, e-mails"),
    Column("organisations", JSON, nullable=False),
    Column("countries", JSON, nullable=False),
    Column("companies", JSON, nullable=False, comment="company ids (or names) reporting them"),
    Column("reports", JSON, nullable=False),
    Column("furthest", String(40)),
    Column("level", String(20)),
    Column("fired", JSON, nullable=False, comment="[{rule, level, why}] escalation rules"),
    Column("known_to", JSON, nullable=False, comment="country desks that already hold them"),
    Column("held_elsewhere", JSON, nullable=False, comment="desks whose compartments hold them"),
    Column("finding_id", ID, comment="the triage finding raised, if one"),
    Column("desk_id", String(50), ForeignKey("desks.id"), nullable=False, comment="owner"),
    Column("shared_with", JSON, nullable=False, comment="desks the finding was routed to"),
    Column("first_seen", UTCDateTime(), nullable=False),
    Column("last_seen", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
)
