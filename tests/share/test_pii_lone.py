"""Lone names by their context (pii_lone): a staff member or a host named after the role,
a foreign given name in Latin letters after someone near, a household named by its
surname; with the ordinary words that stand in the same places and must stay. Every value
is written for this test."""

from __future__ import annotations

import pytest

from kizashi.share.tear_line import leftovers, tearline


def _kept(text: str, values: list[str]) -> list[str]:
    return leftovers(tearline(text, "TLP:GREEN").text, values)


def _touched(text: str) -> bool:
    return bool(tearline(text, "TLP:GREEN").removed)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("最終来店 12月2日（スタッフ 鰐渕が対応）", ["鰐渕"]),
        ("詳細はオーナー 唐牛に確認済み", ["唐牛"]),
        ("家主 樋渡 から鍵を預かった", ["樋渡"]),
        ("最近は友達のNikolaって子が泊まりに来る", ["Nikola"]),
        ("隣のBeatrizが夜中に騒いでいた", ["Beatriz"]),
        ("ホームステイ先は鰐渕家（父母と娘の三人）", ["鰐渕"]),
        ("鍵は鰐渕オーナーに返却済み", ["鰐渕"]),
        ("ジョンオーナーにも確認した", ["ジョン"]),
        # a household's members with an age or a school year, whatever the word is
        ("同居 妻 千草、長女 百合（小5）、次男 六郎（4）", ["百合", "六郎"]),
        ("長男 ケン（中2）が在宅", ["ケン"]),
        ("白いバンはノセガワの車かも", ["ノセガワ"]),
        ("インターホンは「鰐渕」です", ["鰐渕"]),
        ("昨夜は鰐渕宅に泊まった", ["鰐渕"]),
    ],
)
def test_lone_names_by_role_nearness_or_household(text: str, values: list[str]) -> None:
    assert _kept(text, values) == []


@pytest.mark.parametrize(
    "text",
    [
        "スタッフ全員で年末の大掃除をした。",
        "オーナー様向けの説明会は午後2時から。",
        "友達のiPhoneが壊れた。",
        "友達のPCを借りた。",
        "彼は有名な作家の家に住んでいる。",
        "農家の方から野菜をいただいた。",
        "専門家の意見を聞きたい。",
        "物件オーナーの集まりは来週。",
        "マンションオーナーが増えた。",
        "コンビニ店長が来た。",
        "トヨタの車を買った。",
        "パパの車で送ってもらった。",
        "市営住宅に住んでいる。",
        "義実家に帰省した。",
        "お昼は吉野家ですか？",
        "今日は在宅勤務です。",
    ],
)
def test_ordinary_words_in_the_same_places_stay(text: str) -> None:
    assert not _touched(text)
