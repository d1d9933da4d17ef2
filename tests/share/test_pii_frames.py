"""Names known by their frame (share/pii_frames.py): kana given names, full names no list
holds and dictionary-word surnames, only before an honorific, a verb of naming or after
名前は — and the same words outside a frame stay."""

from __future__ import annotations

import pytest

from kizashi.share.pii import find_personal_data
from kizashi.share.tear_line import tearline


def _names(text: str) -> list[str]:
    return [f.text for f in find_personal_data(text) if f.kind == "person"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("さくらさんが店に来ました。", "さくら"),  # a hiragana given name alone
        ("あやさんが店に来ました。", "あや"),  # や ends names too, not only shops
        ("同行の女性はなほさんと呼ばれていた。", "なほ"),  # after a particle, not は+なほ
        ("お連れ様はコノハさん。", "コノハ"),  # a katakana given name Sudachi reads as a word
        ("被害に遭われた遠山葛乃さんのご協力に感謝します。", "遠山葛乃"),  # given part unlisted
        ("福島市の石神修徳氏宅でセンサー発報。", "石神修徳"),  # 氏宅: honorific run into 宅
        ("「新」と名乗る男が点検と称して訪問。", "新"),  # a one-kanji dictionary-word surname
        ("林容疑者は否認している。", "林"),
        ("少年は名前はカズロウと答えた。", "カズロウ"),
    ],
)
def test_a_name_in_a_frame_is_found(text: str, name: str) -> None:
    assert name in _names(text)
    assert name not in tearline(text, "TLP:RED").text  # the recogniser alone (no sweep)


@pytest.mark.parametrize(
    "text",
    [
        "森の中を散歩した。",
        "平野部では雨が降るでしょう。",
        "さくらが咲きました。",
        "お母さんが迎えに来た。",
        "みなさんこんにちは。",
        "たくさん食べたので腹が膨れた。",  # さん inside a word
        "あのとき君が話をしていた女性は、私の妹です。",  # 君 is "you"
        "前巻同様にいろいろな話が楽しめます。",  # 様 inside 同様
        "関係者様へのお知らせ",  # a role word, not 関 + 係者
        "神様にお願いした。",
        "大家さんに相談した。",
        "はなやさんで花束を買った。",  # a shop (花屋), though ハナヤ is a given name's reading
        "名前は後で確認します。",
        "名前は何ですか。",
        "私という人間は単純だ。",
    ],
)
def test_the_same_words_outside_a_frame_stay(text: str) -> None:
    assert not [f for f in find_personal_data(text) if "FRAME" in f.rule]
