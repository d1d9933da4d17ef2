"""Sharing in Chromium: the approver approves and releases an advisory; a partner reads its
copy, acknowledges it and asks a question back. A screenshot of every step."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kizashi.config import load_settings
from kizashi.store import make_engine, upgrade
from tests.conftest import frozen_now
from tests.web.browser.conftest import Journey
from tests.web.browser.served import RunningClock, serving
from tests.web.browser.test_accessibility import check_page
from tests.web.seeding import PASSWORD, seed
from tests.web.seeding_share import (
    APPROVER,
    AUTHOR,
    RELEASED_TITLE,
    TITLE,
    SharedWorld,
    seed_share,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def share_server(
    tmp_path_factory: pytest.TempPathFactory, chromium_path: Path
) -> Iterator[tuple[str, SharedWorld]]:
    """The app over the web's seeded world with sharing seeded on top (a submitted
    advisory, a bulletin already released to the Otsuka partners)."""
    data_dir = tmp_path_factory.mktemp("share-serve")
    settings = load_settings(data_dir=data_dir, database_url=None)
    engine = make_engine(settings)
    upgrade(engine)
    clock = RunningClock(frozen_now())
    now = clock()
    seeded = seed(engine, settings, fillers=5, posts=5, now=now)
    world = seed_share(engine, settings, seeded, now, released=True)
    engine.dispose()
    with serving(data_dir, clock, worker=False) as base:
        yield base, world


@pytest.fixture
def share_journey(
    browser: Any, share_server: tuple[str, SharedWorld], request: pytest.FixtureRequest
) -> Iterator[Journey]:
    opened = Journey(browser, share_server[0], request.node.name)
    yield opened
    opened.close()


def test_approver_approves_and_releases_an_advisory(share_journey: Journey) -> None:
    journey, page = share_journey, share_journey.page
    journey.sign_in(APPROVER, PASSWORD)
    page.get_by_role("link", name="資料の提供").click()
    page.get_by_test_id("products").wait_for()
    check_page(journey, "products")
    journey.shot("products")
    page.get_by_role("link", name=TITLE).click()
    assert page.get_by_test_id("product-status").inner_text() == "承認待ち"
    torn = page.get_by_test_id("tearline").inner_text()
    assert "山田" not in torn and "090-1234-5678" not in torn and "110番" in torn
    assert "山田 太郎" in page.get_by_test_id("full-text").inner_text()
    assert page.locator("pre.diff .del").count() >= 1
    check_page(journey, "review")
    journey.shot("review")

    page.get_by_test_id("approve").click()  # no reason: refused, nothing changes
    page.get_by_test_id("step-error").wait_for()
    assert page.get_by_test_id("product-status").inner_text() == "承認待ち"
    journey.console_errors.clear()  # the 422 of that refusal is the browser's only complaint
    page.get_by_label("理由（必須）", exact=True).fill(
        "テアラインに個人情報・情報源が残っていないことを確認"
    )
    page.get_by_test_id("approve").click()
    page.get_by_test_id("done").wait_for()
    assert page.get_by_test_id("product-status").inner_text() == "承認済み"
    journey.shot("approved")

    page.get_by_test_id("release").click()
    page.get_by_test_id("deliveries").wait_for()
    assert page.get_by_test_id("product-status").inner_text() == "提供済み"
    assert page.get_by_test_id("delivery-recipient").all_inner_texts() == ["partner-otsuka"]
    journey.shot("released")
    assert not journey.console_errors, journey.console_errors


def test_partner_reads_acknowledges_and_asks_back(share_journey: Journey) -> None:
    journey, page = share_journey, share_journey.page
    journey.sign_in("partner-otsuka", PASSWORD)
    page.wait_for_url("**/ui/partner")
    page.get_by_test_id("inbox").wait_for()
    assert page.get_by_test_id("notifications").inner_text()
    check_page(journey, "portal")
    journey.shot("portal")
    page.get_by_role("link", name=RELEASED_TITLE).click()
    copy = page.get_by_test_id("copy")
    copy.wait_for()
    assert "硝酸カリ" in copy.inner_text() and "TLP:GREEN" in page.content()
    check_page(journey, "copy")
    journey.shot("copy")

    page.get_by_test_id("acknowledge").click()
    page.get_by_test_id("done").wait_for()
    assert page.get_by_test_id("acknowledged-at").inner_text() != "—"
    journey.shot("acknowledged")

    page.get_by_label("警察への質問・相談").fill(
        "アルミ粉末を少量ずつ何度も買う客がいます。この場合も連絡すべきですか。"
    )
    page.get_by_test_id("ask").click()
    page.get_by_test_id("done").wait_for()
    assert "質問を送りました" in page.get_by_test_id("done").inner_text()
    journey.shot("asked")

    page.get_by_role("link", name="戻る").click()
    page.get_by_test_id("inbox").wait_for()
    status = page.get_by_test_id("inbox").inner_text()
    assert "受領確認済み" in status and "質問送信済み" in status
    journey.shot("portal-after")
    assert not journey.console_errors, journey.console_errors


DRAFTED_TITLE = "夜間の金属加工音に関する情報提供のお願い"
DRAFTED_BODY = """事件番号 LO-2026-031 の関連で、管理物件の借主 山田 太郎（連絡先 090-1234-5678）について
{{夜間の|深夜の}}金属加工音や火薬のようなにおいに{{気づいたら|気付いたら}}、110番通報をお願いします。
"""


def test_analyst_drafts_a_second_officer_approves_the_partner_reads(
    browser: Any, share_server: tuple[str, SharedWorld], request: pytest.FixtureRequest
) -> None:
    """Three people, three sessions: the analyst drafts in the form (the tear-line is made and
    the draft waits), the desk lead approves with a reason and releases, and the Sakura
    partner finds its own copy in its inbox — without the personal data of the full text."""
    base, name = share_server[0], request.node.name
    analyst = Journey(browser, base, f"{name}-analyst")
    try:
        page = analyst.page
        analyst.sign_in(AUTHOR, PASSWORD)
        page.get_by_role("link", name="資料の提供").click()
        page.get_by_test_id("new-product").click()
        page.get_by_label("件名").fill(DRAFTED_TITLE)
        page.get_by_label("本文（Markdown）").fill(DRAFTED_BODY)
        page.get_by_label("提供先").fill("partner:sakura-realty")
        check_page(analyst, "draft")
        analyst.shot("draft")
        page.get_by_test_id("draft-submit").click()
        page.get_by_test_id("done").wait_for()
        assert page.get_by_test_id("product-status").inner_text() == "承認待ち"
        assert page.get_by_test_id("approve").count() == 0  # the author is offered no approval
        analyst.shot("submitted")
        assert not analyst.console_errors, analyst.console_errors
    finally:
        analyst.close()

    lead = Journey(browser, base, f"{name}-lead")
    try:
        page = lead.page
        lead.sign_in(APPROVER, PASSWORD)
        page.get_by_role("link", name="資料の提供").click()
        page.get_by_role("link", name=DRAFTED_TITLE).click()
        torn = page.get_by_test_id("tearline").inner_text()
        assert "山田" not in torn and "090-1234-5678" not in torn and "LO-2026-031" not in torn
        page.get_by_label("理由（必須）", exact=True).fill(
            "個人情報と事件番号が除かれていることを確認"
        )
        page.get_by_test_id("approve").click()
        page.get_by_test_id("done").wait_for()
        page.get_by_test_id("release").click()
        page.get_by_test_id("deliveries").wait_for()
        assert page.get_by_test_id("product-status").inner_text() == "提供済み"
        assert page.get_by_test_id("delivery-recipient").all_inner_texts() == ["partner-sakura"]
        lead.shot("released")
        assert not lead.console_errors, lead.console_errors
    finally:
        lead.close()

    partner = Journey(browser, base, f"{name}-partner")
    try:
        page = partner.page
        partner.sign_in("partner-sakura", PASSWORD)
        page.wait_for_url("**/ui/partner")
        page.get_by_test_id("inbox").wait_for()
        page.get_by_role("link", name=DRAFTED_TITLE).click()
        copy = page.get_by_test_id("copy").inner_text()
        assert "110番" in copy and "山田" not in copy and "090-1234-5678" not in copy
        partner.shot("copy")
        assert not partner.console_errors, partner.console_errors
    finally:
        partner.close()
