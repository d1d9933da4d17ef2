"""The analyst journey on the real demo data (`kizashi demo --scale 0.05`), signing in with
the user and password the demo prints, as a newcomer would."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.browser.conftest import Journey

pytestmark = pytest.mark.browser

OFFENDER = "山田太郎"  # the planted lone offender of the election-month scenario


def _printed_sign_in(output: str) -> tuple[str, str]:
    found = re.search(r"web UI: http://[\w.]+:\d+/ui\b", output)
    assert found, f"the demo does not print the UI address:\n{output[-1500:]}"
    credentials = re.search(r"sign in as (\S+) \(.*?\) with password (\S+):", output)
    assert credentials, f"the demo does not print whom to sign in as:\n{output[-1500:]}"
    return credentials.group(1), credentials.group(2)


def test_demo_analyst_journey(browser: Any, demo_server: tuple[str, str]) -> None:
    base, output = demo_server
    name, password = _printed_sign_in(output)
    journey = Journey(browser, base, "test_demo_analyst_journey")
    page = journey.page
    try:
        journey.sign_in(name, password)
        page.wait_for_selector("#chart-desks .main-svg")
        assert page.get_by_test_id("who-desk").inner_text() == "ローンオフェンダー対策指揮所"
        open_before = int(page.get_by_test_id("open-total").inner_text())
        confirmed_before = int(page.get_by_test_id("confirmed-total").inner_text())
        journey.shot("dashboard")

        page.get_by_role("link", name="アラート一覧").click()
        page.wait_for_selector("[data-testid=queue]")
        journey.shot("queue")
        top = page.get_by_test_id("alert-link").first
        # The entity's label is its commonest spelling among the reports linked so far
        # (山田太郎 or 山田 太郎, by how the live batches fell): the person, not the spacing.
        assert top.inner_text().replace(" ", "") == OFFENDER
        top.click()

        page.wait_for_selector("#graph canvas")
        channels = page.locator("[data-testid=channels] [data-channel]").evaluate_all(
            "els => els.map(e => e.dataset.channel)"
        )
        assert {"purchase", "partner_report", "patrol_note", "sns_post"} <= set(channels)
        assert page.locator("ol.timeline mark").count() > 0  # evidence highlighted
        assert page.locator("[data-testid=contributions] tr[data-kind=purchase_rule]").count() >= 1
        journey.shot("entity")

        journey.confirm_alert(
            "爆破予告と黒色火薬の原料購入が同一人物", open_before, confirmed_before
        )
    finally:
        journey.close()
