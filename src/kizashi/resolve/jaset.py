"""A synthetic Japanese cross-script person set with known truth (for `kizashi link eval`).

Every person is written by several sources in different ways: kanji (sometimes with old
variant kanji), katakana or hiragana with or without a space, romaji in either order with
Hepburn variants (Satoh, Tarō, shi/si), a typo now and then; phones in several formats and
sometimes a new number; addresses short or formal and sometimes a move. Hard negatives are
planted: family members sharing an address and landline, and namesakes elsewhere.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["Person", "generate", "write_person"]

_VARIANTS = {"高": "髙", "斎": "齋", "辺": "邊", "崎": "﨑", "島": "嶋", "沢": "澤", "浜": "濱",
             "国": "國", "竜": "龍", "広": "廣"}  # fmt: skip
_SEP = ["-", "－", " ", ""]


@dataclass(frozen=True)
class Person:
    key: str
    surname: tuple[str, str, str]  # kanji, katakana, romaji
    given: tuple[str, str, str]
    birth: date
    phone: str
    landline: str
    address: tuple[str, str, tuple[int, int, int], str]  # ward, town, block, room
    email: str


@cache
def _pools() -> dict[str, Any]:
    text = resources.files("kizashi.demo").joinpath("data/people.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {
        "surnames": [tuple(s.split("|")) for s in data["surnames"]],
        "given": [tuple(s.split("|")) for s in data["given_names"]],
        "towns": [tuple(str(t).split("|")) for t in data["towns"]],
    }


def _mobile(rng: random.Random) -> str:
    return f"0{rng.choice('789')}0{rng.randrange(10**8):08d}"


def _new_person(rng: random.Random, key: str) -> Person:
    pools = _pools()
    return Person(
        key=key,
        surname=rng.choice(pools["surnames"]),
        given=rng.choice(pools["given"]),
        birth=date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55)),
        phone=_mobile(rng),
        landline=f"03{rng.randrange(10**8):08d}",
        address=(
            *rng.choice(pools["towns"]),
            (rng.randint(1, 6), rng.randint(1, 30), rng.randint(1, 20)),
            str(rng.choice([0, 101, 102, 201, 203, 305, 402])),
        ),
        email=f"{rng.choice(['t', 'k', 's', 'm', 'y'])}{rng.randrange(10**5)}@example.jp",
    )


def _kanji_number(n: int) -> str:
    digits = "〇一二三四五六七八九"
    return (
        digits[n]
        if n < 10
        else ("十" if n < 20 else digits[n // 10] + "十") + (digits[n % 10] if n % 10 else "")
    )


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    op = rng.choice(["swap", "drop", "double"])
    if op == "swap":
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if op == "drop":
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]


def _romaji_variant(rng: random.Random, word: str) -> str:
    w = word.lower()
    options = [w]
    if "o" in w and not w.endswith("ou"):
        options += [
            w.replace("o", "ou", 1) if w.endswith("o") else w,
            w + "h" if w.endswith("o") else w,
        ]
    options += [
        w.replace("shi", "si"),
        w.replace("tsu", "tu"),
        w.replace("chi", "ti"),
        w.replace("ji", "zi"),
    ]
    out = rng.choice(options)
    return out.upper() if rng.random() < 0.3 else out.capitalize()


def write_name(rng: random.Random, p: Person, typo: float = 0.12) -> dict[str, str]:
    script = rng.choice(["kanji", "kanji", "kata", "hira", "romaji", "romaji"])
    sk, sv, sr = p.surname
    gk, gv, gr = p.given
    if script == "kanji":
        name = sk + rng.choice([" ", "", "　"]) + gk
        if rng.random() < 0.3:
            name = "".join(_VARIANTS.get(ch, ch) if rng.random() < 0.7 else ch for ch in name)
        out = {"name": name}
        if rng.random() < 0.4:
            out["name_kana"] = sv + " " + gv
        return out
    if script in ("kata", "hira"):
        s, g = sv, gv
        if script == "hira":
            import jaconv

            s, g = jaconv.kata2hira(s), jaconv.kata2hira(g)
        if rng.random() < typo:
            g = _typo(rng, g)
        return {"name": s + rng.choice([" ", "", "・"]) + g}
    s, g = _romaji_variant(rng, sr), _romaji_variant(rng, gr)
    if rng.random() < typo:
        s = _typo(rng, s) if rng.random() < 0.5 else s
        g = _typo(rng, g) if g == gr.capitalize() or rng.random() < 0.5 else g
    name = f"{g} {s}" if rng.random() < 0.6 else f"{s} {g}"
    return {"name_romaji" if rng.random() < 0.5 else "name": name}


def write_phone(rng: random.Random, digits: str) -> str:
    style = rng.choice(["hyphen", "plain", "intl", "wide", "space"])
    a, b, c = digits[:3], digits[3:7], digits[7:]
    if digits.startswith("03"):
        a, b, c = digits[:2], digits[2:6], digits[6:]
    if style == "hyphen":
        return f"{a}-{b}-{c}"
    if style == "intl":
        return f"+81 {a[1:]} {b} {c}"
    if style == "wide":
        table = str.maketrans("0123456789-", "０１２３４５６７８９－")
        return f"{a}-{b}-{c}".translate(table)
    if style == "space":
        return f"{a} {b} {c}"
    return digits


def write_address(rng: random.Random, address: tuple[str, str, tuple[int, int, int], str]) -> str:
    ward, town, (chome, ban, go), room = address
    room_text = "" if room == "0" else rng.choice([f" {room}号室", f" {room}", f"-{room}"])
    if rng.random() < 0.5:
        sep = rng.choice(_SEP[:2])
        return f"{ward}{town}{chome}{sep}{ban}{sep}{go}{room_text}"
    return (
        f"{rng.choice(['東京都', ''])}{ward}{town}{_kanji_number(chome)}丁目"
        f"{ban}番{go}号{room_text}"
    )


def write_person(
    rng: random.Random,
    p: Person,
    *,
    moved: Person | None = None,
    first: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """One source's record of a person (a random subset of fields, each written its way), and
    the underlying facts it states.

    A record shares at least one fact (birth date, phone, e-mail or home) with the person's
    first record: a record that shares nothing but a name with the others cannot be told
    from a namesake by anyone, so it would measure luck, not linkage.
    """
    for _ in range(100):
        record, facts = _write_person(rng, p, moved)
        if first is None and len(facts) > 0:
            return record, facts
        if first is not None and any(first.get(k) == v for k, v in facts.items()):
            return record, facts
    return _write_person(rng, p, None)  # moved, and the first record knew only the old home


def _write_person(
    rng: random.Random, p: Person, moved: Person | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    record: dict[str, Any] = write_name(rng, p)
    facts: dict[str, Any] = {}
    if rng.random() < 0.7:
        facts["birth_date"] = p.birth
        record["birth_date"] = rng.choice(
            [p.birth.isoformat(), p.birth.strftime("%Y/%m/%d"), p.birth.strftime("%Y%m%d")]
        )
    if rng.random() < 0.75:
        number = moved.phone if moved is not None and rng.random() < 0.5 else p.phone
        facts["phone"] = number
        record["phone"] = write_phone(rng, number)
    if rng.random() < 0.35:
        facts["email"] = p.email
        record["email"] = p.email
    if rng.random() < 0.7:
        home = moved.address if moved is not None else p.address
        facts["address"] = home
        record["address"] = write_address(rng, home)
    return record, facts


def generate(seed: int = 4, people: int = 1500) -> list[dict[str, Any]]:
    """Records with ``id`` and ``truth`` (the person key), 1-4 records per person."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    persons: list[Person] = []
    for n in range(people):
        p = _new_person(rng, f"p{n}")
        roll = rng.random()
        if roll < 0.1 and persons:
            # A family member: same surname, address and landline, another given name.
            head = rng.choice(persons)
            p = Person(
                p.key, head.surname, p.given, p.birth, p.phone, head.landline, head.address, p.email
            )
        elif roll < 0.15 and persons:
            # A namesake: the same name, everything else different.
            twin = rng.choice(persons)
            p = Person(
                p.key, twin.surname, twin.given, p.birth, p.phone, p.landline, p.address, p.email
            )
        persons.append(p)
        moved = _new_person(rng, p.key) if rng.random() < 0.15 else None
        first: dict[str, Any] | None = None
        for k in range(rng.choice([1, 2, 2, 3, 3, 4])):
            record, facts = write_person(rng, p, moved=moved if k > 0 else None, first=first)
            first = first or facts
            record["id"] = f"{p.key}-{k}"
            record["truth"] = p.key
            out.append(record)
    rng.shuffle(out)
    return out
