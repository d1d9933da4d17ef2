"""Pass 16 of issue 13: a vowel drawn out inside a word, mask shapes that are also
pictographs, katakana-hiragana spellings of 殺す and posts written wholly in romaji.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.text import drop_stretch, views


def _lemmas(text: str) -> set[str]:
    return {t.lemma for t in views(text).decoded_tokens}


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("ころおおおす", "ころす"),
        ("コロおおおす", "コロす"),
        ("こーろーす", "ころす"),
        ("すごおおい", "すごい"),
        ("しねええええ", "しね"),
    ],
)
def test_a_drawn_out_vowel_is_dropped(text: str, plain: str) -> None:
    assert drop_stretch(text) == plain


@pytest.mark.parametrize(
    "text", ["こおり", "とおい", "おおきい", "コーヒー", "ころおす", "どーすんの"]
)
def test_spelling_with_one_repeated_vowel_or_katakana_length_is_kept(text: str) -> None:
    assert drop_stretch(text) == text


@pytest.mark.parametrize(
    "text", ["係長をころおおおおしてやる", "係長をこーろーしてやる", "係長をコロおおしてやる"]
)
def test_a_stretched_kill_verb_decodes_to_the_verb(text: str) -> None:
    v = views(text)
    assert "殺す" in _lemmas(text)
    assert "stretch" in {d.kind for d in v.decodings}


@pytest.mark.parametrize(
    "text", ["係長をこ●す", "係長をこ○す", "係長をぶっこ◯す", "係長を■してやる"]
)
def test_geometric_masks_are_masks_not_pictographs(text: str) -> None:
    v = views(text)
    assert v.wildcards, text
    assert "殺す" in _lemmas(text) or "打ち殺す" in _lemmas(text), text


def test_a_pictograph_inside_a_word_is_still_dropped() -> None:
    assert "殺す" in _lemmas("係長をこ💀ろ💀す")


@pytest.mark.parametrize("text", ["係長をコロして", "係長をコロす"])
def test_katakana_then_hiragana_spells_the_kill_verb(text: str) -> None:
    assert "殺す" in _lemmas(text)


def test_a_pets_name_is_not_the_kill_verb() -> None:
    assert "殺す" not in _lemmas("うちのコロさんは元気です")


def test_a_post_wholly_in_romaji_is_read_word_by_word() -> None:
    v = views("kachou no kuruma moyasu")
    assert v.decoded.text == "かちょう の くるま もやす"


def test_english_is_not_read_as_romaji() -> None:
    v = views("see you at the park tomorrow")
    assert v.decoded.text == "see you at the park tomorrow"
