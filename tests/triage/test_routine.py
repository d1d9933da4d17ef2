"""A routine rule of urgent.yaml (``priority: routine``): a direct threat to harm a person said
by name (the detector's ``named_target`` part) opens an alert whatever the risk, explained by
its parts, and announces nothing — no urgent column, stream event, banner or webhook. The live
worker (``triage_entities``) and a backfill (``run_triage``) read it through the same
``UrgentRules.match``, so they open the same alert."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, insert, select

from kizashi.config import Settings
from kizashi.detect import detect_rules
from kizashi.ids import new_id
from kizashi.store.tables_signals import report_time_of, signals
from kizashi.store.tables_triage import alerts
from kizashi.triage import run_triage, triage_entities
from tests.triage.seed import NOW, add_entity, ingest, link


def post(engine: Engine, settings: Settings, text: str, handle: str = "angry_one") -> str:
    """One post by ``handle``, flagged as the shipped detector reads it (its own evidence),
    linked to the account; the account's entity id."""
    record = {
        "platform": "x",
        "post_id": "p1",
        "account_handle": handle,
        "text": text,
        "posted_at": NOW.isoformat(),
    }
    [report_id] = ingest(engine, settings, "sns_post", [record], "platform:x")
    found = detect_rules(text)
    # A reading without a model column (det51's) has no rule category of its own: the scorer
    # lifts it to the threshold; its threat hit is what the signal's evidence carries.
    assert found.category == "threat" or {h.category for h in found.hits} == {"threat"}, text
    with engine.begin() as connection:
        connection.execute(
            insert(signals).values(
                id=new_id(),
                report_id=report_id,
                detector="text",
                model_version="test-1",
                category="threat",
                score=0.6,
                scores={"threat": 0.6},
                flagged=True,
                evidence=found.evidence(),
                protected=[],
                created_at=NOW,
                report_at=report_time_of(report_id),
            )
        )
        entity = add_entity(connection, "account", f"x:{handle}")
        link(connection, entity, [report_id], kinds=("account",))
    return entity


def triage(engine: Engine, how: str, entity: str) -> Any:
    if how == "live":
        with engine.begin() as connection:
            summary = triage_entities(connection, {entity}, now=NOW)
    else:
        summary = run_triage(engine, now=NOW)
    return summary


@pytest.mark.parametrize("how", ["live", "batch"])
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("田中を絶対に殺してやる", "田中"),
        ("If I ever see Laura Finch again I'll kill her", "Laura Finch"),
    ],
    ids=["ja", "en"],
)
def test_a_threat_to_a_named_person_opens_a_routine_alert(
    engine: Engine, settings: Settings, how: str, text: str, name: str
) -> None:
    entity = post(engine, settings, text)
    summary = triage(engine, how, entity)
    assert summary.alerts == {"opened": 1} and summary.routine == 1 and summary.urgent == 0
    assert [change[3] for change in summary.changed] == [None]  # no urgent rule: no webhook
    with engine.connect() as connection:
        [alert] = connection.execute(select(alerts)).all()
    assert alert.entity_id == entity and alert.score < 40 and alert.urgent is None
    assert (alert.desk_id, alert.routing_rule) == ("lone-offender", "route-default")
    assert alert.explanation["urgent"] is None
    routine = alert.explanation["routine"]
    assert (routine["rule"], routine["priority"]) == ("routine-threat-named-person", "routine")
    assert routine["bypassed_threshold"] is True
    intent, person = routine["matched"]
    assert intent["condition"] == "intent to harm"
    assert (person["component"], person["text"]) == ("named_target", name)
    assert "routine:routine-threat-named-person" in alert.explanation["rules"]
    assert alert.summary.startswith("RULE (routine-threat-named-person:")


@pytest.mark.parametrize("how", ["live", "batch"])
def test_a_given_name_read_by_its_own_rule_opens_a_routine_alert(
    engine: Engine, settings: Settings, how: str
) -> None:
    # threat-named-plan-en reads harm and the named person in one span, with no composed
    # target to carry a named_target part: the rule id satisfies both conditions.
    entity = post(engine, settings, "I will kill Brenda Okafor, she knows why.")
    summary = triage(engine, how, entity)
    assert summary.alerts == {"opened": 1} and summary.routine == 1 and summary.urgent == 0
    with engine.connect() as connection:
        [alert] = connection.execute(select(alerts)).all()
    routine = alert.explanation["routine"]
    assert routine["rule"] == "routine-threat-named-person"
    assert all(part["rule"] == "threat-named-plan-en" for part in routine["matched"])
    assert all("Brenda Okafor" in part["text"] for part in routine["matched"])


@pytest.mark.parametrize("how", ["live", "batch"])
@pytest.mark.parametrize("text", ["こいつ絶対に殺してやる", "I'm going to kill him"])
def test_a_threat_to_a_pronoun_opens_nothing(
    engine: Engine, settings: Settings, how: str, text: str
) -> None:
    entity = post(engine, settings, text)
    summary = triage(engine, how, entity)
    assert summary.alerts == {} and summary.routine == 0


def test_a_named_persons_dated_threat_stays_urgent(engine: Engine, settings: Settings) -> None:
    entity = post(engine, settings, "明日、田中を絶対に殺してやる")
    summary = triage(engine, "batch", entity)
    assert summary.urgent == 1 and summary.routine == 0
    with engine.connect() as connection:
        [alert] = connection.execute(select(alerts)).all()
    assert alert.urgent == "urgent-threat-named-target"
    assert "routine" not in alert.explanation
