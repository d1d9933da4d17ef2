"""Plain splink, without kizashi's normalisers: the baseline every evaluation prints beside.

Raw columns as given (the name in whatever script it was written), Jaro-Winkler and
Levenshtein comparisons with term frequencies, exact blocking on the raw values, u by random
sampling and m by EM: the setup a splink user would start from — with the same training
budget as kizashi's (u from 2,000,000 random pairs, EM sessions of at most 500,000 pairs).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import pandas as pd  # type: ignore[import-untyped]
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on

from kizashi.resolve.model import db_api

__all__ = ["plain_clusters"]

_DIGITS = {"birth_date", "date_of_birth", "dob", "phone", "postcode", "street_number",
           "soc_sec_id"}  # fmt: skip


def plain_clusters(
    records: Sequence[dict[str, Any]],
    id_field: str,
    *,
    blocks: Sequence[Sequence[str]],
    em_blocks: Sequence[Sequence[str]],
    threshold: float = 0.9,
    engine: str = "duckdb",
    max_pairs_u: float = 2e6,
    em_max_pairs: float = 5e5,
) -> dict[str, str]:
    logging.getLogger("splink").setLevel(logging.ERROR)
    frame = pd.DataFrame.from_records(records).astype(object)
    frame = frame.rename(columns={id_field: "unique_id"})
    frame = frame.where(frame.notna() & (frame != ""), None)
    columns = [c for c in frame.columns if c != "unique_id" and frame[c].notna().any()]
    comparisons: list[Any] = []
    for col in columns:
        if col in _DIGITS:
            comparisons.append(cl.LevenshteinAtThresholds(col, [1, 2]))
        else:
            comparisons.append(
                cl.JaroWinklerAtThresholds(col, [0.92, 0.8]).configure(
                    term_frequency_adjustments=True
                )
            )
    rules: list[Any] = [block_on(*b) for b in blocks if all(c in columns for c in b)]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=rules,
    )
    api = db_api(engine)
    linker = Linker(
        api.register(frame[["unique_id", *columns]], table_name="kz_plain"),
        settings,
        log_level=None,
    )
    linker.training.estimate_probability_two_random_records_match(rules[:1], recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs_u, seed=7)
    for b in em_blocks:
        if all(c in columns for c in b):
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*b), max_pairs=em_max_pairs
            )
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    ).as_pandas_dataframe()  # type: ignore[no-untyped-call]
    out = {
        str(u): str(c) for u, c in zip(clusters["unique_id"], clusters["cluster_id"], strict=True)
    }
    for record in records:
        out.setdefault(str(record[id_field]), str(record[id_field]))
    return out
