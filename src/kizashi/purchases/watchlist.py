"""The precursor watch-list (``data/watchlist.yaml``): loading, checking and matching.

A receipt line is matched on the *longest* alias found in its item name, over substances,
products (mixtures with a fraction) and look-alikes to ignore, so 硝酸カリウム is never read
as 硝酸 and 硫酸アンモニウム never as 硫酸. A retailer's own ``substance`` field is used
when the item name names no product. Loading fails with a :class:`SchemaError` naming the
file, the entry and the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kizashi.errors import SchemaError
from kizashi.purchases.units import (
    Conversion,
    UnitError,
    fold,
    parse_amount,
    stated_strength,
    to_grams,
)
from kizashi.store.rule_versions import RuleSet, rule_set


@dataclass(frozen=True)
class Threshold:
    total: float  # grams over the window
    per_sale: float  # grams in one sale, above which a retailer would ask
    window_days: float


@dataclass(frozen=True)
class Structuring:
    min_purchases: int
    min_total: float
    window_days: float


@dataclass(frozen=True)
class Substance:
    id: str
    name_ja: str
    name_en: str
    cas: tuple[str, ...]
    aliases: tuple[str, ...]
    density: float | None
    solution: bool = False
    fraction: float = 1.0
    threshold: Threshold | None = None
    structuring: Structuring | None = None
    examples: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Product:
    id: str
    name_ja: str
    substance: str
    aliases: tuple[str, ...]
    fraction: float
    density: float | None
    examples: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Ignored:
    id: str
    note: str
    aliases: tuple[str, ...]
    examples: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Slot:
    any_of: tuple[str, ...]
    min_grams: float


@dataclass(frozen=True)
class Combination:
    id: str
    name: str
    window_days: float
    weight: float
    members: tuple[Slot, ...]
    examples: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class RuleInfo:
    id: str
    weight: float
    description: str


@dataclass(frozen=True)
class Match:
    """What a receipt line is: a substance id (None for a look-alike) and how it was found."""

    substance: str | None
    via: str  # substance, product:<id>, ignore:<id>, field
    term: str
    fraction: float
    density: float | None

    def grams(self, quantity: float, unit: str, item: str) -> Conversion:
        return to_grams(quantity, unit, item=item, density=self.density, fraction=self.fraction)


@dataclass(frozen=True)
class Watchlist:
    id: str
    version: int
    substances: dict[str, Substance]
    products: dict[str, Product]
    ignored: dict[str, Ignored]
    combinations: tuple[Combination, ...]
    quantity_rule: RuleInfo
    structuring_rule: RuleInfo
    _terms: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)
    # The version of the file it was parsed from (kizashi.store.rule_versions).
    rule_version: RuleSet | None = field(default=None, compare=False, repr=False)

    def match(self, item: str, substance_field: str | None = None) -> Match | None:
        """The watch-listed substance of a receipt line, or None if it names none."""
        in_item = self._longest(fold(item))
        if in_item is not None and in_item.via != "substance":
            return in_item
        if substance_field:
            declared = self._longest(fold(substance_field))
            if declared is not None and declared.substance is not None:
                return self._with_strength(declared, item, "field")
        if in_item is not None:
            return self._with_strength(in_item, item, "substance")
        return None

    def _longest(self, text: str) -> Match | None:
        best: tuple[str, str, str] | None = None
        for term, (kind, ref) in self._terms.items():
            if term in text and (best is None or len(term) > len(best[0])):
                best = (term, kind, ref)
        if best is None:
            return None
        term, kind, ref = best
        if kind == "ignore":
            return Match(None, f"ignore:{ref}", term, 0.0, None)
        if kind == "product":
            product = self.products[ref]
            return Match(
                product.substance, f"product:{ref}", term, product.fraction, product.density
            )
        substance = self.substances[ref]
        return Match(ref, "substance", term, substance.fraction, substance.density)

    def _with_strength(self, found: Match, item: str, via: str) -> Match:
        substance = self.substances[found.substance or ""]
        strength = stated_strength(item) if substance.solution else None
        fraction = strength if strength is not None else substance.fraction
        return Match(found.substance, via, found.term, fraction, found.density)


WATCHLIST_FILE = "watchlist.yaml"


def _examples(entry: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    return tuple(entry.get("examples") or ())


def _amount(value: Any, where: str) -> float:
    try:
        return parse_amount(str(value))
    except UnitError as exc:
        raise SchemaError(f"{where}: {exc}") from None


def _threshold(raw: Any, where: str, default_days: float) -> Threshold | None:
    if raw is None:
        return None
    return Threshold(
        total=_amount(raw["total"], f"{where}.threshold.total"),
        per_sale=_amount(raw["per_sale"], f"{where}.threshold.per_sale"),
        window_days=float(raw.get("window_days", default_days)),
    )


def _structuring(raw: Any, where: str, default_days: float) -> Structuring | None:
    if raw is None:
        return None
    return Structuring(
        min_purchases=int(raw["min_purchases"]),
        min_total=_amount(raw["min_total"], f"{where}.structuring.min_total"),
        window_days=float(raw.get("window_days", default_days)),
    )


def _substance(raw: dict[str, Any], where: str, days: float) -> Substance:
    return Substance(
        id=str(raw["id"]),
        name_ja=str(raw["name_ja"]),
        name_en=str(raw["name_en"]),
        cas=tuple(str(c) for c in raw.get("cas") or ()),
        aliases=tuple(str(a) for a in raw["aliases"]),
        density=float(raw["density"]) if raw.get("density") is not None else None,
        solution=bool(raw.get("solution", False)),
        fraction=float(raw.get("fraction", 1.0)),
        threshold=_threshold(raw.get("threshold"), where, days),
        structuring=_structuring(raw.get("structuring"), where, days),
        examples=_examples(raw),
    )


def parse_watchlist(data: Any, source: str) -> Watchlist:
    """Build and check a watch-list from parsed YAML; errors name `source` and the entry."""
    if not isinstance(data, dict) or not isinstance(data.get("version"), int):
        raise SchemaError(f"{source}: expected a mapping with an integer version")
    days = float(data.get("default_window_days", 30))
    where = source
    try:
        substances: dict[str, Substance] = {}
        for index, raw in enumerate(data["substances"]):
            where = f"{source}: substances[{index}] ({raw.get('id')})"
            substance = _substance(raw, where, days)
            if substance.id in substances:
                raise SchemaError(f"{where}: duplicate id")
            substances[substance.id] = substance
        products: dict[str, Product] = {}
        for index, raw in enumerate(data.get("products") or ()):
            where = f"{source}: products[{index}] ({raw.get('id')})"
            if raw["substance"] not in substances:
                raise SchemaError(f"{where}: substance {raw['substance']!r} is not listed")
            products[str(raw["id"])] = Product(
                id=str(raw["id"]),
                name_ja=str(raw["name_ja"]),
                substance=str(raw["substance"]),
                aliases=tuple(str(a) for a in raw["aliases"]),
                fraction=float(raw["fraction"]),
                density=float(raw["density"]) if raw.get("density") is not None else None,
                examples=_examples(raw),
            )
        ignored = {
            str(raw["id"]): Ignored(
                str(raw["id"]), str(raw.get("note", "")), tuple(raw["aliases"]), _examples(raw)
            )
            for raw in data.get("ignore") or ()
        }
        combinations = []
        for index, raw in enumerate(data.get("combinations") or ()):
            where = f"{source}: combinations[{index}] ({raw.get('id')})"
            slots = []
            for member in raw["members"]:
                unknown = [s for s in member["any_of"] if s not in substances]
                if unknown:
                    raise SchemaError(f"{where}: members name unknown substances {unknown}")
                slots.append(Slot(tuple(member["any_of"]), _amount(member["min"], f"{where}.min")))
            combinations.append(
                Combination(
                    id=str(raw["id"]),
                    name=str(raw["name"]),
                    window_days=float(raw.get("window_days", days)),
                    weight=float(raw["weight"]),
                    members=tuple(slots),
                    examples=_examples(raw),
                )
            )
        rules = data["rules"]
        where = f"{source}: rules"
        quantity = RuleInfo(**{k: rules["quantity"][k] for k in ("id", "weight", "description")})
        structuring = RuleInfo(
            **{k: rules["structuring"][k] for k in ("id", "weight", "description")}
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SchemaError(f"{where}: missing or bad field: {exc}") from None
    return Watchlist(
        id=str(data.get("id", "watchlist")),
        version=int(data["version"]),
        substances=substances,
        products=products,
        ignored=ignored,
        combinations=tuple(combinations),
        quantity_rule=quantity,
        structuring_rule=structuring,
        _terms=_terms(substances, products, ignored, source),
        rule_version=rule_set("purchase_watchlist", data["version"], source, data),
    )


def _terms(
    substances: dict[str, Substance],
    products: dict[str, Product],
    ignored: dict[str, Ignored],
    source: str,
) -> dict[str, tuple[str, str]]:
    terms: dict[str, tuple[str, str]] = {}
    groups: list[tuple[str, str, tuple[str, ...]]] = [
        ("substance", s.id, (*s.aliases, s.name_ja, s.name_en)) for s in substances.values()
    ]
    groups += [("product", p.id, (*p.aliases, p.name_ja)) for p in products.values()]
    groups += [("ignore", i.id, i.aliases) for i in ignored.values()]
    for kind, ref, aliases in groups:
        for alias in aliases:
            term = fold(alias)
            seen = terms.get(term)
            if seen is not None and seen != (kind, ref):
                raise SchemaError(f"{source}: alias {alias!r} names both {seen[1]} and {ref}")
            terms[term] = (kind, ref)
    return terms


def load_watchlist(path: Path | None = None) -> Watchlist:
    """The watch-list in `path`, or the shipped one."""
    if path is None:
        return default_watchlist()
    try:
        text = path.read_text("utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"{path}: cannot read the watch-list: {exc}") from exc
    return parse_watchlist(data, str(path))


@cache
def default_watchlist() -> Watchlist:
    text = resources.files("kizashi.purchases").joinpath("data", WATCHLIST_FILE).read_text("utf-8")
    return parse_watchlist(yaml.safe_load(text), f"kizashi/purchases/data/{WATCHLIST_FILE}")
