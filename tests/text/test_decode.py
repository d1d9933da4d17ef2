"""The decoded view: what is decoded, and — as important — what never is."""

from __future__ import annotations

import pytest

from kizashi.text import views


def _decoded(text: str) -> list[tuple[str, str, str]]:
    v = views(text)
    return [(d.kind, text[d.start : d.end], d.target) for d in v.decodings]


@pytest.mark.parametrize(
    "text",
    [
        "2024年の手帳まだ使ってる",
        "ランチ5,600円はさすがに高い",
        "¥560すら払えない",
        "ナンバープレートが4649で笑った",
        "5656って昔のネットスラングで「ゴロゴロ」って読むんだよね",
        "問い合わせは090-1234-5678まで",
        "11/1 15:00 集合",
        "大塚から56番のバスで帰る",
        "56回目の挑戦",
        "会員番号56564649",
        "4ねんぶりに会った",
        "56すぎのおじさん",
        "15:56すぐ行く",
        "1,056すべて売れた",
    ],
)
def test_numbers_are_not_read_as_goroawase(text: str) -> None:
    assert not [d for d in _decoded(text) if d[0] == "goroawase"]


@pytest.mark.parametrize(
    ("text", "digits", "kana"),
    [("桜井を56す", "56", "ころ"), ("4ね桜井", "4", "し"), ("564てやる", "564", "ころし")],
)
def test_short_runs_before_kana_are_decoded(text: str, digits: str, kana: str) -> None:
    assert ("goroawase", digits, kana) in _decoded(text)


def test_goroawase_token_points_at_the_digits() -> None:
    text = "11/1 大塚で桜井を56す"
    token = next(t for t in views(text).decoded_tokens if t.lemma == "殺す")
    assert text[token.start : token.end] == "56す"
    assert token.decoded == ("goroawase",)


@pytest.mark.parametrize(
    ("text", "original", "target"),
    [
        ("タヒね", "タヒ", "死"),
        ("ﾀﾋね", "ﾀﾋ", "死"),
        ("氏ね", "氏", "死"),
        ("ｺﾛｽ", "ｺﾛｽ", "ころす"),
        ("コロシテヤル", "コロシテヤル", "ころしてやる"),
        ("シネ", "シネ", "死ね"),
    ],
)
def test_visual_forms(text: str, original: str, target: str) -> None:
    assert ("visual", original, target) in _decoded(text)


@pytest.mark.parametrize(
    "text", ["シネマに行く", "コロシアムを見た", "田中氏ね、あれどうなった", "コロッケ"]
)
def test_visual_forms_respect_their_context(text: str) -> None:
    assert not [d for d in _decoded(text) if d[0] == "visual"]


def test_masks_are_wildcards_and_filled_only_in_context() -> None:
    v = views("演説会場、〇すしかない")
    assert v.wildcards == ((5, 6),)
    assert ("mask", "〇", "殺") in _decoded("演説会場、〇すしかない")
    placeholder = views("〇〇さんに会った")
    assert placeholder.wildcards == ((0, 2),) and not placeholder.decodings
    assert not _decoded("○×クイズ")


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("こ・ろ・す", "ころす"),
        ("k-o-r-o-s-u", "korosu"),
        ("K I L L her", "KILL"),
        ("こ.ろ.す", "ころす"),
        ("こ ろ す準備はできてる", "ころす"),  # kana then kanji: a word boundary
        ("隣の住人をこ ろ す", "ころす"),  # right after a particle: no space before the run
        ("お前をこ・ろ・す!", "ころす"),
        ("こ ろ すぞ", "ころす"),  # an ending glued to the last letter
        ("こ ろ すごい", "ころす"),  # glued too: the token matcher reads ころ|すごい, no 殺す
        ("コ ロ ス予定", "コロス"),
    ],
)
def test_separators_are_folded(text: str, joined: str) -> None:
    assert any(d[0] == "separator" and d[2] == joined for d in _decoded(text))


@pytest.mark.parametrize(
    "text", ["I am a boy", "A to Z", "see you at 3 p m", "11/1 15時", "a b 1 2 3"]
)
def test_ordinary_words_are_not_glued(text: str) -> None:
    assert not [d for d in _decoded(text) if d[0] == "separator"]


def test_leet_and_romaji() -> None:
    assert ("leet", "k1ll", "kill") in _decoded("k1ll her")
    assert ("romaji", "k0rosu", "ころす") in _decoded("桜井、k0rosu。")
    assert ("romaji", "korosu", "ころす") in _decoded("桜井 korosu")
    # English words that parse as romaji are only read as romaji when disguised.
    assert _decoded("SHINEのライブ最高") == []
    assert _decoded("the sun will shine") == []
    assert _decoded("mp3 and 3D and covid19 and win10") == []


