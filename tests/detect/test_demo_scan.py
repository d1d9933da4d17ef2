"""The shipped scorer on the demo's planted posts and decoys (not a held-out set: the eval
templates were written knowing the demo's themes, and the demo was looked at once to add
benign talk about the watch-listed candidate to the labelled set). Figures: docs/detection.md.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from kizashi.demo.scenario import Scenario, build_scenario
from kizashi.detect.scanner import record_text, scan_texts


@cache
def _scenario() -> Scenario:
    return build_scenario(scale=0.1)


@cache
def _scanned() -> dict[str, dict[str, Any]]:
    posts = _scenario().records["sns_post"]
    pairs = [record_text({"id": p["external_id"], "text": p["text"]}) for p in posts]
    return {o["id"]: o for o in scan_texts(pairs)}


def _planted(kind: str) -> list[str]:
    case = next(c for c in _scenario().manifest["cases"] if c["kind"] == kind)
    return [r["external_id"] for r in case["records"] if r["channel"] == "sns_post"]


def test_planted_threats_and_lures_are_flagged_with_evidence() -> None:
    scanned = _scanned()
    for kind, category in (("threat", "threat"), ("recruitment", "recruitment")):
        for rid in _planted(kind):
            assert scanned[rid]["category"] == category, rid
            assert scanned[rid]["evidence"], rid
    assert all("rally-otsuka-1101" in scanned[r]["protected"] for r in _planted("threat"))


def test_background_is_mostly_quiet() -> None:
    planted = set(_planted("threat")) | set(_planted("recruitment"))
    background = [o for rid, o in _scanned().items() if rid not in planted]
    flagged = [o for o in background if o["flagged"]]
    # 0 of 19,977 at scale 1.0 (docs/detection.md, "Demo posts"); the bound leaves room, not a target.
    assert len(flagged) <= 0.03 * len(background)
