"""The recogniser's seventeenth-round rules (2026-12-06, pii17): a surname before a role
title (所長, 会長, 隊長, 専務 …) or 夫妻, a hiragana given name before a verb of naming, a
listed katakana given name after 名前は though the dictionary knows it as a word, an age in
brackets after a word for a person, English ranks (Sgt., Det. Constable), names said to be
someone's (identified as …), plates and accounts in English, a flat after its block's
building; and what stands in the same places and must stay — units named by a place or a
direction (新宿署長, 東署長), ordinary nouns before a title (消防隊長, 自治会長), rivers, hills
and prefectures (中川の河川敷, 能登半島, Aichi). Every value is written for this test."""

from __future__ import annotations

import pytest

from kizashi.share import find_personal_data
from kizashi.share.tear_line import leftovers, tearline


def _found(text: str, kind: str) -> list[str]:
    return [f.text for f in find_personal_data(text) if f.kind == kind]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("市川隊長の判断で通行止めとした。", "市川"),  # a listed surname that is a city
        ("防犯協会の大津会長が挨拶した。", "大津"),
        ("営業所の岩見所長から聞いた。", "岩見"),
        ("桜井副署長が会見に応じた。", "桜井"),  # not 桜井副 + 署長
        ("対応したのは笠間常務である。", "笠間"),  # unlisted, a place to the dictionary
        ("榊原専務に確認を取った。", "榊原"),
        ("近所の石田夫妻が見ていた。", "石田"),
        ("Det. Sgt. Brennan took the call.", "Brennan"),
        ("The man was identified as Oscar Lindqvist.", "Oscar Lindqvist"),
        ("Witness Ingrid Holm said so.", "Ingrid Holm"),
    ],
)
def test_a_surname_before_a_role_title_or_after_a_rank_is_a_name(text: str, name: str) -> None:
    assert name in _found(text, "person")
    assert leftovers(tearline(text, "TLP:RED").text, [name]) == []  # no sweep at RED


@pytest.mark.parametrize(
    "text",
    [
        "新宿署長が訓示した。",  # a station's unit, not a surname
        "東署長の訓示があった。",  # a direction names the unit
        "消防隊長が指揮した。",
        "自治会長に回覧を頼んだ。",
        "研究所長は出張中。",
        "上野駅長に協力を求めた。",  # 駅長 is no title of a person's here
        "トヨタ専務の発言。",  # a firm before the title
        "大阪刑事の応援を受けた。",  # the prefecture's detectives
        "新婚夫婦が引っ越してきた。",
        "温度差夫婦なので困ります。",  # two common words run together before 夫婦
        "あの看護婦さんは親切だ。",  # 婦 ends a role as 師 and 員 do
        "The Chief Inspector will brief the team.",
        "Agent Orange was discussed.",
        "Captain America was on the poster.",
    ],
)
def test_a_title_after_a_unit_or_an_ordinary_word_takes_nothing(text: str) -> None:
    assert _found(text, "person") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("少女はあかねという名前だった。", "あかね"),
        ("男は「ただし」と名乗った。", "ただし"),
        ("名前はアケミと答えた。", "アケミ"),  # 朱美 and a listed reading, though also a word
    ],
)
def test_a_given_name_in_a_naming_frame_is_found(text: str, name: str) -> None:
    assert name in _found(text, "person")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("隣家のきくゑさんが応対した。", "きくゑ"),  # ゑ read as え: キクエ is listed
        ("向かいのとめきちさんに聞いた。", "とめきち"),  # no list holds it: an older man's ending
        ("ぶんぞうさんの畑で。", "ぶんぞう"),
    ],
)
def test_a_hiragana_given_name_no_list_spells_so_is_found_before_an_honorific(
    text: str, name: str
) -> None:
    assert name not in tearline(text, "TLP:RED").text


@pytest.mark.parametrize(
    "text",
    ["いとこさんが来た。", "ごくろうさんでした。", "おすけさんと呼ぶ犬。", "どろぼうさんごっこ"],
)
def test_kin_words_and_greetings_before_san_stay(text: str) -> None:
    assert tearline(text, "TLP:RED").text == text


@pytest.mark.parametrize(
    "text",
    ["ありがとうという名前の店", "そういう名前はない", "名前はカタカナで書く", "こういう男だ"],
)
def test_naming_frames_keep_ordinary_words(text: str) -> None:
    assert _found(text, "person") == []


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("無職の男（52）を逮捕した。", "age", "（52）"),
        ("The van, Kobe 500 ta 12-07, was seen.", "plate", "Kobe 500 ta 12-07"),
        ("Paid from account 7712345 yesterday.", "id_number", "7712345"),
        ("Her LINE ID is nagi_0707.", "account", "nagi_0707"),
        ("She lives at 2-8-5 Higashi-Nakano, Nakano-ku.", "address", None),
        ("住所は千葉市花見川区幕張町5丁目 幕張第二団地3号棟 210。", "address", None),
    ],
)
def test_other_shapes_of_this_round(text: str, kind: str, value: str | None) -> None:
    found = _found(text, kind)
    assert found if value is None else value in found
    if kind == "address":
        torn = tearline(text, "TLP:RED").text
        assert "210" not in torn and "2-8-5" not in torn


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("中川の河川敷で火の手が上がった。", "中川"),
        ("荒川の堤防を点検した。", "荒川"),
        ("能登半島の沿岸で漂着物。", "能登"),
        ("The Sumida River was searched.", "Sumida"),
        ("A plant in Aichi held a drill.", "Aichi"),
        ("Officers patrolled Shibuya Crossing.", "Shibuya"),
    ],
)
def test_rivers_peninsulas_and_prefectures_stay_at_every_level(text: str, place: str) -> None:
    for code in ("TLP:GREEN", "TLP:RED"):
        assert place in tearline(text, code).text


def test_a_surname_before_a_river_word_is_still_a_name_with_an_honorific() -> None:
    # the frame unmakes only the dictionary's reading, never a name said to be one
    assert "中川" not in tearline("中川さんの河川敷の畑で。", "TLP:RED").text
