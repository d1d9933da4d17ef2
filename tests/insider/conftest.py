"""Small organisations and hand-made logs for insider-analytics tests."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from kizashi.insider.events import JST, AccessEvent, Directory, Officer, Operation
from kizashi.insider.synth import SynthLog, default_config, generate

# The guard's audit-log fixtures, used by name: the live tests read a real log.
from tests.guard.conftest import audit_log, clock, signer  # noqa: F401

START = date(2025, 3, 3)  # a Monday


def small_config() -> dict[str, Any]:
    """The default generator, shrunk to 70 officers and 32 days so that a test runs in ~1 s."""
    cfg = copy.deepcopy(default_config())
    cfg["organisation"].update(officers=70, days=32, cases_per_desk=6)
    cfg["confounders"]["joint_hq"].update(count=1, officers=3)
    cfg["confounders"]["court_preparation"]["count"] = 2
    cfg["start_window"] = [16, 24]
    for spec in cfg["scenarios"]:
        spec["insiders"] = 1
    return cfg


@pytest.fixture(scope="session")
def small_log() -> SynthLog:
    return generate(11, small_config())


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, 3, hour, minute, tzinfo=JST) + timedelta(days=day)


def directory() -> Directory:
    """Two desks; alice (day shift) on case A1, nick (night shift) on A1, bob on B1."""
    officers = {
        "alice": Officer("alice", "deskA", "investigator", "day", "P-alice"),
        "nick": Officer("nick", "deskA", "investigator", "night", "P-nick"),
        "bob": Officer("bob", "deskB", "investigator", "day", "P-bob"),
    }
    return Directory(
        officers=officers,
        case_desk={"A1": "deskA", "A2": "deskA", "B1": "deskB"},
        case_subjects={
            "A1": frozenset({"S1", "S2"}),
            "A2": frozenset({"S3"}),
            "B1": frozenset({"S9"}),
        },
        assignments={
            "alice": frozenset({"A1"}),
            "nick": frozenset({"A1"}),
            "bob": frozenset({"B1"}),
        },
        operations=[Operation("OP1", "B1", at(10, 6), frozenset({"S9"}))],
    )


_counter = iter(range(10**9))


def event(when: datetime, user: str = "alice", action: str = "read", **extra: Any) -> AccessEvent:
    fields: dict[str, Any] = {"kind": "case_file", "device": "T-1"} | extra
    return AccessEvent(f"t{next(_counter)}", when, user, action=action, **fields)
