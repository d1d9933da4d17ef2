"""The demo's trace stage: the leaked still and the retyped plan both name the leaker."""

from __future__ import annotations

from pathlib import Path

from tests.shared_demo import DemoRun


def test_the_demo_names_the_officer_whose_copies_leaked(demo_run: DemoRun) -> None:
    trace = demo_run.trace
    assert trace["still"]["named"] == [trace["leaker"]]
    assert trace["plan"]["named"] == [trace["leaker"]]
    assert [leak["operation"] for leak in trace["leaks"]] == ["op-oyama-1022"]
    assert trace["leaker"] in trace["leaks"][0]["had_access"]
    assert Path(trace["files"]["still"]).exists()
