"""Query and document folding (pure): variant kanji fold like the other scripts do."""

from __future__ import annotations

import pytest

from kizashi.search.terms import alternatives, body, fold


@pytest.mark.parametrize(
    ("variant", "standard"),
    [("髙橋", "高橋"), ("𠮷田", "吉田"), ("渡邊", "渡辺"), ("齋藤", "斎藤")],
)
def test_a_variant_kanji_is_folded_like_its_standard_form(variant: str, standard: str) -> None:
    assert fold(variant) == fold(standard)
    assert alternatives(variant)[0] == alternatives(standard)[0]


def test_a_document_written_with_a_variant_kanji_is_matched_by_the_standard_query() -> None:
    document = body([("person", "髙橋 花子"), ("text", "髙橋さんが来た")])
    (term,) = alternatives("高橋")[0]
    assert term in document
