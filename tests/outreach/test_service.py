"""Outreach on a real store (SQLite and PostgreSQL): two companies, one approacher, an alert
for the country desk, the company's page, deconfliction, coverage and briefing statistics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, insert, select

from kizashi.config import Settings
from kizashi.errors import ForbiddenError, NotFoundError
from kizashi.guard import Guard
from kizashi.guard.identity import add_item, create_compartment, label_material, subject_key
from kizashi.guard.policy import list_notices
from kizashi.outreach import (
    ActivityIn,
    approacher_view,
    briefing_statistics,
    company_view,
    complete_follow_up,
    coverage,
    list_approachers,
    list_companies,
    log_activity,
    read_reports,
)
from kizashi.store import transaction
from kizashi.store.tables import mentions
from kizashi.store.tables_resolve import entity_members
from kizashi.store.tables_triage import alerts, risk_contributions
from tests.outreach.world import NOW, PURPOSE, World, build, ingest


def _open_alert(engine: Engine, entity_id: str) -> dict[str, object]:
    with engine.connect() as connection:
        row = connection.execute(select(alerts).where(alerts.c.entity_id == entity_id)).one()
    return dict(row._mapping)


def test_one_approacher_at_two_companies_alerts_the_country_desk(
    world: World, engine: Engine
) -> None:
    es = world.users["es-analyst"]
    [found] = list_approachers(world.guard, es, PURPOSE)
    assert found["entity_id"] == world.approacher
    assert sorted(found["names"]) == ["Viktor Halloran", "ヴィクトル・ハロラン"]
    assert len(found["companies"]) == 2 and found["countries"] == ["ELD"]
    assert "ESC-TWO-COMPANIES" in {f["rule"] for f in found["fired"]}
    alert = _open_alert(engine, world.approacher)
    assert (alert["desk_id"], alert["routing_rule"]) == ("fa-russia", "route-approacher-russia")
    assert found["shared_with"] == ["fa-russia"]
    with engine.connect() as connection:
        kinds = set(
            connection.execute(
                select(risk_contributions.c.kind).where(
                    risk_contributions.c.entity_id == world.approacher
                )
            ).scalars()
        )
    assert kinds == {"company_approach", "finding"}


def test_the_desk_sees_both_reports_in_stages_on_the_approacher_timeline(world: World) -> None:
    view = approacher_view(world.guard, world.users["es-analyst"], PURPOSE, world.approacher)
    furthest = [r["furthest"] for r in view["timeline"]]
    assert furthest == ["payment", "grievances"]  # in the order the approaches happened
    assert {r["company_name"] for r in view["timeline"]} == {
        "東都セミコンダクター株式会社",
        "関東マテリアル株式会社",
    }
    reached = {s["id"] for s in view["stages"] if s["reached"]}
    assert {"cultivation", "grievances", "payment"} <= reached
    for reading in view["timeline"]:
        for hit in reading["evidence"]:
            assert reading["text"][hit["start"] : hit["end"]] == hit["text"]


def test_the_country_desk_sees_the_approacher_but_not_the_companies_reports(world: World) -> None:
    ru = world.users["ru-analyst"]
    view = approacher_view(world.guard, ru, PURPOSE, world.approacher)
    assert view["timeline"] == [] and view["withheld"] == 2
    with pytest.raises(NotFoundError):
        company_view(world.guard, ru, PURPOSE, world.companies["tsc"])
    with pytest.raises(NotFoundError):  # another country desk: DESK-2, concealed
        approacher_view(world.guard, world.users["cn-analyst"], PURPOSE, world.approacher)


def test_the_company_page_has_its_history_its_next_follow_up_and_its_approachers(
    world: World,
) -> None:
    es = world.users["es-analyst"]
    page = company_view(world.guard, es, PURPOSE, world.companies["tsc"])
    assert [a["kind"] for a in page["activities"]] == ["visit"]
    assert page["next_follow_up"]["follow_up"] == "個別相談の結果を共有"
    assert [r["furthest"] for r in page["readings"]] == ["payment"]
    assert [a["entity_id"] for a in page["approachers"]] == [world.approacher]
    done = complete_follow_up(world.guard, es, PURPOSE, page["activities"][0]["id"])
    assert done["follow_up_done_at"] == NOW
    page = company_view(world.guard, es, PURPOSE, world.companies["tsc"])
    assert page["next_follow_up"] is None


def test_a_partner_reads_its_own_company_and_nothing_else(world: World) -> None:
    partner = world.users["partner-tsc"]
    page = company_view(world.guard, partner, PURPOSE, world.companies["tsc"])
    assert len(page["readings"]) == 1 and page["approachers"] == []
    assert [c["name"] for c in list_companies(world.guard, partner, PURPOSE)] == [
        "東都セミコンダクター株式会社"
    ]
    with pytest.raises(NotFoundError):
        company_view(world.guard, partner, PURPOSE, world.companies["km"])
    with pytest.raises(NotFoundError):
        log_activity(
            world.guard, partner, PURPOSE, world.companies["tsc"],
            ActivityIn(kind="visit", held_at=NOW, topics="x"),
        )  # fmt: skip


def test_a_subject_held_by_another_desk_is_deconflicted(
    engine: Engine, settings: Settings, guard: Guard
) -> None:
    with transaction(engine) as connection:
        from kizashi.guard.identity import sync_desks

        sync_desks(connection)
        create_compartment(
            connection, "HERON", desk="fa-china",
            valid_from=NOW - timedelta(days=30), valid_until=NOW + timedelta(days=30),
        )  # fmt: skip
        add_item(connection, "HERON", "subject", subject_key("phone", "080-4455-9012"))
    world = build(engine, settings, guard)
    alert = _open_alert(engine, world.approacher)
    assert alert["desk_id"] == "fa-russia"
    assert str(alert["summary"]).startswith("held by another desk — contact them")
    with pytest.raises(ForbiddenError, match="held by another desk"):
        approacher_view(world.guard, world.users["ru-analyst"], PURPOSE, world.approacher)
    with engine.connect() as connection:
        notices = list_notices(connection, world.users["cn-lead"])
    assert [(n.compartment_name, n.searcher_name) for n in notices] == [("HERON", "ru-analyst")]


def test_one_company_below_payment_stays_without_an_alert(
    engine: Engine, settings: Settings, guard: Guard
) -> None:
    world = build(engine, settings, guard, second_company=False, first_text="materials")
    [found] = list_approachers(world.guard, world.users["es-analyst"], PURPOSE)
    assert found["level"] is None and found["finding_id"] is None
    assert found["shared_with"] == []


def test_reading_again_changes_nothing(world: World, engine: Engine) -> None:
    before = list_approachers(world.guard, world.users["es-analyst"], PURPOSE)
    with transaction(engine) as connection:
        again = read_reports(connection, list(world.reports.values()), now=NOW)
    assert again.read == 3 and again.findings == 1
    after = list_approachers(world.guard, world.users["es-analyst"], PURPOSE)
    assert [a["fired"] for a in after] == [a["fired"] for a in before]
    with engine.connect() as connection:
        assert len(connection.execute(select(alerts)).all()) == 1


def test_coverage_names_what_was_not_visited_and_who_went_quiet(world: World) -> None:
    report = coverage(world.guard, world.users["es-analyst"], PURPOSE)
    assert report["sectors_not_visited"] == ["materials"]
    assert report["wards_not_visited"] == ["川崎市"]
    assert "quantum" in report["sectors_without_companies"]
    assert report["quiet_companies"] == []
    later = coverage(world.guard, world.users["es-analyst"], PURPOSE, days=30)
    assert later["sectors_not_visited"] == ["materials", "semiconductor"]


def test_briefing_statistics_are_suppressed_and_exported_by_the_lead_only(world: World) -> None:
    lead, analyst = world.users["es-lead"], world.users["es-analyst"]
    stats = briefing_statistics(world.guard, lead, PURPOSE, export=True)
    assert stats["total"] == 3 and stats["rule"] == "BRIEF-1"
    # one report each at payment and grievances, one benign: every cell is under 3
    assert stats["by_stage"]["payment"] == "<3" and stats["by_stage"]["chance_contact"] == 0
    assert set(stats["by_sector"].values()) == {"<3"}
    text = str(stats)
    assert "Halloran" not in text and "東都" not in text and "佐藤" not in text
    assert briefing_statistics(world.guard, analyst, PURPOSE)["total"] == 3
    with pytest.raises(ForbiddenError, match="BRIEF-2"):
        briefing_statistics(world.guard, analyst, PURPOSE, export=True)
    with pytest.raises(ForbiddenError, match="BRIEF-2"):
        briefing_statistics(world.guard, world.users["ru-lead"], PURPOSE)


def test_two_entities_with_the_same_phone_are_one_approacher_and_say_why(
    engine: Engine, settings: Settings, guard: Guard
) -> None:
    world = build(engine, settings, guard, one_entity=False)
    [found] = list_approachers(world.guard, world.users["es-analyst"], PURPOSE)
    assert len(found["entities"]) == 2 and len(found["companies"]) == 2
    assert [(link["by"], link["key"]) for link in found["links"]] == [("phone", "08044559012")]
    assert "ESC-TWO-COMPANIES" in {f["rule"] for f in found["fired"]}
    assert found["entity_id"] == world.approacher  # the spelling met first, not the smallest id
    assert _open_alert(engine, found["entity_id"])["desk_id"] == "fa-russia"
    es = world.users["es-analyst"]
    for company in ("tsc", "km"):  # each company's page shows him, whichever spelling it had
        page = company_view(world.guard, es, PURPOSE, world.companies[company])
        assert [a["entity_id"] for a in page["approachers"]] == [world.approacher]


def test_an_approacher_a_country_desk_already_holds_alerts_that_desk(
    engine: Engine, settings: Settings, guard: Guard
) -> None:
    """ESC-KNOWN on the store: a Russia-desk patrol note about a man with the approacher's
    phone, linked by resolve to the same person, makes one company's report an alert."""
    world = build(engine, settings, guard, second_company=False, first_text="materials")
    [before] = list_approachers(world.guard, world.users["es-analyst"], PURPOSE)
    assert before["level"] is None  # grievances at one company: nothing to escalate yet
    note = ingest(
        engine,
        settings,
        "patrol_note",
        {
            "note_ref": "RU-2026-044",
            "officer_id": "ru-analyst",
            "unit": "外事第一課",
            "note_type": "interview",
            "text": "大使館員と名乗る男性と面談。携帯番号を控えた。",
            "observed_at": "2026-09-12T14:00:00+09:00",
            "persons": [{"name": "ハロラン", "phone": "080-4455-9012"}],
        },
        "mpd-gaiji",
    )
    with transaction(engine) as connection:
        label_material(connection, "report", note, desk="fa-russia")
        # resolve linked the note's person and phone to the approacher (as its linker does)
        for mention_id in connection.execute(
            select(mentions.c.id).where(mentions.c.report_id == note)
        ).scalars():
            connection.execute(
                insert(entity_members).values(
                    mention_id=mention_id, entity_id=world.approacher, report_id=note,
                    match_weight=None, reasons=[], linked_at=NOW,
                )
            )  # fmt: skip
        read_reports(connection, [world.reports["tsc"]], now=NOW)
    [found] = list_approachers(world.guard, world.users["es-analyst"], PURPOSE)
    assert found["level"] == "alert" and found["known_to"] == ["fa-russia"]
    assert [f["rule"] for f in found["fired"]] == ["ESC-KNOWN"]
    assert _open_alert(engine, world.approacher)["desk_id"] == "fa-russia"


