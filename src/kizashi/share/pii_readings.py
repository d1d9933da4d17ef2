"""Readings of names for the recogniser (:mod:`kizashi.share.pii`): romaji and kana
readings, long vowels folded, the English words and prefectures that are no names, and a
kanji word read as a name already found in romaji or katakana."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from kizashi.share.pii_base import Finding, Tables, tables
from kizashi.share.pii_variants import romaji_readings
from kizashi.text import Token, kanji_readings, romaji_to_hiragana, word_pos

_NAME_CHARS = r"[一-龥々〆ヵヶ]"
# English words made of Japanese syllables, capitalised in titles and at sentence starts.
_ENGLISH_WORDS = (
    "a i hi oh yo go no so to do be he me we may make take came come home name same game time "
    "one ride side wide hide made fine mine nine line wine tune june rose nose note vote "
    "hope rope more sore tore wore bore some done gone none tone bone zone dune sure "
    "here mere were are ate site date gate hate kate late mate rate use due sue rue tea "
    "see free tree area idea sea pea bee toe foe hoe woe joe mike pike hike bike like "
    "ramen sushi tokyo osaka kyoto japan nihon yokohama kobe nara sapporo nagoya fukuoka "
    "sendai hiroshima okinawa chiba saitama kanagawa shinjuku shibuya ginza akihabara "
    "san sama kun chan sensei senpai dono station"
)
ENGLISH = frozenset(_ENGLISH_WORDS.split())
# places a caller says "this is …" of (the switchboard of a prefecture's office)
_PREFECTURES_WORDS = (
    "hokkaido aomori iwate miyagi akita yamagata fukushima ibaraki tochigi gunma saitama "
    "chiba tokyo kanagawa niigata toyama ishikawa fukui yamanashi nagano gifu shizuoka aichi "
    "mie shiga kyoto osaka hyogo nara wakayama tottori shimane okayama hiroshima yamaguchi "
    "tokushima kagawa ehime kochi fukuoka saga nagasaki kumamoto oita miyazaki kagoshima "
    "okinawa"
)
_PREFECTURES_ROMAJI = frozenset(_PREFECTURES_WORDS.split())
PREFECTURES_ROMAJI = _PREFECTURES_ROMAJI


def romaji_shaped(word: str) -> bool:
    """A word spelt wholly in Japanese syllables (misaka, junichi, tsukumo) and no English
    word of that shape (home, make, tokyo)."""
    return word not in ENGLISH and romaji_to_hiragana(word) is not None


def only_a_name(surface: str, after: str) -> bool:
    """A word the dictionary knows only as a person's name (三坂, 吉越, ケンジ), never as an
    ordinary word or a place, before a particle or punctuation: a name even alone."""
    pos = word_pos(surface)
    if surface[0] in "一二三四五六七八九十百千" and any(
        p[2] == "助数詞可能" for p in word_pos(surface[1:])
    ):
        return False  # 一列, 三枚: a number and its counter, which the dictionary also lists
    return (
        len(surface) >= 2
        and not surface.isascii()
        and bool(pos)
        and all(p[:3] == ("名詞", "固有名詞", "人名") and p[3] in ("姓", "名") for p in pos)
        and (after == "" or after in "がはをにとのもへやかっ、。，．！？!?」』）) \u3000\n")
    )


def romaji_surname(word: str, t: Tables) -> bool:
    return _long_vowels_folded(word) in _romaji_index(t.surname_romaji)


def _long_vowels_folded(word: str) -> str:
    # The table spells long vowels out (satou); texts write sato, satoh, satō.
    for long, short in (("ou", "o"), ("oo", "o"), ("oh", "o"), ("uu", "u"), ("ō", "o"), ("ū", "u")):
        word = word.replace(long, short)
    return word


@cache
def _romaji_index(names: frozenset[str]) -> frozenset[str]:
    return frozenset(_long_vowels_folded(n) for n in names)


@cache
def _readings_folded() -> frozenset[str]:
    t = tables()
    return frozenset(_long_vowels(_hiragana(r)) for r in t.given_readings | t.surname_readings)


@cache
def _given_folded() -> frozenset[str]:
    return frozenset(_long_vowels(_hiragana(r)) for r in tables().given_readings)


def given_reading(hiragana: str) -> bool:
    """Whether a hiragana reading is a listed given name's, long vowels aside."""
    return len(hiragana) >= 2 and _long_vowels(hiragana) in _given_folded()


