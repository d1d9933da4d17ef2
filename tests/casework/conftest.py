"""A store with a desk's cast (a lead, two officers on a case, one officer not on it, an
officer of another desk), two alerts of the desk, each with a patrol note as evidence."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Engine, insert

from kizashi.casework import Casework
from kizashi.clock import ManualClock
from kizashi.config import Settings
from kizashi.guard import Guard, User, label_material, open_audit_log
from kizashi.guard.identity import assign_case, create_case, create_user, get_user, sync_desks
from kizashi.ids import new_id
from kizashi.intake import RawRow, ingest_batch
from kizashi.store import alerts, entities, risk_contributions, transaction

DESK = "lone-offender"
PURPOSE = "捜査: 大塚の車庫事案 (investigation of the Otsuka garage case)"


def note(engine: Engine, settings: Settings, ref: str, text: str) -> str:
    record = {
        "note_ref": ref,
        "officer_id": "PO-1",
        "note_type": "stop_and_question",
        "text": text,
        "observed_at": "2026-10-29T23:10:00+09:00",
        "location": "東京都豊島区南大塚三丁目18番付近",
        "persons": [{"name": "ヤマダ タロウ", "role": "subject"}],
    }
    rows = [RawRow(1, 1, json.dumps(record, ensure_ascii=False), record, None)]
    summary = ingest_batch(engine, settings, "patrol_note", rows, "t", default_source="police:x")
    assert summary.rejected is None, summary.items
    return str(summary.items[0].id)


def open_alert(engine: Engine, now: datetime, report_id: str, desk: str = DESK) -> str:
    entity_id, alert_id = new_id(), new_id()
    with transaction(engine) as connection:
        connection.execute(
            insert(entities).values(
                id=entity_id, kind="person", label="ヤマダ タロウ", created_at=now, updated_at=now
            )
        )
        connection.execute(
            insert(risk_contributions).values(
                id=new_id(),
                entity_id=entity_id,
                kind="patrol_note",
                report_id=report_id,
                source_ref=f"report:{report_id}",
                category="suspicious_activity",
                weight=20.0,
                half_life_days=30.0,
                observed_at=now,
                explanation={},
                created_at=now,
            )
        )
        connection.execute(
            insert(alerts).values(
                id=alert_id,
                entity_id=entity_id,
                desk_id=desk,
                category="suspicious_activity",
                score=55.0,
                status="new",
                routing_rule="test",
                summary="ヤマダ タロウ: 職務質問で金属パイプ所持",
                explanation={"contributions": []},
                opened_at=now,
                updated_at=now,
            )
        )
    return alert_id


@dataclass
class World:
    work: Casework
    clock: ManualClock
    alerts: list[str]
    reports: list[str]

    def user(self, name: str) -> User:
        with self.work.engine.connect() as connection:
            return get_user(connection, name)


def cast(engine: Engine) -> None:
    with transaction(engine) as connection:
        sync_desks(connection)
        create_user(connection, "lead", role="desk_lead", desk=DESK)
        create_user(connection, "sato", role="analyst", desk=DESK)
        create_user(connection, "ito", role="analyst", desk=DESK)
        create_user(connection, "kato", role="analyst", desk=DESK)
        create_user(connection, "other", role="analyst", desk="tokuryu")
        create_case(connection, "LO-2026-031", desk=DESK, title="大塚車庫事案")
        for name in ("sato", "ito"):
            assign_case(connection, "LO-2026-031", name)


@pytest.fixture
def world(engine: Engine, settings: Settings, now: datetime) -> World:
    cast(engine)
    clock = ManualClock(now)
    guard = Guard(engine, open_audit_log(settings, engine, clock=clock), clock=clock)
    reports = [
        note(engine, settings, "N-1", "ガレージ前で職務質問。金属パイプ所持。"),
        note(engine, settings, "N-2", "同じ人物が夜間に出入り。"),
    ]
    with transaction(engine) as connection:  # routed to the desk, as report routing would
        for report_id in reports:
            label_material(connection, "report", report_id, desk=DESK)
    made = [open_alert(engine, now, r) for r in reports]
    return World(Casework(engine, guard, settings), clock, made, reports)


def audit_rows(engine: Engine) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from kizashi.store.tables import audit_entries

    with engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(select(audit_entries))]
