"""det35: a threat spelled to hide it is read as its plain twin, and an ordinary sentence
spelled the same way stays ordinary. The sentences are written for these tests."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


# (plain threat, disguised twin)
THREATS = [
    ("あの店長を殺すからな", "あの店長を殺 すからな"),
    ("あの店長を殺すからな", "あの店長を殺/すからな"),
    ("明後日、県庁を爆破する", "明後日、県庁を爆\n破する"),
    ("同僚を殺したい、来週やる", "同僚を殺・し・た・い、来週やる"),
    ("あの店長をころすからな", "あの店長をころㇲからな"),
    ("あの店長を殺すからな", "あの店長を⑸⑹すからな"),
    ("I will kill my neighbor tonight", "I will k\u0301\u0308ill my neighbor tonight"),
    ("I will kill my neighbor tonight", "I will kíll my neighbor tonight"),
    # a lone half-width voicing mark inside the word (the det35 review: the gate kept it)
    ("あの店長をころすからな", "あの店長をころﾟすからな"),
    ("明日学校に爆破予告", "明日学校に爆ﾟ破予告"),
    ("課長死ね", "課長ｼﾈ"),
]


@pytest.mark.parametrize(("plain", "twin"), THREATS)
def test_a_disguised_threat_reads_as_its_plain_twin(scorer: Scorer, plain: str, twin: str) -> None:
    first, second = scorer.score([plain, twin])
    assert first.flagged and first.category == "threat"
    assert second.flagged and second.category == "threat"


ORDINARY = [
    "明\n日\nか\nら\n連\n休\nの\n人\n多\nい\nと\n思\nう\nの\nで\n混\nみ\nま\nす\nね",
    "東京 から 新幹線で 帰ってきました",
    "週末は映・画を観に行きます",
    "café で ⑴ 予定を確認しました",
    "アイヌ語のカㇺイという言葉を習った",
    # a cinema chain: シネ joined to a katakana word by a middle dot (the det35 review)
    "ｼﾈ･ﾘｰﾌﾞﾙ梅田 最高",
    "シネ・リーブル神戸で映画を観た",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_an_ordinary_sentence_spelled_the_same_way_stays_ordinary(
    scorer: Scorer, text: str
) -> None:
    assert not scorer.score([text])[0].flagged


# det37: lookalike letters, drawn-out and leet words, wave-dash stretches.
THREATS_37 = [
    ("I will kill my neighbor tonight", "I will \u043a\u0456\u04cf\u04cf my neighbor tonight"),
    ("I will kill my neighbor tonight", "I will \u03ba\u03b9ll my neighbor tonight"),
    ("I will kill my neighbor tonight", "I will kiiill my neighbor tonight"),
    ("I will stab my neighbor tonight", "I will staaab my neighbor tonight"),
    ("I will bomb the library on Monday", "I will b0m8 the library on Monday"),
    ("あの店長を絶対にころしてやる", "あの店長を絶対にこ〜ろ〜し〜て〜や〜る"),
]


@pytest.mark.parametrize(("plain", "twin"), THREATS_37)
def test_a_respelled_threat_reads_as_its_plain_twin(scorer: Scorer, plain: str, twin: str) -> None:
    first, second = scorer.score([plain, twin])
    assert first.flagged and first.category == "threat"
    assert second.flagged and second.category == "threat"


ORDINARY_37 = [
    "We had coffee and good cookies at the bookkeeper's office",
    "Mr Gunn will shoot the wedding photos on Saturday",
    "4 people and 2 dogs came to the party",
    "The kiiids loved the zoooo today",
    "\u0434\u043e\u043c \u043d\u0430 \u0443\u043b\u0438\u0446\u0435 is a nice song",
    "今日はと〜っ〜て〜も楽しかったよ",
    "す〜ご〜い〜ね、また行こう",
]


@pytest.mark.parametrize("text", ORDINARY_37)
def test_ordinary_text_spelled_the_same_way_stays_ordinary(scorer: Scorer, text: str) -> None:
    (result,) = scorer.score([text])
    assert not result.flagged


def test_every_harm_word_of_the_decode_table_is_a_gate_anchor() -> None:
    """Each listed verb and word is an anchor; the table reads the verbs' regular
    inflections too (mend16), so a disguised "kiiilling" reads as the plain "killing" does,
    whether or not that form is an anchor of its own."""
    from importlib import resources

    import yaml

    from kizashi.detect.gate import anchor_words
    from kizashi.detect.lexicon import load_lexicon
    from kizashi.text import load_tables
    from kizashi.text.inflect import inflections

    text = resources.files("kizashi.text").joinpath("data", "decode.yaml").read_text("utf-8")
    listed = yaml.safe_load(text)["harm_words"]
    verbs, words = set(listed["verbs"]), set(listed["words"])
    assert verbs | words <= anchor_words(load_lexicon())
    derived = {form for verb in verbs for form in inflections(verb)}
    assert load_tables().harm_words == words | derived


@pytest.mark.parametrize(
    "text",
    [
        "murd3ring you tonight",
        "k1lling u 2nite",
        "ki11ing you tomorrow",
        "going to be h4nging you",
        "kiiilling you tonight",
        "5h00ting up the school monday",
        "st4bbed him twice",
    ],
)
def test_a_disguised_inflection_passes_the_gate(text: str) -> None:
    # The gate reads a disguised form as its verb (k1lling → kill), an anchor: read as the
    # form (killing, no anchor), the leet shape that passed "k1lling" no longer saw it.
    from kizashi.detect.gate import passes_gate

    assert passes_gate(text)


def test_every_disguised_form_of_every_harm_verb_passes_the_gate() -> None:
    from kizashi.detect.gate import passes_gate
    from kizashi.text import load_tables

    for form in load_tables().harm_words:
        vowel = next(i for i, ch in enumerate(form) if ch in "aeiouy")
        drawn_out = form[:vowel] + form[vowel] * 3 + form[vowel + 1 :]
        assert passes_gate(f"{drawn_out} you tomorrow"), drawn_out
