"""Build the recogniser's name and place tables from the public data in ``../shared/data``.

A build step (``kizashi share build-pii-tables``), not run time: it reads the MIT-licensed
name lists (shuheilocale/japanese-personal-name-dataset) and Japan Post's postal-code table
(no copyright claimed), and writes one compact JSON artefact into the package
(``share/data/pii_tables.json``) that the recogniser loads on a fresh install without
``../shared``. IPAdic's person names are deliberately *not* shipped: the evaluation draws
its names from them, so that the recogniser is measured on names it was not given.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path
from typing import Any

TABLES_FILE = Path(__file__).parent / "data" / "pii_tables.json"

ATTRIBUTION = (
    "Names: shuheilocale/japanese-personal-name-dataset (MIT License, Copyright (c) 2022 "
    "shuheilocale). Places: Japan Post postal-code data (KEN_ALL; Japan Post claims no "
    "copyright). Kanji variants: akirakubo/single_kanji itaiji.txt (Apache License 2.0, "
    "Copyright 2018 akirakubo), derived from Google's Mozc variant rules (BSD 3-Clause, "
    "Copyright 2010-2018 Google Inc.). Derived: spellings and readings only."
)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _kata(hiragana: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in hiragana)


def _kanji_folds(shared: Path, names: list[dict[str, str]]) -> dict[str, str]:
    used = {ch for r in names for ch in r["kanji"]}
    return {
        r["variant"]: r["standard"]
        for r in _rows(shared / "kanji_variants" / "akirakubo_itaiji.csv")
        if len(r["variant"]) == 1 and len(r["standard"]) == 1 and r["variant"] not in used
    }


_SUFFIX_KANA = {"市": ("シ",), "区": ("ク",), "町": ("チョウ", "マチ"), "村": ("ムラ", "ソン")}


def _municipality_readings(postal: list[dict[str, str]]) -> list[str]:
    """Katakana stems of the municipalities named by one suffix (練馬区 → ネリマ; not a
    designated city's ward, whose reading runs city and ward together, nor a county's town)."""
    out = set()
    for r in postal:
        name = unicodedata.normalize("NFKC", r["municipality"])
        kana = unicodedata.normalize("NFKC", r["municipality_kana"])
        if "郡" in name or sum(name.count(c) for c in _SUFFIX_KANA) != 1:
            continue
        for suffix in _SUFFIX_KANA.get(name[-1], ()):
            if kana.endswith(suffix) and len(kana) > len(suffix) + 1:
                out.add(kana[: -len(suffix)])
    return sorted(out)


def build(shared: Path, out: Path = TABLES_FILE) -> dict[str, Any]:
    """Write the artefact; returns its counts."""
    names = shared / "japanese_names_readings"
    places = shared / "japanese_addresses"
    surnames = _rows(names / "surnames.csv")
    every_given = _rows(names / "given_names.csv")
    given = [r for r in every_given if r["in_popular_subset"] == "1"]
    postal = _rows(places / "postal_codes_japanpost.csv")
    prefectures = sorted({r["pref"] for r in postal})
    municipalities = sorted({unicodedata.normalize("NFKC", r["municipality"]) for r in postal})
    tables = {
        "attribution": ATTRIBUTION,
        "surnames": sorted({r["kanji"] for r in surnames if r["kanji"]}),
        "surname_readings": sorted({_kata(r["reading_hiragana"]) for r in surnames}),
        "surname_romaji": sorted({r["romaji"].lower() for r in surnames if r["romaji"]}),
        "given": sorted({r["kanji"] for r in given if len(r["kanji"]) >= 2}),
        # the readings of every listed spelling (8,712), not only the popular subset's:
        # a given name in kana (ちづお, コウジ) is read, whatever its kanji
        "given_readings": sorted({_kata(r["reading_hiragana"]) for r in every_given}),
        "given_readings_popular": sorted({_kata(r["reading_hiragana"]) for r in given}),
        "prefectures": prefectures,
        "municipalities": municipalities,
        # the readings of the municipalities' stems (ネリマ for 練馬区, カワグチ for 川口市), so
        # that a place written in romaji (Nerima, Kawaguchi-shi) is known as one (pii18)
        "municipality_readings": _municipality_readings(postal),
        # old and variant forms the name lists never use read as the standard one (髙橋 as
        # 高橋), so a name written so is looked up as the tables and Sudachi spell it; a form
        # the lists do use (齋, 龍, 澤: 齋藤, 龍之介) is a name's own and stays as written
        "kanji_folds": _kanji_folds(shared, surnames + every_given),
    }
    out.write_text(json.dumps(tables, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return {k: len(v) for k, v in tables.items() if isinstance(v, list | dict)}
