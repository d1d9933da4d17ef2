"""A small world whose transparency report for 2026-Q4 is known cell by cell.

Reports go through real intake (so partner reports have sealed bodies with a partner type);
what the rooms derive from them (signals, alerts and outcomes, requests to platforms,
actions, expiries, insider alerts) is written directly with the times the counts turn on.
Received in Q4 (Japan time): 12 SNS posts (one at 23:30 JST on 31 December), 3 public tips,
9 partner reports (6 real estate, 2 lodging, 1 whose payload key is destroyed). Outside Q4:
an SNS post at 23:59 JST on 30 September and one at 00:00 JST on 1 January 2027.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select, update

from kizashi.config import Settings
from kizashi.guard.identity.domain import User
from kizashi.guard.identity.service import create_user, sync_desks
from kizashi.ids import new_id
from kizashi.intake import RawRow, ingest_batch
from kizashi.store.tables import payload_keys, report_payloads
from kizashi.store.tables_guard import insider_alerts
from kizashi.store.tables_oversight import expiry_runs, report_expiries
from kizashi.store.tables_resolve import entities
from kizashi.store.tables_share import share_requests
from kizashi.store.tables_signals import report_time_of, signals
from kizashi.store.tables_triage import alert_events, alert_outcomes, alerts

# Mid-November 2026: inside Q4 in every zone.
MID_Q4 = datetime(2026, 11, 16, 3, 0, tzinfo=UTC)
LAST_MINUTES_OF_2026_JST = "2026-12-31T23:30:00+09:00"
NEW_YEAR_JST = "2027-01-01T00:00:00+09:00"
LAST_MINUTE_OF_Q3_JST = "2026-09-30T23:59:00+09:00"
SECRET_TEXT = "倉庫の奥で白い粉を量っていた男"  # a partner's words: never on any oversight page


@dataclass
class Small:
    sns: list[str] = field(default_factory=list)
    partner: list[str] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)
    entity: str = ""


def _ingest(
    engine: Engine, settings: Settings, channel: str, records: list[dict[str, Any]], source: str
) -> list[str]:
    rows = [
        RawRow(i + 1, i + 1, json.dumps(r, ensure_ascii=False), r, None)
        for i, r in enumerate(records)
    ]
    summary = ingest_batch(engine, settings, channel, rows, f"t-{channel}", default_source=source)
    assert summary.rejected is None, [i.problems for i in summary.items]
    return [str(item.id) for item in summary.items]


def _post(n: int, received: str) -> dict[str, Any]:
    return {
        "platform": "x",
        "post_id": f"p{n}",
        "account_handle": f"@acct{n}",
        "text": f"普通の投稿 {n}",
        "posted_at": received,
        "received_at": received,
    }


def _partner(n: int, kind: str, received: str) -> dict[str, Any]:
    return {
        "report_ref": f"R-{n}",
        "partner_type": kind,
        "category": "suspicious_tenant",
        "text": SECRET_TEXT,
        "received_at": received,
    }


def _at(day: int, hour: int = 12) -> str:
    return (MID_Q4 + timedelta(days=day, hours=hour)).isoformat()


def seed_small(engine: Engine, settings: Settings) -> Small:
    small = Small()
    posts = [_post(n, _at(n - 20)) for n in range(11)]
    posts.append(_post(11, LAST_MINUTES_OF_2026_JST))
    small.sns = _ingest(engine, settings, "sns_post", posts, "platform:x")
    _ingest(
        engine,
        settings,
        "sns_post",
        [_post(90, LAST_MINUTE_OF_Q3_JST), _post(91, NEW_YEAR_JST)],
        "platform:x",
    )
    tips = [
        {"tip_ref": f"T-{n}", "received_via": "web_form", "text": "見た", "received_at": _at(n)}
        for n in range(3)
    ]
    _ingest(engine, settings, "public_tip", tips, "public")
    kinds = ["real_estate"] * 6 + ["lodging"] * 2
    small.partner = _ingest(
        engine,
        settings,
        "partner_report",
        [_partner(n, kind, _at(n)) for n, kind in enumerate(kinds)],
        "partner:otsuka-housing",
    )
    # One more partner report in a batch of its own, whose key is then destroyed (expired).
    [gone] = _ingest(
        engine, settings, "partner_report", [_partner(99, "real_estate", _at(5))], "partner:p"
    )
    with engine.begin() as connection:
        key_id = connection.execute(
            select(report_payloads.c.key_id).where(report_payloads.c.report_id == gone)
        ).scalar_one()
        connection.execute(
            update(payload_keys)
            .where(payload_keys.c.id == key_id)
            .values(key=None, destroyed_at=MID_Q4)
        )
        _derived(connection, small)
    return small


def _derived(connection: Any, small: Small) -> None:
    sync_desks(connection)
    small.users = {
        "overseer": create_user(connection, "ov-t", role="oversight_officer"),
        "auditor": create_user(connection, "aud-t", role="auditor"),
        "analyst": create_user(connection, "an-t", role="analyst", desk="lone-offender"),
        "lead": create_user(connection, "lead-t", role="desk_lead", desk="lone-offender"),
    }
    for n, report_id in enumerate(small.sns):
        # 7 threat and 2 recruitment flags, 3 not flagged; one flag after Q4 (not counted).
        category = "threat" if n < 7 else "recruitment" if n < 9 else None
        connection.execute(
            insert(signals).values(
                id=new_id(),
                report_id=report_id,
                detector="text",
                model_version="t-1",
                category=category,
                score=0.9 if category else 0.1,
                scores={},
                flagged=category is not None,
                evidence=[],
                protected=[],
                created_at=MID_Q4 if n != 8 else MID_Q4 + timedelta(days=60),
                report_at=report_time_of(report_id),
            )
        )
    connection.execute(
        insert(signals).values(
            id=new_id(),
            report_id=small.partner[0],
            detector="text",
            model_version="t-1",
            category="recruitment",
            score=0.9,
            scores={},
            flagged=True,
            evidence=[],
            protected=[],
            created_at=MID_Q4,
            report_at=report_time_of(small.partner[0]),
        )
    )
    small.entity = new_id()
    connection.execute(
        insert(entities).values(
            id=small.entity, kind="person", label="山田", created_at=MID_Q4, updated_at=MID_Q4
        )
    )
    # lone-offender: 8 opened, 5 confirmed, 3 dismissed; tokuryu: 6 opened, 6 dismissed.
    plan = [("lone-offender", "confirmed")] * 5 + [("lone-offender", "dismissed")] * 3
    plan += [("tokuryu", "dismissed")] * 6
    alert_ids = []
    for desk, outcome in plan:
        alert_id = new_id()
        alert_ids.append(alert_id)
        connection.execute(
            insert(alerts).values(
                id=alert_id,
                entity_id=small.entity,
                desk_id=desk,
                category="threat",
                score=0.8,
                status=outcome,
                routing_rule="t",
                summary="s",
                explanation={},
                opened_at=MID_Q4,
                updated_at=MID_Q4,
            )
        )
        connection.execute(
            insert(alert_outcomes).values(
                id=new_id(),
                alert_id=alert_id,
                outcome=outcome,
                reason="r",
                user_id=small.users["lead"].id,
                rules=[],
                categories=[],
                score=0.8,
                desk_id=desk,
                decided_at=MID_Q4 + timedelta(days=1),
            )
        )
    for alert_id in alert_ids[-2:]:
        connection.execute(
            insert(alert_events).values(
                id=new_id(),
                alert_id=alert_id,
                user_id=small.users["lead"].id,
                action="action_taken",
                reason="poster identified and warned",
                at=MID_Q4 + timedelta(days=2),
            )
        )
    # sns-a: 6 sent and 5 answered; sns-b: 1 draft.
    for platform, status, times in (
        ("sns-a", "sent", 6),
        ("sns-a", "answered", 5),
        ("sns-b", "draft", 1),
    ):
        for _ in range(times):
            connection.execute(
                insert(share_requests).values(
                    id=new_id(),
                    alert_id=alert_ids[0],
                    platform=platform,
                    desk_id="lone-offender",
                    legal_basis="刑事訴訟法第197条第2項",
                    body="b",
                    identifiers={},
                    status=status,
                    created_by=small.users["lead"].id,
                    created_at=MID_Q4,
                )
            )
    run_id = new_id()
    connection.execute(
        insert(expiry_runs).values(
            id=run_id,
            started_at=MID_Q4,
            finished_at=MID_Q4,
            as_of=MID_Q4,
            schedule_version="t",
            actor="t",
            reports=6,
            keys_destroyed=0,
            resealed=0,
            summary={},
        )
    )
    for report_id in small.sns[:6]:
        connection.execute(
            insert(report_expiries).values(
                report_id=report_id,
                run_id=run_id,
                expired_at=MID_Q4,
                schedule_id="sns-nothing",
                due_at=MID_Q4,
                led_to="nothing",
            )
        )
    # Insider alerts raised in Q4: 1 confirmed, 5 dismissed (one user-day each).
    for n, status in enumerate(["confirmed"] + ["dismissed"] * 5):
        connection.execute(
            insert(insider_alerts).values(
                id=new_id(),
                user_id=small.users["analyst"].id,
                day=(MID_Q4 + timedelta(days=n)).date().isoformat(),
                raised_at=MID_Q4 + timedelta(days=n),
                score=0.9,
                peer_group="desk:lone-offender",
                rules=[],
                features=[],
                explanation="e",
                status=status,
                run_id=new_id(),
                created_at=MID_Q4,
            )
        )
