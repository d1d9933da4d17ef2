"""Insider alerts, their explanations, and the queue only the inspection desk may read.

An alert says why: the features that stood out, each with its value and how many standard
deviations it lies above the user's own history and their peer group; every need-to-know
rule that fired; and the ids of the events behind both, so an inspector can open them.

Storage is not wired yet: `InMemoryAlertQueue` and `JsonlAlertQueue` stand in until the
store has an alerts table. Whatever the storage, reads go through the guard: a queue is
built with an `authorize(reader)` callable, meant to call the policy decision point with
resource type ``insider_alert`` (allowed for the inspection/internal-affairs desk only) and
to append the decision to the audit log before anything is returned. Without one, every
read is refused (fail closed).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import orjson

from kizashi.insider.rules import RuleHit


@dataclass(frozen=True)
class FeatureExplanation:
    """One feature's part in an alert: what was seen, what was expected, what it added."""

    feature: str
    value: float
    expected: float  # own history blended with peers
    own_mean: float
    peer_mean: float
    surprise: float  # -log10 P(a day at least this high)
    contribution: float  # risk points this feature added
    day: str = ""  # the user-day it belongs to
    events: tuple[str, ...] = ()
    group_today: float = 0.0  # the peer group's own surprise that day (taken off)

    def sentence(self) -> str:
        return (
            f"{self.feature} = {self.value:g} on {self.day}: expected {self.expected:.2f} "
            f"(own {self.own_mean:.2f}, peers {self.peer_mean:.2f}), "
            f"1 day in {_odds(self.surprise)}, +{self.contribution:.1f} risk"
            + (
                f" [events {', '.join(self.events[:3])}{', ...' if len(self.events) > 3 else ''}]"
                if self.events
                else ""
            )
        )


def _odds(surprise: float) -> str:
    return f"{10**surprise:,.0f}" if surprise < 9 else "10^9+"


@dataclass(frozen=True)
class Alert:
    alert_id: str
    user: str
    day: str  # the user-day, ISO date in Japan time
    time: datetime  # when the alert was raised
    score: float  # the officer's risk when raised (decayed evidence of recent days)
    peer_group: str
    features: tuple[FeatureExplanation, ...] = ()
    rules: tuple[RuleHit, ...] = ()
    reasons: tuple[str, ...] = field(default=())
    lane: str = "queue"  # "immediate": a hard need-to-know violation the guard allowed
    day_score: float = 0.0  # the anomaly score of the alert's own user-day

    def cited_events(self) -> frozenset[str]:
        """Every event the alert names: what an inspector opens, what the evaluation checks."""
        cited = {h.event_id for h in self.rules}
        for h in self.rules:
            cited.update(h.events)
        for f in self.features:
            cited.update(f.events)
        return frozenset(cited)

    def explanation(self) -> str:
        head = f"{self.user} on {self.day} (risk {self.score:.1f}, peers {self.peer_group})"
        lines = [head + (" [immediate]" if self.lane == "immediate" else "")]
        lines += [
            f"  rule {hit.rule_id}: {hit.detail}"
            + (f" ({hit.rarity()})" if hit.seen >= 0 and not hit.immediate else "")
            + f" [{_listed(hit.events or (hit.event_id,))}]"
            for hit in self.rules
        ]
        lines += [f"  {f.sentence()}" for f in self.features]
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["time"] = self.time.isoformat()
        data["rules"] = [{**asdict(h), "time": h.time.isoformat()} for h in self.rules]
        data["explanation"] = self.explanation()
        return data


def _listed(events: tuple[str, ...], shown: int = 5) -> str:
    more = f", ... ({len(events)} in all)" if len(events) > shown else ""
    return ", ".join(events[:shown]) + more


Authorize = Callable[[str], bool]


def _deny_all(reader: str) -> bool:
    return False


class AlertQueue(Protocol):
    """Where alerts wait for the inspection desk. `read` must be authorised by the guard."""

    def push(self, alert: Alert) -> None: ...

    def read(self, reader: str) -> list[Alert]: ...


class InMemoryAlertQueue:
    def __init__(self, authorize: Authorize = _deny_all) -> None:
        self._alerts: list[Alert] = []
        self._authorize = authorize
        self._lock = threading.Lock()

    def push(self, alert: Alert) -> None:
        with self._lock:
            self._alerts.append(alert)

    def read(self, reader: str) -> list[Alert]:
        if not self._authorize(reader):
            raise PermissionError(f"{reader} may not read insider alerts")
        with self._lock:
            return list(self._alerts)

    def __len__(self) -> int:
        return len(self._alerts)

    def __iter__(self) -> Iterator[Alert]:
        # For the evaluation harness in-process; not a read path for people.
        return iter(list(self._alerts))


class JsonlAlertQueue(InMemoryAlertQueue):
    """Alerts kept in memory and appended, one JSON line each, to `path`."""

    def __init__(self, path: Path, authorize: Authorize = _deny_all) -> None:
        super().__init__(authorize)
        self.path = path

    def push(self, alert: Alert) -> None:
        with self._lock, self.path.open("ab") as out:
            out.write(orjson.dumps(alert.to_json()) + b"\n")
            self._alerts.append(alert)
