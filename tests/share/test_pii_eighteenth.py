"""pii18: ordinary words the name rules took, and shapes an unseen author's text held.

Each rule has its examples and its ordinary look-alikes, written for the test (not the
held-out family's text)."""

from __future__ import annotations

import pytest

from kizashi.share.pii import find_personal_data
from kizashi.share.pii_base import fold
from kizashi.share.pii_readings import romaji_place
from kizashi.share.pii_sweep import sweep
from kizashi.share.tear_line import tearline


def _found(text: str, kind: str | None = None) -> list[str]:
    return [f.text for f in find_personal_data(text) if kind is None or f.kind == kind]


# ---- ordinary words the name rules took ----


@pytest.mark.parametrize(
    ("text", "name", "place"),
    [
        ("相談者の千葉 由紀恵は、千葉県船橋市の出身。", "千葉 由紀恵", "千葉県"),
        ("通報は福島 和也さんから。福島県いわき市の実家で", "福島 和也", "福島県"),
        ("長野 恭子さん（長野市在住）", "長野 恭子", "長野市"),
    ],
)
def test_a_surname_before_a_place_suffix_is_the_place(text: str, name: str, place: str) -> None:
    torn = tearline(text, "TLP:GREEN", sweep=False).text
    assert name not in torn
    assert place in torn


def test_a_recurrence_read_as_an_ordinary_noun_stays() -> None:
    found = _found("林さんによれば、林の奥に小屋がある。林さんは毎朝通る。", "person")
    assert found.count("林") == 2  # 林さん twice; the wood (林の奥) stays
    assert "林の奥" in tearline("林さんによれば、林の奥に小屋がある。", "TLP:GREEN").text


@pytest.mark.parametrize(
    "text",
    [
        "駅前でぽっぽくんの着ぐるみが風船を配っていた。",
        "ミミタンちゃんのキーホルダーを落とした。",
        "あんずちゃん型のクッキーを買った。",
        "みかんさんって呼ばれてるキャラクターのアカウント",
    ],
)
def test_a_character_by_its_goods_is_no_person(text: str) -> None:
    assert _found(text, "person") == []
    # nor does the residual sweep take it
    assert "［" not in tearline(text, "TLP:GREEN").text


def test_a_person_with_goods_words_elsewhere_is_still_a_person() -> None:
    assert _found("ミツハシくんが着ぐるみを着ていた。", "person") == ["ミツハシ"]


def test_a_popular_given_name_that_is_also_a_word_is_still_a_name() -> None:
    assert _found("同行の女性はさくらさんです。", "person") == ["さくら"]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("@全員 明日の集合は9時", "全員"),
        ("相談者：不動産管理会社の担当者（清水氏）", "不動産管理会社"),
        ("- 担当：交通課 巡査部長 宇野", "交通課"),
        ("山口さん（近隣住民）の話では", "近隣住民"),
    ],
)
def test_ordinary_nouns_after_a_label_a_rank_or_an_at_stay(text: str, kept: str) -> None:
    assert kept in tearline(text, "TLP:GREEN", sweep=False).text


def test_a_rare_surname_cut_in_two_after_a_role_is_still_a_name() -> None:
    assert "鶚川" not in tearline("通訳人 鶚川が同席", "TLP:GREEN", sweep=False).text


# ---- shapes an unseen author wrote ----


@pytest.mark.parametrize(
    ("text", "name"), [("相談者髙橋 友梨（", "髙橋 友梨"), ("齋藤 一郎が来た", "齋藤 一郎")]
)
def test_a_name_in_variant_kanji_is_read_as_its_standard_form(text: str, name: str) -> None:
    assert name in _found(text, "person")
    assert fold("髙") == "高"
    assert len(fold("髙橋﨑")) == 3  # spans stay exact


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("窓口 045-211-3344 内線512 まで", "045-211-3344 内線512"),
        (
            "代表０３－３２１１－４４５５、内線は３０７です",
            "０３－３２１１－４４５５、内線は３０７",
        ),
        ("call 03-5555-0101 ext. 42 today", "03-5555-0101 ext. 42"),
        ("03-3333-4444（内線 12）まで", "03-3333-4444（内線 12）"),
    ],
)
def test_a_phone_takes_its_extension(text: str, phone: str) -> None:
    assert _found(text, "phone") == [phone]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("埼玉県川越市仙波町3丁目15番地の7の倉庫", "埼玉県川越市仙波町3丁目15番地の7"),
        ("宮城県大崎市古川字荒谷12-3", "宮城県大崎市古川字荒谷12-3"),
        ("現場は竹の塚3丁目4-5の駐車場", "竹の塚3丁目4-5"),
    ],
)
def test_an_address_keeps_its_last_number_and_a_town_with_no(text: str, address: str) -> None:
    assert address in _found(text, "address")


def test_an_age_said_with_sai_in_brackets_goes_whatever_stands_before() -> None:
    assert _found("長女ゆい（9歳）と", "age") == ["（9歳）"]
    assert _found("東京タワー（3）を見た", "age") == []
    assert _found("the witness, age 61, said", "age") == ["age 61"]
    assert _found("see page 61 of the report", "age") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("娘ゆい（9歳）と", "ゆい"),
        ("次男たくみ、長女", "たくみ"),
        ("母たなか よしこ", "たなか よしこ"),
        ("被害者：すずき はるとくん", "すずき はると"),
    ],
)
def test_kana_names_after_a_kin_word_and_in_full(text: str, name: str) -> None:
    assert name in _found(text, "person")


