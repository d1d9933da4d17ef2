"""The demo's goal: through the live pipeline (detection, linkage, purchase rules, triage),
the lone offender ranks first, joins four kinds of signal, and every alert explains itself."""

from __future__ import annotations

from sqlalchemy import select

from kizashi.demo.context import DemoContext
from kizashi.store.tables_purchases import purchase_firings
from kizashi.store.tables_triage import alerts, risk_contributions


def test_the_planted_lone_offender_ranks_first(small_demo: DemoContext) -> None:
    context = small_demo
    offender = context.resolution["offender_entity"]
    assert context.triage["top"][0]["entity_id"] == offender, context.triage["top"][:3]
    with context.engine.connect() as connection:
        kinds = {
            row.kind
            for row in connection.execute(
                select(risk_contributions.c.kind).where(risk_contributions.c.entity_id == offender)
            )
        }
        rules = set(
            connection.execute(
                select(purchase_firings.c.rule_id).where(purchase_firings.c.entity_id == offender)
            ).scalars()
        )
        opened = list(connection.execute(select(alerts)))
    assert {"purchase_rule", "partner_report", "patrol_note", "text_signal"} <= kinds
    assert "combo-black-powder" in rules
    mine = [a for a in opened if a.entity_id == offender]
    assert len(mine) == 1 and mine[0].desk_id == "lone-offender"
    assert max(opened, key=lambda a: a.score).entity_id == offender
    for alert in opened:
        explanation = alert.explanation
        assert alert.summary and explanation["contributions"] and explanation["routing"]["why"]
        assert all(c["summary"] and c["weight"] > 0 for c in explanation["contributions"])
    desks = {a.explanation["entity"]["label"]: a.desk_id for a in opened}
    # The planted approacher's three spellings stay three entities in resolve; outreach reads
    # them as one approacher (same mobile) and raises its finding on the spelling first seen,
    # Viktor Halloran, every run: a Russian national reaching payment goes to the Russia desk.
    assert desks["Viktor Halloran"] == "fa-russia"
