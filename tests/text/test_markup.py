"""SNS markup is taken out of what the learned inputs read; the words around it stay."""

from __future__ import annotations

import pytest

from kizashi.text import strip_markup


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@yamada_k 山田マジで殺すからな😡😡 #炎上", "山田マジで殺すからな😡😡 炎上"),
        # a link followed by Japanese with no space: only the link's ASCII goes
        ("山田 https://t.co/x1殺す", "山田 殺す"),
        ("RT @news_jp: 市長刺す🔪 https://t.co/z9Qx", "市長刺す🔪"),
        ("#拡散希望 ＃桜井 明日", "拡散希望 桜井 明日"),
        ("詳細は www.example.com/abc を見て", "詳細は を見て"),
        ("1行目 @a\n2行目", "1行目\n2行目"),
    ],
)
def test_links_handles_retweets_and_hash_signs_are_removed(text: str, expected: str) -> None:
    assert strip_markup(text) == expected


@pytest.mark.parametrize(
    "text",
    ["mail me at a@b.com", "今日はいい天気", "C# と F# の話", "値段は5,600円"],
)
def test_text_without_markup_is_unchanged(text: str) -> None:
    assert strip_markup(text) == text


def test_full_width_handles_are_handles() -> None:
    # the embedding reads the post as written, before NFKC folds ＠ into @
    assert strip_markup("＠yamada_k　山田殺すからな") == "山田殺すからな"
    assert strip_markup("ＲＴ ＠ｎｅｗｓ 市長") == "ＲＴ 市長"
