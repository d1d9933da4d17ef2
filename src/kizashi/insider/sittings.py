"""Repeated refusals in one sitting: probing for material one has no need to know.

A single refused page is an everyday sight (a link into another desk's report, a search
result the guard hides), and the `denied` feature weighs it against the officer's own
history and peers'. But that feature needs history: an officer with fewer than
`min_history_days` active days in the window (back from leave, a light user, or a log that
starts today) has no anomaly score at all, and twenty refusals in one sitting on a Sunday
raised nothing (qa14, 2026-12-06). Hitting the wall again and again within the hour is
a need-to-know signal that needs no history, as the rules in :mod:`kizashi.insider.rules`
are: this module turns each such sitting into one weighed rule hit.

- A *refusal* is one refused page (:func:`refusals`). A page is the decisions one user's
  request made within `page_seconds` of its first one, keyed on (user, request id): the
  id alone is not trusted, since a client may send its own ``X-Request-ID`` (ops/http.py
  keeps any well-formed one), so the same id reused later, or by another user, is another
  page. A page that showed something hid its refused items (no refusal); a page refused
  outright is one refusal however many decisions it logged. Decisions logged without an
  id (old logs) are grouped the same way under the empty id, within one second.
- A *sitting* is a run of refusals with at most `gap_minutes` between one and the next.
  A sitting of at least `min_refusals` is a hit (`PROBE-REFUSED`) at its first refusal,
  citing every refused event. Its weight grows with the count, slower than linearly:
  ``refused_weight * log2(1 + count / min_refusals)``, so fifty refusals are not ten
  times five; the rarity of such hits among all officers then scales it as for every
  other weighed rule (:func:`kizashi.insider.risk.weigh_by_rarity`), and the day's rule
  evidence is capped (`risk.rule_cap`).
- An *outage* is `shared_officers` or more officers, of any desk or shift, whose sittings
  overlap in time (each within `outage_minutes` of another) and refused the same kind of
  material: a permission change or a broken grant, not probing. Only the sittings of the
  outage are dropped; the same officers' other sittings that day still count.
- A *routine* refuser is judged against his own past: a sitting of an officer who had
  such sittings (outages aside) on `routine_days` or more distinct user-days of the
  previous `routine_window_days` is no hit (a night officer whose shared inbox links into
  hidden pages every night); the `denied` feature still weighs his refusals against his
  own baseline.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kizashi.errors import InputError
from kizashi.insider.events import JST, AccessEvent, Directory
from kizashi.insider.rules import RuleHit

RULE_ID = "PROBE-REFUSED"
DESCRIPTION = "repeated refused accesses in one sitting"
SETTINGS_FILE = "insider.yaml"
# Decisions logged without a request id (old logs) are one page only when logged within a
# second of each other, as a page's decisions are: a wider window would take a refused
# click just after an ordinary read for a hidden item of that read.
UNLABELLED_PAGE = timedelta(seconds=1)


@dataclass(frozen=True)
class Probing:
    """The `probing` section of the insider settings, checked."""

    min_refusals: int
    gap: timedelta
    refused_weight: float
    shared_officers: int
    outage: timedelta
    page: timedelta
    routine_days: int
    routine_window_days: int

    @classmethod
    def of(cls, cfg: Mapping[str, Any]) -> Probing:
        def number(name: str, least: float) -> float:
            if name not in cfg:
                raise InputError(f"{SETTINGS_FILE}: probing.{name} is missing")
            value = cfg[name]
            if isinstance(value, bool) or not isinstance(value, int | float) or value < least:
                raise InputError(
                    f"{SETTINGS_FILE}: probing.{name} must be a number >= {least:g}, not {value!r}"
                )
            return float(value)

        return cls(
            int(number("min_refusals", 1)),
            timedelta(minutes=number("gap_minutes", 0)),
            number("refused_weight", 0),
            int(number("shared_officers", 2)),
            timedelta(minutes=number("outage_minutes", 0)),
            timedelta(seconds=number("page_seconds", 0)),
            int(number("routine_days", 1)),
            int(number("routine_window_days", 1)),
        )


def refusals(events: Sequence[AccessEvent], page: timedelta) -> list[AccessEvent]:
    """The refused pages, one event each (the first refused decision), in time order.

    Decisions of one (user, request id) within `page` of the page's first decision are one
    page; a later decision under the same id opens a new page (a reused client id).
    """
    pages: dict[tuple[str, str], list[list[AccessEvent]]] = {}
    for event in sorted(events, key=lambda e: e.time):
        opened = pages.setdefault((event.user, event.request_id), [])
        within = page if event.request_id else min(page, UNLABELLED_PAGE)
        if opened and event.time - opened[-1][0].time <= within:
            opened[-1].append(event)
        else:
            opened.append([event])
    out = [
        next(e for e in decisions if not e.allowed)
        for found in pages.values()
        for decisions in found
        if all(not e.allowed for e in decisions)
    ]
    return sorted(out, key=lambda e: e.time)


def _sittings(refused: Sequence[AccessEvent], gap: timedelta) -> list[list[AccessEvent]]:
    by_user: dict[str, list[AccessEvent]] = {}
    for event in refused:
        by_user.setdefault(event.user, []).append(event)
    runs: list[list[AccessEvent]] = []
    for found in by_user.values():
        current = [found[0]]
        for event in found[1:]:
            if event.time - current[-1].time > gap:
                runs.append(current)
                current = []
            current.append(event)
        runs.append(current)
    return runs


def _material(run: Sequence[AccessEvent]) -> str:
    """The kind of material a sitting was refused most (`""`: reports, bare searches)."""
    return Counter(e.kind for e in run).most_common(1)[0][0]


def _outages(runs: Sequence[list[AccessEvent]], settings: Probing) -> set[int]:
    """Indexes of the sittings that belong to an outage (see the module notes)."""
    dropped: set[int] = set()
    by_material: dict[str, list[int]] = {}
    for i, run in enumerate(runs):
        by_material.setdefault(_material(run), []).append(i)
    for members in by_material.values():
        members.sort(key=lambda i: runs[i][0].time)
        group: list[int] = []
        reach = None
        for i in [*members, -1]:
            if i >= 0 and reach is not None and runs[i][0].time <= reach:
                group.append(i)
                reach = max(reach, runs[i][-1].time + settings.outage)
                continue
            if len({runs[j][0].user for j in group}) >= settings.shared_officers:
                dropped.update(group)
            if i >= 0:
                group, reach = [i], runs[i][-1].time + settings.outage
    return dropped


def _routine(
    runs: Sequence[list[AccessEvent]], day_start: Mapping[str, int], settings: Probing
) -> set[int]:
    """Indexes of sittings of an officer who had sittings on enough of his recent days."""
    days: dict[str, set[date]] = {}
    for run in runs:
        days.setdefault(run[0].user, set()).add(_user_day(run[0], day_start))
    window = timedelta(days=settings.routine_window_days)
    routine: set[int] = set()
    for i, run in enumerate(runs):
        today = _user_day(run[0], day_start)
        before = [d for d in days[run[0].user] if today - window <= d < today]
        if len(before) >= settings.routine_days:
            routine.add(i)
    return routine


def sitting_hits(
    events: Sequence[AccessEvent],
    directory: Directory,
    day_start: Mapping[str, int],
    cfg: Mapping[str, Any],
) -> list[RuleHit]:
    """One hit per sitting of repeated refusals; outages and routine refusers left out."""
    del directory  # outages are found by time and material, whatever the desk
    settings = Probing.of(cfg)
    least = settings.min_refusals
    found = [
        run for run in _sittings(refusals(events, settings.page), settings.gap) if len(run) >= least
    ]
    outage = _outages(found, settings)
    own = [run for i, run in enumerate(found) if i not in outage]
    routine = _routine(own, day_start, settings)
    hits: list[RuleHit] = []
    for i, run in enumerate(own):
        if i in routine:
            continue
        first = run[0]
        minutes = (run[-1].time - first.time).total_seconds() / 60
        local = first.time.astimezone(JST)
        detail = (
            f"{len(run)} refused accesses within {minutes:.0f} min from "
            f"{local:%Y-%m-%d %H:%M} JST ({_actions(run)})"
        )
        weight = round(settings.refused_weight * math.log2(1 + len(run) / least), 2)
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


def _user_day(event: AccessEvent, day_start: Mapping[str, int]) -> date:
    shifted = event.time.astimezone(JST) - timedelta(hours=day_start.get(event.user, 4))
    return shifted.date()


def _actions(run: Sequence[AccessEvent]) -> str:
    counts: dict[str, int] = {}
    for event in run:
        what = f"{event.action} {event.kind}".strip() if event.kind else event.action
        counts[what] = counts.get(what, 0) + 1
    return ", ".join(f"{n} {what}" for what, n in sorted(counts.items(), key=lambda x: -x[1]))
