"""Casework in Chromium: alert → promote into a case → note → the case's PDF (issue 15), in
Japanese at a desk's width and in English on a 390 px phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kizashi.config import load_settings
from kizashi.guard.identity import assign_case, create_case, create_user
from kizashi.store import alerts, make_engine, transaction, upgrade
from tests.conftest import frozen_now
from tests.web.browser.conftest import Journey
from tests.web.browser.served import RunningClock, serving
from tests.web.browser.test_accessibility import check_page
from tests.web.browser.test_layout import DESK, OVERFLOW, PHONE
from tests.web.seeding import DESK_MAIN, FAST, PASSWORD, Seeded, seed

pytestmark = pytest.mark.browser
# One case per language: each run promotes its own alert into its own case.
CASES = {"ja": ("2026-201", "演説会場への爆破予告"), "en": ("2026-202", "Threat to a rally")}
# What each language's page says: (promote button, done, recipient label, reason, note, purpose)
WORDS = {
    "ja": (
        "事件に編入",
        "アラートを事件に編入しました",
        "交付先",
        "爆破予告と原料購入が同一人物",
        "現場の車庫を確認。賃借人は山田 太郎。",
        "捜査会議の資料",
    ),
    "en": (
        "Promote into a case",
        "Alerts promoted into the case.",
        "Recipient",
        "Same writer as the threat",
        "Checked the garage; the tenant is the subject.",
        "For the case conference",
    ),
}


@pytest.fixture(scope="module")
def case_server(
    tmp_path_factory: pytest.TempPathFactory, chromium_path: Path
) -> Iterator[tuple[str, Seeded, str]]:
    """The served store, its seed, and a second open alert (a filler) for the English run."""

    data_dir = tmp_path_factory.mktemp("web-cases")
    settings = load_settings(data_dir=data_dir, database_url=None)
    engine = make_engine(settings)
    upgrade(engine)
    clock = RunningClock(frozen_now())
    seeded = seed(engine, settings, fillers=10, posts=10, now=clock())
    with transaction(engine) as connection:
        create_user(
            connection,
            "analyst-2",
            role="analyst",
            desk=DESK_MAIN,
            password=PASSWORD,
            parameters=FAST,
            display_name="analyst-2",
        )
        for case, title in CASES.values():
            create_case(connection, case, desk=DESK_MAIN, title=title, now=clock())
            for name in ("analyst", "analyst-2"):
                assign_case(connection, case, name, now=clock())
        other = connection.execute(
            select(alerts.c.id)
            .where(alerts.c.desk_id == DESK_MAIN, alerts.c.id != seeded.main_alert)
            .order_by(alerts.c.id)
            .limit(1)
        ).scalar_one()
    engine.dispose()
    with serving(data_dir, clock, worker=False) as base:
        yield base, seeded, str(other)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_alert_to_case_to_note_to_pdf(
    browser: Any, case_server: tuple[str, Seeded, str], lang: str
) -> None:
    base, seeded, other = case_server
    case, _title = CASES[lang]
    promote, done, recipient, reason, note, purpose = WORDS[lang]
    journey = Journey(browser, base, f"case-journey-{lang}")
    page = journey.page
    try:
        journey.sign_in("analyst", PASSWORD)
        if lang == "en":
            page.set_viewport_size(PHONE)
            with page.expect_navigation():
                page.get_by_role("button", name="English").click()
        else:
            page.set_viewport_size(DESK)
        journey.go(f"/ui/alerts/{seeded.main_alert if lang == 'ja' else other}")
        page.get_by_text(promote, exact=True).click()
        page.get_by_test_id("promote-case").fill(case)
        page.get_by_test_id("promote-reason").fill(reason)
        journey.shot("promote")
        page.get_by_test_id("promote-submit").click()
        page.wait_for_url(f"**/ui/cases/{case}?done=promoted")
        assert page.locator("html").get_attribute("lang") == lang
        assert done in page.get_by_test_id("case-done").inner_text()
        assert reason in page.get_by_test_id("case-timeline").inner_text()
        journey.shot("case")
        check_page(journey, "case")  # one h1, every control labelled, contrast (WCAG AA)
        assert page.evaluate(OVERFLOW) <= 1, "the case page is wider than the screen"

        page.get_by_test_id("note-body").fill(note)
        page.get_by_test_id("note-submit").click()
        page.wait_for_selector("[data-testid=case-note]")
        assert note in page.get_by_test_id("case-note").inner_text()
        journey.shot("note")

        page.get_by_label(recipient).select_option("analyst-2")
        page.locator("#print-purpose").fill(purpose)
        with page.expect_download() as caught:
            page.get_by_test_id("case-print-submit").click()
        saved = journey.folder / "case.pdf"
        caught.value.save_as(saved)
        assert saved.read_bytes().startswith(b"%PDF")
        assert page.evaluate(OVERFLOW) <= 1, "the case page is wider than the screen"
        assert not journey.console_errors, journey.console_errors
    finally:
        journey.close()
