"""Keyset pages cover every visible alert exactly once, in order, whatever the sort."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import Engine, insert

from kizashi.config import Settings
from kizashi.guard import Guard, open_audit_log
from kizashi.guard.identity import create_user, get_user, sync_desks
from kizashi.ids import new_id
from kizashi.store.tables_resolve import entities
from kizashi.store.tables_triage import alerts
from kizashi.triage import AlertFilter, list_alerts
from tests.triage.seed import NOW


def fill(engine: Engine, n: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with engine.begin() as connection:
        sync_desks(connection)
        entity_rows, alert_rows = [], []
        for i in range(n):
            entity_id = new_id()
            entity_rows.append(
                {
                    "id": entity_id,
                    "kind": "person",
                    "label": f"p{i}",
                    "created_at": NOW,
                    "updated_at": NOW,
                }
            )
            alert_rows.append(
                {
                    "id": new_id(),
                    "entity_id": entity_id,
                    "desk_id": rng.choice(["lone-offender", "lone-offender", "tokuryu"]),
                    "category": "threat",
                    "score": float(rng.randint(40, 60)),  # many ties
                    "status": rng.choice(["new", "in_review", "dismissed"]),
                    "routing_rule": "route-default",
                    "summary": f"alert {i}",
                    "explanation": {},
                    "handling_code": "TLP:AMBER",
                    "opened_at": NOW + timedelta(minutes=rng.randint(0, 50)),
                    "updated_at": NOW,
                }
            )
        connection.execute(insert(entities), entity_rows)
        connection.execute(insert(alerts), alert_rows)


@pytest.mark.parametrize("sort", ["-score", "score", "-opened_at", "opened_at"])
def test_pages_cover_the_desk_once_in_order(engine: Engine, settings: Settings, sort: str) -> None:
    fill(engine, 150)
    with engine.begin() as connection:
        create_user(connection, "cc", role="command_centre", desk="lone-offender")
        user = get_user(connection, "cc")
    guard = Guard(engine, open_audit_log(settings, engine))
    seen: list[dict[str, object]] = []
    after = None
    while True:
        page = list_alerts(
            guard, user, AlertFilter(status="open", sort=sort, after=after, limit=17), ""
        )
        seen += page["items"]
        after = page["next_after"]
        if after is None:
            break
    assert len({a["id"] for a in seen}) == len(seen) > 17
    assert {a["desk_id"] for a in seen} == {"lone-offender"}
    assert {a["status"] for a in seen} <= {"new", "in_review"}
    key = sort.lstrip("-")
    pairs = [(a[key], a["id"]) for a in seen]
    assert pairs == sorted(pairs, reverse=sort.startswith("-"))
    everything = list_alerts(guard, user, AlertFilter(status="open", limit=500), "")["items"]
    assert len(everything) == len(seen)
