"""Repeated refusals in one sitting: probing for material one has no need to know.

A single refused page is an everyday sight (a link into another desk's report, a search
result the guard hides), and the `denied` feature weighs it against the officer's own
history and peers'. But that feature needs history: an officer with fewer than
`min_history_days` active days in the window (back from leave, a light user, or a log that
starts today) has no anomaly score at all, and twenty refusals in one sitting on a Sunday
raised nothing (qa14, 2026-12-06). Hitting the wall again and again within the hour is
a need-to-know signal that needs no history, as the rules in :mod:`kizashi.insider.rules`
are: this module turns each such sitting into one weighed rule hit.

- A *sitting* is a run of refused requests (counted as `denied` counts them: one refused
  page is one refusal, and the hidden items of a page that showed something are none)
  with at most `gap_minutes` between one refusal and the next.
- A sitting of at least `min_refusals` is a hit (`PROBE-REFUSED`) at its first refusal,
  citing every refused event. Its weight grows with the count, slower than linearly:
  ``refused_weight * log2(1 + count / min_refusals)``, so fifty refusals are not ten
  times five; the rarity of such hits among all officers then scales it as for every
  other weighed rule (:func:`kizashi.insider.risk.weigh_by_rarity`), and the day's rule
  evidence is capped (`risk.rule_cap`).
- A sitting shared by at least `shared_officers` officers of one desk on the same user-day
  is an outage (a permission change, a broken grant), not probing: those hits are dropped,
  as the scorer takes a group's surge off a feature.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from kizashi.insider.events import JST, AccessEvent, Directory
from kizashi.insider.rules import RuleHit

RULE_ID = "PROBE-REFUSED"
DESCRIPTION = "repeated refused accesses in one sitting"


def refusals(events: Sequence[AccessEvent]) -> list[AccessEvent]:
    """The refused requests, one per refused page, in event order (as `denied` counts)."""
    answered = {e.request_id for e in events if e.request_id and e.allowed}
    out: list[AccessEvent] = []
    for event in events:
        if event.allowed or (event.request_id and event.request_id in answered):
            continue
        out.append(event)
        if event.request_id:
            answered.add(event.request_id)
    return out


def _sittings(refused: Sequence[AccessEvent], gap: timedelta) -> list[list[AccessEvent]]:
    by_user: dict[str, list[AccessEvent]] = {}
    for event in refused:
        by_user.setdefault(event.user, []).append(event)
    runs: list[list[AccessEvent]] = []
    for found in by_user.values():
        found.sort(key=lambda e: e.time)
        current = [found[0]]
        for event in found[1:]:
            if event.time - current[-1].time > gap:
                runs.append(current)
                current = []
            current.append(event)
        runs.append(current)
    return runs


def sitting_hits(
    events: Sequence[AccessEvent],
    directory: Directory,
    day_start: Mapping[str, int],
    cfg: Mapping[str, Any],
) -> list[RuleHit]:
    """One hit per sitting of repeated refusals, outages of a whole desk left out."""
    least = int(cfg["min_refusals"])
    gap = timedelta(minutes=float(cfg["gap_minutes"]))
    base = float(cfg["refused_weight"])
    shared = int(cfg["shared_officers"])
    found = [run for run in _sittings(refusals(events), gap) if len(run) >= least]
    desks: dict[tuple[str, object], set[str]] = {}
    for run in found:
        user = run[0].user
        desk = directory.officers[user].desk if user in directory.officers else "unknown"
        desks.setdefault((desk, _user_day(run[0], day_start)), set()).add(user)
    hits: list[RuleHit] = []
    for run in found:
        first = run[0]
        desk = directory.officers[first.user].desk if first.user in directory.officers else ""
        if len(desks[(desk or "unknown", _user_day(first, day_start))]) >= shared:
            continue
        minutes = (run[-1].time - first.time).total_seconds() / 60
        local = first.time.astimezone(JST)
        detail = (
            f"{len(run)} refused accesses within {minutes:.0f} min from "
            f"{local:%Y-%m-%d %H:%M} JST ({_actions(run)})"
        )
        weight = round(base * math.log2(1 + len(run) / least), 2)
        hits.append(
            RuleHit(
                RULE_ID,
                DESCRIPTION,
                first.user,
                first.time,
                first.event_id,
                "",  # a sitting spans several items: its events say which
                detail,
                allowed=False,
                immediate=False,
                weight=weight,
                events=tuple(e.event_id for e in run),
            )
        )
    return hits


def _user_day(event: AccessEvent, day_start: Mapping[str, int]) -> object:
    shifted = event.time.astimezone(JST) - timedelta(hours=day_start.get(event.user, 4))
    return shifted.date()


def _actions(run: Sequence[AccessEvent]) -> str:
    counts: dict[str, int] = {}
    for event in run:
        what = f"{event.action} {event.kind}".strip() if event.kind else event.action
        counts[what] = counts.get(what, 0) + 1
    return ", ".join(f"{n} {what}" for what, n in sorted(counts.items(), key=lambda x: -x[1]))
