"""The sharing pages over a seeded store: the approver's page (full text, tear-line, diff),
four-eyes approval and release, the partner's inbox (own copy, acknowledge, ask back, the
unread count), the requests dashboard — each through the guard, refused whole otherwise."""

from __future__ import annotations

from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from kizashi.config import Settings
from kizashi.store import reports
from kizashi.store.tables_share import share_deliveries
from tests.web.conftest import csrf_of
from tests.web.seeding import Seeded
from tests.web.seeding_share import APPROVER, AUTHOR, PURPOSE, SharedWorld, seed_share


@pytest.fixture
def shared(engine: Engine, settings: Settings, seeded: Seeded, now: datetime) -> SharedWorld:
    return seed_share(engine, settings, seeded, now)


def _post(client: TestClient, page: str, action: str, data: dict[str, str]) -> object:
    token = csrf_of(client.get(page).text)
    return client.post(action, data={**data, "csrf": token}, follow_redirects=True)


def _approve_and_release(as_user, shared: SharedWorld) -> None:  # type: ignore[no-untyped-def]
    lead = as_user(APPROVER)
    page = f"/ui/share/products/{shared.product_id}"
    done = _post(lead, page, f"{page}/approve", {"reason": "テアラインを確認した"})
    assert done.status_code == 200 and 'data-testid="done"' in done.text  # type: ignore[attr-defined]
    done = _post(lead, page, f"{page}/release", {"format": "md"})
    assert "提供済み" in done.text  # type: ignore[attr-defined]


def test_the_approver_sees_the_full_text_the_tearline_and_the_diff(as_user, shared) -> None:  # type: ignore[no-untyped-def]
    page = as_user(APPROVER).get(f"/ui/share/products/{shared.product_id}")
    assert page.status_code == 200
    html = page.text
    full = html.split('data-testid="full-text">')[1].split("</pre>")[0]
    torn = html.split('data-testid="tearline">')[1].split("</pre>")[0]
    assert "山田 太郎" in full and "山田" not in torn and "110番" in torn
    assert "LO-2026-031" not in torn and "090-1234-5678" not in torn
    assert 'class="del"' in html and 'data-testid="approve"' in html
    removals = html.split('data-testid="removals"')[1]
    assert "PII-" in removals  # every removal with its rule
    assert "<td>氏名</td>" in removals and "<td>person</td>" not in removals  # kinds in words


def test_the_approver_reads_the_wording_not_the_slot_markup(as_user, shared) -> None:  # type: ignore[no-untyped-def]
    html = as_user(APPROVER).get(f"/ui/share/products/{shared.product_id}").text
    torn = html.split('data-testid="tearline">')[1].split("</pre>")[0]
    assert "{{" not in torn and "|" not in torn
    assert (
        '<span class="variant-slot" title="提供先ごとに変わる語句（下線）: 直ちに / すぐに">直ちに</span>'
        in torn
    )
    diff = html.split('data-testid="diff">')[1].split("</pre>")[0]
    assert "{{" not in diff
    assert 'data-testid="variant-note"' in html


def test_the_author_cannot_approve_their_own_product(as_user, shared) -> None:  # type: ignore[no-untyped-def]
    author = as_user(AUTHOR)
    page = f"/ui/share/products/{shared.product_id}"
    refused = _post(author, page, f"{page}/approve", {"reason": "my own work"})
    assert refused.status_code == 403 and "PRODUCT-1" in refused.text  # type: ignore[attr-defined]


def test_a_reason_is_required_and_nothing_is_released_unapproved(as_user, shared) -> None:  # type: ignore[no-untyped-def]
    lead = as_user(APPROVER)
    page = f"/ui/share/products/{shared.product_id}"
    early = _post(lead, page, f"{page}/release", {"format": "md"})
    assert early.status_code == 403 and "PRODUCT-4" in early.text  # type: ignore[attr-defined]
    bare = _post(lead, page, f"{page}/approve", {"reason": ""})
    assert bare.status_code == 422 and 'data-testid="step-error"' in bare.text  # type: ignore[attr-defined]
    assert "承認待ち" in bare.text  # type: ignore[attr-defined]


