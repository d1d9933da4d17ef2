"""Foreign residents' names and spaced full names no table lists (pii19).

The recogniser's tables hold Japanese names. Four shapes of other names, each read against
a list of surnames (``data/pii_foreign.yaml``) or the given-name tables:

- a Korean name with a hyphenated given name, either order (Park Ji-hoon, Ji-hoon Park);
- a Vietnamese name in romaji: a listed surname with a listed middle name after it
  (Le Van Hung) or, for a surname that is no English word, with one to three capitalised
  words after or before it (Nguyen Duc Anh, Minh Chau Nguyen);
- katakana pieces joined by ・ (or a space) whose first piece is a listed surname or one of
  whose pieces is a listed middle name (チャン・ティ・フオン, キム ミンジュン) — unless
  another piece is an ordinary word (ファン・ミーティング) or the whole is a place (ホー・チ・ミン);
- a Chinese name in pinyin, either order: a listed surname and a given name that is pinyin
  syllables and no English word (Wang Jianguo, Xiaoming Li; Long March stays);
- a one-kanji Chinese or Korean surname, a space and a given name (王 建国, 朴 ソヨン):
  a Chinese given name is often an ordinary word (建国), so then the name must end a field
  (、 （ , a line's end or an honorific after it);
- a Japanese full name with a space whose surname no table lists (蔀 孝一, 纐纈 まゆみ,
  大豆生田 実): a kanji run that is not an ordinary word, a space, and a listed given name
  (in kanji, or in hiragana by its reading); a role written onto the surname (店員石動 ゆかり)
  stays outside the name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import yaml

from kizashi.share.pii_base import tables
from kizashi.share.pii_not_names import NOT_NAMES
from kizashi.share.pii_sweep import english_words
from kizashi.text import word_pos

WORDS_FILE = Path(__file__).parent / "data" / "pii_foreign.yaml"
Span = tuple[int, int, str, str]


@cache
def _lists() -> dict[str, frozenset[str]]:
    data = yaml.safe_load(WORDS_FILE.read_text("utf-8"))
    return {key: frozenset(str(w) for w in words) for key, words in data.items()}


_HYPHENATED = r"[A-Z][a-z]{1,5}-[a-z]{1,6}"
_KOREAN = re.compile(
    rf"\b(?:(?P<s1>[A-Z][a-z]{{1,5}}) (?P<g1>{_HYPHENATED})|(?P<g2>{_HYPHENATED}) (?P<s2>[A-Z][a-z]{{1,5}}))\b"
)
_CAPS = re.compile(r"\b[A-Z][a-z]{1,10}(?: [A-Z][a-z]{1,10}){1,3}\b")
_KATA_RUN = re.compile(r"[ァ-ヶー]{1,8}(?:[・･ \u3000][ァ-ヶー]{1,8}){1,3}")
_KANJI_NAME = re.compile(
    r"(?<![一-龥々])([一-龥])[ \u3000]([一-龥]{1,2}|[ァ-ヶー]{2,6})(?![一-龥々ァ-ヶー])"
)
_FIELD_END = re.compile(r"[、,，（(）)」|\n]|$|[ \u3000]*(?:さん|氏|様|容疑者|被告|被疑者)")
# (ケ, ヶ and ノ inside a surname: 桐ケ谷, 楢ノ木 — pii20)
_SPACED = re.compile(
    r"(?<![一-龥々ケヶノ])([一-龥々](?:[一-龥々]|[ケヶノ](?=[一-龥々])){0,5})[ \u3000]([一-龥々]{1,3}(?![一-龥々])|[ぁ-ゖ]{2,9})"
)
_AFTER_KANA = re.compile(r"(?:さん|ちゃん|くん|さま|様|から|が|は|を|に|の|と|も|へ)|$")


def _plain_english(word: str) -> bool:
    return word.lower() in english_words()


# one pinyin syllable: an initial and a final (no tones); a given name is one to three
_PINYIN = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|uai|uan|ian|iao|ai|ei|ui|ao|ou|iu|ie|ue|er|an|en|in|un"
    r"|ia|ua|uo|a|o|e|i|u)){1,3}"
)


def _pinyin_given(word: str) -> bool:
    """A capitalised word that is pinyin syllables and no English word (Jianguo, Xiaoming;
    not March, Said, Long)."""
    low = word.lower()
    return len(low) >= 3 and bool(_PINYIN.fullmatch(low)) and not _plain_english(word)


# pii24: one Korean syllable in Revised Romanization (or its usual spellings); a given name
# written as one word is two of them (Jisoo, Minseo, Dohyun, Seoah)
_KOREAN_SYLLABLE = (
    r"(?:kk|tt|pp|ss|jj|ch|g|k|n|d|t|r|l|m|b|p|s|j|h)?"
    r"(?:yeo|yae|wae|woo|eo|ae|ya|ye|yo|yu|wa|wo|we|wi|oe|eu|ui|oo|a|e|i|o|u)"
    r"(?:ng|n|m|l|k|p|t)?"
)
_KOREAN_GIVEN = re.compile(rf"(?:{_KOREAN_SYLLABLE}){{2}}")


def _korean_given(word: str) -> bool:
    """A capitalised word that is two Korean syllables and no English word (Jisoo, Minseo;
    not Jason, Sunday)."""
    low = word.lower()
    return len(low) >= 4 and bool(_KOREAN_GIVEN.fullmatch(low)) and not _plain_english(word)


def _plain_surname(word: str) -> bool:
    """A listed Vietnamese surname that is no English word (Nguyen, Pham; not Le, Do, Ho)."""
    return word in _lists()["vietnamese_romaji"] and len(word) >= 4 and not _plain_english(word)


def _latin(folded: str) -> list[Span]:
    lists = _lists()
    found: list[Span] = []
    for m in _KOREAN.finditer(folded):
        surname = m.group("s1") or m.group("s2")
        if surname in lists["korean_romaji"]:
            found.append((m.start(), m.end(), "person", "PII-NAME-KOREAN"))
    chinese = lists["chinese_romaji"]
    # (pii24: a register's surname in capitals first, LI Hao, ZHAO Min, KIM Jisoo)
    for m in re.finditer(r"(?=\b([A-Z][a-z]{1,12}|[A-Z]{2,8}) ([A-Z][a-z]{1,12})\b)", folded):
        a, b = m.group(1), m.group(2)
        caps = a.isupper()
        a = a.capitalize() if caps else a
        korean = (
            a in lists["korean_romaji"]
            and _korean_given(b)
            and b not in NOT_NAMES
            and b not in lists["korean_not_given"]
        )
        if korean:
            # (Park is a place's word too; before a Korean given name, a surname: Park Jiwoo)
            found.append((m.start(1), m.end(2), "person", "PII-NAME-KOREAN"))
            continue
        if f"{a} {b}" in lists["chinese_not_names"] or a in NOT_NAMES or b in NOT_NAMES:
            continue  # Feng Shui, Hong Kong
        if (
            (a in chinese and _pinyin_given(b))
            # (a surname in capitals says the name: an English given is let in, ZHAO Min)
            or (caps and a in chinese and len(b) >= 3 and bool(_PINYIN.fullmatch(b.lower())))
            or (not caps and b in chinese and _pinyin_given(a))
        ):
            found.append((m.start(1), m.end(2), "person", "PII-NAME-CHINESE"))
    vietnamese = lists["vietnamese_romaji"]
    middle = lists["vietnamese_middle"]
    for m in _CAPS.finditer(folded):
        words = m.group().split(" ")
        first, last = words[0], words[-1]
        forward = (first in vietnamese and words[1] in middle) or _plain_surname(first)
        if forward or (_plain_surname(last) and len(words) <= 4):
            found.append((m.start(), m.end(), "person", "PII-NAME-VIETNAMESE"))
    return found


def _katakana(folded: str, is_common: Callable[[str], bool]) -> list[Span]:
    lists = _lists()
    found: list[Span] = []
    for m in _KATA_RUN.finditer(folded):
        pieces = re.split(r"[・･ \u3000]", m.group())
        dotted = "・" in m.group() or "･" in m.group()
        head = pieces[0] in lists["katakana"] and (dotted or len(pieces[0]) >= 2)
        if not head and not any(p in lists["katakana_middle"] for p in pieces):
            continue
        listed = lists["katakana"] | lists["katakana_middle"]
        middle = any(p in lists["katakana_middle"] for p in pieces[1:])
        if not (head and middle) and any(p not in listed and is_common(p) for p in pieces):
            continue  # ファン・ミーティング: an ordinary word, not a name
        if any(q[2] == "地名" for q in word_pos("".join(pieces))):
            continue  # ホー・チ・ミン: a city
        found.append((m.start(), m.end(), "person", "PII-NAME-FOREIGN-KANA"))
    return found


def _kanji(folded: str, is_common: Callable[[str], bool]) -> list[Span]:
    surnames = _lists()["kanji"]
    found: list[Span] = []
    # (pii24: overlapping, so a word before the surname does not hide it: 妻 陈 丽)
    for m in _overlapping(_KANJI_NAME, folded):
        given = m.group(2)
        if m.group(1) not in surnames:
            continue
        if re.fullmatch("[ァ-ヶー]+", given) and is_common(given):
            continue  # 林 ジュース: an ordinary word after it
        if is_common(given) and not _FIELD_END.match(folded, m.end()):
            continue  # 王 建国 is a name when it ends a field; 金 曜日… is no name
        found.append((m.start(), m.end(), "person", "PII-NAME-FOREIGN-KANJI"))
    return found


def _overlapping(rx: re.Pattern[str], folded: str) -> Iterator[re.Match[str]]:
    """`rx`'s matches, each next one searched from where the last one's second word starts
    (届出人　桐ケ谷 隼人: 届出人 + 桐 is read, and then 桐ケ谷 + 隼人; pii20)."""
    pos = 0
    while (m := rx.search(folded, pos)) is not None:
        yield m
        pos = m.start(2)


def _spaced(folded: str, is_common: Callable[[str], bool]) -> list[Span]:
    t = tables()
    roles = sorted(_lists()["roles"], key=len, reverse=True)
    found: list[Span] = []
    for m in _overlapping(_SPACED, folded):
        surname, given = m.group(1), m.group(2)
        start = m.start(1)
        role = next((r for r in roles if surname.startswith(r) and len(surname) > len(r)), "")
        surname, start = surname[len(role) :], start + len(role)
        if surname in roles or re.search("[都道府県市区町村郡]$", surname):
            continue
        if any(surname.endswith(w) and surname != w for w in _lists()["institution_ends"]):
            continue  # pii24: 明治大学 和泉(キャンパス): an institution and its campus  # a role, or a place (富山 県砺波市 徳万…: an OCR's spaced address)
        end = m.end(2)
        if re.fullmatch("[ぁ-ゖ]+", given):
            cut = next(
                (
                    k
                    for k in range(len(given), 1, -1)
                    if _given(given[:k]) and _AFTER_KANA.match(given[k:])
                ),
                0,
            )
            if not cut:
                continue
            end = m.start(2) + cut
        elif not _given(given) and not _one_kanji_given(surname, given, folded, end):
            continue
        elif len(given) == 1 and len(surname) == 1 and given not in t.given:
            continue  # 届 出 (an OCR's spaced 届出書): one kanji each, a name only if listed
        honorific = bool(_HONORIFIC.match(folded, end))
        pos = word_pos(surname)
        if pos and all(p[0] != "名詞" for p in pos):
            continue  # 第一 実行: an adverb, not a surname
        kanji_given = not re.fullmatch("[ぁ-ゖ]+", given)
        common_given = any(p[1] == "普通名詞" for p in word_pos(given))
        # (a surname with ケ or ノ inside, 桐ケ谷 隼人, is a name's shape: no ordinary word is
        # written so — pii20)
        shaped = bool(re.search("[ケヶノ]", surname))
        # (pii22: or ends a field after a surname that is no ordinary word: 米須 太一、)
        ends_field = bool(re.match(r"[、,，\n]|$", folded[end : end + 1]))
        proper = not is_common(surname) and any(p[1] == "固有名詞" for p in word_pos(surname))
        needs_more = kanji_given and len(given) >= 2 and not honorific and common_given
        if needs_more and not shaped and not (ends_field and proper):
            continue  # a listed given name that is also an ordinary word (実行) needs さん
        weak = len(surname) >= 2 and is_common(surname) and not _surname(surname)
        if weak and (not honorific or any(p[2] == "副詞可能" for p in word_pos(surname))):
            continue  # 事件 実, 会議 ゆかり, 今日 まゆみさん: an ordinary word before it
        found.append((start, end, "person", "PII-NAME-SPACED"))
    return found


_HONORIFIC = re.compile(r"さん|ちゃん|くん|さま|様|氏")
# one kanji after a listed surname that is a suffix or a word, never a given name
# (review of pii23: an OCR's spaced municipality, 福岡 市、 is a place; pii24)
_NOT_ONE_KANJI_GIVEN = frozenset("様氏殿君他等外宛方邸家宅組班係課長都道府県市区町村郡")


def _one_kanji_given(surname: str, given: str, folded: str, end: int) -> bool:
    """pii22: one kanji the lists do not hold as a given name (颯) after a listed surname
    of two kanji or more, ending a field (免許証 兵頭 颯、): a given name by its place."""
    return (
        len(given) == 1
        and given not in _NOT_ONE_KANJI_GIVEN
        and len(surname) >= 2
        and surname in tables().surnames
        and bool(re.match(r"[、,，\n]|$", folded[end : end + 1]))
    )


_TO_KATAKANA = str.maketrans({chr(c): chr(c + 0x60) for c in range(0x3041, 0x3097)})


def _given(word: str) -> bool:
    """A listed given name, in kanji or by its reading in hiragana, or one to the dictionary."""
    t = tables()
    if word in t.given or word.translate(_TO_KATAKANA) in t.given_readings:
        return True
    pos = word_pos(word)
    # a name to the dictionary and, in kanji, not also an ordinary word (実行, 実施)
    named = any(p[2] == "人名" and p[3] == "名" for p in pos)
    return named and (len(word) == 1 or not any(p[1] == "普通名詞" for p in pos))


def _surname(word: str) -> bool:
    return word in tables().surnames or any(p[3] == "姓" for p in word_pos(word))


def foreign_and_spaced(folded: str, is_common: Callable[[str], bool]) -> list[Span]:
    """(start, end, kind, rule) of the names above."""
    return (
        _latin(folded)
        + _katakana(folded, is_common)
        + _kanji(folded, is_common)
        + _spaced(folded, is_common)
    )
