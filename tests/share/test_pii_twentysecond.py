"""pii22: names known by what stands beside them (a relation or a handle in brackets, a
self-introduction opening a quotation), handles without an @, spaced names with an
unlisted surname, licences, short codes and PINs, a town with a dashed block, chat ages
(16さい, an answer to 何歳？, a self-description ending in a number), a birthday without its
year, English addresses that start with a building or end in a romaji town, landmarks after
an address with の; and what stays: a shop's side after an address, a club or a temple in
romaji, a title in 『』 or after 主役「, a station's side, a title run on from a name.

Each reading has its examples and its ordinary look-alikes, written for the test (not the
held-out family's text)."""

from __future__ import annotations

import pytest

from kizashi.share.pii import find_personal_data
from kizashi.share.tear_line import tearline


def _found(text: str, kind: str | None = None) -> list[str]:
    return [f.text for f in find_personal_data(text) if kind is None or f.kind == kind]


def _kept(text: str, word: str, level: str = "TLP:GREEN") -> bool:
    torn = tearline(text, level)
    start = text.index(word)
    end = start + len(word)
    return not any(r["start"] < end and start < r["end"] for r in torn.removed)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("面会に来たのはアナベル（妻）だけだった。", "アナベル"),
        ("同行者 ルシアーノ（友人）、受付で記帳。", "ルシアーノ"),
        ("同級生ナギ（@nagi_0715）が一緒にいた。", "ナギ"),
        ("ゆずは（yuzuha_k2）とやりとりしていた。", "ゆずは"),
        ("電話の声は「サエです、折り返して」と言った。", "サエ"),
        ("搬送者 喜友名 晃一、意識あり。", "喜友名 晃一"),
        ("待ち受け画面に「さやか」と表示。", "さやか"),
        ("保険証 久保寺 遥、期限切れ。", "久保寺 遥"),
    ],
)
def test_a_name_known_by_what_stands_beside_it(text: str, name: str) -> None:
    assert name in _found(text, "person")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("インスタ（@hana_k9）で告知していた。", "インスタ"),
        ("担当の部署（本人）に確認する。", "部署"),
        ("「了解です、すぐ行きます」と返信。", "了解"),
        ("「ここです」と地図を指した。", "ここ"),
        ("会場は東京（友人）の家だった。", "東京"),
        ("看板に「いらっしゃいませ」とある。", "いらっしゃいませ"),
        ("返事は「はい」だけ。", "はい"),
    ],
)
def test_what_stands_beside_an_ordinary_word_names_no_one(text: str, word: str) -> None:
    assert not any(word in f for f in _found(text, "person"))


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("別アカウントは sakura.m_1188 で投稿。", "sakura.m_1188"),
        ("サブ垢 kuroneko_rin を確認した。", "kuroneko_rin"),
        ("表示名の下に hiro.k2004 とあった。", "hiro.k2004"),
    ],
)
def test_a_handle_without_an_at_in_prose(text: str, handle: str) -> None:
    assert handle in _found(text, "account")


@pytest.mark.parametrize(
    "text",
    [
        "設定は config_v2.yaml を参照。",
        "列 user_id と first_name を出力する。",
        "午前 10 a.m. に集合、資料は notes.txt。",
        "バージョン v1.2.3 に更新した。",
        "サイトは www.example.com です。",
    ],
)
def test_files_fields_and_versions_are_no_handles(text: str) -> None:
    assert _found(text, "account") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("国際運転免許証 PH-2024-771203 を提示。", "PH-2024-771203"),
        ("無線番号 KT-3301 の車両。", "KT-3301"),
        ("暗証番号は 0930 と言っていた。", "0930"),
        ("PIN: 58214", "58214"),
    ],
)
def test_licences_short_codes_and_pins(text: str, value: str) -> None:
    assert value in _found(text, "id_number")


@pytest.mark.parametrize(
    "text", ["番号 A-12 の席。", "PINを忘れた。", "暗証番号は教えないこと。", "免許証を忘れた。"]
)
def test_no_code_without_its_value(text: str) -> None:
    assert _found(text, "id_number") == []


def test_a_town_with_a_dashed_block() -> None:
    assert "梅園町12-4" in _found("夜間、梅園町12-4の前で口論。", "address")


@pytest.mark.parametrize("text", ["旭町3-4人が集まった。", "本町1-2年の計画"])
def test_a_town_word_before_a_count_is_no_address(text: str) -> None:
    # (review: the earlier inputs never reached the count's lookahead; these do)
    assert _found(text, "address") == []


