"""Build the resolver's compact reference tables from the public tables in ``../shared/data``.

    python -m kizashi.resolve.reference_build [--shared PATH]

The raw tables (name readings, kanji variants, the address registry, Japan Post's postcodes)
are too large to ship and are not ours to copy, so the package carries only what linkage reads
at run time, derived here, deterministic byte for byte (gzip without a timestamp), with the
attributions in ``data/derived/NOTICE.md``:

- ``kanji_fold.tsv``: variant → canonical kanji, the equivalence classes of Mozc's variant
  rules (``別字``, "a different character", left out), and akirakubo's itaiji pairs that
  Mozc leaves out (緜 → 綿);
- ``names.tsv.gz``: per written surname / given name, its readings best first (the population
  table and IPAdic's word cost order them);
- ``name_priors.tsv.gz``: per reading, how common it is as a surname / given name (log10 scale),
  the prior that splits a run-together kana name;
- ``municipalities.tsv``: prefecture, county, city, ward of every municipality (+ the old
  Hamamatsu wards, which the town table still uses);
- ``towns.tsv.gz``: the towns (大字・町丁目 without the 丁目 number) of every city;
- ``postcodes.tsv.gz``: postcode → prefecture, city, town.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from kizashi.config import shared_data_dir
from kizashi.resolve.addresses import fold_town
from kizashi.resolve.reference import DERIVED

__all__ = ["build"]

_CHOME = re.compile(r"[一二三四五六七八九十〇]+丁目$")
_KANA_OFFSET = 0x60
# Mozc relations that name the same character in another form; 別字 names another character.
_SAME_CHARACTER = {
    "旧字体",
    "俗字",
    "正字",
    "印刷標準字体",
    "異体字",
    "略字",
    "本字",
    "簡易慣用字体",
}


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _write(path: Path, header: str, lines: Iterable[str]) -> int:
    """A TSV (gzip'd if the name says so, without a timestamp so builds are reproducible)."""
    text = header + "\n" + "".join(f"{line}\n" for line in lines)
    data = text.encode("utf-8")
    if path.suffix == ".gz":
        buffer = io.BytesIO()
        with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as handle:
            handle.write(data)
        data = buffer.getvalue()
    path.write_bytes(data)
    return text.count("\n") - 1


def _hiragana(katakana: str) -> str:
    return "".join(chr(ord(c) - _KANA_OFFSET) if "ァ" <= c <= "ヶ" else c for c in katakana)


def kanji_fold(shared: Path) -> dict[str, str]:
    """Variant → canonical: one representative per class (the form most often named as base)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    as_base: Counter[str] = Counter()
    for row in _rows(shared / "kanji_variants" / "mozc_variant_rule.csv"):
        if row["relation"] not in _SAME_CHARACTER or len(row["variant"]) != 1:
            continue
        as_base[row["base"]] += 1
        parent[find(row["variant"])] = find(row["base"])
    classes: dict[str, list[str]] = defaultdict(list)
    for ch in list(parent):
        classes[find(ch)].append(ch)
    fold: dict[str, str] = {}
    for members in classes.values():
        canonical = max(members, key=lambda c: (as_base[c], -ord(c)))
        fold.update({m: canonical for m in members if m != canonical})
    # akirakubo's cleaned itaiji list names a few old forms Mozc calls 別字 (緜 of 綿, 澂 of 澄,
    # 恊 of 協): each variant to its standard's class, unless the variant already has a class
    # or stands for two characters (畍 of both 堺 and 界: left as written).
    standards: dict[str, set[str]] = defaultdict(set)
    for row in _rows(shared / "kanji_variants" / "akirakubo_itaiji.csv"):
        if len(row["standard"]) == 1 and len(row["variant"]) == 1:
            standards[row["variant"]].add(row["standard"])
    for variant, of in sorted(standards.items()):
        if len(of) == 1 and variant not in fold and variant not in parent:
            standard = next(iter(of))
            fold[variant] = fold.get(standard, standard)
    return fold


def _ipadic(shared: Path) -> dict[str, list[tuple[int, str, str]]]:
    """name_type → [(cost, surface, hiragana reading)]."""
    out: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for row in _rows(shared / "japanese_names_readings" / "ipadic_person_names.csv"):
        reading = row["reading_hiragana"] or _hiragana(row["reading_katakana"])
        out[row["name_type"]].append((int(row["ipadic_cost"]), row["surface"], reading))
    return out


def _cost_score(cost: int) -> float:
    """IPAdic word cost → a log10 frequency-like score (lower cost = commoner)."""
    return max(1.0, min(4.5, 4.5 - (cost - 5000) / 3000))


def names(shared: Path) -> tuple[dict[tuple[str, str], list[str]], dict[tuple[str, str], float]]:
    """(kind, written) → readings best first; (kind, reading) → log10 commonness."""
    base = shared / "japanese_names_readings"
    ipadic = _ipadic(shared)
    readings: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    priors: dict[tuple[str, str], float] = defaultdict(float)
    population: Counter[str] = Counter()
    for row in _rows(base / "surnames.csv"):
        score = math.log10(max(1, int(row["estimated_population"])))
        readings[("s", row["kanji"])][row["reading_hiragana"]] = score + 2
        # Population by reading adds up: さいとう is 斎藤, 齊藤, 西東 …
        population[row["reading_hiragana"]] += int(row["estimated_population"])
    for reading, count in population.items():
        priors[("s", reading)] = math.log10(max(1, count))
    for cost, surface, reading in ipadic["surname"]:
        score = _cost_score(cost)
        slot = readings[("s", surface)]
        slot[reading] = max(slot.get(reading, 0.0), score)
        priors[("s", reading)] = max(priors[("s", reading)], score)
    spellings: Counter[str] = Counter()
    popular: Counter[str] = Counter()
    given_rows = list(_rows(base / "given_names.csv"))
    for row in given_rows:
        spellings[row["reading_hiragana"]] += 1
        popular[row["reading_hiragana"]] += row["in_popular_subset"] == "1"
    for reading, count in spellings.items():
        priors[("g", reading)] = math.log10(1 + count + 4 * popular[reading]) / 1.5
    # IPAdic's cost of a reading's commonest spelling (a katakana entry such as ヒナ is the
    # reading itself) says how common the name is, which spelling counts do not.
    for cost, _surface, reading in ipadic["given"]:
        priors[("g", reading)] = max(priors[("g", reading)], _cost_score(cost))
    for row in given_rows:
        reading = row["reading_hiragana"]
        readings[("g", row["kanji"])][reading] = priors[("g", reading)]
    for cost, surface, reading in ipadic["given"]:
        # The dictionary's own readings of this spelling come first, commonest first.
        readings[("g", surface)][reading] = 10 + _cost_score(cost)
    ranked = {
        key: [r for r, _ in sorted(options.items(), key=lambda kv: (-kv[1], kv[0]))][:6]
        for key, options in readings.items()
        if key[1]
    }
    return ranked, dict(priors)


def _municipality_name(row: dict[str, str]) -> tuple[str, str]:
    """(city-level name, ward) of an ABR row: 郡+町村, 市, or a Tokyo special ward."""
    return row["county"] + row["city"], row["ward"]


def municipalities(shared: Path) -> list[tuple[str, str, str, str]]:
    """(prefecture, city, ward, lg_code) of every municipality, plus the old Hamamatsu wards."""
    out: list[tuple[str, str, str, str]] = []
    for row in _rows(shared / "japanese_addresses" / "municipalities_abr.csv"):
        city, ward = _municipality_name(row)
        out.append((row["pref"], city, ward, row["lg_code"]))
    known = {(p, c + w) for p, c, w, _ in out}
    for row in _rows(shared / "japanese_addresses" / "towns_geolonia.csv"):
        if row["lg_code"] or (row["pref"], row["municipality"]) in known:
            continue
        city, _, ward = row["municipality"].partition("市")
        out.append((row["pref"], city + "市", ward, ""))
        known.add((row["pref"], row["municipality"]))
    return sorted(set(out))


def _city_of(municipality: str, wards: dict[tuple[str, str], str], pref: str) -> str:
    """The city-level name of a municipality written with its ward (札幌市中央区 → 札幌市)."""
    return wards.get((pref, municipality), municipality)


def _ward_index(rows: list[tuple[str, str, str, str]]) -> dict[tuple[str, str], str]:
    return {(p, c + w): c for p, c, w, _ in rows if w}


def towns(shared: Path, rows: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str]]:
    """(prefecture, city, town without its 丁目 number), distinct."""
    wards = _ward_index(rows)
    out: set[tuple[str, str, str]] = set()
    for row in _rows(shared / "japanese_addresses" / "towns_geolonia.csv"):
        town = fold_town(_CHOME.sub("", row["town"]))
        if town:
            out.add((row["pref"], _city_of(row["municipality"], wards, row["pref"]), town))
    return sorted(out)


def postcodes(
    shared: Path, rows: list[tuple[str, str, str, str]]
) -> list[tuple[str, str, str, str]]:
    """(postcode, prefecture, city, town) — the town left empty where a code has several."""
    import unicodedata

    wards = _ward_index(rows)
    seen: dict[str, tuple[str, str, str, str]] = {}
    for row in _rows(shared / "japanese_addresses" / "postal_codes_japanpost.csv"):
        town = unicodedata.normalize("NFKC", row["town"]).split("(")[0]
        if town.startswith("以下に掲載がない場合") or town.endswith(
            ("の次に番地がくる場合", "一円")
        ):
            town = ""
        city = _city_of(row["municipality"], wards, row["pref"])
        entry = (row["postal_code"], row["pref"], city, fold_town(town))
        previous = seen.get(row["postal_code"])
        if previous is not None and previous != entry:
            town = "" if previous[3] != town else town
            entry = (row["postal_code"], row["pref"], city if previous[2] == city else "", town)
        seen[row["postal_code"]] = entry
    return sorted(seen.values())


def build(shared: Path, out: Path = DERIVED) -> dict[str, int]:
    """Write every derived table; returns rows per file."""
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    fold = kanji_fold(shared)
    counts["kanji_fold.tsv"] = _write(
        out / "kanji_fold.tsv", "variant\tcanonical", (f"{k}\t{v}" for k, v in sorted(fold.items()))
    )
    readings, priors = names(shared)
    counts["names.tsv.gz"] = _write(
        out / "names.tsv.gz",
        "kind\twritten\treadings",
        (f"{k}\t{w}\t{','.join(r)}" for (k, w), r in sorted(readings.items())),
    )
    counts["name_priors.tsv.gz"] = _write(
        out / "name_priors.tsv.gz",
        "kind\treading\tlog10_commonness",
        (f"{k}\t{r}\t{s:.2f}" for (k, r), s in sorted(priors.items()) if r),
    )
    rows = municipalities(shared)
    counts["municipalities.tsv"] = _write(
        out / "municipalities.tsv", "pref\tcity\tward\tlg_code", ("\t".join(r) for r in rows)
    )
    counts["towns.tsv.gz"] = _write(
        out / "towns.tsv.gz", "pref\tcity\ttown", ("\t".join(r) for r in towns(shared, rows))
    )
    counts["postcodes.tsv.gz"] = _write(
        out / "postcodes.tsv.gz",
        "postcode\tpref\tcity\ttown",
        ("\t".join(r) for r in postcodes(shared, rows)),
    )
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=None, help="the shared data directory")
    parser.add_argument("--out", type=Path, default=DERIVED)
    args = parser.parse_args()
    for name, count in build(args.shared or shared_data_dir(), args.out).items():
        print(f"{name}: {count} rows")


if __name__ == "__main__":
    main()
