"""Initials written for a person (pii20): K.T., Ｔ・Ｓ, Ｋ氏, Ryota M., T. Kashiwabara.

Reports name a person by initials where the writer half-hides them (匿名希望の K.T., 少年Ｍ・Ｋ,
保護者のＫ氏); with the rest of the text (a school, a street, an age) an initial is as
identifying as the name. Taken, on the text NFKC-folded (Ｋ → K):

- two or three capitals each with a dot (K.T., N.K., J.R.R.), not an abbreviation of a list
  (U.S., U.K., A.M., P.M., E.U., a firm's K.K. …);
- two capitals joined by a middle dot (T・S) with no Latin letter or digit either side;
- one capital right before an honorific (K氏, Aさん, M様): no word is written so;
- in English, a capitalised word the tables read as a Japanese name with an initial after it
  (Ryota M.), and an initial before a capitalised word the tables read as a surname
  or no English word (T. Kashiwabara; not "plan B. Then"), or any capitalised word after a
  rank or a title and an initial (Sgt. K. Tsuzura).
"""

from __future__ import annotations

import re
from collections.abc import Callable

Span = tuple[int, int, str, str]

_NOT_INITIALS = frozenset(
    [
        "U.S.",
        "U.K.",
        "A.M.",
        "P.M.",
        "E.U.",
        "N.Y.",
        "D.C.",
        "L.A.",
        "S.F.",
        "U.N.",
        "B.C.",
        "A.D.",
        "P.S.",
        "N.B.",
        "O.K.",
        "I.D.",
        "T.V.",
        "U.S.A.",
        "R.I.P.",
        "A.K.A.",
        "E.G.",
        "I.E.",
        "Q.E.D.",
        "J.R.",
        "N.H.K.",
        "G.H.Q.",
        "D.I.Y.",
        "V.I.P.",
        "F.A.Q.",
        "C.E.O.",
        "P.T.A.",
        "O.B.",
        "O.G.",
        "K.K.",
        "G.K.",
        "Y.K.",
    ]
)
_DOTTED = re.compile(r"(?<![A-Za-z0-9.])(?:[A-Z]\.[ ]?){1,2}[A-Z]\.(?![A-Za-z0-9])")
# (a bullet's ・ before it is no part of a list: ・T・Mさん)
_MIDDLE_DOT = re.compile(
    r"(?<![A-Za-z0-9])(?<![A-Za-z0-9]・)[A-Z][・･][A-Z](?![A-Za-z0-9]|・[A-Za-z0-9])"
)
_BEFORE_HONORIFIC = re.compile(
    r"(?<![A-Za-z0-9])[A-Z](?=[ \u3000]?(?:氏|さん|様|さま|くん|ちゃん)(?![A-Za-z]))"
)
# pii21: a lone capital before a bracketed age after a word for a person (長男 S（21）,
# 参考人 O（16）): the age and the word say the letter stands for a person (not 図A（1）,
# 資料 B（2、3頁）)
_LONE_AGED = re.compile(
    r"(?:長男|長女|次男|次女|三男|三女|妻|夫|父|母|祖父|祖母|兄|姉|弟|妹|息子|娘|孫|参考人|目撃者|"
    r"被害者|被疑者|加害者|少年|少女|男性|女性|生徒|児童|通報者|相談者|知人|友人|同居人)[ \u3000]*"
    r"(?P<v>[A-Z])(?=[（(]\d{1,3}(?:歳|才)?[）)、,])"
)
_GIVEN_INITIAL = re.compile(r"\b(?P<w>[A-Z][a-z]{2,12}) (?P<i>[A-Z])\.(?![A-Za-z])")
_INITIAL_SURNAME = re.compile(
    r"(?<![A-Za-z.])(?P<t>(?:Sgt|Det|Insp|Officer|Mr|Mrs|Ms|Dr|Prof|PC|Constable)\.? )?"
    r"(?P<i>[A-Z])\. ?(?P<w>[A-Z][a-z]{2,14})\b"
)


def initials(
    folded: str, romaji_name: Callable[[str], bool], english: Callable[[str], bool]
) -> list[Span]:
    """(start, end, kind, rule) of the initials above; `romaji_name` says a capitalised word's
    romaji reading is a listed Japanese name's, `english` that a word is an English word."""
    found: list[Span] = []
    for m in _DOTTED.finditer(folded):
        if m.group().replace(" ", "").upper() not in _NOT_INITIALS:
            found.append((m.start(), m.end(), "person", "PII-NAME-INITIALS"))
    found += [(*m.span("v"), "person", "PII-NAME-INITIALS") for m in _LONE_AGED.finditer(folded)]
    for rx in (_MIDDLE_DOT, _BEFORE_HONORIFIC):
        found += [
            (m.start(), m.end(), "person", "PII-NAME-INITIALS")
            for m in rx.finditer(folded)
            if m.group() not in ("Q・A", "Q･A")
        ]
    for m in _GIVEN_INITIAL.finditer(folded):
        if romaji_name(m.group("w")):
            found.append((m.start(), m.end(), "person", "PII-NAME-INITIALS"))
    for m in _INITIAL_SURNAME.finditer(folded):
        word = m.group("w")
        if m.group("t") or romaji_name(word) or not english(word):
            found.append((m.start("i"), m.end(), "person", "PII-NAME-INITIALS"))
    return found
