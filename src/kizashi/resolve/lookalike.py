"""A look-alike evaluation set: families, twins, fathers and sons of one name, namesakes.

Linking records to people hurts an innocent person when two people who look alike on paper
are merged. This set is built to measure exactly that, beside ordinary cross-script matches:

- households share a surname, a home address, often a landline and sometimes a family
  e-mail; each member has a birth date, and most a mobile of their own;
- a son may carry his father's given name (the same full name, address and landline; only
  the birth date, a mobile or a "Jr." tells them apart); twins share a birth date, home and
  landline but not a given name; siblings, parents, spouses;
- namesakes: unrelated people with one of the commonest full names.

Every record is written the way a source writes it (kanji with old variants, kana with or
without a space, romaji in either order, typos, five phone formats, addresses formal or short,
with or without 東京都 or a postcode). A record of someone who shares a full name with a
relative or a namesake always states the birth date (without it, nobody could place it), and
every record shares a fact with its person's first record.

**Splits that cannot flatter.** Names come from the public name tables
(``../shared/data/japanese_names_readings``), split by a hash of the surname and of the given
name's reading into a *dev* pool (three quarters) and a *test* pool: the frozen test set has
no surname or given name in common with the set the rules were tuned on, and another seed.
It is still this project's generator — a figure on it is evidence about the cases it
plants, not about the world; docs/linkage.md says so.
"""

from __future__ import annotations

import csv
import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from itertools import combinations
from typing import Any

import jaconv

from kizashi.config import shared_data_dir
from kizashi.resolve.jaset import _romaji_variant, _typo, write_phone
from kizashi.resolve.reference import DERIVED

__all__ = ["LookalikeSet", "Relation", "generate_lookalikes"]

_VARIANTS = {"高": "髙", "斎": "齋", "辺": "邊", "崎": "﨑", "島": "嶋", "沢": "澤", "浜": "濱",
             "国": "國", "竜": "龍", "広": "廣", "桜": "櫻", "真": "眞", "恵": "惠"}  # fmt: skip


@dataclass(frozen=True)
class Name:
    kanji: str
    kana: str  # hiragana
    romaji: str


@dataclass
class Person:
    key: str
    surname: Name
    given: Name
    birth: date
    mobile: str | None
    email: str | None
    household: Household
    generation: str = ""  # "Jr." for a son named after his father


@dataclass
class Household:
    key: str
    address: tuple[
        str, str, str, str, tuple[int, int, int], str
    ]  # code, pref, city, town, block, room
    landline: str | None
    email: str | None
    members: list[Person] = field(default_factory=list)


@dataclass(frozen=True)
class Relation:
    kind: str  # father_son_same_name, twins, siblings, parent_child, spouses, namesakes
    left: str
    right: str


@dataclass
class LookalikeSet:
    records: list[dict[str, Any]]  # with "id" and "truth"
    relations: list[Relation]


def _bucket(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) % 4


