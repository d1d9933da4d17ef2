"""The demo's trace stage: the leaked still and the retyped plan both name the leaker."""

from __future__ import annotations

from pathlib import Path

import pytest

from kizashi.config import load_settings
from kizashi.demo.run import run_demo


# The whole demo at 1 % scale: about 2 minutes idle, near the default 300 s on a loaded machine.
@pytest.mark.timeout(600)
def test_the_demo_names_the_officer_whose_copies_leaked(tmp_path: Path) -> None:
    context = run_demo(load_settings(data_dir=tmp_path), tmp_path / "demo", seed=7, scale=0.01)
    trace = context.trace
    assert trace["still"]["named"] == [trace["leaker"]]
    assert trace["plan"]["named"] == [trace["leaker"]]
    assert [leak["operation"] for leak in trace["leaks"]] == ["op-oyama-1022"]
    assert trace["leaker"] in trace["leaks"][0]["had_access"]
    assert Path(trace["files"]["still"]).exists()
