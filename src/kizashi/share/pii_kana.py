"""A given name written only in kana, standing alone in a place where a name goes (tenth
round): after a word for a person (女はきちじろう, 園児：ゆいな, 長女 ミナミ), before さん
(炊き出し担当 まさるさん), quoted as what someone is called (「たつお」と呼ばれて), and a chat
speaker after a timestamp (``20:14 まさる: …``, in :mod:`kizashi.share.pii_shapes`).
:mod:`kizashi.share.pii` calls :func:`kana_given_alone`.

A kana word is as often an ordinary word (女はまだ来ない, 母はずっと), so the slot is not
enough: the word must be a listed given name's reading, a person's name to the dictionary,
or — only where the slot is a person's word or a quotation, not before さん — a word of
three kana or more the dictionary does not know and that is not two words it knows run
together (きちじろう; not まだまだ). A place to the dictionary is never taken.
"""

from __future__ import annotations

import re

from kizashi.share.pii_base import tables
from kizashi.text import Mapped, tokenize, word_pos

Span = tuple[int, int, str, str]

_KANA = r"(?:[ぁ-ゖ]{2,6}|[ァ-ヶ][ァ-ヶー]{1,7})"
_END = r"(?=[（(、,。.!！?？\s」』]|$|さん|ちゃん|くん|って|と(?:名乗|呼|いう))"
# after は or が a predicate follows as often (彼女がやってくるよ, 子はだれですか): the name
# must end at a comma, a bracket or an honorific
_TOPIC_END = re.compile(r"[（(、,」\s]|さん|ちゃん|くん")
# a word for a person, then は/が or a field's colon or a space (not inside a longer kanji
# word: 様子, 王女 do not open the slot; 子 alone does: 子 ゆいな（小2）)
_PERSON_WORD = re.compile(
    r"(?<![一-龥々])(?:女|男|子|娘|息子|園児|児童|生徒|彼女|彼氏|元カノ|元カレ|妻|夫|嫁|長男|長女|次男|"
    r"次女|三男|三女|母|父|祖母|祖父|孫|担当|名前|本名|名)(?:は|が|[:：]|[ \u3000])[ \u3000]?"
    rf"({_KANA}){_END}",
    re.M,
)
# pii18: a kin word written straight onto the name (娘あかり（16歳）, 長男はると、): only a
# listed reading, and only where a bracket, a comma or an honorific ends it
_KIN_DIRECT = re.compile(
    r"(?<![一-龥々])(?:娘|息子|妻|夫|長男|長女|次男|次女|三男|三女|孫|祖母|祖父|実母|実父|母|父|"
    r"兄|姉|弟|妹)({_KANA})(?=[（(、,]|さん|ちゃん|くん)".replace("{_KANA}", _KANA)
)
# pii18: a full name in hiragana, a listed surname's reading and a listed given name's with a
# space between (さとう ひなた, 母さとう みゆき)
_HIRAGANA_FULL = re.compile(
    r"(?<![ぁ-ゖ])([ぁ-ゖ]{2,5})[ \u3000]([ぁ-ゖ]{2,5}?)(?:(?![ぁ-ゖ])|(?=さん|ちゃん|くん|さま))"
)
# 「たつお」と呼ばれて, 「ミナ」って呼んでた
_QUOTED = re.compile(rf"「({_KANA})」(?:と|って)(?:呼|名乗)")
# まさるさん: a hiragana word alone before さん (not after kana or kanji: 大家さん, みなさん)
_BEFORE_SAN = re.compile(r"(?<![ぁ-ゖァ-ヶー一-龥々])([ぁ-ゖ]{2,6})(?=さん(?!ざん))")
# twelfth round: the same after a particle that ends a kana run (車出しはよしぞうさんの,
# 同乗者はめぐみさん): the run holds the particle, so the name is read after it, and only a
# listed given name's reading or a person's name to the dictionary (Sudachi must read the
# particle as one: 今日はおにいさん stays a word with its さん)
_AFTER_PARTICLE_SAN = re.compile(
    r"(?<=[ぁ-ゖ一-龥々ァ-ヶー][はがもをにと])([ぁ-ゖ]{2,6})(?=さん(?!ざん))"
)
# words before さん that are no one's name
_NOT_BEFORE_SAN = frozenset(
    [
        "みな",
        # kin (pii17: いとこさん was taken, イトコ being a listed reading)
        "いとこ",
        "はとこ",
        "みんな",
        "おばあ",
        "おじい",
        "ばあ",
        "じい",
        "おかあ",
        "かあ",
        "おとう",
        "とう",
        "おにい",
        "にい",
        "おねえ",
        "ねえ",
        "あね",
        "あに",
        "おば",
        "おじ",
        "おくさ",
        "だんな",
        "よめ",
        "むこ",
        "おまわり",
    ]
)


def _kata(kana: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in kana)


def _hira(kana: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kana)


def _pos(word: str) -> frozenset[tuple[str, ...]]:
    return word_pos(word) | word_pos(_hira(word)) | word_pos(_kata(word))


def _named(word: str, readings: frozenset[str]) -> bool:
    """A listed given name's reading or a person's given name to the dictionary, no place."""
    pos = _pos(word)
    if any(p[2] == "地名" for p in pos):
        return False
    return _kata(word) in readings or any(p[2:4] == ("人名", "名") for p in pos)


# a verb's or an adjective's ending, a sentence's particle: a phrase, no given name
# (まだない, しらない, だめだよ, いきたい)
_PHRASE_END = re.compile(
    "(?:ない|なかった|たい|った|んだ|だよ|だね|よね|です|ます|けど|かな|しい|てる|でる)$"
)


