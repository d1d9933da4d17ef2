"""The oversight pages: who looked at whom and the transparency report, for the oversight
role and auditors; refused (with the rule) to an analyst, and never showing material."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from kizashi.config import Settings
from kizashi.guard.audit import key_path, read_verifier, verifier_path
from kizashi.guard.identity import create_user
from kizashi.oversight import verify
from kizashi.store.payloads import open_texts
from kizashi.web.routes_oversight import LINES_PER_PAGE, _window
from tests.web.conftest import sign_in
from tests.web.seeding import FAST, PASSWORD, Seeded


@pytest.fixture
def overseer(engine: Engine, seeded: Seeded) -> str:
    with engine.begin() as connection:
        create_user(
            connection,
            "overseer",
            role="oversight_officer",
            password=PASSWORD,
            parameters=FAST,
            display_name="overseer",
        )
    return "overseer"


def _as(client: TestClient, name: str) -> TestClient:
    client.cookies.clear()
    sign_in(client, name)
    return client


def test_the_oversight_officer_sees_who_looked_and_never_the_material(
    app_client: TestClient, overseer: str, seeded: Seeded, engine: Engine
) -> None:
    analyst = _as(app_client, "analyst")
    assert analyst.get(f"/ui/alerts/{seeded.main_alert}").status_code == 200
    client = _as(app_client, overseer)
    home = client.get("/ui/oversight")
    assert home.status_code == 200 and 'data-testid="access-form"' in home.text
    assert 'data-testid="nav-oversight"' in home.text
    # Oversight's own navigation: no queue, dashboard or search of material it never reads.
    assert 'href="/ui/alerts"' not in home.text and 'data-testid="search-box"' not in home.text
    landing = client.get("/ui/", follow_redirects=False)
    assert landing.status_code == 303 and landing.headers["location"] == "/ui/oversight"
    officer = client.get("/ui/oversight?kind=officer&q=analyst")
    assert officer.status_code == 200, officer.text[:500]
    assert 'data-kind="by_officer"' in officer.text and 'data-testid="access-line"' in officer.text
    # The action and its outcome in the reader's words, not the audit log's codes.
    assert "<td>閲覧</td>" in officer.text and "<td>許可</td>" in officer.text
    assert "<td>read</td>" not in officer.text and "<td>allow</td>" not in officer.text
    # Each line's rule says what it means in the reader's language, beside its id.
    assert "資料を所管する班の所属員" in officer.text and "allow: " not in officer.text
    person = client.get(f"/ui/oversight?kind=entity&q={seeded.main_entity}")
    assert person.status_code == 200 and 'data-kind="about_entity"' in person.text
    report_id = next(iter(seeded.reports.values()))
    one = client.get(f"/ui/oversight?kind=report&q={report_id}")
    assert one.status_code == 200 and 'data-testid="report-facts"' in one.text
    with engine.connect() as connection:
        texts = open_texts(connection, list(seeded.reports.values()))
    assert texts
    for page in (officer.text, person.text, one.text):
        for text in texts.values():
            # No report's words, not even a piece of them, on any oversight page.
            for piece in {text[i : i + 12] for i in range(0, max(1, len(text) - 12), 12)}:
                assert piece not in page, piece
    missing = client.get("/ui/oversight?kind=officer&q=nobody-at-all")
    assert missing.status_code == 404 and 'data-testid="access-error"' in missing.text


def test_the_transparency_report_page(app_client: TestClient, overseer: str, now: datetime) -> None:
    client = _as(app_client, overseer)
    local = now.astimezone(ZoneInfo("Asia/Tokyo"))
    quarter = f"{local.year}-Q{(local.month - 1) // 3 + 1}"
    shown = client.get("/ui/oversight/transparency")
    assert shown.status_code == 200
    assert f'data-period="{quarter}"' in shown.text
    assert 'data-testid="table-reports_received"' in shown.text
    assert 'data-testid="table-insider_alerts"' in shown.text
    month = client.get(f"/ui/oversight/transparency?period={local.year}-{local.month:02d}")
    assert month.status_code == 200
    between = client.get("/ui/oversight/transparency?from=2026-01-01&to=2026-12-31")
    assert between.status_code == 200 and 'data-period="2026-01-01..2026-12-31"' in between.text
    bad = client.get("/ui/oversight/transparency?period=2026-Q7")
    assert bad.status_code == 422 and 'data-testid="period-error"' in bad.text


def test_the_page_exports_the_access_report_signed(
    app_client: TestClient, overseer: str, seeded: Seeded, settings: Settings
) -> None:
    analyst = _as(app_client, "analyst")
    assert analyst.get(f"/ui/alerts/{seeded.main_alert}").status_code == 200
    refused = analyst.get("/ui/oversight/export?kind=officer&q=analyst")
    assert refused.status_code == 403 and "OVERSIGHT-2" in refused.text
    client = _as(app_client, overseer)
    shown = client.get("/ui/oversight?kind=officer&q=analyst")
    assert 'data-testid="signed-export"' in shown.text
    got = client.get("/ui/oversight/export?kind=officer&q=analyst")
    assert got.status_code == 200, got.text[:300]
    assert got.headers["content-type"] == "application/zip"
    assert got.headers["content-disposition"].startswith('attachment; filename="access-officer-')
    verifier = read_verifier(verifier_path(key_path(settings)))  # the app's audit key
    checked = verify(got.content, verifier)
    assert checked["kind"] == "access_report" and checked["ref"] == "officer:analyst"
    with zipfile.ZipFile(io.BytesIO(got.content)) as bundle:
        found = orjson.loads(bundle.read("access-report.json"))
        assert bundle.read("access-report.pdf").startswith(b"%PDF")
    assert found["kind"] == "by_officer" and found["summary"]["accesses"] > 0
    assert all("proof" in line for line in found["accesses"])
    assert client.get("/ui/oversight/export?kind=officer&q=").status_code == 404


def test_an_analyst_is_refused_with_the_rule_and_has_no_link(
    app_client: TestClient, seeded: Seeded
) -> None:
    client = _as(app_client, "analyst")
    home = client.get("/ui/")
    assert home.status_code == 200 and 'data-testid="nav-oversight"' not in home.text
    for path in (
        "/ui/oversight",
        "/ui/oversight?kind=officer&q=analyst",
        f"/ui/oversight?kind=entity&q={seeded.main_entity}",
        "/ui/oversight/transparency",
        "/ui/oversight/transparency?period=2026-Q4",
    ):
        refused = client.get(path)
        assert refused.status_code == 403, path
        assert 'data-kind="forbidden"' in refused.text and "OVERSIGHT-2" in refused.text, path
        assert "アクセス報告と透明性報告は監督担当と監査担当に限る" in refused.text, path
        assert 'data-testid="access-line"' not in refused.text


def test_the_inspection_desk_may_read_them_too(app_client: TestClient) -> None:
    client = _as(app_client, "inspector")
    assert client.get("/ui/oversight/transparency?period=2026-Q4").status_code == 200


def test_the_access_lines_are_shown_a_window_at_a_time() -> None:
    """An officer's month is hundreds of lines: the page shows 200 from `start`, and says
    where the pages before and after begin (the signed export holds them all)."""
    found = {"accesses": [{"seq": i} for i in range(2 * LINES_PER_PAGE + 50)]}
    first = _window(found, 0)
    assert [first["first"], first["last"], first["earlier"], first["later"]] == [1, 200, None, 200]
    assert first["lines"][0]["seq"] == 0 and first["total"] == 450
    last = _window(found, 400)
    assert [last["first"], last["last"], last["earlier"], last["later"]] == [401, 450, 200, None]
    beyond = _window(found, 10_000)  # a start past the end shows the last line, not nothing
    assert beyond["lines"] == [{"seq": 449}]
    assert _window(None, 0)["total"] == 0 and _window(None, 0)["first"] == 0


def test_a_bad_address_of_a_page_answers_with_a_page(app_client: TestClient, overseer: str) -> None:
    """An unknown query parameter (a typed or stale link) on a page: a page in the reader's
    language naming it (title, lang), not the API's JSON; the API keeps its problem."""
    client = _as(app_client, overseer)
    bad = client.get("/ui/oversight?kind=officer&subject=kuroda")
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("text/html")
    assert '<html lang="ja">' in bad.text and "<title>" in bad.text
    assert "このアドレスは使えません（subject）" in bad.text
    assert bad.text.count("<h1") == 1 and "<h1>処理できませんでした</h1>" in bad.text
    api = client.get("/api/v1/alerts?subject=kuroda")
    assert api.status_code == 422 and api.json()["problems"][0]["field"] == "subject"


