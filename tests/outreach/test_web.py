"""The outreach pages and routes through the app: the desk's list, a company's page with its
history and next follow-up, the approach timeline, partners and country desks (SQLite and
PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard.identity import issue_token
from kizashi.outreach import read_reports
from kizashi.store import transaction
from tests.outreach.world import NOW, PURPOSE, TSC, World, approach, ingest
from tests.web.conftest import csrf_of, sign_in


@pytest.fixture
def client(engine: Engine, settings: Settings, world: World) -> Iterator[TestClient]:
    app = create_app(settings, engine=engine, clock=FixedClock(NOW))
    with TestClient(app, base_url="http://127.0.0.1") as made:
        yield made


def _as(client: TestClient, name: str, purpose: str = PURPOSE) -> TestClient:
    """Signed in, with the session's purpose stated (approach reports are TLP:AMBER+STRICT)."""
    client.cookies.clear()
    sign_in(client, name)
    if purpose:
        html = client.get("/ui/").text if name.startswith("partner") is False else ""
        if html:
            client.post(
                "/ui/purpose",
                data={"csrf": csrf_of(html), "purpose": purpose, "back": "/ui/"},
                follow_redirects=False,
            )
    return client


def test_without_a_purpose_the_company_page_asks_for_one(client: TestClient, world: World) -> None:
    page = _as(client, "es-analyst", purpose="").get(
        f"/ui/outreach/companies/{world.companies['tsc']}"
    )
    assert page.status_code == 403 and "利用目的が必要です" in page.text


def test_the_desk_page_lists_the_approacher_with_its_stage_and_the_coverage(
    client: TestClient, world: World
) -> None:
    html = _as(client, "es-analyst").get("/ui/outreach").text
    assert "Viktor Halloran" in html and "ヴィクトル・ハロラン" in html
    assert "金銭・報酬" in html and "通報" in html  # furthest stage, level alert
    assert "外事第一課（ロシア・東欧）" in html  # shared with the country desk
    assert 'data-testid="sectors-not-visited">素材' in html


def test_the_company_page_shows_history_next_follow_up_and_reports_in_stages(
    client: TestClient, world: World
) -> None:
    page = _as(client, "es-analyst").get(f"/ui/outreach/companies/{world.companies['tsc']}")
    assert page.status_code == 200
    html = page.text
    assert "接近の手口（偶然を装った接触、会食、悩みの聴取）の説明" in html
    assert "個別相談の結果を共有" in html  # the next follow-up
    assert '<mark title="ap-payment-ja" data-rule="ap-payment-ja">謝礼</mark>' in html
    activity = html.split("/ui/outreach/activities/")[1].split("/done")[0]
    done = client.post(
        f"/ui/outreach/activities/{activity}/done",
        data={"csrf": csrf_of(html)},
        follow_redirects=True,
    )
    assert (
        "フォローアップを完了にしました。" in done.text
        and "予定されたフォローアップはありません" in done.text
    )


def test_an_activity_is_recorded_from_the_form(client: TestClient, world: World) -> None:
    url = f"/ui/outreach/companies/{world.companies['km']}"
    html = _as(client, "es-analyst").get(url).text
    response = client.post(
        f"{url}/activities",
        data={"csrf": csrf_of(html), "kind": "briefing", "held_at": "2026-11-19T14:00",
              "topics": "技術流出防止の説明会", "attendees": "中村, 藤田",
              "follow_up": "再訪", "follow_up_due": "2026-12-15"},
        follow_redirects=True,
    )  # fmt: skip
    assert "活動を記録しました。" in response.text and "技術流出防止の説明会" in response.text
    assert "2026-12-15" in response.text


def test_a_bad_activity_shows_the_form_again_with_the_field_and_reason(
    client: TestClient, world: World
) -> None:
    """qa16: a follow-up due before the visit, or a time that is none, answered a bare 400
    page; now the company page again, 422, naming the field."""
    url = f"/ui/outreach/companies/{world.companies['km']}"
    html = _as(client, "es-analyst").get(url).text
    form = {"csrf": csrf_of(html), "kind": "briefing", "held_at": "2026-11-19T14:00",
            "topics": "技術流出防止の説明会", "follow_up": "再訪"}  # fmt: skip
    early = client.post(f"{url}/activities", data={**form, "follow_up_due": "2026-10-15"})
    assert early.status_code == 422
    assert "活動を記録できませんでした" in early.text and "follow_up_due" in early.text
    assert "技術流出防止の説明会" not in early.text  # nothing recorded
    garbled = client.post(f"{url}/activities", data={**form, "held_at": "昨日"})
    assert garbled.status_code == 422 and "held_at: not a date and time" in garbled.text


