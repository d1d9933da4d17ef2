"""Expiry: the controlled end of reports that have passed their retention (docs/oversight.md).

Reports are immutable and the database refuses to delete them; expiry goes around that the
one way that keeps the audit log's proofs: it destroys the data key the report's payload is
sealed under (crypto-shredding), keeps the ``reports`` row and its hashes as the tombstone,
and records why in ``report_expiries``. Then every room forgets what it derived from those
reports (its expiry hook, :mod:`kizashi.oversight.hooks`), and oversight its own correction
notes and subject-access ties (:mod:`kizashi.oversight.forget`).

All of it happens in ONE transaction: a run either expires every report it chose, with
every derived row, or nothing (a crash leaves the store as it was; the next run starts
over). A dry run does the same work and rolls it back, so the counts it reports are the ones
a real run would produce. A report that shares its batch key with reports that are kept is
re-sealed under a fresh key of its own before the batch key is destroyed.

Retention is judged from facts gathered per report: the channel, the purpose it was
collected for, its legal basis, what it led to (a case, an alert, a flagged signal, or
nothing), its case's closure, and legal holds on it or its case.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, insert, or_, select, update

from kizashi.guard.policy import default_purposes
from kizashi.ids import new_id
from kizashi.oversight.forget import forget_reports
from kizashi.oversight.hooks import Hook, Lock, expiry_hooks, expiry_locks
from kizashi.oversight.retention import Facts, LedTo, Schedules, Verdict, add_months
from kizashi.store.payloads import destroy_keys, reseal
from kizashi.store.tables import material_labels, payload_keys, report_payloads, reports
from kizashi.store.tables_oversight import (
    case_closures,
    expiry_runs,
    report_expiries,
    retention_holds,
)
from kizashi.store.tables_resolve import entity_members
from kizashi.store.tables_signals import signals
from kizashi.store.tables_triage import alerts, risk_contributions

CHUNK = 2000
LISTED = 1000  # a run lists at most this many verdicts (the counts are always complete)


@dataclass
class ExpiryRun:
    """What an expiry run did (or, dry, would do)."""

    run_id: str
    as_of: datetime
    dry_run: bool
    schedules: str  # id@sha256 of the schedules judged by
    reports: int = 0
    keys_destroyed: int = 0
    resealed: int = 0
    held: int = 0  # due, but kept by a legal hold
    by_schedule: dict[str, int] = field(default_factory=dict)
    by_led_to: dict[str, int] = field(default_factory=dict)
    rooms: dict[str, dict[str, int]] = field(default_factory=dict)
    listing: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "as_of": self.as_of.isoformat(),
            "dry_run": self.dry_run,
            "schedules": self.schedules,
            "reports": self.reports,
            "keys_destroyed": self.keys_destroyed,
            "resealed": self.resealed,
            "held": self.held,
            "by_schedule": self.by_schedule,
            "by_led_to": self.by_led_to,
            "rooms": self.rooms,
            "listing": self.listing,
        }


def _candidates(connection: Connection, cutoff: datetime) -> Iterator[list[Any]]:
    """Reports received before ``cutoff`` that have not expired, a chunk at a time (by id)."""
    last = ""
    while True:
        rows = connection.execute(
            select(
                reports.c.id,
                reports.c.channel,
                reports.c.received_at,
                reports.c.purpose,
                reports.c.legal_basis,
            )
            .where(
                reports.c.received_at <= cutoff,
                reports.c.id > last,
                ~select(report_expiries.c.report_id)
                .where(report_expiries.c.report_id == reports.c.id)
                .exists(),
            )
            .order_by(reports.c.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            return
        yield list(rows)
        last = rows[-1].id


def _facts(connection: Connection, rows: list[Any], cutoff: datetime) -> list[Facts]:
    # The chunk's ids as a subquery (a key range), not thousands of bound parameters.
    ids = select(reports.c.id).where(
        reports.c.id >= rows[0].id, reports.c.id <= rows[-1].id, reports.c.received_at <= cutoff
    )
    cases = dict(
        connection.execute(
            select(material_labels.c.resource_id, material_labels.c.case_id).where(
                material_labels.c.resource_type == "report",
                material_labels.c.resource_id.in_(ids),
                material_labels.c.case_id.is_not(None),
            )
        ).all()
    )
    closed = dict(
        connection.execute(
            select(case_closures.c.case_id, case_closures.c.closed_at).where(
                case_closures.c.case_id.in_(sorted(set(cases.values())))
            )
        ).all()
    )
    holds = {
        (kind, ref)
        for kind, ref in connection.execute(
            select(retention_holds.c.kind, retention_holds.c.ref).where(
                retention_holds.c.released_at.is_(None),
                or_(
                    and_(retention_holds.c.kind == "report", retention_holds.c.ref.in_(ids)),
                    and_(
                        retention_holds.c.kind == "case",
                        retention_holds.c.ref.in_(sorted(set(cases.values()))),
                    ),
                ),
            )
        )
    }
    # Led to an alert: it counts towards an alerted entity's risk, or it names (is a member
    # of) an entity that has an alert — purchases count through the rules they fired.
    alerted = set(
        connection.execute(
            select(risk_contributions.c.report_id).where(
                risk_contributions.c.report_id.in_(ids),
                risk_contributions.c.entity_id.in_(select(alerts.c.entity_id)),
            )
        ).scalars()
    ) | set(
        connection.execute(
            select(entity_members.c.report_id).where(
                entity_members.c.report_id.in_(ids),
                entity_members.c.entity_id.in_(select(alerts.c.entity_id)),
            )
        ).scalars()
    )
    flagged = set(
        connection.execute(
            select(signals.c.report_id).where(signals.c.report_id.in_(ids), signals.c.flagged)
        ).scalars()
    )
    purposes = default_purposes()
    collected: dict[str, str | None] = {}
    out: list[Facts] = []
    for row in rows:
        if row.purpose not in collected:
            collected[row.purpose] = purposes.collected_for(row.purpose)
        case = cases.get(row.id)
        led_to: LedTo = (
            "case"
            if case
            else "alert"
            if row.id in alerted
            else "flagged"
            if row.id in flagged
            else "nothing"
        )
        out.append(
            Facts(
                report_id=row.id,
                channel=row.channel,
                received_at=row.received_at,
                purpose=collected[row.purpose],
                legal_basis=row.legal_basis,
                led_to=led_to,
                case_closed_at=closed.get(case) if case else None,
                held=("report", row.id) in holds or (case is not None and ("case", case) in holds),
            )
        )
    return out


def _earliest(schedules: Schedules, as_of: datetime) -> datetime:
    """No report received after this can be due by ``as_of`` under any schedule."""
    months = [
        s.months if s.months is not None else 12 * (s.years_after_case_closes or 0)
        for s in schedules.schedules
    ]
    return add_months(as_of, -min(months))


def plan(connection: Connection, schedules: Schedules, as_of: datetime) -> Iterator[Verdict]:
    """Every report that has not expired and is due by ``as_of`` (held ones included)."""
    cutoff = _earliest(schedules, as_of)
    for rows in _candidates(connection, cutoff):
        for facts in _facts(connection, rows, cutoff):
            verdict = schedules.judge(facts)
            if verdict.due_at is not None and verdict.due_at <= as_of:
                yield verdict


def _listed(verdict: Verdict) -> dict[str, Any]:
    return {
        "report_id": verdict.report_id,
        "schedule": verdict.schedule,
        "due_at": verdict.due_at.isoformat() if verdict.due_at else None,
        "led_to": verdict.led_to,
        "held": verdict.held,
        "why": verdict.why,
    }


def _shred(connection: Connection, run_id: str, now: datetime) -> tuple[int, int]:
    """Destroy the keys of this run's reports; re-seal the reports kept under the same keys."""
    expired = select(report_expiries.c.report_id).where(report_expiries.c.run_id == run_id)
    keys = list(
        connection.execute(
            select(report_payloads.c.key_id)
            .join(payload_keys, payload_keys.c.id == report_payloads.c.key_id)
            .where(report_payloads.c.report_id.in_(expired), payload_keys.c.key.is_not(None))
            .distinct()
        ).scalars()
    )
    resealed = 0
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        kept = list(
            connection.execute(
                select(report_payloads.c.report_id).where(
                    report_payloads.c.key_id.in_(chunk),
                    ~select(report_expiries.c.report_id)
                    .where(report_expiries.c.report_id == report_payloads.c.report_id)
                    .exists(),
                )
            ).scalars()
        )
        for at in range(0, len(kept), CHUNK):
            if reseal(connection, kept[at : at + CHUNK], now) is not None:
                resealed += len(kept[at : at + CHUNK])
    return destroy_keys(connection, keys, now), resealed


