"""Addresses in a tear-line's text: a listed place (prefecture, municipality) and its tail
down to the block, house, building and flat, and a town named without its municipality
but known by the numbers after it. Split out of :mod:`kizashi.share.pii`, which merges
these findings with the others."""

from __future__ import annotations

import re
from functools import cache

from kizashi.share.pii_base import Finding, tables

# the dashes that join an address's numbers (and a phone number's, in pii.py)
DASH = r"[-‐‑–—―−ー－]"
_ADDRESS_TAIL = re.compile(
    # a town's name may hold hiragana before its last kanji or its chome (みどり台,
    # 長津田みなみ台, みずき三丁目)
    r"(?:[一-龥ァ-ヶーヵヶ々0-9" + r"\-‐－−ー丁目番地号の]|[ぁ-ん]{1,5}"
    r"(?=[台町丘野原平坂浜里園森沢川山田谷]|[一二三四五六七八九十]+丁目))*?"
    r"(?:\d+(?:" + DASH + r"\d+){0,3}(?:号室|号|番地?|丁目)?|[一-龥]+丁目|[一-龥]+町"
    # or a block in kanji numbers after a town that is no 町 (鶴巣鳥屋十八番地の十八)
    r"|[一二三四五六七八九十〇]+番地(?:の?[一二三四五六七八九十〇]+号?)?"
    r"|[一二三四五六七八九十〇]+番[一二三四五六七八九十〇]+号)"
    # a block and house in kanji numbers (篠原町五番地の九, 十二番三号)
    r"(?:[一二三四五六七八九十〇]+番地?(?:の?[一二三四五六七八九十〇]+号?)?)?"
    # the block and house numbers after a kanji 丁目 (南大塚三丁目18番2号): all of them; and
    # a chome in digits after a town's 町 (幕張町5丁目: before pii17 the 丁目 was left behind)
    r"(?:\d+(?:" + DASH + r"\d+){0,3}(?:号室|号|番地?|丁目)?)*"
    r"(?:[ \u3000]?[ァ-ヶー一-龥A-Za-z]{2,20}[ \u3000]?\d{1,4}(?:号室|番区画|区画|号棟)?)?"
    # a block of flats' building and then its flat (高洲第一団地5号棟402, 3号棟 1205号室)
    r"(?:(?<=号棟)[ \u3000\-]?\d{2,4}(?:号室|号)?)?"
)


@cache
def _place_pattern() -> re.Pattern[str]:
    t = tables()
    # a town or village is written without its county as often as with it (北谷町, 中頭郡北谷町)
    bare = {m.split("郡", 1)[1] for m in t.municipalities if "郡" in m}
    places = sorted(
        {*t.prefectures, *t.municipalities, *(b for b in bare if len(b) >= 3)},
        key=len,
        reverse=True,
    )
    return re.compile("(?:" + "|".join(map(re.escape, places)) + ")+")


def addresses(folded: str) -> list[Finding]:
    found = []
    for m in _place_pattern().finditer(folded):
        tail = _ADDRESS_TAIL.match(folded, m.end())
        end = tail.end() if tail and tail.end() > m.end() else m.end()
        if end == m.end() and not _followed_by_town(folded, end):
            continue  # a place name alone (足立区では) is not an address
        found.append(Finding(m.start(), end, "address", "PII-ADDRESS", folded[m.start() : end]))
    return found


_RUN = "[一-龥々ヶケァ-ヴー]"
_KANJI_NUM = "[一二三四五六七八九十〇]{1,3}"
_NUM = r"\d{1,4}"
# A town without its municipality, known by the numbers after it: a chome (緑町4丁目,
# 南大塚三丁目18-2), three numbers joined (鳴尾町6-15-4; the first of one or two digits, the
# second of at most three, so a phone number is not one), a 町 with its block (富士見町7の22).
_TOWN_ONLY = re.compile(
    rf"(?<![一-龥々])(?:{_RUN}{{1,8}}?(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})丁目"
    rf"(?:{_NUM}(?:{DASH}{_NUM}){{0,2}}(?:番地?|号)?)*"
    # the block and house in kanji numbers after the chome (東條六丁目三十六番二十四号)
    rf"(?:{_KANJI_NUM}番地?(?:の?{_KANJI_NUM}号?)?)?"
    # (pii21: a flat's number as a fourth: 梅田7-20-1-302)
    rf"|{_RUN}{{1,8}}?(?<!ー)[1-9]\d?{DASH}\d{{1,3}}{DASH}\d{{1,4}}(?:{DASH}\d{{1,4}})?(?!\d|{DASH})"
    rf"(?:号室|号)?"
    # three numbers joined by の, as said aloud (薬師1の32の11)
    rf"|{_RUN}{{1,8}}?(?<!ー)[1-9]\d?の\d{{1,3}}の\d{{1,4}}(?!\d)"
    rf"|{_RUN}{{1,7}}[町村]\d{{1,4}}(?:の\d{{1,4}}|番地?(?:の?\d{{1,4}})?)"
    # pii22: a 町 with its block and house joined by a dash (千住旭町41-7), not a count, a
    # time or a date after it
    rf"|{_RUN}{{1,7}}町[1-9]\d{{0,2}}{DASH}\d{{1,4}}(?!\d|{DASH}|[年月日時分秒歳才人回件名台%])"
    # 番地, or 番 and 号, say the numbers are a block's whatever the town's last word
    # (大字牛頸23番地4, 里四丁目638番地, 平中山11番20号)
    rf"|{_RUN}{{1,8}}?(?<!ー)\d{{1,4}}(?:番地(?:の?\d{{1,4}})?|番\d{{1,4}}号)"
    rf"|{_RUN}{{1,7}}[町村]{_KANJI_NUM}番地?(?:の?{_KANJI_NUM}号?)?)"
)
_LEADING_LABEL = re.compile(r"^(?:現住所|住所|自宅|所在地|届出住所|配送先|お届け先)")


_ASSOCIATIONS = ("町会", "町内会", "自治会", "商店会", "商店街", "連合会")


def towns(folded: str) -> list[Finding]:
    found = []
    for m in _TOWN_ONLY.finditer(folded):
        label = _LEADING_LABEL.match(m.group())
        s = m.start() + (label.end() if label else 0)
        # a town's name holds a kanji (ラッセルスクエア56番地, a street abroad in a novel, stays)
        head = re.match(r"\D*", folded[s : m.end()])
        if folded.startswith(_ASSOCIATIONS, m.end()):
            continue  # pii21: 梅田七丁目町会 is the residents' association's name, no address
        if (
            re.match(rf"{_RUN}", folded[s : s + 1])
            and head
            and re.search("[一-龥々]", head.group())
        ):
            found.append(Finding(s, m.end(), "address", "PII-ADDRESS-TOWN", folded[s : m.end()]))
    return found


def _followed_by_town(folded: str, i: int) -> bool:
    return bool(re.match(r"[一-龥]{1,6}(?:\d|丁目|町)", folded[i : i + 10]))