def _name_reading(hiragana: str) -> bool:
    """Whether a hiragana reading (of a romaji word) is a listed given name's or surname's,
    long vowels aside (Yuki, Yuuki)."""
    return len(hiragana) >= 2 and _long_vowels(hiragana) in _readings_folded()


def english_name(word: str, caller: bool) -> bool:
    """Whether a capitalised word after "this is", "it's", "my name is" … is a name: its
    romaji reads as a listed name (Shinichi as しんいち too); or, for a caller introducing
    themself, any romaji-shaped word whose reading is no ordinary word (Janetto, Koorii;
    not Sake, Karate)."""
    readings = romaji_readings(word)
    if any(_name_reading(r) for r in readings):
        return True
    if not caller or not readings or len(word) < 3 or word.lower() in _PREFECTURES_ROMAJI:
        return False
    return not any(
        any(p[1] == "普通名詞" or p[0] != "名詞" for p in word_pos(r) | word_pos(_katakana(r)))
        for r in readings
    )


def _katakana(hiragana: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in hiragana)


def _hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def _long_vowels(kana: str) -> str:
    """さとう, さとお and さと as one (romaji drops or doubles long vowels: Sato, Satoh)."""
    out = re.sub("(?<=[おこそとのほもよろごぞどぼぽょ])[うお]", "", kana)
    return re.sub("(?<=[うくすつぬふむゆるぐずづぶぷゅ])う", "", out)


def same_reading(folded: str, tokens: Sequence[Token], people: list[Finding]) -> list[Finding]:
    """A kanji word read as a name already found in romaji or katakana (佐織 beside
    "Harii Saori", 三坂 beside ミサカ): the same person written twice."""
    sounds: set[str] = set()
    for p in people:
        for word in re.split(r"[ \u3000・]", p.text):
            if re.fullmatch("[A-Za-z]{2,}", word):
                kana = romaji_to_hiragana(word)
            elif re.fullmatch("[ァ-ヶー]{2,}", word):
                kana = _hiragana(word)
            else:
                continue
            if kana and len(kana) >= 2:
                sounds.add(_long_vowels(kana))
    found: list[Finding] = []
    if not sounds:
        return found
    for tok in tokens:
        if tok.pos[0] != "名詞":
            continue
        if re.fullmatch("[ァ-ヶー]{3,}", tok.surface):
            heard = {_hiragana(tok.surface)}  # ソクラテス beside SOKURATESU
        elif re.fullmatch(_NAME_CHARS + "{2,4}", tok.surface):
            heard = set(kanji_readings(tok.surface))
        else:
            continue
        if any(_long_vowels(r) in sounds for r in heard):
            found.append(Finding(tok.start, tok.end, "person", "PII-NAME-READING", tok.surface))
    return found


_PLACE_SUFFIX_EN = re.compile(r"(?:-(?:shi|ku|machi|cho|mura|son)| (?:City|Ward))$", re.I)
_LONG_VOWEL = re.compile("(?<=[オコソトノホモヨロゴゾドボポョウクスツヌフムユルグズブプュ])ウ|ー")


def _no_long_vowels(katakana: str) -> str:
    """トウキョウ and ときょ (tokyo) alike: romaji drops the long vowels."""
    return _LONG_VOWEL.sub("", katakana)


@cache
def _municipality_sounds() -> frozenset[str]:
    return frozenset(_no_long_vowels(r) for r in tables().municipality_readings)


def romaji_place(word: str) -> bool:
    """A prefecture or a municipality written in romaji (Nerima, Kawaguchi-shi, Minato-ku,
    Hachioji): a place at the level a tear-line keeps (pii18)."""
    stem = _PLACE_SUFFIX_EN.sub("", word.strip())
    if stem.lower() in _PREFECTURES_ROMAJI:
        return True
    hira = romaji_to_hiragana(stem) if stem.isalpha() else None
    if not hira or len(hira) < 2:
        return False
    kata = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in hira)
    return _no_long_vowels(kata) in _municipality_sounds()
