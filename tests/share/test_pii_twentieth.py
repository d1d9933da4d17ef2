"""pii20: ages after a form's label, police registers' numbers, initials, aliases in quotes and
display names, surnames with ケ or ノ inside, a home's landmark a clause away, and the names
of characters, car models and apps that are no person.

Each reading has its examples and its ordinary look-alikes (must-keep twins), written for the
test (not the held-out family's text)."""

from __future__ import annotations

import pytest

from kizashi.share.pii import _is_common, find_personal_data
from kizashi.share.pii_aliases import aliases
from kizashi.share.pii_initials import initials
from kizashi.share.pii_works import a_work
from kizashi.share.tear_line import tearline


def _found(text: str, kind: str | None = None) -> list[str]:
    return [f.text for f in find_personal_data(text) if kind is None or f.kind == kind]


def _removed(text: str, level: str = "TLP:GREEN") -> list[str]:
    return [text[r["start"] : r["end"]] for r in tearline(text, level).removed]


# ---- ages after a form's label ----


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("氏名 ＿＿＿ 年齢：63\n住所", "63"),
        ("年令 58 職業 自営", "58"),
        ("Age ........ 37\n", "37"),
        ("Q2 年齢: 29", "29"),
        ("男（40代、作業着）が目撃された", "40代"),
        ("30代の女性が来店", "30代"),
        ("片岡さん（44、パート）が対応", "44"),
    ],
)
def test_an_age_after_a_label_or_said_of_a_person_is_removed(text: str, age: str) -> None:
    assert age in _found(text, "age")
    assert age not in tearline(text, "TLP:GREEN").text.replace("年齢", "")


@pytest.mark.parametrize(
    "text",
    [
        "平均年齢 45 の職場です",  # a statistic, no person's age
        "対象年齢：12 以上",  # a product's, and a range
        "年齢 20 以上の方が対象",  # a range
        "2030代の計画",  # no decade of a person
        "第3章（12、付録）",  # a count in brackets, no person before it
    ],
)
def test_an_age_shaped_number_not_of_a_person_stays(text: str) -> None:
    assert _found(text, "age") == []


# ---- police registers' numbers ----


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("被害届は受理番号 2025-11873 で受理", "2025-11873"),
        ("届出番号：第8812号", "第8812号"),
        ("受付番号 R7-刑-0331 の件", "R7-刑-0331"),
        ("南署 第2025-0412号として受理", "南署 第2025-0412号"),
        ("東署受第771号の記録", "東署受第771号"),
    ],
)
def test_a_police_register_number_is_removed(text: str, number: str) -> None:
    torn = tearline(text, "TLP:GREEN")
    assert number in [text[r["start"] : r["end"]] for r in torn.removed]
    assert "受理番号" not in number and ("受理番号" in torn.text) == ("受理番号" in text)


@pytest.mark.parametrize(
    "text",
    ["刑法第235条に該当", "第3号議案を可決", "南警察署に届け出た", "受付は第2会議室で"],
)
def test_a_law_an_agenda_or_a_station_alone_stays(text: str) -> None:
    assert tearline(text, "TLP:GREEN").removed == []


# ---- initials ----


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("出席：会計 S.Y.（欠席）", "S.Y."),
        ("少年Ｊ・Ｈ（16）を補導", "Ｊ・Ｈ"),
        ("・Ｒ・Ｏさんが発見", "Ｒ・Ｏ"),
        ("Ｗ氏より提供", "Ｗ"),
        ("Witness: Haruto K. (student)", "Haruto K."),
        ("called by Insp. M. Ogasawara", "M. Ogasawara"),
        ("handed to D. Furukawa yesterday", "D. Furukawa"),
    ],
)
def test_initials_are_a_name(text: str, name: str) -> None:
    assert name in _found(text, "person")
    assert name not in tearline(text, "TLP:GREEN").text


@pytest.mark.parametrize(
    "text",
    [
        "the U.S. and the U.K. signed",
        "Rideloop K.K. replied",
        "open at 9 A.M. daily",
        "Q・A形式で説明",
        "Tシャツを着た男",
        "He chose plan B. Then he left.",
        "A・B・C の三案",
    ],
)
def test_abbreviations_and_letters_stay(text: str) -> None:
    assert [s for s in initials(text, lambda w: False, lambda w: True)] == []


