"""Fictional people: the random population and the planted identities.

Resolution is what the demo exercises, so each person can be *written* several ways: names in
kanji, katakana and romaji, phones with and without hyphens, in +81 form or full-width, and
addresses with Arabic or kanji block numbers.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from kizashi.demo.textbank import load_data

__all__ = [
    "OFFENDER",
    "OFFENDER_GARAGE",
    "SIMILAR_FAR",
    "SIMILAR_NEAR",
    "Person",
    "make_population",
    "phone_variant",
    "write_address",
]

_KANJI_DIGITS = "〇一二三四五六七八九"
_FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


@dataclass(frozen=True)
class Person:
    """One fictional person; ``phone`` is the canonical 11 digits (0X0XXXXXXXX)."""

    key: str
    surname: str
    given: str
    surname_kana: str
    given_kana: str
    surname_romaji: str
    given_romaji: str
    phone: str
    birth_date: date
    ward: str
    town: str
    block: tuple[int, int, int]
    building: str
    email: str

    @property
    def name(self) -> str:
        return f"{self.surname} {self.given}"

    @property
    def name_kana(self) -> str:
        return f"{self.surname_kana} {self.given_kana}"

    @property
    def name_romaji(self) -> str:
        return f"{self.given_romaji} {self.surname_romaji}"

    @property
    def e164(self) -> str:
        return "+81" + self.phone[1:]


def phone_variant(phone: str, style: str) -> str:
    """Write an 11-digit mobile number the ways Japanese records do."""
    a, b, c = phone[:3], phone[3:7], phone[7:]
    if style == "hyphen":
        return f"{a}-{b}-{c}"
    if style == "plain":
        return phone
    if style == "intl":
        return f"+81 {a[1:]} {b} {c}"
    if style == "space":
        return f"{a} {b} {c}"
    if style == "fullwidth":
        return f"{a}-{b}-{c}".translate(_FULL_WIDTH)
    if style == "paren":
        return f"{a}({b}){c}"
    raise ValueError(f"unknown phone style {style}")


def _kanji_number(n: int) -> str:
    # Block numbers in the chōme position are small (1-9), the common case in Tokyo.
    return "".join(_KANJI_DIGITS[int(d)] for d in str(n))


def write_address(person: Person, style: str) -> str:
    """``short``: 豊島区南大塚3-12-5 コーポ南大塚201; ``formal``: 東京都…三丁目12番5号 201号室."""
    chome, ban, go = person.block
    building, _, room = person.building.rpartition(" ")
    if style == "short":
        tail = f" {building}{room}" if building else ""
        return f"{person.ward}{person.town}{chome}-{ban}-{go}{tail}"
    if style == "formal":
        tail = f" {room}号室" if room else ""
        return f"東京都{person.ward}{person.town}{_kanji_number(chome)}丁目{ban}番{go}号{tail}"
    if style == "full":
        tail = f" {building}{room}号室" if building else ""
        return f"東京都{person.ward}{person.town}{_kanji_number(chome)}丁目{ban}番{go}号{tail}"
    raise ValueError(f"unknown address style {style}")


# The planted lone offender. Every channel writes him differently; the manifest holds this
# canonical form so tests and evaluation can check that resolution found one person.
OFFENDER = Person(
    key="offender",
    surname="山田",
    given="太郎",
    surname_kana="ヤマダ",
    given_kana="タロウ",
    surname_romaji="Yamada",
    given_romaji="Taro",
    phone="09012345678",
    birth_date=date(1989, 5, 14),
    ward="豊島区",
    town="南大塚",
    block=(3, 12, 5),
    building="コーポ南大塚 201",
    email="taro.yamada89@example.jp",
)
OFFENDER_GARAGE = "東京都豊島区南大塚三丁目18番2号 南大塚第二ガレージ 3番区画"

# Near-miss decoys: a similar name nearby, and the very same name far away.
SIMILAR_NEAR = Person(
    key="similar-near",
    surname="山田",
    given="太一",
    surname_kana="ヤマダ",
    given_kana="タイチ",
    surname_romaji="Yamada",
    given_romaji="Taichi",
    phone="08023456781",
    birth_date=date(1961, 2, 3),
    ward="豊島区",
    town="巣鴨",
    block=(4, 7, 11),
    building="",
    email="taichi.yamada@example.com",
)
SIMILAR_FAR = Person(
    key="similar-far",
    surname="山田",
    given="太郎",
    surname_kana="ヤマダ",
    given_kana="タロウ",
    surname_romaji="Yamada",
    given_romaji="Taro",
    phone="07055501234",
    birth_date=date(1952, 11, 30),
    ward="八王子市",
    town="元本郷町",
    block=(2, 9, 14),
    building="",
    email="yamada.t52@example.ne.jp",
)
_RESERVED_PHONES = {OFFENDER.phone, SIMILAR_NEAR.phone, SIMILAR_FAR.phone}


def _split(entry: str) -> tuple[str, str, str]:
    kanji, kana, romaji = entry.split("|")
    return kanji, kana, romaji


def make_population(rng: random.Random, count: int, prefix: str) -> list[Person]:
    """``count`` random Tokyo residents; keys are ``{prefix}-{n}``."""
    data = load_data("people")
    surnames = [_split(s) for s in data["surnames"]]
    givens = [_split(s) for s in data["given_names"]]
    towns = [tuple(t.split("|")) for t in data["towns"]]
    buildings: list[str] = data["buildings"]
    domains: list[str] = data["email_domains"]
    people: list[Person] = []
    phones: set[str] = set(_RESERVED_PHONES)
    for n in range(count):
        sur, given = rng.choice(surnames), rng.choice(givens)
        phone = ""
        while not phone or phone in phones:
            phone = rng.choice(("090", "080", "070")) + f"{rng.randrange(10**8):08d}"
        phones.add(phone)
        ward, town = towns[rng.randrange(len(towns))]
        if rng.random() < 0.55:
            building = f"{rng.choice(buildings)}{town} {rng.randint(1, 6)}0{rng.randint(1, 9)}"
        else:
            building = ""
        born = date(1945, 1, 1) + timedelta(days=rng.randrange(365 * 58))
        email = f"{given[2].lower()}.{sur[2].lower()}{rng.randrange(100)}@{rng.choice(domains)}"
        people.append(
            Person(
                key=f"{prefix}-{n:05d}",
                surname=sur[0],
                given=given[0],
                surname_kana=sur[1],
                given_kana=given[1],
                surname_romaji=sur[2],
                given_romaji=given[2],
                phone=phone,
                birth_date=born,
                ward=ward,
                town=town,
                block=(rng.randint(1, 5), rng.randint(1, 30), rng.randint(1, 20)),
                building=building,
                email=email,
            )
        )
    return people
