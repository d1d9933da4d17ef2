"""trace: PDF products, and shortlist indexes over issued stills and texts (issue 20)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 08:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

ID = sa.String(length=36)


def upgrade() -> None:
    with op.batch_alter_table("trace_products") as batch:
        batch.drop_constraint("product_kind", type_="check")
        batch.create_check_constraint("product_kind", "kind IN ('image','text','pdf')")
    op.create_table(
        "trace_index",
        sa.Column("product_id", ID, sa.ForeignKey("trace_products.id"), primary_key=True),
        sa.Column("page", sa.Integer(), primary_key=True),
        sa.Column("scheme", sa.String(length=40), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("views", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "trace_text_index",
        sa.Column("product_id", ID, sa.ForeignKey("trace_products.id"), primary_key=True),
        sa.Column("scheme", sa.String(length=40), nullable=False),
        sa.Column("shingles", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("trace_text_index")
    op.drop_table("trace_index")
    with op.batch_alter_table("trace_products") as batch:
        batch.drop_constraint("product_kind", type_="check")
        batch.create_check_constraint("product_kind", "kind IN ('image','text')")
