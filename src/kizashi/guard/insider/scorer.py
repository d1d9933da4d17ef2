"""Anomaly scores of user-days over baseline-normalised features.

The scorer is river's HalfSpaceTrees, chosen over pyod for three reasons: it is online
(each day's user-days are scored and then learnt, as a nightly job over the audit log
would run, with no refit over history and bounded memory); it is seeded and so
deterministic; and river installs as one wheel here, while pyod pulls numba, llvmlite and
matplotlib onto a 2-core machine. HalfSpaceTrees needs inputs in [0, 1], so the baseline
z-scores are clipped to [0, z_cap] and scaled: only *more* than usual is suspicious.

Each user-day is scored before it is learnt, so an insider's day is judged by a model that
has not yet seen it. The per-feature z-scores, not the trees, explain an alert
(:mod:`kizashi.guard.insider.alerts`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from river.anomaly import HalfSpaceTrees

from kizashi.guard.insider.baselines import Array, Baselines
from kizashi.guard.insider.features import FEATURES, FeatureTable, default_settings


def squash(z: Array, cap: float) -> Array:
    return np.clip(z, 0.0, cap) / cap


def score_hst(
    table: FeatureTable, baselines: Baselines, settings: Mapping[str, Any] | None = None
) -> Array:
    """scores[user, day] from HalfSpaceTrees, streamed day by day (0 where inactive)."""
    cfg = (settings or default_settings())["scorer"]
    model = HalfSpaceTrees(
        n_trees=int(cfg["n_trees"]),
        height=int(cfg["height"]),
        window_size=int(cfg["window_size"]),
        seed=int(cfg["seed"]),
    )
    # river is untyped: its two calls are named here with the types they have.
    score_one: Callable[[dict[str, float]], float] = model.score_one
    learn_one: Callable[[dict[str, float]], None] = model.learn_one
    x = squash(baselines.z, float(cfg["z_cap"]))
    scores = np.zeros(table.active.shape)
    for d in range(table.days):
        rows = np.flatnonzero(table.active[:, d])
        batch = [dict(zip(FEATURES, x[u, d].tolist(), strict=True)) for u in rows]
        for u, sample in zip(rows, batch, strict=True):
            scores[u, d] = score_one(sample)
        for sample in batch:
            learn_one(sample)
    return scores


def score_zsum(
    table: FeatureTable, baselines: Baselines, settings: Mapping[str, Any] | None = None
) -> Array:
    """A transparent reference: the sum of the three largest clipped z-scores, scaled."""
    cfg = (settings or default_settings())["scorer"]
    cap = float(cfg["z_cap"])
    top = np.sort(np.clip(baselines.z, 0.0, cap), axis=2)[:, :, -3:].sum(axis=2) / (3 * cap)
    return np.where(table.active, top, 0.0)


SCORERS = {"hst": score_hst, "zsum": score_zsum}


def score(
    table: FeatureTable,
    baselines: Baselines,
    settings: Mapping[str, Any] | None = None,
    kind: str | None = None,
) -> Array:
    chosen = kind or (settings or default_settings())["scorer"]["kind"]
    if chosen not in SCORERS:
        raise ValueError(f"unknown scorer {chosen!r}: one of {', '.join(SCORERS)}")
    return SCORERS[chosen](table, baselines, settings)
