"""The demo's planted lone offender resolves to one person; the similar-name decoy does not."""

from __future__ import annotations

from pathlib import Path

from kizashi.config import load_settings
from kizashi.demo.run import run_demo


def test_the_lone_offender_is_one_entity_across_every_kind_of_report(tmp_path: Path) -> None:
    context = run_demo(load_settings(data_dir=tmp_path), tmp_path / "demo", seed=7, scale=0.05)
    result = context.resolution
    assert result["joined_records"] == result["planted_records"] == 11
    assert set(result["joined_channels"]) == {
        "purchase",
        "partner_report",
        "patrol_note",
        "public_tip",
        "sns_post",
    }
    assert result["decoy_separate"]
