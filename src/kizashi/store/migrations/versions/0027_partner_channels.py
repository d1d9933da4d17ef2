"""users: the channels a partner account may submit on (least privilege)

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-05 12:30:00

A partner account could submit on every channel open to partners: a real-estate
association's account could post purchases "from a retailer" or posts "from a platform"
into the early-warning loop. ``users.channels`` is the JSON list of channel ids the account
may submit on (the guard's ``PARTNER-6``). Existing rows start NULL, which means every
channel open to partners, as before: an installation that upgrades keeps working and scopes
its partner accounts with ``kizashi users channels NAME --channel X``. An empty list means
none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: added in place on every backend (no table copy on SQLite).
    op.add_column("users", sa.Column("channels", sa.JSON(), nullable=True))


def downgrade() -> None:
    # Repeatable, as 0025's: a later step's failure on SQLite does not undo this drop. A plain
    # DROP COLUMN (SQLite >= 3.35), not a batch copy of the table.
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("users")}
    if "channels" in columns:
        op.execute("ALTER TABLE users DROP COLUMN channels")
