"""entity ids keyed with the store's secret

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 00:00:00

Entity ids were ``uuid5`` of a namespace printed in the source, so anyone could compute the
id of an address or a shop and ask whether the police hold it (issue 14). New ids are an
HMAC of (kind, key) under a per-store key (``kizashi.resolve.repository.entity_uuid``),
made on first use. A store that already holds entities records a NULL key: it keeps the
public scheme, because alerts, cases and the audit log refer to its ids (docs/guard.md).
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    keys = op.create_table(
        "entity_id_keys",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("key", sa.LargeBinary(32)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    held = op.get_bind().execute(sa.text("SELECT 1 FROM entities LIMIT 1")).first()
    if held is not None:
        # Stored as UTCDateTime does (UTC; SQLite keeps it naive and reads it back as UTC).
        op.bulk_insert(keys, [{"id": 1, "key": None, "created_at": datetime.now(UTC)}])


def downgrade() -> None:
    # Repeatable, as 0021's: a later step's failure on SQLite does not undo this drop.
    if "entity_id_keys" in set(sa.inspect(op.get_bind()).get_table_names()):
        op.drop_table("entity_id_keys")
