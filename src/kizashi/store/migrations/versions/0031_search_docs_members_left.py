"""search: an entity's document keeps the count of leavings it was built at

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-06 00:50:00

The search stage extends an entity's document with its new members unless a member left the
entity since the document was built; it told that by time (``entities.members_left_at >=
search_docs.indexed_at``). With a clock that stands still (a build's, a test's) that held for
every entity a member had ever left, so each touch rebuilt the document from every member, and
with any clock each such entity was rebuilt once after a build — a cost that grows with the
entity (issue 12, live19). From this revision a document keeps ``entities.members_left`` as it
was when the document was built, and the stage compares the counts, as triage's marks do since
0030. Existing documents have none and are rebuilt on their next touch, once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "search_docs",
        sa.Column(
            "members_left",
            sa.Integer,
            comment="an entity's members_left when its document was built (0031); null for a "
            "report",
        ),
    )


def downgrade() -> None:
    # Repeatable, as 0025's and 0030's: plain DROP COLUMN (SQLite >= 3.35), not a batch copy.
    bind = op.get_bind()
    if "members_left" in {c["name"] for c in sa.inspect(bind).get_columns("search_docs")}:
        op.execute("ALTER TABLE search_docs DROP COLUMN members_left")
