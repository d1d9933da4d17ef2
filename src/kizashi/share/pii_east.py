"""Values of Chinese and Korean residents as they and their papers write them (pii24, issue
#16's twenty-fourth round): :mod:`kizashi.share.pii` calls :func:`east`; the residual sweep
asks :func:`form_word` before it takes an unknown Latin word. (pii24's tests for Korean and
Chinese prose in the sweep were taken out by the review: they let names through.)

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
# A comma before the number is a clause's (我叫王小明，35岁 — folded to ","), unless a digit is
# before it (1,200세트): review of pii24. 세트 (a set) and 세계 (the world) are no ages.
_AGE_EAST = re.compile(r"(?<![\d.])(?<!\d,)\d{1,3}(?:岁|歲|살|세)(?!대|기|트|계)")


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


# A public building's hall (Adachi City Hall, Kita Public Hall) is no residence (review of pii24).
_PUBLIC_HALL = re.compile(
    r"\b(?:City|Town|Ward|Village|Public|Civic|Community|Concert|Forum|Memorial|Prefectural|"
    r"Municipal|Exhibition|Convention|Assembly|Lecture|Sports|Dining|Music) Hall\b"
)
_NOT_A_HOME_LABEL = re.compile(r"(?i)(?:\bIP|mail|wallet|\bMAC|\bweb|\bURL|\bserver)[ \u3000]*$")


def east_addresses(folded: str, places: list[tuple[int, int]]) -> list[Span4]:
    found = [
        (m.start(), m.end(), "address", "PII-ADDRESS-CHINA")
        for m in _china_address().finditer(folded)
    ]
    found += [
        (m.start(), m.end(), "address", "PII-ADDRESS-RESIDENCE")
        for m in _residence_room().finditer(folded)
        if not _PUBLIC_HALL.search(m.group())
    ]
    for m in _building_room().finditer(folded):
        # only right after an address found (its block's end)
        if any(s <= m.start() <= e for s, e in places):
            found.append((m.start(), m.end(), "address", "PII-ADDRESS-BUILDING-ROOM"))
    for m in _address_field().finditer(folded):
        if _NOT_A_HOME_LABEL.search(folded, max(0, m.start() - 12), m.start()):
            continue  # IP / Mail / Wallet Address: no home (review of pii24)
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


def east(folded: str, places: list[tuple[int, int]]) -> list[Span4]:
    """Every finding of this module (`places`: the addresses already found; a building and a
    room are read only after one, an English address field only when none lies in it)."""
    return (
        hangul_names(folded)
        + east_ages(folded)
        + east_addresses(folded, places)
        + name_parts(folded)
    )
