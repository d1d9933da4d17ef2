"""The example at the top of docs/detection.md runs and says what the page says."""

from __future__ import annotations

from kizashi.detect import detect_rules, scan


def test_the_docs_example() -> None:
    result = detect_rules("11/1 大塚駅で桜井を56す")
    assert result.category == "threat"
    assert result.protected == ("candidate-sakurai", "rally-otsuka-1101")
    kill = [e for e in result.evidence() if e["rule"] == "threat-kill-ja"]
    assert kill and kill[0]["view"] == "decoded:goroawase"
    out = next(scan([{"id": "p1", "text": "11/1 大塚駅で桜井を56す"}]))
    assert (out["category"], out["flagged"]) == ("threat", True)
    assert [e["rule"] for e in out["evidence"]] == [
        "threat-context-time",
        "threat-context-place",
        "threat-context-target",
        "threat-composed",
        "threat-kill-ja",
        "threat-plain-ja",
    ]
