"""The demo's resolution check: the planted lone offender is one person entity holding his
purchases, the real-estate report, the patrol note and his SNS account; the decoys stay apart."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Engine, select

from kizashi.store.tables import mentions, reports
from kizashi.store.tables_resolve import entities, entity_members

__all__ = ["check_lone_offender"]

LONE_CASE = "lone-offender-yamada"
DECOY_NAMES = ("山田 太一", "ヤマダ タイチ", "Taichi Yamada")


def check_lone_offender(engine: Engine, manifest: dict[str, Any]) -> dict[str, Any]:
    case = next((c for c in manifest.get("cases", []) if c["id"] == LONE_CASE), None)
    if case is None:
        return {}
    keys = {(r["source"], r["external_id"]): r["channel"] for r in case["records"]}
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                reports.c.id,
                reports.c.source,
                reports.c.external_id,
                reports.c.channel,
                entity_members.c.entity_id,
                entities.c.kind,
            )
            .join(mentions, mentions.c.report_id == reports.c.id)
            .join(entity_members, entity_members.c.mention_id == mentions.c.id)
            .join(entities, entities.c.id == entity_members.c.entity_id)
            .where(mentions.c.kind.in_(("person", "account")))
        ).all()
        planted = [r for r in rows if (r.source, r.external_id) in keys]
        persons = Counter(r.entity_id for r in planted if r.kind == "person")
        entity_id = persons.most_common(1)[0][0] if persons else None
        joined = {(r.source, r.external_id) for r in planted if r.entity_id == entity_id}
        decoy = {
            r.entity_id
            for r in connection.execute(
                select(entity_members.c.entity_id)
                .join(mentions, mentions.c.id == entity_members.c.mention_id)
                .where(mentions.c.kind == "person", mentions.c.value.in_(DECOY_NAMES))
            )
        }
        label = (
            connection.execute(select(entities.c.label).where(entities.c.id == entity_id)).scalar()
            if entity_id
            else None
        )
    channels = Counter(keys[k] for k in joined)
    return {
        "offender_entity": entity_id,
        "offender_label": label,
        "planted_records": len(keys),
        "joined_records": len(joined),
        "joined_channels": dict(sorted(channels.items())),
        "decoy_separate": bool(decoy) and entity_id not in decoy,
    }
