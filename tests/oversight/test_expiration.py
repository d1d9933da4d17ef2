"""Expiry on a triaged store: what passed its retention goes everywhere, in one transaction,
with the clock injected; held material stays readable; the audit log still verifies."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, insert, select

from kizashi.errors import ForbiddenError
from kizashi.guard import export_log, verify_export
from kizashi.oversight import expire, place_hold, run_expiry
from kizashi.oversight.hooks import EXPIRING_ROOMS, expiry_hooks, expiry_locks, ordered
from kizashi.oversight.retention import add_months, default_schedules
from kizashi.rooms import ROOMS
from kizashi.store.payloads import open_payloads
from kizashi.store.tables import mentions, reports
from kizashi.store.tables_oversight import expiry_runs, report_expiries
from kizashi.store.tables_purchases import purchase_firings
from kizashi.store.tables_resolve import entities, entity_members
from kizashi.store.tables_signals import signals
from kizashi.store.tables_triage import alerts, risk_contributions, risk_marks
from tests.oversight.conftest import World
from tests.triage.seed import NOW


def _ids(engine: Engine, column: Any, *where: Any) -> set[str]:
    with engine.connect() as connection:
        return {str(v) for v in connection.execute(select(column).where(*where)).scalars()}


def _after(engine: Engine, months: int) -> datetime:
    """``months`` after the latest receipt (intake stamps reports as they arrive)."""
    with engine.connect() as connection:
        latest = connection.execute(select(func.max(reports.c.received_at))).scalar_one()
    return add_months(latest, months)


def _sato(world: World, engine: Engine) -> str:
    (report_id,) = _ids(
        engine,
        entity_members.c.report_id,
        entity_members.c.entity_id == world.seeded.bystander,
    )
    return report_id


def _traces(engine: Engine, gone: set[str]) -> dict[str, int]:
    """Rows anywhere that still point at the reports in ``gone``."""
    with engine.connect() as connection:

        def count(table: Any, column: Any) -> int:
            query = select(func.count()).select_from(table).where(column.in_(sorted(gone)))
            return int(connection.execute(query).scalar_one())

        firings = [r for r in connection.execute(select(purchase_firings.c.report_ids)).scalars()]
        return {
            "mentions": count(mentions, mentions.c.report_id),
            "members": count(entity_members, entity_members.c.report_id),
            "signals": count(signals, signals.c.report_id),
            "contributions": count(risk_contributions, risk_contributions.c.report_id),
            "firings": sum(1 for ids in firings if gone & {str(i) for i in ids or ()}),
            "readable": len(open_payloads(connection, sorted(gone))),
        }


def test_hooks_cover_every_room_that_declares_one_and_run_referrers_first() -> None:
    declared = {room.name for room in ROOMS if room.expiry is not None}
    assert declared == {room.name for room in EXPIRING_ROOMS}
    names = [room.name for room in ordered(EXPIRING_ROOMS)]
    assert names.index("triage") < names.index("resolve") < names.index("intake")
    assert names.index("purchases") < names.index("resolve")
    assert names.index("triage") < names.index("detect") < names.index("intake")
    assert names[-1] == "intake" and len(expiry_hooks()) == len(names)


def test_a_dry_run_lists_what_would_go_and_changes_nothing(world: World, engine: Engine) -> None:
    sato = _sato(world, engine)
    as_of = _after(engine, 13)  # past the 12 months of purchases that led to nothing
    dry = expire(engine, default_schedules(), as_of=as_of, now=NOW, actor="t", dry_run=True)
    assert [item["report_id"] for item in dry.listing] == [sato]
    assert dry.listing[0]["schedule"] == "purchases-nothing"
    assert dry.listing[0]["led_to"] == "nothing"
    assert dry.rooms["intake"]["mentions"] > 0 and dry.rooms["resolve"]["entities_deleted"] == 1
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(report_expiries)).scalar() == 0
        assert connection.execute(select(func.count()).select_from(expiry_runs)).scalar() == 0
    assert _traces(engine, {sato})["readable"] == 1
    # The real run does exactly what the dry run said.
    real = expire(engine, default_schedules(), as_of=as_of, now=NOW, actor="t", dry_run=False)
    assert (real.reports, real.rooms, real.by_schedule) == (dry.reports, dry.rooms, dry.by_schedule)


def test_expiry_forgets_the_report_everywhere_and_keeps_the_tombstone(
    world: World, engine: Engine, audit_log: Any, tmp_path: Path
) -> None:
    sato = _sato(world, engine)
    before = world.guard.load("report", sato)
    assert before.found
    run = run_expiry(world.guard, world.users["admin"], dry_run=False, as_of=_after(engine, 13))
    assert run.reports == 1 and run.keys_destroyed == 1 and run.resealed == 0
    assert _traces(engine, {sato}) == {
        "mentions": 0,
        "members": 0,
        "signals": 0,
        "contributions": 0,
        "firings": 0,
        "readable": 0,
    }
    assert _ids(engine, entities.c.id, entities.c.id == world.seeded.bystander) == set()
    # The immutable row stays, with its hashes; the guard answers as for a missing report.
    assert _ids(engine, reports.c.id, reports.c.id == sato) == {sato}
    assert not world.guard.load("report", sato).found
    assert _ids(engine, report_expiries.c.schedule_id, report_expiries.c.report_id == sato) == {
        "purchases-nothing"
    }
    # Everything else is untouched and readable.
    with engine.connect() as connection:
        others = set(connection.execute(select(reports.c.id)).scalars()) - {sato}
        assert set(open_payloads(connection, others)) == others
    assert _ids(engine, alerts.c.entity_id) == {world.seeded.offender}
    # Nothing more is due: a second run expires nothing.
    again = run_expiry(world.guard, world.users["admin"], dry_run=False, as_of=_after(engine, 13))
    assert again.reports == 0
    # The run was decided and logged, and the audit log still verifies.
    with engine.connect() as connection:
        logged = connection.execute(
            select(func.count())
            .select_from(audit_log_entries())
            .where(audit_log_entries().c.resource_type == "retention")
        ).scalar_one()
    assert logged == 2
    path = tmp_path / "audit.jsonl"
    with path.open("wb") as out:
        export_log(audit_log, out)
    assert verify_export(path, audit_log.signer.verifier).ok


def audit_log_entries() -> Any:
    from kizashi.store.tables import audit_entries

    return audit_entries


def test_expiry_drops_the_live_marks_that_name_an_expired_report(
    world: World, engine: Engine
) -> None:
    sato = _sato(world, engine)
    with engine.begin() as connection:
        for entity in (world.seeded.bystander, world.seeded.offender):
            connection.execute(
                insert(risk_marks).values(
                    entity_id=entity, through=1, older=0, left=0, report_ids=[sato]
                )
            )
    run_expiry(world.guard, world.users["admin"], dry_run=False, as_of=_after(engine, 13))
    # The bystander's entity held the expired report: its mark goes; the offender's entity
    # did not, so its mark (whatever it lists) is the live path's to verify, and stays.
    assert _ids(engine, risk_marks.c.entity_id) == {world.seeded.offender}


def test_a_legal_hold_keeps_a_report_readable_when_its_batch_expires(
    world: World, engine: Engine
) -> None:
    post = world.seeded.reports["post"]
    with engine.connect() as connection:
        batch = connection.execute(select(reports.c.ingest_run_id).where(reports.c.id == post))
        sibling = set(
            connection.execute(
                select(reports.c.id).where(reports.c.ingest_run_id == batch.scalar_one())
            ).scalars()
        ) - {post}
        every = set(connection.execute(select(reports.c.id)).scalars())
    assert len(sibling) == 1
    place_hold(world.guard, world.users["admin"], "report", post, reason="appeal pending (2026-77)")
    as_of = _after(engine, 40)  # past every schedule but case material
    run = run_expiry(world.guard, world.users["admin"], dry_run=False, as_of=as_of)
    gone = every - {post}
    assert run.reports == len(gone) and run.held == 1 and run.resealed == 1
    assert _traces(engine, gone) == dict.fromkeys(
        ("mentions", "members", "signals", "contributions", "firings", "readable"), 0
    )
    with engine.connect() as connection:
        kept = open_payloads(connection, [post])[post]
    assert kept.text and "56す" in kept.text
    assert _ids(engine, signals.c.report_id) == {post}
    # The alert keeps what is left of its entity's risk, and says what was removed.
    with engine.connect() as connection:
        alert = connection.execute(select(alerts)).one()
    assert alert.explanation["expired"]["at"] == NOW.isoformat()
    assert {c.get("report_id") for c in alert.explanation["contributions"]} <= {post, None}
    assert "retention expiry" in alert.summary


def test_only_administrators_expire_and_oversight_may_look_first(
    world: World, engine: Engine
) -> None:
    later = _after(engine, 13)
    for who in ("analyst", "lead", "overseer", "auditor"):
        with pytest.raises(ForbiddenError, match="RETAIN-3"):
            run_expiry(world.guard, world.users[who], dry_run=False, as_of=later)
    for who in ("overseer", "auditor"):
        assert run_expiry(world.guard, world.users[who], dry_run=True, as_of=later).reports == 1
    with pytest.raises(ForbiddenError, match="RETAIN-3"):
        run_expiry(world.guard, world.users["analyst"], dry_run=True, as_of=later)


def test_a_failing_hook_leaves_nothing_half_deleted(world: World, engine: Engine) -> None:
    sato = _sato(world, engine)

    def broken(connection: Any, expired: Any, now: datetime) -> dict[str, int]:
        raise RuntimeError("disk full")

    hooks = [*expiry_hooks()[:-1], ("intake", broken)]
    with pytest.raises(RuntimeError, match="disk full"):
        expire(
            engine,
            default_schedules(),
            as_of=_after(engine, 13),
            now=NOW,
            actor="t",
            dry_run=False,
            hooks=hooks,
        )
    assert _traces(engine, {sato})["readable"] == 1
    assert _traces(engine, {sato})["members"] > 0
    assert _ids(engine, report_expiries.c.report_id) == set()


def test_expiry_forgets_what_share_and_outreach_derived_from_the_report(
    world: World, engine: Engine
) -> None:
    """An indicator the report carried in and its approach reading go with it; another
    report's stay."""
    from sqlalchemy import insert

    from kizashi.store.tables_outreach import approach_readings
    from kizashi.store.tables_share import share_indicators

    sato = _sato(world, engine)
    with engine.begin() as connection:
        other = (
            connection.execute(
                select(reports.c.id).where(reports.c.id != sato).order_by(reports.c.id)
            )
            .scalars()
            .first()
        )
        assert other is not None
        for n, report_id in enumerate((sato, other)):
            connection.execute(
                insert(share_indicators).values(
                    id=f"indicator--{n}", kind="phone", value=f"090-0000-000{n}",
                    report_id=report_id, handling_code="TLP:AMBER", source="test",
                    created_at=NOW,
                )
            )  # fmt: skip
            connection.execute(
                insert(approach_readings).values(
                    report_id=report_id, channel="sns_post", observed_at=NOW, stages=[],
                    stage_order=0, evidence=[], suppressed=[], lexicon="test", read_at=NOW,
                )
            )  # fmt: skip
    run_expiry(world.guard, world.users["admin"], dry_run=False, as_of=_after(engine, 13))
    assert _ids(engine, share_indicators.c.report_id) == {other}
    assert _ids(engine, approach_readings.c.report_id) == {other}


def test_expiry_takes_the_rooms_locks_before_it_touches_a_row(world: World, engine: Engine) -> None:
    """Resolve's lock is taken first: waiting for it while holding the rows earlier hooks
    deleted could deadlock with a live batch that holds it and waits for those rows."""
    from kizashi.resolve.locks import lock_resolve

    assert expiry_locks() == [("resolve", lock_resolve)]
    _sato(world, engine)
    rows_when_locked: list[int] = []

    def lock(connection: Any) -> None:
        rows_when_locked.append(
            connection.execute(select(func.count()).select_from(expiry_runs)).scalar_one()
            + connection.execute(select(func.count()).select_from(report_expiries)).scalar_one()
        )

    run = expire(
        engine,
        default_schedules(),
        as_of=_after(engine, 13),
        now=NOW,
        actor="t",
        dry_run=True,
        locks=[("resolve", lock)],
    )
    assert run.reports == 1 and rows_when_locked == [0]
