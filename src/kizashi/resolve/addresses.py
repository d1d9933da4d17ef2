"""Japanese addresses split into comparable parts.

``東京都豊島区南大塚三丁目12番5号 コーポ南大塚201号室`` and ``豊島区南大塚3-12-5 コーポ南大塚201``
both become prefecture 東京都 (inferred for the 23 wards), municipality 豊島区, town 南大塚,
block ``3-12-5`` and room ``201``; the building is kept but weighs little, since it is written
in too many ways. Kanji numerals and full-width digits are read; a trailing "付近" or "あたり"
(near) leaves a shorter block, which still matches on its prefix.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Address", "address_key", "kanji_number"]

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                 "七": 7, "八": 8, "九": 9}  # fmt: skip
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_KANJI_NUM = "〇零一二三四五六七八九十百千"
_PREFECTURE = re.compile(r"^(北海道|東京都|(?:大阪|京都)府|.{2,3}?県)")
_WARDS = frozenset(
    [
        "千代田区",
        "中央区",
        "港区",
        "新宿区",
        "文京区",
        "台東区",
        "墨田区",
        "江東区",
        "品川区",
        "目黒区",
        "大田区",
        "世田谷区",
        "渋谷区",
        "中野区",
        "杉並区",
        "豊島区",
        "北区",
        "荒川区",
        "板橋区",
        "練馬区",
        "足立区",
        "葛飾区",
        "江戸川区",
    ]
)
# 市 then an optional ward (政令市), or 郡…町/村, or a Tokyo ward, or a lone 町/村.
_MUNICIPALITY = re.compile(r"^(.+?郡.+?[町村]|.+?市(?:.+?区)?|.+?区|.+?[町村])")
_NUM = rf"(?:\d+|[{_KANJI_NUM}]+)"
_BLOCK = re.compile(
    rf"({_NUM})(?:丁目|-|ー|－|の)(?:({_NUM})(?:番地?|-|ー|－|の)?)?(?:({_NUM})号?)?"
    rf"|({_NUM})番地?(?:({_NUM})号?)?"
)
_ROOM = re.compile(r"(\d+)(?:号室|号)?\s*$")
_NEAR = re.compile(r"(付近|周辺|あたり|辺り|近く)")


@dataclass(frozen=True, slots=True)
class Address:
    prefecture: str
    municipality: str
    town: str
    block: str  # "3-12-5", "3-18", or ""
    building: str
    room: str

    @property
    def area(self) -> str:
        """Municipality and town: the blocking key of the neighbourhood."""
        return f"{self.municipality}{self.town}"

    @property
    def chome(self) -> str:
        return self.block.split("-")[0] if self.block else ""


def kanji_number(text: str) -> int:
    """三 → 3, 十二 → 12, 二十一 → 21, 百五 → 105; ASCII digits pass through."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _KANJI_DIGITS:
            current = current * 10 + _KANJI_DIGITS[ch]
        elif ch in _KANJI_UNITS:
            total += (current or 1) * _KANJI_UNITS[ch]
            current = 0
        else:
            raise ValueError(f"not a kanji numeral: {text!r}")
    return total + current


@lru_cache(maxsize=262_144)  # the same homes recur across a person's records
def address_key(value: str) -> Address:
    """The parts of a Japanese address written any common way."""
    text = unicodedata.normalize("NFKC", value).strip()
    # A space may separate prefecture, ward and town; never two numbers (block, room).
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"(?<=\D) (?=\D)|(?<=\D) (?=\d)", "", text)
    text = re.sub(r"[(（].*?[)）]", "", text)
    near = bool(_NEAR.search(text))
    prefecture = ""
    if m := _PREFECTURE.match(text):
        prefecture, text = m.group(1), text[m.end() :]
    municipality = ""
    text = text.lstrip()
    if m := _MUNICIPALITY.match(text):
        municipality, text = m.group(1), text[m.end() :]
    if not prefecture and municipality in _WARDS:
        prefecture = "東京都"
    town, block, rest = text.strip(), "", ""
    if m := _BLOCK.search(text):
        town, rest = text[: m.start()], text[m.end() :]
        numbers = [g for g in m.groups() if g]
        block = "-".join(str(kanji_number(n)) for n in numbers)
    rest = _NEAR.sub("", rest).strip(" ,、-の")
    building, room = rest, ""
    if not near and (m := _ROOM.search(rest)):
        room, building = m.group(1), rest[: m.start()].strip()
    building = re.sub(r"\s", "", building).casefold()
    return Address(prefecture, municipality, town, block, building, room)
