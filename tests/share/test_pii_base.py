"""The one place rule of tear-lines and the sweep (``pii_base.place_prefix``): the kept
level is the municipality, for a designated city its ward, as Tokyo's special wards."""

from __future__ import annotations

import pytest

from kizashi.share.pii_base import place_prefix
from kizashi.share.tear_line import tearline


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("北海道札幌市中央区北一条西2丁目3-4", "北海道札幌市中央区"),
        ("札幌市中央区北一条西2丁目", "札幌市中央区"),
        ("神奈川県横浜市港北区日吉1-2-3", "神奈川県横浜市港北区"),
        ("横浜市港北区日吉1-2-3", "横浜市港北区"),
        ("東京都豊島区南大塚3-1-1", "東京都豊島区"),
        ("豊島区南大塚", "豊島区"),
        ("港北区日吉4丁目", "港北区"),  # a ward written without its city
        ("札幌市の中心部", "札幌市"),  # a designated city written without a ward
        ("日吉4丁目", ""),
    ],
)
def test_the_kept_place_is_the_ward_of_a_designated_city(text: str, kept: str) -> None:
    assert text[: place_prefix(text)] == kept


@pytest.mark.parametrize(
    ("address", "ward"),
    [
        ("北海道札幌市中央区北一条西2丁目3-4", "北海道札幌市中央区"),
        ("横浜市港北区日吉1-2-3", "横浜市港北区"),
        ("東京都豊島区南大塚3-1-1", "東京都豊島区"),
    ],
)
def test_the_recogniser_and_the_sweep_keep_the_same_ward(address: str, ward: str) -> None:
    # the recogniser's address, generalised to its municipality
    generalised = tearline(f"住所は{address}です。", "TLP:GREEN")
    assert generalised.text == f"住所は{ward}です。"
    assert [r["kind"] for r in generalised.removed] == ["address"]
    # the same place as a bare token (no block numbers: the sweep's, not the recogniser's)
    town = address[len(ward) :].rstrip("0123456789-")
    town = town.removesuffix("丁目").rstrip("一二三四五六七八九十0123456789")
    swept = tearline(f"{ward}{town}で会いました。", "TLP:GREEN")
    assert swept.text.startswith(ward)
    assert [r["kind"] for r in swept.removed] == ["residual_proper"]


def test_a_ward_written_without_its_city_stays_as_tokyos_wards_do() -> None:
    # before one rule, the sweep took 港北区日吉 whole while it kept 豊島区 of 豊島区南大塚
    for ward, town in (("港北区", "日吉"), ("豊島区", "南大塚")):
        swept = tearline(f"{ward}{town}で会いました。", "TLP:GREEN")
        assert swept.text == f"{ward}［固有名詞］で会いました。"