@cache
def _pools(split: str) -> dict[str, list[Any]]:
    """Surnames (weighted by population) and given names of one split."""
    base = shared_data_dir() / "japanese_names_readings"

    def want(bucket: int) -> bool:
        return (bucket == 3) == (split == "test")

    surnames: list[tuple[Name, int]] = []
    with (base / "surnames.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if want(_bucket(row["kanji"])):
                name = Name(row["kanji"], row["reading_hiragana"], row["romaji"])
                surnames.append((name, int(row["estimated_population"])))
    given: dict[str, list[Name]] = {"male": [], "female": []}
    with (base / "given_names.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["in_popular_subset"] == "1" and want(_bucket(row["reading_hiragana"])):
                given[row["gender"]].append(
                    Name(row["kanji"], row["reading_hiragana"], row["romaji"])
                )
    return {
        "surnames": [s for s, _ in surnames],
        "weights": [w for _, w in surnames],
        "male": given["male"],
        "female": given["female"],
    }


@cache
def _places() -> list[tuple[str, str, str, str]]:
    """(postcode, prefecture, city, town) of real towns, from the shipped postcode table."""
    import gzip

    lines = gzip.decompress((DERIVED / "postcodes.tsv.gz").read_bytes()).decode().splitlines()
    rows = [line.split("\t") for line in lines[1:]]
    return [(r[0], r[1], r[2], r[3]) for r in rows if len(r) == 4 and r[3] and r[2]]


def _mobile(rng: random.Random) -> str:
    return f"0{rng.choice('789')}0{rng.randrange(10**8):08d}"


def _household(rng: random.Random, key: str) -> Household:
    code, pref, city, town = rng.choice(_places())
    block = (rng.randint(1, 5), rng.randint(1, 30), rng.randint(1, 25))
    room = str(rng.choice([0, 0, 101, 102, 201, 203, 305]))
    landline = (
        f"0{rng.randint(3, 99)}{rng.randrange(10**7):07d}"[:10] if rng.random() < 0.7 else None
    )
    email = f"{key}.home{rng.randrange(100)}@example.ne.jp" if rng.random() < 0.25 else None
    return Household(key, (code, pref, city, town, block, room), landline, email)


def _person(
    rng: random.Random, household: Household, key: str, surname: Name, given: Name, birth: date
) -> Person:
    person = Person(
        key,
        surname,
        given,
        birth,
        _mobile(rng) if rng.random() < 0.8 else None,
        f"{given.romaji[:3]}{rng.randrange(10**5)}@example.jp" if rng.random() < 0.4 else None,
        household,
    )
    household.members.append(person)
    return person


def _day(rng: random.Random, start: int, end: int) -> date:
    return date(start, 1, 1) + timedelta(days=rng.randrange((end - start) * 365))


def _family(
    rng: random.Random, pools: dict[str, list[Any]], n: int
) -> tuple[Household, list[Relation]]:
    household = _household(rng, f"h{n}")
    surname = rng.choices(pools["surnames"], weights=pools["weights"])[0]
    father = _person(
        rng, household, f"h{n}-f", surname, rng.choice(pools["male"]), _day(rng, 1945, 1978)
    )
    relations: list[Relation] = []
    if rng.random() < 0.8:
        mother = _person(
            rng, household, f"h{n}-m", surname, rng.choice(pools["female"]),
            father.birth + timedelta(days=rng.randint(-1500, 1500)),
        )  # fmt: skip
        relations.append(Relation("spouses", father.key, mother.key))
    children: list[Person] = []
    roll = rng.random()
    count = 0 if roll < 0.15 else 1 if roll < 0.45 else 2 if roll < 0.85 else 3
    for c in range(count):
        born = father.birth + timedelta(days=rng.randint(22 * 365, 38 * 365))
        if c > 0 and rng.random() < 0.2:
            born = children[-1].birth  # twins
        male = rng.random() < 0.5
        named_after_father = male and c == 0 and rng.random() < 0.35
        given = (
            father.given if named_after_father else rng.choice(pools["male" if male else "female"])
        )
        while any(given.kana == s.given.kana for s in children) or (
            not named_after_father and given.kana == father.given.kana
        ):
            given = rng.choice(pools["male" if male else "female"])  # parents name apart
        child = _person(rng, household, f"h{n}-c{c}", surname, given, born)
        if named_after_father:
            child.generation = "Jr."
            relations.append(Relation("father_son_same_name", father.key, child.key))
        else:
            relations.append(Relation("parent_child", father.key, child.key))
        for sibling in children:
            kind = "twins" if sibling.birth == child.birth else "siblings"
            relations.append(Relation(kind, sibling.key, child.key))
        children.append(child)
    return household, relations


def _namesakes(
    rng: random.Random, pools: dict[str, list[Any]], n: int, size: int
) -> tuple[list[Household], list[Relation]]:
    """``size`` unrelated people of one of the commonest full names, each in a home of their own."""
    surname = pools["surnames"][rng.randrange(8)]
    given = pools["male"][rng.randrange(min(40, len(pools["male"])))]
    homes, people = [], []
    for k in range(size):
        home = _household(rng, f"n{n}-{k}")
        people.append(_person(rng, home, f"n{n}-{k}", surname, given, _day(rng, 1950, 2004)))
        homes.append(home)
    relations = [Relation("namesakes", a.key, b.key) for a, b in combinations(people, 2)]
    return homes, relations


def _kanji(rng: random.Random, p: Person) -> str:
    name = p.surname.kanji + rng.choice([" ", "", "\u3000"]) + p.given.kanji
    if rng.random() < 0.2:
        name = "".join(_VARIANTS.get(ch, ch) if rng.random() < 0.7 else ch for ch in name)
    return name


def write_name(rng: random.Random, p: Person) -> dict[str, str]:
    script = rng.choices(["kanji", "kata", "hira", "romaji"], weights=[40, 22, 8, 30])[0]
    suffix = f" {p.generation}" if p.generation and rng.random() < 0.15 else ""
    if script == "kanji":
        out = {"name": _kanji(rng, p) + suffix}
        if rng.random() < 0.3:
            out["name_kana"] = jaconv.hira2kata(p.surname.kana + " " + p.given.kana)
        return out
    if script in ("kata", "hira"):
        s, g = p.surname.kana, p.given.kana
        if rng.random() < 0.08:
            g = _typo(rng, g)
        if script == "kata":
            s, g = jaconv.hira2kata(s), jaconv.hira2kata(g)
        return {"name": s + rng.choice([" ", "", "・"]) + g + suffix}
    s, g = _romaji_variant(rng, p.surname.romaji), _romaji_variant(rng, p.given.romaji)
    if rng.random() < 0.08:
        g = _typo(rng, g)
    name = f"{g} {s}" if rng.random() < 0.6 else f"{s.upper()} {g}"
    return {"name": name + suffix}


def write_address(rng: random.Random, h: Household) -> str:
    code, pref, city, town, (chome, ban, go), room = h.address
    room_text = "" if room == "0" else rng.choice([f" {room}号室", f" {room}", f"-{room}"])
    prefix = pref if pref != "東京都" or rng.random() < 0.3 else ""
    if rng.random() < 0.15:
        return f"〒{code[:3]}-{code[3:]} {town}{chome}-{ban}-{go}{room_text}"
    if rng.random() < 0.5:
        return f"{prefix}{city}{town}{chome}-{ban}-{go}{room_text}"
    return f"{prefix}{city}{town}{chome}丁目{ban}番{go}号{room_text}"


def _facts(rng: random.Random, p: Person, namesake: bool) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    if namesake or rng.random() < 0.7:
        # A record of someone who shares a full name with a relative or a namesake always
        # states the birth date: without it, nobody could tell which of the two it is.
        facts["birth_date"] = p.birth
    phones = [x for x in (p.mobile, p.household.landline) if x]
    if phones and rng.random() < 0.85:
        facts["phone"] = p.mobile if p.mobile and rng.random() < 0.6 else rng.choice(phones)
    if rng.random() < 0.3 and (p.email or p.household.email):
        facts["email"] = p.email if p.email and rng.random() < 0.7 else p.household.email or p.email
    if rng.random() < 0.75:
        facts["address"] = p.household.address
    return facts


def _same_name(p: Person, look_alikes: list[Person]) -> bool:
    return any(
        o.surname.kana == p.surname.kana and o.given.kana == p.given.kana for o in look_alikes
    )


def _record(rng: random.Random, p: Person, facts: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = write_name(rng, p)
    if "birth_date" in facts:
        birth = facts["birth_date"]
        record["birth_date"] = rng.choice(
            [birth.isoformat(), birth.strftime("%Y/%m/%d"), birth.strftime("%Y%m%d")]
        )
    if "phone" in facts:
        record["phone"] = write_phone(rng, facts["phone"])
    if "email" in facts:
        record["email"] = facts["email"]
    if "address" in facts:
        record["address"] = write_address(rng, p.household)
    return record


def _records(
    rng: random.Random, people: list[Person], look: dict[str, list[Person]]
) -> Iterator[dict[str, Any]]:
    for p in people:
        first: dict[str, Any] | None = None
        namesake = _same_name(p, look.get(p.key, []))
        for k in range(rng.choice([1, 2, 2, 3, 3, 4])):
            for _ in range(200):
                facts = _facts(rng, p, namesake)
                shares = first is None or any(first.get(f) == v for f, v in facts.items())
                if facts and shares:
                    break
            else:
                continue
            first = first or facts
            yield {**_record(rng, p, facts), "id": f"{p.key}-{k}", "truth": p.key}


def generate_lookalikes(split: str = "dev", seed: int = 1, households: int = 500) -> LookalikeSet:
    """Records of ``households`` families and a few namesake groups (see the module doc)."""
    if split not in ("dev", "test"):
        raise ValueError("split: dev or test")
    rng = random.Random(f"{split}-{seed}")
    pools = _pools(split)
    homes: list[Household] = []
    relations: list[Relation] = []
    for n in range(households):
        home, found = _family(rng, pools, n)
        homes.append(home)
        relations += found
    for n in range(max(1, households // 25)):
        found_homes, found = _namesakes(rng, pools, n, rng.randint(2, 4))
        homes += found_homes
        relations += found
    people = [p for h in homes for p in h.members]
    by_key = {p.key: p for p in people}
    look: dict[str, list[Person]] = {}
    for r in relations:
        look.setdefault(r.left, []).append(by_key[r.right])
        look.setdefault(r.right, []).append(by_key[r.left])
    records = list(_records(rng, people, look))
    rng.shuffle(records)
    return LookalikeSet(records, relations)
