"""pipeline: an analyst's re-score request that keeps failing is parked as a dead letter

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-06 03:40:00

An analyst's judgement names the entities it re-grouped in ``pipeline_rescore`` under an id of
its own, and the worker re-scores them after its stages (0030, live19). A request whose
re-score failed stayed there and was tried again after every pass, forever, with its reason
only in the worker's log. A report that makes a stage fail is parked after
``KIZASHI_PIPELINE_MAX_ATTEMPTS`` attempts in the dead-letter list (``pipeline_queue``); a
request has no report, so it keeps its attempts, its reason and when it was parked on its own
rows, and ``kizashi pipeline failed`` / ``retry`` list and put back both kinds (issue 12,
live20). Existing rows start with no attempt.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kizashi.store.tables import UTCDateTime

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None

COLUMNS = ("attempts", "error", "parked_at")


def upgrade() -> None:
    op.add_column(
        "pipeline_rescore",
        sa.Column(
            "attempts",
            sa.Integer,
            nullable=False,
            server_default="0",
            comment="failed re-scores of an analyst's request (0032)",
        ),
    )
    op.add_column(
        "pipeline_rescore",
        sa.Column("error", sa.Text, comment="why its last re-score failed"),
    )
    op.add_column(
        "pipeline_rescore",
        sa.Column(
            "parked_at",
            UTCDateTime(),
            comment="set when parked as a dead letter; the worker skips it until a retry",
        ),
    )


def downgrade() -> None:
    # Repeatable, as 0031's: plain DROP COLUMN (SQLite >= 3.35), not a batch copy.
    bind = op.get_bind()
    present = {c["name"] for c in sa.inspect(bind).get_columns("pipeline_rescore")}
    for column in COLUMNS:
        if column in present:
            op.execute(f"ALTER TABLE pipeline_rescore DROP COLUMN {column}")
