"""Names known by what stands right beside them, and handles without an @ (pii22).

- a word before a relation in brackets (ジョマール（夫）, ハナ（友人）): the writer says who the
  word is to someone, so it is a person — a katakana or Latin word the dictionary does not
  know as an ordinary word, or a kanji one it reads as a name;
- a word before a handle in brackets (ハル（@haru__0211）, ちひろ（chihiro_m）): a display name
  beside its account — never a platform's own name (Instagram（@…）, インスタ（…）);
- a self-introduction opening a quotation (「ミカです、DMください」), and a quotation holding
  only a hiragana word the dictionary does not know or reads as a name (画面に「さやか」): the checks of a
  greeting's name (``pii_lists.self_named``) apply;
- a handle-shaped token standing alone in prose (takumi.k_0412, chihiro_m): letters with an
  underscore, or with an inner dot and a digit, at least one piece no English word, not a
  file's name, a domain or a version.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import yaml

from kizashi.text import word_pos

Span4 = tuple[int, int, str, str]

_RELATIONS = (
    "夫|妻|父|母|長男|長女|次男|次女|三男|三女|息子|娘|兄|弟|姉|妹|祖父|祖母|孫|叔父|叔母|伯父|伯母|"
    "甥|姪|義父|義母|友人|知人|交際相手|元交際相手|彼氏|彼女|婚約者|内縁の夫|内縁の妻|元夫|元妻|"
    "同居人|同僚|上司|部下|雇用主|通訳|保証人|husband|wife|son|daughter|father|mother|friend"
)
# the word, not run on from one of its own script (友人ハル: ハル, after the kanji 友人)
_WORD = (
    r"(?P<v>(?<![一-龥々])[一-龥々]{1,4}|(?<![ァ-ヶー])[ァ-ヶー]{2,10}|(?<![ぁ-ゖ])[ぁ-ゖ]{2,5}"
    r"|(?<![A-Za-z0-9])[A-Z][a-z]{1,14}(?: [A-Z][a-z]{1,14})?)"
)
_BOUNDARY = ""
_BEFORE_RELATION = re.compile(_BOUNDARY + _WORD + rf"[ \u3000]?[（(](?:{_RELATIONS})[)）]")
_HANDLE_SHAPE = r"[A-Za-z0-9][A-Za-z0-9]*(?:[._][A-Za-z0-9]+)+_?"
_BEFORE_HANDLE = re.compile(
    _BOUNDARY + _WORD + rf"[ \u3000]?[（(\[](?:@[A-Za-z0-9_.]{{2,30}}|{_HANDLE_SHAPE})[)）\]]"
)
_QUOTED_SELF = re.compile(
    r"(?<=「)(?P<v>[一-龥]{1,4}|[ァ-ヶー]{2,6}|[ぁ-ゖ]{2,5})(?:です|でーす|と申します)[。、！!」]"
)
# a quotation holding only a word in hiragana the dictionary does not know or knows as a name
# (「あやね」と書いた紙): a given name, when its reading is a listed one's
_QUOTED_KANA = re.compile(r"(?<=「)(?P<v>[ぁ-ゖ]{2,5})(?=」)")
_LOOSE_HANDLE = re.compile(
    r"(?<![A-Za-z0-9_.@/\\:#\-])(?P<v>[A-Za-z][A-Za-z0-9]*(?:[._][A-Za-z0-9]+)+_?)"
    r"(?![A-Za-z0-9_@/\\\-]|\.[A-Za-z0-9]|\()"
)
WORDS_FILE = Path(__file__).parent / "data" / "pii_beside.yaml"


@cache
def _lists() -> dict[str, frozenset[str]]:
    """platforms, field_words and not_handle_ends (``data/pii_beside.yaml``)."""
    data = yaml.safe_load(WORDS_FILE.read_text("utf-8"))
    return {key: frozenset(str(w) for w in words) for key, words in data.items()}


_FUNCTION_POS = frozenset(
    ["副詞", "感動詞", "代名詞", "連体詞", "接続詞", "助動詞", "動詞", "形容詞"]
)


def _function_word(pos: frozenset[tuple[str, ...]]) -> bool:
    """A word the dictionary also reads as an adverb, an interjection, a pronoun … (そう,
    はい, ここ): never a name alone in a quotation."""
    return any(p[0] in _FUNCTION_POS for p in pos)


def _person_word(word: str, is_common: Callable[[str], bool]) -> bool:
    """A word that can be a person's name here: not an ordinary word nor a place; in kanji,
    one the dictionary reads as a name (a surname or a given name)."""
    if word.lower() in {p.lower() for p in _lists()["platforms"]}:
        return False
    pos = word_pos(word)
    if any(p[2] == "地名" for p in pos) and not any(p[2] == "人名" for p in pos):
        return False
    if pos and all(p[1] == "固有名詞" and p[2] not in ("人名", "地名") for p in pos):
        # pii24: a firm's or a brand's name to the dictionary, never a person's
        # (スターバックス（友人）: the place met at, before the friend's note)
        return False
    if re.fullmatch(r"[一-龥々]+", word):
        return any(p[2] == "人名" for p in pos) and not (is_common(word) and len(word) == 1)
    if re.fullmatch(r"[A-Za-z ]+", word):
        return not any(p[1] == "普通名詞" for p in pos)
    return not is_common(word) or any(p[2] == "人名" for p in pos)


def beside(
    folded: str,
    is_common: Callable[[str], bool],
    english: Callable[[str], bool],
    named_self: Callable[[str], bool],
) -> list[Span4]:
    """(start, end, kind, rule) of the names and handles above. `english` says whether a
    word is an English word; `named_self` applies a greeting's name checks."""
    found: list[Span4] = []
    for rx, rule in ((_BEFORE_RELATION, "PII-NAME-RELATION"), (_BEFORE_HANDLE, "PII-NAME-HANDLE")):
        for m in rx.finditer(folded):
            if _person_word(m.group("v"), is_common):
                found.append((m.start("v"), m.end("v"), "person", rule))
    for m in _QUOTED_SELF.finditer(folded):
        word = m.group("v")
        pos = word_pos(word)
        unnamed = bool(pos) and not any(p[2] == "人名" for p in pos)
        if (re.fullmatch("[ぁ-ゖ]+", word) and unnamed) or _function_word(pos):
            continue  # 「ここです」, 「そうです」: a word of the language, not a name
        if named_self(word):
            found.append((m.start("v"), m.end("v"), "person", "PII-NAME-QUOTED-SELF"))
    for m in _QUOTED_KANA.finditer(folded):
        pos = word_pos(m.group("v"))
        named = not pos or any(p[2] == "人名" for p in pos)
        if named and not _function_word(pos) and named_self(m.group("v")):
            found.append((m.start("v"), m.end("v"), "person", "PII-NAME-QUOTED-KANA"))
    for m in _LOOSE_HANDLE.finditer(folded):
        word = m.group("v")
        pieces = [p for p in re.split(r"[._]", word) if p]
        if not pieces or pieces[-1].lower() in _lists()["not_handle_ends"]:
            continue  # a file's name or a domain (notes.txt, example.com)
        if "_" not in word and not (re.search(r"\d", word) and re.search("[A-Za-z]{2}", word)):
            continue  # e.g., a.m., v1.2: no underscore, and not letters with a digit
        if re.search("[A-Z]", word[1:]):
            continue  # No.M7712345, IDsabc_123, MAX_SIZE: a label run on, a constant
        if all(
            english(p.rstrip("0123456789"))
            or p.lower().rstrip("0123456789") in _lists()["field_words"]
            or p.isdigit()
            or len(p) <= 2
            for p in pieces
        ):
            continue  # user_id, first_name: a field's name, not an account
        found.append((m.start("v"), m.end("v"), "account", "PII-HANDLE-SHAPED"))
    return found
