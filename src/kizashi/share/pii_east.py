"""Values of Chinese and Korean residents as they and their papers write them (pii24, issue
#16's twenty-fourth round): :mod:`kizashi.share.pii` calls :func:`east`; the residual sweep
asks :func:`hangul_not_prose` before it takes a Hangul word, :func:`chinese_prose` and
:func:`form_word` before it takes an unknown word.

- a Korean name in Hangul: a listed surname syllable and one or two more, whose last is no
  particle or ending (김민준, 최서연; not 이상한, 이름이), or any two to four syllables with
  씨 / 님 / 라고 after them (다나카라고);
- an age in Chinese or Korean (40岁, 11살, 34세) and a bare number in brackets after a
  relation (（子、11）, （妻、29））;
- a Chinese address: a city, a district, a road and a number (上海市浦東新区張江路188号);
- a room and a residence hall (Room 318, Sophia Soshigaya House), a Japanese dormitory or
  building and a room code with a letter after an address's block (… 1-31-2 和泉寮 B-214);
- an English address field's value, the rest of its line (Home address: ul. Rakovski 112,
  1000 Sofia) when it holds a number.

The lists are data (``data/pii_east.yaml``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

Span4 = tuple[int, int, str, str]

LISTS_FILE = Path(__file__).parent / "data" / "pii_east.yaml"


@cache
def _lists() -> dict[str, frozenset[str]]:
    data = yaml.safe_load(LISTS_FILE.read_text("utf-8"))
    return {k: frozenset(str(w) for w in v) for k, v in data.items()}


def _alternatives(key: str) -> str:
    return "|".join(re.escape(w) for w in sorted(_lists()[key], key=len, reverse=True))


_HANGUL_WORD = re.compile(r"(?<![가-힣])[가-힣]{2,6}(?![가-힣])")


def hangul_not_prose(word: str) -> bool:
    """The sweep's test: any Hangul word but a verb's or an adjective's form (있었어요,
    신고합시다, 했죠) and the listed places — the sweep guesses, so it errs on the side of
    taking (a name with a particle run on, 민서가, is taken with 사람이)."""
    lists = _lists()
    return not word.endswith(tuple(lists["hangul_verb_endings"])) and (
        word not in lists["hangul_not_names"]
    )


def hangul_name_shaped(word: str) -> bool:
    """Three syllables, a listed surname first and no particle or ending last (김민준)."""
    lists = _lists()
    return (
        len(word) == 3
        and word[0] in lists["hangul_surnames"]
        and word[-1] not in lists["hangul_not_last"]
        and word not in lists["hangul_not_names"]
    )


@cache
def _hangul_marked() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![가-힣])(?P<v>[가-힣]{{2,4}}?)(?:{_alternatives('hangul_after_name')})"
    )


def hangul_names(folded: str) -> list[Span4]:
    found = [
        (m.start(), m.end(), "person", "PII-NAME-HANGUL")
        for m in _HANGUL_WORD.finditer(folded)
        if hangul_name_shaped(m.group())
    ]
    for m in _hangul_marked().finditer(folded):
        if m.group("v") not in _lists()["hangul_not_names"]:
            found.append((m.start("v"), m.end("v"), "person", "PII-NAME-HANGUL-MARKED"))
    return found


# (세대 is a generation, 세기 a century)
_AGE_EAST = re.compile(r"(?<![\d.,])\d{1,3}(?:岁|歲|살|세)(?!대|기)")


@cache
def _relation_age() -> re.Pattern[str]:
    return re.compile(
        rf"(?<=[（(])(?:{_alternatives('relation_words')})[、,，][ \u3000]?"
        r"(?P<v>\d{1,3})(?:歳|才)?(?=[）)])"
    )


def east_ages(folded: str) -> list[Span4]:
    found = [(m.start(), m.end(), "age", "PII-AGE-EAST") for m in _AGE_EAST.finditer(folded)]
    found += [
        (m.start("v"), m.end("v"), "age", "PII-AGE-RELATION")
        for m in _relation_age().finditer(folded)
    ]
    return found


@cache
def _china_address() -> re.Pattern[str]:
    return re.compile(
        rf"(?:[一-龥]{{2,3}}(?:{_alternatives('china_city_suffixes')}))"
        rf"(?:[一-龥]{{1,4}}(?:{_alternatives('china_district_suffixes')}))"
        rf"[一-龥]{{1,6}}(?:{_alternatives('china_road_suffixes')})"
        r"\d{1,5}(?:号|號)(?:[\d\-]{1,8}(?:室|号|號)?)?"
    )


@cache
def _residence_room() -> re.Pattern[str]:
    return re.compile(
        r"(?:Room|Rm\.?|Apt\.?|Unit) ?\d{1,4}[A-Z]?,[ \u3000]*"
        rf"[A-Z][A-Za-z\-]+(?: [A-Z][A-Za-z\-]+){{0,3}} (?:{_alternatives('residence_words')})\b"
    )


@cache
def _building_room() -> re.Pattern[str]:
    # after an address's block (1-31-2), a building word and a room code with a letter
    return re.compile(
        r"(?<=\d)[ \u3000]+[一-龥ァ-ヶーぁ-ゖA-Za-z]{1,10}?"
        rf"(?:{_alternatives('building_suffixes_ja')})[ \u3000]*[A-Z]-?\d{{2,4}}(?![\dA-Za-z])"
    )


@cache
def _address_field() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![A-Za-z])(?:{_alternatives('address_labels_en')})[ \u3000]*[:：][ \u3000]*"
        r"(?P<v>[^\n|]*?)(?=[ \u3000]{2,}|[ \u3000]*(?:\||\n|$))"
    )


def east_addresses(folded: str, places: list[tuple[int, int]]) -> list[Span4]:
    found = [
        (m.start(), m.end(), "address", "PII-ADDRESS-CHINA")
        for m in _china_address().finditer(folded)
    ]
    found += [
        (m.start(), m.end(), "address", "PII-ADDRESS-RESIDENCE")
        for m in _residence_room().finditer(folded)
    ]
    for m in _building_room().finditer(folded):
        # only right after an address found (its block's end)
        if any(s <= m.start() <= e for s, e in places):
            found.append((m.start(), m.end(), "address", "PII-ADDRESS-BUILDING-ROOM"))
    for m in _address_field().finditer(folded):
        value = m.group("v")
        s, e = m.span("v")
        if any(a < e and s < b for a, b in places):
            continue  # another reading found the address inside the field: it says where
        if re.search(r"\d", value) and len(value) >= 6:
            found.append((m.start("v"), m.end("v"), "address", "PII-ADDRESS-FIELD-EN"))
    return found


@cache
def _name_parts() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![A-Za-z])(?:{_alternatives('name_part_labels_en')})[ \u3000]*[:：]?[ \u3000]*"
        r"(?P<v>[A-Z][A-Za-z'\-]+(?: [A-Z][A-Za-z'\-]+)?)(?![A-Za-z])"
    )


def name_parts(folded: str) -> list[Span4]:
    """A name's part after its field on a form, in capitals too (Surname: PETROVA)."""
    found = []
    for m in _name_parts().finditer(folded):
        words = m.group("v").split(" ")
        if words[-1] in _lists()["name_part_labels_en"] or words[-1] in ("Given", "First"):
            words = words[:-1]  # Surname: PETROVA  Given name: — the next field's label
        if words and not any(w in _lists()["form_words_en"] for w in words):
            v = " ".join(words)
            found.append((m.start("v"), m.start("v") + len(v), "person", "PII-NAME-PART-EN"))
    return found


def form_word(word: str) -> bool:
    """An English form's field word (Surname, Renter, Permit): the sweep keeps it."""
    return word in _lists()["form_words_en"]


def chinese_prose(word: str) -> bool:
    """A word holding a simplified character of Chinese grammar and longer than a name
    (那个人说是, 新号码是), or made of such characters only (谢谢): not a name."""
    prose = _lists()["chinese_prose_chars"]
    held = [c in prose for c in word]
    return (len(word) >= 4 and any(held)) or all(held)


def east(folded: str, places: list[tuple[int, int]]) -> list[Span4]:
    """Every finding of this module (`places`: the addresses already found; a building and a
    room are read only after one, an English address field only when none lies in it)."""
    return (
        hangul_names(folded)
        + east_ages(folded)
        + east_addresses(folded, places)
        + name_parts(folded)
    )
