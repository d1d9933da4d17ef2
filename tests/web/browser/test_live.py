"""The live loop in Chromium: with only the app and its live worker running (as ``kizashi
serve`` runs them, here on the tests' clock), a dated threat posted by a
platform through the API appears in the desk's open queue by itself, announced at once as an
urgent banner that says why; the command centre's pipeline page shows a dead letter and puts
it back in the queue."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from kizashi.config import load_settings
from kizashi.guard.identity import create_user, issue_token
from kizashi.pipeline import Worker
from kizashi.store import make_engine, pipeline_queue, transaction, upgrade
from tests.conftest import frozen_now
from tests.pipeline.helpers import THREAT, park
from tests.web.browser.conftest import Journey
from tests.web.browser.served import RunningClock, serving
from tests.web.browser.test_accessibility import check_page
from tests.web.seeding import FAST, PASSWORD, seed

pytestmark = pytest.mark.browser
LiveServer = tuple[str, str, str, RunningClock]


@pytest.fixture(scope="module")
def live_server(
    tmp_path_factory: pytest.TempPathFactory, chromium_path: Path
) -> Iterator[LiveServer]:
    """`kizashi serve` over a seeded store with a platform's API token and one dead letter:
    (base URL, token, the dead letter's report id, the server's clock)."""
    data_dir = tmp_path_factory.mktemp("web-live")
    settings = load_settings(data_dir=data_dir, database_url=None)
    engine = make_engine(settings)
    upgrade(engine)
    clock = RunningClock(frozen_now())
    seed(engine, settings, fillers=10, posts=20, now=clock())
    # The seeded reports through every stage first: what the test posts is the only news.
    Worker(engine, settings, clock=clock, hooks=(), name="seed").drain()
    with transaction(engine) as connection:
        create_user(
            connection,
            "platform-x",
            role="partner_submitter",
            organisation="partner:platform-x",
            password=PASSWORD,
            parameters=FAST,
        )
        create_user(
            connection,
            "watch",
            role="command_centre",
            desk="lone-offender",
            password=PASSWORD,
            parameters=FAST,
        )
        token = issue_token(connection, "platform-x", now=clock())
        parked = connection.execute(
            select(pipeline_queue.c.report_id).order_by(pipeline_queue.c.seq).limit(1)
        ).scalar_one()
    park(engine, parked, clock())
    engine.dispose()
    with serving(data_dir, clock) as base:
        yield base, token, parked, clock


@pytest.fixture
def live_journey(
    browser: Any, live_server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[Journey]:
    opened = Journey(browser, live_server[0], request.node.name)
    yield opened
    opened.close()


def test_a_posted_threat_reaches_the_open_queue_by_itself_and_is_announced(
    live_journey: Journey, live_server: LiveServer
) -> None:
    base, token, _, clock = live_server
    page = live_journey.page
    live_journey.sign_in("analyst", PASSWORD)
    live_journey.go("/ui/alerts")
    page.wait_for_selector("[data-testid=live-alerts][data-connected]", state="attached")
    assert "ライブ更新中" in page.get_by_test_id("queue-live").inner_text()
    page.evaluate("window.stillTheSamePage = true")
    live_journey.shot("queue-following")

    body = {
        "platform": "x",
        "post_id": "live-browser-1",
        "account_handle": "rally_hater_56",
        "text": THREAT,
        "posted_at": clock().isoformat(),
    }
    posted = httpx.post(
        f"{base}/api/v1/reports/sns_post",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert posted.status_code == 201, posted.text
    started = time.monotonic()
    banner = page.locator("[data-testid=urgent-banner]", has_text="rally_hater_56")
    banner.wait_for(timeout=60_000)
    seconds = time.monotonic() - started
    live_journey.shot("urgent-announced")
    print(f"API 201 -> urgent banner in the browser: {seconds:.2f} s")

    assert page.evaluate("window.stillTheSamePage") is True  # no reload: pushed
    assert page.locator("#live-alerts").get_attribute("aria-live") == "assertive"
    text = banner.inner_text()
    assert "緊急アラート" in text
    assert "日時・場所・保護対象者・公の催しを名指しした危害の予告" in text  # the why
    assert "「56すから覚悟しとけ」" in text  # what satisfied it
    assert "しきい値" in text  # opened whatever the risk, and it says so
    row = page.locator("table.queue tr.urgent", has_text="rally_hater_56")
    row.wait_for()
    assert "緊急" in row.inner_text()
    assert "1 件" in page.get_by_test_id("queue-live").inner_text()
    check_page(live_journey, "queue with an urgent banner")

    banner.get_by_test_id("urgent-open").click()
    page.wait_for_url("**/ui/alerts/*")
    assert "「56すから覚悟しとけ」" in page.get_by_test_id("urgent-box").inner_text()
    live_journey.shot("urgent-alert-page")
    assert not live_journey.console_errors, live_journey.console_errors


def test_the_command_centre_retries_a_dead_letter(
    live_journey: Journey, live_server: LiveServer
) -> None:
    _, _, parked, _ = live_server
    page = live_journey.page
    live_journey.sign_in("watch", PASSWORD)
    page.get_by_role("link", name="処理状況").click()
    page.wait_for_selector("[data-testid=dead-letters]")
    row = page.locator(f"tr[data-report-id='{parked}']")
    assert "名寄せ" in row.get_by_test_id("dead-stage").inner_text()
    assert "ValueError" in row.get_by_test_id("dead-reason").inner_text()
    assert page.get_by_test_id("lag").is_visible()
    check_page(live_journey, "pipeline")
    live_journey.shot("dead-letter")

    row.get_by_test_id("retry-one").click()
    page.wait_for_selector("[data-testid=done]")
    assert "1 件" in page.get_by_test_id("done").inner_text()
    assert page.locator(f"tr[data-report-id='{parked}']").count() == 0
    live_journey.shot("retried")

    page.get_by_role("button", name="English").click()
    page.wait_for_selector("text=Dead letters")
    assert page.get_by_role("link", name="Pipeline").is_visible()
    assert not live_journey.console_errors, live_journey.console_errors
