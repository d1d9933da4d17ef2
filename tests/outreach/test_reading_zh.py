"""Reports written wholly in Chinese are read into the same stages as Japanese ones, with
evidence spans in the report as written (simplified or traditional) and guards that say why
a look-alike was let through; Japanese keeps its own reading."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from kizashi.config import Settings
from kizashi.outreach import read_approach, read_reports, stage_model
from kizashi.outreach.errors import OutreachDataError
from kizashi.outreach.reading_zh import parse_zh_lexicon, read_chinese, zh_lexicon
from kizashi.store import transaction
from kizashi.store.tables_outreach import approach_readings
from tests.outreach.world import NOW, TSC, World, approach, ingest

RULES = zh_lexicon().rules
REPORT_SIMPLIFIED = (
    "该员工在展会招待会上被一名男子主动搭讪。此后对方多次邀请其吃饭，每次都由对方买单。"
    "对方要求该员工把工艺参数发给他，并承诺支付报酬。"
)
REPORT_TRADITIONAL = (
    "該員工在展會招待會上被一名男子主動搭訕。此後對方多次邀請其吃飯，每次都由對方買單。"
    "對方要求該員工把工藝參數發給他，並承諾支付報酬。"
)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_finds_its_positive_examples_and_not_its_negatives(rule) -> None:  # type: ignore[no-untyped-def]
    for text in rule.positive:
        hits, _ = read_chinese(text)
        assert rule.id in {h["rule"] for h in hits}, (rule.id, text)
    for text in rule.negative:
        hits, _ = read_chinese(text)
        assert rule.id not in {h["rule"] for h in hits}, (rule.id, text)


def test_every_stage_has_a_chinese_rule() -> None:
    assert {r.stage for r in RULES} == set(stage_model().ids())


@pytest.mark.parametrize("text", [REPORT_SIMPLIFIED, REPORT_TRADITIONAL])
def test_a_chinese_report_reads_as_contact_meals_request_and_payment(text: str) -> None:
    reading = read_approach(text)
    assert reading.stages == ("chance_contact", "cultivation", "specific_requests", "payment")
    assert reading.furthest == "payment"
    assert reading.lexicon == "zh-approach@1,zh-script@1"
    for hit in reading.evidence:
        assert text[hit["start"] : hit["end"]] == hit["text"]  # the report as written
    said = " ".join(h["text"] for h in reading.evidence)
    assert ("搭讪" in said and "报酬" in said) or ("搭訕" in said and "報酬" in said)


def test_a_suppliers_lunch_and_public_material_are_let_through_and_the_guard_says_why() -> None:
    reading = read_approach(
        "员工与供应商的负责人多次一起吃饭，费用各自承担。对方要求提供官网上公开的产品资料。"
    )
    assert reading.stages == ()
    guards = {(s["rule"], g["guard"]) for s in reading.suppressed for g in s["guards"]}
    assert ("zh-meals-repeated", "legit-business") in guards
    assert ("zh-specific-requests", "public-only") in guards


def test_a_denied_request_is_not_a_request() -> None:
    hits, suppressed = read_chinese("对方并未要求任何资料，只是聊天。")
    assert not hits and suppressed[0]["guards"][0]["guard"] == "negated"


def test_japanese_with_kanji_keeps_the_japanese_reading() -> None:
    reading = read_approach(
        "学会後に偶然を装い接触。以後、居酒屋での会食が計3回。費用はすべて相手持ち。"
    )
    assert "zh-approach" not in reading.lexicon
    assert {"chance_contact", "cultivation"} <= set(reading.stages)


def test_a_lexicon_with_an_unknown_stage_or_guard_is_refused() -> None:
    base = {"id": "x", "version": 1, "fold": "們们", "guards": [], "rules": []}
    rule = {"id": "r", "stage": "gossip", "patterns": ["a"], "positive": ["a"], "negative": ["b"]}
    with pytest.raises(OutreachDataError, match="unknown stage"):
        parse_zh_lexicon({**base, "rules": [rule]}, stage_model().ids(), "t")
    rule = {**rule, "stage": "payment", "guards": ["nobody"]}
    with pytest.raises(OutreachDataError, match="unknown guards"):
        parse_zh_lexicon({**base, "rules": [rule]}, stage_model().ids(), "t")
    with pytest.raises(OutreachDataError, match="pairs"):
        parse_zh_lexicon({**base, "fold": "們们们"}, stage_model().ids(), "t")


def test_a_chinese_report_is_read_and_stored_by_the_live_path(
    world: World, engine: Engine, settings: Settings
) -> None:
    body = approach("TSC-CI-2026-040", TSC, "semiconductor", REPORT_TRADITIONAL)
    report_id = ingest(engine, settings, "company_approach", body, "company:tsc")
    with transaction(engine) as connection:
        read_reports(connection, [report_id], now=NOW)
    with engine.connect() as connection:
        row = connection.execute(
            select(approach_readings).where(approach_readings.c.report_id == report_id)
        ).one()
    assert row.furthest == "payment" and row.lexicon == "zh-approach@1,zh-script@1"
    assert {e["rule"] for e in row.evidence} >= {"zh-chance-contact", "zh-payment"}
