"""Weights from grading, repeat damping, decay, routing and data errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kizashi.errors import SchemaError
from kizashi.triage import default_alert_routing, default_risk
from kizashi.triage.config import parse_alert_routing
from kizashi.triage.lifecycle import TransitionError, check_transition
from kizashi.triage.scoring import Contribution, RouteInput, decay, region_of, route, weigh

T0 = datetime(2026, 10, 1, tzinfo=UTC)


def contribution(
    ref: str, reliability: str = "A", credibility: str = "1", kind: str = "public_tip"
) -> Contribution:
    return Contribution(
        "e1", kind, ref, None, None, 10.0, reliability, credibility, 1.0, T0, "test"
    )


def test_grading_and_repeats_shape_the_weight() -> None:
    config = default_risk()
    good, poor = weigh(config, [contribution("a"), contribution("b", "F", "6")])
    assert good.weight == pytest.approx(10.0)
    assert poor.weight == pytest.approx(10.0 * 0.6 * 0.6 * config.types["public_tip"].repeat_factor)
    assert poor.explanation["repeat"] == {"rank": 2, "factor": 0.6}
    assert "10 × 0.6 (F) × 0.6 (6)" in poor.explanation["formula"]


def test_decay_halves_at_the_half_life() -> None:
    assert decay(10, T0, T0 + timedelta(days=14), 14) == pytest.approx(5)
    assert decay(10, T0, T0 - timedelta(days=3), 14) == 10  # not from the future


def test_routing_rules_in_order() -> None:
    routing = default_alert_routing()
    assert (
        route(routing, RouteInput("threat", frozenset({"threat"}), True, ())).id
        == "route-protected-person"
    )
    assert (
        route(routing, RouteInput("espionage_approach", frozenset(), False, ())).desk
        == "economic-security"
    )
    assert route(routing, RouteInput("recruitment", frozenset(), False, ())).desk == "tokuryu"
    listing = RouteInput("prohibited_listing", frozenset(), False, ("大阪府大阪市",))
    assert route(routing, listing).id == "route-listing-outside-tokyo"
    assert route(routing, RouteInput(None, frozenset(), False, ())).id == "route-default"
    assert region_of("東京都豊島区南大塚三丁目18番2号") == "東京都豊島区"
    assert region_of("大阪府大阪市北区梅田1-1") == "大阪府大阪市"


def test_routing_data_errors_name_the_rule() -> None:
    with pytest.raises(SchemaError, match=r"r.yaml: rules\[0\] \(x\): desk 'nowhere'"):
        parse_alert_routing({"rules": [{"id": "x", "desk": "nowhere", "when": {}}]}, "r.yaml")
    with pytest.raises(SchemaError, match="catch-all"):
        parse_alert_routing(
            {"rules": [{"id": "x", "desk": "tokuryu", "when": {"protected": True}}]}, "r.yaml"
        )
    with pytest.raises(SchemaError, match="unknown condition"):
        parse_alert_routing(
            {"rules": [{"id": "x", "desk": "tokuryu", "when": {"colour": "red"}}]}, "r.yaml"
        )


def test_lifecycle_steps() -> None:
    check_transition("new", "in_review", None)
    check_transition("in_review", "dismissed", "ordinary hobbyist")
    check_transition("dismissed", "in_review", "new evidence came in")
    with pytest.raises(TransitionError, match="can only go to in_review"):
        check_transition("new", "confirmed", "sure")
    with pytest.raises(TransitionError, match="needs a reason"):
        check_transition("in_review", "dismissed", "")
