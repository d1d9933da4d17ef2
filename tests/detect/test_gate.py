"""The gate passes a rule's anchor in every spelling the dictionary knows for it."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from kizashi.detect.gate import (
    _alternatives,
    _build_alternatives,
    _holds_another,
    _inputs_key,
    _searches,
    gate_regex,
    gate_text,
    passes_gate,
)
from kizashi.detect.lexicon import load_lexicon


@pytest.mark.parametrize(
    "text",
    [
        "空薬きょう 9mm 20個セット 中古 発送可",  # 薬莢 in mixed spelling
        "けん銃と実包を売ります",  # 拳銃 as the Firearms Act spells it
        "明日ばくだんを駅に置く",  # 爆弾 in kana
        "包ちょう持って会社行くわ",  # 包丁 in mixed spelling
    ],
)
def test_an_anchor_in_another_spelling_reaches_the_scorer(text: str) -> None:
    assert passes_gate(text), text


@pytest.mark.parametrize(
    "text",
    [
        "やるしかないね、明日からがんばろう",  # やる is a reading of 殺る, and of most doing
        "今日はいい天気なので散歩に行きます",
    ],
)
def test_a_short_kana_reading_does_not_open_the_gate(text: str) -> None:
    assert not passes_gate(text), text


def test_the_split_search_answers_as_the_whole_regex() -> None:
    # passes_gate runs one regex per alternative; the one alternation must agree on every text.
    texts = [
        *(text for rule in load_lexicon().rules for text in (*rule.positive, *rule.negative)),
        "やるしかないね、明日からがんばろう",
        "room 2234 is on the third floor",
        "brass 308win 100 pcs",
        "課長を56…",
        "k0r0s",
        "🔫 @someone",
    ]
    assert len(texts) > 50
    whole = gate_regex()
    verdicts = [whole.search(gate_text(t)) is not None for t in texts]
    assert [passes_gate(t) for t in texts] == verdicts
    assert any(verdicts) and not all(verdicts)


def test_a_literal_holding_another_is_found_as_the_pairwise_check_found_it() -> None:
    words = {"殺す", "ぶっ殺す", "殺", "爆弾", "ばくだん", "だん", "gun", "handgun"}
    for word in words:
        pairwise = any(o != word and o in word for o in words)
        assert _holds_another(word, words) == pairwise, word


def test_the_gate_is_read_back_from_the_cache_its_inputs_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path))
    built = _build_alternatives()
    try:
        _alternatives.cache_clear()
        assert _alternatives() == built  # built, and written for the next process
        [entry] = (tmp_path / "cache" / "gate").iterdir()
        assert entry.name == f"{_inputs_key()}.marshal"
        assert marshal.loads(entry.read_bytes()) == built
        # The next process reads the entry instead of building (here: a marker in it).
        entry.write_bytes(marshal.dumps(("cached-marker",)))
        _alternatives.cache_clear()
        assert _alternatives() == ("cached-marker",)
        # A torn entry is built again.
        entry.write_bytes(b"\x00")
        _alternatives.cache_clear()
        assert _alternatives() == built
    finally:
        _alternatives.cache_clear()
        _searches.cache_clear()
