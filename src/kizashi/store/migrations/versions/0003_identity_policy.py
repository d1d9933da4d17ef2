"""identity and policy: desks, users, cases, compartments, material labels, notifications

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)
ID = sa.String(length=36)


def upgrade() -> None:
    op.create_table(
        "desks",
        sa.Column("id", sa.String(length=50), nullable=False, comment="slug from desks.yaml"),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_ja", sa.String(length=200), nullable=False),
        sa.Column(
            "kind", sa.String(length=30), nullable=False, comment="operational, command_centre, ..."
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desks")),
    )
    op.create_table(
        "users",
        sa.Column("id", ID, nullable=False, comment="= principal id"),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("desk_id", sa.String(length=50), nullable=True),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column(
            "organisation",
            sa.String(length=200),
            nullable=True,
            comment="the partner organisation of a partner user",
        ),
        sa.Column(
            "password_hash",
            sa.Text(),
            nullable=True,
            comment="argon2id PHC string; NULL: tokens only",
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.CheckConstraint(
            "role IN ('analyst','desk_lead','command_centre','partner_submitter','auditor','admin')",
            name=op.f("ck_users_role_kind"),
        ),
        sa.CheckConstraint(
            "role <> 'partner_submitter' OR organisation IS NOT NULL",
            name=op.f("ck_users_partner_has_org"),
        ),
        sa.ForeignKeyConstraint(["desk_id"], ["desks.id"], name=op.f("fk_users_desk_id_desks")),
        sa.ForeignKeyConstraint(["id"], ["principals.id"], name=op.f("fk_users_id_principals")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "cases",
        sa.Column("id", ID, nullable=False),
        sa.Column("ref", sa.String(length=100), nullable=False, comment="e.g. 2026-041"),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("desk_id", sa.String(length=50), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(["desk_id"], ["desks.id"], name=op.f("fk_cases_desk_id_desks")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("ref", name=op.f("uq_cases_ref")),
    )
    op.create_table(
        "case_assignments",
        sa.Column("case_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("assigned_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_assignments_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_case_assignments_user_id_users")
        ),
        sa.PrimaryKeyConstraint("case_id", "user_id", name=op.f("pk_case_assignments")),
    )
    op.create_table(
        "compartments",
        sa.Column("id", ID, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("desk_id", sa.String(length=50), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("valid_from", TIME, nullable=False),
        sa.Column("valid_until", TIME, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.CheckConstraint("valid_until > valid_from", name=op.f("ck_compartments_time_box")),
        sa.ForeignKeyConstraint(
            ["desk_id"], ["desks.id"], name=op.f("fk_compartments_desk_id_desks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compartments")),
        sa.UniqueConstraint("name", name=op.f("uq_compartments_name")),
    )
    op.create_table(
        "compartment_members",
        sa.Column("compartment_id", ID, nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column(
            "valid_until",
            TIME,
            nullable=True,
            comment="earlier end for this member; NULL: the box's",
        ),
        sa.Column("added_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["compartment_id"],
            ["compartments.id"],
            name=op.f("fk_compartment_members_compartment_id_compartments"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_compartment_members_user_id_users")
        ),
        sa.PrimaryKeyConstraint("compartment_id", "user_id", name=op.f("pk_compartment_members")),
    )
    op.create_table(
        "compartment_items",
        sa.Column("compartment_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False, comment="subject or report"),
        sa.Column("ref", sa.String(length=300), nullable=False, comment="subject key or report id"),
        sa.Column("added_at", TIME, nullable=False),
        sa.CheckConstraint(
            "kind IN ('subject','report')", name=op.f("ck_compartment_items_item_kind")
        ),
        sa.ForeignKeyConstraint(
            ["compartment_id"],
            ["compartments.id"],
            name=op.f("fk_compartment_items_compartment_id_compartments"),
        ),
        sa.PrimaryKeyConstraint("compartment_id", "kind", "ref", name=op.f("pk_compartment_items")),
    )
    op.create_index("ix_compartment_items_kind_ref", "compartment_items", ["kind", "ref"])
    op.create_table(
        "material_labels",
        sa.Column("resource_type", sa.String(length=50), nullable=False),
        sa.Column("resource_id", sa.String(length=300), nullable=False),
        sa.Column("desk_id", sa.String(length=50), nullable=False),
        sa.Column("case_id", ID, nullable=True),
        sa.Column("labelled_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_material_labels_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["desk_id"], ["desks.id"], name=op.f("fk_material_labels_desk_id_desks")
        ),
        sa.PrimaryKeyConstraint("resource_type", "resource_id", name=op.f("pk_material_labels")),
    )
    op.create_table(
        "notifications",
        sa.Column("id", ID, nullable=False),
        sa.Column("desk_id", sa.String(length=50), nullable=False, comment="owning desk"),
        sa.Column("compartment_id", ID, nullable=False),
        sa.Column("searcher_id", ID, nullable=False, comment="user who looked the subject up"),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column(
            "audit_seq",
            sa.BigInteger(),
            nullable=True,
            comment="the audit entry of the denied lookup",
        ),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("read_at", TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["compartment_id"],
            ["compartments.id"],
            name=op.f("fk_notifications_compartment_id_compartments"),
        ),
        sa.ForeignKeyConstraint(
            ["desk_id"], ["desks.id"], name=op.f("fk_notifications_desk_id_desks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index("ix_notifications_desk_created", "notifications", ["desk_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_notifications_desk_created", table_name="notifications")
    op.drop_table("notifications")
    op.drop_table("material_labels")
    op.drop_index("ix_compartment_items_kind_ref", table_name="compartment_items")
    op.drop_table("compartment_items")
    op.drop_table("compartment_members")
    op.drop_table("compartments")
    op.drop_table("case_assignments")
    op.drop_table("cases")
    op.drop_table("users")
    op.drop_table("desks")
