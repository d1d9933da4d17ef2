"""Risk told in the analyst's words: sentences with every factor named, never a dict dump."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kizashi.detect.lexicon import CATEGORIES
from kizashi.triage.config import default_risk
from kizashi.triage.scoring import Contribution, weigh
from kizashi.web.explain import alert_summary, explain_contribution, label, readable
from kizashi.web.i18n import catalogue, translate

AS_OF = datetime(2026, 6, 17, 3, 0, tzinfo=UTC)


def _t(lang: str) -> Any:
    return lambda key, **values: translate(key, lang, **values)


def _stored(kind: str, **overrides: Any) -> dict[str, Any]:
    """A contribution as triage stores it: weighed by the shipped risk configuration."""
    fields: dict[str, Any] = {
        "entity_id": "e1",
        "kind": kind,
        "source_ref": "r1",
        "report_id": "r1",
        "category": "threat",
        "base_weight": 30.0,
        "reliability": "B",
        "credibility": "3",
        "strength": 0.9,
        "observed_at": AS_OF - timedelta(days=14),
        "summary": "s",
        "details": {},
    }
    fields.update(overrides)
    (item,) = weigh(default_risk(), [Contribution(**fields)])
    return {
        "kind": item.kind,
        "category": item.category,
        "report_id": item.report_id,
        "weight": item.weight,
        "half_life_days": item.explanation["half_life_days"],
        "observed_at": item.observed_at.isoformat(),
        "reliability": item.reliability,
        "credibility": item.credibility,
        "explanation": item.explanation,
    }


def test_a_partner_report_reads_as_sentences_with_its_grading_spelled_out() -> None:
    stored = _stored("partner_report", category="suspicious_smell", strength=1.0)
    why = explain_contribution(_t("ja"), stored, AS_OF)
    assert why.what == "協力事業者からの報告（不審な臭い）"
    assert "評価 B3" in why.grading and "通常は信頼できる" in why.grading
    assert "正しい可能性がある" in why.grading
    # 30 × 0.85 × 0.75 = 19.12; every factor is named, the product is the stored weight.
    assert why.formula == "重み = 基本 30 × 信頼性 0.85（B） × 確度 0.75（3） = 19.12"
    # Fourteen days into a thirty-day half-life: 19.125 × 0.5^(14/30) = 13.84.
    assert why.decay == "現在 = 19.12 × ½^(経過 14.0日 ÷ 半減期 30日) = 13.84"
    assert all("{" not in line and "'" not in line for line in (why.grading, why.formula))


def test_a_text_hit_names_the_detector_score_and_the_artefact_grading() -> None:
    stored = _stored(
        "text_signal",
        details={"channel": "sns_post", "detector_score": 0.9, "protected_factor": 1.0},
    )
    why = explain_contribution(_t("en"), stored, AS_OF)
    assert why.what == "Text detector hit (Threat)"
    assert why.grading.startswith("Graded A:")  # the collected post, not a rumour's F6
    assert "detector score 0.9" in why.formula and "credibility" not in why.formula


def test_repeats_and_protected_targets_are_said() -> None:
    config = default_risk()
    items = weigh(config, [_tip(f"r{i}", ["候補者A"]) for i in range(2)])
    second = next(i for i in items if i.explanation["repeat"]["rank"] == 2)
    why = explain_contribution(_t("ja"), _as_kept(second), AS_OF)
    assert "同種の2件目の逓減 0.6" in why.formula
    assert why.notes == ("保護対象の名指し：候補者A",)


def test_every_category_and_signal_type_the_configuration_knows_has_words() -> None:
    config = default_risk()
    words = catalogue()
    for kind, spec in config.types.items():
        assert f"signal_type_{kind}" in words
        # A partner report's and a text hit's weights are per category; others have one.
        named = [*spec.weights] if kind in ("partner_report", "text_signal") else []
        for category in (*named, spec.category):
            if category:
                assert f"category_{category}" in words, category
    for category in CATEGORIES:
        assert f"category_{category}" in words, category


def test_an_unknown_code_shows_itself_not_a_bracketed_id() -> None:
    assert label(_t("ja"), "category", "made_up") == "made_up"
    assert label(_t("ja"), "category", None) == "—"


def test_the_alert_summary_is_said_in_the_page_language() -> None:
    alert = {
        "summary": "English for the logs",
        "explanation": {
            "score": 57.5,
            "threshold": 40.0,
            "as_of": "2026-06-17T03:00:00+00:00",
            "signal_kinds": {"purchase_rule": 1, "text_signal": 2},
            "urgent": {"rule": "urgent-bomb-threat", "bypassed_threshold": True},
        },
    }
    text = alert_summary(_t("ja"), alert, lambda when: when.strftime("%m/%d"))
    assert text == (
        "【緊急】爆破予告。閾値に関わらず開いた。 06/17 時点のリスク 57.5（閾値 40）。"
        "内訳：購入ルールの発火 1件、文章の検知 2件"
    )
    assert alert_summary(_t("ja"), {"summary": "kept"}, str) == "kept"


def test_an_alert_without_signal_kinds_is_said_by_its_category_not_its_code() -> None:
    alert = {"summary": "threat の兆候 0", "category": "threat", "score": 242.91}
    assert alert_summary(_t("ja"), alert, str) == "危害の予告（リスク 242.9）"
    assert alert_summary(_t("en"), alert, str) == "Threat (risk 242.9)"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "—"),
        ("text", "text"),
        (["硫黄", "硝酸カリウム"], "硫黄、硝酸カリウム"),
        ({"name": "山田", "age": 41}, "name：山田、age：41"),
        ([{"item": "硫黄", "qty": 2}], "（item：硫黄、qty：2）"),
        (True, "✓"),
    ],
)
def test_field_values_read_as_written_not_as_python(value: Any, shown: str) -> None:
    assert readable(value) == shown


def test_a_protected_watch_list_id_is_said_as_its_name() -> None:
    [item] = weigh(default_risk(), [_tip("r1", ["candidate-sakurai", "rally-otsuka-1101", "gone"])])
    why = explain_contribution(_t("ja"), _as_kept(item), AS_OF)
    assert why.notes == ("保護対象の名指し：桜井 みどり、JR大塚駅南口広場 2026-11-01 15:00、gone",)


def _tip(ref: str, protected: list[str]) -> Contribution:
    """A public tip naming ``protected`` watch-list entries (or any words)."""
    return Contribution(
        entity_id="e1",
        kind="public_tip",
        source_ref=ref,
        report_id=ref,
        category="suspicious_activity",
        base_weight=12.0,
        reliability="C",
        credibility="3",
        strength=1.0,
        observed_at=AS_OF,
        summary="s",
        details={"protected": protected},
    )


def _as_kept(item: Any) -> dict[str, Any]:
    """A weighed contribution as the store keeps it (what the page explains)."""
    return {
        "kind": item.kind,
        "category": item.category,
        "weight": item.weight,
        "half_life_days": 14,
        "observed_at": AS_OF,
        "explanation": item.explanation,
    }


def test_a_repeat_rules_alert_says_why_in_the_page_language() -> None:
    alert = {
        "explanation": {
            "score": 21.3,
            "threshold": 40.0,
            "as_of": "2026-11-03T15:00:00+00:00",
            "signal_kinds": {"text_signal": 5},
            "repeated": {
                "rule": "repeat-recruitment-lures",
                "count": 5,
                "bypassed_threshold": True,
            },
        },
    }
    text = alert_summary(_t("ja"), alert, lambda when: when.strftime("%m/%d"))
    assert text.startswith(
        "【繰り返し】同一の対象による闇バイト等の勧誘投稿の繰り返し（実行役を集める手口）（5件）。"
        "閾値に関わらず開いた。 11/03 時点のリスク 21.3"
    )