def test_an_officers_counts_on_the_dashboard_are_lines_too(
    app_client: TestClient, overseer: str
) -> None:
    """Before: a count's audit line (resource ``aggregate:…``, no such report) broke the page
    with a server error (found reading a desk lead's accesses on the demo)."""
    analyst = _as(app_client, "analyst")
    assert analyst.get("/ui/").status_code == 200  # the dashboard counts by channel and code
    client = _as(app_client, overseer)
    officer = client.get("/ui/oversight?kind=officer&q=analyst")
    assert officer.status_code == 200, officer.text[:300]
    assert "件数の集計（経路・取扱区分・班）" in officer.text
    assert "q=aggregate" not in officer.text  # a count is not a report to look up


def test_an_entry_rewritten_in_the_database_is_marked_on_the_page_and_the_rest_shown(
    app_client: TestClient, overseer: str, seeded: Seeded, engine: Engine
) -> None:
    from sqlalchemy import select, text, update

    from kizashi.store.tables import audit_entries, users

    analyst = _as(app_client, "analyst")
    assert analyst.get(f"/ui/alerts/{seeded.main_alert}").status_code == 200
    with engine.begin() as connection:
        actor = connection.execute(select(users.c.id).where(users.c.name == "analyst")).scalar()
        seq = connection.execute(
            select(audit_entries.c.seq).where(audit_entries.c.actor == actor).limit(1)
        ).scalar_one()
        if connection.dialect.name == "sqlite":
            connection.execute(text("DROP TRIGGER audit_entries_no_update"))
        else:
            connection.execute(text("DROP TRIGGER audit_entries_no_change ON audit_entries"))
        connection.execute(
            update(audit_entries).where(audit_entries.c.seq == seq).values(purpose="偽造MARK")
        )
    page = _as(app_client, overseer).get("/ui/oversight?kind=officer&q=analyst")
    assert page.status_code == 200
    assert 'data-testid="access-tampered"' in page.text and f"seq {seq}" in page.text
    assert page.text.count('data-testid="line-tampered"') == 1
    assert page.text.count('data-testid="access-line"') > 1  # the rest is still shown


