"""The three journeys of issue 6 in Chromium, with a screenshot of every step."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.browser.conftest import Journey
from tests.web.browser.test_layout import OVERFLOW, PHONE, WIDE, _serious
from tests.web.seeding import PASSWORD, Seeded

pytestmark = pytest.mark.browser


def test_analyst_journey(journey: Journey, server: tuple[str, Seeded]) -> None:
    page = journey.page
    journey.sign_in("analyst", PASSWORD)
    page.wait_for_selector("#chart-desks .main-svg")  # plotly drew the chart
    assert page.get_by_test_id("who-desk").inner_text() == "ローンオフェンダー対策指揮所"
    assert page.get_by_test_id("who-role").inner_text() == "分析官"
    open_before = int(page.get_by_test_id("open-total").inner_text())
    confirmed_before = int(page.get_by_test_id("confirmed-total").inner_text())
    journey.shot("dashboard")

    page.get_by_role("link", name="アラート一覧").click()
    page.wait_for_selector("[data-testid=queue]")
    journey.shot("queue")
    top = page.get_by_test_id("alert-link").first
    assert top.inner_text() == "山田 太郎"
    top.click()

    page.wait_for_selector("#graph canvas")  # vis-network drew the link graph
    channels = page.locator("[data-testid=channels] [data-channel]").evaluate_all(
        "els => els.map(e => e.dataset.channel)"
    )
    assert {"purchase", "partner_report", "patrol_note", "sns_post"} <= set(channels)
    marks = page.locator("ol.timeline mark").all_inner_texts()
    assert "爆破してやる" in marks and "火薬のようなにおい" in marks
    assert page.locator("[data-testid=contributions] tr[data-kind=purchase_rule]").count() == 1
    journey.shot("entity")

    journey.confirm_alert("爆破予告と原料購入が同一人物に結び付く", open_before, confirmed_before)


# A partner's journey in each language: (reference, labels of reference/business/category/
# observed, blank-text error, the report's text). Japanese at a desk's width, English at 390 px.
PARTNER = {
    "ja": (
        "OH-2026-101",
        ("貴社の管理番号", "業種", "区分", "確認した日時"),
        "空白だけでなく文字を入力してください",
        "深夜にガレージから金属を切る音が続いている。",
    ),
    "en": (
        "OH-2026-102",
        ("Your reference number", "Type of business", "Category", "Observed at"),
        "Write some text (not only spaces",
        "Metal being cut in the garage late at night, again.",
    ),
}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_partner_journey(
    journey: Journey, browser: Any, server: tuple[str, Seeded], lang: str
) -> None:
    ref, (ref_label, business, category, observed), blank, text = PARTNER[lang]
    page = journey.page
    journey.sign_in("partner-otsuka", PASSWORD)
    page.wait_for_url("**/ui/partner")
    if lang == "en":
        page.set_viewport_size(PHONE)
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == lang
    journey.shot("portal")
    page.get_by_test_id("new-partner_report").click()
    page.get_by_label(ref_label).fill(ref)
    page.get_by_label(business).select_option("real_estate")
    page.get_by_label(category).select_option("suspicious_sound")
    page.get_by_label(observed).fill("2026-11-20T23:30")
    page.locator("#f-persons-0-name").fill("鈴木 一郎")
    page.locator("#f-persons-0-birth_date").fill("1990-04-05")
    page.locator("#f-text").fill("   ")  # required, and white space is not a report
    journey.shot("filled-invalid")
    page.get_by_test_id("submit").click()
    error = page.get_by_test_id("error-text")
    error.wait_for()
    # In the partner's language (not intake's English), and the summary names the label.
    assert blank in error.inner_text()
    assert "must contain" not in page.get_by_test_id("form-errors").inner_text()
    assert page.get_by_test_id("form-errors").get_by_role("link").inner_text() == (
        "内容" if lang == "ja" else "What you observed"
    )
    assert page.locator("#f-text").get_attribute("aria-invalid") == "true"
    assert page.locator("#form-errors").evaluate("e => e === document.activeElement")
    # What was typed is kept, so only the bad field needs fixing.
    assert page.get_by_label(ref_label).input_value() == ref
    assert page.locator("#f-persons-0-name").input_value() == "鈴木 一郎"
    assert page.evaluate(OVERFLOW) <= 1, page.evaluate(WIDE)
    journey.shot("field-error")
    page.locator("#f-text").fill(text)
    page.get_by_test_id("submit").click()
    page.get_by_test_id("stored").wait_for()
    refs = page.get_by_test_id("submission-ref").all_inner_texts()
    assert ref in refs and "OH-2026-77" in refs
    journey.shot("listed")
    page.get_by_test_id("submission-ref").filter(has_text=ref).click()
    page.wait_for_url("**/ui/partner/submissions/**")
    assert page.get_by_test_id("submission-external-id").inner_text() == ref
    assert text in page.get_by_test_id("submission-text").inner_text()
    assert page.evaluate(OVERFLOW) <= 1, page.evaluate(WIDE)
    assert page.locator("html").get_attribute("lang") == lang
    journey.shot("own-submission")
    submission = page.url
    # Chromium logs the rejected form's 422 as a failed load; nothing else may appear.
    assert [e for e in journey.console_errors if "status of 422" not in e] == []

    other = Journey(browser, server[0], f"partner-other-{lang}")
    try:
        other.sign_in("partner-sakura", PASSWORD)
        other.page.wait_for_url("**/ui/partner")
        assert ref not in other.page.get_by_test_id("submissions").inner_text()
        other.shot("other-partner-list")
        other.go(f"/ui/reports/{server[1].reports['garage']}")
        assert other.page.get_by_test_id("refusal").get_attribute("data-kind") == "not_found"
        other.shot("other-partner-refused")
        other.page.goto(submission)
        assert other.page.get_by_test_id("refusal").get_attribute("data-kind") == "not_found"
    finally:
        other.close()


def test_forbidden_journey(journey: Journey, browser: Any, server: tuple[str, Seeded]) -> None:
    page = journey.page
    journey.sign_in("analyst-b", PASSWORD)
    journey.go("/ui/alerts")
    # Desk B's own alert on the subject desk A's compartment holds is not in desk B's queue...
    assert page.get_by_test_id("queue").locator("tbody tr").count() >= 1
    assert page.get_by_role("link", name="佐藤 次郎").count() == 0
    journey.shot("queue-desk-b")
    # ...and looking the subject up (a link passed on, a bookmarked page) is deconflicted.
    entity_url = f"/ui/entities/{server[1].held_entity}"
    response_status: list[int] = []
    page.on(
        "response",
        lambda r: r.url.endswith(entity_url) and response_status.append(r.status),
    )
    journey.go(entity_url)
    refusal = page.get_by_test_id("refusal")
    refusal.wait_for()
    assert refusal.get_attribute("data-kind") == "deconflicted"
    assert "他の課が保有" in refusal.inner_text()
    assert response_status == [403]
    assert page.locator("ol.timeline").count() == 0  # nothing of the subject is shown
    journey.shot("deconflicted")
    assert _serious(page) == []  # axe-core: the deconfliction notice, at a desk in Japanese
    # ...and in English on a phone.
    page.set_viewport_size(PHONE)
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert refusal.get_attribute("data-kind") == "deconflicted"
    assert "Held by another desk" in refusal.inner_text()
    assert _serious(page) == [] and page.evaluate(OVERFLOW) <= 1
    journey.shot("deconflicted-en-phone")

    lead = Journey(browser, server[0], "forbidden-lead")
    try:
        lead.sign_in("lead-a", PASSWORD)
        lead.page.get_by_role("link", name="通知", exact=True).click()
        # Reading before the notices page has loaded reads the previous page (CI saw []).
        lead.page.wait_for_url("**/ui/notices**")
        lead.page.get_by_test_id("notice-searcher").first.wait_for()
        searchers = lead.page.get_by_test_id("notice-searcher").all_inner_texts()
        assert "analyst-b" in searchers
        lead.shot("lead-notified")
    finally:
        lead.close()


def _bulk(journey: Journey, action: str, reason: str, done: str) -> None:
    """Tick the first two open alerts of the queue (oldest first), apply `action` to them with
    `reason`: the page says `done`, the ticked alerts change, nothing is wider than the screen."""
    page = journey.page
    journey.go("/ui/alerts?status=new&sort=oldest")
    page.wait_for_selector("[data-testid=queue]")
    picks = page.get_by_test_id("bulk-pick")
    ticked = [picks.nth(i).get_attribute("value") for i in (0, 1)]
    for i in (0, 1):
        picks.nth(i).check()
    page.get_by_test_id("bulk-action").select_option(action)
    page.get_by_test_id("bulk-reason").fill(reason)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    journey.shot(f"{action}-ticked")
    page.get_by_test_id("bulk-submit").click()
    result = page.get_by_test_id("bulk-result")
    result.wait_for()
    assert result.inner_text() == done
    shown = page.get_by_test_id("bulk-pick").evaluate_all("els => els.map(e => e.value)")
    assert not set(ticked) & set(shown)  # no longer new: gone from this queue
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    journey.shot(f"{action}-done")


def test_bulk_triage(journey: Journey, server: tuple[str, Seeded]) -> None:
    """The analyst dismisses two new alerts with one reason in Japanese at a desk's width,
    then, in English on a 390 px phone, takes two more."""
    journey.sign_in("analyst", PASSWORD)
    _bulk(journey, "dismissed", "同一の誤検知（定型の宣伝文）", "2 件を却下しました。")
    journey.page.set_viewport_size({"width": 390, "height": 844})
    with journey.page.expect_navigation():
        journey.page.get_by_role("button", name="English").click()
    _bulk(journey, "assign", "", "2 alerts are yours now.")
    assert journey.console_errors == []
