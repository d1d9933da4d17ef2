"""The recogniser's sixth-round rules (2026-12-05): IP addresses as a kind of their own,
residence-card numbers by their shape, given names after kinship words, a partner's staff
member introducing themself, lone surnames where the note marks a person, the columns of a
CSV export, card numbers behind labels, era dates in more forms, half-width katakana in a
CSV; with the ordinary text that stands in the same places and must stay. Every value is
written for this test."""

from __future__ import annotations

import pytest

from kizashi.share import find_personal_data
from kizashi.share.tear_line import leftovers, tearline


def _found(text: str, kind: str) -> list[str]:
    return [f.text for f in find_personal_data(text) if f.kind == kind]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("最終ログイン IPアドレス 203.0.113.77 から", "203.0.113.77"),
        ("接続元IP：198.51.100.4（ドコモ）", "198.51.100.4"),
        ("logins from 2001:db8:85a3::8a2e and elsewhere", "2001:db8:85a3::8a2e"),
        ("接続元 2400:7a1c:3f00:0:0:0:0:12 です", "2400:7a1c:3f00:0:0:0:0:12"),
    ],
)
def test_ip_addresses_are_a_kind(text: str, value: str) -> None:
    assert value in _found(text, "ip_address")


def test_ip_address_goes_at_every_level_but_may_be_kept_nowhere_by_default() -> None:
    text = "接続元IP 203.0.113.77"
    for level in ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:RED"):
        assert leftovers(tearline(text, level).text, ["203.0.113.77"]) == []
    assert "［IPアドレス］" in tearline(text, "TLP:GREEN").text


@pytest.mark.parametrize(
    "text",
    [
        "会議は12:30:45に始まった",  # a time, not an IPv6 address
        "バージョン 1.2.3 を入れた",  # three parts
        "数値 300.1.2.3 は範囲外",  # not a valid IPv4 address
    ],
)
def test_times_and_versions_are_no_ip(text: str) -> None:
    assert _found(text, "ip_address") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("在留カード KQ40271593EH を提示", "KQ40271593EH"),
        ("カードの番号はWZ11223344AB です", "WZ11223344AB"),
        ("ポイントカード使用 No.5530128876", "5530128876"),
        ("会員No.M7712345 で購入", "M7712345"),
    ],
)
def test_card_numbers(text: str, value: str) -> None:
    assert value in _found(text, "id_number")


def test_a_card_number_behind_its_label_goes() -> None:
    text = "カード番号 4410-2231-9087 で支払い"
    assert leftovers(tearline(text, "TLP:GREEN").text, ["4410-2231-9087"]) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("妻 佳世子、長女 咲希子（小5）", "佳世子"),
        ("妻 佳世子、長女 咲希子（小5）", "咲希子"),
        ("長男隆之介（中2）が夜間外出", "隆之介"),
        ("保護者 母　千登勢", "千登勢"),
        ("父 ヒロユキ は不在", "ヒロユキ"),
    ],
)
def test_given_names_after_kinship_words(text: str, value: str) -> None:
    assert leftovers(tearline(text, "TLP:GREEN").text, [value]) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("お世話になります、みどり不動産の渋谷です！", "渋谷"),
        ("フロントの鵜飼と申しますが", "鵜飼"),
        ("ABC商事の伊集院でございます", "伊集院"),
        ("申送り）マル対 梶ヶ谷（S50.1.2生）の件", "梶ヶ谷"),
        ("備考：領収書宛名「雲母坂」", "雲母坂"),
        ("元社員 鷹栖　光太郎（社員番号 K1）", "鷹栖\u3000光太郎"),
    ],
)
def test_surnames_where_the_note_marks_a_person(text: str, value: str) -> None:
    assert value in _found(text, "person")


def test_a_signature_line_is_a_name() -> None:
    text = "各位\n回答が来ました。\n渋江"
    assert "渋江" in _found(text, "person")


@pytest.mark.parametrize(
    "text",
    [
        "これは私の本です。",
        "明日の予定です。",
        "東京の天気です！",
        "父母の会に出る",
        "母国語で話す",
        "兄弟は三人だ",
        "祖母の家に行った",
    ],
)
def test_ordinary_text_stays(text: str) -> None:
    assert [f for f in find_personal_data(text) if f.kind == "person"] == []


def test_csv_columns_under_personal_headers() -> None:
    text = (
        "日時,品名,会員番号,会員氏名ｶﾅ,電話\n"
        "2026/1/2 10:00,灯油 18L,4471902235,ﾀｶﾏﾂ ｼｭｳｲﾁ,090-1111-2222\n"
        "2026/1/2 10:05,軍手,4471902235,ﾀｶﾏﾂ ｼｭｳｲﾁ,090-1111-2222\n"
        "備考：なし"
    )
    torn = tearline(text, "TLP:GREEN").text
    assert leftovers(torn, ["4471902235", "ﾀｶﾏﾂ ｼｭｳｲﾁ"]) == []
    assert "灯油 18L" in torn and "備考：なし" in torn


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1981年（昭和56年）7月9日生まれ", "1981年（昭和56年）7月9日"),
        ("生年月日 平成3.4.15", "平成3.4.15"),
        ("DOB H元.6.1", "H元.6.1"),
        ("令和元年5月1日生", "令和元年5月1日"),
    ],
)
def test_era_dates_of_birth(text: str, value: str) -> None:
    assert leftovers(tearline(text, "TLP:GREEN").text, [value]) == []


def test_a_building_named_where_a_place_is_said() -> None:
    text = "被疑者は、港区所在のグランメール芝浦駐車場において"
    assert leftovers(tearline(text, "TLP:GREEN").text, ["グランメール芝浦"]) == []
