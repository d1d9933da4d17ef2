"""The economic-security desk and the country desk in Chromium, on the real demo data: the
desk's list of approachers, the semiconductor company's page (its outreach history and next
follow-up), the approach timeline read into stages, and the country desk's view of it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.browser.conftest import Journey

pytestmark = pytest.mark.browser

PURPOSE = "経済安全保障 E-2026-012 接近者の確認"
SEMICON = "東都セミコンダクター株式会社"


def _purpose(journey: Journey) -> None:
    page = journey.page
    page.get_by_label("利用目的").fill(PURPOSE)
    page.get_by_role("button", name="目的を設定").click()
    page.wait_for_load_state()


def test_the_desk_reads_the_company_page_and_the_approach_timeline(
    browser: Any, demo_server: tuple[str, str]
) -> None:
    base, output = demo_server
    assert "sign in as ogawa" in output
    journey = Journey(browser, base, "test_outreach_desk_journey")
    page = journey.page
    try:
        journey.sign_in("ogawa", "demo-ogawa-2026!")
        _purpose(journey)
        page.get_by_role("link", name="企業・接近事案").click()
        page.wait_for_selector("[data-testid=approachers]")
        row = page.get_by_test_id("approacher-row").filter(has_text="Viktor Halloran")
        assert "金銭・報酬" in row.inner_text() and "外事第一課" in row.inner_text()
        assert "素材" not in page.get_by_test_id("sectors-not-visited").inner_text()
        journey.shot("desk")

        page.get_by_role("link", name=SEMICON).click()
        page.wait_for_selector("[data-testid=history]")
        assert page.get_by_test_id("company-name").inner_text() == SEMICON
        history = page.get_by_test_id("history-row").all_inner_texts()
        assert len(history) == 2 and "個別相談" in history[0] and "説明会" in history[1]
        follow_up = page.get_by_test_id("next-follow-up").inner_text()
        assert "2026-11-12" in follow_up and "佐藤氏に再接触があれば連絡・次回面談" in follow_up
        marks = page.locator("[data-testid=company-reports] mark").all_inner_texts()
        assert "謝礼" in marks and "USB" in marks
        journey.shot("company")

        page.get_by_test_id("company-approacher").first.click()
        page.wait_for_selector("[data-testid=approach-timeline]")
        companies = page.get_by_test_id("timeline-company").all_inner_texts()
        assert companies.count(SEMICON) == 2 and "関東マテリアル株式会社" in companies
        ladder = page.locator("[data-testid=stage-ladder] li[data-reached=yes]")
        reached = ladder.evaluate_all("els => els.map(e => e.dataset.stage)")
        assert {"cultivation", "grievances", "payment"} <= set(reached)
        assert "ESC-TWO-COMPANIES" in page.get_by_test_id("fired").inner_text()
        journey.shot("timeline")

        page.get_by_role("button", name="English").click()
        page.wait_for_selector("[data-testid=approach-timeline]")
        assert page.get_by_role("heading", name="Approach timeline").is_visible()
        assert "Listening to grievances" in page.get_by_test_id("stage-ladder").inner_text()
        journey.shot("timeline-en")
        assert not journey.console_errors, journey.console_errors
    finally:
        journey.close()


def test_the_country_desk_sees_its_alert_and_the_approacher_but_not_the_reports(
    browser: Any, demo_server: tuple[str, str]
) -> None:
    base, _output = demo_server
    journey = Journey(browser, base, "test_outreach_country_desk_journey")
    page = journey.page
    try:
        journey.sign_in("morozumi", "demo-morozumi-2026!")
        _purpose(journey)
        page.get_by_role("link", name="アラート一覧").click()
        page.wait_for_selector("[data-testid=queue]")
        queue = page.get_by_test_id("queue").inner_text()
        # Outreach raises its finding on the spelling the store met first, every run.
        assert "Viktor Halloran" in queue
        journey.shot("queue")
        page.get_by_role("link", name="企業・接近事案").click()
        page.wait_for_selector("[data-testid=approachers]")
        assert page.locator("[data-testid=companies]").count() == 0  # the register is not theirs
        page.get_by_test_id("approacher-row").first.get_by_role("link").click()
        page.wait_for_selector("[data-testid=approach-timeline]")
        assert "閲覧権限のない報告" in page.get_by_test_id("withheld").inner_text()
        assert page.get_by_test_id("timeline-entry").count() == 0
        journey.shot("approacher")
    finally:
        journey.close()


def test_the_country_desk_dashboard_draws_its_approaches_per_month(
    browser: Any, demo_server: tuple[str, str]
) -> None:
    base, _output = demo_server
    journey = Journey(browser, base, "test_outreach_country_desk_dashboard")
    page = journey.page
    try:
        journey.sign_in("morozumi", "demo-morozumi-2026!")
        _purpose(journey)
        page.get_by_role("link", name="企業・接近事案").click()
        page.get_by_test_id("desk-dashboard-link").click()
        page.wait_for_selector("#chart-stages .main-svg")  # plotly drew both charts
        page.wait_for_selector("#chart-sectors .main-svg")
        assert "外事第一課" in page.get_by_test_id("desk-dashboard").inner_text()
        total = int(page.get_by_test_id("approaches-total").inner_text())
        assert total >= 2  # the semiconductor company's report and the second company's
        for table in ("stage-table", "sector-table"):
            cells = page.locator(f"[data-testid={table}] td").all_inner_texts()
            assert sum(int(c) for c in cells) == total
        header = page.locator("[data-testid=stage-table] thead").inner_text()
        assert "会食・贈答の繰り返し" in header or "不満・悩みの聴取" in header
        assert "半導体" in page.locator("[data-testid=sector-table] thead").inner_text()
        bars = page.locator("#chart-stages .bars .point").count()
        assert bars >= 2
        journey.shot("desk-dashboard")
        page.get_by_role("button", name="English").click()
        page.wait_for_selector("#chart-stages .main-svg")
        assert "Approaches per month by stage" in page.locator("#chart-stages").inner_text()
        assert not journey.console_errors, journey.console_errors
    finally:
        journey.close()
