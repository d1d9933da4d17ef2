"""Alerts explain themselves; their queue refuses readers the guard has not allowed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kizashi.insider.alerts import (
    Alert,
    FeatureExplanation,
    InMemoryAlertQueue,
    JsonlAlertQueue,
)
from kizashi.insider.evaluate import detect
from kizashi.insider.rules import RuleHit
from kizashi.insider.synth import SynthLog

ALERT = Alert(
    "IA-1",
    "u1",
    "2025-04-01",
    datetime(2025, 4, 2, tzinfo=UTC),
    0.8,
    "deskA/investigator",
    (FeatureExplanation("off_shift_exports", 4.0, 0.1, 0.0, 0.2, 5.0, 4.5, "2025-04-01", ("e1",)),),
)


def test_the_explanation_names_the_feature_what_was_expected_and_how_rare_it_is() -> None:
    text = ALERT.explanation()
    assert "off_shift_exports = 4 on 2025-04-01: expected 0.10 (own 0.00, peers 0.20)" in text
    assert "1 day in 100,000" in text and "+4.5 risk" in text and "[events e1]" in text
    assert ALERT.cited_events() == {"e1"}


def test_the_japanese_explanation_says_what_why_and_compared_with_whom() -> None:
    from kizashi.insider.explain_ja import explain_ja

    text = explain_ja(ALERT)
    assert "同僚グループ deskA/investigator" in text
    assert "勤務時間外の持出し（2025-04-01）: 4 件 — 通常 0.1 件" in text
    assert "100,000日に1度" in text and "記録 e1" in text


def test_a_weighed_rule_hit_says_how_rare_such_hits_were() -> None:
    from dataclasses import replace

    from kizashi.insider.explain_ja import explain_ja

    hit = RuleHit(
        "NTK-RAID-72H",
        "raid material",
        "u1",
        datetime(2025, 4, 1, 22, tzinfo=UTC),
        "e9",
        "C1",
        "read (refused) of raid_plan of unassigned case C1, 20.0 h before operation OP",
        False,
        False,
        2.83,
        0,
        6012,
    )
    alert = replace(ALERT, rules=(hit,))
    assert "(risk +2.8; seen on 0 of 6,012 officer-days before) [e9]" in alert.explanation()
    assert "直近 6,012 勤務日のうち 0 日、リスク +2.8" in explain_ja(alert)


def test_alerts_on_the_insiders_name_the_features_and_rules_behind_them(
    small_log: SynthLog,
) -> None:
    detection = detect(small_log.events, small_log.directory, small_log.start, small_log.days)
    insiders = {i.user: i for i in small_log.insiders}
    flagged = [a for a in detection.alerts if a.user in insiders]
    assert flagged
    for alert in flagged:
        assert alert.features or alert.rules
        for f in alert.features:
            assert f.feature in alert.explanation()
            assert f.contribution > 0 and f.surprise > 1.0
    raid = next(a for a in flagged if insiders[a.user].scenario == 5 and a.rules)
    assert raid.rules[0].rule_id == "NTK-RAID-72H"
    assert raid.rules[0].event_id in insiders[raid.user].event_ids


def test_a_queue_without_an_authorizer_refuses_every_reader() -> None:
    queue = InMemoryAlertQueue()
    queue.push(ALERT)
    with pytest.raises(PermissionError):
        queue.read("inspector")


def test_the_jsonl_queue_appends_alerts_and_serves_authorised_readers(tmp_path: Path) -> None:
    path = tmp_path / "alerts.jsonl"
    queue = JsonlAlertQueue(path, authorize=lambda reader: reader == "inspector")
    queue.push(ALERT)
    queue.push(ALERT)
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(rows) == 2 and rows[0]["features"][0]["feature"] == "off_shift_exports"
    assert "1 day in 100,000" in rows[0]["explanation"]
    assert queue.read("inspector") == [ALERT, ALERT]
    with pytest.raises(PermissionError):
        queue.read("analyst")
