"""How unusual each user-day is, as a sum of per-feature contributions that explain it.

The default scorer (`surprise`) asks, for every feature, how rare the day's count is given
what was expected of this officer (:mod:`kizashi.insider.baselines`: own history blended
with peers). The count is modelled as negative binomial with the blended mean and variance
(a Poisson when the variance is no larger than the mean), and the feature's *surprise* is
``-log10 P(X >= x)``: 2 means "a day like this one in a hundred", 4 "one in ten thousand".
Only *more* than expected is surprising.

What a whole group does on the same day (a terminal refresh, a joint headquarters,
quarter-end exports) is not the officer's own: the median surprise of the active members
of the officer's peer group, desk, or role across desks that day (whichever is highest)
is subtracted. A feature then contributes ``weight × (surprise − floor)``
above the floor (`min_surprise`), capped, and the day's score is the sum: every point of
it is owned by a feature, its events and its comparison, which is what an alert shows.

river's HalfSpaceTrees over the same baselined features is kept as the reference the
evaluation compares with (`--scorer hst`); it cannot say which feature made a day unusual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from kizashi.insider.baselines import Array, Baselines
from kizashi.insider.features import FEATURES, FeatureTable, default_settings


@dataclass
class Scores:
    """score[user, day] and its parts: surprise and contribution [user, day, feature]."""

    score: Array
    surprise: Array
    contribution: Array
    group_today: Array  # the peer group's median surprise that day, already taken off
    ranking: Array | None = None  # [user, day] weighted surprise without floor or cap

    @property
    def continuous(self) -> Array:
        """A score without ties at zero, for ranking user-days (AUC, AP)."""
        return self.score if self.ranking is None else self.ranking


def tail_surprise(x: Array, mean: Array, sd: Array, cap: float) -> Array:
    """-log10 P(X >= x) for counts X with this mean and SD (0 where x <= mean)."""
    from scipy.stats import nbinom, poisson  # type: ignore[import-untyped]  # no type information

    m = np.maximum(mean, 1e-6)
    v = np.maximum(sd**2, m * 1.0001)
    r = m**2 / (v - m)
    p = r / (r + m)
    k = np.ceil(x)
    above = k > m
    tail = np.ones_like(x)
    near_poisson = r > 1e4
    nb = above & ~near_poisson
    po = above & near_poisson
    tail[nb] = nbinom.sf(k[nb] - 1, r[nb], p[nb])
    tail[po] = poisson.sf(k[po] - 1, m[po])
    return np.minimum(-np.log10(np.maximum(tail, 1e-300)), cap)


def _group_median(surprise: Array, active: np.ndarray[Any, Any], groups: list[str]) -> Array:
    out = np.zeros_like(surprise)
    index: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        index.setdefault(g, []).append(i)
    for rows_list in index.values():
        if len(rows_list) < 3:
            continue
        rows = np.array(rows_list)
        for d in range(surprise.shape[1]):
            present = rows[active[rows, d]]
            if len(present) >= 3:
                # A surge is shared by at least three officers: on a thin day (a weekend,
                # a small group) two officers doing the same odd thing are not "the group".
                third = -np.sort(-surprise[present, d], axis=0)[2]
                out[rows, d] = np.minimum(np.median(surprise[present, d], axis=0), third)
    return out


def score_surprise(
    table: FeatureTable, baselines: Baselines, settings: Mapping[str, Any] | None = None
) -> Scores:
    cfg = (settings or default_settings())["scorer"]
    weights = np.array([float(cfg["weights"].get(f, 1.0)) for f in FEATURES])
    caps = float(cfg["feature_cap"])
    surprise = tail_surprise(
        table.values,
        baselines.expected,
        baselines.spread,
        float(cfg["surprise_cap"]),
    )
    surprise *= table.active[:, :, None]
    today = _group_median(surprise, table.active, baselines.groups)
    for grouping in baselines.surge_groups[1:]:
        today = np.maximum(today, _group_median(surprise, table.active, grouping))
    # A group's surge in a feature carries its parts: on a day the desk exports in bulk,
    # that some of it was done late or from a new terminal is part of the same surge.
    for members in cfg.get("families", {}).values():
        index = [FEATURES.index(f) for f in members]
        today[:, :, index] = today[:, :, index].max(axis=2, keepdims=True)
    adjusted = np.maximum(surprise - today, 0.0)
    contribution = np.minimum(
        weights * np.maximum(adjusted - float(cfg["min_surprise"]), 0.0), caps
    )
    ranking = (weights * adjusted).sum(axis=2)
    return Scores(contribution.sum(axis=2), surprise, contribution, today, ranking)


def score_hst(
    table: FeatureTable, baselines: Baselines, settings: Mapping[str, Any] | None = None
) -> Scores:
    """Reference: river HalfSpaceTrees over baselined features, streamed day by day."""
    from river.anomaly import HalfSpaceTrees

    cfg = (settings or default_settings())["scorer"]["hst"]
    model = HalfSpaceTrees(
        n_trees=int(cfg["n_trees"]),
        height=int(cfg["height"]),
        window_size=int(cfg["window_size"]),
        seed=int(cfg["seed"]),
    )
    # river is untyped: its two calls are named here with the types they have.
    score_one: Callable[[dict[str, float]], float] = model.score_one
    learn_one: Callable[[dict[str, float]], None] = model.learn_one
    cap = float(cfg["z_cap"])
    z = (table.values - baselines.expected) / baselines.spread
    x = np.clip(z, 0.0, cap) / cap
    scores = np.zeros(table.active.shape)
    for d in range(table.days):
        rows = np.flatnonzero(table.active[:, d])
        batch = [dict(zip(FEATURES, x[u, d].tolist(), strict=True)) for u in rows]
        for u, sample in zip(rows, batch, strict=True):
            scores[u, d] = score_one(sample)
        for sample in batch:
            learn_one(sample)
    zeros = np.zeros(table.values.shape)
    return Scores(scores, zeros, zeros, zeros)


SCORERS = {"surprise": score_surprise, "hst": score_hst}


def score(
    table: FeatureTable,
    baselines: Baselines,
    settings: Mapping[str, Any] | None = None,
    kind: str | None = None,
) -> Scores:
    chosen = kind or (settings or default_settings())["scorer"]["kind"]
    if chosen not in SCORERS:
        raise ValueError(f"unknown scorer {chosen!r}: one of {', '.join(SCORERS)}")
    return SCORERS[chosen](table, baselines, settings)
