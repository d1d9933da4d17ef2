"""Sixth-round rules of the recogniser: IP addresses, residence-card numbers, given names
after kinship words, a partner's staff member introducing themself, lone surnames where
the context marks a person, the columns of a CSV export whose header names personal data,
and a long number after "No.". :mod:`kizashi.share.pii` calls :func:`marked`."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable

from kizashi.share.pii_base import tables
from kizashi.share.pii_context import KANJI, STOP_KANJI

Span4 = tuple[int, int, str, str]

_KANJI = f"[{KANJI}]"  # the character class the context rules read names with
_KANA = "[ァ-ヶー]"

# IPv4 (dotted quad, each part 0-255) and IPv6 (hex groups with :: or all eight groups).
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
_IPV6 = re.compile(r"(?<![0-9A-Za-z:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Za-z:])")
# 在留カード: two capitals, eight digits, two capitals (AB12345678CD)
_ZAIRYU = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{8}[A-Z]{2}(?![A-Za-z0-9])")
# a long number after No. is an identifier (ポイントカード … No.7889996944)
_NUMBERED = re.compile(r"(?<![A-Za-z])(?:No|NO|no)\.?[ \u3000]?(?P<v>\d{8,16})(?!\d)")

# Kinship words, longest first; a given name follows with or without a space (長女 早織,
# 長男富士夫（高2）, 妻 啄木、, 母　真里).
_KIN = (
    "内縁の妻|内縁の夫|長男|長女|次男|次女|三男|三女|祖父|祖母|義父|義母|叔父|叔母|伯父|伯母|"
    "息子|娘|孫|妻|夫|父|母|兄|姉|弟|妹"
)
_KIN_GIVEN = re.compile(
    rf"(?<![一-龥々])(?:{_KIN})(?P<gap>の|[ \u3000])?(?P<v>{_KANJI}{{2,4}}|{_KANA}{{2,6}})"
    r"(?=[（(、。,， \u3000\n」]|さん|ちゃん|君|くん|が|は|も|と|の|に|を|$)"
)
# A partner's staff member introducing themself: あおば不動産の小座間です, フロントの和田と申します
_ORG = (
    "不動産|銀行|運輸|運送|急便|ホテル|旅館|フロント|店|社|協会|センター|事務所|商事|産業|"
    "工業|保証|学校|窓口|管理|サービス|薬局|クリニック|病院|会館|組合"
)
_SELF = re.compile(
    rf"(?:{_ORG})の(?P<v>{_KANJI}{{1,4}}|{_KANA}{{2,6}}|[ぁ-ん]{{2,5}})"
    r"(?=です(?:[!！。、,\s]|$)|と申します|でございます)"
)
# A surname alone where the form or the note marks a person: マル対 鉾田（S55.4.2生）,
# 宛名「与謝野」, 対象者 X
_MARKED = re.compile(
    rf"(?:マル対|対象者|宛名|名義人|被疑者|容疑者)[ \u3000:：]*「?(?P<v>{_KANJI}{{2,4}})"
    r"(?=[」（(、。 \u3000\n]|の件|$)"
)
# a building named where a place is said (…所在のルミナス蔵前駐車場において)
_SITE = re.compile(
    r"(?:所在の|にある)(?P<v>[ァ-ヶー・]{3,12}[一-龥々ァ-ヶー]{0,8}?)"
    r"(?=駐車場|駐輪場|敷地|付近|前で|前に|の駐車場|の敷地|の一室|の部屋)"
)
# a surname signing a message: the last line, alone
_SIGNATURE = re.compile(rf"\n[ \u3000]*(?P<v>{_KANJI}{{2,4}})[ \u3000]*$")

_HEADER_WORDS = re.compile(
    r"氏名|名前|ｶﾅ|カナ|住所|電話|TEL|tel|携帯|メール|会員|顧客|番号|ID|カード|生年月日"
)


def _readable_name(word: str, is_common: Callable[[str], bool]) -> bool:
    """A word that is no ordinary word to the dictionary and is no stop word."""
    if word in STOP_KANJI or is_common(word):
        return False
    return not re.fullmatch("[一二三四五六七八九十百千〇]+", word)


def _given(word: str, is_common: Callable[[str], bool]) -> bool:
    t = tables()
    if re.fullmatch(_KANA + "+", word):
        return word in t.given_readings
    return word in t.given or _readable_name(word, is_common)


def ip_addresses(folded: str) -> list[Span4]:
    found = []
    for m in _IPV4.finditer(folded):
        try:
            ipaddress.IPv4Address(m.group())
        except ValueError:
            continue
        found.append((m.start(), m.end(), "ip_address", "PII-IPV4"))
    for m in _IPV6.finditer(folded):
        value = m.group()
        if "::" not in value and value.count(":") != 7:
            continue  # 12:30:45 is a time
        if not re.search("[0-9A-Fa-f]{3}", value):
            continue
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            continue
        found.append((m.start(), m.end(), "ip_address", "PII-IPV6"))
    return found


def csv_columns(folded: str) -> list[Span4]:
    """A CSV export's header row names its columns (会員番号, 会員氏名ｶﾅ, 電話): the cells
    under a personal column go, whatever they hold."""
    found: list[Span4] = []
    lines = folded.split("\n")
    offset = 0
    personal: set[int] | None = None
    names: set[int] = set()
    width = 0
    for line in lines:
        cells = line.split(",")
        if len(cells) >= 3 and personal is None:
            wanted = {i for i, c in enumerate(cells) if _HEADER_WORDS.search(c)}
            names = {i for i, c in enumerate(cells) if re.search("氏名|名前|ｶﾅ|カナ", c)}
            if wanted and not any(re.search(r"\d", c) for c in cells):
                personal, width = wanted, len(cells)
        elif personal is not None and len(cells) == width:
            at = offset
            for i, cell in enumerate(cells):
                value = cell.strip()
                if i in personal and value:
                    s = at + cell.index(value)
                    kind = "person" if i in names else "id_number"
                    found.append((s, s + len(value), kind, "PII-CSV-COLUMN"))
                at += len(cell) + 1
        elif personal is not None:
            personal = None
        offset += len(line) + 1
    return found


def marked(folded: str, is_common: Callable[[str], bool]) -> list[Span4]:
    t = tables()
    found = ip_addresses(folded) + csv_columns(folded)
    found += [(m.start(), m.end(), "id_number", "PII-ZAIRYU") for m in _ZAIRYU.finditer(folded)]
    found += [(*m.span("v"), "id_number", "PII-NUMBERED") for m in _NUMBERED.finditer(folded)]
    for m in _KIN_GIVEN.finditer(folded):
        # run together with the kinship word or after の: a listed given name (夫婦関係,
        # 弟子達 and 妻のダイヤ are words); after a space, any word the dictionary does not know
        spaced = m.group("gap") not in (None, "の")
        word = m.group("v")
        listed = (word in tables().given or word in tables().given_readings) and not is_common(word)
        # run together, a bracket or an honorific after it marks a person (長男富士夫（高2）)
        marked_after = re.match(r"[（(]|さん|ちゃん|君|くん", folded[m.end() :]) is not None
        if listed or ((spaced or marked_after) and _given(word, is_common)):
            found.append((*m.span("v"), "person", "PII-NAME-KIN-GIVEN"))
    for m in _SELF.finditer(folded):
        word = m.group("v")
        if re.fullmatch(_KANA + "+|[ぁ-ん]+", word):
            ok = not is_common(word) and len(word) >= 2
        else:
            ok = word in t.surnames or (len(word) >= 2 and _readable_name(word, is_common))
        if ok:
            found.append((*m.span("v"), "person", "PII-NAME-SELF"))
    for m in _MARKED.finditer(folded):
        word = m.group("v")
        if word in t.surnames or _readable_name(word, is_common):
            found.append((*m.span("v"), "person", "PII-NAME-MARKED"))
    for m in _SITE.finditer(folded):
        if not is_common(m.group("v")):
            found.append((*m.span("v"), "address", "PII-BUILDING-SITE"))
    sign = _SIGNATURE.search(folded)
    if sign and (sign.group("v") in t.surnames or _readable_name(sign.group("v"), is_common)):
        found.append((*sign.span("v"), "person", "PII-NAME-SIGNATURE"))
    return found
