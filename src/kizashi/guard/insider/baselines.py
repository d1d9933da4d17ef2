"""Baselines: how unlike their own history and their peers each user-day is, in SDs.

For every user-day and feature three comparisons are made, each against days *before* the
day scored (own, peers) or the same day (peers today):

- own: the user's active days in the trailing window;
- peers: the other members of the user's peer group (same desk and role) over that window;
- peers today: the other members of the group on the same day, so that what a whole desk
  does at once (a terminal refresh, a joint headquarters) does not stand out.

The z-score that reaches the scorer is the smallest of the three: an insider is someone
unlike themselves *and* unlike their peers. Standard deviations are floored per feature
(`sd_floor`), so a feature never seen before needs a real amount of it to count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from kizashi.guard.insider.events import Directory
from kizashi.guard.insider.features import FEATURES, FeatureTable, default_settings

Array = np.ndarray[Any, np.dtype[np.float64]]


@dataclass
class Baselines:
    """Means, SDs and z-scores, each shaped [user, day, feature]."""

    own_mean: Array
    own_sd: Array
    own_z: Array
    peer_mean: Array
    peer_sd: Array
    peer_z: Array
    today_z: Array
    z: Array  # min(own_z, peer_z, today_z)
    groups: list[str]


def peer_groups(table: FeatureTable, directory: Directory, min_size: int) -> list[str]:
    """Each user's peer group: desk/role, or the role across desks when that group is small."""
    first = [
        directory.officers[u].peer_group if u in directory.officers else "unknown/unknown"
        for u in table.users
    ]
    sizes = {g: first.count(g) for g in set(first)}
    return [g if sizes[g] >= min_size else "*/" + g.split("/", 1)[1] for g in first]


def _stats(s1: Array, s2: Array, n: Array, floor: Array) -> tuple[Array, Array]:
    count = np.maximum(n, 1.0)[:, None]
    mean = s1 / count
    var = np.maximum(s2 / count - mean**2, 0.0)
    return mean, np.maximum(np.sqrt(var), floor)


def _excluding_self(
    group: np.ndarray[Any, np.dtype[np.int64]], s1: Array, s2: Array, n: Array, groups: int
) -> tuple[Array, Array, Array]:
    g1 = np.zeros((groups, s1.shape[1]))
    g2 = np.zeros((groups, s1.shape[1]))
    gn = np.zeros(groups)
    np.add.at(g1, group, s1)
    np.add.at(g2, group, s2)
    np.add.at(gn, group, n)
    return g1[group] - s1, g2[group] - s2, gn[group] - n


def compute(
    table: FeatureTable, directory: Directory, settings: Mapping[str, Any] | None = None
) -> Baselines:
    cfg = (settings or default_settings())["baselines"]
    window, min_history = int(cfg["window_days"]), int(cfg["min_history_days"])
    floor = np.array([float(cfg["sd_floor"][f]) for f in FEATURES])
    groups = peer_groups(table, directory, int(cfg["min_peer_group"]))
    names = sorted(set(groups))
    group = np.array([names.index(g) for g in groups], dtype=np.int64)
    x, active = table.values, table.active.astype(np.float64)
    shape = x.shape
    out = {k: np.zeros(shape) for k in ("om", "os", "oz", "pm", "ps", "pz", "tz")}
    for d in range(table.days):
        lo = max(0, d - window)
        w, m = x[:, lo:d, :], active[:, lo:d]
        s1 = (w * m[:, :, None]).sum(axis=1)
        s2 = (w**2 * m[:, :, None]).sum(axis=1)
        n = m.sum(axis=1)
        om, osd = _stats(s1, s2, n, floor)
        pm, psd = _stats(*_excluding_self(group, s1, s2, n, len(names)), floor)
        today = x[:, d, :] * active[:, d, None]
        tm, tsd = _stats(*_excluding_self(group, today, today**2, active[:, d], len(names)), floor)
        xd = x[:, d, :]
        pz = (xd - pm) / psd
        oz = np.where((n >= min_history)[:, None], (xd - om) / osd, pz)
        out["om"][:, d], out["os"][:, d], out["oz"][:, d] = om, osd, oz
        out["pm"][:, d], out["ps"][:, d], out["pz"][:, d] = pm, psd, pz
        out["tz"][:, d] = (xd - tm) / tsd
    z = np.minimum(np.minimum(out["oz"], out["pz"]), out["tz"])
    return Baselines(
        out["om"], out["os"], out["oz"], out["pm"], out["ps"], out["pz"], out["tz"], z, groups
    )
