"""What a repeat rule's alert says after some of the reports it counted expire."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from kizashi.triage.expiry import _quotes, _rewritten

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _alert() -> SimpleNamespace:
    counted = [
        {
            "report_id": f"r{n}",
            "category": "recruitment",
            "observed_at": f"2026-10-0{n}T12:00:00+00:00",
        }
        for n in (1, 2, 3)
    ]
    repeated = {
        "rule": "repeat-recruitment-lures",
        "count": 3,
        "min_count": 3,
        "first_at": counted[0]["observed_at"],
        "last_at": counted[-1]["observed_at"],
        "counted": counted,
    }
    explanation = {"contributions": [{"report_id": "r3", "summary": "lure"}], "repeated": repeated}
    return SimpleNamespace(id="a1", explanation=explanation, summary="REPEATED …")


def test_an_expired_report_counted_only_by_the_repeat_rule_still_rewrites_the_alert() -> None:
    """Before: the alert kept the expired report's id, time and link in its box."""
    assert _quotes(_alert().explanation, {"r1"}, set())
    assert not _quotes(_alert().explanation, {"r9"}, set())


def test_the_box_loses_the_expired_signals_and_says_how_many() -> None:
    change = _rewritten(_alert(), {"r1"}, set(), remaining=1, now=NOW)
    repeated = change["new_explanation"]["repeated"]
    assert [c["report_id"] for c in repeated["counted"]] == ["r2", "r3"]
    assert repeated["count"] == 2 and repeated["expired_counted"] == 1
    assert repeated["first_at"] == "2026-10-02T12:00:00+00:00"
    assert "r1" not in str(change["new_explanation"])