@pytest.mark.parametrize("text", ["お母さんは、反対した", "母がいる", "これは とても よい"])
def test_kin_words_and_kana_phrases_stay(text: str) -> None:
    assert _found(text, "person") == []


@pytest.mark.parametrize(
    ("text", "affiliation"),
    [
        ("勤務先は株式会社サンライト 総務課長です", "株式会社サンライト 総務課長"),
        ("大和精機の元品質管理部長が", "大和精機の元品質管理部長"),
        ("㈱オオタ 代表取締役", "㈱オオタ 代表取締役"),
        (
            "She is the Head of Sales at Kawada Heavy Industries.",
            "Head of Sales at Kawada Heavy Industries",
        ),
        ("the plant manager of Tosei's Chiba plant", "plant manager of Tosei's Chiba plant"),
    ],
)
def test_a_firm_with_a_post_names_its_holder(text: str, affiliation: str) -> None:
    assert _found(text, "affiliation") == [affiliation]


@pytest.mark.parametrize(
    "text",
    ["協賛：井村屋、森永製菓", "総務課長が説明した", "Head of State of France", "大和精機の工場"],
)
def test_a_firm_or_a_post_alone_is_no_one(text: str) -> None:
    assert _found(text, "affiliation") == []


def test_an_affiliation_is_removed_at_every_level() -> None:
    for level in ("TLP:GREEN", "TLP:RED"):
        torn = tearline("連絡者は株式会社サンライト 総務課長。", level).text
        assert "サンライト" not in torn and "［勤務先・役職］" in torn


@pytest.mark.parametrize(
    ("word", "place"),
    [
        ("Nerima", True),
        ("Minato-ku", True),
        ("Hachioji", True),
        ("Kawagoe-shi", True),
        ("Smith", False),
        ("Kotake-cho", False),
    ],
)
def test_romaji_places(word: str, place: bool) -> None:
    assert romaji_place(word) is place


def test_an_english_order_address_keeps_its_municipality_where_japanese_would() -> None:
    text = "He lives at 1-2-3 Sakaecho, Nerima. His"
    assert _found(text, "address") == ["1-2-3 Sakaecho, Nerima"]
    assert tearline(text, "TLP:GREEN", lang="en").text == "He lives at [address], Nerima. His"
    assert tearline(text, "TLP:RED", lang="en").text == "He lives at [address]. His"
    assert (
        "Minato-ku, Tokyo"
        in tearline("at 4-5-6 Shiba, Minato-ku, Tokyo.", "TLP:GREEN", lang="en").text
    )


def test_the_sweep_keeps_romaji_municipalities_and_dates_with_times() -> None:
    text = "She moved from Funabashi to Saitama Prefecture. 投稿日時：2026/11/02 23:41"
    assert sweep(text, []) == []


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("- 担当：防犯課 巡査部長 宇野", "宇野", "防犯課 巡査部長"),
        ("指揮は警部補 大槻 和人が執った", "大槻 和人", "警部補"),
        ("Contact Sgt. Dana Whitfield for details.", "Dana Whitfield", "Sgt."),
        ("Statement taken by PC Arun Patel.", "Arun Patel", "PC"),
    ],
)
def test_a_name_after_a_rank_goes_and_the_rank_stays(text: str, gone: str, kept: str) -> None:
    torn = tearline(text, "TLP:GREEN", lang="en").text
    assert gone not in torn and kept in torn


@pytest.mark.parametrize("text", ["巡査長以下3名が出動", "the Inspector General of Police"])
def test_a_rank_before_an_ordinary_word_stays(text: str) -> None:
    assert tearline(text, "TLP:RED", lang="en").text == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('a man calling himself "Takeo" phoned', "Takeo"),
        ("a buyer who calls herself Lena Moritz", "Lena Moritz"),
        ("The subject is Victor Adeyemi (DOB 2 May 1981).", "Victor Adeyemi"),
    ],
)
def test_english_naming_frames(text: str, name: str) -> None:
    assert name in _found(text, "person")


def test_a_chat_whose_speakers_each_speak_once_is_a_log() -> None:
    log = "ユウト：いまどこ？\nハルカ：駅。"
    assert _found(log, "person") == ["ユウト", "ハルカ"]
    assert _found("メール：あり\nアカウント：なし", "person") == []


def test_a_variant_the_name_lists_use_is_not_folded() -> None:
    # 龍 spells given names (龍之介): read as written, so Sudachi still reads 船子龍鳳 as one name
    assert fold("龍") == "龍"
    assert "船子龍鳳" in _found("会員船子龍鳳（昭和36年4月23日生）名義", "person")


def test_a_longer_name_recurs_as_a_name_even_where_it_is_also_a_noun() -> None:
    text = "記載者 生徒指導主事 染地　秀俊。同級生 染地に対し"
    assert _found(text, "person").count("染地") == 2


def test_a_label_value_holding_a_dictionary_surname_is_still_a_name() -> None:
    assert _found("会員船子龍鳳（", "person") == ["船子龍鳳"]


def test_an_affiliation_is_restored_only_where_a_name_may_be() -> None:
    from kizashi.share.tear_line import load_rules

    levels = load_rules().levels
    for code in ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER"):
        assert "affiliation" in levels[code].restore
    for code in ("TLP:AMBER+STRICT", "TLP:RED"):
        assert "affiliation" not in levels[code].restore
        assert "person" not in levels[code].restore
