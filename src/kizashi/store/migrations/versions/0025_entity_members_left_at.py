"""entities say when a member last left them: the search stage follows the new members only

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-04 14:00:00

The live pipeline's search stage rebuilt a touched entity's document from every member it
has (a busy account: thousands of rows at 100k reports), so its cost grew with the store.
A document built when the entity had a set of members stays right while members are only
added: the stage now adds what the new members say. ``entities.members_left_at`` is when a
member last left the entity (re-clustering moved it, expiry deleted it, a batch run rewrote
every membership): a document indexed before then is rebuilt from the members, as before.
Existing rows start NULL: nothing has left them since this column existed, and the
documents already stored were built from all their members.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("entities", sa.Column("members_left_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    # Repeatable, as 0023's: a later step's failure on SQLite does not undo this drop. A plain
    # DROP COLUMN (SQLite >= 3.35), not a batch copy of the table.
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("entities")}
    if "members_left_at" in columns:
        op.execute("ALTER TABLE entities DROP COLUMN members_left_at")
