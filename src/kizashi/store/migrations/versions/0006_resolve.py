"""resolve: entities, their member mentions and analyst judgements (issue 4)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)
ID = sa.String(length=36)


def upgrade() -> None:
    op.create_table(
        "entities",
        sa.Column("id", ID, primary_key=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("resolve_run", ID),
        sa.Column("merged_into", ID),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
    )
    op.create_index("ix_entities_kind", "entities", ["kind"])
    op.create_table(
        "entity_members",
        sa.Column("mention_id", ID, sa.ForeignKey("mentions.id"), primary_key=True),
        sa.Column("entity_id", ID, sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("report_id", ID, sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("match_weight", sa.Float()),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("linked_at", TIME, nullable=False),
    )
    op.create_index("ix_entity_members_entity_id", "entity_members", ["entity_id"])
    op.create_index("ix_entity_members_report_id", "entity_members", ["report_id"])
    op.create_table(
        "link_judgements",
        sa.Column("id", ID, primary_key=True),
        sa.Column("left_mention_id", ID, sa.ForeignKey("mentions.id"), nullable=False),
        sa.Column("right_mention_id", ID, sa.ForeignKey("mentions.id"), nullable=False),
        sa.Column("verdict", sa.String(length=10), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("undone_at", TIME),
        sa.Column("undone_by", ID),
    )
    op.create_index("ix_link_judgements_left", "link_judgements", ["left_mention_id"])
    op.create_index("ix_link_judgements_right", "link_judgements", ["right_mention_id"])
    op.create_table(
        "resolve_runs",
        sa.Column("id", ID, primary_key=True),
        sa.Column("started_at", TIME, nullable=False),
        sa.Column("finished_at", TIME),
        sa.Column("engine", sa.String(length=20), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("entities", sa.Integer(), nullable=False),
        sa.Column("model", sa.JSON(), nullable=False),
    )
    op.create_table(
        "resolve_records",
        sa.Column("id", ID, primary_key=True),
        sa.Column("report_id", ID, sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("slot", sa.String(length=200), nullable=False),
        sa.Column("mention_ids", sa.JSON(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("entity_id", ID),
        sa.Column("name_sorted", sa.String(length=200)),
        sa.Column("phone", sa.String(length=40)),
        sa.Column("email", sa.String(length=300)),
        sa.Column("account", sa.String(length=300)),
        sa.Column("addr_block", sa.String(length=300)),
        sa.Column("birth_tok_a", sa.String(length=250)),
        sa.Column("birth_tok_b", sa.String(length=250)),
    )
    op.create_table(
        "resolve_edges",
        sa.Column("left_id", ID, primary_key=True),
        sa.Column("right_id", ID, primary_key=True),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("resolve_run", ID),
    )
    op.create_index("ix_resolve_edges_right_id", "resolve_edges", ["right_id"])
    for column in (
        "name_sorted",
        "phone",
        "email",
        "account",
        "addr_block",
        "birth_tok_a",
        "birth_tok_b",
        "report_id",
    ):
        op.create_index(f"ix_resolve_records_{column}", "resolve_records", [column])


def downgrade() -> None:
    op.drop_table("resolve_edges")
    op.drop_table("resolve_records")
    op.drop_table("resolve_runs")
    op.drop_table("link_judgements")
    op.drop_table("entity_members")
    op.drop_table("entities")
