"""The demo's outreach: the economic-security desk's register and visits, and what the
pipeline's outreach stage made of the two companies' reports about one attaché.

Before the pipeline runs, the desk registers four companies (their names are the ones their
reports give, their partner organisations the reports' sources) and records its outreach:
a briefing visit to the semiconductor company in September, the individual consultation after
its report, each with a follow-up. The pipeline then reads every approach report; afterwards
the demo only reads back the approacher, the stages and the country desk's alert.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select

from kizashi.demo.clock import JST, PERIOD_END
from kizashi.demo.context import DemoContext
from kizashi.demo.partner_scopes import COMPANY_CHANNELS
from kizashi.guard.identity import create_user, sync_desks
from kizashi.insider.demo import password_of
from kizashi.intake import partner_scope
from kizashi.outreach import ActivityIn, CompanyIn
from kizashi.outreach.registry import complete_follow_up, create_company, record_activity
from kizashi.store import transaction
from kizashi.store.tables_outreach import approachers
from kizashi.store.tables_triage import alerts

__all__ = ["outreach_read_stage", "outreach_setup_stage"]

# name: (desk, role, organisation); the company's account reports approaches (PARTNER-6).
USERS = {
    "ogawa": ("economic-security", "desk_lead", None),
    "morozumi": ("fa-russia", "analyst", None),
    "tsc-security": (None, "partner_submitter", "company:tsc"),
}
COMPANIES: tuple[tuple[Any, ...], ...] = (
    ("東都セミコンダクター株式会社", "semiconductor", ["EUVリソグラフィ", "露光プロセス"],
     [{"name": "本社・研究所", "address": "東京都港区芝浦三丁目", "ward": "港区"}],
     [{"name": "山口 誠", "role": "情報セキュリティ室長"}], "company:tsc"),
    ("関東マテリアル株式会社", "materials", ["高純度フッ化水素", "フォトレジスト材料"],
     [{"name": "川崎工場", "address": "神奈川県川崎市川崎区", "ward": "川崎市"}],
     [{"name": "石井 聡", "role": "総務部長"}], "company:km"),
    ("みなとAIラボ株式会社", "ai", ["大規模言語モデル"],
     [{"name": "本社", "address": "東京都港区海岸", "ward": "港区"}], [], "company:mai"),
    ("城北テレコム株式会社", "telecom", ["光伝送"],
     [{"name": "本社", "address": "東京都北区王子", "ward": "北区"}], [], "company:jt"),
)  # fmt: skip
SEMICON = COMPANIES[0][0]


def outreach_setup_stage(context: DemoContext) -> None:
    """The desk's users, its register of companies and its outreach so far."""
    with transaction(context.engine) as connection:
        sync_desks(connection)
        for name, (desk, role, organisation) in USERS.items():
            scope = partner_scope(COMPANY_CHANNELS) if role == "partner_submitter" else None
            create_user(
                connection, name, role=role, desk=desk, organisation=organisation,
                password=password_of(name), display_name=name, channels=scope,
            )  # fmt: skip
        ids = {}
        for name, sector, technologies, sites, contacts, organisation in COMPANIES:
            data = CompanyIn(
                name=name, sector=sector, technologies=technologies, sites=sites,
                contacts=contacts, organisation=organisation,
            )  # fmt: skip
            ids[name] = create_company(connection, data, now=datetime(2026, 4, 1, tzinfo=JST))["id"]
        for company, kind, held, topics, follow_up, due in (
            (SEMICON, "briefing", datetime(2026, 9, 10, 14, tzinfo=JST),
             "技術流出防止の説明会：偶然を装った接触、会食、悩みの聴取、小さな依頼という接近の手口",
             "研究所の技術者向けに追加の説明会", datetime(2026, 10, 30, tzinfo=JST)),
            (SEMICON, "consultation", datetime(2026, 11, 2, 10, tzinfo=JST),
             "佐藤氏への個別相談：会食の経緯、USBでのデータ提供依頼、今後の連絡への対応",
             "佐藤氏に再接触があれば連絡・次回面談", datetime(2026, 11, 12, tzinfo=JST)),
            (COMPANIES[1][0], "visit", datetime(2026, 6, 3, 15, tzinfo=JST),
             "経済安全保障に関する挨拶訪問と相談窓口の案内", None, None),
        ):  # fmt: skip
            done = record_activity(
                connection, ids[company],
                ActivityIn(kind=kind, held_at=held, officers=["ogawa"], attendees=["山口 誠"]
                           if company == SEMICON else ["石井 聡"], topics=topics,
                           follow_up=follow_up, follow_up_due=due),
                now=held, user_id=None,
            )  # fmt: skip
            if kind == "briefing":  # the extra briefing was held on 10/28: done
                complete_follow_up(connection, done["id"], now=datetime(2026, 10, 28, tzinfo=JST))
    context.outreach["companies"] = ids


def outreach_read_stage(context: DemoContext) -> None:
    """Read back what the pipeline's outreach stage concluded; add the desk's passwords."""
    with context.engine.connect() as connection:
        rows = connection.execute(select(approachers)).all()
        found = []
        for row in rows:
            alert = connection.execute(
                select(alerts.c.id, alerts.c.desk_id, alerts.c.routing_rule).where(
                    alerts.c.entity_id == row.entity_id, alerts.c.status.in_(("new", "in_review"))
                )
            ).first()
            found.append(
                {
                    "entity_id": row.entity_id,
                    "names": list(row.names),
                    "companies": len(row.companies),
                    "furthest": row.furthest,
                    "level": row.level,
                    "fired": [f["rule"] for f in row.fired],
                    "alert_desk": alert.desk_id if alert else None,
                    "alert_rule": alert.routing_rule if alert else None,
                    "alert_id": alert.id if alert else None,
                }
            )
    context.outreach["approachers"] = found
    path = context.workspace.root / "users.json"
    users = json.loads(path.read_text("utf-8")) if path.exists() else {}
    users.update({name: password_of(name) for name in USERS})
    path.write_text(json.dumps(users, indent=2), "utf-8")
    context.outreach["as_of"] = PERIOD_END.isoformat()
