"""oversight: subject access (who asked, the person's identifiers, the export's hash),
correction notes (why, the audit entry), and the history of the rules in force

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable columns: added in place on every backend (no table copy on SQLite).
    op.add_column("subject_access_requests", sa.Column("requester", sa.Text(), nullable=True))
    op.add_column("subject_access_requests", sa.Column("identifiers", sa.JSON(), nullable=True))
    op.add_column(
        "subject_access_requests", sa.Column("export_sha256", sa.String(length=64), nullable=True)
    )
    op.add_column("report_corrections", sa.Column("reason", sa.Text(), nullable=True))
    op.add_column("report_corrections", sa.Column("audit_seq", sa.BigInteger(), nullable=True))
    op.create_table(
        "rules_in_force",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("effective_from", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["kind", "sha256"], ["rule_versions.kind", "rule_versions.sha256"]),
    )
    op.create_index("ix_rules_in_force_kind_from", "rules_in_force", ["kind", "effective_from"])


def downgrade() -> None:
    # Repeatable: on SQLite a later step's failure (0017's refusal) does not undo these drops,
    # and the next downgrade runs this one again.
    inspector = sa.inspect(op.get_bind())
    if "rules_in_force" in set(inspector.get_table_names()):
        op.drop_index("ix_rules_in_force_kind_from", table_name="rules_in_force")
        op.drop_table("rules_in_force")
    for table, added in (
        ("report_corrections", ("audit_seq", "reason")),
        ("subject_access_requests", ("export_sha256", "identifiers", "requester")),
    ):
        present = {c["name"] for c in inspector.get_columns(table)}
        dropping = [c for c in added if c in present]
        for column in dropping:  # SQLite >= 3.35 drops a column in place: no table copy
            op.drop_column(table, column)