def test_the_approach_timeline_for_the_desk_and_for_the_country_desk(
    client: TestClient, world: World
) -> None:
    url = f"/ui/outreach/approachers/{world.approacher}"
    html = _as(client, "es-analyst").get(url).text
    assert html.count('data-testid="timeline-entry"') == 2
    assert 'data-stage="grievances" data-reached="yes"' in html
    assert "ESC-TWO-COMPANIES" in html
    assert "同じ接近者が2社以上から報告された" in html  # the reason in the page's language
    assert "reported by two or more companies" not in html
    country = _as(client, "ru-analyst").get(url)
    assert country.status_code == 200 and "閲覧権限のない報告 2 件" in country.text
    assert _as(client, "cn-analyst").get(url).status_code == 404


def test_a_partner_sees_its_own_company_page_only(client: TestClient, world: World) -> None:
    partner = _as(client, "partner-tsc")
    own = partner.get(f"/ui/outreach/companies/{world.companies['tsc']}")
    assert own.status_code == 200 and "活動を記録" not in own.text
    assert partner.get(f"/ui/outreach/companies/{world.companies['km']}").status_code == 404
    assert partner.get("/ui/outreach").status_code == 404


def test_the_api_serves_companies_and_approachers_through_the_guard(
    client: TestClient, engine: Engine, world: World
) -> None:
    with transaction(engine) as connection:
        es = issue_token(connection, "es-analyst", now=NOW)
        ru = issue_token(connection, "ru-analyst", now=NOW)
    headers = {
        "Authorization": f"Bearer {es}",
        "X-Kizashi-Purpose": "outreach case 2026-017: checking the approacher",
    }
    names = [c["name"] for c in client.get("/api/v1/companies", headers=headers).json()]
    assert names == ["東都セミコンダクター株式会社", "関東マテリアル株式会社"]
    one = client.get(f"/api/v1/approachers/{world.approacher}", headers=headers).json()
    assert [r["furthest"] for r in one["timeline"]] == ["payment", "grievances"]
    ru_headers = {
        "Authorization": f"Bearer {ru}",
        "X-Kizashi-Purpose": "outreach case 2026-017: checking the approacher",
    }
    assert (
        client.get(f"/api/v1/companies/{world.companies['tsc']}", headers=ru_headers).status_code
        == 404
    )
    assert client.get("/api/v1/outreach/briefing?export=true", headers=headers).status_code == 403


def test_the_company_page_and_the_timeline_show_the_business_card(
    client: TestClient, world: World, engine: Engine, settings: Settings
) -> None:
    card = {
        "name": "Wang Wei",
        "name_chinese": "王伟",
        "position": "一等書記官",
        "phone": "03-5555-0188",
    }
    body = approach(
        "TSC-CI-2026-012", TSC, "semiconductor", "名刺を受け取った。", approacher_card=card
    )
    report_id = ingest(engine, settings, "company_approach", body, "company:tsc")
    with transaction(engine) as connection:
        read_reports(connection, [report_id], now=NOW)
    html = _as(client, "es-analyst").get(f"/ui/outreach/companies/{world.companies['tsc']}").text
    assert html.count('data-testid="business-card"') == 1
    assert '<dt>肩書</dt><dd data-card-field="position">一等書記官</dd>' in html
    assert '<dt>漢字（中国語）</dt><dd data-card-field="name_chinese">王伟</dd>' in html


def test_the_country_desk_page_charts_its_approaches_by_stage_and_sector_per_month(
    client: TestClient, world: World
) -> None:
    html = _as(client, "ru-analyst").get("/ui/outreach").text
    assert 'href="/ui/outreach/desks/fa-russia"' in html
    page = client.get("/ui/outreach/desks/fa-russia")
    assert page.status_code == 200
    html = page.text
    assert 'data-testid="approaches-total">2<' in html
    assert 'id="stages-data"' in html and 'id="sectors-data"' in html  # drawn by Plotly
    assert '<script src="/ui/assets/vendor/plotly.min.js"></script>' in html
    cell = '<td class="num" data-key="{}" data-month="{}">{}</td>'
    assert cell.format("payment", "2026-10", 1) in html
    assert cell.format("grievances", "2026-11", 1) in html
    assert cell.format("semiconductor", "2026-10", 1) in html
    assert cell.format("materials", "2026-11", 1) in html
    assert cell.format("materials", "2026-10", 0) in html
    assert "金銭・報酬" in html and "半導体" in html
    assert "東都セミコンダクター" not in html  # counts, never the companies
    assert client.get("/ui/outreach/desks/economic-security").status_code == 403  # BRIEF-2
    assert client.get("/ui/outreach/desks/no-such-desk").status_code == 404
    china = _as(client, "cn-analyst").get("/ui/outreach/desks/fa-china").text
    assert 'data-testid="no-data-stages"' in china and 'data-testid="approaches-total">0<' in china
