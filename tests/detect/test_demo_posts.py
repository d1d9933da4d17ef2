"""The demo's planted posts and decoys as extra inputs (this is not the held-out evaluation).

Counts at the time of writing (seed 20261122, scale 1.0): 9/9 planted threats and 14/14
planted recruitment posts get a hit of their category; 0 of 19,977 background posts score
in any category. The rules were written with these templates in view, so these numbers say
the rules cover the demo, not how well they generalise.
"""

from __future__ import annotations

from functools import cache

from kizashi.demo.scenario import Scenario, build_scenario
from kizashi.detect import detect_rules


@cache
def _scenario() -> Scenario:
    return build_scenario(scale=0.1)  # the planted posts are all there at any scale


def _planted(kind: str) -> list[str]:
    posts = {r["external_id"]: r["text"] for r in _scenario().records["sns_post"]}
    case = next(c for c in _scenario().manifest["cases"] if c["kind"] == kind)
    return [posts[r["external_id"]] for r in case["records"] if r["channel"] == "sns_post"]


def test_every_planted_threat_is_hit_and_linked() -> None:
    texts = _planted("threat")
    assert len(texts) == 9
    for text in texts:
        result = detect_rules(text)
        assert result.category == "threat", (text, result.explain())
        assert result.evidence(), text
    linked = [t for t in texts if "rally-otsuka-1101" in detect_rules(t).protected]
    assert len(linked) == len(texts)


def test_every_planted_lure_is_recruitment() -> None:
    texts = _planted("recruitment")
    assert len(texts) == 14
    for text in texts:
        assert detect_rules(text).category == "recruitment", text


def test_planted_listings_and_reports() -> None:
    scenario = _scenario()
    case = next(c for c in scenario.manifest["cases"] if c["kind"] == "prohibited_listing")
    planted = {r["external_id"] for r in case["records"]}
    for record in scenario.records["listing"]:
        text = f"{record['title']} {record.get('description', '')}"
        category = detect_rules(text).category
        if record["external_id"] in planted:
            assert category == "prohibited_listing", text
        else:
            assert category is None, text
    assert len(planted) == 5
    report = next(
        r for r in scenario.records["partner_report"] if r["external_id"] == "OH-2026-0311"
    )
    assert detect_rules(report["text"]).category == "suspicious_activity"


def test_background_posts_are_mostly_quiet() -> None:
    planted = set(_planted("threat")) | set(_planted("recruitment"))
    flagged = [
        r["text"]
        for r in _scenario().records["sns_post"]
        if r["text"] not in planted and detect_rules(r["text"]).category is not None
    ]
    assert len(flagged) <= 0.01 * len(_scenario().records["sns_post"]), flagged[:20]
