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

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Sequence,
    String,
    Table,
    Text,
)

from kizashi.store.tables import ID, UTCDateTime, metadata

entities = Table(
    "entities",
    metadata,
    Column("id", ID, primary_key=True),
    Column("kind", String(20), nullable=False, comment="person, phone, email, account, address"),
    Column("label", Text, nullable=False, comment="a display name, e.g. the commonest spelling"),
    Column("resolve_run", ID, comment="the linkage run that made or last changed it"),
    Column("merged_into", ID, comment="set when a re-run moved all its members elsewhere"),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column(
        "members_left_at",
        UTCDateTime(),
        comment="when a member last left it (0025): what was built from its members before "
        "then (a search document) may hold values it no longer has",
    ),
    Column(
        "members_left",
        Integer,
        nullable=False,
        server_default="0",
        comment="how many times members left it (0030): a count, so that two leavings at one "
        "instant of a clock still differ (triage's marks compare it)",
    ),
    Index("ix_entities_kind", "kind"),
    # Triage finds what was merged into the entities it scores by it (0033).
    Index("ix_entities_merged_into", "merged_into"),
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
    Column(
        "seq",
        BigInteger,
        comment="the order memberships were written in (0030; resolve.member_order): a fresh "
        "row takes a number above every one taken before, whatever the clock says",
    ),
    Index("ix_entity_members_report_id", "report_id"),
    # What joined an entity since a membership number (triage's marks, 0030); every read by
    # entity. (No other index led by the entity: each membership written updated them all,
    # on a random page of each, an entity id being a keyed hash — 0034 dropped two.)
    Index("ix_entity_members_entity_seq", "entity_id", "seq"),
)

# The membership numbers (0030): PostgreSQL's sequence (taken in blocks, never waited on by
# another worker); SQLite's last number taken, one row named 'entity_members' (one writer).
entity_members_seq = Sequence("entity_members_seq", metadata=metadata)
store_counters = Table(
    "store_counters",
    metadata,
    Column("name", String(50), primary_key=True),
    Column("value", BigInteger, nullable=False),
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

# --- resolve's own tables (not part of the contract; other rooms should not read them) ---

resolve_runs = Table(
    "resolve_runs",
    metadata,
    Column("id", ID, primary_key=True),
    Column("started_at", UTCDateTime(), nullable=False),
    Column("finished_at", UTCDateTime()),
    Column("engine", String(20), nullable=False),
    Column("records", Integer, nullable=False, default=0),
    Column("entities", Integer, nullable=False, default=0),
    Column("model", JSON, nullable=False, comment="trained m/u per comparison level, threshold"),
)

resolve_records = Table(
    "resolve_records",
    metadata,
    Column("id", ID, primary_key=True, comment="the record's first mention"),
    Column("report_id", ID, ForeignKey("reports.id"), nullable=False),
    Column("slot", String(200), nullable=False, comment="e.g. persons[0], or '' for the root"),
    Column("mention_ids", JSON, nullable=False),
    Column("features", JSON, nullable=False, comment="normalised comparison columns"),
    Column("entity_id", ID),
    Column(
        "component",
        ID,
        comment="the linked component it is in (only ever merged): what a change re-clusters",
    ),
    Index("ix_resolve_records_report_id", "report_id"),
    Index("ix_resolve_records_component", "component"),
    Index("ix_resolve_records_entity_id", "entity_id"),
)

# Blocking keys, indexed, so the incremental path finds candidates without a scan.
resolve_keys = Table(
    "resolve_keys",
    metadata,
    Column("key", String(400), primary_key=True, comment="rule index and value, e.g. 3:0901234"),
    Column("record_id", ID, primary_key=True),
    Index("ix_resolve_keys_record_id", "record_id"),
)

resolve_mentions = Table(
    "resolve_mentions",
    metadata,
    Column("mention_id", ID, primary_key=True),
    Column("record_id", ID, nullable=False, comment="the person record it is part of"),
    Index("ix_resolve_mentions_record_id", "record_id"),
)

resolve_edges = Table(
    "resolve_edges",
    metadata,
    Column("left_id", ID, primary_key=True),
    Column("right_id", ID, primary_key=True),
    Column("probability", Float, nullable=False),
    Column("weight", Float, nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("resolve_run", ID),
    # (By left_id: the primary key's first column; 0034 dropped an index repeating it.)
    Index("ix_resolve_edges_right_id", "right_id"),
)

# Pairs for review: a link a decisive disagreement stopped (veto), a join of two clusters
# it stopped (split), or an analyst's "same" that joined conflicting records (judged).
resolve_flags = Table(
    "resolve_flags",
    metadata,
    Column("left_id", ID, primary_key=True),
    Column("right_id", ID, primary_key=True),
    Column("kind", String(20), nullable=False, comment="veto, split or judged"),
    Column("probability", Float),
    Column("conflicts", JSON, nullable=False, comment="[{field, conflict}]"),
    Column("resolve_run", ID),
    Index("ix_resolve_flags_right_id", "right_id"),
)

resolve_term_frequencies = Table(
    "resolve_term_frequencies",
    metadata,
    Column("column", String(60), primary_key=True),
    Column("value", String(400), primary_key=True),
    Column("frequency", Float, nullable=False, comment="share of the trained records"),
)

# Entity ids are keyed with this store's secret (kizashi.resolve.repository.entity_uuid), so
# nobody outside the store can compute the id of an address or a shop and probe whether the
# police hold it (issue 14). One row; made on first use or by migration 0023.
entity_id_keys = Table(
    "entity_id_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False, comment="always 1"),
    Column(
        "key",
        LargeBinary(32),
        comment="HMAC-SHA256 key of entity ids; NULL: this store keeps the legacy public uuid5 "
        "ids (it held entities before migration 0023, and their ids are referenced)",
    ),
    Column("created_at", UTCDateTime(), nullable=False),
)
