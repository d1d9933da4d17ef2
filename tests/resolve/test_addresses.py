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
