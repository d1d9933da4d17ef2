"""A re-grouping reaches the risk live (issue 12, live19).

An analyst's judgement through the API ("same", then undoing it) re-groups two buyers; the
running worker, with no batch ``triage`` or ``purchases`` run, moves the precursor firing to
the merged entity and re-scores it, then takes both away again when the judgement is undone
— and a full run of the purchase rules and of triage afterwards changes nothing. The
entities' search documents follow the judgement in the same re-score (live20): what a full
re-index would write, with no report about them coming.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from kizashi.api import create_app
from kizashi.clock import ManualClock
from kizashi.config import Settings
from kizashi.guard.identity import create_user, issue_token
from kizashi.pipeline import Worker
from kizashi.search import reindex_all
from kizashi.store import entity_members, mentions, risk_contributions
from kizashi.store.tables_pipeline import pipeline_rescore
from kizashi.store.tables_purchases import purchase_firings
from kizashi.store.tables_search import search_docs
from tests.conftest import frozen_now
from tests.pipeline.helpers import NOW, count, history, ingest

# Two buyers the model cannot link (other name, other phone), each under the sulfur
# threshold of 5 kg in 30 days; one person's 6 kg together.
BUYERS = (("山田太郎", "090-1111-2222", "T-90001"), ("鈴木一郎", "080-3333-4444", "T-90002"))


def _purchase(name: str, phone: str, transaction_id: str, day: int) -> dict[str, Any]:
    return {
        "retailer": "テスト薬品",
        "store": "本店",
        "transaction_id": transaction_id,
        "purchased_at": (NOW - timedelta(days=day)).isoformat(),
        "item": "試薬 硫黄(粉末) 500g",
        "quantity": 3000,
        "unit": "g",
        "buyer_name": name,
        "buyer_phone": phone,
    }


def _buyer_mention(engine: Engine, report_id: str) -> str:
    with engine.connect() as connection:
        return str(
            connection.execute(
                select(mentions.c.id).where(
                    mentions.c.report_id == report_id, mentions.c.path == "buyer_name"
                )
            ).scalar_one()
        )


def _entity(engine: Engine, mention_id: str) -> str:
    with engine.connect() as connection:
        return str(
            connection.execute(
                select(entity_members.c.entity_id).where(entity_members.c.mention_id == mention_id)
            ).scalar_one()
        )


def _firings(engine: Engine) -> set[tuple[str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(select(purchase_firings.c.entity_id, purchase_firings.c.rule_id))
        return {(str(r.entity_id), str(r.rule_id)) for r in rows}


def _firing_weight(engine: Engine, entity_id: str) -> float:
    with engine.connect() as connection:
        weights = connection.execute(
            select(risk_contributions.c.weight).where(
                risk_contributions.c.entity_id == entity_id,
                risk_contributions.c.kind == "purchase_rule",
            )
        ).scalars()
        return sum(float(w) for w in weights)


def _full_runs_change_nothing(engine: Engine, clock: ManualClock) -> None:
    from kizashi.purchases import run_purchase_rules
    from kizashi.triage import run_triage

    purchases = run_purchase_rules(engine, now=clock())
    assert (purchases.inserted, purchases.updated, purchases.deleted) == (0, 0, 0)
    full = run_triage(engine, as_of=NOW, now=clock(), run_purchases=False)
    changed = (full.contributions_inserted, full.contributions_updated, full.contributions_deleted)
    assert changed == (0, 0, 0)


def _entity_documents(engine: Engine) -> set[tuple[Any, ...]]:
    """The entities' search documents as stored, and as a full re-index would write them (in
    a transaction rolled back)."""

    def read(connection: Any) -> set[tuple[Any, ...]]:
        columns = (search_docs.c.ref_id, search_docs.c.kind, search_docs.c.body)
        rows = connection.execute(select(*columns).where(search_docs.c.kind != "report"))
        return {tuple(r) for r in rows}

    with engine.connect() as connection:
        stored = read(connection)
    with engine.connect() as connection, connection.begin() as rebuilt:
        reindex_all(connection, now=NOW)
        fresh = read(connection)
        rebuilt.rollback()
    return stored ^ fresh  # what differs


def test_an_analysts_judgement_moves_the_firing_and_the_risk_live(
    engine: Engine, settings: Settings
) -> None:
    history(engine, settings)
    clock = ManualClock(NOW)
    worker = Worker(engine, settings, clock=clock, as_of=NOW, hooks=(), name="test")
    reports = ingest(
        engine, settings, "purchase", [_purchase(*b, day=2 + n) for n, b in enumerate(BUYERS)]
    )
    assert worker.drain().parked == 0
    left, right = (_buyer_mention(engine, r) for r in reports)
    before = _entity(engine, left), _entity(engine, right)
    assert before[0] != before[1] and _firings(engine) == set()
    with engine.begin() as connection:
        create_user(connection, "analyst", role="command_centre", desk="lone-offender")
        token = issue_token(connection, "analyst", now=frozen_now())
    headers = {"Authorization": f"Bearer {token}"}
    client = TestClient(create_app(settings, engine=engine, clock=clock))

    clock.advance(timedelta(minutes=5))
    made = client.post(
        "/api/v1/judgements",
        headers=headers,
        json={
            "left_mention_id": left,
            "right_mention_id": right,
            "verdict": "same",
            "reason": "one customer under two names (CCTV at the counter)",
        },
    )
    assert made.status_code == 201, made.text
    merged = _entity(engine, left)
    assert _entity(engine, right) == merged
    assert count(engine, pipeline_rescore) > 0  # asked for, in the judgement's transaction
    result = worker.run_once()  # the live worker, no batch command
    assert result.rescored >= 1 and count(engine, pipeline_rescore) == 0
    assert _firings(engine) == {(merged, "precursor-quantity:sulfur")}
    assert _firing_weight(engine, merged) > 0
    assert _entity_documents(engine) == set()  # searched as merged, at once
    _full_runs_change_nothing(engine, clock)

    clock.advance(timedelta(minutes=5))
    undone = client.delete(f"/api/v1/judgements/{made.json()['id']}", headers=headers)
    assert undone.status_code == 200, undone.text
    apart = _entity(engine, left), _entity(engine, right)
    assert apart[0] != apart[1]
    assert worker.run_once().rescored >= 2
    assert _firings(engine) == set()  # neither buyer alone reaches the threshold
    assert all(_firing_weight(engine, e) == 0 for e in {merged, *apart})
    assert _entity_documents(engine) == set()
    _full_runs_change_nothing(engine, clock)
    assert worker.run_once().total == 0  # nothing left to do
