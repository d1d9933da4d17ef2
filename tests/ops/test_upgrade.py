"""Upgrades keep every record: a store at the previous release's schema, filled with the demo,
upgraded to today's, on SQLite and PostgreSQL.

The previous release is migration 0008 (``PREVIOUS_RELEASE``): the schema before the live
pipeline's migrations, the last one a release shipped (docs/operations.md, "Upgrades").
The check is generic — every table's rows and primary keys before and after, and the audit
log verified with the demo's key — so each migration added later is covered by it as it
lands. A migration that retires a table must say so in ``RETIRED`` (and where its rows went),
and ``LEGACY`` says how today's rows looked in the old schema: 0012 (one identity) folded the
principals into the users, each keeping its id, and renamed ``api_tokens.principal_id``;
0017 (oversight) moved the reports' raw submission, body and text into sealed payloads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, select

from kizashi.config import Settings
from kizashi.guard import export_log, open_audit_log, verify_export
from kizashi.guard.audit import key_path
from kizashi.store import current_revision, head_revision, is_up_to_date, make_engine, upgrade
from kizashi.store.payloads import open_payloads
from kizashi.store.tables import api_tokens, reports, users
from tests.ops.upgrade_data import Legacy, inventory, project
from tests.shared_demo import DemoRun

PREVIOUS_RELEASE = "0008"
RETIRED = {"principals": "users (0012_one_identity)"}  # table -> where its rows went


def _principals(connection: Connection) -> list[dict[str, Any]]:
    """Every user as the principal it was before 0012 (the same id; 0003 made each user's
    principal, and the users table's foreign key needs it)."""
    kinds = {"partner_submitter": "partner", "service": "service"}
    return [
        {
            "id": row.id,
            "name": row.name,
            "role": kinds.get(row.role, "officer"),
            "organisation": row.organisation,
            "created_at": row.created_at,
        }
        for row in connection.execute(
            select(users.c.id, users.c.name, users.c.role, users.c.organisation, users.c.created_at)
        )
    ]


# The linker's blocking keys moved from columns of resolve_records to resolve_keys (0013);
# the old columns were derived from each record's features and are rebuilt by the linker.
RESOLVE_OLD_KEYS = ("name_sorted", "phone", "email", "account", "addr_block", "birth_tok_a",
                    "birth_tok_b")  # fmt: skip


def _report_payloads(connection: Connection) -> dict[Any, dict[str, Any]]:
    """Each report's raw submission, body and text as the columns of ``reports`` they were
    before 0017 sealed them into ``report_payloads`` (which re-seals them on the way up)."""
    ids = list(connection.execute(select(reports.c.id)).scalars())
    opened = open_payloads(connection, ids)
    return {(rid,): {"raw": p.raw, "body": p.body, "text": p.text} for rid, p in opened.items()}


def _oversight_officers(connection: Connection) -> set[tuple[Any, ...]]:
    """The demo's oversight officer: 0017 first allowed the role (its check refuses it at
    0008), so such a user and its tokens did not exist in the previous release."""
    return {
        (row.id,)
        for row in connection.execute(select(users.c.id).where(users.c.role == "oversight_officer"))
    }


def _oversight_officer_tokens(connection: Connection) -> set[tuple[Any, ...]]:
    officers = {uid for (uid,) in _oversight_officers(connection)}
    return {
        (row.id,)
        for row in connection.execute(select(api_tokens.c.id, api_tokens.c.user_id))
        if row.user_id in officers
    }


LEGACY = Legacy(
    tables={"principals": _principals},
    unheld={"users": _oversight_officers, "api_tokens": _oversight_officer_tokens},
    moved={"reports": _report_payloads},
    columns={("api_tokens", "principal_id"): "user_id"},
    retired=frozenset(("resolve_records", c) for c in RESOLVE_OLD_KEYS),
)
MUST_HOLD = ("reports", "signals", "entities", "alerts", "audit_entries")


def test_an_upgrade_from_the_previous_release_keeps_every_record(
    demo_run: DemoRun, settings: Settings, tmp_path: Path
) -> None:
    source = create_engine(f"sqlite:///{demo_run.settings.data_dir / 'kizashi.db'}")
    target = make_engine(settings)
    upgrade(target, PREVIOUS_RELEASE)
    assert current_revision(target) == PREVIOUS_RELEASE
    copied = project(source, target, LEGACY)
    source.dispose()
    before = inventory(target)
    for table in MUST_HOLD:
        assert before[table][0] > 0, f"the demo left {table} empty: the check would prove nothing"
    assert {t: n for t, (n, _) in before.items()} == copied

    upgrade(target)

    assert is_up_to_date(target) and current_revision(target) == head_revision(target)
    after = inventory(target)
    for table, (count, keys) in before.items():
        if table in RETIRED:
            assert table not in after, f"{table} is listed as retired but still exists"
            continue
        assert table in after, f"the upgrade dropped {table} with {count} rows"
        lost = keys - after[table][1]
        assert not lost, f"the upgrade lost {len(lost)} of {count} rows of {table}"
        assert after[table][0] >= count, table
    # the audit log is whole: every entry verifies against the demo's signed checkpoints
    demo_key = settings.model_copy(update={"audit_signing_key": key_path(demo_run.settings)})
    log = open_audit_log(demo_key, target)
    exported = tmp_path / "audit.jsonl"
    with exported.open("wb") as out:
        assert export_log(log, out) == before["audit_entries"][0]
    report = verify_export(exported, log.signer.verifier)
    assert report.ok, report.problem
    assert report.verified_size == before["audit_entries"][0]
    target.dispose()
