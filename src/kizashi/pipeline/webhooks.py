"""Outbound webhooks per desk: an outbox written with the alert, delivered with retries.

The triage stage queues a delivery in the transaction that opens the alert (so a crash can
neither lose the call nor make two for one alert: a delivery is unique per hook, alert and
event). Deliveries are sent outside any transaction (a slow gateway must not hold the
store), claimed with a lease so that one crashed sender's call is taken up again after it,
and every attempt is recorded. The body holds the alert's id and a summary made of its desk,
category, score and the urgent rule's reason: no personal data ever leaves by this door.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import orjson
import yaml
from sqlalchemy import Connection, Engine, and_, select, update

from kizashi.errors import SchemaError
from kizashi.ids import new_id
from kizashi.store import transaction
from kizashi.store.tables_pipeline import webhook_deliveries
from kizashi.store.tables_triage import alerts

log = logging.getLogger("kizashi.pipeline.webhooks")

EVENTS = ("urgent", "opened")
LEASE = timedelta(seconds=60)
MAX_BACKOFF = timedelta(hours=1)


@dataclass(frozen=True)
class Hook:
    id: str
    desk: str
    url: str
    events: frozenset[str]
    timeout_seconds: float = 5.0


def parse_hooks(data: Any, source: str) -> tuple[Hook, ...]:
    if not isinstance(data, dict) or not isinstance(data.get("hooks", []), list):
        raise SchemaError(f"{source}: expected a mapping with a list of hooks")
    hooks, seen = [], set()
    for index, raw in enumerate(data.get("hooks") or []):
        where = f"{source}: hooks[{index}]"
        if not isinstance(raw, dict):
            raise SchemaError(f"{where}: expected a mapping")
        for key in ("id", "desk", "url"):
            if not raw.get(key):
                raise SchemaError(f"{where}: missing {key}")
        if raw["id"] in seen:
            raise SchemaError(f"{where}: duplicate id {raw['id']!r}")
        seen.add(raw["id"])
        url = str(raw["url"])
        if not url.startswith(("http://", "https://")):
            raise SchemaError(f"{where} ({raw['id']}): url must be http(s)")
        events = frozenset(str(e) for e in raw.get("events") or ["urgent"])
        if events - set(EVENTS):
            raise SchemaError(f"{where} ({raw['id']}): events must be among {', '.join(EVENTS)}")
        hooks.append(
            Hook(
                str(raw["id"]),
                str(raw["desk"]),
                url,
                events,
                float(raw.get("timeout_seconds", 5.0)),
            )
        )
    return tuple(hooks)


def load_hooks(path: Path | None = None) -> tuple[Hook, ...]:
    """The hooks of ``path`` (the setting ``KIZASHI_WEBHOOKS_FILE``) or the shipped file."""
    if path is None:
        return _shipped()
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"{path}: cannot read webhooks: {exc}") from exc
    return parse_hooks(data, str(path))


@cache
def _shipped() -> tuple[Hook, ...]:
    raw = resources.files("kizashi.pipeline").joinpath("data", "webhooks.yaml").read_text("utf-8")
    return parse_hooks(yaml.safe_load(raw), "kizashi/pipeline/data/webhooks.yaml")


def payload(alert: Any, event: str, delivery_id: str) -> dict[str, Any]:
    """What a hook receives: ids, desk, category, score, the urgent rule — nothing personal."""
    urgent = ((alert.explanation or {}).get("urgent") or {}) if alert.urgent else {}
    reason = f"; urgent: {urgent.get('why')}" if urgent.get("why") else ""
    return {
        "delivery_id": delivery_id,
        "event": event,
        "alert_id": alert.id,
        "desk": alert.desk_id,
        "category": alert.category,
        "score": round(float(alert.score), 1),
        "urgent_rule": alert.urgent,
        "summary": f"{event} alert on desk {alert.desk_id}: {alert.category or 'unclassified'}"
        f" (risk {float(alert.score):.1f}){reason}",
        "link": f"/ui/alerts/{alert.id}",
    }


def enqueue_deliveries(
    connection: Connection,
    changed: Sequence[tuple[str, str, str, str | None]],
    *,
    now: datetime,
    hooks: Sequence[Hook] | None = None,
) -> int:
    """Queue a call per hook for every changed alert its events cover; returns how many."""
    chosen = load_hooks() if hooks is None else hooks
    if not chosen:
        return 0
    queued = 0
    for alert_id, action, desk, urgent in changed:
        events = []
        if action == "opened":
            events.append("opened")
        if urgent:
            events.append("urgent")
        wanted = [(h, e) for h in chosen if h.desk == desk for e in events if e in h.events]
        if not wanted:
            continue
        alert = connection.execute(select(alerts).where(alerts.c.id == alert_id)).first()
        if alert is None:
            continue
        for hook, event in wanted:
            exists = connection.execute(
                select(webhook_deliveries.c.id).where(
                    and_(
                        webhook_deliveries.c.hook_id == hook.id,
                        webhook_deliveries.c.alert_id == alert_id,
                        webhook_deliveries.c.event == event,
                    )
                )
            ).first()
            if exists is not None:
                continue
            delivery_id = new_id()
            connection.execute(
                webhook_deliveries.insert().values(
                    id=delivery_id,
                    hook_id=hook.id,
                    desk_id=desk,
                    alert_id=alert_id,
                    event=event,
                    payload=orjson.dumps(payload(alert, event, delivery_id)).decode(),
                    state="pending",
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
            queued += 1
    return queued


def _claim(connection: Connection, now: datetime, limit: int) -> list[Any]:
    """Due deliveries, leased: another sender skips them (SKIP LOCKED, then the lease)."""
    found = connection.execute(
        select(
            webhook_deliveries.c.id,
            webhook_deliveries.c.hook_id,
            webhook_deliveries.c.payload,
            webhook_deliveries.c.attempts,
        )
        .where(
            webhook_deliveries.c.state == "pending",
            webhook_deliveries.c.next_attempt_at <= now,
        )
        .order_by(webhook_deliveries.c.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    rows: list[Any] = list(found)
    if rows:
        connection.execute(
            update(webhook_deliveries)
            .where(webhook_deliveries.c.id.in_([r.id for r in rows]))
            .values(next_attempt_at=now + LEASE, attempts=webhook_deliveries.c.attempts + 1)
        )
    return rows


def deliver_due(
    engine: Engine,
    *,
    now: datetime,
    hooks: Sequence[Hook],
    max_attempts: int,
    backoff_seconds: float,
    client: httpx.Client | None = None,
    limit: int = 20,
) -> dict[str, int]:
    """Send the calls that are due; record each attempt. Returns counts by outcome."""
    by_id = {h.id: h for h in hooks}
    with transaction(engine) as connection:
        rows = _claim(connection, now, limit)
    counts = {"delivered": 0, "retry": 0, "failed": 0}
    if not rows:
        return counts
    own = client is None
    http = client or httpx.Client()
    try:
        for row in rows:
            hook = by_id.get(row.hook_id)
            attempts = row.attempts + 1
            status: int | None = None
            error: str | None = None
            if hook is None:
                error = f"hook {row.hook_id!r} is no longer configured"
            else:
                try:
                    response = http.post(
                        hook.url,
                        content=row.payload,
                        headers={
                            "content-type": "application/json",
                            "x-kizashi-delivery": str(row.id),
                        },
                        timeout=hook.timeout_seconds,
                    )
                    status = response.status_code
                    if not 200 <= status < 300:
                        error = f"HTTP {status}"
                except httpx.HTTPError as exc:
                    error = f"{exc.__class__.__name__}: {exc}"
            values: dict[str, Any] = {"last_status": status, "last_error": error}
            if error is None:
                values |= {"state": "delivered", "delivered_at": now}
                counts["delivered"] += 1
            elif attempts >= max_attempts or hook is None:
                values |= {"state": "failed"}
                counts["failed"] += 1
                log.warning(
                    "webhook %s: delivery %s failed for good: %s", row.hook_id, row.id, error
                )
            else:
                wait = min(timedelta(seconds=backoff_seconds * 2 ** (attempts - 1)), MAX_BACKOFF)
                values |= {"next_attempt_at": now + wait}
                counts["retry"] += 1
            with transaction(engine) as connection:
                connection.execute(
                    update(webhook_deliveries)
                    .where(webhook_deliveries.c.id == row.id)
                    .values(**values)
                )
    finally:
        if own:
            http.close()
    return counts


def deliveries(connection: Connection, alert_id: str | None = None) -> list[dict[str, Any]]:
    query = select(webhook_deliveries).order_by(webhook_deliveries.c.created_at)
    if alert_id is not None:
        query = query.where(webhook_deliveries.c.alert_id == alert_id)
    return [dict(r._mapping) for r in connection.execute(query)]
