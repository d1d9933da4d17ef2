"""Purchase records from six fictional retailers, with the lone offender's purchases planted.

Ordinary buyers also buy watch-listed substances (garden lime-sulfur, BBQ charcoal, nail
polish remover, fertiliser with ammonium nitrate): those are the decoys a precursor rule must
not flag. The offender splits sulfur, potassium nitrate and charcoal over three retailers in
under two weeks and writes his name, phone and address differently at each.
"""

from __future__ import annotations

import hashlib
import itertools
import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kizashi.demo.clock import at, iso, natural, random_time
from kizashi.demo.manifest import LONE_CASE, Ledger
from kizashi.demo.people import (
    OFFENDER,
    SIMILAR_FAR,
    SIMILAR_NEAR,
    Person,
    make_population,
    phone_variant,
    write_address,
)
from kizashi.demo.textbank import load_data

__all__ = ["build_purchases", "retailer_source"]

_DECOY_KIND = {"硫黄": "sulfur_legit", "木炭": "charcoal_legit"}


@dataclass(frozen=True)
class Item:
    name: str
    substance: str
    unit: str
    per: float
    max_packs: int
    price: int


@dataclass(frozen=True)
class Retailer:
    key: str
    name: str
    stores: tuple[str, ...]
    tx: str
    member_rate: float
    payments: tuple[str, ...]
    share: float
    catalogue: tuple[Item, ...]


def retailer_source(key: str) -> str:
    """Source key of a retailer partner (``retailer:<key>``)."""
    return f"retailer:{key}"


def _load() -> tuple[dict[str, Retailer], tuple[str, ...]]:
    data = load_data("purchases")
    catalogues: dict[str, tuple[Item, ...]] = {}
    for name, rows in data["catalogues"].items():
        items = []
        for row in rows:
            item, substance, unit, per, packs, price = str(row).split("|")
            items.append(Item(item, substance, unit, float(per), int(packs), int(price)))
        catalogues[name] = tuple(items)
    retailers = {
        key: Retailer(
            key=key,
            name=str(spec["name"]),
            stores=tuple(spec["stores"]),
            tx=str(spec["tx"]),
            member_rate=float(spec["member_rate"]),
            payments=tuple(spec["payments"]),
            share=float(spec["share"]),
            catalogue=catalogues[str(spec["catalogue"])],
        )
        for key, spec in data["retailers"].items()
    }
    return retailers, tuple(data["organisations"])


def _token(person: Person) -> str:
    # A salted hash stands in for the card token: the same card hashes the same everywhere.
    return hashlib.sha256(f"kizashi-demo-card:{person.key}".encode()).hexdigest()


def _quantity(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 3)


class _Till:
    """Shapes purchase records and numbers them once every sale is known.

    Receipt numbers are issued in time order per retailer, planted sales included, so a
    planted record cannot be told apart by its transaction id.
    """

    def __init__(self, retailers: dict[str, Retailer]) -> None:
        self.retailers = retailers
        self._pending: list[tuple[dict[str, Any], Retailer, str, dict[str, Any]]] = []

    def sale(
        self,
        retailer: Retailer,
        store: str,
        moment: datetime,
        item: Item,
        packs: int,
        payment: str,
        **mark: Any,
    ) -> dict[str, Any]:
        """A record without its ids yet; ``mark`` is passed on to ``Ledger.add``."""
        record: dict[str, Any] = {
            "source": retailer_source(retailer.key),
            "external_id": "",
            "received_at": iso(moment.replace(hour=23, minute=59, second=0)),
            "retailer": retailer.name,
            "store": store,
            "transaction_id": "",
            "purchased_at": iso(moment),
            "item": item.name,
            "quantity": _quantity(item.per * packs if item.substance else packs),
            "unit": item.unit,
            "price_jpy": item.price * packs,
            "payment_method": payment,
        }
        if item.substance:
            record["substance"] = item.substance
        self._pending.append((record, retailer, store, mark))
        return record

    def close(self, ledger: Ledger) -> None:
        seq = {key: itertools.count(1) for key in self.retailers}
        order = sorted(
            range(len(self._pending)), key=lambda i: (self._pending[i][0]["purchased_at"], i)
        )
        for index in order:
            record, retailer, store, mark = self._pending[index]
            tx = retailer.tx.format(
                store=f"{retailer.stores.index(store) + 1:02d}",
                date=record["purchased_at"][:10].replace("-", ""),
                seq=f"{next(seq[retailer.key]):05d}",
            )
            record["transaction_id"] = tx
            record["external_id"] = f"{retailer.name}:{tx}"
            ledger.add("purchase", record, **mark)


def _buyer(
    record: dict[str, Any],
    person: Person,
    *,
    name: str,
    phone: str,
    address: str,
    kana: bool,
    email: bool,
    token: bool,
) -> None:
    record["buyer_name"] = name
    if kana:
        record["buyer_name_kana"] = person.name_kana
    record["buyer_phone"] = phone
    if email:
        record["buyer_email"] = person.email
    record["buyer_address"] = address
    if token:
        record["payment_token_hash"] = _token(person)


