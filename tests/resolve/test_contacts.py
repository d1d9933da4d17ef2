"""Phones, e-mail, handles and addresses reduce to comparable keys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kizashi.resolve.addresses import address_key, kanji_number
from kizashi.resolve.contacts import account_key, email_key, phone_key

WIDE = str.maketrans("0123456789-", "０１２３４５６７８９－")


@given(st.sampled_from("789"), st.integers(0, 10**8 - 1))
def test_a_mobile_number_written_any_way_is_one_number(head: str, rest: int) -> None:
    digits = f"0{head}0{rest:08d}"
    a, b, c = digits[:3], digits[3:7], digits[7:]
    forms = [
        digits,
        f"{a}-{b}-{c}",
        f"+81 {a[1:]} {b} {c}",
        f"+81-{a[1:]}-{b}-{c}",
        f"{a}-{b}-{c}".translate(WIDE),
        f"({a}){b}-{c}",
        f"81{digits[1:]}",
    ]
    keys = {phone_key(f) for f in forms}
    assert len(keys) == 1
    assert keys.pop().kind == "mobile"


def test_landline_ip_free_and_foreign() -> None:
    assert phone_key("03-5395-0000").kind == "landline"
    assert phone_key("050-1234-5678").kind == "ip"
    assert phone_key("0120-123-456").kind == "free"
    assert phone_key("+1 415 555 0100").kind == "foreign"
    assert phone_key("no phone").digits == ""


def test_email_and_handles() -> None:
    assert email_key("Taro.Yamada89+shop@Example.JP") == "taro.yamada89@example.jp"
    assert email_key("t.a.r.o@gmail.com") == email_key("taro@googlemail.com")
    assert email_key("not an address") == ""
    assert account_key("@Tar0_YMD") == account_key("https://x.com/tar0_ymd") == "tar0_ymd"


@pytest.mark.parametrize(
    "text",
    [
        "東京都豊島区南大塚三丁目12番5号 コーポ南大塚201号室",
        "豊島区南大塚3-12-5 コーポ南大塚201",
        "豊島区南大塚３－１２－５　コーポ南大塚２０１",
        "東京都 豊島区 南大塚 3丁目12-5 コーポ南大塚 201号室",
    ],
)
def test_one_address_many_ways(text: str) -> None:
    a = address_key(text)
    assert (a.prefecture, a.municipality, a.town, a.block, a.room) == (
        "東京都",
        "豊島区",
        "南大塚",
        "3-12-5",
        "201",
    )


def test_designated_city_and_near() -> None:
    a = address_key("神奈川県横浜市港北区日吉本町１－２－３　日吉ハイツ１０２")
    # The ward is left out of the key: wards are renamed, and towns are unique in a city.
    assert (a.municipality, a.town, a.block, a.room) == ("横浜市", "日吉本町", "1-2-3", "102")
    near = address_key("東京都豊島区南大塚三丁目18番付近（月極ガレージ前）")
    assert near.block == "3-18" and near.room == ""


@given(st.integers(1, 99))
def test_kanji_numerals(n: int) -> None:
    digits = "〇一二三四五六七八九"
    text = (
        (digits[n // 10] if n >= 20 else "")
        + ("十" if n >= 10 else "")
        + (digits[n % 10] if n % 10 else "")
    )
    assert kanji_number(text) == n


@given(st.integers(1, 9), st.integers(1, 60), st.integers(1, 40))
def test_kanji_and_digit_blocks_agree(chome: int, ban: int, go: int) -> None:
    kanji = "〇一二三四五六七八九"[chome]
    formal = address_key(f"東京都北区王子{kanji}丁目{ban}番{go}号")
    short = address_key(f"北区王子{chome}-{ban}-{go}".translate(WIDE))
    assert formal.block == short.block == f"{chome}-{ban}-{go}"
    assert formal.area == short.area == "北区王子"


@pytest.mark.parametrize(
    "text",
    [
        "東京都豊島区南大塚三丁目12番5号",
        "豊島区南大塚3-12-5",
        "〒170-0005 南大塚3丁目12-5",
        "170-0005 3-12-5",
    ],
)
def test_prefecture_left_out_and_postcodes_meet(text: str) -> None:
    a = address_key(text)
    assert (a.prefecture, a.municipality, a.town, a.block) == (
        "東京都",
        "豊島区",
        "南大塚",
        "3-12-5",
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("埼玉県浦和市高砂3-1-1", "さいたま市浦和区高砂3丁目1番1号"),
        ("浜松市中区板屋町1-2", "静岡県浜松市中央区板屋町1-2"),
        ("札幌市中央区北十条西3丁目5", "北海道札幌市中央区北10条西3-5"),
        ("目黒区自由ヶ丘1-2-3", "目黒区自由が丘1丁目2番3号"),
    ],
)
def test_old_names_and_spellings_meet(old: str, new: str) -> None:
    a, b = address_key(old), address_key(new)
    assert (a.prefecture, a.area, a.block) == (b.prefecture, b.area, b.block)
    assert a.prefecture


@pytest.mark.parametrize(
    ("text", "town", "block"),
    [
        ("栃木県宇都宮市一の沢2丁目3－30", "一の沢", "2-3-30"),
        ("宇都宮市一の沢二丁目３番地３０", "一の沢", "2-3-30"),
        ("〒320-0047 栃木県宇都宮市一の沢2-3-30", "一の沢", "2-3-30"),
        ("東京都千代田区一番町10番地2", "一番町", "10-2"),
        ("千代田区一番町10-2", "一番町", "10-2"),
    ],
)
def test_a_town_whose_name_begins_with_a_numeral_keeps_it(text: str, town: str, block: str) -> None:
    # 一の沢 and 一番町 look like a block (1-…, 1番) to the block pattern; the town table
    # says where the town ends. (Until 2026-12-06 these were block "1" of the city.)
    a = address_key(text)
    assert (a.town, a.block) == (town, block)


def test_a_ward_written_alone_is_tokyos() -> None:
    assert address_key("港区芝公園4-2-8").prefecture == "東京都"
    assert address_key("杉並区阿佐谷北2丁目13番地の4").block == "2-13-4"
