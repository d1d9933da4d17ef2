"""The reference tables linkage reads at run time: kanji variants, name readings, addresses.

They are derived from public tables by :mod:`kizashi.resolve.reference_build` and ship inside
the package (``data/derived/``, attributions in its ``NOTICE.md``), so a fresh install needs
nothing from ``../shared/data``. Each table is read once, on first use.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kizashi.resolve.tables import ResolveDataError

__all__ = [
    "DERIVED",
    "Municipality",
    "kanji_fold",
    "municipalities",
    "name_prior",
    "name_readings",
    "postcode",
    "town_cities",
]

DERIVED = Path(__file__).parent / "data" / "derived"


def _lines(name: str) -> Iterator[list[str]]:
    path = DERIVED / name
    try:
        raw = gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_bytes()
    except OSError as exc:
        raise ResolveDataError(
            f"{path}: cannot read ({exc.strerror}); rebuild with "
            "`python -m kizashi.resolve.reference_build`"
        ) from exc
    lines = raw.decode("utf-8").splitlines()
    width = len(lines[0].split("\t")) if lines else 0
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != width:
            raise ResolveDataError(f"{path}: line {number}: expected {width} fields")
        yield fields


@cache
def kanji_fold() -> dict[str, str]:
    """Variant → canonical kanji: Mozc's classes, then the hand-kept name variants on top."""
    from kizashi.resolve.tables import variant_kanji

    fold = {variant: canonical for variant, canonical in _lines("kanji_fold.tsv")}
    for variant, canonical in variant_kanji().items():
        fold[variant] = fold.get(canonical, canonical)
    return fold


@cache
def kanji_fold_table() -> dict[int, str]:
    """:func:`kanji_fold` as a ``str.translate`` table (one call a name, not one a character)."""
    return {ord(variant): canonical for variant, canonical in kanji_fold().items()}


@cache
def _names() -> dict[tuple[str, str], tuple[str, ...]]:
    return {(kind, written): tuple(r.split(",")) for kind, written, r in _lines("names.tsv.gz")}


def name_readings(kind: str, written: str) -> tuple[str, ...]:
    """Readings (hiragana, best first) of a written surname (``s``) or given name (``g``)."""
    return _names().get((kind, written), ())


@cache
def _priors() -> dict[tuple[str, str], float]:
    return {(kind, r): float(score) for kind, r, score in _lines("name_priors.tsv.gz")}


def name_prior(kind: str, reading: str) -> float | None:
    """How common a reading (hiragana) is as a surname / given name, log10; None if unknown."""
    return _priors().get((kind, reading))


@dataclass(frozen=True, slots=True)
class Municipality:
    pref: str
    city: str  # city, county + town/village, or a Tokyo special ward
    ward: str  # a designated city's ward, or ""


@cache
def municipalities() -> dict[str, list[Municipality]]:
    """Every way a municipality is written after its prefecture → the municipalities.

    ``豊島区``, ``札幌市中央区``, ``札幌市``, ``中央区`` (many cities have one) and a town
    without its county (``川越町`` for ``三重郡川越町``) all map to their candidates.
    """
    out: dict[str, list[Municipality]] = defaultdict(list)
    for pref, city, ward, _code in _lines("municipalities.tsv"):
        entry = Municipality(pref, city, ward)
        names = {city + ward, ward} if ward else {city, city.split("郡", 1)[-1]}
        for name in names:
            out[name].append(entry)
    return dict(out)


@cache
def _towns() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for pref, city, town in _lines("towns.tsv.gz"):
        out[town].append((pref, city))
    return dict(out)


def town_cities(town: str) -> list[tuple[str, str]]:
    """(prefecture, city) of every city with a town of this name (without its 丁目)."""
    return _towns().get(town, [])


@cache
def _postcodes() -> dict[str, tuple[str, str, str]]:
    return {code: (pref, city, town) for code, pref, city, town in _lines("postcodes.tsv.gz")}


def postcode(code: str) -> tuple[str, str, str] | None:
    """(prefecture, city, town) of a 7-digit postcode; the town is "" where a code has many."""
    return _postcodes().get(code)


def forget_tables() -> None:
    """Drop the tables read so far (~150 MB as Python dicts: given names, towns, postcodes):
    a batch that has normalised its records needs them no more, and linking them is where
    memory peaks. They are read again when a normaliser next asks (the romaji priors derived
    from them are ``name_parts``' own to drop: this module does not know its readers)."""
    for loaded in (kanji_fold, kanji_fold_table, _names, _priors, municipalities, _towns,
                   _postcodes):  # fmt: skip
        loaded.cache_clear()
