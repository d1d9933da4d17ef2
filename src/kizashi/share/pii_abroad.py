"""Values of travellers, foreign residents and their accounts (pii23, issue #16's
twenty-third round): :mod:`kizashi.share.pii` calls :func:`abroad`, the tear-line calls
:func:`kept_word_at`.

- an identifier after a label the older lists lack (PNR K7QX2L, 追跡番号 EJ 1234 5678 9JP,
  IMEI 3539…, 学籍番号 26XE941, keybox code 7391): the labels are data
  (``data/pii_abroad.yaml``), the value must have an identifier's shape;
- a phone number with a country code other than Japan's (+49 171 5523 908, +86 138 0013
  7722, +1 415 555 0198): eight to fifteen digits in groups;
- an address in romaji written town first (Kameari 3-27-4, Katsushika-ku; 5-2-7
  Nishiarai-honcho with a room and a building before it) and a German or British one
  (Bergstraße 14, 69117 Heidelberg; 12 Mill Lane, Bristol BS3 4QA);
- a passenger name in an airline's form (SCHNEIDER/JONAS MR), a card's name with an initial
  after its label (名義 D KOWALSKI), and a listed surname before a katakana given name in a
  ledger (具志堅 ノア, 二階堂 レオン);
- a date of birth without its label, dotted or slashed (2001.6.3, 1988/11/23), on a line
  that names a person (:func:`ledger_births`, after the names are known).

:func:`kept_word_at` says a span lies inside a well-known brand's, firm's or place's name
where it stands (Louis Vuitton, 浅草 of 浅草寺): the tear-line drops a person's or the
sweep's finding there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import yaml

Span4 = tuple[int, int, str, str]

LISTS_FILE = Path(__file__).parent / "data" / "pii_abroad.yaml"


@cache
def _lists() -> dict[str, list[str]]:
    data = yaml.safe_load(LISTS_FILE.read_text("utf-8"))
    return {k: [str(w) for w in v] for k, v in data.items()}


# an identifier: letters, digits, - and _, inner dots; more groups after single spaces when
# each holds a digit or is two or three capitals (EJ 1234 5678 9JP)
_VALUE = (
    r"(?P<v>(?<![A-Za-z0-9])[A-Za-z0-9](?:[A-Za-z0-9_\-]|\.(?=[A-Za-z0-9]))*"
    r"(?: (?:(?=[A-Za-z0-9]{0,5}\d)[A-Za-z0-9]{2,6}|[A-Z]{2,3})(?![A-Za-z0-9]))*)"
)


@cache
def _labelled() -> re.Pattern[str]:
    labels = sorted(_lists()["id_labels_ja"] + _lists()["id_labels_en"], key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in labels)
    return re.compile(
        rf"(?<![A-Za-z])(?:{alternatives})(?![a-z])\.?[ \u3000]*(?:[:：#]|は|No\.?)?[ \u3000]*"
        + _VALUE
    )


def labelled_ids(folded: str) -> list[Span4]:
    found = []
    for m in _labelled().finditer(folded):
        s, e = m.span("v")
        value = folded[s:e]
        # a group of capitals at the end is the next word, not the id's (PNR K7QX2L MS)
        while " " in value and not any(c.isdigit() for c in value.rsplit(" ", 1)[1]):
            last = value.rsplit(" ", 1)[1]
            if len(value.split(" ")) > 2 and re.fullmatch(r"[A-Z]{2,3}", last):
                break  # EJ 1234 5678 9JP's last group has a digit; JP alone ends a tracking no
            value = value.rsplit(" ", 1)[0]
        digits = sum(c.isdigit() for c in value)
        if digits < 2 or not 4 <= len(value) <= 45:
            continue
        found.append((s, s + len(value), "id_number", "PII-ID-LABELLED-LIST"))
    return found


# +CC and eight to fifteen digits in groups of one to five (not Japan's +81: pii.py has it)
_INTL_PHONE = re.compile(
    r"(?<![\w+])\+(?!81)(?P<cc>[1-9]\d{0,2})(?:[ \-.]?\(0\))?"
    r"(?:[ \-.]?\(?\d{1,5}\)?){2,6}(?![\d])"
)


def international_phones(folded: str) -> list[Span4]:
    found = []
    for m in _INTL_PHONE.finditer(folded):
        digits = sum(c.isdigit() for c in m.group())
        if 8 <= digits <= 15:
            found.append((m.start(), m.end(), "phone", "PII-PHONE-INTL"))
    return found


# romaji town first: Kameari 3-27-4, Katsushika-ku[, Tokyo]; Nishiarai 2-8-14-501, Adachi-ku
_TOWN_FIRST = re.compile(
    r"(?<![A-Za-z])[A-Z][a-z]{2,14}(?:-[A-Za-z][a-z]{1,10})? \d{1,4}(?:-\d{1,4}){1,3}"
    r"(?:,[ \u3000]*[A-Z][a-z]+-(?:ku|shi|cho|machi|mura|gun)\b){1,2}"
    r"(?:,[ \u3000]*(?:Tokyo|Osaka|Kyoto|Hokkaido|Saitama|Chiba|Kanagawa|[A-Z][a-z]+-(?:ken|fu)))?"
)
# the block first, a town with a lower-case part (5-2-7 Nishiarai-honcho), a room and a
# building before it (Room 204, Ko-po Fuji, …)
_BLOCK_FIRST = re.compile(
    r"(?:(?:Room|Rm\.?|Apt\.?|Flat|Unit|#) ?\d{1,4}[A-Z]?,[ \u3000]*"
    r"(?:[A-Z][A-Za-z\-]+(?: [A-Z][A-Za-z\-]+){0,3},[ \u3000]*)?)?"
    r"(?<![\d\-])\d{1,4}-\d{1,4}-\d{1,4}(?:-\d{1,4})?[ \u3000]+"
    # (a lower-case part after the hyphen is a romaji town's: Nishiarai-honcho, Senju-nakacho)
    r"[A-Z][a-z]+-[a-z]{2,12}\b"
)
# German (Bergstraße 14, 69117 Heidelberg; Berliner Str. 27, 10715 Berlin) and British
# (12 Mill Lane, Bristol BS3 4QA)
_GERMAN = re.compile(
    r"(?<![A-Za-z])(?:[A-ZÄÖÜ][a-zäöüß]+ )?[A-ZÄÖÜ]?[a-zäöüß]*"
    r"(?:straße|strasse|Straße|Strasse|str\.|Str\.|weg|platz|allee|gasse|ring|damm)"
    r" \d{1,4}[a-z]?, \d{5} [A-ZÄÖÜ][a-zäöüß]+(?:[ \-][A-ZÄÖÜ][a-zäöüß]+)?"
)
_BRITISH = re.compile(
    r"(?<![\w])\d{1,4} [A-Z][a-z]+(?: [A-Z][a-z]+)? "
    r"(?:Lane|Street|Road|Avenue|Close|Drive|Way|Crescent|Gardens|Place|Terrace|Court|Row|Hill)"
    r", [A-Z][a-z]+(?: [A-Z][a-z]+)? [A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b"
)


def foreign_addresses(folded: str) -> list[Span4]:
    return [
        (m.start(), m.end(), "address", "PII-ADDRESS-ABROAD")
        for pattern in (_TOWN_FIRST, _BLOCK_FIRST, _GERMAN, _BRITISH)
        for m in pattern.finditer(folded)
    ]


# SCHNEIDER/JONAS MR: an airline's passenger name, its title (or a list's number) beside it
_AIRLINE = re.compile(
    r"(?<![A-Za-z/])(?P<v>[A-Z]{2,20}/[A-Z]{2,20}(?: [A-Z]{2,20})?)"
    r"(?=[ \u3000]+(?:MR|MRS|MS|MSTR|MISS|DR|CHD|INF)\b)"
    r"|(?m:^[ \u3000]*\d{1,3}\.[ \u3000]*)(?P<w>[A-Z]{2,20}/[A-Z]{2,20})(?![A-Za-z/])"
)
# 名義 D KOWALSKI, Cardholder J SMITH: an initial and a surname in capitals after the label
_CARD_NAME = re.compile(
    r"(?:名義人?|カード名義|Cardholder|Card holder|Name on card)[ \u3000]*[:：]?[ \u3000]*"
    r"(?P<v>[A-Z]\.? [A-Z]{2,20}(?: [A-Z]{2,20})?)(?![A-Za-z])"
)
# 具志堅 ノア: a listed surname, a space, a katakana given name
_SURNAME_KATAKANA = re.compile(
    r"(?<![一-龥々])(?P<s>[一-龥々]{2,4})[ \u3000](?P<g>[ァ-ヶ][ァ-ヶー]{1,5})(?![ァ-ヶー・])"
)


# Recipient Oliver Grant, Name: Lin Wei-Chen, Room C: Sipho Dlamini |: a ledger's field for a
# person, then two or three capitalised words (data/pii_abroad.yaml's name_labels_en)
_LATIN_NAME = r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?(?: [A-Z][a-z]+(?:-[A-Z]?[a-z]+)?){1,2}"


@cache
def _name_labelled() -> re.Pattern[str]:
    labels = sorted(_lists()["name_labels_en"], key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in labels)
    return re.compile(
        rf"(?<![A-Za-z])(?:{alternatives}|Room [A-Z0-9]{{1,4}}:)[ \u3000]*[:：]?[ \u3000]*"
        rf"(?P<v>{_LATIN_NAME})(?![A-Za-z])"
    )


def names_in_forms(
    folded: str,
    surnames: frozenset[str] | set[str],
    is_common: Callable[[str], bool],
    given_readings: frozenset[str] | set[str] = frozenset(),
) -> list[Span4]:
    found: list[Span4] = []
    for m in _AIRLINE.finditer(folded):
        g = "v" if m.group("v") else "w"
        found.append((m.start(g), m.end(g), "person", "PII-NAME-AIRLINE"))
    for m in _CARD_NAME.finditer(folded):
        found.append((m.start("v"), m.end("v"), "person", "PII-NAME-CARD"))
    for m in _SURNAME_KATAKANA.finditer(folded):
        given = m.group("g")
        # (ノア is also an ordinary word, and a listed given name: beside a surname, a name)
        if m.group("s") in surnames and (not is_common(given) or given in given_readings):
            found.append((m.start(), m.end(), "person", "PII-NAME-SURNAME-KATAKANA"))
    stop = frozenset(_lists()["not_name_words_en"])
    for m in _name_labelled().finditer(folded):
        if any(w in stop for w in re.split(r"[ \-]", m.group("v"))):
            continue  # Name: Tokyo Station, Guest Room Service
        found.append((m.start("v"), m.end("v"), "person", "PII-NAME-LABELLED-EN"))
    return found


# 「リュウ」という人, "Kaito" aside: a quoted katakana or Latin word someone is called by
_QUOTED_CALLED = re.compile(
    r"[「『](?P<v>[ァ-ヶ][ァ-ヶー]{1,7}|[A-Z][a-z]{1,14})[」』]"
    r"(?:という|って|と名乗る|と呼ばれる)(?:人|男|女|者|子|少年|少女|男性|女性|相手|アカウント)"
)
# my friend Linh, her colleague Tuan: one capitalised word after a possessive and a relation
_RELATION_NAME = re.compile(
    r"\b(?:[Mm]y|[Hh]er|[Hh]is|[Oo]ur|[Tt]heir) (?:friend|colleague|neighbou?r|brother|sister|"
    r"cousin|roommate|flatmate|classmate|coworker|co-worker|boss|son|daughter|husband|wife|"
    r"boyfriend|girlfriend|partner) (?P<v>[A-Z][a-z]{2,14})\b(?![ \u3000][A-Z])"
)


def called_names(folded: str, english: Callable[[str], bool]) -> list[Span4]:
    """A word quoted before という人 (「リュウ」という人), one after my friend (my friend Linh)."""
    found = [
        (m.start("v"), m.end("v"), "person", "PII-NAME-CALLED")
        for m in _QUOTED_CALLED.finditer(folded)
    ]
    found += [
        (m.start("v"), m.end("v"), "person", "PII-NAME-RELATION-EN")
        for m in _RELATION_NAME.finditer(folded)
        if not english(m.group("v"))
    ]
    return found


def abroad(
    folded: str,
    surnames: frozenset[str] | set[str],
    is_common: Callable[[str], bool],
    given_readings: frozenset[str] | set[str] = frozenset(),
    english: Callable[[str], bool] = lambda _: False,
) -> list[Span4]:
    """Every finding of this module but the dates of birth (:func:`ledger_births`)."""
    return (
        called_names(folded, english)
        + labelled_ids(folded)
        + international_phones(folded)
        + foreign_addresses(folded)
        + names_in_forms(folded, surnames, is_common, given_readings)
    )


# a full date, dotted or slashed, of a year a living adult or child may be born in
_BARE_DATE = re.compile(
    r"(?<![\d./\-])(?:19[2-9]\d|200\d|201[0-2])(?P<sep>[./])\d{1,2}(?P=sep)\d{1,2}(?![\d./])"
    r"|(?<![\d./\-])\d{1,2}(?P<sep2>[./])\d{1,2}(?P=sep2)(?:19[2-9]\d|200\d|201[0-2])(?![\d./])"
)


def ledger_births(folded: str, people: Sequence[tuple[int, int]]) -> list[Span4]:
    """Dotted or slashed dates of a birth year on a line that names a person (売主 二階堂
    レオン 2001.6.3): in a ledger the date beside a name is the person's birth date."""
    found = []
    for m in _BARE_DATE.finditer(folded):
        line_start = folded.rfind("\n", 0, m.start()) + 1
        line_end = folded.find("\n", m.end())
        line_end = len(folded) if line_end < 0 else line_end
        if any(line_start <= s and e <= line_end for s, e in people):
            found.append((m.start(), m.end(), "birth_date", "PII-BIRTH-LEDGER"))
    return found


_MARKED_NAME = re.compile(r"[ \u3000]?(?:さん|くん|ちゃん|君|様|さま|氏|殿)")
_TITLE_BEFORE = re.compile(r"(?:Mr|Mrs|Ms|Miss|Dr)\.?[ \u3000]$")


@cache
def _keep_pattern(places: bool) -> re.Pattern[str]:
    words = _lists()["keep_brands"] + (_lists()["keep_places"] if places else [])
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def kept_word_at(text: str, start: int, end: int, *, person: bool = False) -> bool:
    """`text[start:end]` lies inside a listed brand's, firm's or place's name where it
    stands (浅草 of 浅草寺, Louis Vuitton), and no honorific or title makes it a person's.
    A person's finding (`person`) is kept only inside a brand's or a firm's name: places are
    often surnames too (大洗, 羽田), and a name reader that took one has read it as someone's
    (本名は大洗　ちゑこ); the residual sweep's guesses are kept inside either."""
    lo = max(0, start - 24)
    for m in _keep_pattern(not person).finditer(text, lo, min(len(text), end + 24)):
        if m.start() <= start and end <= m.end():
            marked = _MARKED_NAME.match(text, m.end()) or _TITLE_BEFORE.search(text, 0, m.start())
            return marked is None
    return False
