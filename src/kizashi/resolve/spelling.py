"""One phonetic key per spelling of a sound: romaji and kana words as comparable ASCII.

Hepburn, Kunrei and passport spellings of one name fold to one key (shi/si, tsu/tu, ou/oo/ō →
o, m/n before b/p, Satoh → sato, by the versioned rules in ``romaji_variants.yaml``); kana is
romanised first. Both the name parser (:mod:`kizashi.resolve.names`) and the name-part priors
(:mod:`kizashi.resolve.name_parts`) key by it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import jaconv
from jaconv.conv_table import KANA2HEP

from kizashi.resolve.tables import romaji_rules
from kizashi.text.normalize import is_kanji, to_hiragana

__all__ = [
    "kana_lookalikes",
    "kana_to_romaji",
    "long_vowels",
    "phonetic",
    "romaji_key",
    "small_tsu_read",
]

_NOT_ROMAJI = re.compile(r"[^a-z']")
_LONG = (("ou", "o"), ("oo", "o"), ("uu", "u"), ("aa", "a"), ("ii", "i"), ("ee", "e"))
# Hepburn → one spelling per sound (kunrei-like), longest first.
_SOUNDS = (
    ("tch", "tt"),
    ("shi", "si"),
    ("sh", "sy"),
    ("chi", "ti"),
    ("ch", "ty"),
    ("tsu", "tu"),
    ("dzu", "zu"),
    ("du", "zu"),
    ("di", "zi"),
    ("fu", "hu"),
    ("ji", "zi"),
    ("j", "zy"),
    ("wo", "o"),
)


def _strip_marks(text: str) -> str:
    # ō → oo before the long-vowel fold; other diacritics (é) just lose their mark.
    text = text.replace("ō", "ou").replace("ū", "uu").replace("â", "aa").replace("ô", "ou")
    text = text.replace("ô", "ou").replace("ā", "aa").replace("ē", "ee").replace("ī", "ii")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _leading_literal(pattern: re.Pattern[str]) -> str:
    """The text every match of ``pattern`` begins with ("" if none is certain): a rule
    whose text is absent from a word cannot match it, and is not run (most are not)."""
    import re._parser as parser  # type: ignore[import-not-found]

    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return ""
    literal = []
    for index, (op, value) in enumerate(parser.parse(pattern.pattern)):
        if op == parser.AT and value == parser.AT_BEGINNING and index == 0:
            continue
        if op != parser.LITERAL:
            break
        literal.append(chr(value))
    return "".join(literal)


@cache
def _rules() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """``romaji_rules`` in order, each with the text its matches begin with."""
    return tuple((_leading_literal(p), p, to) for _id, p, to in romaji_rules())


@lru_cache(maxsize=262_144)
def romaji_key(word: str) -> str:
    """The phonetic key of one romaji (or other Latin-script) word."""
    text = word.casefold()
    if not text.isascii():  # ASCII has no marks to strip (NFKD leaves it as it is)
        text = _strip_marks(text)
    text = _NOT_ROMAJI.sub("", text)
    for literal, pattern, replacement in _rules():
        if literal in text:
            text = pattern.sub(replacement, text)
    text = text.replace("'", "")
    for old, new in _SOUNDS:
        text = text.replace(old, new)
    text = text.replace("nn", "n")
    for _ in range(2):  # ooo and ouu fold in two steps
        for old, new in _LONG:
            text = text.replace(old, new)
    return text


# jaconv.kana2alphabet's replacements, which it makes one after another over the whole text
# (a hundred passes of str.replace a word): every input is kana and every output ASCII, and
# no small kana begins a digraph, so one left-to-right pass taking the digraph first gives
# the same text (a property test holds it to jaconv's).
_KANA_TABLE = (
    "きゃ=kya きゅ=kyu きょ=kyo ぎゃ=gya ぎゅ=gyu ぎょ=gyo しゃ=sha しゅ=shu しょ=sho じゃ=ja じゅ=ju "
    "じょ=jo ちゃ=cha ちゅ=chu ちょ=cho にゃ=nya にゅ=nyu にょ=nyo ひゃ=hya ひゅ=hyu ひょ=hyo ふぁ=fa "
    "ふぃ=fi ふぇ=fe ふぉ=fo みゃ=mya みゅ=myu みょ=myo りゃ=rya りゅ=ryu りょ=ryo びゃ=bya びゅ=byu "
    "びょ=byo ぴゃ=pya ぴゅ=pyu ぴょ=pyo が=ga ぎ=gi ぐ=gu げ=ge ご=go ざ=za じ=ji ず=zu ぜ=ze ぞ=zo "
    "だ=da ぢ=ji づ=zu で=de ど=do ば=ba び=bi ぶ=bu べ=be ぼ=bo ぱ=pa ぴ=pi ぷ=pu ぺ=pe ぽ=po か=ka "
    "き=ki く=ku け=ke こ=ko さ=sa し=shi す=su せ=se そ=so た=ta ち=chi つ=tsu て=te と=to な=na "
    "に=ni ぬ=nu ね=ne の=no は=ha ひ=hi ふ=fu へ=he ほ=ho ま=ma み=mi む=mu め=me も=mo ら=ra り=ri "
    "る=ru れ=re ろ=ro や=ya ゆ=yu よ=yo わ=wa ゐ=wi を=wo ゑ=we ゔぁ=va ゔぃ=vi ゔぅ=vuu ゔぇ=ve "
    "ゔぉ=vo ゃ=ya ゅ=yu ょ=yo ぁ=a ぃ=i ぅ=u ぇ=e ぉ=o ゎ=wa ゔ=vu ヵ=ka "
)
_KANA = dict(pair.split("=") for pair in _KANA_TABLE.split())
_KANA_UNIT = re.compile("|".join(sorted(_KANA, key=len, reverse=True)))
_KANA_REST = KANA2HEP  # the vowels and ん, by str.translate


def kana_to_romaji(hira: str) -> str:
    """``jaconv.kana2alphabet`` (hiragana → romaji), in one pass."""
    if "っ" in hira:  # the small tsu doubles what follows: rare enough to leave to jaconv
        return str(jaconv.kana2alphabet(hira))
    return _KANA_UNIT.sub(lambda m: _KANA[m.group()], hira).translate(_KANA_REST)


# The kana a long-vowel mark stands for after a syllable with each vowel. A long e in a
# name is written えい (けいこ, えいじ), so katakana ケーコ / エージ is けいこ / えいじ; a long o
# is おう or おお, both of which the romaji folds to o.
# Kanji and signs that look like a katakana (口 ロ, 力 カ, 一 ー, 工 エ, 夕 タ …): a scanned or
# retyped form puts one inside a kana name (ナ力ガワ コ一ジ, オオヤマ 工リカ).
_LOOKALIKE = str.maketrans({"口": "ロ", "力": "カ", "一": "ー", "二": "ニ", "工": "エ", "夕": "タ",
                            "八": "ハ", "卜": "ト", "三": "ミ", "ヱ": "エ", "−": "ー", "―": "ー",
                            "—": "ー"})  # fmt: skip
_KANA_WORD = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc口力一二工夕八卜三ヱ−―—]+")
_A_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa]")


def kana_lookalikes(text: str) -> str:
    """A kana word's look-alike kanji and dashes read as the katakana they look like
    (ナ力ガワ → ナカガワ, コ一ジ → コージ, ヒ口キ → ヒロキ). Only a word written in kana and
    look-alikes alone changes: 工藤, 力石, 一郎, 二宮 and 八重子 keep their kanji (a real
    kanji beside them: 一ノ瀬 too), and so does a word of look-alikes only (一二三)."""
    if text.isascii() or not _A_KANA.search(text):
        return text

    def read(m: re.Match[str]) -> str:
        word = m.group()
        before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
        if not _A_KANA.search(word) or any(c and is_kanji(c) for c in (before, after)):
            return word  # a real kanji beside it: 一ノ瀬, 三ヶ島 are written so
        return word.translate(_LOOKALIKE)

    return _KANA_WORD.sub(read, text)


_LONG_MARK = {"a": "あ", "i": "い", "u": "う", "e": "い", "o": "う"}


def long_vowels(hira: str) -> str:
    """Each ``ー`` written as the kana it stands for (ケーコ → けいこ as hiragana), one
    character for one, so positions in the text stay; a ``ー`` after no vowel stays."""
    if "ー" not in hira:
        return hira
    out = list(hira)
    for i in range(1, len(out)):
        if out[i] == "ー" and out[i - 1] != "ー":
            sound = kana_to_romaji(out[i - 1]) if out[i - 1] != "っ" else ""
            out[i] = _LONG_MARK.get(sound[-1:], "ー")
    return "".join(out)


# A small っ doubles the consonant after it; before a vowel, ん, a long-vowel mark, another
# small kana or the end of a word there is none to double, so it is a つ written (or scanned,
# or typed) small: マッイ is マツイ (link42's probe: マッイ タカシ read "mai", so his surname no
# longer matched his twin's 松井 and the twins' different given names were not compared).
_DOUBLED = "かきくけこがぎぐげごさしすせそざじずぜぞたちつてとだぢづでどはひふへほばびぶべぼぱぴぷぺぽまみむめもやゆよらりるれろわゔ"
_SMALL_TSU_ALONE = re.compile(f"っ(?![{_DOUBLED}])")


def small_tsu_read(hira: str) -> str:
    """Each small っ that doubles nothing (before a vowel, ん, ー, a small kana, the end or
    anything not kana) read as the つ it stands for: まっい → まつい; まっだ stays."""
    return _SMALL_TSU_ALONE.sub("つ", hira) if "っ" in hira else hira


@lru_cache(maxsize=262_144)
def phonetic(kana: str) -> str:
    """The phonetic key of a kana word (katakana or hiragana)."""
    hira = small_tsu_read(to_hiragana(unicodedata.normalize("NFKC", kana)))
    hira = long_vowels(hira).replace("ー", "")
    hira = hira.replace("ゐ", "い").replace("ゑ", "え").replace("を", "お")
    return romaji_key(kana_to_romaji(hira))
