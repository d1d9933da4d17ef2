"""The address parser's shortcuts give what the plain search gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kizashi.resolve import addresses
from kizashi.resolve.reference import municipalities
from tests.depth import examples

_NAMES = [*sorted(municipalities())[::97], "豊島区", "札幌市中央区", "中央区", "川越町", "一宮市"]
_AFTER = ["南大塚", "三丁目", "3-12-5", "１２", "一の沢", "大字", "区", "市", "郡", " ", "-", "の"]


def _searched(text: str, prefecture: str) -> tuple[str, str, str]:
    """``_municipality`` as it was written before its cache: every length of the text's
    first twelve characters tried, longest first."""
    table = municipalities()
    for length in range(min(12, len(text)), 1, -1):
        candidates = table.get(text[:length])
        if not candidates:
            continue
        chosen = addresses._choose(candidates, prefecture)
        if chosen is not None:
            return chosen.pref, chosen.city, text[length:]
        return prefecture, text[:length], text[length:]
    if m := addresses._MUNICIPALITY.match(text):
        return prefecture, m.group(1), text[m.end() :]
    return prefecture, "", text


@settings(max_examples=examples(300), deadline=None)
@given(
    st.lists(st.sampled_from(_NAMES) | st.sampled_from(_AFTER), min_size=0, max_size=4),
    st.sampled_from(["", "東京都", "北海道", "愛知県", "三重県"]),
)
def test_the_municipality_cut_at_a_character_no_name_holds_is_the_searched_one(
    parts: list[str], prefecture: str
) -> None:
    text = "".join(parts)
    assert addresses._municipality(text, prefecture) == _searched(text, prefecture)


def test_an_address_parses_the_same_from_a_warm_cache() -> None:
    homes = [
        "東京都豊島区南大塚三丁目12番5号 201号室",
        "豊島区南大塚3-12-5",
        "宇都宮市一の沢2丁目3-30",
    ]
    cold = []
    for home in homes:
        addresses._known_municipality.cache_clear()
        addresses.fold_town.cache_clear()
        cold.append(addresses.parse_address(home))
    assert [addresses.parse_address(h) for h in homes] == cold
    assert cold[0] == addresses.Address("東京都", "豊島区", "南大塚", "3-12-5", "", "201")


def test_banchi_no_gives_the_lot_and_its_sub_lot() -> None:
    """link38's probe: 24番地の8 (a lot and its sub-lot, as registries and rural addresses
    write it) was block 24 and room 8, so it never met 24-8 or 24番8号."""
    written = [
        "三重県四日市市松本三丁目2番地の11",
        "三重県四日市市松本3-2-11",
        "四日市市松本三丁目2番11号",
    ]
    parsed = {addresses.parse_address(home) for home in written}
    assert parsed == {addresses.Address("三重県", "四日市市", "松本", "3-2-11", "", "")}
    plain = addresses.parse_address("長野県安曇野市豊科高家24番地の8 コーポ若葉")
    assert (plain.town, plain.block, plain.building, plain.room) == (
        "豊科高家",
        "24-8",
        "コーポ若葉",
        "",
    )


def test_a_village_merged_into_a_city_meets_the_towns_it_prefixes() -> None:
    """link38's probe: a town or village merged into a city lives on as the prefix of its
    towns (南安曇郡三郷村大字温 is 安曇野市三郷温; 東頸城郡浦川原村大字熊沢 is 上越市浦川原区熊沢,
    a 地域自治区), and the bare 熊沢 belongs to another city (五泉市) of the prefecture."""
    pairs = [
        ("長野県南安曇郡三郷村大字温10番13号", "長野県安曇野市三郷温10-13"),
        ("新潟県東頸城郡浦川原村大字熊沢24番地の8", "新潟県上越市浦川原区熊沢24-8"),
        ("新潟県中頸城郡清里村大字鶯澤30番13号", "上越市清里区鶯澤30-13"),
    ]
    for old, new in pairs:
        assert addresses.parse_address(old) == addresses.parse_address(new), old
    assert addresses.parse_address(pairs[1][0]).municipality == "上越市"
