"""resolve/triage/pipeline: memberships numbered in write order, leavings counted, re-scores
carried from resolve to triage

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-05 21:45:00

Triage's marks (0029) told an entity's new members by their link time: with a clock that
stands still or runs behind the stored links (a fixed clock, a batch run's own) every mark was
void or read every member. From this revision every membership row takes a number above
every one taken before (``entity_members.seq``: PostgreSQL's sequence ``entity_members_seq``,
SQLite's counter in ``store_counters``), an entity counts how many times members left it
(``entities.members_left``), and a mark keeps those instead of times (the marks are dropped:
the next re-score of each entity reads it in full once). Existing memberships are numbered
in no particular order, which only needs to hold from here on.

``pipeline_rescore``: the entities a resolve pass moved an earlier member into or out of, by
a report of that pass, for the triage stage to re-score with it (an entity no new report is
about can gain or lose risk in a re-clustering).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kizashi.store.tables import ID, UTCDateTime

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.add_column(
        "entity_members",
        sa.Column(
            "seq",
            sa.BigInteger,
            comment="the order memberships were written in (0030; resolve.member_order): a fresh "
            "row takes a number above every one taken before, whatever the clock says",
        ),
    )
    op.add_column(
        "entities",
        sa.Column(
            "members_left",
            sa.Integer,
            nullable=False,
            server_default="0",
            comment="how many times members left it (0030): a count, so that two leavings at "
            "one instant of a clock still differ (triage's marks compare it)",
        ),
    )
    op.create_table(
        "store_counters",
        sa.Column("name", sa.String(50), primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    if postgres:
        op.execute("CREATE SEQUENCE IF NOT EXISTS entity_members_seq")
        op.execute("UPDATE entity_members SET seq = nextval('entity_members_seq')")
    else:
        op.execute("UPDATE entity_members SET seq = rowid")
        op.execute(
            "INSERT INTO store_counters (name, value) "
            "SELECT 'entity_members', coalesce(max(seq), 0) FROM entity_members"
        )
    op.create_index("ix_entity_members_entity_seq", "entity_members", ["entity_id", "seq"])
    op.execute("DROP TABLE risk_marks")
    op.create_table(
        "risk_marks",
        sa.Column("entity_id", ID, primary_key=True),
        sa.Column(
            "through",
            sa.BigInteger,
            nullable=False,
            comment="the highest membership number (entity_members.seq) among the entity's "
            "members when it was last re-scored (0030)",
        ),
        sa.Column(
            "older",
            sa.Integer,
            nullable=False,
            comment="how many of its members had a lower number then",
        ),
        sa.Column(
            "left",
            sa.Integer,
            nullable=False,
            comment="the entity's members_left then (a member leaving voids the mark)",
        ),
        sa.Column(
            "report_ids",
            sa.JSON,
            nullable=False,
            comment="its members' reports that could add to its risk then (0029)",
        ),
    )
    op.create_table(
        "pipeline_rescore",
        sa.Column(
            "report_id", ID, primary_key=True, comment="the report whose triage re-scores it"
        ),
        sa.Column(
            "entity_id", ID, primary_key=True, comment="an entity a member moved into or out of"
        ),
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS pipeline_rescore")
    op.execute("DROP TABLE IF EXISTS risk_marks")
    op.create_table(
        "risk_marks",
        sa.Column("entity_id", ID, primary_key=True),
        sa.Column("linked_through", UTCDateTime(), nullable=False),
        sa.Column("older", sa.Integer, nullable=False),
        sa.Column("left_at", UTCDateTime()),
        sa.Column("report_ids", sa.JSON, nullable=False),
    )
    op.execute("DROP INDEX IF EXISTS ix_entity_members_entity_seq")
    op.execute("DROP TABLE IF EXISTS store_counters")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP SEQUENCE IF EXISTS entity_members_seq")
    # Repeatable, as 0025's: plain DROP COLUMN (SQLite >= 3.35), not a batch copy.
    bind = op.get_bind()
    for table, column in (("entities", "members_left"), ("entity_members", "seq")):
        if column in {c["name"] for c in sa.inspect(bind).get_columns(table)}:
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
