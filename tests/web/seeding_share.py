"""Sharing seeded on top of the web's world (tests/web/seeding.py): a lead of the
lone-offender desk (the approver), an advisory its analyst drafted and submitted for the
Otsuka partners, and a request to an SNS operator about the desk's alert."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard import Guard, open_audit_log
from kizashi.guard.identity import create_user, get_user
from kizashi.share import ShareService, draft_and_submit, draft_request, open_share, release
from kizashi.store import transaction
from tests.web.seeding import FAST, PASSWORD, Seeded

APPROVER = "lead-lo"  # desk lead of the lone-offender desk
AUTHOR = "analyst"  # the lone-offender analyst of the web's world
PURPOSE = "注意喚起の提供（豊島区の車庫事案）"
TITLE = "貸車庫での不審な金属加工音と火薬臭について"
BODY = """事件番号 LO-2026-031 に関連し、東京都豊島区南大塚三丁目18番2号の貸車庫で、
借主の山田 太郎（34歳）が夜間に金属を加工する音と火薬のようなにおいが確認されました。
連絡先 090-1234-5678。通報者：佐藤 花子（管理会社）。
{{不審な|怪しい}}音やにおいに{{気づいたら|気付いたら}}、{{直ちに|すぐに}}110番通報をお願いします。
"""


RELEASED_TITLE = "指定原料（硝酸カリウム等）の販売に関するお願い"
RELEASED_BODY = """{{硝酸カリウム|硝酸カリ}}や{{アルミニウム粉末|アルミ粉}}をまとめて購入する客がいた場合、
{{購入者の様子|購入時の様子}}を記録し、最寄りの警察署へ{{ご連絡ください|お知らせください}}。
"""


@dataclass
class SharedWorld:
    product_id: str
    request_id: str
    released_id: str | None = None


def seed_share(
    engine: Engine, settings: Settings, seeded: Seeded, now: datetime, *, released: bool = False
) -> SharedWorld:
    """The submitted advisory and the drafted request; with `released`, also a bulletin the
    lead approved and released to the Otsuka partners (their inbox is not empty)."""
    with transaction(engine) as connection:
        create_user(
            connection,
            APPROVER,
            role="desk_lead",
            desk="lone-offender",
            password=PASSWORD,
            parameters=FAST,
            display_name=APPROVER,
        )
        author = get_user(connection, AUTHOR)
    clock = FixedClock(now)
    guard = Guard(engine, open_audit_log(settings, engine, clock=clock), clock=clock)
    service: ShareService = open_share(settings, engine, guard=guard, clock=clock)
    product = draft_and_submit(
        service,
        author,
        kind="advisory",
        title=TITLE,
        body=BODY,
        handling_code="TLP:GREEN",
        recipients=["partner:otsuka-housing"],
        purpose=PURPOSE,
    )
    request = draft_request(
        service,
        author,
        alert_id=seeded.main_alert,
        platform="sns-operator-a",
        legal_basis="刑事訴訟法第197条第2項",
        body="投稿者の登録情報の開示を求めます。",
        identifiers={"account": "@yamada_t0"},
        purpose=PURPOSE,
    )
    world = SharedWorld(product["id"], request["id"])
    if released:
        with engine.connect() as connection:
            lead = get_user(connection, APPROVER)
        bulletin = draft_and_submit(
            service,
            author,
            kind="bulletin",
            title=RELEASED_TITLE,
            body=RELEASED_BODY,
            handling_code="TLP:GREEN",
            recipients=["partner:otsuka-housing"],
            purpose=PURPOSE,
        )
        service.approve(lead, bulletin["id"], "テアラインを確認した", PURPOSE)
        release(service, author, bulletin["id"], PURPOSE)
        world.released_id = bulletin["id"]
    return world
