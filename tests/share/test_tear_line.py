"""The tear-line's source rules: an officer named in a product is withheld, an ordinary
compound that starts with 担当/捜査員/警察官 is not."""

from __future__ import annotations

import pytest

from kizashi.share.tear_line import tearline


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("担当 鈴木巡査部長が対応した。", "鈴木"),
        ("担当：田中", "田中"),
        ("担当者：高橋", "高橋"),
        ("担当鈴木巡査から引継ぎ", "鈴木"),
        ("警察官 山本が確認した。", "山本"),
        ("Officer Smith arrived at 9.", "Smith"),
        ("Det. Jane Doe called the landlord.", "Jane Doe"),
    ],
)
def test_an_officer_named_after_a_separator_or_with_a_rank_is_withheld(
    text: str, name: str
) -> None:
    torn = tearline(text, "TLP:GREEN")
    assert name not in torn.text
    assert "担当者］" in torn.text


@pytest.mark.parametrize(
    "text",
    [
        "担当看護師に相談してください。",
        "担当医の説明を受けた。",
        "担当部署は生活安全課です。",
        "担当者が不在でした。",
        "担当区域の見回りを強化する。",
        "警察官僚の天下りが問題になった。",
        "捜査員数名が現場に向かった。",
    ],
)
def test_an_ordinary_compound_after_a_role_word_stays(text: str) -> None:
    assert tearline(text, "TLP:GREEN").text == text
