"""Global search (kizashi.search): the documents it finds, saved searches and their notices.

``search_docs`` holds one row per findable thing — an entity (person, phone, e-mail,
account, address, ...) or a report — with ``body``, the text a query is matched against
(names as written and as read, identifiers, the report's free text), folded by
:mod:`kizashi.search.terms`. The store's own full-text index does the matching:

- SQLite: the FTS5 table ``search_fts`` (trigram tokenizer: substring matching of Japanese
  without a segmenter), one row per document with the document's ``seq`` as its rowid;
- PostgreSQL: a GIN ``pg_trgm`` index on ``search_docs.body`` (``ILIKE`` uses it).

Both are created by migration 0018 (a virtual table and an operator class are not
SQLAlchemy Core). A document derived from a report goes when the report expires (the
search room's expiry hook), in the expiry's transaction.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from kizashi.store.tables import ID, UTCDateTime, metadata

search_docs = Table(
    "search_docs",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True, comment="FTS rowid; grows"),
    Column("kind", String(20), nullable=False, comment="report, or the entity's kind"),
    Column("ref_id", ID, nullable=False, comment="the report's or the entity's id"),
    Column("channel", String(50), comment="a report's channel"),
    Column("desk_id", String(50), comment="the desk it is routed to, if any"),
    Column("category", String(50), comment="an entity's alert category, if any"),
    Column("occurred_at", UTCDateTime(), comment="when it happened (reports; entities: latest)"),
    Column("body", Text, nullable=False, comment="folded text a query is matched against"),
    Column("indexed_at", UTCDateTime(), nullable=False),
    Column(
        "members_left",
        Integer,
        comment="an entity's members_left when its document was built (0031); null for a report",
    ),
    UniqueConstraint("kind", "ref_id", name="uq_search_docs_kind_ref"),
    Index("ix_search_docs_ref_id", "ref_id"),
    # Newest first (global search; migration 0022).
    Index("ix_search_docs_occurred_seq", "occurred_at", "seq"),
)

saved_searches = Table(
    "saved_searches",
    metadata,
    Column("id", ID, primary_key=True),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("query", Text, nullable=False),
    Column("filters", JSON, nullable=False, comment="kind, channel, desk, category, since, until"),
    Column("purpose", String(300), nullable=False, comment="the purpose its checks are made for"),
    Column("last_seq", Integer, nullable=False, comment="documents up to this seq were checked"),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_saved_searches_user_id", "user_id"),
)

search_notices = Table(
    "search_notices",
    metadata,
    Column("id", ID, primary_key=True),
    Column("saved_search_id", ID, ForeignKey("saved_searches.id"), nullable=False),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("ref_id", ID, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("read_at", UTCDateTime()),
    UniqueConstraint("saved_search_id", "kind", "ref_id", name="uq_search_notices_item"),
    Index("ix_search_notices_user_created", "user_id", "created_at"),
    Index("ix_search_notices_ref_id", "ref_id"),
)
