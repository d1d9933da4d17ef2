"""The rules in force at a time, as they stood (issue 18 item 6; docs/oversight.md).

The rooms record each version of their rule files the first time they use it
(:mod:`kizashi.store.rule_versions`: ``rule_versions`` holds each content once,
``rules_in_force`` when it came into force). This module answers "which versions were in
force at T" — for each kind, the latest version that came into force at or before T — and
"what rules produced this alert": the versions its explanation names, with their content —
and the same for a signal (the versions of detect's rule files it was scored under).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Connection, func, select

from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.guard import Guard, User
from kizashi.guard.policy import Resource
from kizashi.store.tables_oversight import rule_versions, rules_in_force
from kizashi.store.tables_signals import signals
from kizashi.store.tables_triage import alerts


def _version(row: Any, until: datetime | None, content: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": f"{row.kind}:{row.sha256[:16]}",
        "kind": row.kind,
        "sha256": row.sha256,
        "version": row.version,
        "source": row.source,
        "effective_from": row.effective_from.isoformat(),
        "effective_until": until.isoformat() if until else None,
    }
    if content:
        out["content"] = orjson.loads(row.content)
    return out


def in_force_at(
    connection: Connection, at: datetime, *, content: bool = False
) -> list[dict[str, Any]]:
    """Per kind, the version in force at ``at`` (none for a kind first used after it)."""
    latest = (
        select(rules_in_force.c.kind, func.max(rules_in_force.c.effective_from).label("since"))
        .where(rules_in_force.c.effective_from <= at)
        .group_by(rules_in_force.c.kind)
        .subquery()
    )
    rows = connection.execute(
        select(
            rules_in_force.c.id.label("span"),
            rules_in_force.c.kind,
            rules_in_force.c.sha256,
            rules_in_force.c.effective_from,
            rule_versions.c.version,
            rule_versions.c.source,
            rule_versions.c.content,
        )
        .join(
            latest,
            (latest.c.kind == rules_in_force.c.kind)
            & (latest.c.since == rules_in_force.c.effective_from),
        )
        .join(
            rule_versions,
            (rule_versions.c.kind == rules_in_force.c.kind)
            & (rule_versions.c.sha256 == rules_in_force.c.sha256),
        )
        .order_by(rules_in_force.c.kind, rules_in_force.c.id)
    ).all()
    picked: dict[str, Any] = {}
    for row in rows:  # two rows at the same instant: the later id (both were in force)
        picked[row.kind] = row
    out = []
    for kind, row in sorted(picked.items()):
        until = connection.execute(
            select(func.min(rules_in_force.c.effective_from)).where(
                rules_in_force.c.kind == kind,
                rules_in_force.c.effective_from > row.effective_from,
            )
        ).scalar()
        out.append(_version(row, until, content))
    return out


def history(connection: Connection, kind: str | None = None) -> list[dict[str, Any]]:
    """Every change of the rules in force, oldest first (content left out)."""
    query = (
        select(
            rules_in_force.c.kind,
            rules_in_force.c.sha256,
            rules_in_force.c.effective_from,
            rule_versions.c.version,
            rule_versions.c.source,
            rule_versions.c.content,
        )
        .join(
            rule_versions,
            (rule_versions.c.kind == rules_in_force.c.kind)
            & (rule_versions.c.sha256 == rules_in_force.c.sha256),
        )
        .order_by(rules_in_force.c.kind, rules_in_force.c.effective_from, rules_in_force.c.id)
    )
    if kind is not None:
        query = query.where(rules_in_force.c.kind == kind)
    rows = connection.execute(query).all()
    out = []
    for index, row in enumerate(rows):
        following = rows[index + 1] if index + 1 < len(rows) else None
        until = following.effective_from if following and following.kind == row.kind else None
        out.append(_version(row, until, False))
    return out


def versions_named(connection: Connection, ids: list[str]) -> list[dict[str, Any]]:
    """The versions an alert's explanation names (``kind:sha256-prefix``), with content."""
    out = []
    for ident in ids:
        kind, _, prefix = ident.partition(":")
        row = connection.execute(
            select(
                rule_versions.c.kind,
                rule_versions.c.sha256,
                rule_versions.c.version,
                rule_versions.c.source,
                rule_versions.c.content,
                rule_versions.c.first_used_at.label("effective_from"),
            ).where(rule_versions.c.kind == kind, rule_versions.c.sha256.startswith(prefix))
        ).first()
        if row is not None:
            out.append(_version(row, None, True))
    return out


def rules_report(
    guard: Guard,
    user: User,
    *,
    at: datetime | None = None,
    alert: str | None = None,
    signal: str | None = None,
    content: bool = False,
    purpose: str = "oversight review",
    terminal: str = "",
) -> dict[str, Any]:
    """The rules in force at ``at`` (default now), every change (no ``at``, ``history``), or
    the versions one alert (or one signal) was scored under — decided as an
    ``oversight_report`` read (OVERSIGHT-1: oversight officers and auditors)."""
    if alert:
        subject = f"rules:alert:{alert}"
    elif signal:
        subject = f"rules:signal:{signal}"
    else:
        subject = f"rules:at:{at.isoformat() if at else 'now'}"
    resource = Resource("oversight_report", subject)
    decision = guard.decide(user, "read", resource, purpose, terminal=terminal)
    if not decision.allowed:
        raise ForbiddenError(f"{decision.reason} (rule {decision.rule})")
    if at is not None and at.tzinfo is None:
        raise InputError("at: give a time zone (e.g. +09:00)")
    with guard.engine.connect() as connection:
        if signal is not None:
            found = connection.execute(
                select(
                    signals.c.rule_versions, signals.c.model_version, signals.c.created_at
                ).where(signals.c.id == signal)
            ).first()
            if found is None:
                raise NotFoundError(f"no signal {signal}")
            scored_under = list(found.rule_versions or [])
            return {
                "signal": signal,
                "scored_at": found.created_at.isoformat(),
                "model_version": found.model_version,
                "rule_versions": scored_under,
                "versions": versions_named(connection, scored_under),
            }
        if alert is not None:
            explanation = connection.execute(
                select(alerts.c.explanation).where(alerts.c.id == alert)
            ).scalar()
            if explanation is None:
                raise NotFoundError(f"no alert {alert}")
            named = list(explanation.get("rule_versions") or [])
            return {
                "alert": alert,
                "scored_as_of": explanation.get("as_of"),
                "rule_versions": named,
                "versions": versions_named(connection, named),
            }
        when = at or guard.now()
        return {
            "at": when.isoformat(),
            "in_force": in_force_at(connection, when, content=content),
            "history": history(connection),
        }
