"""Casework in Chromium: alert → promote into a case → note → the case's PDF (issue 15)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kizashi.config import load_settings
from kizashi.guard.identity import assign_case, create_case, create_user
from kizashi.store import make_engine, transaction, upgrade
from tests.web.browser.conftest import Journey, serving
from tests.web.browser.test_accessibility import check_page
from tests.web.seeding import DESK_MAIN, FAST, PASSWORD, Seeded, seed

pytestmark = pytest.mark.browser
CASE = "2026-201"


@pytest.fixture(scope="module")
def case_server(
    tmp_path_factory: pytest.TempPathFactory, chromium_path: Path
) -> Iterator[tuple[str, Seeded]]:
    data_dir = tmp_path_factory.mktemp("web-cases")
    settings = load_settings(data_dir=data_dir, database_url=None)
    engine = make_engine(settings)
    upgrade(engine)
    seeded = seed(engine, settings, fillers=10, posts=10, now=datetime.now(UTC))
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
        create_case(connection, CASE, desk=DESK_MAIN, title="演説会場への爆破予告")
        for name in ("analyst", "analyst-2"):
            assign_case(connection, CASE, name)
    engine.dispose()
    with serving(data_dir, worker=False) as base:
        yield base, seeded


def test_alert_to_case_to_note_to_pdf(browser: Any, case_server: tuple[str, Seeded]) -> None:
    base, seeded = case_server
    journey = Journey(browser, base, "case-journey")
    page = journey.page
    try:
        journey.sign_in("analyst", PASSWORD)
        journey.go(f"/ui/alerts/{seeded.main_alert}")
        page.get_by_text("事件に編入", exact=True).click()
        page.get_by_test_id("promote-case").fill(CASE)
        page.get_by_test_id("promote-reason").fill("爆破予告と原料購入が同一人物")
        journey.shot("promote")
        page.get_by_test_id("promote-submit").click()
        page.wait_for_url(f"**/ui/cases/{CASE}?done=promoted")
        assert "アラートを事件に編入しました" in page.get_by_test_id("case-done").inner_text()
        assert "爆破予告と原料購入が同一人物" in page.get_by_test_id("case-timeline").inner_text()
        journey.shot("case")
        check_page(journey, "case")  # one h1, every control labelled, contrast (WCAG AA)

        page.get_by_test_id("note-body").fill("現場の車庫を確認。賃借人は山田 太郎。")
        page.get_by_test_id("note-submit").click()
        page.wait_for_selector("[data-testid=case-note]")
        assert "賃借人は山田 太郎" in page.get_by_test_id("case-note").inner_text()
        journey.shot("note")

        page.get_by_label("交付先").select_option("analyst-2")
        page.locator("#print-purpose").fill("捜査会議の資料")
        with page.expect_download() as caught:
            page.get_by_test_id("case-print-submit").click()
        saved = journey.folder / "case.pdf"
        caught.value.save_as(saved)
        assert saved.read_bytes().startswith(b"%PDF")
        assert not journey.console_errors, journey.console_errors
    finally:
        journey.close()
