"""triage: an open alert whose subject was merged into an entity with an open alert is folded

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-06 07:00:00

When an analyst's judgement (or a re-grouping) merges entity A into B and both had an open
alert, the desk would work the same person twice: B's alert, and A's left open on a dead id.
Triage now folds A's alert into B's (issue 12, live21): B's takes the higher risk, A's
reasons and its history; A's is closed with the status ``folded`` — neither confirmed nor
dismissed, since no person decided it, so it feeds no outcome statistics — and points at the
survivor through ``folded_into``. The status check gains ``folded``; existing rows are
unchanged. ``entities.merged_into`` gets an index: triage looks up, on every pass, what was
merged into the entities it scores (a look-up over the desks' open alerts instead cost
~2.4 ms per 1,000 open alerts on every pass). (No foreign key: alerts are never deleted, and a self-reference would only slow
the batch copy SQLite needs for the new check.)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None

ID = sa.String(length=36)
STATES_OLD = "status IN ('new','in_review','confirmed','dismissed')"
STATES_NEW = "status IN ('new','in_review','confirmed','dismissed','folded')"


def upgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        batch.drop_constraint("alert_status", type_="check")
        batch.create_check_constraint("alert_status", STATES_NEW)
        batch.add_column(
            sa.Column("folded_into", ID, comment="the alert this one was folded into (0033)")
        )
        batch.create_index("ix_alerts_folded_into", ["folded_into"])
    op.create_index("ix_entities_merged_into", "entities", ["merged_into"])


def downgrade() -> None:
    # Repeatable, as 0031's: a downgrade stopped by a later step (0017's) is run again, and
    # on SQLite what this one did stays done.
    inspector = sa.inspect(op.get_bind())
    if "ix_entities_merged_into" in {i["name"] for i in inspector.get_indexes("entities")}:
        op.drop_index("ix_entities_merged_into", table_name="entities")
    if "folded_into" not in {c["name"] for c in inspector.get_columns("alerts")}:
        return
    # A folded alert was closed by the platform; before 0033 it can only be a dismissal.
    op.execute("UPDATE alerts SET status = 'dismissed' WHERE status = 'folded'")
    with op.batch_alter_table("alerts") as batch:
        batch.drop_index("ix_alerts_folded_into")
        batch.drop_column("folded_into")
        batch.drop_constraint("alert_status", type_="check")
        batch.create_check_constraint("alert_status", STATES_OLD)
