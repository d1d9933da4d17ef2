"""casework: a case can be closed with an outcome and a reason, and reopened

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-07 05:10:00

``case_closings`` holds a closed case's outcome (an id of ``casework/data/outcomes.yaml``
and that list's version), the closing officer's reason, who closed it and when. A case
with no row is open; reopening deletes the row (the timeline keeps the history). Oversight's
``case_closures`` (0017) stays the retention record: casework writes it on closing so that
the material's retention runs from the close, and removes it on reopening.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None

ID = sa.String(length=36)


def UTCDateTime() -> sa.DateTime:  # noqa: N802 (reads as the model's column type)
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "case_closings",
        sa.Column("case_id", ID, sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("outcome", sa.String(40), nullable=False, comment="an id of outcomes.yaml"),
        sa.Column("outcomes_version", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("closed_by", ID, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    # Repeatable, as 0031's and 0034's: SQLite's DDL is not transactional, so a downgrade that
    # an older revision refused halfway may come back here with the table already gone.
    if "case_closings" in sa.inspect(op.get_bind()).get_table_names():
        op.drop_table("case_closings")
