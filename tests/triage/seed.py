"""A small store for triage tests: reports through real intake, entities seeded directly.

Resolution is another room's work; here the entity tables are filled the way the contract
says it fills them: every mention of a person's name, phone, account... joins that person.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from kizashi.config import Settings
from kizashi.ids import new_id
from kizashi.intake import RawRow, ingest_batch
from kizashi.store.tables import mentions, reports
from kizashi.store.tables_resolve import entities, entity_members
from kizashi.store.tables_signals import report_time_of, signals

NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


def ingest(
    engine: Engine, settings: Settings, channel: str, records: list[dict[str, Any]], source: str
) -> list[str]:
    rows = [
        RawRow(i + 1, i + 1, json.dumps(r, ensure_ascii=False), r, None)
        for i, r in enumerate(records)
    ]
    summary = ingest_batch(
        engine, settings, channel, rows, f"test-{channel}", default_source=source
    )
    assert summary.rejected is None, [i.problems for i in summary.items]
    return [str(item.id) for item in summary.items]


def purchase(
    tx: str,
    store: str,
    at: str,
    item: str,
    substance: str | None,
    qty: float,
    unit: str,
    name: str,
    phone: str,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "retailer": store.split("/")[0],
        "store": store.split("/")[-1],
        "transaction_id": tx,
        "purchased_at": at,
        "item": item,
        "quantity": qty,
        "unit": unit,
        "buyer_name": name,
        "buyer_phone": phone,
    }
    if substance:
        record["substance"] = substance
    return record


@dataclass
class Seeded:
    offender: str
    bystander: str
    reports: dict[str, str] = field(default_factory=dict)


def add_entity(connection: Connection, kind: str, label: str) -> str:
    entity_id = new_id()
    connection.execute(
        insert(entities).values(
            id=entity_id, kind=kind, label=label, created_at=NOW, updated_at=NOW
        )
    )
    return entity_id


def link(
    connection: Connection,
    entity_id: str,
    report_ids: Iterable[str],
    kinds: tuple[str, ...] = ("person", "phone", "account", "address", "email"),
) -> None:
    """Every mention of these kinds in these reports joins the entity."""
    rows = connection.execute(
        select(mentions.c.id, mentions.c.report_id).where(
            mentions.c.report_id.in_(list(report_ids)), mentions.c.kind.in_(kinds)
        )
    )
    for row in rows:
        connection.execute(
            insert(entity_members).values(
                mention_id=row.id,
                entity_id=entity_id,
                report_id=row.report_id,
                match_weight=12.5,
                reasons=[{"field": "name", "comparison": "reading", "weight": 8.1}],
                linked_at=NOW,
            )
        )


def add_signal(
    connection: Connection, report_id: str, category: str, score: float, protected: list[str]
) -> None:
    connection.execute(
        insert(signals).values(
            id=new_id(),
            report_id=report_id,
            detector="text",
            model_version="test-1",
            category=category,
            score=score,
            scores={category: score},
            flagged=True,
            evidence=[
                {
                    "rule": "threat.numeric-code",
                    "start": 0,
                    "end": 3,
                    "text": "56す",
                    "view": "tokens",
                }
            ],
            protected=protected,
            created_at=NOW,
            report_at=report_time_of(report_id),
        )
    )


def seed(engine: Engine, settings: Settings) -> Seeded:
    """Yamada buys three precursors at three stores, is reported, questioned and posts threats;
    Sato buys charcoal for a barbecue."""
    yamada = [
        purchase(
            "T1",
            "ホームセンターA/大塚店",
            "2026-10-13T11:24:00+09:00",
            "BBQ用 木炭 3kg",
            "木炭",
            12,
            "kg",
            "山田太郎",
            "090-1234-5678",
        ),
        purchase(
            "T2",
            "ケミカルB/オンライン",
            "2026-10-16T22:47:00+09:00",
            "硫黄粉末 1kg",
            "硫黄",
            3,
            "kg",
            "Taro Yamada",
            "+81 90 1234 5678",
        ),
        purchase(
            "T3",
            "みどり化学/文京営業所",
            "2026-10-21T14:05:00+09:00",
            "試薬 硝酸カリウム 500g",
            "硝酸カリウム",
            5000,
            "g",
            "ヤマダ タロウ",
            "09012345678",
        ),
        purchase(
            "T4",
            "ケミカルB/オンライン",
            "2026-10-26T23:30:00+09:00",
            "硫黄粉末 1kg",
            "硫黄",
            2,
            "kg",
            "Taro Yamada",
            "０９０－１２３４－５６７８",
        ),
    ]
    sato = [
        purchase(
            "T5",
            "ホームセンターA/大塚店",
            "2026-10-14T10:00:00+09:00",
            "BBQ用 木炭 3kg",
            "木炭",
            6,
            "kg",
            "佐藤花子",
            "080-1111-2222",
        )
    ]
    bought = ingest(engine, settings, "purchase", yamada, "retailer:test")
    sato_ids = ingest(engine, settings, "purchase", sato, "retailer:test")
    garage = ingest(
        engine,
        settings,
        "partner_report",
        [
            {
                "report_ref": "OH-1",
                "partner_type": "real_estate",
                "category": "suspicious_sound",
                "text": "ガレージから夜間に金属を切る音。火薬のようなにおい。",
                "observed_at": "2026-10-27T21:40:00+09:00",
                "property_address": "東京都豊島区南大塚三丁目18番2号",
                "persons": [
                    {"name": "山田 太郎", "role": "tenant", "phone": "090 1234 5678"},
                    {"name": "吉川 一郎", "role": "witness"},
                ],
            }
        ],
        "partner:otsuka-housing",
    )
    note = ingest(
        engine,
        settings,
        "patrol_note",
        [
            {
                "note_ref": "N-1",
                "officer_id": "PO-1",
                "note_type": "stop_and_question",
                "text": "ガレージ前で職務質問。金属パイプ所持。",
                "observed_at": "2026-10-29T23:10:00+09:00",
                "location": "東京都豊島区南大塚三丁目18番付近",
                "persons": [{"name": "ヤマダ タロウ", "role": "subject"}],
            }
        ],
        "police:sugamo",
    )
    posts = ingest(
        engine,
        settings,
        "sns_post",
        [
            {
                "platform": "x",
                "post_id": "p1",
                "account_handle": "tar0_ymd",
                "text": "11/1 大塚で桜井を56す",
                "posted_at": "2026-10-25T23:41:00+09:00",
            },
            {
                "platform": "x",
                "post_id": "p2",
                "account_handle": "tar0_ymd",
                "text": "演説会場、〇すしかない",
                "posted_at": "2026-10-27T01:12:00+09:00",
            },
        ],
        "platform:x",
    )
    with engine.begin() as connection:
        offender = add_entity(connection, "person", "山田 太郎")
        bystander = add_entity(connection, "person", "佐藤 花子")
        link(connection, offender, [*bought, *garage, *note, *posts])
        link(connection, bystander, sato_ids)
        for post in posts:
            add_signal(connection, post, "threat", 0.9, ["candidate-sakurai"])
        # The witness of the partner report is someone else.
        witness = add_entity(connection, "person", "吉川 一郎")
        connection.execute(
            entity_members.update()
            .where(
                entity_members.c.mention_id.in_(
                    select(mentions.c.id).where(
                        mentions.c.report_id == garage[0], mentions.c.path == "persons[1].name"
                    )
                )
            )
            .values(entity_id=witness)
        )
        assert connection.execute(
            select(reports.c.id).where(reports.c.channel == "purchase")
        ).first()
    return Seeded(
        offender,
        bystander,
        {"garage": garage[0], "note": note[0], "post": posts[0], "T1": bought[0]},
    )
