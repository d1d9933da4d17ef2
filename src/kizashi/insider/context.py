"""Context that makes an access ordinary before it is counted as unusual.

Three things an officer's own roster and assignment list do not say, learnt from the log
itself (and each causal: a user-day is judged only on what was known by its end):

- **The hours an officer really works** (:class:`WorkingHours`). Rosters are incomplete:
  rotating night weeks, on-call nights, a standing late shift. An hour of the clock is
  usual for an officer when they were active in it on at least `min_days` of their days in
  the trailing window (workdays and rest days apart, so weekend work stays unusual unless it
  is a habit). An access is off shift only when the roster *and* the officer's own history
  both say so.
- **Work a whole desk does together** (:class:`CoReads`). On a joint-investigation day,
  dozens of officers of one desk read another desk's cases; after a briefing, a desk reads
  the same new material. Reading another desk's material is then the desk's work, not one
  officer's curiosity: when at least `min_officers` officers of the reader's desk, and at
  least `min_share` of those active that day, read the same other desk's material on the
  same user-day, those reads are `joint_reads`, not outside-section reads. A lone officer
  browsing other desks (low and slow) never forms such a group.
- **Campaigns that give a desk new terminals** (:class:`DeviceRollout`): a new terminal is
  suspicious when one officer gets it, not when `min_officers` of the desk got one within
  the last `days` days (a refresh campaign).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

Array = np.ndarray[Any, np.dtype[np.float64]]


@dataclass
class WorkingHours:
    """Per user-day and clock hour, whether the officer was active in it.

    `rest[user, day]` says whether the roster makes the user-day a rest day: workdays and
    rest days are learnt apart.
    """

    rest: np.ndarray[Any, np.dtype[np.bool_]]
    window: int
    min_days: int
    seen: Array = field(init=False)

    def __post_init__(self) -> None:
        self.seen = np.zeros((*self.rest.shape, 24))

    def grow(self, rest: np.ndarray[Any, np.dtype[np.bool_]]) -> None:
        self.rest = np.concatenate([self.rest, rest[None, :]])
        self.seen = np.concatenate([self.seen, np.zeros((1, self.rest.shape[1], 24))])

    def note(self, u: int, d: int, hour: int) -> None:
        self.seen[u, d, hour] = 1.0

    def usual(self) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """[user, day, 24]: the hour was worked on at least `min_days` earlier user-days of
        the same kind (roster workday or rest day) in the trailing window."""
        out = np.zeros(self.seen.shape, dtype=bool)
        days = self.rest.shape[1]
        for kind in (False, True):
            same = self.rest == kind
            x = self.seen * same[:, :, None]
            c = np.concatenate([np.zeros_like(x[:, :1]), np.cumsum(x, axis=1)], axis=1)
            for d in range(days):
                counts = c[:, d] - c[:, max(0, d - self.window)]
                out[:, d] |= (counts >= self.min_days) & same[:, d, None]
        return out


@dataclass
class CoReads:
    """Reads of another desk's material, grouped by reader desk, material desk and user-day."""

    min_officers: int
    min_share: float
    readers: dict[tuple[str, str, int], set[int]] = field(default_factory=dict)

    def note(self, desk: str, material_desk: str, d: int, u: int) -> None:
        self.readers.setdefault((desk, material_desk, d), set()).add(u)

    def joint(
        self, desk_of: list[str], active: np.ndarray[Any, np.dtype[np.bool_]]
    ) -> set[tuple[str, str, int]]:
        """The (reader desk, material desk, day) groups that are a desk's joint work."""
        present: dict[tuple[str, int], int] = {}
        by_desk: dict[str, list[int]] = {}
        for u, desk in enumerate(desk_of):
            by_desk.setdefault(desk, []).append(u)
        for desk, rows in by_desk.items():
            counts = active[rows].sum(axis=0)
            for d, n in enumerate(counts.tolist()):
                present[(desk, d)] = int(n)
        return {
            key
            for key, who in self.readers.items()
            if len(who) >= self.min_officers
            and len(who) >= self.min_share * present.get((key[0], key[2]), 0)
        }


@dataclass
class DeviceRollout:
    """First sightings of new terminals per desk, to tell a campaign from one officer."""

    min_officers: int
    days: int
    seen: dict[str, list[tuple[date, str]]] = field(default_factory=dict)

    def note(self, desk: str, day: date, user: str) -> None:
        self.seen.setdefault(desk, []).append((day, user))

    def campaign(self, desk: str, first_seen: date, today: date) -> bool:
        """Whether the desk had a campaign around `first_seen`, as known by `today`."""
        sightings = self.seen.get(desk, [])
        lo = bisect_left(sightings, (first_seen - timedelta(days=self.days), ""))
        hi = bisect_right(sightings, (today, "\uffff"))
        return len({user for _, user in sightings[lo:hi]}) >= self.min_officers


def context_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    defaults = {
        "working_hours": {"window_days": 28, "min_days": 2},
        "joint_reads": {"min_officers": 3, "min_share": 0.2},
        "device_rollout": {"min_officers": 3, "days": 7},
        "follow_up_days": 7,
    }
    given = settings.get("context", {})
    return {k: given.get(k, v) for k, v in defaults.items()}
