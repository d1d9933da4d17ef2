"""pii21: chat speakers written as ids, a lone initial before an age, aliases after a ring's
role, registers' numbers after 事件番号, a landmark after a spaced label or a street number,
a variant kanji outside the Basic Multilingual Plane, English addresses that start with the
ward, a transcriber's brackets inside numbers; and public places, offices and services that
are no one's (a facility's name before 長, a residents' association, a short-dial number).

Each reading has its examples and its ordinary look-alikes (must-keep twins), written for the
test (not the held-out family's text)."""

from __future__ import annotations

import pytest

from kizashi.share.pii import find_personal_data
from kizashi.share.pii_base import fold
from kizashi.share.tear_line import tearline


def _found(text: str, kind: str | None = None) -> list[str]:
    return [f.text for f in find_personal_data(text) if kind is None or f.kind == kind]


def _removed(text: str, level: str = "TLP:GREEN") -> list[str]:
    return [text[r["start"] : r["end"]] for r in tearline(text, level).removed]


def _kept(text: str, word: str, level: str = "TLP:GREEN") -> bool:
    torn = tearline(text, level)
    start = text.index(word)
    end = start + len(word)
    return not any(r["start"] < end and start < r["end"] for r in torn.removed)


# ---- chat speakers written as ids ----

LOG_TIME_FIRST = (
    "08:41 mochizuki: 鍵は返却済み\n08:43 haru.t: 了解、記録します\n08:44 mochizuki: 助かる"
)
LOG_TIME_AFTER = (
    "kenta.o 14:02 the caller sounded young\nkenta.o 14:03 no name given\nrhea_m 14:05 ok"
)
LOG_ALONE = "usagi_22#9081: they posted my address\nusagi_22#9081: again today\nn1ghtowl: report it"


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        (LOG_TIME_FIRST, ["mochizuki", "haru.t"]),
        (LOG_TIME_AFTER, ["kenta.o", "rhea_m"]),
        (LOG_ALONE, ["usagi_22#9081", "n1ghtowl"]),
    ],
)
def test_a_chat_logs_speakers_written_as_ids_are_removed(text: str, ids: list[str]) -> None:
    torn = tearline(text, "TLP:GREEN").text
    for word in ids:
        assert word not in torn
    assert "9081" not in torn


@pytest.mark.parametrize(
    "text",
    [
        "note: 明日は休み",  # one line: no log
        "note: 明日は休み\ntodo: 鍵の返却",  # English words as labels
        "Q10: はい\nQ11: いいえ",  # a questionnaire's numbering
        "https://example.org/a\nhttps://example.org/b",  # addresses of pages
    ],
)
def test_a_label_or_a_link_at_a_lines_start_is_no_speaker(text: str) -> None:
    assert [f for f in find_personal_data(text) if f.rule == "PII-CHAT-SPEAKER"] == []


# ---- a lone initial before an age ----


@pytest.mark.parametrize(
    ("text", "initial"),
    [("同居　長女 Ｒ（19）、次男 Ｋ（12）", "Ｒ"), ("目撃者 N（33歳）が通報", "N")],
)
def test_a_lone_initial_before_a_bracketed_age_is_removed(text: str, initial: str) -> None:
    assert initial in _removed(text)


@pytest.mark.parametrize(
    "text", ["図A（1）を参照", "資料 B（2、3頁）", "ランクS（99）の装備", "表 C（12）"]
)
def test_a_letter_before_a_bracketed_number_with_no_person_stays(text: str) -> None:
    assert [f for f in find_personal_data(text) if f.rule == "PII-NAME-INITIALS"] == []


# ---- aliases ----


@pytest.mark.parametrize(
    ("text", "alias"),
    [
        ("通称「ツバメ」と呼ばれる男", "ツバメ"),
        ("回収役「ヒバリ」が現金を受け取った", "ヒバリ"),
        ("電話の男は「カラス」と名乗った", "カラス"),
    ],
)
def test_an_alias_in_quotes_after_a_naming_word_or_a_role_is_removed(text: str, alias: str) -> None:
    assert alias in _found(text, "person")


def test_an_office_named_before_a_claimed_name_stays() -> None:
    text = "犯人は「警視庁のミヤモト」を名乗り、カードを受け取った。"
    assert "ミヤモト" in _found(text, "person")
    assert _kept(text, "警視庁")