def test_leet_with_bars_bangs_and_a_double_l_at_the_end() -> None:
    assert ("leet", "k!ll", "kill") in _decoded("k!ll her")
    assert ("leet", "k|ll", "kill") in _decoded("gonna k|ll you")
    assert ("leet", "ki11", "kill") in _decoded("ki11 the mayor")
    # Punctuation at a word's edge is not a letter; a version number is not a double l.
    assert _decoded("kill! now") == []
    assert _decoded("hello world!") == []
    assert _decoded("win10 and ios17") == []


def test_decode_table_errors_name_the_entry() -> None:
    from kizashi.text import DecodeTableError
    from kizashi.text.tables import parse_tables

    with pytest.raises(DecodeTableError, match="goroawase entry 'g1'"):
        parse_tables({"version": 1, "goroawase": [{"id": "g1", "digits": "56", "kana": "ころ"}]})
    with pytest.raises(DecodeTableError, match="visual entry 'v1': 'to'"):
        parse_tables({"version": 1, "visual": [{"id": "v1", "from": "タヒ"}]})


@pytest.mark.parametrize(
    ("text", "lemma"),
    [
        ("桜井をこ\u200bろ\u200bす", "殺す"),  # zero-width spaces
        ("桜井をk\u0336i\u0336l\u0336l\u0336", None),  # strike-through marks are dropped
        ("桜井を\nこ\nろ\nす", "殺す"),  # one letter per line
        ("桜井を こ🔪ろ🔪す", "殺す"),  # emoji separators
        ("桜井を こ、ろ、す", "殺す"),  # punctuation separators
        ("桜井を五六す", "殺す"),  # kanji numerals
        ("桜井を５６す", "殺す"),  # full-width digits
        ("桜井四ね", None),  # goroawase 4 = し, read by the die rule as し + ね
        ("桜井誌ね", None),  # a kanji read し for 死 (the die rule reads 死 + ね)
        ("桜井氏んでくれ", "死ぬ"),
        ("桜井を殺巣", "殺す"),  # a kanji read す for the ending
        ("桜井をこロす", "殺す"),  # a lone katakana letter in a kana word
    ],
)
def test_disguises_are_decoded(text: str, lemma: str | None) -> None:
    v = views(text)
    if lemma is None:
        assert "kill" in v.normalized.text or "しね" in v.decoded.text or "死ね" in v.decoded.text
        return
    assert lemma in {t.lemma for t in v.decoded_tokens}


@pytest.mark.parametrize(
    "text",
    [
        "田中氏ね、あの件どうなった？",  # honorific after a name
        "横浜市ね、住みやすいよ",  # a city
        "雑誌ね、買っておく",
        "十五六すぎの子",  # part of a bigger kanji number
        "この頃した約束",  # 頃 after この is "these days"
        "ドアを開けた",  # a katakana word is two or more letters
    ],
)
def test_ordinary_text_is_not_decoded_into_harm(text: str) -> None:
    lemmas = {t.lemma for t in views(text).decoded_tokens}
    assert not lemmas & {"殺す", "死ぬ"}, text


@pytest.mark.parametrize(
    ("text", "lemma"),
    [
        ("お前マジで🔪すからな", "殺す"),  # a knife standing for 殺 before a verb ending
        ("課長を🔪してやる", "殺す"),
        ("駅で💣する", "爆破"),  # a bomb standing for 爆破 before する
        ("市長を🔫ってやる", "撃つ"),
    ],
)
def test_a_weapon_pictograph_before_a_verb_ending_is_the_verb(text: str, lemma: str) -> None:
    v = views(text)
    assert lemma in {t.lemma for t in v.decoded_tokens}
    assert any(d.id.startswith("emo-") and d.candidate for d in v.decodings)


@pytest.mark.parametrize(
    "text", ["🔪すごい切れ味", "包丁🔪で料理", "今日の晩ごはん🔥すごかった", "部長🔪🔪🔪"]
)
def test_a_pictograph_without_a_verb_ending_stays_a_pictograph(text: str) -> None:
    assert not [d for d in views(text).decodings if d.id.startswith("emo-")]


def test_a_spaced_out_sentence_is_glued_whole() -> None:
    # The kana run and the run into kanji start together: the longer one is the sentence.
    assert views("こ ろ こ ろ 転 が る").decoded.text == "ころころ転がる"
    assert views("住人をこ ろ す").decoded.text == "住人をころす"


@pytest.mark.parametrize(
    ("text", "lemma"),
    [("課長を56…", "殺す"), ("部長を56w #ブラック企業", "殺す"), ("課長ぶっころ", "打ち殺す")],
)
def test_cut_off_slang_at_the_end_of_a_sentence_is_read(text: str, lemma: str) -> None:
    assert lemma in {t.lemma for t in views(text).decoded_tokens}


@pytest.mark.parametrize(
    "text", ["ページを56まで読んだ", "年齢を56と書いた", "背番号56", "ぶっころがす"]
)
def test_a_number_or_word_that_goes_on_is_not_cut_off_slang(text: str) -> None:
    lemmas = {t.lemma for t in views(text).decoded_tokens}
    assert not lemmas & {"殺す", "打ち殺す"}, text
