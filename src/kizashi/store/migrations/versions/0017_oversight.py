"""oversight: report payloads sealed under data keys (crypto-shredding), retention, purposes

Moves every report's raw submission, body and free text out of ``reports`` into
``report_payloads``, encrypted with AES-256-GCM under one data key per ingest run chunk
(``payload_keys``), so that expiry can destroy a key instead of touching the immutable
``reports`` row. Adds the oversight room's tables (docs/oversight.md).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-10 09:00:00
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa
from alembic import op
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kizashi.ids import new_id

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

ID = sa.String(length=36)
CHUNK = 2000


def _tz() -> sa.types.TypeEngine[Any]:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "payload_keys",
        sa.Column("id", ID, primary_key=True),
        sa.Column("key", sa.LargeBinary(length=32)),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_at", _tz(), nullable=False),
        sa.Column("destroyed_at", _tz()),
        sa.CheckConstraint(
            "(key IS NULL) = (destroyed_at IS NOT NULL)",
            name="ck_payload_keys_destroyed_has_no_key",
        ),
    )
    op.create_table(
        "report_payloads",
        sa.Column("report_id", ID, sa.ForeignKey("reports.id"), primary_key=True),
        sa.Column("key_id", ID, sa.ForeignKey("payload_keys.id"), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("text", sa.LargeBinary(), nullable=False),
        sa.Column("text_length", sa.Integer(), nullable=False),
    )
    op.create_index("ix_report_payloads_key_id", "report_payloads", ["key_id"])
    _seal_existing()
    for column in ("raw", "body", "text"):
        op.drop_column("reports", column)
    _create_oversight_tables()
    _user_roles((*ROLES, "oversight_officer"))


ROLES = (
    "analyst",
    "desk_lead",
    "command_centre",
    "partner_submitter",
    "auditor",
    "admin",
    "service",
)


def _user_roles(roles: tuple[str, ...]) -> None:
    """The users' role check, with or without the oversight officer (as 0012 changed it)."""
    allowed = ",".join(f"'{r}'" for r in roles)
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("role_kind", type_="check")
        batch.create_check_constraint("role_kind", f"role IN ({allowed})")


def _seal(aead: AESGCM, report_id: str, field: str, data: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + aead.encrypt(nonce, data, f"{report_id}/{field}".encode())


def _body_bytes(body: Any) -> bytes:
    if isinstance(body, str):  # SQLite hands JSON back as its text
        return orjson.dumps(orjson.loads(body), option=orjson.OPT_NON_STR_KEYS)
    return orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS)


def _seal_existing() -> None:
    """Seal the payloads already stored, one key per chunk of reports (in id order)."""
    bind = op.get_bind()
    keys = sa.table(
        "payload_keys",
        sa.column("id"),
        sa.column("key"),
        sa.column("kind"),
        sa.column("created_at"),
    )
    payloads = sa.table(
        "report_payloads",
        *(sa.column(c) for c in ("report_id", "key_id", "raw", "body", "text", "text_length")),
    )
    after = ""
    now = datetime.now(UTC)
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, raw, body, text FROM reports WHERE id > :after ORDER BY id LIMIT :n"
            ),
            {"after": after, "n": CHUNK},
        ).all()
        if not rows:
            return
        key_id, key = new_id(), AESGCM.generate_key(bit_length=256)
        aead = AESGCM(key)
        bind.execute(
            keys.insert(), [{"id": key_id, "key": key, "kind": "migration", "created_at": now}]
        )
        bind.execute(
            payloads.insert(),
            [
                {
                    "report_id": r.id,
                    "key_id": key_id,
                    "raw": _seal(aead, r.id, "raw", r.raw.encode("utf-8", "surrogatepass")),
                    "body": _seal(aead, r.id, "body", _body_bytes(r.body)),
                    "text": _seal(aead, r.id, "text", r.text.encode("utf-8", "surrogatepass")),
                    "text_length": len(r.text),
                }
                for r in rows
            ],
        )
        after = rows[-1].id


