"""The routine-rule box (templates/_routine.html): which rule of urgent.yaml with ``priority:
routine`` opened an alert, each part that satisfied it (the harm and the person's name), that
it bypassed the threshold and that it is a lead — in the officer's language; not urgent."""

from __future__ import annotations

from functools import partial

from kizashi.web.explain import alert_summary, label
from kizashi.web.i18n import translate
from kizashi.web.render import environment

ROUTINE = {
    "rule": "routine-threat-named-person",
    "priority": "routine",
    "matched": [
        {
            "condition": "intent to harm",
            "condition_ja": "危害の意図",
            "component": "harm_intent",
            "text": "殺してやる",
        },
        {
            "condition": "a person named by name",
            "condition_ja": "名前で名指しされた人物",
            "component": "named_target",
            "text": "田中",
        },
    ],
    "bypassed_threshold": True,
}


def _box(lang: str) -> str:
    t = partial(translate, lang=lang)
    return (
        environment()
        .get_template("_routine.html")
        .render(
            a={"score": 18.0, "explanation": {"threshold": 40.0, "routine": ROUTINE}},
            t=t,
            lang=lang,
            protected_label=str,
            label=lambda prefix, code: label(t, prefix, code),
        )
    )


def test_the_box_names_the_rule_and_each_part_in_japanese() -> None:
    html = _box("ja")
    assert "緊急ではありません" in html and "名前で名指しされた人物への危害の予告" in html
    assert "<code>routine-threat-named-person</code>" in html
    assert "危害の意図: 「殺してやる」" in html and "名前で名指しされた人物: 「田中」" in html
    assert "(named_target)" in html
    assert "リスク 18.0 はしきい値 40 未満" in html and "確認と判断は担当者が行います" in html
    assert "[routine_" not in html and "[urgent_rule_" not in html


def test_the_box_in_english() -> None:
    html = _box("en")
    assert "Why opened by a rule (not urgent):" in html
    assert "a threat to harm a person named by name" in html
    assert "a person named by name: 「田中」" in html


def test_the_summary_says_which_rule_opened_it() -> None:
    alert = {
        "score": 18.0,
        "explanation": {
            "signal_kinds": {"text_signal": 1},
            "score": 18.0,
            "threshold": 40.0,
            "routine": ROUTINE,
        },
    }
    text = alert_summary(partial(translate, lang="ja"), alert, str)
    assert text.startswith("【規則】名前で名指しされた人物への危害の予告。閾値に関わらず開いた。")
    assert "【緊急】" not in text
