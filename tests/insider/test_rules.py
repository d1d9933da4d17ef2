"""Need-to-know rules fire exactly inside their window and only outside assignment."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kizashi.insider.rules import evaluate_rules
from tests.insider.conftest import at, directory, event

OP_START = at(10, 6)


@pytest.mark.parametrize(
    ("before", "fires"),
    [
        (timedelta(hours=72), True),
        (timedelta(hours=71, minutes=59), True),
        (timedelta(seconds=1), True),
        (timedelta(hours=72, seconds=1), False),
        (timedelta(0), False),
        (-timedelta(hours=1), False),
    ],
)
def test_raid_material_rule_fires_only_in_the_72_hours_before_the_operation(
    before: timedelta, fires: bool
) -> None:
    read = event(OP_START - before, kind="raid_plan", case_id="B1")
    hits = [h for h in evaluate_rules([read], directory()) if h.rule_id == "NTK-RAID-72H"]
    assert bool(hits) is fires
    if fires:
        assert hits[0].event_id == read.event_id and "OP1" in hits[0].detail


def test_raid_material_rule_ignores_assigned_officers_and_other_material() -> None:
    events = [
        event(at(9, 10), user="bob", kind="raid_plan", case_id="B1", assigned=True),
        event(at(9, 10), kind="case_file", case_id="B1"),
    ]
    assert evaluate_rules(events, directory()) == []


def test_exporting_surveillance_media_outside_assignment_fires_at_any_time() -> None:
    export = event(at(1, 10), action="print", kind="surveillance_media", case_id="A2")
    own = event(at(1, 10), action="export", kind="surveillance_media", case_id="A1", assigned=True)
    look = event(at(1, 10), kind="surveillance_media", case_id="A2")
    hits = evaluate_rules([export, own, look], directory())
    assert [(h.rule_id, h.event_id) for h in hits] == [("NTK-SURV-EXPORT", export.event_id)]
