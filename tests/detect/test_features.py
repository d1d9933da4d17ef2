"""The learned inputs read a Japanese post without its SNS markup, English as written."""

from __future__ import annotations

import pytest

from kizashi.detect.features import learned_text, ngram_text
from kizashi.detect.scorer import Scorer
from kizashi.text import views

PLAIN = "山田マジで殺すからな"
MARKED = [
    f"@yamada_k {PLAIN}",
    f"{PLAIN} https://t.co/x1",
    f"RT @news_jp: {PLAIN} #炎上",
]


@pytest.mark.parametrize("text", MARKED)
def test_japanese_ngrams_ignore_handles_links_and_retweets(text: str) -> None:
    assert "@" not in ngram_text(views(text)) and "http" not in ngram_text(views(text))
    assert PLAIN in learned_text(text)


def test_english_is_read_as_written() -> None:
    # English training text is tweets, markup and all: leave it as the model learned it.
    text = "RT @bob: see you at https://t.co/x #weekend"
    assert learned_text(text) == text


def test_a_handle_in_japanese_letters_is_no_handle() -> None:
    assert learned_text("@山田 明日") == "@山田 明日"


def test_a_japanese_threat_scores_the_same_behind_markup(scorer: Scorer) -> None:
    # Before, "@yamada_k" alone pulled this threat from 0.90 to 0.20, under the threshold.
    plain, *marked = scorer.score([PLAIN, *MARKED])
    assert plain.category == "threat"
    for scored in marked:
        assert scored.category == "threat"
        assert scored.scores["threat"] == pytest.approx(plain.scores["threat"], abs=0.05)


def test_spacing_that_reveals_nothing_is_read_as_the_plain_sentence() -> None:
    from kizashi.detect.features import spacing_only
    from kizashi.detect.result import detect_views

    plain = views("こ ろ こ ろ 転 が る")
    assert spacing_only(detect_views(plain), plain)
    assert ngram_text(plain, detect_views(plain)) == "ころころ転がる"
    coded = views("住人をこ ろ す")  # the glued text is a harm word: the decoding is evidence
    assert not spacing_only(detect_views(coded), coded)
    assert "\n" in ngram_text(coded, detect_views(coded))


def test_a_spaced_out_ordinary_sentence_is_not_a_threat(scorer: Scorer) -> None:
    texts = ["こ ろ こ ろ 転 が る", "と て も 楽 し か っ た", "住人をこ ろ す"]
    rolling, happy, threat = scorer.score(texts)
    assert not rolling.flagged and not happy.flagged
    assert threat.category == "threat"
