"""Alerts explain themselves; their queue refuses readers the guard has not allowed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kizashi.guard.insider.alerts import (
    Alert,
    FeatureExplanation,
    InMemoryAlertQueue,
    JsonlAlertQueue,
)
from kizashi.guard.insider.evaluate import detect
from kizashi.guard.insider.synth import SynthLog

ALERT = Alert(
    "IA-1",
    "u1",
    "2025-04-01",
    datetime(2025, 4, 2, tzinfo=UTC),
    0.8,
    "deskA/investigator",
    (FeatureExplanation("off_shift_exports", 4.0, 0.1, 3.9, 0.0, 4.0, ("e1", "e2")),),
)


def test_the_explanation_names_the_feature_and_its_distance_from_self_and_peers() -> None:
    text = ALERT.explanation()
    assert "off_shift_exports = 4" in text
    assert "+3.9 SD vs own history" in text and "+4.0 SD vs peers" in text


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
            assert max(f.own_z, f.peer_z) > 1.0
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
    assert "SD vs peers" in rows[0]["explanation"]
    assert queue.read("inspector") == [ALERT, ALERT]
    with pytest.raises(PermissionError):
        queue.read("analyst")
