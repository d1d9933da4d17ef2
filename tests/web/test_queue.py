from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from kizashi.store import alert_events, alerts
from tests.web.conftest import csrf_of
from tests.web.seeding import Seeded

ALERT_LINK = re.compile(r'href="/ui/alerts/([0-9a-f-]{36})" data-testid="alert-link"')
NEXT = re.compile(r'data-testid="next-page" href="([^"]+)"')


def walk(client: TestClient, url: str) -> list[str]:
    seen: list[str] = []
    while True:
        page = client.get(url)
        assert page.status_code == 200
        seen += ALERT_LINK.findall(page.text)
        found = NEXT.search(page.text)
        if not found:
            return seen
        url = found.group(1).replace("&amp;", "&")


def test_keyset_pages_cover_the_queue_once_in_order(as_user, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    client = as_user("analyst")
    with engine.connect() as connection:
        rows = list(
            connection.execute(
                select(alerts.c.id, alerts.c.score, alerts.c.opened_at).where(
                    alerts.c.desk_id == "lone-offender", alerts.c.status.in_(("new", "in_review"))
                )
            )
        )
    by_score = [r.id for r in sorted(rows, key=lambda r: (r.score, r.id), reverse=True)]
    oldest = [r.id for r in sorted(rows, key=lambda r: (r.opened_at, r.id))]
    assert len(rows) > 7 * 4  # several pages
    assert walk(client, "/ui/alerts?limit=7") == by_score
    assert walk(client, "/ui/alerts?sort=oldest&limit=7") == oldest
    assert walk(client, "/ui/alerts?sort=newest&limit=7") == oldest[::-1]


def test_filters_narrow_the_queue(as_user, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    client = as_user("analyst")
    with engine.connect() as connection:
        threats = set(
            connection.execute(
                select(alerts.c.id).where(
                    alerts.c.desk_id == "lone-offender",
                    alerts.c.category == "threat",
                    alerts.c.status.in_(("new", "in_review")),
                )
            ).scalars()
        )
    assert set(walk(client, "/ui/alerts?category=threat&limit=5")) == threats
    assert walk(client, "/ui/alerts?assignee=me") == []
    assert client.get("/ui/alerts?after=nonsense").status_code == 404


def test_review_needs_a_reason_to_dismiss_and_is_recorded(
    as_user,
    seeded: Seeded,
    engine: Engine,  # type: ignore[no-untyped-def]
) -> None:
    client = as_user("analyst")
    page = client.get(f"/ui/alerts/{seeded.main_alert}")
    token = csrf_of(page.text)
    refused = client.post(
        f"/ui/alerts/{seeded.main_alert}/review",
        data={"decision": "dismissed", "reason": " ", "csrf": token},
    )
    assert refused.status_code == 422 and "a dismissal needs a reason" in refused.text
    assigned = client.post(
        f"/ui/alerts/{seeded.main_alert}/assign", data={"assignee": "me", "csrf": token}
    )
    assert 'data-testid="done"' in assigned.text
    assert seeded.main_alert in walk(client, "/ui/alerts?assignee=me")
    done = client.post(
        f"/ui/alerts/{seeded.main_alert}/review",
        data={"decision": "confirmed", "reason": "購入と予告が一致", "csrf": token},
    )
    assert done.status_code == 200 and 'data-testid="alert-status">確認済み<' in done.text
    again = client.post(
        f"/ui/alerts/{seeded.main_alert}/review",
        data={"decision": "dismissed", "reason": "x", "csrf": token},
    )
    assert again.status_code == 422 and "decided already" in again.text
    with engine.connect() as connection:
        events = [
            e.action
            for e in connection.execute(
                select(alert_events)
                .where(alert_events.c.alert_id == seeded.main_alert)
                .order_by(alert_events.c.at)
            )
        ]
        status = connection.execute(
            select(alerts.c.status).where(alerts.c.id == seeded.main_alert)
        ).scalar_one()
    # Through triage's lifecycle: assigning a new alert puts it in review, then the decision.
    assert events == ["assigned", "in_review", "confirmed"] and status == "confirmed"


def test_another_desk_cannot_review(as_user, seeded: Seeded) -> None:  # type: ignore[no-untyped-def]
    client = as_user("analyst-b")
    token = csrf_of(client.get("/ui/alerts").text)
    response = client.post(
        f"/ui/alerts/{seeded.main_alert}/review",
        data={"decision": "dismissed", "reason": "not mine", "csrf": token},
    )
    assert response.status_code == 404


def test_the_dashboard_counts_what_the_user_may_count(as_user, seeded: Seeded) -> None:  # type: ignore[no-untyped-def]
    own = as_user("analyst").get("/ui/")
    assert re.search(r'data-testid="open-lone-offender">3[0-9]<', own.text)  # 30 fillers + 1
    assert "open-tokuryu" not in own.text
    assert re.search(r'data-testid="opened-lone-offender">[1-9][0-9]*<', own.text)  # trend per desk
    assert re.search(r'data-testid="flagged-total">1[0-9]<', own.text)
    other = as_user("analyst-b").get("/ui/?period=7d")
    assert 'data-testid="open-tokuryu">1<' in other.text and "open-lone-offender" not in other.text
    assert "plotly.min.js" in own.text and 'id="signals-data"' in own.text
