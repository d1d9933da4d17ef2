"""search: documents for global search, their full-text index, saved searches and notices

SQLite: an FTS5 table ``search_fts`` with the trigram tokenizer (substring matching of
Japanese without a segmenter). PostgreSQL: a GIN ``pg_trgm`` index on ``search_docs.body``
(the extension is created if missing). Every report and entity already stored is indexed
(backfill), through the search room's own indexer so that the backfill and the pipeline's
``search`` stage write the same documents.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 15:00:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

ID = sa.String(length=36)


def _tz() -> sa.types.TypeEngine[Any]:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "search_docs",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("ref_id", ID, nullable=False),
        sa.Column("channel", sa.String(length=50)),
        sa.Column("desk_id", sa.String(length=50)),
        sa.Column("category", sa.String(length=50)),
        sa.Column("occurred_at", _tz()),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("indexed_at", _tz(), nullable=False),
        sa.UniqueConstraint("kind", "ref_id", name="uq_search_docs_kind_ref"),
    )
    op.create_index("ix_search_docs_ref_id", "search_docs", ["ref_id"])
    op.create_table(
        "saved_searches",
        sa.Column("id", ID, primary_key=True),
        sa.Column("user_id", ID, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", _tz(), nullable=False),
    )
    op.create_index("ix_saved_searches_user_id", "saved_searches", ["user_id"])
    op.create_table(
        "search_notices",
        sa.Column("id", ID, primary_key=True),
        sa.Column("saved_search_id", ID, sa.ForeignKey("saved_searches.id"), nullable=False),
        sa.Column("user_id", ID, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("ref_id", ID, nullable=False),
        sa.Column("created_at", _tz(), nullable=False),
        sa.Column("read_at", _tz()),
        sa.UniqueConstraint("saved_search_id", "kind", "ref_id", name="uq_search_notices_item"),
    )
    op.create_index("ix_search_notices_user_created", "search_notices", ["user_id", "created_at"])
    op.create_index("ix_search_notices_ref_id", "search_notices", ["ref_id"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(body, tokenize='trigram')")
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
        schema = bind.execute(
            sa.text(
                "SELECT extnamespace::regnamespace::text FROM pg_extension "
                "WHERE extname = 'pg_trgm'"
            )
        ).scalar_one()
        op.execute(
            f"CREATE INDEX ix_search_docs_body_trgm ON search_docs "
            f"USING gin (body {schema}.gin_trgm_ops)"
        )
    from kizashi.search.index import reindex_all

    reindex_all(bind)


def downgrade() -> None:
    # IF EXISTS: on SQLite a failing downgrade further down (0017 refusing to lose a role)
    # does not roll this DDL back, and the next attempt runs it again.
    op.execute("DROP TABLE IF EXISTS search_fts")
    op.execute("DROP TABLE IF EXISTS search_notices")
    op.execute("DROP TABLE IF EXISTS saved_searches")
    op.execute("DROP TABLE IF EXISTS search_docs")
