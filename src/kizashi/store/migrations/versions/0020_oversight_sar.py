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
    with op.batch_alter_table("subject_access_requests") as batch:
        batch.add_column(sa.Column("requester", sa.Text(), nullable=True))
        batch.add_column(sa.Column("identifiers", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("export_sha256", sa.String(length=64), nullable=True))
    with op.batch_alter_table("report_corrections") as batch:
        batch.add_column(sa.Column("reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("audit_seq", sa.BigInteger(), nullable=True))
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
    op.drop_index("ix_rules_in_force_kind_from", table_name="rules_in_force")
    op.drop_table("rules_in_force")
    with op.batch_alter_table("report_corrections") as batch:
        batch.drop_column("audit_seq")
        batch.drop_column("reason")
    with op.batch_alter_table("subject_access_requests") as batch:
        batch.drop_column("export_sha256")
        batch.drop_column("identifiers")
        batch.drop_column("requester")
