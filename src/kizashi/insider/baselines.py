"""Baselines: what each user-day's features were expected to be, from before that day.

For every user-day and feature the expectation blends two histories over the trailing
window (days *before* the day scored, so a day never explains itself):

- own: the user's active days;
- peers: the other members of the user's peer group: same desk, role **and shift** (a night
  shift works other hours and other volumes), falling back to role and shift across desks,
  then to the role, when the group has fewer than `min_peer_group` members.

The two are blended as an empirical-Bayes estimate: the peer group is a prior worth
`prior_days` days, so a new officer is judged by peers and a veteran mostly by themselves.
Mean and variance are both blended; the mean is floored per feature (`min_rate`: a feature
never seen before is expected a little, so that one occurrence is a one-in-twenty day, not
an impossible one), and the variance is at least the mean (counts vary at least as Poisson). Days the inspection desk confirmed as
misconduct are left out of every history (`excluded`), so a confirmed leak never becomes
"normal" for the officer or the desk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kizashi.insider.events import Directory
from kizashi.insider.features import FEATURES, FeatureTable, default_settings

Array = np.ndarray[Any, np.dtype[np.float64]]


@dataclass
class Baselines:
    """Means and SDs shaped [user, day, feature]: own, peers, and the blend used to score."""

    own_mean: Array
    own_days: Array  # [user, day]: active own days in the window
    peer_mean: Array
    expected: Array
    spread: Array  # SD of the blended expectation (at least Poisson)
    groups: list[str]
    # Who shares a day's surge: the peer group, the whole desk, the role across desks
    # (quarter-end exports, a briefing): one list of group names per grouping.
    surge_groups: list[list[str]] = field(default_factory=list)


def peer_groups(table: FeatureTable, directory: Directory, min_size: int) -> list[str]:
    """Each user's peer group: desk/role/shift, widened while the group is too small."""
    officers = [directory.officers.get(u) for u in table.users]
    levels = [
        [f"{o.desk}/{o.role}/{o.shift}" if o else "unknown" for o in officers],
        [f"*/{o.role}/{o.shift}" if o else "unknown" for o in officers],
        [f"*/{o.role}/*" if o else "unknown" for o in officers],
    ]
    chosen = list(levels[-1])
    for i in range(len(officers)):
        for level in levels:
            if level.count(level[i]) >= min_size:
                chosen[i] = level[i]
                break
    return chosen


def _group_sums(group: np.ndarray[Any, np.dtype[np.int64]], x: Array, count: int) -> Array:
    out = np.zeros((count, *x.shape[1:]))
    np.add.at(out, group, x)
    return out


def compute(
    table: FeatureTable,
    directory: Directory,
    settings: Mapping[str, Any] | None = None,
    excluded: np.ndarray[Any, np.dtype[np.bool_]] | None = None,
) -> Baselines:
    cfg = (settings or default_settings())["baselines"]
    window, prior = int(cfg["window_days"]), float(cfg.get("prior_days", 5))
    floor = np.array([float(cfg["min_rate"][f]) for f in FEATURES])
    groups = peer_groups(table, directory, int(cfg["min_peer_group"]))
    names = sorted(set(groups))
    group = np.array([names.index(g) for g in groups], dtype=np.int64)
    used = table.active.copy()
    if excluded is not None:
        used &= ~excluded
    x = table.values * used[:, :, None]
    # Cumulative sums over days make each day's trailing window two subtractions.
    c1 = np.concatenate([np.zeros_like(x[:, :1]), np.cumsum(x, axis=1)], axis=1)
    c2 = np.concatenate([np.zeros_like(x[:, :1]), np.cumsum(x**2, axis=1)], axis=1)
    cn = np.concatenate(
        [np.zeros((x.shape[0], 1)), np.cumsum(used.astype(np.float64), axis=1)], axis=1
    )
    shape = x.shape
    own_mean, peer_mean = np.zeros(shape), np.zeros(shape)
    expected, spread = np.zeros(shape), np.zeros(shape)
    own_days = np.zeros(shape[:2])
    for d in range(table.days):
        lo = max(0, d - window)
        s1, s2, n = c1[:, d] - c1[:, lo], c2[:, d] - c2[:, lo], cn[:, d] - cn[:, lo]
        g1 = _group_sums(group, s1, len(names))[group] - s1
        g2 = _group_sums(group, s2, len(names))[group] - s2
        gn = _group_sums(group, n, len(names))[group] - n
        pm = g1 / np.maximum(gn, 1.0)[:, None]
        pv = np.maximum(g2 / np.maximum(gn, 1.0)[:, None] - pm**2, 0.0)
        om = s1 / np.maximum(n, 1.0)[:, None]
        ov = np.maximum(s2 / np.maximum(n, 1.0)[:, None] - om**2, 0.0)
        # Empirical Bayes: peers are a prior worth `prior` days of the user's own history.
        w = (n / (n + prior))[:, None]
        mean = w * om + (1 - w) * pm
        # The blend's variance includes how far own and peer means lie apart.
        var = w * (ov + (om - mean) ** 2) + (1 - w) * (pv + (pm - mean) ** 2)
        own_mean[:, d], peer_mean[:, d], own_days[:, d] = om, pm, n
        expected[:, d] = np.maximum(mean, floor)
        spread[:, d] = np.sqrt(np.maximum(var, expected[:, d]))
    officers = [directory.officers.get(u) for u in table.users]
    surge = [
        groups,
        [f"{o.desk}/*" if o else "unknown" for o in officers],
        [f"*/{o.role}" if o else "unknown" for o in officers],
    ]
    return Baselines(own_mean, own_days, peer_mean, expected, spread, groups, surge)