def test_a_tampered_entrys_other_purpose_is_marked_on_the_page_as_in_the_pdf(
    app_client: TestClient, overseer: str, seeded: Seeded, engine: Engine
) -> None:
    """Before: the page's "other purposes" table showed a rewritten purpose's text unmarked,
    while the signed export's PDF marks it with the tampered entries' numbers."""
    from sqlalchemy import select, text, update

    from kizashi.store.tables import audit_entries, users

    analyst = _as(app_client, "analyst")
    assert analyst.get(f"/ui/alerts/{seeded.main_alert}").status_code == 200
    with engine.begin() as connection:
        actor = connection.execute(select(users.c.id).where(users.c.name == "analyst")).scalar()
        seq = connection.execute(
            select(audit_entries.c.seq).where(audit_entries.c.actor == actor).limit(1)
        ).scalar_one()
        if connection.dialect.name == "sqlite":
            connection.execute(text("DROP TRIGGER audit_entries_no_update"))
        else:
            connection.execute(text("DROP TRIGGER audit_entries_no_change ON audit_entries"))
        connection.execute(
            update(audit_entries)
            .where(audit_entries.c.seq == seq)
            .values(purpose="偽造された目的の文言")
        )
    page = _as(app_client, overseer).get("/ui/oversight?kind=officer&q=analyst")
    assert page.status_code == 200
    other = page.text.split('data-testid="other-purposes"')[1].split("</table>")[0]
    assert "偽造された目的の文言" in other
    assert 'data-testid="other-purpose-tampered"' in other and f"seq {seq}" in other
