"""The towns the held-out PII families seed their addresses from: a strided sample of the
Geolonia town table with the municipality's romaji from the ABR table (both read from
../shared/data at run time). Each family draws its own stride and start, so no two families
share a sample; the sampling itself is the same for all of them and lives here."""

from __future__ import annotations

import csv
from pathlib import Path

Town = tuple[str, str, str, str, str]  # pref, municipality, town, town kana, municipality romaji


def town_sample(shared: Path, *, every: int, start: int) -> list[Town]:
    """Every `every`-th town of the table from the `start`-th whose municipality has a romaji."""
    roma: dict[str, str] = {}
    with (shared / "japanese_addresses/municipalities_abr.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            name = (r["county"] or "") + r["city"] + (r["ward"] or "")
            roma[name] = (r["ward_roma"] + ", " if r["ward_roma"] else "") + r["city_roma"]
    out = []
    with (shared / "japanese_addresses/towns_geolonia.csv").open(encoding="utf-8") as f:
        for i, r in enumerate(csv.DictReader(f)):
            if (
                i % every == start
                and r["town"]
                and r["postal_town_kana"]
                and r["municipality"] in roma
            ):
                town = (r["pref"], r["municipality"], r["town"], r["postal_town_kana"])
                out.append((*town, roma[r["municipality"]]))
    return out
