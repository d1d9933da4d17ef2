"""guard: one identity, one session (issue 14)

Principals are folded into users: every caller is a user — a person, a partner account
(role ``partner_submitter``) or a service account (role ``service``) — and API tokens are
credentials of a user. A principal that had no user becomes one: a partner principal a
partner account of its organisation (as the API treated it), an officer or service principal
a service account (it could reach nothing but the detector before, and still cannot). The
user's id stays the principal's id, so tokens and audit actors are unchanged.

Sessions gain the surface they serve (``api`` bearer tokens or ``web`` cookies) and why they
ended; ``sign_in_addresses`` throttles password sign-ins per address.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

ID = sa.String(length=36)
ROLES_OLD = "role IN ('analyst','desk_lead','command_centre','partner_submitter','auditor','admin')"
ROLES_NEW = (
    "role IN ('analyst','desk_lead','command_centre','partner_submitter','auditor','admin',"
    "'service')"
)


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("fk_users_id_principals", type_="foreignkey")
        batch.drop_constraint("role_kind", type_="check")
        batch.create_check_constraint("role_kind", ROLES_NEW)
    op.execute(
        """
        INSERT INTO users (id, name, display_name, desk_id, role, organisation, password_hash,
                           active, created_at)
        SELECT p.id, p.name, p.name, NULL,
               CASE WHEN p.role = 'partner' THEN 'partner_submitter' ELSE 'service' END,
               p.organisation, NULL, TRUE, p.created_at
        FROM principals p
        WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p.id)
        """
    )
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_constraint("fk_api_tokens_principal_id_principals", type_="foreignkey")
        batch.alter_column("principal_id", new_column_name="user_id", existing_type=ID)
    with op.batch_alter_table("api_tokens") as batch:
        batch.create_foreign_key("fk_api_tokens_user_id_users", "users", ["user_id"], ["id"])
    op.drop_table("principals")
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(
            sa.Column("surface", sa.String(length=10), nullable=False, server_default="api")
        )
        batch.add_column(sa.Column("ended_reason", sa.String(length=100), nullable=True))
        batch.create_index("ix_sessions_user_id", ["user_id"], unique=False)
    with op.batch_alter_table("sessions") as batch:
        batch.alter_column("surface", server_default=None, existing_type=sa.String(length=10))
    op.create_table(
        "sign_in_addresses",
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("address", name=op.f("pk_sign_in_addresses")),
    )


def downgrade() -> None:
    op.drop_table("sign_in_addresses")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_index("ix_sessions_user_id")
        batch.drop_column("ended_reason")
        batch.drop_column("surface")
    op.create_table(
        "principals",
        sa.Column("id", ID, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role <> 'partner' OR organisation IS NOT NULL",
            name=op.f("ck_principals_partner_has_org"),
        ),
        sa.CheckConstraint(
            "role IN ('officer','partner','service')", name=op.f("ck_principals_role_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_principals")),
        sa.UniqueConstraint("name", name=op.f("uq_principals_name")),
    )
    op.execute(
        """
        INSERT INTO principals (id, name, role, organisation, created_at)
        SELECT id, name,
               CASE WHEN role = 'partner_submitter' THEN 'partner'
                    WHEN role = 'service' THEN 'service' ELSE 'officer' END,
               organisation, created_at
        FROM users
        """
    )
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_constraint("fk_api_tokens_user_id_users", type_="foreignkey")
        batch.alter_column("user_id", new_column_name="principal_id", existing_type=ID)
    with op.batch_alter_table("api_tokens") as batch:
        batch.create_foreign_key(
            "fk_api_tokens_principal_id_principals", "principals", ["principal_id"], ["id"]
        )
    op.execute("DELETE FROM users WHERE role = 'service'")
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("role_kind", type_="check")
        batch.create_check_constraint("role_kind", ROLES_OLD)
        batch.create_foreign_key("fk_users_id_principals", "principals", ["id"], ["id"])
