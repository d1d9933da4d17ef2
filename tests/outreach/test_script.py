"""Which text is Chinese: Chinese in either script is, Japanese (even nearly all kanji, even
quoting Chinese) is not."""

from __future__ import annotations

import pytest

from kizashi.outreach.errors import OutreachDataError
from kizashi.outreach.script import ScriptRules, is_chinese, script_profile, script_rules


@pytest.mark.parametrize(
    "text",
    [
        "对方要求该员工用手机拍下样品的规格书发给他。",  # simplified
        "對方要求員工把生產線的配方拷貝到隨身碟帶給他。",  # traditional
        "他说这是一点心意，让我收下。",
        "对方是东都セミコンダクター的客户，多次请我们吃饭。",  # a Japanese name in katakana
    ],
)
def test_chinese_in_either_script_is_chinese(text: str) -> None:
    assert is_chinese(text)


@pytest.mark.parametrize(
    "text",
    [
        "学会後に偶然を装い接触。以後、居酒屋での会食が計3回。",  # a memo, mostly kanji
        "東都半導体技術流出事案",  # kanji only, no mark of either language: stays Japanese
        "USBメモリ持出要求、図面",  # katakana and kanji only, a Japanese-only form
        "経済安全保障対策室長報告",  # kanji only, Japanese-only forms (経 対)
        "吴から微信で「帮我介绍一下你的同事」。同僚の紹介を依頼される。",  # quoting Chinese
        "Wang Wei asked for the drawings.",
        "王伟",  # too little to tell
    ],
)
def test_japanese_and_english_are_not_chinese(text: str) -> None:
    assert not is_chinese(text)


def test_the_profile_says_what_it_counted() -> None:
    profile = script_profile("経済対策の说明")
    counted = (profile.han, profile.hiragana, profile.japanese_only, profile.chinese_only)
    assert counted == (6, 1, 3, 1)  # 経 済 対 against 说
    assert profile.to_json()["chinese"] is False


def test_the_character_lists_are_checked() -> None:
    rules = script_rules()
    assert not rules.japanese_only & rules.chinese_only
    assert rules.version == "zh-script@1"
    loose = ScriptRules(1, 1.0, frozenset(), frozenset("说"), "x@1")
    assert script_profile("说", loose).chinese


def test_a_bad_script_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from kizashi.outreach import script

    script_rules.cache_clear()
    monkeypatch.setattr(script, "safe_yaml", lambda _text: {"id": "x", "version": 1})
    try:
        with pytest.raises(OutreachDataError, match="missing or bad field"):
            script_rules()
    finally:
        monkeypatch.undo()
        script_rules.cache_clear()
