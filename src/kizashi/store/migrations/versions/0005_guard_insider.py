"""guard: insider alerts and what else the guard stores beyond 0003 (issue 5)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401  (used once the tables are added)
from alembic import op  # noqa: F401

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)
ID = sa.String(length=36)

def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
