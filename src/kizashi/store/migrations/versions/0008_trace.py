"""trace: disseminated copies, fingerprints and leak findings (issue 7)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)
ID = sa.String(length=36)


def upgrade() -> None:
    op.create_table(
        "trace_products",
        sa.Column("id", ID, primary_key=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("original", sa.LargeBinary(), nullable=False),
        sa.Column("original_sha256", sa.String(length=64), nullable=False),
        sa.Column("desk_id", sa.String(length=50), sa.ForeignKey("desks.id")),
        sa.Column("case_id", ID, sa.ForeignKey("cases.id")),
        sa.Column("compartment_id", ID, sa.ForeignKey("compartments.id")),
        sa.Column("handling_code", sa.String(length=40)),
        sa.Column("operation", sa.JSON()),
        sa.Column("scheme", sa.String(length=40), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_by", ID, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.CheckConstraint("kind IN ('image','text')", name=op.f("ck_trace_products_product_kind")),
    )
    op.create_table(
        "trace_copies",
        sa.Column("id", ID, primary_key=True),
        sa.Column("product_id", ID, sa.ForeignKey("trace_products.id"), nullable=False),
        sa.Column("recipient_id", ID, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("issued_by", ID, nullable=False),
        sa.Column("issued_at", TIME, nullable=False),
        sa.Column("fingerprint", sa.JSON(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("audit_seq", sa.BigInteger()),
    )
    op.create_index("ix_trace_copies_product_id", "trace_copies", ["product_id"])
    op.create_index("ix_trace_copies_recipient_id", "trace_copies", ["recipient_id"])
    op.create_table(
        "trace_findings",
        sa.Column("id", ID, primary_key=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("leaked_sha256", sa.String(length=64)),
        sa.Column("product_id", ID, sa.ForeignKey("trace_products.id")),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("found_by", ID, nullable=False),
        sa.Column("found_at", TIME, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("trace_findings")
    op.drop_index("ix_trace_copies_recipient_id", table_name="trace_copies")
    op.drop_index("ix_trace_copies_product_id", table_name="trace_copies")
    op.drop_table("trace_copies")
    op.drop_table("trace_products")
