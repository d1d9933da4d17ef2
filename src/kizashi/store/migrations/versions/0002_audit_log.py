"""audit log: entries, Merkle nodes, personal data, checkpoints, and the head row

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False, comment="always 1"),
        sa.Column("size", sa.BigInteger(), nullable=False, comment="number of entries"),
        sa.Column(
            "frontier",
            sa.LargeBinary(),
            nullable=False,
            comment="right-edge subtree hashes, 32 B each",
        ),
        sa.Column(
            "checkpoint_size",
            sa.BigInteger(),
            nullable=False,
            comment="size of the last checkpoint",
        ),
        sa.Column(
            "checkpoint_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="when the last checkpoint was signed",
        ),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.create_table(
        "audit_entries",
        sa.Column(
            "seq",
            sa.BigInteger(),
            autoincrement=False,
            nullable=False,
            comment="0-based leaf index",
        ),
        sa.Column("time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False, comment="principal id"),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("resource_type", sa.String(length=50), nullable=False),
        sa.Column("resource_id", sa.String(length=300), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("effect", sa.String(length=5), nullable=False, comment="allow or deny"),
        sa.Column("leaf", sa.Text(), nullable=False, comment="the canonical JSON that is hashed"),
        sa.Column(
            "leaf_hash", sa.LargeBinary(length=32), nullable=False, comment="SHA-256(0x00 || leaf)"
        ),
        sa.CheckConstraint("effect IN ('allow','deny')", name=op.f("ck_audit_entries_effect_kind")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_entries")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index("ix_audit_entries_actor_time", ["actor", "time"], unique=False)
        batch_op.create_index(
            "ix_audit_entries_resource", ["resource_type", "resource_id"], unique=False
        )
    op.create_table(
        "audit_nodes",
        sa.Column(
            "level", sa.Integer(), autoincrement=False, nullable=False, comment="1 = two leaves"
        ),
        sa.Column("idx", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("level", "idx", name=op.f("pk_audit_nodes")),
    )
    op.create_table(
        "audit_personal",
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("salt", sa.LargeBinary(length=16), nullable=True, comment="NULL once redacted"),
        sa.Column(
            "value", sa.Text(), nullable=True, comment="the personal data; NULL once redacted"
        ),
        sa.Column("redacted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("redaction_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["seq"], ["audit_entries.seq"], name=op.f("fk_audit_personal_seq_audit_entries")
        ),
        sa.PrimaryKeyConstraint("seq", "field", name=op.f("pk_audit_personal")),
    )
    op.create_table(
        "audit_checkpoints",
        sa.Column("size", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("root_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column(
            "note", sa.Text(), nullable=False, comment="the signed note (C2SP tlog-checkpoint)"
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("size", name=op.f("pk_audit_checkpoints")),
    )
    op.bulk_insert(
        head, [{"id": 1, "size": 0, "frontier": b"", "checkpoint_size": 0, "checkpoint_at": None}]
    )
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRES_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_DROPS if dialect == "sqlite" else POSTGRES_DROPS:
        op.execute(statement)
    op.drop_table("audit_checkpoints")
    op.drop_table("audit_personal")
    op.drop_table("audit_nodes")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entries_resource")
        batch_op.drop_index("ix_audit_entries_actor_time")
    op.drop_table("audit_entries")
    op.drop_table("audit_head")


# The log is append-only in the database itself: no code path, and no administrator with SQL,
# rewrites an entry, a tree node or a checkpoint without a trigger being dropped first (which
# the next checkpoint, the witness and offline verification then expose). Personal data may
# only be redacted: its salt and value set to NULL, the row kept as the record of redaction.
_APPEND_ONLY = ("audit_entries", "audit_nodes", "audit_checkpoints")

SQLITE_TRIGGERS = (
    *(
        f"CREATE TRIGGER {table}_no_{verb} BEFORE {verb.upper()} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        for table in _APPEND_ONLY
        for verb in ("update", "delete")
    ),
    "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER audit_personal_no_delete BEFORE DELETE ON audit_personal "
    "BEGIN SELECT RAISE(ABORT, 'audit personal data can only be redacted'); END",
    "CREATE TRIGGER audit_personal_redact_only BEFORE UPDATE ON audit_personal "
    "WHEN NEW.seq IS NOT OLD.seq OR NEW.field IS NOT OLD.field "
    "OR NEW.salt IS NOT NULL OR NEW.value IS NOT NULL "
    "BEGIN SELECT RAISE(ABORT, 'audit personal data can only be redacted'); END",
)
SQLITE_DROPS = tuple(
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        *(f"{table}_no_{verb}" for table in _APPEND_ONLY for verb in ("update", "delete")),
        "audit_head_no_delete",
        "audit_personal_no_delete",
        "audit_personal_redact_only",
    )
)

POSTGRES_TRIGGERS = (
    "CREATE FUNCTION kizashi_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
    "CREATE FUNCTION kizashi_audit_redact_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN IF TG_OP <> 'UPDATE' OR NEW.seq <> OLD.seq OR NEW.field <> OLD.field "
    "OR NEW.salt IS NOT NULL OR NEW.value IS NOT NULL THEN "
    "RAISE EXCEPTION 'audit personal data can only be redacted'; END IF; RETURN NEW; END $$",
    *(
        f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION kizashi_audit_append_only()"
        for table in _APPEND_ONLY
    ),
    *(
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION kizashi_audit_append_only()"
        for table in (*_APPEND_ONLY, "audit_head", "audit_personal")
    ),
    "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head "
    "FOR EACH ROW EXECUTE FUNCTION kizashi_audit_append_only()",
    "CREATE TRIGGER audit_personal_redact_only BEFORE UPDATE OR DELETE ON audit_personal "
    "FOR EACH ROW EXECUTE FUNCTION kizashi_audit_redact_only()",
)
POSTGRES_DROPS = (
    *(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}" for table in _APPEND_ONLY),
    *(
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}"
        for table in (*_APPEND_ONLY, "audit_head", "audit_personal")
    ),
    "DROP TRIGGER IF EXISTS audit_head_no_delete ON audit_head",
    "DROP TRIGGER IF EXISTS audit_personal_redact_only ON audit_personal",
    "DROP FUNCTION IF EXISTS kizashi_audit_append_only()",
    "DROP FUNCTION IF EXISTS kizashi_audit_redact_only()",
)
