"""Amounts and units: "3 kg" into grams, receipt units into grams of pure substance.

Mass units convert directly; volumes need the density of what was sold; counted units
(pcs, pack, bottle, bag) need a pack size, read from the item name ("硫黄 500g", "1L").
Every conversion returns the arithmetic as text, so a firing can show how it counted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kizashi.errors import InputError

MASS_UNITS: dict[str, float] = {"mg": 0.001, "g": 1.0, "kg": 1000.0, "t": 1_000_000.0}
VOLUME_UNITS: dict[str, float] = {"ml": 1.0, "l": 1000.0}
COUNT_UNITS = frozenset({"pcs", "pack", "bottle", "bag"})

_AMOUNT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$")
# A size printed in an item name: "500g", "1kg", "500mL", "18L" (not "cm", not "m").
_SIZE = re.compile(r"(\d+(?:\.\d+)?)(kg|mg|g|ml|l)(?![a-z])")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")


class UnitError(InputError, ValueError):
    """An amount or unit that cannot be read or converted."""


def fold(text: str) -> str:
    """The comparison form of a receipt text: NFKC, case-folded, without spaces."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def parse_amount(text: str) -> float:
    """Grams in an amount such as ``"3 kg"`` or ``"500 g"`` (mass units only)."""
    match = _AMOUNT.match(str(text))
    if match is None:
        raise UnitError(f"not an amount like '3 kg': {text!r}")
    unit = match.group(2).casefold()
    if unit not in MASS_UNITS:
        raise UnitError(f"amount {text!r}: unit must be one of {', '.join(MASS_UNITS)}")
    return float(match.group(1)) * MASS_UNITS[unit]


def pack_size(item: str) -> tuple[float, str] | None:
    """The size printed in an item name as (amount, unit), e.g. (500.0, "g")."""
    match = _SIZE.search(fold(item))
    return (float(match.group(1)), match.group(2)) if match else None


def stated_strength(item: str) -> float | None:
    """A strength printed in an item name ("30%") as a fraction, if any."""
    match = _PERCENT.search(fold(item))
    if match is None:
        return None
    value = float(match.group(1)) / 100
    return value if 0 < value <= 1 else None


@dataclass(frozen=True)
class Conversion:
    grams: float
    how: str


def to_grams(
    quantity: float, unit: str, *, item: str, density: float | None, fraction: float
) -> Conversion:
    """Grams of pure substance in `quantity` `unit` of `item`; UnitError says why not."""
    unit_key = unit.casefold()
    if unit_key in COUNT_UNITS:
        size = pack_size(item)
        if size is None:
            raise UnitError(f"{quantity:g} {unit} of {item!r}: no pack size in the item name")
        amount, size_unit = size
        inner = to_grams(
            quantity * amount, size_unit, item=item, density=density, fraction=fraction
        )
        return Conversion(inner.grams, f"{quantity:g} {unit} × {amount:g} {size_unit}: {inner.how}")
    if unit_key in MASS_UNITS:
        grams = quantity * MASS_UNITS[unit_key] * fraction
        how = f"{quantity:g} {unit}"
    elif unit_key in VOLUME_UNITS:
        if density is None:
            raise UnitError(f"{quantity:g} {unit} of {item!r}: no density to convert a volume")
        grams = quantity * VOLUME_UNITS[unit_key] * density * fraction
        how = f"{quantity:g} {unit} × {density:g} g/mL"
    else:
        raise UnitError(f"unknown unit {unit!r}")
    if fraction != 1.0:
        how += f" × {fraction * 100:g} %"
    return Conversion(round(grams, 3), f"{how} = {round(grams, 3):g} g")
