"""Audit logs on a migrated store (SQLite and PostgreSQL, through the `engine` fixture)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from kizashi.guard import AuditEntry, AuditLog, Signer


class Clock:
    """A clock the tests move by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def signer() -> Signer:
    return Signer.generate("test.kizashi/audit")


@pytest.fixture
def audit_log(engine: Engine, signer: Signer, clock: Clock) -> AuditLog:
    return AuditLog(engine, signer, checkpoint_every=5, checkpoint_seconds=60, clock=clock)


def entry(i: int, **overrides: object) -> AuditEntry:
    values: dict[str, object] = {
        "actor": f"officer-{i % 3}",
        "action": ("read", "search", "export")[i % 3],
        "resource_type": "report",
        "resource_id": f"r-{i}",
        "purpose": "case 2026-041",
        "effect": "allow" if i % 7 else "deny",
        "reason": "desk owns the report",
        "personal": {"subject_name": f"山田 太郎 {i}"},
        "context": {"terminal": "T-12"},
    }
    values.update(overrides)
    return AuditEntry(**values)  # type: ignore[arg-type]


Fill = Callable[[int], None]


@pytest.fixture
def fill(audit_log: AuditLog) -> Fill:
    def _fill(count: int) -> None:
        start = audit_log.size
        audit_log.append_many([entry(start + i) for i in range(count)])

    return _fill