def test_a_partner_reads_acknowledges_and_asks_back(as_user, shared, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    _approve_and_release(as_user, shared)
    partner = as_user("partner-otsuka")
    portal = partner.get("/ui/partner")
    assert 'data-testid="unread">1<' in portal.text  # the release notified them
    assert 'data-testid="inbox-item"' in portal.text
    assert 'data-testid="unread"' not in partner.get("/ui/partner").text  # now seen
    with engine.connect() as connection:
        delivery = connection.execute(select(share_deliveries.c.id)).scalar_one()
    page = f"/ui/partner/inbox/{delivery}"
    opened = partner.get(page)
    copy = opened.text.split('data-testid="copy"')[1].split("</article>")[0]
    assert "110番" in copy and "山田" not in copy and "TLP:GREEN" in opened.text
    acked = _post(partner, page, f"{page}/acknowledge", {})
    assert 'data-testid="done"' in acked.text  # type: ignore[attr-defined]
    asked = _post(partner, page, f"{page}/ask", {"question": "同じ音を聞いたら110番でよいですか"})
    assert "質問を送りました" in asked.text  # type: ignore[attr-defined]
    with engine.connect() as connection:
        row = connection.execute(
            select(reports.c.channel, reports.c.source).where(reports.c.channel == "consultation")
        ).one()
    assert row.source == "partner:otsuka-housing"
    author = as_user(AUTHOR)
    listed = author.get("/ui/share")
    assert "partner-otsuka" in listed.text.split('data-testid="notifications"')[1]
    product = author.get(f"/ui/share/products/{shared.product_id}").text
    assert 'data-testid="delivery-recipient">partner-otsuka<' in product


def test_nobody_else_sees_the_product_or_the_copy(as_user, shared, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    _approve_and_release(as_user, shared)
    with engine.connect() as connection:
        delivery = connection.execute(select(share_deliveries.c.id)).scalar_one()
    other = as_user("partner-sakura")
    assert other.get(f"/ui/partner/inbox/{delivery}").status_code == 404
    assert other.get(f"/ui/partner/inbox/{delivery}/copy").status_code == 404
    assert "inbox-item" not in other.get("/ui/partner").text
    assert other.get(f"/ui/share/products/{shared.product_id}").status_code == 404
    elsewhere = as_user("analyst-b")
    assert elsewhere.get(f"/ui/share/products/{shared.product_id}").status_code == 404
    assert shared.product_id not in elsewhere.get("/ui/share").text


def test_a_form_without_the_session_token_is_refused(as_user, shared) -> None:  # type: ignore[no-untyped-def]
    lead = as_user(APPROVER)
    refused = lead.post(
        f"/ui/share/products/{shared.product_id}/approve", data={"reason": "no token"}
    )
    assert refused.status_code == 403


def test_the_requests_dashboard_needs_a_purpose_then_takes_a_request_through(
    as_user, shared
) -> None:  # type: ignore[no-untyped-def]
    author = as_user(AUTHOR)
    asked = author.get("/ui/share/requests")  # requests are AMBER+STRICT: a purpose first
    assert 'data-testid="needs-purpose"' in asked.text and "request-link" not in asked.text
    _post(author, "/ui/share", "/ui/purpose", {"purpose": PURPOSE, "back": "/ui/share/requests"})
    board = author.get("/ui/share/requests")
    assert board.status_code == 200 and 'data-testid="request-link"' in board.text
    page = f"/ui/share/requests/{shared.request_id}"
    assert "承認待ち" not in author.get(page).text
    _post(author, page, f"{page}/submit", {})
    lead = as_user(APPROVER)
    _post(lead, "/ui/share", "/ui/purpose", {"purpose": PURPOSE, "back": "/ui/share"})
    decided = _post(lead, page, f"{page}/decide", {"decision": "approve", "reason": "具体的な脅迫"})
    assert "承認済み" in decided.text  # type: ignore[attr-defined]
    sent = _post(lead, page, f"{page}/send", {})
    assert "送付済み" in sent.text  # type: ignore[attr-defined]
    answered = _post(
        lead, page, f"{page}/answer", {"answer": "登録者情報", "subscriber_name": "森 健一"}
    )
    assert 'data-testid="turnaround">0.0<' in answered.text  # type: ignore[attr-defined]
    acted = _post(lead, page, f"{page}/action", {"action": "投稿者を特定し警告した"})
    assert 'data-testid="action-taken">投稿者を特定し警告した<' in acted.text  # type: ignore[attr-defined]
    board = lead.get("/ui/share/requests").text
    assert 'data-testid="platform-row"' in board and "sns-operator-a" in board
    # The closed request stays on the dashboard with what was done about it.
    recent = board.split('data-testid="recent-requests"')[1].split("</table>")[0]
    assert (
        "投稿者を特定し警告した" in recent and f"/ui/share/requests/{shared.request_id}" in recent
    )
    assert "(1)" in recent


def test_the_analyst_drafts_in_the_form_and_is_offered_no_approval(as_user, shared) -> None:  # type: ignore[no-untyped-def]
    analyst = as_user(AUTHOR)
    fields = {
        "kind": "advisory",
        "title": "夜間の金属加工音について",
        "body": "借主 山田 太郎（090-1234-5678）の車庫で音がしたら110番を。",
        "handling_code": "TLP:GREEN",
        "recipients": "partner:sakura-realty",
    }
    unknown = _post(analyst, "/ui/share/new", "/ui/share/new", {**fields, "case_ref": "NO-SUCH-1"})
    assert unknown.status_code == 422 and 'data-testid="form-error"' in unknown.text  # type: ignore[attr-defined]
    assert "夜間の金属加工音について" in unknown.text  # type: ignore[attr-defined]  # what was typed stays
    drafted = _post(analyst, "/ui/share/new", "/ui/share/new", fields)
    assert drafted.status_code == 200 and "承認待ち" in drafted.text  # type: ignore[attr-defined]
    assert 'data-testid="awaiting-approval"' in drafted.text  # type: ignore[attr-defined]
    assert 'data-testid="approve"' not in drafted.text  # type: ignore[attr-defined]
    torn = drafted.text.split('data-testid="tearline">')[1].split("</pre>")[0]  # type: ignore[attr-defined]
    assert "山田" not in torn and "090-1234-5678" not in torn and "110番" in torn


def test_the_approver_restores_one_removed_span_on_the_page(
    as_user, shared, engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    from kizashi.store.tables_share import share_products

    with engine.connect() as connection:
        removed = connection.execute(
            select(share_products.c.tearline_removed).where(
                share_products.c.id == shared.product_id
            )
        ).scalar_one()
    phone = next(i for i, r in enumerate(removed) if r["kind"] == "phone")
    page = f"/ui/share/products/{shared.product_id}"
    author = as_user(AUTHOR)
    assert f'data-testid="restore-{phone}"' not in author.get(page).text  # never the author
    refused = _post(author, page, f"{page}/restore", {"removal": str(phone), "reason": "mine"})
    assert refused.status_code == 403 and "PRODUCT-1" in refused.text  # type: ignore[attr-defined]
    lead = as_user(APPROVER)
    assert f'data-testid="restore-{phone}"' in lead.get(page).text
    done = _post(lead, page, f"{page}/restore", {"removal": str(phone), "reason": "the hotline"})
    assert done.status_code == 200 and 'data-testid="restored"' in done.text  # type: ignore[attr-defined]
    assert "承認待ち" in done.text  # type: ignore[attr-defined]  # still needs its approval
    assert "削除箇所を復元" in done.text  # type: ignore[attr-defined]  # in the history


def test_an_officer_of_another_desk_named_a_recipient_sees_its_own_copy_not_the_desks_view(  # type: ignore[no-untyped-def]
    as_user, shared, engine: Engine, settings: Settings, now: datetime
) -> None:
    """The page agrees with the API (one read model, ShareService.review): a recipient without
    the originating desk's need to know sees its own copy; the desk keeps the full view."""
    from kizashi.clock import FixedClock
    from kizashi.guard import Guard, open_audit_log
    from kizashi.guard.identity import get_user
    from kizashi.share import draft_and_submit, open_share, release
    from tests.web.seeding_share import BODY, TITLE

    clock = FixedClock(now)
    guard = Guard(engine, open_audit_log(settings, engine, clock=clock), clock=clock)
    service = open_share(settings, engine, guard=guard, clock=clock)
    with engine.connect() as connection:
        author, lead = get_user(connection, AUTHOR), get_user(connection, APPROVER)
    product = draft_and_submit(
        service,
        author,
        kind="advisory",
        title=TITLE,
        body=BODY,
        handling_code="TLP:GREEN",
        recipients=["user:analyst-b"],
        purpose=PURPOSE,
    )
    service.approve(lead, product["id"], "テアラインを確認した", PURPOSE)
    release(service, lead, product["id"], PURPOSE)
    page = f"/ui/share/products/{product['id']}"
    recipient = as_user("analyst-b")
    html = recipient.get(page).text
    assert 'data-testid="recipient-view"' in html and 'data-testid="copy"' in html
    assert "110番" in html
    hiding = ("山田", "090-1234-5678", "LO-2026-031", "full-text", "tearline", "author")
    for hidden in (*hiding[:3], *(f'data-testid="{name}"' for name in hiding[3:])):
        assert hidden not in html, hidden
    assert f"/ui/share/products/{product['id']}" in recipient.get("/ui/share").text
    desk = as_user(APPROVER).get(page).text
    assert 'data-testid="full-text"' in desk and "山田" in desk


def test_a_partners_refused_share_pages_are_in_the_oversight_log(
    as_user, shared, engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    """Before mend20 a partner refused at /ui/share, /ui/share/requests or a request's page
    left nothing in the audit log (the page answered 404 before any decision), while the
    oversight and transparency pages' refusals were logged since mend19. The door now decides
    each through the share room's own service on a refusals-only guard: the oversight's
    access report on the partner shows who tried, what (each product and request refused)
    and why (the rule), and no allow (the pages served nothing)."""
    from kizashi.oversight.access import by_officer

    partner = as_user("partner-otsuka")
    # A status the page does not know lists every product, so it is decided as the plain page.
    assert partner.get("/ui/share?status=zz", follow_redirects=False).status_code == 404
    with engine.connect() as connection:
        early = by_officer(connection, "partner-otsuka")
    assert early is not None
    early_lines = [line for line in early["accesses"] if line["resource"]["type"] == "product"]
    assert {(line["action"], line["resource"]["id"], line["effect"]) for line in early_lines} == {
        ("list", shared.product_id, "deny")
    }
    for path in ("/ui/share", "/ui/share/requests", f"/ui/share/requests/{shared.request_id}"):
        assert partner.get(path, follow_redirects=False).status_code == 404, path
    with engine.connect() as connection:
        report = by_officer(connection, "partner-otsuka")
    assert report is not None and report["officer"]["name"] == "partner-otsuka"
    shared_lines = [line for line in report["accesses"] if line["resource"]["type"] == "product"]
    assert shared_lines and all(line["effect"] == "deny" for line in shared_lines)
    assert all(line["user"] == "partner-otsuka" and line["rule"] for line in shared_lines)
    refused = {(line["action"], line["resource"]["id"]) for line in shared_lines}
    assert ("list", shared.request_id) in refused  # the dashboard, as the API lists it
    assert ("read", shared.request_id) in refused  # the request's own page
    assert ("list", shared.product_id) in refused  # the products page
