"""The approach evaluation set: its shape, its split by author, and the reading's figures."""

from __future__ import annotations

from collections import Counter

from kizashi.outreach import evaluate
from kizashi.outreach.evaluation import TEST_AUTHORS, load_eval


def test_the_set_has_150_narratives_in_both_languages_by_several_authors_with_lookalikes() -> None:
    items = load_eval()
    assert len(items) >= 150
    assert len({i.id for i in items}) == len(items)
    assert Counter(i.lang for i in items)["en"] >= 50 and Counter(i.lang for i in items)["ja"] >= 50
    assert len({i.author for i in items}) >= 6
    assert sum(1 for i in items if not i.stages) >= 30  # benign contacts that look alike
    assert {i.lang for i in items if i.author in TEST_AUTHORS} == {"ja", "en"}


def test_the_split_is_by_author_never_by_item() -> None:
    items = load_eval()
    dev = {i.author for i in items if i.split == "dev"}
    test = {i.author for i in items if i.split == "test"}
    assert test == TEST_AUTHORS and not dev & test


def test_the_frozen_test_portion_meets_the_documented_floor_and_hides_its_failures() -> None:
    result = evaluate("test", failures=True)
    assert "failures" not in result
    assert result["furthest_stage_accuracy"]["value"] >= 0.85
    assert result["escalation_recall"]["value"] >= 0.85
    assert result["escalation_precision"]["value"] >= 0.8
    assert result["benign_read_as_benign"]["value"] >= 0.8


def test_the_development_failures_list_items_whose_stages_were_missed() -> None:
    result = evaluate("dev", failures=True)
    missed = {f["id"] for f in result["failures"]}
    gold_stages = result["stage_recall"]["n"] - result["stage_recall"]["k"]
    assert gold_stages == 0 or missed  # every missed stage shows up as a listed item
    for failure in result["failures"]:
        assert (
            failure["gold"] != failure["read"] or failure["escalate"][0] != failure["escalate"][1]
        )
