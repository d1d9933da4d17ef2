"""The evaluation harness: the budget holds, and a detection must be for the malicious act."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import orjson
import pytest

from kizashi.errors import InputError
from kizashi.insider.evaluate import daily_budget, detect, evaluate_log, format_table, run_log
from kizashi.insider.logfile import LabelledLog, read_log
from kizashi.insider.synth import SynthLog
from tests.insider.conftest import START, at, directory, event


def test_the_budget_scales_with_the_organisation() -> None:
    assert daily_budget(300, 5) == 5
    assert daily_budget(600, 5) == 10
    assert daily_budget(70, 5) == 1


def test_never_more_queue_alerts_a_day_than_the_budget(small_log: SynthLog) -> None:
    detection = detect(
        small_log.events, small_log.directory, small_log.start, small_log.days, budget_per_300=5
    )
    per_day = Counter(a.day for a in detection.alerts if a.lane == "queue")
    assert max(per_day.values(), default=0) <= detection.budget == daily_budget(70, 5)
    assert len({(a.user, a.day) for a in detection.alerts}) == len(detection.alerts)


def test_an_allowed_hard_violation_is_immediate_and_a_refused_one_is_only_evidence() -> None:
    allowed = [event(at(8, 22), user="alice", kind="raid_plan", case_id="B1")]
    detection = detect(allowed, directory(), START, 14)
    [alert] = detection.alerts
    assert (alert.lane, alert.time) == ("immediate", at(8, 22))
    refused = [event(at(8, 22), user="alice", kind="raid_plan", case_id="B1", allowed=False)]
    assert detect(refused, directory(), START, 14).alerts == []


def _write(path: Path, lines: list[dict[str, object]]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines))
    return path


def _log_file(tmp_path: Path) -> tuple[Path, Path]:
    events = [event(at(8, 22), user="alice", kind="raid_plan", case_id="B1")]
    events += [event(at(d, 10), user="bob", kind="case_file", case_id="B1") for d in range(9)]
    lines: list[dict[str, object]] = [{"type": "directory", **directory().to_json()}]
    lines += [{"type": "event", **e.to_json()} for e in events]
    labels = [
        {"type": "insider", "user": "alice", "scenario": "S5", "event_ids": [events[0].event_id]}
    ]
    return _write(tmp_path / "events.jsonl", lines), _write(tmp_path / "labels.jsonl", labels)


def test_a_labelled_log_is_scored_from_its_files(tmp_path: Path) -> None:
    events, labels = _log_file(tmp_path)
    log = read_log(events, labels)
    report = run_log(log, reference=False)
    assert report.scenarios["S5"].within_24h == 1
    assert report.true_alerts == report.alerts == 1
    assert "| S5 |" in format_table([report])


def test_an_alert_that_does_not_cite_the_act_is_no_detection(tmp_path: Path) -> None:
    events, _ = _log_file(tmp_path)
    log = read_log(events)
    log.insiders = []
    detection = detect(log.events, log.directory, log.start, log.days)
    bob_first = next(e for e in log.events if e.user == "bob")
    from kizashi.insider.logfile import InsiderTruth

    log.insiders = [
        InsiderTruth("alice", "S1", "", bob_first.time, frozenset({bob_first.event_id}))
    ]
    report = evaluate_log(
        LabelledLog(log.name, log.start, log.days, log.directory, log.events, log.insiders),
        detection,
    )
    assert report.scenarios["S1"].within_24h == 0
    assert report.true_alerts == 0


def test_a_bad_line_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "directory", "officers": []}\n{"type": "event", "time": "x"}\n')
    with pytest.raises(InputError, match=r"bad.jsonl:2"):
        read_log(bad)
