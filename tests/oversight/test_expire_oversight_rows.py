"""Expiry forgets oversight's own rows: correction notes of expired reports, and the
subject-access requests tied to them (their identifiers erased once every tied report is
gone); legal holds are respected through the reports they keep."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from kizashi.errors import InputError
from kizashi.guard.identity.service import create_user
from kizashi.intake import get_report
from kizashi.oversight import place_hold, release_hold, run_expiry
from kizashi.oversight.corrections import add_correction
from kizashi.oversight.retention import add_months
from kizashi.oversight.subject_access import export, register
from kizashi.store.tables import reports
from kizashi.store.tables_oversight import (
    report_corrections,
    subject_access_reports,
    subject_access_requests,
)
from tests.oversight.conftest import World

YAMADA = {"person": ["山田太郎"], "phone": ["090-1234-5678"]}


def _after(engine: Engine, months: int) -> datetime:
    with engine.connect() as connection:
        latest = connection.execute(select(func.max(reports.c.received_at))).scalar_one()
    return add_months(latest, months)


def _request(engine: Engine, ref: str) -> Any:
    with engine.connect() as connection:
        return connection.execute(
            select(subject_access_requests).where(subject_access_requests.c.ref == ref)
        ).one()


def _tied(engine: Engine, ref: str) -> set[str]:
    with engine.connect() as connection:
        return set(
            connection.execute(
                select(subject_access_reports.c.report_id)
                .join(
                    subject_access_requests,
                    subject_access_requests.c.id == subject_access_reports.c.request_id,
                )
                .where(subject_access_requests.c.ref == ref)
            ).scalars()
        )


def _noted(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.execute(select(report_corrections.c.report_id)).scalars())


def test_expiry_removes_corrections_and_erases_requests_but_not_what_a_hold_keeps(
    world: World,
) -> None:
    guard, engine, seeded = world.guard, world.guard.engine, world.seeded
    admin, overseer = world.users["admin"], world.users["overseer"]
    with engine.begin() as connection:
        centre = create_user(connection, "cc-abe", role="command_centre", desk="lone-offender")
    note, post = seeded.reports["note"], seeded.reports["post"]
    for ref in ("SAR-A", "SAR-B", "SAR-C"):
        register(
            guard,
            overseer,
            ref,
            requester="山田 太郎",
            legal_basis="個人情報保護法 第76条",
            identifiers=YAMADA,
        )
    document = export(guard, admin, "SAR-A")
    exported = {r["id"] for r in document["reports"]}
    assert {note, post} <= exported and _tied(engine, "SAR-A") == exported
    # SAR-B is tied by the notes it asked for; SAR-C by nothing (never exported).
    for report_id in (note, post):
        add_correction(
            guard, centre, report_id, note="訂正", reason="本人の申出", requested_by="SAR-B"
        )
    assert _tied(engine, "SAR-B") == {note, post} and _tied(engine, "SAR-C") == set()
    hold = place_hold(guard, admin, "report", post, reason="appeal pending (2026-77)")

    run = run_expiry(guard, admin, dry_run=False, as_of=_after(engine, 40))
    assert run.held == 1
    assert run.rooms["oversight"] == {
        "corrections": 1,
        "sar_ties": len(exported - {post}) + 1,
        "sar_erased": 0,
    }
    assert _noted(engine) == {post}  # the held report keeps its note
    assert _tied(engine, "SAR-A") == {post} and _tied(engine, "SAR-B") == {post}
    assert _request(engine, "SAR-A").identifiers == YAMADA  # still tied to a held report
    with engine.connect() as connection:
        kept = get_report(connection, post)
    assert kept is not None and [c["note"] for c in kept["corrections"]] == ["訂正"]

    release_hold(guard, admin, hold["id"])
    again = run_expiry(guard, admin, dry_run=False, as_of=_after(engine, 41))
    assert again.reports == 1
    assert again.rooms["oversight"] == {"corrections": 1, "sar_ties": 2, "sar_erased": 2}
    assert _noted(engine) == set()
    for ref in ("SAR-A", "SAR-B"):
        erased = _request(engine, ref)
        assert erased.identifiers is None and erased.requester is None
        assert erased.subject_key == "expired" and erased.expired_at is not None
        assert erased.legal_basis == "個人情報保護法 第76条"  # the record of the request stays
    assert _request(engine, "SAR-A").export_sha256 == document["sha256"]
    untouched = _request(engine, "SAR-C")
    assert untouched.identifiers == YAMADA and untouched.expired_at is None
    with pytest.raises(InputError, match="erased at expiry"):
        export(guard, admin, "SAR-B")


def test_a_dry_run_counts_them_and_removes_nothing(world: World) -> None:
    guard, engine = world.guard, world.guard.engine
    with engine.begin() as connection:
        centre = create_user(connection, "cc-abe", role="command_centre", desk="lone-offender")
    note = world.seeded.reports["note"]
    add_correction(guard, centre, note, note="訂正", reason="本人の申出")
    dry = run_expiry(guard, world.users["overseer"], dry_run=True, as_of=_after(engine, 40))
    assert dry.rooms["oversight"]["corrections"] == 1
    assert _noted(engine) == {note}
