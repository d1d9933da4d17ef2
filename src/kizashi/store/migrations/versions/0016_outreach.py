"""outreach: companies, outreach activities, approach readings, approachers; triage findings (issue 17)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

ID = sa.String(length=36)
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "companies",
        sa.Column("id", ID, primary_key=True),
        sa.Column("name", sa.String(300), nullable=False, unique=True),
        sa.Column("sector", sa.String(40), nullable=False),
        sa.Column("technologies", sa.JSON(), nullable=False),
        sa.Column("sites", sa.JSON(), nullable=False),
        sa.Column("contacts", sa.JSON(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("organisation", sa.String(300)),
        sa.Column("desk_id", sa.String(50), sa.ForeignKey("desks.id"), nullable=False),
        sa.Column("handling_code", sa.String(20), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("created_by", ID),
    )
    op.create_index("ix_companies_organisation", "companies", ["organisation"])
    op.create_index("ix_companies_sector", "companies", ["sector"])
    op.create_table(
        "outreach_activities",
        sa.Column("id", ID, primary_key=True),
        sa.Column("company_id", ID, sa.ForeignKey("companies.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("held_at", TIME, nullable=False),
        sa.Column("ward", sa.String(100)),
        sa.Column("officers", sa.JSON(), nullable=False),
        sa.Column("attendees", sa.JSON(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text()),
        sa.Column("follow_up", sa.Text()),
        sa.Column("follow_up_due", TIME),
        sa.Column("follow_up_done_at", TIME),
        sa.Column("report_id", ID, sa.ForeignKey("reports.id")),
        sa.Column("created_by", ID),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_index(
        "ix_outreach_activities_company", "outreach_activities", ["company_id", "held_at"]
    )
    op.create_index("ix_outreach_activities_due", "outreach_activities", ["follow_up_due"])
    op.create_table(
        "approach_readings",
        sa.Column("report_id", ID, sa.ForeignKey("reports.id"), primary_key=True),
        sa.Column("channel", sa.String(50), nullable=False),
        sa.Column("company_id", ID, sa.ForeignKey("companies.id")),
        sa.Column("entity_id", ID),
        sa.Column("observed_at", TIME, nullable=False),
        sa.Column("stages", sa.JSON(), nullable=False),
        sa.Column("furthest", sa.String(40)),
        sa.Column("stage_order", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("suppressed", sa.JSON(), nullable=False),
        sa.Column("method", sa.String(40)),
        sa.Column("lexicon", sa.String(200), nullable=False),
        sa.Column("read_at", TIME, nullable=False),
    )
    op.create_index("ix_approach_readings_entity", "approach_readings", ["entity_id"])
    op.create_index("ix_approach_readings_company", "approach_readings", ["company_id"])
    op.create_table(
        "approachers",
        sa.Column("entity_id", ID, sa.ForeignKey("entities.id"), primary_key=True),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("entities", sa.JSON(), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("identifiers", sa.JSON(), nullable=False),
        sa.Column("organisations", sa.JSON(), nullable=False),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.Column("companies", sa.JSON(), nullable=False),
        sa.Column("reports", sa.JSON(), nullable=False),
        sa.Column("furthest", sa.String(40)),
        sa.Column("level", sa.String(20)),
        sa.Column("fired", sa.JSON(), nullable=False),
        sa.Column("known_to", sa.JSON(), nullable=False),
        sa.Column("held_elsewhere", sa.JSON(), nullable=False),
        sa.Column("finding_id", ID),
        sa.Column("desk_id", sa.String(50), sa.ForeignKey("desks.id"), nullable=False),
        sa.Column("shared_with", sa.JSON(), nullable=False),
        sa.Column("first_seen", TIME, nullable=False),
        sa.Column("last_seen", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
    )
    op.create_table(
        "findings",
        sa.Column("id", ID, primary_key=True),
        sa.Column("entity_id", ID, sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("room", sa.String(40), nullable=False),
        sa.Column("source_ref", sa.String(300), nullable=False),
        sa.Column("category", sa.String(30), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("handling_code", sa.String(20)),
        sa.Column("observed_at", TIME, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("withdrawn_at", TIME),
        sa.UniqueConstraint("room", "source_ref", name="uq_findings_source"),
    )
    op.create_index("ix_findings_entity_id", "findings", ["entity_id"])


def downgrade() -> None:
    op.drop_index("ix_findings_entity_id", table_name="findings")
    op.drop_table("findings")
    op.drop_table("approachers")
    for name in ("ix_approach_readings_company", "ix_approach_readings_entity"):
        op.drop_index(name, table_name="approach_readings")
    op.drop_table("approach_readings")
    for name in ("ix_outreach_activities_due", "ix_outreach_activities_company"):
        op.drop_index(name, table_name="outreach_activities")
    op.drop_table("outreach_activities")
    for name in ("ix_companies_sector", "ix_companies_organisation"):
        op.drop_index(name, table_name="companies")
    op.drop_table("companies")
