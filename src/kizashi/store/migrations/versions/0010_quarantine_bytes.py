"""intake: quarantined rows keep their bytes as read and the encoding they were read in (issue 21)

A row of a Shift_JIS or EUC-JP file, or one in another encoding than the rest of its file,
cannot be held faithfully as text: the bytes are what lets an analyst read it again.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quarantine", schema=None) as batch_op:
        batch_op.add_column(sa.Column("raw_bytes", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("encoding", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("quarantine", schema=None) as batch_op:
        batch_op.drop_column("encoding")
        batch_op.drop_column("raw_bytes")
