"""Search → entity in Chromium: the box in the header finds the person typed in kana, the
result opens the entity's page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kizashi.config import load_settings
from kizashi.search import reindex_all
from kizashi.store import make_engine, upgrade
from tests.conftest import frozen_now
from tests.web.browser.conftest import Journey
from tests.web.browser.served import RunningClock, serving
from tests.web.seeding import PASSWORD, Seeded, seed

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def indexed_server(
    tmp_path_factory: pytest.TempPathFactory, chromium_path: Path
) -> Iterator[tuple[str, Seeded]]:
    """The journeys' seeded store, its documents indexed (the seed writes entities by hand,
    so the pipeline's search stage never saw them), served on the tests' clock."""
    data_dir = tmp_path_factory.mktemp("web-search")
    settings = load_settings(data_dir=data_dir, database_url=None)
    engine = make_engine(settings)
    upgrade(engine)
    clock = RunningClock(frozen_now())
    seeded = seed(engine, settings, fillers=10, posts=10, now=clock())
    with engine.begin() as connection:
        reindex_all(connection, now=clock())
    engine.dispose()
    with serving(data_dir, clock, worker=False) as base:
        yield base, seeded


def test_search_then_entity(browser: Any, indexed_server: tuple[str, Seeded]) -> None:
    base, seeded = indexed_server
    journey = Journey(browser, base, "search")
    page = journey.page
    journey.sign_in("analyst", PASSWORD)
    box = page.get_by_test_id("search-box")
    box.get_by_role("searchbox").fill("ヤマダ タロウ")
    box.get_by_role("button").click()
    page.wait_for_url("**/ui/search?q=*")
    journey.shot("results")
    hits = page.get_by_test_id("search-hit")
    person = hits.and_(page.locator("[data-kind=person]")).first
    assert person.get_by_role("link").inner_text() == "山田 太郎"
    assert "人物" in page.get_by_test_id("search-facets").inner_text()
    person.get_by_role("link").click()
    page.wait_for_url(f"**/ui/entities/{seeded.main_entity}")
    page.wait_for_selector("#graph canvas")
    assert "山田 太郎" in page.locator("h1").inner_text()
    journey.shot("entity")
    assert journey.console_errors == []
    journey.close()
