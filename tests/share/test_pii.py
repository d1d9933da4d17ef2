"""Addresses in the recogniser: every block and house number goes, whichever way the
chome is written; a place name alone is not an address."""

from __future__ import annotations

import pytest

from kizashi.share import find_personal_data
from kizashi.share.tearlines import tearline


@pytest.mark.parametrize(
    ("text", "address"),
    [
        # a kanji chome followed by block and house numbers (the demo's garage)
        ("東京都豊島区南大塚三丁目18番2号の借主", "東京都豊島区南大塚三丁目18番2号"),
        ("足立区千住二丁目5-3に住む", "足立区千住二丁目5-3"),
        ("東京都足立区千住1-2-3の倉庫", "東京都足立区千住1-2-3"),
    ],
)
def test_an_address_runs_to_its_last_number(text: str, address: str) -> None:
    found = [f.text for f in find_personal_data(text) if f.kind == "address"]
    assert found == [address]


def test_a_place_name_alone_is_not_an_address() -> None:
    assert [
        f for f in find_personal_data("足立区では注意喚起を行った") if f.kind == "address"
    ] == []


def test_the_tearline_cuts_an_address_to_its_municipality_and_keeps_no_number() -> None:
    garage = "東京都豊島区南大塚三丁目18番2号 南大塚第二ガレージ 3番区画"
    torn = tearline(f"貸車庫（{garage}）で異音。", "TLP:GREEN").text
    assert torn == "貸車庫（東京都豊島区）で異音。"
