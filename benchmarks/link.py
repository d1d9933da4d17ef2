"""Linkage at scale: N synthetic person records, kizashi vs plain splink, and the incremental path.

    nice python benchmarks/link.py --records 1000000

Prints (1) the wall time of kizashi's linkage (normalising + training + predicting +
clustering) and of plain splink (raw columns) on the same records in the same process, and
their ratio; (2) the peak resident memory of the process; (3) the incremental path: one new
record at a time looked up by indexed blocking keys in a SQLite table holding every existing
record, scored in-process with the trained model; p50/p95 over --new lookups.
"""

from __future__ import annotations

import argparse
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kizashi.resolve.baseline import plain_clusters
from kizashi.resolve.jaset import write_address, write_phone
from kizashi.resolve.link import link_rows
from kizashi.resolve.model import LinkConfig
from kizashi.resolve.records import feature_row, feature_rows
from kizashi.resolve.scoring import Scorer

MORAE = [
    m
    for m in [
        "ka",
        "ki",
        "ku",
        "ke",
        "ko",
        "sa",
        "shi",
        "su",
        "se",
        "so",
        "ta",
        "chi",
        "tsu",
        "te",
        "to",
        "na",
        "ni",
        "nu",
        "ne",
        "no",
        "ha",
        "hi",
        "fu",
        "he",
        "ho",
        "ma",
        "mi",
        "mu",
        "me",
        "mo",
        "ya",
        "yu",
        "yo",
        "ra",
        "ri",
        "ru",
        "re",
        "ro",
        "wa",
        "ga",
        "gi",
        "gu",
        "ge",
        "go",
        "za",
        "ji",
        "zu",
        "ze",
        "zo",
        "ba",
        "bi",
        "bu",
        "be",
        "bo",
    ]
]


def _name(rng: random.Random) -> tuple[str, str]:
    family = "".join(rng.choice(MORAE) for _ in range(rng.choice((2, 3, 3))))
    given = "".join(rng.choice(MORAE) for _ in range(rng.choice((2, 2, 3))))
    return family, given


def _kana(romaji: str) -> str:
    import jaconv

    return str(jaconv.hira2kata(jaconv.alphabet2kana(romaji)))


def make_records(n: int, seed: int = 11) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """About n records of n/1.7 people, written in katakana or romaji, with typical noise."""
    rng = random.Random(seed)
    records: list[dict[str, Any]] = []
    truth: dict[str, str] = {}
    person = 0
    while len(records) < n:
        person += 1
        family, given = _name(rng)
        phone = f"0{rng.choice('789')}0{rng.randrange(10**8):08d}"
        birth = f"{rng.randint(1940, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        home = (
            "豊島区",
            rng.choice(["南大塚", "北大塚", "巣鴨", "駒込", "目白", "池袋"]),
            (rng.randint(1, 6), rng.randint(1, 40), rng.randint(1, 30)),
            "0",
        )
        for k in range(rng.choice((1, 1, 2, 2, 3))):
            if len(records) >= n:
                break
            record: dict[str, Any] = {"id": f"r{len(records)}"}
            if rng.random() < 0.5:
                record["name"] = f"{_kana(family)} {_kana(given)}"
            else:
                record["name"] = f"{given.capitalize()} {family.upper()}"
            if rng.random() < 0.7:
                record["birth_date"] = birth
            if rng.random() < 0.8:
                record["phone"] = write_phone(rng, phone)
            if rng.random() < 0.7:
                record["address"] = write_address(rng, home)
            truth[record["id"]] = f"p{person}"
            records.append(record)
            del k
    return records, truth


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def incremental(
    rows: list[dict[str, Any]],
    model: dict[str, Any],
    new: list[dict[str, Any]],
) -> list[float]:
    """Milliseconds per new record: indexed candidate lookup + in-process scoring."""
    import orjson

    from kizashi.resolve.service import _KEYS

    scorer = Scorer(model)
    path = Path(tempfile.mkdtemp()) / "records.db"
    db = sqlite3.connect(path)
    db.execute(f"create table r (id text primary key, features blob, {', '.join(_KEYS)})")

    def keys(f: dict[str, Any]) -> tuple[Any, ...]:
        b = f.get("birth_date")
        return (
            f["name_sorted"],
            f["phone"],
            f["email"],
            f["account"],
            f["addr_block"],
            f"{b}|{f['tok_a']}" if b and f.get("tok_a") else None,
            f"{b}|{f['tok_b']}" if b and f.get("tok_b") else None,
        )

    db.executemany(
        f"insert into r values (?, ?, {', '.join('?' * len(_KEYS))})",
        ((f["unique_id"], orjson.dumps(f), *keys(f)) for f in rows),
    )
    for key in _KEYS:
        db.execute(f"create index ix_{key} on r ({key})")
    db.commit()
    times = []
    for record in new:
        started = time.perf_counter()
        features = feature_row(record)
        seen: dict[str, Any] = {}
        for key, value in zip(_KEYS, keys(features), strict=True):
            if value:
                for rid, blob in db.execute(
                    f"select id, features from r where {key} = ? limit 500", (value,)
                ):
                    seen.setdefault(rid, blob)
        scored = [scorer.score(features, orjson.loads(b)) for b in seen.values()]
        max(scored, default=None, key=lambda s: s[1])
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=300)
    parser.add_argument("--skip-plain", action="store_true")
    args = parser.parse_args()
    records, truth = make_records(args.records)
    print(f"{len(records)} records of {len(set(truth.values()))} people", flush=True)

    started = time.perf_counter()
    rows = feature_rows(records)
    normalised = time.perf_counter() - started
    result = link_rows(rows, config=LinkConfig())
    ours = time.perf_counter() - started
    print(
        f"kizashi: {ours:.1f} s (normalising {normalised:.1f} s), peak RSS {peak_gb():.2f} GB",
        flush=True,
    )
    from kizashi.resolve.evaluate import pairwise

    print(f"kizashi pairwise: {pairwise(result.clusters, truth)}", flush=True)
    if not args.skip_plain:
        started = time.perf_counter()
        plain = plain_clusters(
            records,
            "id",
            blocks=(("name",), ("phone",), ("address",)),
            em_blocks=(("birth_date",), ("phone",)),
        )
        base = time.perf_counter() - started
        print(
            f"plain splink: {base:.1f} s, ratio kizashi/plain {ours / base:.2f}, "
            f"peak RSS {peak_gb():.2f} GB",
            flush=True,
        )
        print(f"plain pairwise: {pairwise(plain, truth)}", flush=True)
    rng = random.Random(5)
    new = [dict(rng.choice(records), id=f"new{i}") for i in range(args.new)]
    for record in new:  # re-written by another source: another phone format, maybe romaji
        if "phone" in record:
            record["phone"] = write_phone(rng, feature_row(record)["phone"] or "")
    times = incremental(rows, result.parameters.as_json(), new)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"incremental against {len(rows)} records: p50 {statistics.median(times):.2f} ms, "
        f"p95 {p95:.2f} ms, max {times[-1]:.2f} ms",
        flush=True,
    )
    print(f"peak RSS {peak_gb():.2f} GB", flush=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
