"""foundation: reports, mentions, quarantine, ingest runs, principals, tokens

Revision ID: 0001
Revises:
Create Date: 2026-11-22 20:23:07.438866
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=50), nullable=False),
        sa.Column(
            "input_name", sa.Text(), nullable=False, comment="file path, <stdin> or api:<principal>"
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("rows_stored", sa.Integer(), nullable=False),
        sa.Column("rows_duplicate", sa.Integer(), nullable=False),
        sa.Column("rows_conflicting", sa.Integer(), nullable=False),
        sa.Column("rows_quarantined", sa.Integer(), nullable=False),
        sa.Column(
            "status", sa.String(length=20), nullable=False, comment="running, completed, failed"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_runs")),
    )
    op.create_table(
        "principals",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "role", sa.String(length=30), nullable=False, comment="officer, partner, service"
        ),
        sa.Column(
            "organisation",
            sa.String(length=200),
            nullable=True,
            comment="the partner organisation a partner acts for",
        ),
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
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("principal_id", sa.String(length=36), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column(
            "prefix",
            sa.String(length=12),
            nullable=False,
            comment="first characters, to tell tokens apart",
        ),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["principal_id"], ["principals.id"], name=op.f("fk_api_tokens_principal_id_principals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_api_tokens_token_sha256")),
    )
    op.create_table(
        "quarantine",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("ingest_run_id", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=50), nullable=False),
        sa.Column("input_name", sa.Text(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("line_number", sa.Integer(), nullable=False),
        sa.Column(
            "field",
            sa.String(length=300),
            nullable=True,
            comment="path of the first offending field, if any",
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False, comment="every problem: [{field, reason}]"),
        sa.Column("raw", sa.Text(), nullable=False, comment="the row verbatim, so nothing is lost"),
        sa.Column("raw_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ingest_run_id"],
            ["ingest_runs.id"],
            name=op.f("fk_quarantine_ingest_run_id_ingest_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarantine")),
        sa.UniqueConstraint(
            "channel", "input_name", "row_number", "raw_sha256", name="uq_quarantine_row"
        ),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=50), nullable=False),
        sa.Column("schema_version", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("external_id", sa.String(length=300), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reliability", sa.String(length=1), nullable=False),
        sa.Column("credibility", sa.String(length=1), nullable=False),
        sa.Column("handling_code", sa.String(length=20), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("legal_basis", sa.String(length=300), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=True),
        sa.Column(
            "submitted_by",
            sa.String(length=36),
            nullable=True,
            comment="principal id for API submissions",
        ),
        sa.Column(
            "organisation",
            sa.String(length=200),
            nullable=True,
            comment="partner organisation that submitted it",
        ),
        sa.Column("ingest_run_id", sa.String(length=36), nullable=False),
        sa.Column(
            "raw",
            sa.Text(),
            nullable=False,
            comment="the submitted payload, verbatim, never modified",
        ),
        sa.Column("raw_sha256", sa.String(length=64), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False, comment="the validated record, normalised"),
        sa.Column(
            "body_sha256",
            sa.String(length=64),
            nullable=False,
            comment="hash of the canonical body",
        ),
        sa.Column(
            "text", sa.Text(), nullable=False, comment="the channel's free-text fields, joined"
        ),
        sa.CheckConstraint(
            "credibility IN ('1','2','3','4','5','6')", name=op.f("ck_reports_credibility_code")
        ),
        sa.CheckConstraint(
            "reliability IN ('A','B','C','D','E','F')", name=op.f("ck_reports_reliability_code")
        ),
        sa.ForeignKeyConstraint(
            ["ingest_run_id"], ["ingest_runs.id"], name=op.f("fk_reports_ingest_run_id_ingest_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("source", "external_id", name="uq_reports_source_external_id"),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_reports_channel_received", ["channel", "received_at"], unique=False
        )
        batch_op.create_index("ix_reports_occurred_at", ["occurred_at"], unique=False)
        batch_op.create_index("ix_reports_organisation", ["organisation"], unique=False)

    op.create_table(
        "mentions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("report_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column(
            "path",
            sa.String(length=200),
            nullable=False,
            comment="field path in the record, e.g. persons[0].name",
        ),
        sa.Column("value", sa.Text(), nullable=False, comment="as written in the report"),
        sa.Column(
            "normalized", sa.Text(), nullable=False, comment="comparison key (NFKC, case, digits)"
        ),
        sa.Column(
            "qualifier",
            sa.String(length=100),
            nullable=True,
            comment="e.g. the platform of an account handle",
        ),
        sa.Column("quantity", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_mentions_report_id_reports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentions")),
    )
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.create_index("ix_mentions_kind_normalized", ["kind", "normalized"], unique=False)
        batch_op.create_index("ix_mentions_report_id", ["report_id"], unique=False)

    _create_immutability_triggers()


def downgrade() -> None:
    _drop_immutability_triggers()
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.drop_index("ix_mentions_report_id")
        batch_op.drop_index("ix_mentions_kind_normalized")

    op.drop_table("mentions")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index("ix_reports_organisation")
        batch_op.drop_index("ix_reports_occurred_at")
        batch_op.drop_index("ix_reports_channel_received")

    op.drop_table("reports")
    op.drop_table("quarantine")
    op.drop_table("api_tokens")
    op.drop_table("principals")
    op.drop_table("ingest_runs")


# Reports and their provenance are immutable: the database itself refuses UPDATE and DELETE,
# so no code path (nor an administrator with SQL) changes a raw report unnoticed by accident.
SQLITE_TRIGGERS = (
    "CREATE TRIGGER reports_no_update BEFORE UPDATE ON reports "
    "BEGIN SELECT RAISE(ABORT, 'reports are immutable'); END",
    "CREATE TRIGGER reports_no_delete BEFORE DELETE ON reports "
    "BEGIN SELECT RAISE(ABORT, 'reports are immutable'); END",
)
POSTGRES_TRIGGERS = (
    "CREATE FUNCTION kizashi_reports_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'reports are immutable'; END $$",
    "CREATE TRIGGER reports_no_change BEFORE UPDATE OR DELETE ON reports "
    "FOR EACH ROW EXECUTE FUNCTION kizashi_reports_immutable()",
    "CREATE TRIGGER reports_no_truncate BEFORE TRUNCATE ON reports "
    "FOR EACH STATEMENT EXECUTE FUNCTION kizashi_reports_immutable()",
)


def _create_immutability_triggers() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_TRIGGERS if dialect == "sqlite" else POSTGRES_TRIGGERS:
        op.execute(statement)


def _drop_immutability_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS reports_no_update")
        op.execute("DROP TRIGGER IF EXISTS reports_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS reports_no_change ON reports")
        op.execute("DROP TRIGGER IF EXISTS reports_no_truncate ON reports")
        op.execute("DROP FUNCTION IF EXISTS kizashi_reports_immutable()")
