"""resolve: copies (records identical to an earlier one) keep no blocking keys

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-05 18:40:00

Every post of an account makes a person record with the same features. Both linking paths
link such a *copy* to the first of its kind by one identical-record edge and compare only the
first (``kizashi/resolve/copies.py``); a copy's blocking keys only made every block it is in
grow with the account's posts, and every new record of that account read them all. From
this revision neither path writes keys for a copy; this step drops those older stores kept.
A stored edge is written (smaller id, larger id), so the step keeps the keys of the smallest
id of each set of records joined by identical-record edges (weight 1e5) and drops those of
every record that is the larger end of one. Downgrade leaves them out: the previous code
meets the one record of each set that has keys and decides as before without the others.
"""

from __future__ import annotations

from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

IDENTICAL = 1e5  # kizashi.resolve.link.IDENTICAL, fixed here as this step ran


def upgrade() -> None:
    op.execute(
        "DELETE FROM resolve_keys WHERE record_id IN "
        f"(SELECT right_id FROM resolve_edges WHERE weight = {IDENTICAL!r})"
    )


def downgrade() -> None:
    pass