def _unknown(word: str) -> bool:
    """Three kana or more the dictionary does not know, that are not two ordinary words it
    knows run together (まだまだ, ずっと + ね; きち + じろう, two names' pieces, may be one)."""
    if len(word) < 3 or _pos(word) or _PHRASE_END.search(word):
        return False
    return not any(_ordinary(word[:i]) and _ordinary(word[i:]) for i in range(1, len(word)))


def _ordinary(piece: str) -> bool:
    """A word the dictionary knows as written (まだ, ない), never as a person's name in
    either script (たろう is a verb's form as written, タロウ a name)."""
    return bool(word_pos(piece)) and not any(p[2] == "人名" for p in _pos(piece))


def _with_honorific_a_word(folded: str, end: int, word: str) -> bool:
    """The word and the さん/ちゃん/くん after it are one word the dictionary knows
    (たくさん, みなさん)."""
    honorific = re.match("さん|ちゃん|くん", folded[end:])
    return bool(honorific and word_pos(word + honorific.group()))


def _inflected(word: str) -> bool:
    """Sudachi reads a particle, an auxiliary or an adjective in it (いるので, やっています):
    a predicate's words, not a name's pieces."""
    return any(t.pos[0] in ("助詞", "助動詞", "形容詞") for t in tokenize(Mapped.identity(word)))


# 〇〇やさん, 〇〇ちゃんさん: a shop (はなやさん, ぱんやさん) or a pet's name's honorific run
# on, no one's given name
_SHOP_OR_HONORIFIC = re.compile("(?:や|ちゃん|くん)$")


def _unknown_before_san(word: str) -> bool:
    """A hiragana word of three kana or more before さん that the dictionary does not know
    (れいきさん, あんがいどうさん — a nickname or a rare given name): the honorific says it is
    a person's. No predicate's ending, no polite お/ご (おつかれさん), no shop's や."""
    if len(word) < 3 or _pos(word) or _PHRASE_END.search(word) or word[0] in "おご":
        return False
    if any(
        p[0] in ("名詞", "代名詞", "副詞", "形状詞")
        for i in range(1, len(word))
        for p in word_pos(word[i:] + "さん")
    ):
        return False  # あんなにたくさん, けさはみなさん: the run ends in a word with its さん
    # two ordinary words run together are a name's pieces as often here (あん + さい,
    # れい + き): the honorific decides, so that split is not asked; a particle or an
    # auxiliary inside (あと + は + たまき) says the run is a phrase
    pieces = tokenize(Mapped.identity(word))
    if any(t.pos[0] in ("助詞", "助動詞") for t in pieces):
        return False
    return not _SHOP_OR_HONORIFIC.search(word)


def kana_given_alone(folded: str, readings: frozenset[str]) -> list[Span]:
    found: list[Span] = []
    for pattern in (_PERSON_WORD, _QUOTED):
        for m in pattern.finditer(folded):
            # the greedy run may hold the honorific (まさるさん、): the name is what is before it
            word = re.sub("(?:さん|ちゃん|くん)$", "", m.group(1))
            s = m.start(1)
            topic = pattern is _PERSON_WORD and folded[s - 1] in "はが"
            if topic and not _TOPIC_END.match(folded, s + len(word)):
                continue
            if _with_honorific_a_word(folded, s + len(word), word):
                continue  # 彼女はたくさんの: たく and さん are one word
            if topic and not _named(word, readings) and _inflected(word):
                continue
            if len(word) >= 2 and (_named(word, readings) or _unknown(word)):
                found.append((s, s + len(word), "person", "PII-NAME-KANA-ALONE"))
    for m in _KIN_DIRECT.finditer(folded):
        # 母さんは, 妹ちゃん: the kin word's own honorific, not a name after it
        if _kata(m.group(1)) in readings and not re.match("さん|ちゃん|くん|さま|たち", m.group(1)):
            found.append((m.start(1), m.end(1), "person", "PII-NAME-KANA-KIN"))
    found += hiragana_full_names(folded, readings)
    for m in _BEFORE_SAN.finditer(folded):
        word = m.group(1)
        if (
            word in _NOT_BEFORE_SAN
            or word.startswith("お")
            or _with_honorific_a_word(folded, m.end(1), word)
        ):
            continue  # みなさん, おまわりさん, たくさん: words with さん, no one's name
        if _named(word, readings) or _unknown_before_san(word):
            found.append((m.start(1), m.end(1), "person", "PII-NAME-KANA-SAN"))
    for m in _AFTER_PARTICLE_SAN.finditer(folded):
        word, s = m.group(1), m.start(1)
        if (
            word in _NOT_BEFORE_SAN
            or word.startswith("お")
            or _with_honorific_a_word(folded, m.end(1), word)
            or not _named(word, readings)
        ):
            continue
        window = folded[max(0, s - 6) : m.end(1) + 2]
        cut = s - max(0, s - 6)
        if any(t.pos[0] == "助詞" and t.end == cut for t in tokenize(Mapped.identity(window))):
            found.append((s, m.end(1), "person", "PII-NAME-KANA-SAN"))
    return found


def hiragana_full_names(folded: str, readings: frozenset[str]) -> list[Span]:
    """さとう ひなた: a listed surname's reading, a space, a listed given name's reading."""
    surnames = tables().surname_readings
    found: list[Span] = []
    for m in _HIRAGANA_FULL.finditer(folded):
        family, given = _kata(m.group(1)), _kata(m.group(2))
        # a popular given name is one whatever Sudachi cuts it into (はると: は|る|と)
        popular = given in tables().given_popular
        if family in surnames and given in readings and (popular or not _inflected(m.group(2))):
            found.append((m.start(), m.end(), "person", "PII-NAME-KANA-FULL"))
    return found
