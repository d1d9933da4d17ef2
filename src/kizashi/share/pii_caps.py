"""A foreign name in passport capitals with no form's label of the capitals rule before it
(eighth round): MUELLER THOMAS on a receipt, GARCIA MARIA after 旅券 or カード名義は.
:mod:`kizashi.share.pii` calls :func:`passport_capitals`.

Capitals are also acronyms, shouted English and headings (NEW YORK, TOKYO STATION, FINAL
NOTICE, ATM CARD), so a run of two or three words in capitals is a name only when no word is
one the dictionary knows but not as a person's name (an ordinary word or a place), and either
every word is a name to the dictionary (Sudachi's person names, or a Japanese name's reading
in romaji from the tables), one of them no ordinary word too (in a Japanese line that one
alone will do), or a word for a card, a
document or a person stands before it in its line or "とあった"/"と書" after it."""

from __future__ import annotations

import re
from collections.abc import Callable

from kizashi.share.pii_base import tables
from kizashi.share.pii_readings import ENGLISH, PREFECTURES_ROMAJI, english_name, romaji_surname
from kizashi.share.pii_records import CAPS_NOT_NAMES
from kizashi.text import word_pos

Span4 = tuple[int, int, str, str]

_JAPANESE = re.compile(r"[ぁ-んァ-ヶ一-龥]")
_CAPS = re.compile(r"(?<![A-Za-z0-9'])[A-Z]{2,15}(?:[ \u3000][A-Z]{2,15}){1,2}(?![A-Za-z0-9])")
# a card, a document or a person named before the capitals in the same line (旅券 GARCIA
# MARIA, カードの名義は KOWALSKI ANNA, 学生 NGUYEN THI LAN)
_DOCUMENT_BEFORE = re.compile(
    r"(?:名義|旅券|パスポート|カード|在留カード|学生証|留学生|学生|生徒|氏名|名前|署名|サイン|"
    r"ローマ字|表記|記載|会員|契約者|購入者|利用者|保証人|同行者|本人|印字)[^\n。.!?！？]{0,12}$"
    # an English label only with its colon (Name: …; not Reddit's "[NAME] I CAN'T TELL")
    r"|(?:[Nn]ame|NAME|[Pp]assport|PASSPORT|[Cc]ardholder|CARDHOLDER|[Hh]older|HOLDER)"
    r"[^\n:：]{0,12}[:：][ \u3000]*$"
)
_DOCUMENT_AFTER = re.compile(r"[ \u3000]*(?:とあ|と書|と記載|と印字|と署名|名義|と名乗)")


def _ordinary(word: str) -> bool:
    """A word in capitals that is no name: an acronym a form uses, an English word of
    Japanese syllables, a prefecture, or a word the dictionary knows but not as a person's
    name (NEW, STATION, YORK)."""
    title = word.capitalize()
    if word in CAPS_NOT_NAMES or word.lower() in ENGLISH or word.lower() in PREFECTURES_ROMAJI:
        return True
    pos = word_pos(title) | word_pos(word)
    return bool(pos) and (not any(p[2] == "人名" for p in pos) or any(p[2] == "地名" for p in pos))


def _name(word: str) -> tuple[bool, bool]:
    """(a name to the dictionary, a name and no ordinary word too)."""
    title = word.capitalize()
    pos = word_pos(title) | word_pos(word)
    if any(p[2] == "人名" for p in pos):
        return True, not any(p[1] == "普通名詞" for p in pos)
    romaji = romaji_surname(word.lower(), tables()) or english_name(title, caller=False)
    return romaji, romaji and not pos


# how far before the capitals their label can begin: the longest label (a document word and
# twelve characters, or an English field word, twelve characters and a colon) and the spaces
# of a form's alignment
_LABEL_REACH = 120


def _japanese_per_line(folded: str) -> Callable[[int], int]:
    """The number of Japanese characters in the line starting at a position, counted once
    a line."""
    counted: dict[int, int] = {}

    def count(line_start: int) -> int:
        if line_start not in counted:
            line_end = folded.find("\n", line_start)
            line = folded[line_start : line_end if line_end >= 0 else len(folded)]
            counted[line_start] = len(_JAPANESE.findall(line))
        return counted[line_start]

    return count


def passport_capitals(folded: str) -> list[Span4]:
    spans: list[Span4] = []
    japanese_in_line = _japanese_per_line(folded)
    for m in _CAPS.finditer(folded):
        words = re.split(r"[ \u3000]", m.group())
        if any(not re.search("[AEIOUY]", w) for w in words):
            continue
        names = [_name(w) for w in words]
        # the label stands just before the capitals: searched in the last _LABEL_REACH
        # characters of the line (the whole line before each run made a long line quadratic)
        line_start = folded.rfind("\n", 0, m.start()) + 1
        k = m.start()
        while k > line_start and folded[k - 1] in " \u3000:：":
            k -= 1  # a form's alignment (spaces, the colon) before the capitals: not counted
        by_document = _DOCUMENT_BEFORE.search(
            folded, max(line_start, k - _LABEL_REACH), m.start()
        ) or _DOCUMENT_AFTER.match(folded, m.end())
        ordinary = sum(_ordinary(w) for w in words)
        if ordinary and not (by_document and ordinary * 2 < len(words)):
            # a word that is no name (NEW YORK STATION) stays, unless a card or a document
            # names the capitals and most of the words are no ordinary word (名義は PHAM
            # THI LAN, whose LAN is a network to the dictionary)
            continue
        by_dictionary = all(n for n, _ in names) and any(only for _, only in names)
        # in a Japanese line one word that is only a name will do, as for Thomas Mueller
        # (a Japanese writer puts few words in capitals in a sentence)
        if japanese_in_line(line_start) >= 4 and any(only for _, only in names):
            by_dictionary = True
        if by_dictionary or by_document:
            spans.append((m.start(), m.end(), "person", "PII-NAME-CAPITALS"))
    return spans