def _create_oversight_tables() -> None:
    op.create_table(
        "expiry_runs",
        sa.Column("id", ID, primary_key=True),
        sa.Column("started_at", _tz(), nullable=False),
        sa.Column("finished_at", _tz()),
        sa.Column("as_of", _tz(), nullable=False),
        sa.Column("schedule_version", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("keys_destroyed", sa.Integer(), nullable=False),
        sa.Column("resealed", sa.Integer(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
    )
    op.create_table(
        "report_expiries",
        sa.Column("report_id", ID, sa.ForeignKey("reports.id"), primary_key=True),
        sa.Column("run_id", ID, sa.ForeignKey("expiry_runs.id"), nullable=False),
        sa.Column("expired_at", _tz(), nullable=False),
        sa.Column("schedule_id", sa.String(length=100), nullable=False),
        sa.Column("due_at", _tz(), nullable=False),
        sa.Column("led_to", sa.String(length=20), nullable=False),
    )
    op.create_index("ix_report_expiries_run_id", "report_expiries", ["run_id"])
    op.create_index("ix_report_expiries_expired_at", "report_expiries", ["expired_at"])
    op.create_table(
        "retention_holds",
        sa.Column("id", ID, primary_key=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("ref", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("placed_by", ID, nullable=False),
        sa.Column("placed_at", _tz(), nullable=False),
        sa.Column("released_by", ID),
        sa.Column("released_at", _tz()),
        sa.CheckConstraint("kind IN ('case','report')", name="ck_retention_holds_hold_kind"),
    )
    op.create_index("ix_retention_holds_kind_ref", "retention_holds", ["kind", "ref"])
    op.create_table(
        "case_closures",
        sa.Column("case_id", ID, sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("closed_at", _tz(), nullable=False),
        sa.Column("closed_by", ID, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
    )
    op.create_table(
        "purpose_changes",
        sa.Column("id", ID, primary_key=True),
        sa.Column("report_id", ID, sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("from_purpose", sa.String(length=50), nullable=False),
        sa.Column("to_purpose", sa.String(length=50), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("decided_by", ID, nullable=False),
        sa.Column("rule", sa.String(length=30), nullable=False),
        sa.Column("audit_seq", sa.BigInteger()),
        sa.Column("created_at", _tz(), nullable=False),
    )
    op.create_index("ix_purpose_changes_report_id", "purpose_changes", ["report_id"])
    op.create_table(
        "report_corrections",
        sa.Column("id", ID, primary_key=True),
        sa.Column("report_id", ID, sa.ForeignKey("reports.id"), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("field", sa.String(length=300)),
        sa.Column("requested_by", sa.Text()),
        sa.Column("author_id", ID, nullable=False),
        sa.Column("created_at", _tz(), nullable=False),
    )
    op.create_index("ix_report_corrections_report_id", "report_corrections", ["report_id"])
    op.create_table(
        "subject_access_requests",
        sa.Column("id", ID, primary_key=True),
        sa.Column("ref", sa.String(length=100), nullable=False, unique=True),
        sa.Column("subject_key", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("registered_by", ID, nullable=False),
        sa.Column("registered_at", _tz(), nullable=False),
        sa.Column("exported_by", ID),
        sa.Column("exported_at", _tz()),
    )
    op.create_table(
        "rule_versions",
        sa.Column("kind", sa.String(length=40), primary_key=True),
        sa.Column("sha256", sa.String(length=64), primary_key=True),
        sa.Column("version", sa.String(length=100), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("first_used_at", _tz(), nullable=False),
        sa.Column("last_used_at", _tz(), nullable=False),
    )
    op.create_index("ix_rule_versions_kind_first", "rule_versions", ["kind", "first_used_at"])


_OVERSIGHT_TABLES = (
    "rule_versions",
    "subject_access_requests",
    "report_corrections",
    "purpose_changes",
    "case_closures",
    "retention_holds",
    "report_expiries",
    "expiry_runs",
)


def downgrade() -> None:
    """Put payloads back into ``reports`` (an expired report's content is gone: left empty)."""
    officers = op.get_bind().execute(
        sa.text("SELECT count(*) FROM users WHERE role = 'oversight_officer'")
    )
    count = officers.scalar_one()
    if count:
        raise RuntimeError(
            f"cannot downgrade below 0017: {count} users have the role oversight_officer, "
            "which 0016 does not know; give them another role (or disable and rename them) first"
        )
    _user_roles(ROLES)
    for table in _OVERSIGHT_TABLES:
        op.drop_table(table)
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    _immutability(bind, drop=True)
    op.add_column("reports", sa.Column("raw", sa.Text(), nullable=False, server_default=""))
    op.add_column("reports", sa.Column("body", sa.JSON(), nullable=False, server_default="{}"))
    op.add_column("reports", sa.Column("text", sa.Text(), nullable=False, server_default=""))
    rows = bind.execute(
        sa.text(
            "SELECT p.report_id, k.key, p.raw, p.body, p.text FROM report_payloads p "
            "JOIN payload_keys k ON k.id = p.key_id WHERE k.key IS NOT NULL"
        )
    ).all()
    body = ":body" if sqlite else "CAST(:body AS JSON)"
    for r in rows:
        aead = AESGCM(bytes(r.key))
        opened = {
            f: aead.decrypt(bytes(v)[:12], bytes(v)[12:], f"{r.report_id}/{f}".encode())
            for f, v in (("raw", r.raw), ("body", r.body), ("text", r.text))
        }
        bind.execute(
            sa.text(f"UPDATE reports SET raw = :raw, body = {body}, text = :text WHERE id = :id"),
            {
                "raw": opened["raw"].decode("utf-8", "surrogatepass"),
                "body": opened["body"].decode(),
                "text": opened["text"].decode("utf-8", "surrogatepass"),
                "id": r.report_id,
            },
        )
    _immutability(bind, drop=False)
    op.drop_index("ix_report_payloads_key_id", table_name="report_payloads")
    op.drop_table("report_payloads")
    op.drop_table("payload_keys")


def _immutability(bind: Any, *, drop: bool) -> None:
    """The triggers of migration 0001 refuse the UPDATE a downgrade needs: lift, then restore."""
    if bind.dialect.name == "sqlite":
        if drop:
            op.execute("DROP TRIGGER IF EXISTS reports_no_update")
        else:
            op.execute(
                "CREATE TRIGGER reports_no_update BEFORE UPDATE ON reports "
                "BEGIN SELECT RAISE(ABORT, 'reports are immutable'); END"
            )
    elif drop:
        op.execute("ALTER TABLE reports DISABLE TRIGGER reports_no_change")
    else:
        op.execute("ALTER TABLE reports ENABLE TRIGGER reports_no_change")
