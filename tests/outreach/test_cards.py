"""Business cards: an approach report carries the card's fields through intake's schema; its
names, phone, e-mail and address become mentions that resolve links to the approacher (never
to the approached employee); the company page and the approacher's timeline show the card
(SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine, select

from kizashi.config import Settings
from kizashi.intake.models import channel_model
from kizashi.outreach import approacher_view, company_view, list_approachers, read_reports
from kizashi.resolve import link_reports
from kizashi.store import transaction
from kizashi.store.tables import mentions
from kizashi.store.tables_resolve import entity_members
from tests.outreach.world import NOW, PURPOSE, TSC, World, approach, ingest

CARD = {
    "name": "王伟",
    "name_kana": "ワン・ウェイ",
    "name_romaji": "Wang Wei",
    "name_chinese": "王伟",
    "position": "一等書記官（科学技術担当）",
    "organisation": "中華人民共和国駐日本国大使館 科技処",
    "phone": "03-5555-0188",
    "email": "wang.wei@embassy-cn.example.org",
    "address": "東京都港区元麻布3-4-33",
}
TEXT = (
    "学会の懇親会で声をかけてきた人物から名刺を受け取った。その後、毎月のように食事に誘われ、"
    "費用は毎回先方が払った。"
)


def _card_report(engine: Engine, settings: Settings) -> str:
    body = approach(
        "TSC-CI-2026-011",
        TSC,
        "semiconductor",
        TEXT,
        employee="高橋 美咲",
        date="2026-11-10",
        approacher_name="王伟",
        approacher_card=CARD,
    )
    return ingest(engine, settings, "company_approach", body, "company:tsc")


def test_the_schema_carries_a_card_and_refuses_an_unknown_card_field() -> None:
    model = channel_model("company_approach")
    body = approach("R-1", TSC, "semiconductor", TEXT, approacher_card=CARD)
    assert (
        model.model_validate(body).model_dump()["approacher_card"]["position"] == CARD["position"]
    )
    with pytest.raises(ValidationError, match="approacher_card"):
        model.model_validate(
            approach("R-2", TSC, "semiconductor", TEXT, approacher_card={"position": "x" * 201})
        )


def test_the_card_becomes_mentions_that_resolve_links_to_the_approacher(
    world: World, engine: Engine, settings: Settings
) -> None:
    report_id = _card_report(engine, settings)
    with engine.connect() as connection:
        found = {
            (str(m.kind), str(m.path)): str(m.value)
            for m in connection.execute(
                select(mentions.c.kind, mentions.c.path, mentions.c.value).where(
                    mentions.c.report_id == report_id
                )
            )
        }
    assert found[("person", "approacher_card.name_kana")] == "ワン・ウェイ"
    assert found[("person", "approacher_card.name_romaji")] == "Wang Wei"
    assert found[("organisation", "approacher_card.organisation")] == CARD["organisation"]
    assert found[("phone", "approacher_card.phone")] == CARD["phone"]
    assert found[("email", "approacher_card.email")] == CARD["email"]
    assert found[("address", "approacher_card.address")] == CARD["address"]
    with transaction(engine) as connection:
        link_reports(connection, [report_id], now=NOW)
        read_reports(connection, [report_id], now=NOW)
    with engine.connect() as connection:
        members = connection.execute(
            select(entity_members.c.entity_id, mentions.c.path)
            .join(mentions, mentions.c.id == entity_members.c.mention_id)
            .where(mentions.c.report_id == report_id)
        ).all()
    entity_of = {str(path): str(entity) for entity, path in members}
    person = [p for p in entity_of if p.startswith("approacher_card.") and "organisation" not in p]
    assert len(person) == 7  # names in four scripts, phone, e-mail, address
    assert {entity_of[p] for p in person} == {entity_of["approacher_name"]}
    # the claimed organisation is an organisation of its own, not the person
    assert entity_of["approacher_card.organisation"] != entity_of["approacher_name"]
    assert entity_of["employee_name"] != entity_of["approacher_name"]
    es = world.users["es-analyst"]
    [wang] = [a for a in list_approachers(world.guard, es, PURPOSE) if "王伟" in a["names"]]
    assert {"ワン・ウェイ", "Wang Wei"} <= set(wang["names"])
    assert CARD["organisation"] in wang["organisations"] and wang["countries"] == ["CN"]
    assert {"kind": "email", "value": CARD["email"]} in wang["identifiers"]
    view = approacher_view(world.guard, es, PURPOSE, wang["entity_id"])
    assert view["cards"] == [CARD]
    page = company_view(world.guard, es, PURPOSE, world.companies["tsc"])
    [reading] = [r for r in page["readings"] if r["report_id"] == report_id]
    assert reading["card"] == CARD
    assert all(r["card"] is None for r in page["readings"] if r["report_id"] != report_id)
