"""The transparency report: its counts on a small world, suppression (primary and secondary),
periods in Japan time, and who may read it (OVERSIGHT-1), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Engine, select

from kizashi.config import Settings
from kizashi.errors import ForbiddenError, InputError
from kizashi.guard import AuditLog, Guard
from kizashi.guard.policy import Resource, decide
from kizashi.oversight import transparency_report
from kizashi.oversight.transparency import markdown, parse_period, period_between
from kizashi.store.tables import audit_entries
from tests.guard.policy.policy_personas import NOW, PURPOSE
from tests.oversight.test_matrix import PEOPLE, TARGETS
from tests.oversight.transparency_seed import MID_Q4, Small, seed_small


@pytest.fixture
def small(engine: Engine, settings: Settings) -> Small:
    return seed_small(engine, settings)


@pytest.fixture
def guard(engine: Engine, audit_log: AuditLog) -> Guard:
    return Guard(engine, audit_log, clock=lambda: MID_Q4)


def tables(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        t["id"]: {
            **{row["key"]: row["values"] for row in t["rows"]},
            "total": t["total"],
        }
        for t in report["tables"]
    }


def test_the_counts_of_a_quarter(small: Small, guard: Guard) -> None:
    report = transparency_report(guard, small.users["overseer"], period="2026-Q4")
    assert report["period"] == {
        "label": "2026-Q4",
        "from": "2026-10-01T00:00:00+09:00",
        "to": "2027-01-01T00:00:00+09:00",
        "zone": "Asia/Tokyo",
    }
    got = tables(report)
    # 12 posts shown; 3 tips are small; the partner reports (9) are withheld, or the
    # total (24) would give the tips back.
    assert got["reports_received"] == {
        "sns_post": {"count": 12},
        "public_tip": {"count": "<5"},
        "partner_report": {"count": "x"},
        "total": {"count": 24},
    }
    assert got["partner_reports"] == {
        "real_estate": {"count": 6},
        "lodging": {"count": "<5"},
        "expired": {"count": "<5"},
        "total": {"count": "x"},  # the same cell as the channel table's partner reports
    }
    assert got["signals_flagged"] == {
        "threat": {"count": "x"},
        "recruitment": {"count": "<5"},
        "total": {"count": 9},
    }
    assert got["alerts"]["lone-offender"] == {"opened": 8, "confirmed": 5, "dismissed": "<5"}
    assert got["alerts"]["tokuryu"] == {"opened": 6, "confirmed": 0, "dismissed": "x"}
    assert got["alerts"]["total"] == {"opened": 14, "confirmed": 5, "dismissed": 9}
    assert got["actions_taken"] == {"tokuryu": {"count": "<5"}, "total": {"count": "<5"}}
    assert got["retention_expiries"] == {"sns-nothing": {"count": 6}, "total": {"count": 6}}
    assert got["retention_expiries_led_to"] == {"nothing": {"count": 6}, "total": {"count": 6}}
    insider = got["insider_alerts"]
    assert insider["confirmed"] == {"count": "<5"} and insider["dismissed"] == {"count": "x"}
    # A reader who knows a withheld count is at least 5 would read 6 = 1 + 5: the total goes.
    assert insider["new"] == {"count": 0} and insider["total"] == {"count": "x"}
    requests = got["platform_requests"]
    assert requests["sns-b"]["draft"] == "<5" and requests["total"]["total"] == 12


def _hidden(value: Any) -> bool:
    return isinstance(value, str)


def test_no_hidden_count_can_be_worked_out_from_a_total(small: Small, guard: Guard) -> None:
    report = transparency_report(guard, small.users["overseer"], period="2026-Q4")
    for table in report["tables"]:
        columns = table["columns"]
        lines = [[row["values"][c] for row in table["rows"]] + [table["total"][c]] for c in columns]
        if "total" in columns:
            lines += [[row["values"][c] for c in columns] for row in table["rows"]]
            lines.append([table["total"][c] for c in columns])
        for line in lines:
            assert sum(map(_hidden, line)) != 1, (table["id"], line)
            if not any(map(_hidden, line)):
                assert sum(line[:-1]) == line[-1], (table["id"], line)
    # A cell shown twice (partner reports) is hidden in both places or in neither.
    got = tables(report)
    assert (
        got["reports_received"]["partner_report"]["count"]
        == (got["partner_reports"]["total"]["count"])
    )


def test_periods_are_japan_time(small: Small, guard: Guard) -> None:
    overseer = small.users["overseer"]
    december = tables(transparency_report(guard, overseer, period="2026-12"))
    # 23:30 JST on 31 December is December (14:30 UTC); 00:00 JST on 1 January is not,
    # though it is still 31 December in UTC.
    assert december["reports_received"] == {"sns_post": {"count": "<5"}, "total": {"count": "<5"}}
    q1 = tables(transparency_report(guard, overseer, period="2027-Q1"))
    assert q1["reports_received"]["sns_post"] == {"count": "<5"}
    q3 = tables(transparency_report(guard, overseer, period="2026-Q3"))
    assert q3["reports_received"]["sns_post"] == {"count": "<5"}
    explicit = transparency_report(guard, overseer, start="2026-10-01", end="2026-12-31")
    assert tables(explicit)["reports_received"]["total"] == {"count": 24}
    assert explicit["period"]["to"] == "2027-01-01T00:00:00+09:00"


def test_parsing_periods() -> None:
    q4 = parse_period("2026-Q4")
    assert q4.start == datetime.fromisoformat("2026-10-01T00:00:00+09:00")
    assert q4.end == datetime.fromisoformat("2027-01-01T00:00:00+09:00")
    assert datetime.fromisoformat("2026-12-31T23:30:00+09:00") < q4.end
    november = parse_period("2026-11")
    assert november.end == datetime.fromisoformat("2026-12-01T00:00:00+09:00")
    year = parse_period("2026")
    assert (year.start, year.end) == (
        datetime.fromisoformat("2026-01-01T00:00:00+09:00"),
        datetime.fromisoformat("2027-01-01T00:00:00+09:00"),
    )
    timed = period_between("2026-10-01T09:00:00+09:00", "2026-10-02T09:00:00+09:00")
    assert timed.end == datetime.fromisoformat("2026-10-02T09:00:00+09:00")
    for bad in ("2026-Q5", "2026-13", "Q4", "2026-11-05"):
        with pytest.raises(InputError):
            parse_period(bad)
    with pytest.raises(InputError, match="time zone"):
        period_between("2026-10-01T09:00:00", "2026-10-02")
    with pytest.raises(InputError, match="after"):
        period_between("2026-10-02", "2026-10-01")


def test_oversight_and_auditors_read_it_and_an_analyst_is_refused(
    small: Small, guard: Guard, engine: Engine
) -> None:
    assert transparency_report(guard, small.users["auditor"], period="2026-Q4")["tables"]
    for name in ("analyst", "lead"):
        with pytest.raises(ForbiddenError, match="OVERSIGHT-2"):
            transparency_report(guard, small.users[name], period="2026-Q4")
    # Refused before the period is even read: a malformed one tells an analyst nothing more.
    with pytest.raises(ForbiddenError, match="OVERSIGHT-2"):
        transparency_report(guard, small.users["analyst"], period="nonsense")
    with pytest.raises(InputError):
        transparency_report(guard, small.users["overseer"], period="nonsense")
    with engine.connect() as connection:
        logged = connection.execute(
            select(audit_entries.c.actor, audit_entries.c.effect).where(
                audit_entries.c.resource_type == "oversight_report",
                audit_entries.c.resource_id == "transparency:2026-Q4",
            )
        ).all()
    assert (small.users["auditor"].id, "allow") in logged
    assert (small.users["analyst"].id, "deny") in logged


def test_markdown_and_no_content(small: Small, guard: Guard) -> None:
    report = transparency_report(guard, small.users["overseer"], period="2026-Q4")
    text = markdown(report)
    assert "# Transparency report 2026-Q4" in text
    assert "| public_tip | <5 |" in text and "| **total** | 24 |" in text
    assert "白い粉" not in text and "白い粉" not in str(report)


@pytest.mark.parametrize("persona", sorted(PEOPLE))
def test_every_persona_is_decided_for_the_report_as_for_the_access_reports(persona: str) -> None:
    # The permission matrix's row for access reports holds for the transparency report too.
    user = PEOPLE[persona]
    for action in ("read", "write"):
        ours = decide(
            user, action, Resource("oversight_report", "transparency:2026-Q4"), PURPOSE, now=NOW
        )
        theirs = decide(user, action, TARGETS["report"], PURPOSE, now=NOW)
        assert (ours.allowed, ours.rule) == (theirs.allowed, theirs.rule)
    expected = "OVERSIGHT-1" if persona in ("auditor", "oversight", "officer") else "OVERSIGHT-2"
    assert (
        decide(user, "read", Resource("oversight_report", "transparency:x"), PURPOSE, now=NOW).rule
        == expected
    )