def build_purchases(ledger: Ledger, rng: random.Random, *, total: int) -> None:
    retailers, organisations = _load()
    till = _Till(retailers)
    planted = _plant(ledger, till)
    for kind in ("sulfur_legit", "charcoal_legit", "precursor_legit"):
        ledger.decoy_group(
            f"decoy-purchase-{kind.replace('_', '-')}",
            kind,
            "ordinary buyer of a watch-listed substance in ordinary quantity",
        )
    population = make_population(rng, max(40, round(1500 * total / 5000)), "buyer")
    order = list(retailers.values())
    weights = [r.share for r in order]
    for _ in range(max(0, total - planted)):
        retailer = rng.choices(order, weights=weights)[0]
        store = rng.choice(retailer.stores)
        web = retailer.key == "chemical-plus"
        moment = random_time(rng, open_hours=None if web else (9, 19))
        item = rng.choice(retailer.catalogue)
        packs = rng.randint(1, item.max_packs)
        payment = rng.choice(retailer.payments)
        decoy = None
        if item.substance:
            kind = _DECOY_KIND.get(item.substance, "precursor_legit")
            decoy = f"decoy-purchase-{kind.replace('_', '-')}"
        record = till.sale(retailer, store, moment, item, packs, payment, decoy=decoy)
        if rng.random() < retailer.member_rate:
            person = rng.choice(population)
            name = person.name if rng.random() < 0.8 else person.name.replace(" ", "")
            if retailer.key == "midori-kagaku" and rng.random() < 0.6:
                name = f"{rng.choice(organisations)} {person.name}"
            _buyer(
                record,
                person,
                name=name,
                phone=phone_variant(person.phone, rng.choice(("hyphen", "hyphen", "plain"))),
                address=write_address(person, rng.choice(("short", "full"))),
                kana=rng.random() < 0.4,
                email=web,
                token=payment in ("card", "e_money"),
            )
    till.close(ledger)


def _plant(ledger: Ledger, till: _Till) -> int:
    """Add the offender's four purchases and the similar-name decoys; returns how many."""
    r = till.retailers
    minato, chem, midori, yamabuki = (
        r["hc-minato"],
        r["chemical-plus"],
        r["midori-kagaku"],
        r["hc-yamabuki"],
    )

    def item(retailer: Retailer, prefix: str) -> Item:
        return next(i for i in retailer.catalogue if i.name.startswith(prefix))

    # Hobby packs of sulfur are 0.5-1 kg; he buys several kilograms of each precursor.
    offender = (
        (
            minato,
            "大塚店",
            at(10, 13, 11, 24),
            item(minato, "BBQ用 木炭"),
            4,
            "cash",
            OFFENDER.name.replace(" ", ""),
            "hyphen",
            "short",
            False,
            "charcoal purchase (kanji name)",
        ),
        (
            chem,
            chem.stores[0],
            at(10, 16, 22, 47),
            item(chem, "硫黄粉末"),
            3,
            "card",
            OFFENDER.name_romaji,
            "intl",
            "formal",
            True,
            "sulfur purchase (romaji name, web)",
        ),
        (
            midori,
            "文京営業所",
            at(10, 21, 14, 5),
            item(midori, "試薬 硝酸カリウム"),
            10,
            "cash",
            OFFENDER.name_kana,
            "plain",
            "short",
            False,
            "potassium nitrate purchase (katakana name)",
        ),
        (
            chem,
            chem.stores[0],
            at(10, 26, 23, 30),
            item(chem, "硫黄粉末"),
            2,
            "card",
            OFFENDER.name_romaji,
            "fullwidth",
            "formal",
            True,
            "sulfur purchase (romaji name, full-width phone)",
        ),
    )
    for retailer, store, moment, thing, packs, pay, name, phone, addr, web, role in offender:
        moment = natural(moment, role)
        record = till.sale(retailer, store, moment, thing, packs, pay, case=LONE_CASE, role=role)
        _buyer(
            record,
            OFFENDER,
            name=name,
            phone=phone_variant(OFFENDER.phone, phone),
            address=write_address(OFFENDER, addr),
            kana=name == OFFENDER.name_kana,
            email=web,
            token=pay == "card",
        )

    ledger.decoy_group(
        "decoy-purchase-similar-name",
        "similar_name",
        "山田 太一 (巣鴨) and another 山田 太郎 (八王子): other people, ordinary items",
    )
    similar = (
        (SIMILAR_NEAR, minato, "大塚店", at(10, 14, 10, 2), item(minato, "園芸用 石灰硫黄合剤"), 1),
        (SIMILAR_NEAR, minato, "大塚店", at(10, 14, 10, 3), item(minato, "苦土石灰"), 1),
        (SIMILAR_NEAR, minato, "大塚店", at(10, 20, 16, 40), item(minato, "培養土"), 2),
        (SIMILAR_FAR, chem, chem.stores[0], at(10, 18, 9, 12), item(chem, "重曹"), 2),
        (SIMILAR_FAR, chem, chem.stores[0], at(10, 18, 9, 12), item(chem, "クエン酸"), 1),
        (SIMILAR_FAR, yamabuki, "練馬店", at(10, 24, 13, 30), item(yamabuki, "BBQ用 木炭"), 1),
    )
    for person, retailer, store, moment, thing, packs in similar:
        moment = natural(moment, thing.name)
        web = retailer is chem
        record = till.sale(
            retailer,
            store,
            moment,
            thing,
            packs,
            "card" if web else "cash",
            decoy="decoy-purchase-similar-name",
        )
        _buyer(
            record,
            person,
            name=person.name,
            phone=phone_variant(person.phone, "hyphen"),
            address=write_address(person, "full"),
            kana=True,
            email=web,
            token=web,
        )
    return len(offender) + len(similar)
