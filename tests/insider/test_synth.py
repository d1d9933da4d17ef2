"""The generator: deterministic per seed, labelled, and shaped like the organisation."""

from __future__ import annotations

import io

from kizashi.insider.synth import SynthLog, generate, write_jsonl
from tests.insider.conftest import small_config


def _jsonl(log: SynthLog) -> bytes:
    out = io.BytesIO()
    write_jsonl(log, out)
    return out.getvalue()


def test_same_seed_gives_the_same_log_byte_for_byte(small_log: SynthLog) -> None:
    assert _jsonl(generate(11, small_config())) == _jsonl(small_log)


def test_another_seed_gives_another_log(small_log: SynthLog) -> None:
    assert _jsonl(generate(12, small_config())) != _jsonl(small_log)


def test_every_scenario_has_labelled_insiders_whose_events_exist(small_log: SynthLog) -> None:
    assert sorted(i.scenario for i in small_log.insiders) == [1, 2, 3, 4, 5, 6]
    by_id = {e.event_id: e for e in small_log.events}
    for label in small_log.insiders:
        harmful = [by_id[i] for i in label.event_ids]
        assert harmful and all(e.user == label.user for e in harmful)
        assert label.first_act == min(e.time for e in harmful)
    assert len({i.user for i in small_log.insiders}) == len(small_log.insiders)


def test_confounders_and_events_are_present_and_time_ordered(small_log: SynthLog) -> None:
    kinds = {c.kind for c in small_log.confounders}
    assert {"night_shift", "wide_browser", "joint_hq", "device_refresh"} <= kinds
    assert "court_preparation" in kinds
    times = [e.time for e in small_log.events]
    assert times == sorted(times)
    assert {e.action for e in small_log.events} == {"read", "search", "list", "export", "print"}
    assert len(small_log.directory.officers) == 70


def test_raid_material_scenario_reads_an_unassigned_case_within_72_hours(
    small_log: SynthLog,
) -> None:
    label = next(i for i in small_log.insiders if i.scenario == 5)
    ops = small_log.directory.operations
    for e in (e for e in small_log.events if e.event_id in label.event_ids):
        assert not e.assigned and e.kind in {"raid_plan", "target_list", "surveillance_media"}
        gaps = [(op.start - e.time).total_seconds() for op in ops if op.case_id == e.case_id]
        assert any(0 < gap <= 72 * 3600 for gap in gaps)
