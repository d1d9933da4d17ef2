"""A run of insider analytics over the real audit log: `kizashi guard insiders run`.

Reads the access events of the last `days` days from the audit log and the directory from
the guard's tables, computes features, baselines, scores and rule hits (the same chain as
the evaluation, :func:`kizashi.insider.evaluate.detect`), and stores the alerts with
their explanations in ``insider_alerts`` for the inspection desk. The settings' ``live:``
section, when present, overrides the analytics settings for live runs.
(it reads it) before any alert is written.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from kizashi.errors import ForbiddenError
from kizashi.guard.identity import User
from kizashi.guard.policy import Guard, Resource
from kizashi.ids import new_id
from kizashi.insider.evaluate import detect
from kizashi.insider.events import JST
from kizashi.insider.features import default_settings
from kizashi.insider.repository import (
    load_directory,
    load_events,
    load_feedback,
    readable_names,
    save_alerts,
)


@dataclass(frozen=True)
class RunSummary:
    run_id: str
    since: datetime
    until: datetime
    events: int
    officers: int
    alerts: int
    added: int
    kept: int  # user-days already alerted by an earlier run: left as they were
    rule_hits: int


def live_settings(settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The analytics settings with the `live:` overrides applied."""
    merged = copy.deepcopy(dict(settings or default_settings()))
    for section, values in merged.pop("live", {}).items():
        merged.setdefault(section, {}).update(values)
    return merged


def run_insiders(
    guard: Guard,
    *,
    actor: User,
    now: datetime,
    days: int = 35,
    settings: Mapping[str, Any] | None = None,
) -> RunSummary:
    """Analyse the last `days` days of the audit log up to `now`; store and count the alerts."""
    until = now
    first_day = (until.astimezone(JST) - timedelta(days=days)).date()
    since = datetime.combine(first_day, datetime.min.time(), JST)
    run_id = new_id()
    # The run reads the whole log: a batch job, decided and logged first (fail closed).
    decision = guard.decide(
        actor,
        "write",
        Resource("job", "insider-analytics"),
        "insider analytics run",
        context={"run_id": run_id, "since": since.isoformat(), "until": until.isoformat()},
    )
    if not decision.allowed:
        raise ForbiddenError(f"{decision.reason} (rule {decision.rule})")
    cfg = live_settings(settings)
    with guard.engine.connect() as connection:
        directory = load_directory(connection, guard.pseudonym)
        names = readable_names(connection)
        feedback = load_feedback(connection)
    # Service accounts and CLI operators are not officers: their access is not profiled here.
    events = [e for e in load_events(guard.engine, since, until) if e.user in directory.officers]
    span = (until.astimezone(JST).date() - first_day).days + 1
    detection = detect(events, directory, first_day, span, settings=cfg, feedback=feedback)
    with guard.engine.begin() as connection:
        added, kept = save_alerts(connection, detection.alerts, run_id, new_id, names, until)
    return RunSummary(
        run_id,
        since,
        until,
        len(events),
        len(directory.officers),
        len(detection.alerts),
        added,
        kept,
        len(detection.hits),
    )