def test_the_desk_dashboard_fills_quiet_months_and_is_its_desks_only(world: World) -> None:
    from zoneinfo import ZoneInfo

    from kizashi.outreach import desk_dashboard
    from kizashi.outreach.reports import _months

    assert _months(["2026-11", "2027-02"]) == ["2026-11", "2026-12", "2027-01", "2027-02"]
    assert _months([]) == []
    tokyo = ZoneInfo("Asia/Tokyo")
    view = desk_dashboard(
        world.guard, world.users["es-lead"], PURPOSE, "economic-security", tz=tokyo
    )
    assert view["months"] == ["2026-10", "2026-11"] and view["approaches"] == 2
    assert view["by_stage"] == {"grievances": [0, 1], "payment": [1, 0]}
    with pytest.raises(ForbiddenError, match="BRIEF-2"):
        desk_dashboard(world.guard, world.users["es-lead"], PURPOSE, "fa-russia", tz=tokyo)
    with pytest.raises(NotFoundError):
        desk_dashboard(world.guard, world.users["es-lead"], PURPOSE, "no-such-desk", tz=tokyo)


def test_a_backfill_as_of_a_day_scores_the_alert_at_that_day_whatever_the_clock(
    world: World, engine: Engine
) -> None:
    """Before: the outreach stage re-scored at the wall clock while triage used ``as_of``,
    so a demo built through the worker had its country-desk alert decayed by the days
    between the demo's period and the day it was built."""
    scored = float(_open_alert(engine, world.approacher)["score"])  # type: ignore[arg-type]
    later = NOW + timedelta(days=60)
    with transaction(engine) as connection:
        read_reports(connection, list(world.reports.values()), now=later, as_of=NOW)
    assert float(_open_alert(engine, world.approacher)["score"]) == pytest.approx(scored)  # type: ignore[arg-type]
    with transaction(engine) as connection:
        read_reports(connection, list(world.reports.values()), now=later)
    decayed = float(_open_alert(engine, world.approacher)["score"])  # type: ignore[arg-type]
    assert decayed < scored  # the same reading at the clock: the stage must be given as_of


