"""A small outreach store: desks, users, two companies, approach reports through real intake.

Resolution is resolve's work (the demo test runs it for real); here the approacher's entity
is filled the way resolve's contract says it is: every mention of the approacher's name,
phone and e-mail in both companies' reports joins one person entity, as a link on the shared
phone number would make it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from kizashi.config import Settings
from kizashi.guard import Guard, User
from kizashi.guard.identity import create_user, get_user, sync_desks
from kizashi.guard.identity.passwords import HashParameters
from kizashi.ids import new_id
from kizashi.intake import RawRow, ingest_batch
from kizashi.outreach import ActivityIn, CompanyIn, read_reports
from kizashi.outreach.registry import create_company, record_activity
from kizashi.store import transaction
from kizashi.store.tables import mentions
from kizashi.store.tables_resolve import entities, entity_members

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
PURPOSE = "経済安全保障 事案2026-017 接近者の確認 (checking the approacher)"
FAST = HashParameters(time_cost=1, memory_cost_kib=1024, parallelism=1)
TSC, KM = "東都セミコンダクター株式会社", "関東マテリアル株式会社"

SEMICON_TEXT = (
    "10月6日の業界セミナー後、商務担当官を名乗る人物が佐藤に声をかけ、以後、六本木と銀座で"
    "計4回会食。費用はすべて相手持ち。4回目には『EUV露光のプロセスデータをUSBで少し"
    "見せてもらえないか、謝礼は用意する』と依頼された。佐藤は断り、上司に報告した。"
)
MATERIALS_TEXT = (
    "展示会の懇親会で声をかけてきた人物と、その後居酒屋で何度も食事をし、費用は毎回先方が"
    "払った。中村は職場の評価への不満を話し、相手は親身に聞いてくれたという。"
)
BENIGN_TEXT = "取引先から社内規程の範囲内の菓子折り。通常の商慣行。"


@dataclass
class World:
    guard: Guard
    users: dict[str, User]
    companies: dict[str, str]
    reports: dict[str, str] = field(default_factory=dict)
    approacher: str = ""


def approach(ref: str, company: str, sector: str, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "report_ref": ref,
        "company": company,
        "sector": sector,
        "employee_name": extra.pop("employee", "佐藤 健一"),
        "approach_type": extra.pop("approach_type", "dinner"),
        "description": text,
        "approach_date": extra.pop("date", "2026-10-06"),
        **extra,
    }


def ingest(
    engine: Engine, settings: Settings, channel: str, body: dict[str, Any], source: str
) -> str:
    raw = json.dumps(body, ensure_ascii=False)
    summary = ingest_batch(
        engine, settings, channel, [RawRow(1, 1, raw, body, None)], "t", default_source=source
    )
    assert summary.items[0].id, summary.items[0].problems
    return str(summary.items[0].id)


def link_approacher(connection: Connection, report_ids: list[str], label: str) -> str:
    """One person entity holding every approacher_* mention of ``report_ids``."""
    entity_id = new_id()
    connection.execute(
        insert(entities).values(
            id=entity_id, kind="person", label=label, created_at=NOW, updated_at=NOW
        )
    )
    rows = connection.execute(
        select(mentions.c.id, mentions.c.report_id).where(
            mentions.c.report_id.in_(report_ids), mentions.c.path.startswith("approacher_")
        )
    ).all()
    for mention_id, report_id in rows:
        connection.execute(
            insert(entity_members).values(
                mention_id=mention_id,
                entity_id=entity_id,
                report_id=report_id,
                match_weight=None,
                reasons=[],
                linked_at=NOW,
            )
        )
    return entity_id


def build(
    engine: Engine,
    settings: Settings,
    guard: Guard,
    *,
    second_company: bool = True,
    first_text: str = "semiconductor",
    one_entity: bool = True,
) -> World:
    with transaction(engine) as c:
        sync_desks(c)  # idempotent: a test may have made a compartment first
        for name, role, desk, org in (
            ("es-analyst", "analyst", "economic-security", None),
            ("es-lead", "desk_lead", "economic-security", None),
            ("ru-analyst", "analyst", "fa-russia", None),
            ("ru-lead", "desk_lead", "fa-russia", None),
            ("cn-analyst", "analyst", "fa-china", None),
            ("cn-lead", "desk_lead", "fa-china", None),
            ("partner-tsc", "partner_submitter", None, "company:tsc"),
            ("partner-km", "partner_submitter", None, "company:km"),
        ):
            create_user(
                c,
                name,
                role=role,
                desk=desk,
                organisation=org,
                password="correct horse battery",
                parameters=FAST,
            )
        tsc = create_company(
            c,
            CompanyIn(
                name=TSC,
                sector="semiconductor",
                technologies=["EUVリソグラフィ"],
                sites=[{"name": "本社", "address": "東京都港区芝浦1-1", "ward": "港区"}],
                contacts=[{"name": "山口 誠", "role": "情報セキュリティ室長"}],
                organisation="company:tsc",
            ),
            now=NOW - timedelta(days=300),
        )
        km = create_company(
            c,
            CompanyIn(
                name=KM,
                sector="materials",
                aliases=["関東マテリアル"],
                sites=[
                    {"name": "川崎工場", "address": "神奈川県川崎市川崎区1-2", "ward": "川崎市"}
                ],
                organisation="company:km",
            ),
            now=NOW - timedelta(days=300),
        )
        record_activity(
            c,
            tsc["id"],
            ActivityIn(
                kind="visit",
                held_at=NOW - timedelta(days=40),
                officers=["es-analyst"],
                attendees=["山口 誠"],
                topics="接近の手口（偶然を装った接触、会食、悩みの聴取）の説明",
                follow_up="個別相談の結果を共有",
                follow_up_due=NOW + timedelta(days=10),
            ),
            now=NOW - timedelta(days=40),
        )
        users = {
            u: get_user(c, u)
            for u in (
                "es-analyst",
                "es-lead",
                "ru-analyst",
                "ru-lead",
                "cn-analyst",
                "cn-lead",
                "partner-tsc",
                "partner-km",
            )
        }
    world = World(guard, users, {"tsc": tsc["id"], "km": km["id"]})
    halloran = {
        "approacher_affiliation": "在日エルダニア共和国大使館 商務部",
        "approacher_nationality": "エルダニア",
        "approacher_phone": "080-4455-9012",
    }
    world.reports["tsc"] = ingest(
        engine,
        settings,
        "company_approach",
        approach(
            "TSC-CI-2026-007",
            TSC,
            "semiconductor",
            SEMICON_TEXT if first_text == "semiconductor" else MATERIALS_TEXT,
            approacher_name="Viktor Halloran",
            approacher_email="v.halloran@eldania-embassy.example.com",
            **halloran,
        ),
        "company:tsc",
    )
    world.reports["benign"] = ingest(
        engine,
        settings,
        "company_approach",
        approach(
            "KM-2026-020",
            KM,
            "materials",
            BENIGN_TEXT,
            employee="藤田 恵",
            approach_type="gift",
            date="2026-10-20",
            approacher_affiliation="株式会社アオバ電子",
        ),
        "company:km",
    )
    ids = [world.reports["tsc"]]
    if second_company:
        world.reports["km"] = ingest(
            engine,
            settings,
            "company_approach",
            approach(
                "KM-2026-031",
                KM,
                "materials",
                MATERIALS_TEXT,
                employee="中村 直樹",
                date="2026-11-02",
                approacher_name="ヴィクトル・ハロラン",
                **halloran,
            ),
            "company:km",
        )
        ids.append(world.reports["km"])
    with transaction(engine) as c:
        if one_entity:
            world.approacher = link_approacher(c, ids, "Viktor Halloran")
        else:  # resolve kept the two spellings apart; only the phone number is shared
            # Entities made in the opposite order to their reports, so the smallest entity id
            # is not the spelling the store met first (the approacher's row must follow the
            # latter: entity ids are digests in the product).
            made = {i: link_approacher(c, [i], "Viktor Halloran") for i in reversed(ids)}
            world.approacher = made[ids[0]]
        read_reports(c, list(world.reports.values()), now=NOW)
    return world
