"""resolve: three indexes no query needs, which every membership and edge written updated

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-06 19:30:00

``entity_members`` had three indexes led by ``entity_id``: ``ix_entity_members_entity_id``,
``ix_entity_members_entity_linked`` (entity, ``linked_at``: triage's marks by link time,
0029, replaced by membership numbers in 0030; nothing reads by it since) and
``ix_entity_members_entity_seq`` (entity, number: the marks). The last serves every read by
entity the first served. ``ix_resolve_edges_left_id`` repeats the first column of the
edges' primary key (``left_id``, ``right_id``), which serves the reads by ``left_id``.

An entity id is a keyed hash, so every membership written lands on a random page of each
index led by it: on the live benchmark's 100k store, 1,000 reports through the worker wrote
14,827 WAL pages, 3,639 of them (25 %) to these three indexes (issue 12, live12). Dropped,
the resolve stage writes (and commits, and checkpoints) a quarter fewer pages.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None

DROPPED = (
    ("entity_members", "ix_entity_members_entity_id", ["entity_id"]),
    ("entity_members", "ix_entity_members_entity_linked", ["entity_id", "linked_at"]),
    ("resolve_edges", "ix_resolve_edges_left_id", ["left_id"]),
)


def _indexes(table: str) -> set[str]:
    return {str(i["name"]) for i in sa.inspect(op.get_bind()).get_indexes(table)}


def upgrade() -> None:
    for table, name, _columns in DROPPED:
        if name in _indexes(table):
            op.drop_index(name, table_name=table)


def downgrade() -> None:
    # Repeatable, as 0031's: an index already there is left as it is.
    for table, name, columns in DROPPED:
        if name not in _indexes(table):
            op.create_index(name, table, columns)