def expire(
    engine: Engine,
    schedules: Schedules,
    *,
    as_of: datetime,
    now: datetime,
    actor: str,
    dry_run: bool,
    run_id: str | None = None,
    hooks: Sequence[tuple[str, Hook]] | None = None,
    locks: Sequence[tuple[str, Lock]] | None = None,
) -> ExpiryRun:
    """Expire every report due by ``as_of`` and not held, in one transaction (see module)."""
    run = ExpiryRun(run_id or new_id(), as_of, dry_run, f"{schedules.id}@{schedules.sha256[:12]}")
    chosen = hooks if hooks is not None else expiry_hooks()
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            # The rooms' locks before any row is touched (registry.Expiry, ``locks``).
            for _, lock in locks if locks is not None else expiry_locks():
                lock(connection)
            connection.execute(
                insert(expiry_runs).values(
                    id=run.run_id,
                    started_at=now,
                    as_of=as_of,
                    schedule_version=schedules.sha256,
                    actor=actor,
                    reports=0,
                    keys_destroyed=0,
                    resealed=0,
                    summary={},
                )
            )
            by_schedule: Counter[str] = Counter()
            by_led_to: Counter[str] = Counter()
            batch: list[dict[str, Any]] = []
            for verdict in list(plan(connection, schedules, as_of)):
                if verdict.held:
                    run.held += 1
                    continue
                if len(run.listing) < LISTED:
                    run.listing.append(_listed(verdict))
                by_schedule[verdict.schedule] += 1
                by_led_to[verdict.led_to] += 1
                batch.append(
                    {
                        "report_id": verdict.report_id,
                        "run_id": run.run_id,
                        "expired_at": now,
                        "schedule_id": verdict.schedule,
                        "due_at": verdict.due_at,
                        "led_to": verdict.led_to,
                    }
                )
                if len(batch) == CHUNK:
                    connection.execute(insert(report_expiries), batch)
                    batch = []
            if batch:
                connection.execute(insert(report_expiries), batch)
            run.reports = sum(by_schedule.values())
            run.by_schedule, run.by_led_to = dict(by_schedule), dict(by_led_to)
            if run.reports:
                run.keys_destroyed, run.resealed = _shred(connection, run.run_id, now)
                expired = select(report_expiries.c.report_id).where(
                    report_expiries.c.run_id == run.run_id
                )
                for room, hook in chosen:
                    run.rooms[room] = hook(connection, expired, now)
                # Oversight's own rows last: correction notes, subject-access ties.
                run.rooms["oversight"] = forget_reports(connection, expired, now)
            connection.execute(
                update(expiry_runs)
                .where(expiry_runs.c.id == run.run_id)
                .values(
                    finished_at=now,
                    reports=run.reports,
                    keys_destroyed=run.keys_destroyed,
                    resealed=run.resealed,
                    summary={
                        "by_schedule": run.by_schedule,
                        "by_led_to": run.by_led_to,
                        "held": run.held,
                        "rooms": run.rooms,
                        "schedules": run.schedules,
                    },
                )
            )
        except BaseException:
            transaction.rollback()
            raise
        if dry_run:
            transaction.rollback()
        else:
            transaction.commit()
    return run
