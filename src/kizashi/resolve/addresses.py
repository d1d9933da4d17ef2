"""Japanese addresses split into comparable parts, with the address registry's tables.

``東京都豊島区南大塚三丁目12番5号 コーポ南大塚201号室``, ``豊島区南大塚3-12-5 コーポ南大塚201`` and
``〒170-0005 南大塚3丁目12-5-201`` all become prefecture 東京都, city 豊島区, town 南大塚,
block ``3-12-5`` and room ``201``:

- the municipality is found in the registry's list (``reference.municipalities``), so a
  prefecture left out (東京都 is, nearly always) is filled in when the name is unique, and a
  designated city's ward is dropped from the key (``札幌市中央区`` → ``札幌市``: wards are
  renamed, and the town names inside a city are unique anyway);
- an old municipality name (浦和市, 浜松市中区) is mapped to today's city through the town
  table when the town is found in one city of the prefecture only; a town or village merged
  into a city lives on as the prefix of its towns' names (南安曇郡三郷村大字温 is
  安曇野市三郷温, 東頸城郡浦川原村大字熊沢 is 上越市浦川原区熊沢), so that prefixed name is
  looked for first, and becomes the town;
- a postcode fills in what the text leaves out (prefecture, city, town);
- kanji numerals and 丁目・番地・号 or hyphens give the same block; ヶ/ケ/が and 大字 are folded.

The building is kept but weighs little, since it is written in too many ways. A trailing
"付近" or "あたり" (near) leaves a shorter block, which still matches on its prefix.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from kizashi.resolve.reference import Municipality, municipalities, postcode, town_cities

__all__ = ["Address", "address_key", "fold_town", "kanji_number", "parse_address"]

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                 "七": 7, "八": 8, "九": 9}  # fmt: skip
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_KANJI_NUM = "〇零一二三四五六七八九十百千"
_PREFECTURE = re.compile(r"^(北海道|東京都|(?:大阪|京都)府|.{2,3}?県)")
# A municipality the registry does not know (an old name): 市 then an optional ward, or
# 郡…町/村, or a lone 区/町/村.
_MUNICIPALITY = re.compile(r"^(.+?郡.+?[町村]|.+?市(?:.+?区)?|.+?区|.+?[町村])")
_POSTCODE = re.compile(r"^(?:〒|郵便番号)?\s*(\d{3})-?(\d{4})\s*")
_NUM = rf"(?:\d+|[{_KANJI_NUM}]+)"
_BLOCK = re.compile(
    rf"({_NUM})(?:丁目|-|ー|－|の)(?:({_NUM})(?:番地?の?|-|ー|－|の)?)?(?:({_NUM})号?)?"
    # 24番地の8 (番地の: a lot and its sub-lot) as 24番地8 and 24番8号
    rf"|({_NUM})番地?の?(?:({_NUM})号?)?"
)
_JO = re.compile(rf"({_NUM})(条|線)")  # Sapporo's 北10条西 / 北十条西
_ROOM = re.compile(r"(\d+)(?:号室|号)?\s*$")
_NEAR = re.compile(r"(付近|周辺|あたり|辺り|近く)")
_LONGEST_MUNICIPALITY = 12
_OAZA = re.compile(r"^(大字|字)")
_GA = re.compile(r"[ヶヵがガケ](?=[\u4e00-\u9fff])")
_SPACES = re.compile(r"\s+")
_SPACE = re.compile(r"\s")
_INNER_SPACE = re.compile(r"(?<=\D) (?=\D)|(?<=\D) (?=\d)")
_BRACKETED = re.compile(r"[(（].*?[)）]")


@dataclass(frozen=True, slots=True)
class Address:
    prefecture: str
    municipality: str  # the city-level name: 豊島区, 札幌市, 三重郡川越町
    town: str
    block: str  # "3-12-5", "3-18", or ""
    building: str
    room: str
    postcode: str = ""

    @property
    def area(self) -> str:
        """Municipality and town: the blocking key of the neighbourhood."""
        return f"{self.municipality}{self.town}"

    @property
    def chome(self) -> str:
        return self.block.split("-")[0] if self.block else ""


@lru_cache(maxsize=4_096)  # block numbers: a few hundred distinct ones
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


def _choose(candidates: list[Municipality], prefecture: str) -> Municipality | None:
    """The one municipality meant: in the prefecture given, else a unique one; a Tokyo ward
    is meant when a ward name is written alone (nobody writes 札幌市中央区 as 中央区)."""
    if prefecture:
        candidates = [c for c in candidates if c.pref == prefecture]
    if len({(c.pref, c.city) for c in candidates}) > 1:
        candidates = [c for c in candidates if not c.ward] or candidates
    if len({(c.pref, c.city) for c in candidates}) > 1 and candidates[0].city.endswith("区"):
        candidates = [c for c in candidates if c.pref == "東京都"] or candidates
    cities = {(c.pref, c.city) for c in candidates}
    return candidates[0] if len(cities) == 1 else None


@cache
def _key_characters() -> frozenset[str]:
    """Every character of every way the registry writes a municipality."""
    return frozenset("".join(municipalities()))


@lru_cache(maxsize=65_536)
def _known_municipality(head: str, prefecture: str) -> tuple[str, str, int] | None:
    """(prefecture, municipality, its length) of the longest registry name that begins
    ``head``; None if none does. Cached: addresses of one neighbourhood share their head."""
    table = municipalities()
    for length in range(len(head), 1, -1):
        candidates = table.get(head[:length])
        if not candidates:
            continue
        chosen = _choose(candidates, prefecture)
        if chosen is not None:
            return chosen.pref, chosen.city, length
        return prefecture, head[:length], length
    return None


def _municipality(text: str, prefecture: str) -> tuple[str, str, str]:
    """(prefecture, city-level municipality, rest of the text)."""
    head = text[:_LONGEST_MUNICIPALITY]
    # No registry name holds a character that none of them holds (a digit, 丁目's numbers):
    # cut there, so the head, the cache's key, is the same for a whole town.
    keys = _key_characters()
    for end, character in enumerate(head):
        if character not in keys:
            head = head[:end]
            break
    if (found := _known_municipality(head, prefecture)) is not None:
        found_prefecture, city, length = found
        return found_prefecture, city, text[length:]
    if m := _MUNICIPALITY.match(text):
        return prefecture, m.group(1), text[m.end() :]
    return prefecture, "", text


@lru_cache(maxsize=65_536)  # towns recur across a neighbourhood's addresses
def fold_town(town: str) -> str:
    """大字/字 dropped, ヶ/ケ/が folded, 条 numbers as digits, 之/ノ as の."""
    town = _OAZA.sub("", town.strip(" 、,"))
    town = _GA.sub("ケ", town)
    town = _JO.sub(lambda m: f"{kanji_number(m.group(1))}{m.group(2)}", town)
    return town.replace("之", "の").replace("ノ", "の")


_OLD_TOWN_OR_VILLAGE = re.compile(r"(?:.+?郡)?(.+?)[町村]$")


def _merged_town(prefecture: str, municipality: str, town: str) -> tuple[str, str, str] | None:
    """(prefecture, today's city, town) of a town in a town or village merged into a city
    that kept the old name as its towns' prefix (三郷村大字温 → 安曇野市 三郷温, 浦川原村大字熊沢
    → 上越市 浦川原区熊沢, the 区 of a 地域自治区), when one city of the prefecture has it."""
    m = _OLD_TOWN_OR_VILLAGE.fullmatch(municipality)
    if not town or m is None:
        return None
    stem = m.group(1)
    for prefixed in (stem + town, f"{stem}区{town}"):
        cities = {(p, c) for p, c in town_cities(prefixed) if not prefecture or p == prefecture}
        if len(cities) == 1:
            found_prefecture, city = next(iter(cities))
            return found_prefecture, city, prefixed
    return None


@lru_cache(maxsize=65_536)
def _current_city(prefecture: str, municipality: str, town: str) -> tuple[str, str, str]:
    """Today's city (and town) for a name the registry lacks (an old one): a city merged into
    a designated city usually lives on as its ward (浦和市 → さいたま市浦和区); a town or
    village as its towns' prefix (``_merged_town``); otherwise the town says which city it
    is in, when only one city of the prefecture has that town."""
    table = municipalities()
    if not municipality or municipality in table:
        return prefecture, municipality, town
    if municipality.endswith("市"):
        wards = {
            (c.pref, c.city)
            for c in table.get(municipality[:-1] + "区", [])
            if c.ward and (not prefecture or c.pref == prefecture)
        }
        if len(wards) == 1:
            return (*next(iter(wards)), town)
    if (merged := _merged_town(prefecture, municipality, town)) is not None:
        return merged
    cities = {(p, c) for p, c in town_cities(town) if not prefecture or p == prefecture}
    if town and len(cities) == 1:
        return (*next(iter(cities)), town)
    return prefecture, municipality, town


def _block(text: str, prefecture: str, municipality: str) -> re.Match[str] | None:
    """Where the block (丁目-番-号) is written: the first numbers after the town. A town whose
    name begins with a numeral (一の沢, 一番町, 二の宮) holds what the block pattern takes for
    numbers; when the text before the first match is no town of this city and the text
    before a later match is, the later one is the block (宇都宮市一の沢2丁目3-30: 2-3-30)."""
    matches = list(_BLOCK.finditer(text))
    if len(matches) < 2 or not municipality:
        return matches[0] if matches else None

    def known(m: re.Match[str]) -> bool:
        cities = town_cities(fold_town(text[: m.start()]))
        return any(c == municipality and (not prefecture or p == prefecture) for p, c in cities)

    if known(matches[0]):
        return matches[0]
    return next((m for m in matches[1:] if known(m)), matches[0])


def parse_address(value: str) -> Address:
    """The parts of a Japanese address written any common way (uncached: for a caller that
    asks once per distinct value, as the batch normalising does)."""
    text = unicodedata.normalize("NFKC", value).strip()
    # A space may separate prefecture, ward and town; never two numbers (block, room).
    text = _SPACES.sub(" ", text)
    code, from_code = "", None
    if m := _POSTCODE.match(text):
        code, text = m.group(1) + m.group(2), text[m.end() :]
        from_code = postcode(code)
    text = _INNER_SPACE.sub("", text)
    text = _BRACKETED.sub("", text)
    near = bool(_NEAR.search(text))
    prefecture = ""
    if m := _PREFECTURE.match(text):
        prefecture, text = m.group(1), text[m.end() :]
    prefecture, municipality, text = _municipality(text.lstrip(), prefecture)
    town, block, rest = text.strip(), "", ""
    if m := _block(text, prefecture, municipality):
        town, rest = text[: m.start()], text[m.end() :]
        numbers = [g for g in m.groups() if g]
        block = "-".join(str(kanji_number(n)) for n in numbers)
    town = fold_town(town)
    if from_code is not None:
        prefecture = prefecture or from_code[0]
        municipality = municipality or from_code[1]
        town = town or fold_town(from_code[2])
    prefecture, municipality, town = _current_city(prefecture, municipality, town)
    rest = _NEAR.sub("", rest).strip(" ,、-の")
    building, room = rest, ""
    if not near and (m := _ROOM.search(rest)):
        room, building = m.group(1), rest[: m.start()].strip()
    building = _SPACE.sub("", building).casefold()
    return Address(prefecture, municipality, town, block, building, room, code)


# Per record (`feature_row`, the entity writer): the same homes recur across a person's records.
address_key = lru_cache(maxsize=262_144)(parse_address)
