"""The evaluation harness: the budget is never exceeded, and recall is measured honestly."""

from __future__ import annotations

from collections import Counter

from kizashi.guard.insider.evaluate import daily_budget, detect, evaluate_log, format_table
from kizashi.guard.insider.synth import SynthLog
from tests.guard.insider.conftest import START, at, directory, event


def test_the_budget_scales_with_the_organisation() -> None:
    assert daily_budget(300, 5) == 5
    assert daily_budget(600, 5) == 10
    assert daily_budget(70, 5) == 1


def test_never_more_alerts_a_day_than_the_budget(small_log: SynthLog) -> None:
    for per_300 in (5.0, 10.0, 20.0):
        detection = detect(
            small_log.events,
            small_log.directory,
            small_log.start,
            small_log.days,
            budget_per_300=per_300,
        )
        per_day = Counter(a.day for a in detection.alerts)
        assert max(per_day.values()) <= detection.budget == daily_budget(70, per_300)
        assert len({(a.user, a.day) for a in detection.alerts}) == len(detection.alerts)


def test_rule_hits_beyond_the_budget_wait_their_turn() -> None:
    # Two day-shift users (dan is not in the directory) read raid material of OP1's case on
    # one day; the budget is one, so the first to fire is the one alert of the day.
    events = [
        event(at(8, h), user=u, kind="raid_plan", case_id="B1")
        for h, u in ((10, "alice"), (11, "dan"), (12, "alice"))
    ]
    detection = detect(events, directory(), START, 14, budget_per_300=5)
    assert detection.budget == 1
    assert len(detection.hits) == 3
    assert [(a.user, a.time) for a in detection.alerts] == [("alice", at(8, 10))]


def test_the_report_counts_recall_and_false_alerts(small_log: SynthLog) -> None:
    detection = detect(small_log.events, small_log.directory, small_log.start, small_log.days)
    report = evaluate_log(small_log, detection)
    assert sum(r.insiders for r in report.scenarios.values()) == 6
    assert report.scenarios[5].within_24h == 1  # the rule fires on the first read
    assert report.false_alerts + sum(r.ever for r in report.scenarios.values()) <= report.alerts
    table = format_table([report])
    assert "| 5 | raid_material_unassigned | 1 | 1/1 (100%)" in table
