"""triage: an entity's contributing members marked, its members by entity and link time

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-05 19:20:00

The live triage stage re-scored a touched entity by reading every member of it to find the
few reports that can add to its risk (an account's entity holds every post of it). From this
revision it keeps, per entity it re-scored, the reports that could then (``risk_marks``) and
the latest link time of its members, and next reads only those plus the members linked
since (``ix_entity_members_entity_linked``). An entity without a mark is read in full once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kizashi.store.tables import ID, UTCDateTime

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "risk_marks",
        sa.Column("entity_id", ID, primary_key=True),
        sa.Column(
            "linked_through",
            UTCDateTime(),
            nullable=False,
            comment="the latest linked_at among the entity's members when it was last re-scored",
        ),
        sa.Column(
            "older",
            sa.Integer,
            nullable=False,
            comment="how many of its members were linked before linked_through then",
        ),
        sa.Column(
            "left_at",
            UTCDateTime(),
            comment="the entity's members_left_at then (a member leaving voids the mark)",
        ),
        sa.Column(
            "report_ids",
            sa.JSON,
            nullable=False,
            comment="its members' reports that could add to its risk then (0029)",
        ),
    )
    op.create_index("ix_entity_members_entity_linked", "entity_members", ["entity_id", "linked_at"])


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_entity_members_entity_linked")
    op.execute("DROP TABLE IF EXISTS risk_marks")