def test_an_age_in_hiragana_before_a_particle_is_an_age() -> None:
    for text in ("3さいの娘がいる", "娘は3さいです", "5さいの男の子"):
        assert _found(text, "age"), text
    assert _found("1さいごまで走る", "age") == []


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("ぼく りく、9さい。", "9さい"),
        ("相手：何歳？\nkoharu_22 ▶ 15です", "15"),
        ("相手 年齢は？\nりん：13だよ", "13"),
        ("俺 宮脇、川口に住んでる。19", "19"),
        ("a man in his car (about 40, grey coat)", "about 40"),
    ],
)
def test_ages_as_chats_write_them(text: str, age: str) -> None:
    assert age in _found(text, "age")


@pytest.mark.parametrize(
    "text",
    [
        "何歳ですか？\n来年で30になります",
        "いくつ買う？\n3つ",
        "今日は雨。19",
        "この店、いいよね。25",
        "さいたま市の3さいたま",
    ],
)
def test_numbers_that_are_no_age(text: str) -> None:
    assert _found(text, "age") == []


@pytest.mark.parametrize(
    ("text", "date"),
    [("誕生日 4/18 だよね", "4/18"), ("誕生日は11月2日。", "11月2日"), ("birthday is 3/7.", "3/7")],
)
def test_a_birthday_without_its_year(text: str, date: str) -> None:
    assert date in _found(text, "birth_date")


def test_a_date_that_is_no_birthday_stays() -> None:
    assert _found("締切は 4/18 です。", "birth_date") == []


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("She lives at Maple Heights #701, 2-9-4 Takenotsuka.", "Maple Heights #701"),
        ("Flat: Room 208, Green Villa, 5-1-3 Umeda, Adachi-ku.", "Room 208, Green Villa"),
        ("He moved to 3-12-5 Nishi-Arai last month.", "3-12-5 Nishi-Arai"),
    ],
)
def test_english_addresses_with_a_building_first_or_a_town_last(text: str, part: str) -> None:
    assert any(part in f for f in _found(text, "address"))


@pytest.mark.parametrize(
    "text", ["See pages 2-11-3 Tuesday.", "Meet at Tokyo Station, 1-9-1 Marunouchi."]
)
def test_english_look_alikes_are_no_building(text: str) -> None:
    assert not any("Station" in f or "Tuesday" in f for f in _found(text, "address"))


@pytest.mark.parametrize(
    ("text", "landmark"),
    [
        ("合流は梅田2-6の自販機の裏で", "自販機の裏"),
        ("うちは、栗原第一小の隣のアパート", "栗原第一小の隣のアパート"),
    ],
)
def test_landmarks_in_a_chat(text: str, landmark: str) -> None:
    assert landmark in _found(text, "landmark")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("現場は関原4-2-8のファミマ前、人だかり。", "ファミマ"),
        ("We met the Sakura Riders Club at Kawasaki Daishi.", "Sakura Riders Club"),
        ("初詣は Nishiarai Daishi に行く。", "Nishiarai Daishi"),
        ("演劇部で主役「マクベス」を演じた。", "マクベス"),
        ("図書室で『ガリバー旅行記』を借りた。", "ガリバー"),
        ("北千住駅西口で待ち合わせ。", "駅西"),
        ("子どもはマリオカートに夢中。", "マリオカート"),
    ],
)
def test_public_places_clubs_and_titles_stay(text: str, word: str) -> None:
    assert _kept(text, word)


def test_a_quoted_alias_after_a_rings_role_still_goes() -> None:
    assert not _kept("指示役「ミナミカゼ」から指示があった。", "ミナミカゼ")


@pytest.mark.parametrize(
    "text",
    [
        "The suspect Taro Yamada Tuesday night entered the shop",
        "Hi Kenji Tanaka Thanks for the mail",
        "Kenji Tanaka Station manager",
        "Tanaka Kenji Eki de matteru",
    ],
)
def test_a_romaji_name_before_an_ordinary_capitalised_word_is_a_name(text: str) -> None:
    # review of pii22: only a body's word (Club, Jinja …) makes the two words a body's name
    assert _found(text, "person")


def test_a_quotation_inside_a_quotation_is_no_title() -> None:
    torn = tearline("母は『マイケルに会った』と話した", "TLP:GREEN").text
    assert "マイケル" not in torn
    assert "ハムレット" in tearline("主役は『ハムレット』だった", "TLP:GREEN").text