def test_a_report_routed_by_nationality_shows_on_the_reporting_companys_timeline(
    world: World, engine: Engine, settings: Settings, guard: Guard
) -> None:
    """Before: an approach report routed to the approacher's country desk by nationality
    (ROUTE-ECON-RU) was withheld from the timeline of the company that reported it, at the
    company's own outreach desk (DESK-2). The company's desk has need-to-know of its
    companies' reports (DESK-4, logged with the reason); other desks and partners do not."""
    from kizashi.outreach.approachers import read_reports
    from kizashi.store.tables import audit_entries, material_labels
    from tests.outreach.world import TSC, approach

    routed = ingest(
        engine,
        settings,
        "company_approach",
        approach(
            "TSC-CI-2026-011",
            TSC,
            "semiconductor",
            "展示会で名刺交換した男性から食事に誘われ、会食の席で研究内容について質問された。",
            date="2026-10-25",
            approacher_name="Ivan Petrov",
            approacher_nationality="ロシア",
        ),
        "company:tsc",
    )
    with transaction(engine) as connection:
        read_reports(connection, [routed], now=NOW)
        desk = connection.execute(
            select(material_labels.c.desk_id).where(material_labels.c.resource_id == routed)
        ).scalar()
    assert desk == "fa-russia"  # routed by the approacher's nationality
    es = world.users["es-analyst"]
    page = company_view(world.guard, es, PURPOSE, world.companies["tsc"])
    assert routed in {r["report_id"] for r in page["readings"]}
    assert page["withheld"] == 0
    with engine.connect() as connection:
        entry = connection.execute(
            select(audit_entries.c.effect, audit_entries.c.leaf)
            .where(
                audit_entries.c.actor == es.id,
                audit_entries.c.resource_type == "report",
                audit_entries.c.resource_id == routed,
            )
            .order_by(audit_entries.c.seq.desc())
        ).first()
    assert entry is not None and entry.effect == "allow" and "DESK-4" in entry.leaf
    # Another desk, and the partner: refused as before.
    with pytest.raises(NotFoundError):
        company_view(world.guard, world.users["cn-analyst"], PURPOSE, world.companies["tsc"])
    with pytest.raises(NotFoundError):  # another company's partner
        company_view(world.guard, world.users["partner-km"], PURPOSE, world.companies["tsc"])
    resource = guard.load_reports([routed])[0]
    for name in ("cn-analyst", "partner-km"):
        assert not guard.decide(world.users[name], "read", resource, PURPOSE).allowed
    # The reporting company's own partner account reads its submission as before (PARTNER-2).
    assert guard.decide(world.users["partner-tsc"], "read", resource, PURPOSE).rule == "PARTNER-2"
    # DESK-4's reach: every read of the report (its page, search, the approacher's entity
    # page, lists), not export; and only the company's report: a country desk's own note
    # about the same approacher stays that desk's (DESK-2).
    for action in ("read", "search", "list", "count"):
        assert guard.decide(es, action, resource, PURPOSE).rule == "DESK-4", action
    exported = guard.decide(es, "export", resource, PURPOSE)
    assert not exported.allowed and exported.rule == "DESK-2"
    note = ingest(
        engine,
        settings,
        "patrol_note",
        {
            "note_ref": "RU-2026-045",
            "officer_id": "ru-analyst",
            "unit": "外事第一課",
            "note_type": "interview",
            "text": "Ivan Petrov と名乗る男性と面談。",
            "observed_at": "2026-10-26T14:00:00+09:00",
            "persons": [{"name": "Ivan Petrov"}],
        },
        "mpd-gaiji",
    )
    with transaction(engine) as connection:
        label_material(connection, "report", note, desk="fa-russia")
    [other] = guard.load_reports([note])
    for action in ("read", "search", "list"):
        assert guard.decide(es, action, other, PURPOSE).rule == "DESK-2", action
    # The country desk it was routed to still reads it (DESK-1).
    decided = guard.decide(
        world.users["ru-analyst"], "read", guard.load_reports([routed])[0], PURPOSE
    )
    assert decided.allowed and decided.rule == "DESK-1"