def test_a_claimed_occupation_in_quotes_stays() -> None:
    assert "会社員" not in _found("自称「会社員」の男", "person")


# ---- registers' numbers ----


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("事件番号　R7-北-刑第0123号", "R7-北-刑第0123号"),
        ("送致番号 北7-刑-0456　検事正 殿", "北7-刑-0456"),
    ],
)
def test_a_case_or_referral_number_after_its_label_is_removed_whole(text: str, number: str) -> None:
    assert number in _removed(text)


def test_a_case_number_label_with_no_number_stays() -> None:
    assert _removed("事件番号は未定です") == []


# ---- landmarks ----


@pytest.mark.parametrize(
    ("text", "landmark"),
    [
        ("住所　足立区鹿浜9-9-9\n目印　鹿浜八幡神社の鳥居の向かい", "鹿浜八幡神社の鳥居の向かい"),
        ("班長（本町2-3-4、青いポストのある角の平屋）", "青いポストのある角の平屋"),
        ("連絡先（中町5-6-7 コインランドリーの2軒隣）", "コインランドリーの2軒隣"),
    ],
)
def test_a_landmark_after_a_spaced_label_or_a_street_number_is_removed(
    text: str, landmark: str
) -> None:
    assert landmark in _found(text, "landmark")


@pytest.mark.parametrize(
    "text", ["目印 なし", "集合は本町2-3-4、午前9時", "国道4号線 3-2 車線の規制"]
)
def test_no_landmark_where_nothing_locates_a_home(text: str) -> None:
    assert _found(text, "landmark") == []


# ---- written forms ----


def test_a_variant_kanji_outside_the_bmp_folds_to_its_standard_form() -> None:
    assert fold("\U00020bb7田") == "吉田"
    assert len(fold("\U00020bb7田")) == 2  # length kept: spans stay true
    text = "相談者：\U00020bb7岡 ミツ子　年齢：70"
    assert "\U00020bb7岡" not in tearline(text, "TLP:GREEN").text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Address: Katsushika-ku Horikiri 2-51-3, Tokyo", "Katsushika-ku Horikiri 2-51-3"),
        ("lives at Soka-shi Yatsuka 4-12-1-203 with", "Soka-shi Yatsuka 4-12-1-203"),
    ],
)
def test_an_english_address_that_starts_with_the_ward_is_removed(text: str, value: str) -> None:
    assert value in _found(text, "address")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("電話　090-〔3〕312-4455", "090-〔3〕312-4455"),
        ("住所　足立区江北3-〔2〕1-5", "足立区江北3-〔2〕1-5"),
    ],
)
def test_a_transcribers_brackets_inside_a_number_do_not_hide_it(text: str, value: str) -> None:
    assert value in _found(text)


def test_a_flats_number_as_a_fourth_part_is_of_the_address() -> None:
    assert "中央本町3-4-5-201" in _found("届け先　中央本町3-4-5-201", "address")


# ---- public places, offices and services stay ----


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("宛先：千住警察署長 殿", "千住警察署長"),
        ("多摩動物公園ではなく上野動物園へ", "上野動物園"),
        ("講座は鹿浜地域学習センターで", "鹿浜地域学習センター"),
        ("回覧板　本木一丁目町会", "本木一丁目"),
        ("よく使う路線：バス、東武スカイツリーライン", "東武スカイツリーライン"),
        ("迷ったら #9110 に相談を", "#9110"),
        ("report it to Discord first", "Discord"),
        ("Please phone the Adachi Ward Office desk.", "Adachi Ward Office"),
        ("she lives near Ayase Station and works nights", "near Ayase Station"),
    ],
)
def test_public_places_offices_and_services_stay(text: str, word: str) -> None:
    assert _kept(text, word)


def test_a_discord_tags_number_still_goes_with_it() -> None:
    text = "usagi_22#9081: hi\nusagi_22#9081: bye"
    assert "9081" not in tearline(text, "TLP:GREEN").text


def test_an_english_landmark_next_to_a_park_is_taken_whole() -> None:
    text = "my flat is behind the Lawson next to Senju Park, I think"
    assert "behind the Lawson next to Senju Park" in _found(text, "landmark")