# ---- aliases and display names ----


def test_a_quoted_alias_and_a_display_name_are_a_name() -> None:
    text = "男は自称「ツカサ」、SNSの表示名：ねこまる★ で活動"
    spans = [text[s:e] for s, e, _, _ in aliases(text, _is_common)]
    assert spans == ["ツカサ", "ねこまる★"]
    torn = tearline(text, "TLP:GREEN").text
    assert "ツカサ" not in torn and "ねこまる★" not in torn


def test_a_quoted_occupation_is_no_alias() -> None:
    text = "自称「会社員」と話し、通称「内科」の病棟へ向かった"
    assert aliases(text, _is_common) == []


# ---- surnames with ケ or ノ inside ----


@pytest.mark.parametrize(
    ("text", "name"),
    [("申告者　鮫ケ井 直樹\n", "鮫ケ井 直樹"), ("拾得者：楢ノ崎 修\n", "楢ノ崎 修")],
)
def test_a_spaced_name_with_ke_or_no_inside_is_a_name(text: str, name: str) -> None:
    assert name in _found(text, "person")


@pytest.mark.parametrize("text", ["霞ケ関 駅で降りた", "関ケ原 合戦の跡", "湯ノ川 温泉に行った"])
def test_a_place_with_ke_or_no_before_a_common_word_stays(text: str) -> None:
    assert _found(text, "person") == []


# ---- a home's landmark a clause away ----


@pytest.mark.parametrize(
    ("text", "landmark"),
    [
        (
            "自宅は本町4丁目、すぐ近くに市立本町小学校の通用門がある。",
            "すぐ近くに市立本町小学校の通用門",
        ),
        ("相談者の住まいは駅の北。目の前にひばり公園があります。", "目の前にひばり公園"),
        ("自宅の真向かいにローソンがある。", "真向かいにローソン"),
        ("自宅は二丁目。若葉さくら公園の北側の一軒家。", "若葉さくら公園の北側の一軒家"),
    ],
)
def test_a_landmark_a_clause_from_the_home_is_removed(text: str, landmark: str) -> None:
    assert landmark in _found(text, "landmark")


@pytest.mark.parametrize(
    "text",
    [
        "自宅は駅から遠い。近くにコンビニもない。",  # nothing stands there
        "会場は日比谷公園。近くに交番がある。",  # no home spoken of
        "自宅の前に車を停めた。",  # no landmark said
        "近くの公園の裏のアパートで火事",  # an area, no named landmark
    ],
)
def test_no_landmark_of_a_home_stays(text: str) -> None:
    assert _found(text, "landmark") == []


# ---- characters, car models and apps are no person ----


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("黒のヴェルファイアで逃走", "ヴェルファイア"),
        ("ルフィのフィギュアが盗まれた", "ルフィ"),
        ("鬼太郎のイラスト入りの名札", "鬼太郎"),
        ("パズドラのユーザー名が同じ", "パズドラ"),
        ("a silver Alphard was parked", "Alphard"),
        ("サザエさんの着ぐるみ", "サザエさん"),
        ("勤務中に佐川急便の車と接触", "佐川急便"),
    ],
)
def test_a_character_a_car_model_an_app_or_a_firm_stays(text: str, word: str) -> None:
    assert word in tearline(text, "TLP:GREEN").text


def test_a_name_that_holds_a_listed_word_is_still_a_name() -> None:
    assert not a_work("江戸川コナン太郎") and not a_work("コナンくん") and a_work("alphard")
    text = "容疑者 鮫ケ井 直樹（アルファードに乗車）"
    torn = tearline(text, "TLP:GREEN").text
    assert "鮫ケ井" not in torn and "アルファード" in torn


# ---- an English date of birth after "is" ----


def test_a_date_of_birth_after_is_is_removed_and_an_unknown_one_stays() -> None:
    text = "Her date of birth is 21/07/1988, she said."
    assert any("21/07/1988" in found for found in _found(text, "birth_date"))
    assert "21/07/1988" not in tearline(text, "TLP:GREEN").text
    assert _found("The date of birth is unknown.", "birth_date") == []
