"""The demo through the real pipeline, at a small scale."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kizashi.config import load_settings
from kizashi.demo.context import DemoContext
from kizashi.demo.credentials import demo_passwords
from kizashi.demo.run import run_demo
from kizashi.errors import ConfigError
from kizashi.insider.demo import password_of
from kizashi.store import reports
from kizashi.store.tables import users
from tests.conftest import frozen_now
from tests.shared_demo import LEFT_OVER, STALE_TABLE, DemoRun, copy_workspace


def test_the_demo_stores_every_planted_record_and_quarantines_nothing(
    small_demo: DemoContext, tmp_path: Path
) -> None:
    context = small_demo
    assert sum(s.quarantined for s in context.summaries) == 0
    assert {c["id"] for c in context.cases} >= {
        "lone-offender-yamada",
        "coded-threats-rally",
        "yami-baito-recruitment",
        "shell-casing-listings",
        "espionage-approach-semicon",
        "raid-leak-seized-chat",
    }
    assert all(c["stored"] == c["records"] > 0 for c in context.cases)
    with context.engine.connect() as connection:
        by_channel = select(reports.c.channel, func.count()).group_by(reports.c.channel)
        stored = {str(c): int(n) for c, n in connection.execute(by_channel)}
    # every planted record, and the one answer the SNS operator gave (the share stage)
    assert stored.pop("platform_answer") == 1
    assert sum(stored.values()) == sum(len(rows) for rows in context.scenario.records.values())
    assert (context.workspace.root / "tokens.json").exists()
    detection = context.detection
    for case_id in ("coded-threats-rally", "yami-baito-recruitment", "shell-casing-listings"):
        assert detection["found"][case_id] == detection["planted"][case_id] > 0, case_id
    # The insider stage: one alert, on the insider, that explains itself; nobody else.
    insider = context.insider
    [alert] = insider.alerts
    assert (alert["user"], alert["day"]) == ("kuroda", "2026-10-21")
    assert {hit["rule_id"] for hit in alert["rules"]} >= {"NTK-RAID-72H", "NTK-SURV-EXPORT"}
    assert alert["lane"] == "queue"  # every attempt was refused: evidence, not a breach
    assert "imminent_target_lookups" in alert["explanation"] or "off_shift" in alert["explanation"]
    assert (context.workspace.root / "users.json").exists()
    # Every demo user can sign in with what users.json holds, the oversight officer among them.
    signed_in = json.loads((context.workspace.root / "users.json").read_text("utf-8"))
    assert signed_in["takeda"] == password_of("takeda") and "ishida" in signed_in
    with context.engine.connect() as connection:
        role = connection.execute(select(users.c.role).where(users.c.name == "takeda"))
        assert role.scalar_one() == "oversight_officer"
    assert set(signed_in) <= set(demo_passwords())  # doctor refuses each of them
    # The share stage: an advisory released after a second person's approval, with none of
    # the seeded personal data in what left, and a leaked copy that names its recipient; a
    # request to the SNS operator answered, the warning recorded, the turnaround measured.
    share = context.share
    assert share["status"] == "released" and share["left_in_tearline"] == []
    assert {"p-otsuka-housing", "p-toshima-takken"} <= set(share["copies"])
    assert share["leak_named"] == "p-toshima-takken"
    assert share["request_status"] == "closed"
    assert share["platforms"] == [
        {
            "platform": "sns-operator-a",
            "answered": 1,
            "waiting": 0,
            "median_hours": 4.5,
            "slowest_hours": 4.5,
        }
    ]

    _the_attache_is_one_approacher_at_two_companies_with_an_alert_for_the_country_desk(context)
    # On a copy of the shared store: the working session confirms the queue's top alert, which
    # the browser journeys, served from a copy of `small_demo` taken later, expect still open.
    copied = _a_copy(context, tmp_path / "demo")
    try:
        _the_insider_stays_the_only_alert_after_the_whole_demo_and_a_working_session(copied)
    finally:
        copied.engine.dispose()


def _a_copy(context: DemoContext, target: Path) -> DemoContext:
    """`context` over a copy of its workspace at `target` (its files and its SQLite store)."""
    from dataclasses import replace

    from kizashi.demo.workspace import Workspace
    from kizashi.store import make_engine

    copy_workspace(context.workspace.root, target)
    settings = context.settings.model_copy(update={"data_dir": target})
    return replace(
        context, settings=settings, workspace=Workspace(target), engine=make_engine(settings)
    )


def _the_attache_is_one_approacher_at_two_companies_with_an_alert_for_the_country_desk(
    context: DemoContext,
) -> None:
    from kizashi.guard import Guard, open_audit_log
    from kizashi.guard.identity import get_user
    from kizashi.outreach import approacher_view, company_view

    [found] = [a for a in context.outreach["approachers"] if a["level"] == "alert"]
    assert sorted(found["names"]) == ["Victor Haloran", "Viktor Halloran", "ヴィクトル・ハロラン"]
    assert found["companies"] == 2 and "ESC-TWO-COMPANIES" in found["fired"]
    assert (found["alert_desk"], found["alert_rule"]) == ("fa-russia", "route-approacher-russia")
    guard = Guard(context.engine, open_audit_log(context.settings, context.engine))
    with context.engine.connect() as connection:
        lead = get_user(connection, "ogawa")
    purpose = "経済安全保障 接近事案の確認 (demo)"
    view = approacher_view(guard, lead, purpose, found["entity_id"])
    stages = {r["company_name"]: set(r["stages"]) for r in view["timeline"]}
    assert {"cultivation", "grievances"} <= stages["関東マテリアル株式会社"]
    assert "cultivation" in stages["東都セミコンダクター株式会社"]
    page = company_view(
        guard, lead, purpose, context.outreach["companies"]["東都セミコンダクター株式会社"]
    )
    assert [a["kind"] for a in page["activities"]] == ["consultation", "briefing"]
    assert page["next_follow_up"]["follow_up"] == "佐藤氏に再接触があれば連絡・次回面談"


def test_the_demo_rebuilds_its_own_workspace_but_no_other_directory(
    tmp_path: Path, demo_run: DemoRun
) -> None:
    # The shared demo was built over an earlier demo's workspace (tests/shared_demo.py): its
    # marker, a file of its own and a store with a table no migration makes.
    settings = load_settings(data_dir=tmp_path)
    built = demo_run.settings.data_dir  # rebuilt from scratch
    assert not (built / LEFT_OVER).exists()
    assert (built / ".kizashi-demo").exists()
    store = sqlite3.connect(built / "kizashi.db")
    try:
        tables = {row[0] for row in store.execute("SELECT name FROM sqlite_master")}
    finally:
        store.close()
    assert STALE_TABLE not in tables and "reports" in tables
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", "utf-8")
    with pytest.raises(ConfigError, match="not a kizashi demo workspace"):
        run_demo(settings, precious, seed=7, scale=0.01, built_at=frozen_now())
    assert (precious / "notes.txt").read_text("utf-8") == "keep me"


def _the_insider_stays_the_only_alert_after_the_whole_demo_and_a_working_session(
    context: DemoContext,
) -> None:
    """Insider analytics run again after every stage (trace, share: the command centre's
    Saturday advisory), then after the README user's working session in the web UI (queue,
    top alert, its entity page, confirm, one search) on the Monday after: still only kuroda."""
    import re
    from datetime import datetime, timedelta

    from fastapi.testclient import TestClient
    from sqlalchemy import text

    from kizashi.api import create_app
    from kizashi.clock import FixedClock
    from kizashi.guard import Guard, open_audit_log
    from kizashi.insider.demo import ANALYTICS_RUN
    from kizashi.insider.events import JST
    from kizashi.insider.service import run_insiders
    from tests.web.conftest import csrf_of

    def alerted(now: datetime) -> list[tuple[str, str]]:
        clock = FixedClock(now)
        guard = Guard(
            context.engine,
            open_audit_log(context.settings, context.engine, clock=clock),
            clock=clock,
        )
        run_insiders(guard, actor=ANALYTICS_RUN, now=now, days=60)
        query = text("select u.name, a.day from insider_alerts a join users u on u.id = a.user_id")
        with context.engine.connect() as connection:
            return sorted((str(n), str(d)) for n, d in connection.execute(query))

    monday = datetime(2026, 11, 2, 14, 0, tzinfo=JST)
    assert alerted(monday) == [("kuroda", "2026-10-21")]
    app = create_app(context.settings, engine=context.engine, clock=FixedClock(monday))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        form = client.get("/ui/login")
        signed = client.post(
            "/ui/login",
            data={
                "name": "matsumoto",
                "password": context.insider.users["matsumoto"]["password"],
                "csrf": csrf_of(form.text),
                "next": "/ui/",
            },
            follow_redirects=False,
        )
        assert signed.status_code == 303
        queue = client.get("/ui/alerts")
        top = re.findall(r'href="/ui/alerts/([0-9a-f-]{36})', queue.text)[0]
        page = client.get(f"/ui/alerts/{top}")
        entity = re.findall(r'href="/ui/entities/([0-9a-f-]{36})', page.text)[0]
        assert client.get(f"/ui/entities/{entity}").status_code == 200
        review = client.post(
            f"/ui/alerts/{top}/review",
            data={
                "decision": "confirmed",
                "reason": "購入・通報・投稿が同一人物",
                "csrf": csrf_of(page.text),
            },
            follow_redirects=False,
        )
        assert review.status_code == 303
        assert client.get("/ui/search", params={"q": "山田太郎"}).status_code == 200
    assert alerted(monday + timedelta(days=1)) == [("kuroda", "2026-10-21")]


def test_every_partner_account_of_the_demo_is_scoped_to_its_own_channels(
    small_demo: DemoContext,
) -> None:
    """Least privilege (PARTNER-6): the real-estate associations report and pass on tips,
    the company reports approaches; none of them posts purchases or SNS posts. The API's
    demo token is scoped too, to the SNS posts the docs post with it besides."""
    from kizashi.guard import decide
    from kizashi.guard.identity import list_users
    from kizashi.intake import get_channel, new_report

    with small_demo.engine.connect() as connection:
        partners = {u.name: u for u in list_users(connection) if u.is_partner}
    estate = ("partner_report", "public_tip")
    assert {name: user.channels for name, user in partners.items()} == {
        # The API's token: the association's channels and the SNS posts the docs post.
        "demo-partner": ("partner_report", "public_tip", "sns_post"),
        "p-otsuka-housing": estate,
        "p-toshima-takken": estate,
        "tsc-security": ("company_approach", "company_consultation"),
    }
    for channel, rule in (("partner_report", "PARTNER-1"), ("sns_post", "PARTNER-6")):
        submission = new_report(get_channel(channel), partners["p-otsuka-housing"])
        decision = decide(partners["p-otsuka-housing"], "write", submission, None, now=frozen_now())
        assert decision.rule == rule
    token_user = partners["demo-partner"]
    for channel, rule in (("sns_post", "PARTNER-1"), ("purchase", "PARTNER-6")):
        submission = new_report(get_channel(channel), token_user)
        assert decide(token_user, "write", submission, None, now=frozen_now()).rule == rule
