"""A seeded store for the web tests, the browser journeys and the benchmark.

Reports go through the real intake (so mentions exist as intake makes them); signals,
entities, risk contributions and alerts are written straight into the contract tables, as
the signals, resolve and triage rooms will. Everything is fictional.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, insert, select

from kizashi.config import Settings
from kizashi.guard.identity import (
    add_item,
    add_member,
    create_compartment,
    create_user,
    label_material,
    subject_key,
    sync_desks,
)
from kizashi.guard.identity.passwords import HashParameters
from kizashi.ids import new_id
from kizashi.intake import RawRow, ingest_batch
from kizashi.store import (
    alerts,
    entities,
    entity_members,
    mentions,
    risk_contributions,
    signals,
    transaction,
)
from kizashi.store.payloads import open_texts
from kizashi.store.tables_signals import report_time_of

PASSWORD = "correct horse battery"  # every seeded user's; at least 12 characters
# Cheap hashes for seeding; the first sign-in rehashes under the real parameters.
FAST = HashParameters(time_cost=1, memory_cost_kib=1024, parallelism=1)
DESK_MAIN = "lone-offender"  # the analyst's desk (command centre)
DESK_A = "fa-terrorism"  # owns the compartment
DESK_B = "tokuryu"  # its analyst is deconflicted


@dataclass
class Seeded:
    main_entity: str = ""
    main_alert: str = ""
    held_entity: str = ""
    held_alert: str = ""
    reports: dict[str, str] = field(default_factory=dict)
    mention_ids: dict[str, str] = field(default_factory=dict)
    filler_alerts: int = 0


def _ingest(
    engine: Engine, settings: Settings, channel: str, body: dict[str, Any], source: str
) -> str:
    raw = orjson.dumps(body).decode()
    summary = ingest_batch(
        engine, settings, channel, [RawRow(1, 1, raw, body, None)], "seed", default_source=source
    )
    item = summary.items[0]
    assert item.id, f"seed report not stored: {item.problems}"
    return item.id


def _mentions(connection: Connection, report_id: str) -> list[Any]:
    return list(connection.execute(select(mentions).where(mentions.c.report_id == report_id)))


def users(connection: Connection) -> None:
    sync_desks(connection)
    for name, role, desk, org in (
        ("analyst", "analyst", DESK_MAIN, None),
        ("lead-a", "desk_lead", DESK_A, None),
        ("analyst-a", "analyst", DESK_A, None),
        ("analyst-b", "analyst", DESK_B, None),
        ("inspector", "auditor", "inspection", None),
        ("partner-otsuka", "partner_submitter", None, "partner:otsuka-housing"),
        ("partner-sakura", "partner_submitter", None, "partner:sakura-realty"),
    ):
        create_user(
            connection,
            name,
            role=role,
            desk=desk,
            organisation=org,
            password=PASSWORD,
            parameters=FAST,
            display_name=name,
        )


def _entity(connection: Connection, kind: str, label: str, now: datetime) -> str:
    entity_id = new_id()
    connection.execute(
        insert(entities).values(
            id=entity_id, kind=kind, label=label, created_at=now, updated_at=now
        )
    )
    return entity_id


def _member(
    connection: Connection, entity_id: str, mention: Any, weight: float | None, now: datetime
) -> None:
    # The linker's own labels (resolve/levels.py, resolve/entities_writer.py).
    reasons = (
        [
            {
                "field": mention.kind,
                "comparison": "named with this person in the same report",
                "weight": None,
            }
        ]
        if weight is None
        else [
            {"field": "name", "comparison": "same spelling", "weight": round(weight * 0.6, 1)},
            {"field": "phone", "comparison": "same phone number", "weight": round(weight * 0.4, 1)},
        ]
    )
    connection.execute(
        insert(entity_members).values(
            mention_id=mention.id,
            entity_id=entity_id,
            report_id=mention.report_id,
            match_weight=weight,
            reasons=reasons,
            linked_at=now,
        )
    )


def _signal(
    connection: Connection,
    report_id: str,
    phrase: str,
    category: str,
    score: float,
    now: datetime,
    rule: str,
) -> str:
    # Offsets into the stored report text (the channel's free-text fields, joined).
    text = open_texts(connection, [report_id])[report_id]
    start = text.find(phrase)
    evidence = (
        []
        if start < 0
        else [
            {
                "rule": rule,
                "start": start,
                "end": start + len(phrase),
                "text": phrase,
                "view": "surface",
            }
        ]
    )
    signal_id = new_id()
    connection.execute(
        insert(signals).values(
            id=signal_id,
            report_id=report_id,
            detector="text",
            model_version="seed-1",
            category=category,
            score=score,
            scores={category: score},
            flagged=score >= 0.5,
            evidence=evidence,
            protected=[],
            created_at=now,
            report_at=report_time_of(report_id),
        )
    )
    return signal_id


def _contribution(
    connection: Connection,
    entity_id: str,
    kind: str,
    report_id: str | None,
    source_ref: str,
    category: str | None,
    weight: float,
    observed: datetime,
    explanation: dict[str, Any],
    now: datetime,
) -> None:
    connection.execute(
        insert(risk_contributions).values(
            id=new_id(),
            entity_id=entity_id,
            kind=kind,
            report_id=report_id,
            source_ref=source_ref,
            category=category,
            weight=weight,
            half_life_days=30.0,
            observed_at=observed,
            explanation=explanation,
            created_at=now,
        )
    )


def _alert(
    connection: Connection,
    entity_id: str,
    desk: str,
    score: float,
    category: str | None,
    summary: str,
    opened: datetime,
    status: str = "new",
) -> str:
    alert_id = new_id()
    connection.execute(
        insert(alerts).values(
            id=alert_id,
            entity_id=entity_id,
            desk_id=desk,
            category=category,
            score=score,
            status=status,
            routing_rule=f"route-{category or 'default'}",
            summary=summary,
            explanation={"top": category},
            opened_at=opened,
            updated_at=opened,
        )
    )
    return alert_id


def main_story(engine: Engine, settings: Settings, seeded: Seeded, now: datetime) -> None:
    """山田 太郎: two precursor purchases, a garage report, a patrol note and a threat post."""
    day = timedelta(days=1)
    when = [(now - day * k).isoformat() for k in (6, 5, 4, 3, 2)]
    phone = "090-1234-5678"
    stored = seeded.reports
    stored["purchase1"] = _ingest(
        engine,
        settings,
        "purchase",
        {
            "retailer": "kanto-chemicals",
            "store": "池袋店",
            "transaction_id": "T-1001",
            "purchased_at": when[0],
            "item": "硝酸カリウム 2kg",
            "substance": "硝酸カリウム",
            "quantity": 2,
            "unit": "kg",
            "buyer_name": "山田 太郎",
            "buyer_phone": phone,
        },
        "retailer:kanto-chemicals",
    )
    stored["purchase2"] = _ingest(
        engine,
        settings,
        "purchase",
        {
            "retailer": "kanto-chemicals",
            "store": "大塚店",
            "transaction_id": "T-1002",
            "purchased_at": when[1],
            "item": "硫黄粉末 1kg",
            "substance": "硫黄",
            "quantity": 1,
            "unit": "kg",
            "buyer_name": "山田 太郎",
            "buyer_phone": phone,
        },
        "retailer:kanto-chemicals",
    )
    garage = "借主の山田太郎さんが借りているガレージから火薬のようなにおいと金属を切る音がします。"
    stored["garage"] = _ingest(
        engine,
        settings,
        "partner_report",
        {
            "report_ref": "OH-2026-77",
            "partner_type": "real_estate",
            "category": "suspicious_smell",
            "title": "ガレージからの異臭",
            "text": garage,
            "observed_at": when[2],
            "property_address": "東京都豊島区南大塚3-1-1",
            "persons": [
                {"name": "山田 太郎", "role": "tenant", "phone": phone},
                {"name": "山田 花子", "role": "guarantor"},
            ],
        },
        "partner:otsuka-housing",
    )
    patrol = "ガレージ前で山田 太郎に職務質問。車内に工具と白い粉末の袋。"
    stored["patrol"] = _ingest(
        engine,
        settings,
        "patrol_note",
        {
            "note_ref": "PN-0042",
            "officer_id": "P-1138",
            "note_type": "stop_and_question",
            "text": patrol,
            "observed_at": when[3],
            "location": "東京都豊島区南大塚3-1-1",
            "persons": [{"name": "山田 太郎", "phone": phone}],
        },
        "unit:sugamo-koban",
    )
    post = "選挙の日に演説会場を爆破してやる。準備はできた。"
    stored["post"] = _ingest(
        engine,
        settings,
        "sns_post",
        {
            "platform": "x",
            "post_id": "9001",
            "account_handle": "@taro_y",
            "display_name": "山田 太郎",
            "text": post,
            "posted_at": when[4],
        },
        "platform:x",
    )
    with transaction(engine) as connection:
        entity_id = _entity(connection, "person", "山田 太郎", now)
        guarantor = _entity(connection, "person", "山田 花子", now)
        seeded.main_entity = entity_id
        for key, report_id in stored.items():
            label_material(connection, "report", report_id, desk=DESK_MAIN)
            for mention in _mentions(connection, report_id):
                if mention.value == "山田 花子":
                    _member(connection, guarantor, mention, None, now)
                    seeded.mention_ids["guarantor"] = mention.id
                elif mention.kind in ("person", "phone", "account"):
                    _member(connection, entity_id, mention, 12.5, now)
                    seeded.mention_ids.setdefault(f"{key}:{mention.kind}", mention.id)
        threat = _signal(
            connection, stored["post"], "爆破してやる", "threat", 0.94, now, "threat.bomb"
        )
        smell = _signal(
            connection,
            stored["garage"],
            "火薬のようなにおい",
            "activity",
            0.81,
            now,
            "activity.gunpowder_smell",
        )
        observed = now - day
        _contribution(
            connection,
            entity_id,
            "text_signal",
            stored["post"],
            threat,
            "threat",
            0.5,
            observed,
            {"rule": "threat.bomb", "span": "爆破してやる"},
            now,
        )
        _contribution(
            connection,
            entity_id,
            "partner_report",
            stored["garage"],
            smell,
            "activity",
            0.3,
            observed,
            {"rule": "activity.gunpowder_smell", "grading": "B3"},
            now,
        )
        _contribution(
            connection,
            entity_id,
            "purchase_rule",
            stored["purchase1"],
            "precursor-pair:KNO3+S",
            "weapon",
            0.4,
            observed,
            {"rule": "precursor-pair", "substances": "硝酸カリウム, 硫黄"},
            now,
        )
        _contribution(
            connection,
            entity_id,
            "patrol_note",
            stored["patrol"],
            stored["patrol"],
            None,
            0.1,
            observed,
            {"grading": "B2"},
            now,
        )
        seeded.main_alert = _alert(
            connection,
            entity_id,
            DESK_MAIN,
            0.97,
            "threat",
            "爆破予告・火薬原料の購入・ガレージの異臭（不動産業者）",
            now - timedelta(hours=1),
        )


def held_story(engine: Engine, settings: Settings, seeded: Seeded, now: datetime) -> None:
    """佐藤 次郎: held in desk A's compartment; desk B's queue has an alert on him."""
    tip = "佐藤 次郎という男が倉庫で薬品を混ぜているのを見た。"
    report_id = _ingest(
        engine,
        settings,
        "public_tip",
        {
            "tip_ref": "TIP-555",
            "received_via": "phone_110",
            "text": tip,
            "subjects": [{"name": "佐藤 次郎"}],
        },
        "tips:110",
    )
    seeded.reports["tip"] = report_id
    with transaction(engine) as connection:
        entity_id = _entity(connection, "person", "佐藤 次郎", now)
        seeded.held_entity = entity_id
        for mention in _mentions(connection, report_id):
            if mention.kind == "person":
                _member(connection, entity_id, mention, 10.0, now)
        label_material(connection, "report", report_id, desk=DESK_B)
        create_compartment(
            connection,
            "op-kiku",
            desk=DESK_A,
            valid_from=now - timedelta(days=1),
            valid_until=now + timedelta(days=60),
            description="fictional operation",
        )
        add_member(connection, "op-kiku", "lead-a")
        add_member(connection, "op-kiku", "analyst-a")
        add_item(connection, "op-kiku", "subject", subject_key("person", "佐藤 次郎"))
        seeded.held_alert = _alert(
            connection,
            entity_id,
            DESK_B,
            0.88,
            "activity",
            "倉庫で薬品を混合との通報",
            now - timedelta(hours=2),
        )


CATEGORIES = ("threat", "recruitment", "weapon", "activity")


def flagged_posts(
    engine: Engine, settings: Settings, count: int, now: datetime, rng: random.Random
) -> None:
    """Unrouted public posts the detector flagged, spread over the last days (dashboard)."""
    bodies = []
    for i in range(count):
        at = now - timedelta(hours=rng.randint(0, 24 * 5))
        bodies.append(
            {
                "platform": "x",
                "post_id": f"p{i}",
                "account_handle": f"@user{i}",
                "text": f"投稿 {i}: 危ない言葉の例",
                "posted_at": at.isoformat(),
            }
        )
    rows = [RawRow(i + 1, 1, orjson.dumps(b).decode(), b, None) for i, b in enumerate(bodies)]
    summary = ingest_batch(
        engine, settings, "sns_post", rows, "seed-posts", default_source="platform:x"
    )
    with transaction(engine) as connection:
        for item in summary.items:
            assert item.id
            category = rng.choice(CATEGORIES)
            _signal(connection, item.id, "危ない言葉", category, 0.7, now, f"{category}.seed")


def filler_alerts(
    engine: Engine, count: int, now: datetime, rng: random.Random, desk: str = DESK_MAIN
) -> None:
    """Lower-scored alerts on entities with nothing else: to fill (and to load) the queue."""
    entity_rows, alert_rows = [], []
    for i in range(count):
        entity_id, alert_id = new_id(), new_id()
        opened = now - timedelta(minutes=rng.randint(5, 60 * 24 * 20))
        entity_rows.append(
            {
                "id": entity_id,
                "kind": "person",
                "label": f"対象者 {i:05d}",
                "created_at": now,
                "updated_at": now,
            }
        )
        category = rng.choice(CATEGORIES)
        alert_rows.append(
            {
                "id": alert_id,
                "entity_id": entity_id,
                "desk_id": desk,
                "category": category,
                "score": round(rng.uniform(0.05, 0.9), 4),
                "status": rng.choice(("new", "new", "in_review")),
                "routing_rule": f"route-{category}",
                "summary": f"{category} の兆候 {i}",
                "explanation": {"top": category},
                "opened_at": opened,
                "updated_at": opened,
                "assignee_id": None,
                "closed_reason": None,
            }
        )
    with transaction(engine) as connection:
        for start in range(0, count, 2000):
            connection.execute(insert(entities), entity_rows[start : start + 2000])
            connection.execute(insert(alerts), alert_rows[start : start + 2000])


def seed(
    engine: Engine,
    settings: Settings,
    *,
    fillers: int = 30,
    posts: int = 40,
    now: datetime,
    seed_value: int = 7,
) -> Seeded:
    rng = random.Random(seed_value)
    seeded = Seeded(filler_alerts=fillers)
    with transaction(engine) as connection:
        users(connection)
    main_story(engine, settings, seeded, now)
    held_story(engine, settings, seeded, now)
    if posts:
        flagged_posts(engine, settings, posts, now, rng)
    if fillers:
        filler_alerts(engine, fillers, now, rng)
    return seeded
