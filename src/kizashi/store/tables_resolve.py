"""Entities: the people, phones, e-mails, accounts and addresses that reports mention (issue 4).

Contract between ``resolve`` (which writes) and ``triage``/``web`` (which read):

- every resolved mention belongs to exactly one entity (``entity_members``); a person entity
  also holds the identifiers (phone, e-mail, account, address) linked to that person, so
  "every report about this person" is a join through ``entity_members.report_id``;
- ``reasons`` on a member says why it joined (match weight per field), for the entity page;
- analyst judgements override the model and are never deleted: undoing one sets
  ``undone_at``; a re-run of linkage applies the judgements that are not undone.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, Float, ForeignKey, Index, String, Table, Text

from kizashi.store.tables import ID, UTCDateTime, metadata

entities = Table(
    "entities",
    metadata,
    Column("id", ID, primary_key=True),
    Column("kind", String(20), nullable=False, comment="person, phone, email, account, address"),
    Column("label", Text, nullable=False, comment="a display name, e.g. the commonest spelling"),
    Column("resolve_run", ID, comment="the linkage run that made or last changed it"),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Index("ix_entities_kind", "kind"),
)

entity_members = Table(
    "entity_members",
    metadata,
    Column("mention_id", ID, ForeignKey("mentions.id"), primary_key=True),
    Column("entity_id", ID, ForeignKey("entities.id"), nullable=False),
    Column("report_id", ID, ForeignKey("reports.id"), nullable=False),
    Column("match_weight", Float, comment="log2 Bayes factor of the joining link, if any"),
    Column("reasons", JSON, nullable=False, comment="[{field, comparison, weight}] of the link"),
    Column("linked_at", UTCDateTime(), nullable=False),
    Index("ix_entity_members_entity_id", "entity_id"),
    Index("ix_entity_members_report_id", "report_id"),
)

link_judgements = Table(
    "link_judgements",
    metadata,
    Column("id", ID, primary_key=True),
    Column("left_mention_id", ID, ForeignKey("mentions.id"), nullable=False),
    Column("right_mention_id", ID, ForeignKey("mentions.id"), nullable=False),
    Column("verdict", String(10), nullable=False, comment="same or not_same"),
    Column("user_id", ID, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("undone_at", UTCDateTime()),
    Column("undone_by", ID),
    Index("ix_link_judgements_left", "left_mention_id"),
    Index("ix_link_judgements_right", "right_mention_id"),
)
