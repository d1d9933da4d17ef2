"""Requests to platforms through the store: four-eyes, sending, the answer as a report with
provenance, the action recorded on the alert, and turnaround per platform."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from kizashi.clock import ManualClock
from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.guard.identity.service import create_user
from kizashi.oversight import run_expiry
from kizashi.oversight.retention import add_months
from kizashi.share import (
    ShareService,
    answer_request,
    decide_request,
    draft_request,
    record_action,
    request_dashboard,
    send_request,
    submit_request,
)
from kizashi.store import alert_events, mentions, reports, transaction
from kizashi.store.tables import audit_entries
from kizashi.store.tables_share import share_approvals, share_requests
from tests.share.conftest import PURPOSE, open_alert, user

BODY = "大塚駅南口での演説会を狙う投稿について、投稿者の登録情報の開示を求めます。"


def _drafted(share: ShareService, alert_id: str, platform: str = "sns-operator-a") -> dict:
    return draft_request(
        share,
        user(share, "cc-author"),
        alert_id=alert_id,
        platform=platform,
        legal_basis="刑事訴訟法第197条第2項（捜査関係事項照会）",
        body=BODY,
        identifiers={"account": "@rally_poster", "post": "https://x.com/rally_poster/status/1"},
        purpose=PURPOSE,
    )


def _sent(share: ShareService, alert_id: str, platform: str = "sns-operator-a") -> dict:
    author, lead = user(share, "cc-author"), user(share, "cc-lead")
    request = _drafted(share, alert_id, platform)
    submit_request(share, author, request["id"], PURPOSE)
    decide_request(
        share, lead, request["id"], approve=True, reason="threat is specific", purpose=PURPOSE
    )
    return send_request(share, author, request["id"], PURPOSE)


def test_no_request_is_sent_without_a_second_persons_approval(
    share: ShareService, share_clock: ManualClock
) -> None:
    author, lead = user(share, "cc-author"), user(share, "cc-lead")
    request = _drafted(share, open_alert(share.engine, share_clock()))
    assert request["status"] == "draft" and request["turnaround_hours"] is None
    submit_request(share, author, request["id"], PURPOSE)
    with pytest.raises(ForbiddenError, match="PRODUCT-4"):
        send_request(share, author, request["id"], PURPOSE)
    with pytest.raises(ForbiddenError, match="PRODUCT-1"):
        decide_request(share, author, request["id"], approve=True, reason="mine", purpose=PURPOSE)
    with pytest.raises(ForbiddenError, match="PRODUCT-2"):
        decide_request(
            share,
            user(share, "cc-analyst"),
            request["id"],
            approve=True,
            reason="fine by me",
            purpose=PURPOSE,
        )
    with pytest.raises(NotFoundError):  # another desk does not know it exists
        decide_request(
            share,
            user(share, "tk-analyst"),
            request["id"],
            approve=True,
            reason="x",
            purpose=PURPOSE,
        )
    with pytest.raises(InputError, match="reason"):
        decide_request(share, lead, request["id"], approve=True, reason=" ", purpose=PURPOSE)
    approved = decide_request(
        share, lead, request["id"], approve=True, reason="threat is specific", purpose=PURPOSE
    )
    assert approved["status"] == "approved"
    assert [a["decided_by"] for a in approved["approvals"]] == [lead.id]
    with share.engine.connect() as connection:
        seq = connection.execute(
            select(share_approvals.c.audit_seq).where(share_approvals.c.subject_id == request["id"])
        ).scalar_one()
        entry = connection.execute(select(audit_entries).where(audit_entries.c.seq == seq)).one()
    # the approval points at the guard's logged decision behind it
    assert (entry.action, entry.effect, entry.actor) == ("approve", "allow", lead.id)
    assert entry.resource_id == request["id"]


def test_a_rejected_request_goes_back_to_its_author(
    share: ShareService, share_clock: ManualClock
) -> None:
    author, lead = user(share, "cc-author"), user(share, "cc-lead")
    request = _drafted(share, open_alert(share.engine, share_clock()))
    submit_request(share, author, request["id"], PURPOSE)
    rejected = decide_request(
        share, lead, request["id"], approve=False, reason="name the post's time", purpose=PURPOSE
    )
    assert rejected["status"] == "rejected"
    with pytest.raises(ForbiddenError, match="PRODUCT-4"):
        send_request(share, author, request["id"], PURPOSE)
    assert submit_request(share, author, request["id"], PURPOSE)["status"] == "submitted"


def test_the_answer_is_a_report_with_provenance_and_the_action_lands_on_the_alert(
    share: ShareService, share_clock: ManualClock
) -> None:
    author = user(share, "cc-author")
    alert_id = open_alert(share.engine, share_clock())
    request = _sent(share, alert_id)
    assert request["status"] == "sent"
    with pytest.raises(InputError, match="sent"):
        record_action(share, author, request["id"], "warned", PURPOSE)
    share_clock.advance(timedelta(hours=5, minutes=30))
    answered = answer_request(
        share,
        author,
        request["id"],
        answer="当該アカウントの登録者情報は以下のとおりです。",
        account="@rally_poster",
        subscriber_name="森 健一",
        subscriber_phone="090-2222-3333",
        purpose=PURPOSE,
    )
    assert answered["status"] == "answered" and answered["turnaround_hours"] == 5.5
    report_id = answered["answer_report_id"]
    with share.engine.connect() as connection:
        report = connection.execute(select(reports).where(reports.c.id == report_id)).one()
        named = {
            (m.kind, m.value)
            for m in connection.execute(select(mentions).where(mentions.c.report_id == report_id))
        }
    assert report.channel == "platform_answer" and report.source == "platform:sns-operator-a"
    assert report.submitted_by == author.id and report.external_id == request["id"]
    assert {("person", "森 健一"), ("account", "@rally_poster")} <= named
    assert share.guard.check(author, "read", "report", report_id, PURPOSE).allowed
    # The answer goes to the desk that asked: its lead (who approved the request) and its
    # analysts read it; another desk does not (before: unrouted, for the command centre only).
    for name, allowed in (("cc-lead", True), ("cc-analyst", True), ("tk-analyst", False)):
        decision = share.guard.check(user(share, name), "read", "report", report_id, PURPOSE)
        assert decision.allowed is allowed, (name, decision.rule)
    closed = record_action(share, author, request["id"], "投稿者を特定し、警告を実施した", PURPOSE)
    assert closed["status"] == "closed" and closed["action_taken"].startswith("投稿者")
    with share.engine.connect() as connection:
        events = [
            (e.action, e.details)
            for e in connection.execute(
                select(alert_events)
                .where(alert_events.c.alert_id == alert_id)
                .order_by(alert_events.c.at)
            )
        ]
    assert [a for a, _ in events][-2:] == ["platform_request", "action_taken"]
    assert events[-1][1]["answer_report"] == report_id


def test_the_dashboard_shows_open_requests_and_turnaround_per_platform(
    share: ShareService, share_clock: ManualClock
) -> None:
    author = user(share, "cc-author")
    alert_id = open_alert(share.engine, share_clock())
    fast, slow = _sent(share, alert_id), _sent(share, alert_id)
    waiting = _sent(share, alert_id, platform="video-site-b")
    draft = _drafted(share, alert_id)
    share_clock.advance(timedelta(hours=2))
    answer_request(share, author, fast["id"], answer="回答", purpose=PURPOSE)
    share_clock.advance(timedelta(hours=22))
    answer_request(share, author, slow["id"], answer="回答", purpose=PURPOSE)
    board = request_dashboard(share, author, PURPOSE)
    platforms = {p["platform"]: p for p in board["platforms"]}
    assert platforms["sns-operator-a"] == {
        "platform": "sns-operator-a",
        "answered": 2,
        "waiting": 0,
        "median_hours": 13.0,
        "slowest_hours": 24.0,
    }
    assert platforms["video-site-b"]["waiting"] == 1
    assert platforms["video-site-b"]["median_hours"] is None
    still_open = {r["id"]: r for r in board["open"]}
    assert set(still_open) == {waiting["id"], draft["id"]}
    assert still_open[waiting["id"]]["waiting_hours"] == 24.0
    # the answered ones, newest answer first, with their turnaround
    assert [(r["id"], r["turnaround_hours"]) for r in board["recent"]] == [
        (slow["id"], 24.0),
        (fast["id"], 2.0),
    ]
    # another desk's officer sees none of it
    assert request_dashboard(share, user(share, "tk-analyst"), PURPOSE) == {
        "open": [],
        "recent": [],
        "platforms": [],
        "needs_purpose": 0,
    }
    # without a stated purpose the desk sees none either, and is told why
    unstated = request_dashboard(share, author, "")
    assert unstated["open"] == [] and unstated["needs_purpose"] == 4


def test_a_request_needs_an_alert_the_author_may_read(
    share: ShareService, share_clock: ManualClock
) -> None:
    elsewhere = open_alert(share.engine, share_clock(), desk="tokuryu")
    with pytest.raises(NotFoundError):
        _drafted(share, elsewhere)


def test_expiry_clears_the_answer_report_id_and_keeps_the_request(
    share: ShareService, share_clock: ManualClock
) -> None:
    author = user(share, "cc-author")
    request = _sent(share, open_alert(share.engine, share_clock()))
    answered = answer_request(
        share,
        author,
        request["id"],
        answer="当該アカウントの登録者情報は以下のとおりです。",
        account="@rally_poster",
        subscriber_name="森 健一",
        subscriber_phone="090-2222-3333",
        purpose=PURPOSE,
    )
    assert answered["answer_report_id"]
    with transaction(share.engine) as connection:
        admin = create_user(connection, "adm-ito", role="admin")
        latest = max(connection.execute(select(reports.c.received_at)).scalars())
    run = run_expiry(share.guard, admin, dry_run=False, as_of=add_months(latest, 40))
    assert run.rooms["share"]["answers"] == 1
    with share.engine.connect() as connection:
        kept = connection.execute(
            select(share_requests).where(share_requests.c.id == request["id"])
        ).one()
    assert kept.answer_report_id is None and kept.status == "answered"
