"""Risk per officer that builds up and decays, one ranked queue, and an immediate lane.

Each user-day adds *evidence* to the officer's risk: the day's anomaly score (a sum of
per-feature contributions, :mod:`kizashi.insider.scorer`) plus the weights of the
need-to-know rule hits that are not hard violations (refused attempts, incidental target
lookups), capped per day. Risk decays with a half-life of `half_life_days`, so a few quiet
days of low-and-slow browsing add up while one odd day fades (as UEBA products do).

Two lanes reach the inspection desk:

- **immediate**: a hard need-to-know violation the guard *allowed* (raid material of a case
  the officer is not on, just before its operation; surveillance media exported outside the
  assignment) is raised at the time of the access, whatever the budget;
- **queue**: at the end of each user-day, officers whose risk is at least `min_risk` and who
  added evidence that day are ranked by risk, and at most `budget` are raised. An officer
  alerted within `cooldown_days` comes back only when risk has grown by `rise` since.

What the inspection desk decided feeds back (:class:`Feedback`): a suppression silences an
officer until it expires; a dismissal clears the risk carried up to the dismissed day (it
was looked at and explained); confirmed days are left out of the baselines by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np

from kizashi.insider.alerts import Alert, FeatureExplanation
from kizashi.insider.baselines import Array, Baselines
from kizashi.insider.events import JST
from kizashi.insider.features import FEATURES, FeatureTable
from kizashi.insider.rules import RuleHit
from kizashi.insider.scorer import Scores


@dataclass(frozen=True)
class Suppression:
    """No queue alert for `user` raised before `until` (the immediate lane still fires)."""

    user: str
    until: datetime
    reason: str = ""


@dataclass
class Feedback:
    """What the inspection desk decided, as the analytics use it."""

    suppressions: list[Suppression] = field(default_factory=list)
    dismissed: set[tuple[str, str]] = field(default_factory=set)  # (user, ISO user-day)
    confirmed: set[tuple[str, str]] = field(default_factory=set)

    def excluded(self, table: FeatureTable) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """[user, day] mask of confirmed misconduct, kept out of the baselines."""
        mask = np.zeros(table.active.shape, dtype=bool)
        row = {u: i for i, u in enumerate(table.users)}
        for user, day in self.confirmed:
            d = (date.fromisoformat(day) - table.start).days
            if user in row and 0 <= d < table.days:
                mask[row[user], d] = True
        return mask

    def suppressed(self, user: str, when: datetime) -> bool:
        return any(s.user == user and when < s.until for s in self.suppressions)


@dataclass
class Queue:
    alerts: list[Alert]
    risk: Array  # [user, day] risk at the end of each user-day
    evidence: Array  # [user, day] evidence added that day
    ranking: Array  # [user, day] the day's continuous score plus its rule evidence


def hits_by_user_day(
    hits: Sequence[RuleHit], table: FeatureTable
) -> dict[tuple[int, int], list[RuleHit]]:
    row = {u: i for i, u in enumerate(table.users)}
    out: dict[tuple[int, int], list[RuleHit]] = {}
    for hit in hits:
        if hit.user not in row:
            continue
        u = row[hit.user]
        shifted = hit.time.astimezone(JST) - timedelta(hours=table.day_start[u])
        d = (shifted.date() - table.start).days
        if 0 <= d < table.days:
            out.setdefault((u, d), []).append(hit)
    return out


def weigh_by_rarity(
    by_day: dict[tuple[int, int], list[RuleHit]],
    active: np.ndarray[Any, np.dtype[np.bool_]],
    window: int,
    cfg: Mapping[str, Any],
) -> dict[tuple[int, int], list[RuleHit]]:
    """Scale each weighed hit by how rare such a hit was among all officers before its day.

    A kind of hit (rule, allowed or refused) seen on `n` of the `N` active officer-days of
    the trailing `window` days has rate ``(n + 1) / (N + 10**reference)`` (one pseudo-hit at
    the reference rate, so a short history says "ordinary"); its surprise ``-log10 rate``
    over `reference` scales the rule's weight, within `[min_factor, max_factor]`. A refused
    look at raid material that nobody has tried in a month then weighs about twice what it
    does where such refusals are a daily sight (a guard that hides pages users click on).
    """
    reference = float(cfg["reference"])
    low, high = float(cfg["min_factor"]), float(cfg["max_factor"])
    days = active.shape[1]
    kinds = sorted({(h.rule_id, h.allowed) for found in by_day.values() for h in found})
    per_day = {k: np.zeros(days) for k in kinds}  # officer-days with such a hit, per day
    for (_, d), found in by_day.items():
        for k in {(h.rule_id, h.allowed) for h in found}:
            per_day[k][d] += 1
    active_days = np.concatenate([[0.0], np.cumsum(active.sum(axis=0))])
    counted = {k: np.concatenate([[0.0], np.cumsum(v)]) for k, v in per_day.items()}
    out: dict[tuple[int, int], list[RuleHit]] = {}
    for (u, d), found in by_day.items():
        lo = max(0, d - window)
        seen_all = int(active_days[d] - active_days[lo])
        weighed = []
        for h in found:
            seen = int(counted[(h.rule_id, h.allowed)][d] - counted[(h.rule_id, h.allowed)][lo])
            rate = (seen + 1.0) / (seen_all + 10.0**reference)
            factor = min(max(-np.log10(rate) / reference, low), high)
            weight = h.weight if h.immediate else round(h.weight * float(factor), 2)
            weighed.append(replace(h, weight=weight, seen=seen, out_of=seen_all))
        out[(u, d)] = weighed
    return out


def _features(
    table: FeatureTable,
    base: Baselines,
    scores: Scores,
    u: int,
    d: int,
    scale: float,
    limit: int,
    events: int,
    min_days: int,
) -> list[FeatureExplanation]:
    if base.own_days[u, d] < min_days:
        return []
    parts = scores.contribution[u, d]
    order = [int(f) for f in np.argsort(-parts, kind="stable")[:limit] if parts[f] > 0]
    return [
        FeatureExplanation(
            FEATURES[f],
            float(table.values[u, d, f]),
            round(float(base.expected[u, d, f]), 3),
            round(float(base.own_mean[u, d, f]), 3),
            round(float(base.peer_mean[u, d, f]), 3),
            round(float(scores.surprise[u, d, f]), 2),
            round(float(parts[f]) * scale, 2),
            table.day(d).isoformat(),
            tuple(table.evidence.get((u, d, f), [])[:events]),
            round(float(scores.group_today[u, d, f]), 2),
        )
        for f in order
    ]


def build_queue(
    table: FeatureTable,
    base: Baselines,
    scores: Scores,
    hits: Sequence[RuleHit],
    settings: Mapping[str, Any],
    budget: int,
    feedback: Feedback | None = None,
) -> Queue:
    cfg = settings["risk"]
    acfg = settings["alerts"]
    decay = 0.5 ** (1.0 / float(cfg["half_life_days"]))
    min_risk, rise = float(cfg["min_risk"]), float(cfg["rise"])
    cooldown, carry = int(acfg["cooldown_days"]), int(cfg["carry_days"])
    limit, per = int(acfg["explain_features"]), int(acfg["explain_events"])
    warmup = int(settings["baselines"]["min_history_days"])
    feedback = feedback or Feedback()
    by_day = hits_by_user_day(hits, table)
    if cfg.get("rarity"):
        window = int(settings["baselines"]["window_days"])
        by_day = weigh_by_rarity(by_day, table.active, window, cfg["rarity"])
    users, days = table.active.shape
    rule_ev = np.zeros((users, days))
    for (u, d), found in by_day.items():
        rule_ev[u, d] = min(sum(h.weight for h in found if not h.immediate), cfg["rule_cap"])
    # Until an officer has a few days of history, nothing about them is "unusual" yet: the
    # first days of a log (or of a new officer) carry rule evidence only.
    anomaly = np.where(base.own_days >= warmup, scores.score, 0.0)
    evidence = anomaly + rule_ev
    risk = np.zeros((users, days))
    row = {name: i for i, name in enumerate(table.users)}
    cleared: dict[int, list[int]] = {}  # day -> users whose carried risk the desk explained
    for user, day in feedback.dismissed:
        d = (date.fromisoformat(day) - table.start).days
        if user in row and 0 <= d < days:
            cleared.setdefault(d + 1, []).append(row[user])
    hard: dict[int, list[tuple[int, list[RuleHit]]]] = {}
    for (u, d), found in sorted(by_day.items()):
        strong = [h for h in found if h.immediate]
        if strong:
            hard.setdefault(d, []).append((u, strong))
    explain = _Explainer(table, base, scores, by_day, risk, decay, carry, limit, per, warmup)
    last: dict[int, tuple[int, float]] = {}
    alerts: list[Alert] = []
    for d in range(days):
        carried = risk[:, d - 1] * decay if d else np.zeros(users)
        carried[cleared.get(d, [])] = 0.0
        risk[:, d] = carried + evidence[:, d]
        raised: set[int] = set()
        for u, strong in hard.get(d, []):
            raised.add(u)
            last[u] = (d, float(risk[u, d]))
            alerts.append(explain.alert(u, d, min(h.time for h in strong), "immediate"))
        day_end = datetime.combine(table.day(d) + timedelta(days=1), time(0), JST)
        chosen = 0
        for u in np.argsort(-risk[:, d], kind="stable").tolist():
            if chosen >= budget or risk[u, d] < min_risk:
                break
            if evidence[u, d] <= 0 or u in raised:
                continue
            when = day_end + timedelta(hours=table.day_start[u])
            if feedback.suppressed(table.users[u], when):
                continue
            was_day, was = last.get(u, (-cooldown - 1, 0.0))
            if d - was_day <= cooldown and risk[u, d] < was * rise:
                continue
            chosen += 1
            last[u] = (d, float(risk[u, d]))
            alerts.append(explain.alert(u, d, when, "queue"))
    return Queue(alerts, risk, evidence, scores.continuous + rule_ev)


@dataclass
class _Explainer:
    """Builds an alert: the day's contributions, then what earlier days still carry."""

    table: FeatureTable
    base: Baselines
    scores: Scores
    by_day: Mapping[tuple[int, int], list[RuleHit]]
    risk: Array
    decay: float
    carry: int
    limit: int
    per: int
    min_days: int

    def alert(self, u: int, d: int, when: datetime, lane: str) -> Alert:
        features = _features(
            self.table, self.base, self.scores, u, d, 1.0, self.limit, self.per, self.min_days
        )
        rules = list(self.by_day.get((u, d), ()))
        for back in range(1, self.carry + 1):
            if d - back < 0:
                break
            scale = self.decay**back
            features += _features(
                self.table, self.base, self.scores, u, d - back, scale, 2, self.per, self.min_days
            )
            rules += [h for h in self.by_day.get((u, d - back), ()) if h.weight * scale >= 0.5]
        features = [f for f in features if f.contribution >= 0.1]
        return Alert(
            alert_id=f"IA-{self.table.day(d).isoformat()}-{self.table.users[u]}",
            user=self.table.users[u],
            day=self.table.day(d).isoformat(),
            time=when,
            score=round(float(self.risk[u, d]), 3),
            peer_group=self.base.groups[u],
            features=tuple(features),
            rules=tuple(rules[: self.per]),
            lane=lane,
            day_score=round(float(self.scores.score[u, d]), 3),
        )
