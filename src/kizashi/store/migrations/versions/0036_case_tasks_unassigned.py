"""casework: a case's open task may be unassigned (its officer taken off the case)

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-07 12:00:00

When the desk lead takes an officer off a case (``unassign``), the officer's open tasks on
the case lose their assignee: the officer no longer sees the case, so a task left with them
could be neither seen nor finished by them. ``case_tasks.assignee_id`` becomes nullable;
NULL is an open task listed for re-assignment (the case's page and file say so, the
``unassigned`` event of the timeline lists the tasks). Done and cancelled tasks keep who
held them. Existing rows are unchanged.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None

ID = sa.String(length=36)


def upgrade() -> None:
    with op.batch_alter_table("case_tasks") as batch:
        batch.alter_column("assignee_id", existing_type=ID, nullable=True)


def downgrade() -> None:
    # Before 0036 every task has an assignee: an unassigned one goes back to who created it.
    # Repeatable: on SQLite what a stopped downgrade did stays done, and this finds it so.
    op.execute("UPDATE case_tasks SET assignee_id = created_by WHERE assignee_id IS NULL")
    with op.batch_alter_table("case_tasks") as batch:
        batch.alter_column("assignee_id", existing_type=ID, nullable=False)
