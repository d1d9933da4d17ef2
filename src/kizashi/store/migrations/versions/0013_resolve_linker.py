"""resolve: one linker — blocking keys, mention owners, review flags, frozen term frequencies
(issue 22)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

ID = sa.String(length=36)
_OLD_KEYS = ("name_sorted", "phone", "email", "account", "addr_block", "birth_tok_a",
             "birth_tok_b")  # fmt: skip


def upgrade() -> None:
    for column in _OLD_KEYS:
        op.drop_index(f"ix_resolve_records_{column}", table_name="resolve_records")
    with op.batch_alter_table("resolve_records") as batch:
        for column in _OLD_KEYS:
            batch.drop_column(column)
        batch.add_column(sa.Column("component", ID))
    op.create_index("ix_resolve_records_component", "resolve_records", ["component"])
    op.create_index("ix_resolve_records_entity_id", "resolve_records", ["entity_id"])
    op.create_table(
        "resolve_keys",
        sa.Column("key", sa.String(length=400), primary_key=True),
        sa.Column("record_id", ID, primary_key=True),
    )
    op.create_index("ix_resolve_keys_record_id", "resolve_keys", ["record_id"])
    op.create_table(
        "resolve_mentions",
        sa.Column("mention_id", ID, primary_key=True),
        sa.Column("record_id", ID, nullable=False),
    )
    op.create_index("ix_resolve_mentions_record_id", "resolve_mentions", ["record_id"])
    op.create_table(
        "resolve_flags",
        sa.Column("left_id", ID, primary_key=True),
        sa.Column("right_id", ID, primary_key=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("probability", sa.Float()),
        sa.Column("conflicts", sa.JSON(), nullable=False),
        sa.Column("resolve_run", ID),
    )
    op.create_index("ix_resolve_flags_right_id", "resolve_flags", ["right_id"])
    op.create_table(
        "resolve_term_frequencies",
        sa.Column("column", sa.String(length=60), primary_key=True),
        sa.Column("value", sa.String(length=400), primary_key=True),
        sa.Column("frequency", sa.Float(), nullable=False),
    )
    op.create_index("ix_resolve_edges_left_id", "resolve_edges", ["left_id"])


def downgrade() -> None:
    op.drop_index("ix_resolve_edges_left_id", table_name="resolve_edges")
    op.drop_table("resolve_term_frequencies")
    op.drop_table("resolve_flags")
    op.drop_table("resolve_mentions")
    op.drop_table("resolve_keys")
    op.drop_index("ix_resolve_records_entity_id", table_name="resolve_records")
    op.drop_index("ix_resolve_records_component", table_name="resolve_records")
    with op.batch_alter_table("resolve_records") as batch:
        batch.drop_column("component")
        for column in _OLD_KEYS:
            batch.add_column(sa.Column(column, sa.String(length=300)))
    for column in _OLD_KEYS:
        op.create_index(f"ix_resolve_records_{column}", "resolve_records", [column])
