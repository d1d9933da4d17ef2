"""The search page: the box on every page, results through the guard, facets, saved
searches and their notices on the notices page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from kizashi.search import reindex_all
from tests.web.conftest import csrf_of
from tests.web.seeding import Seeded

SignIn = Callable[[str], TestClient]


def _indexed(engine: Engine, now: datetime) -> None:
    with engine.begin() as connection:
        reindex_all(connection, now=now)


def test_the_search_box_finds_the_person_in_kana_and_romaji(
    as_user: SignIn, seeded: Seeded, engine: Engine, now: datetime
) -> None:
    _indexed(engine, now)
    client = as_user("analyst")
    dashboard = client.get("/ui/")
    assert 'data-testid="search-box"' in dashboard.text and 'action="/ui/search"' in dashboard.text
    for query in ("ヤマダ", "yamada taro", "山田太郎"):
        page = client.get("/ui/search", params={"q": query})
        assert page.status_code == 200, query
        assert f'href="/ui/entities/{seeded.main_entity}"' in page.text, query
        assert 'data-testid="search-facets"' in page.text
    narrowed = client.get("/ui/search", params={"q": "yamada", "kind": "report"})
    assert f'href="/ui/entities/{seeded.main_entity}"' not in narrowed.text
    assert 'data-kind="report"' in narrowed.text


def test_another_desks_people_are_neither_shown_nor_counted(
    as_user: SignIn, seeded: Seeded, engine: Engine, now: datetime
) -> None:
    _indexed(engine, now)
    page = as_user("analyst-b").get("/ui/search", params={"q": "山田太郎"})
    assert page.status_code == 200
    assert seeded.main_entity not in page.text
    assert "検索結果 0 件" in page.text


def test_bad_input_is_named_and_partners_cannot_search(
    as_user: SignIn, seeded: Seeded, engine: Engine
) -> None:
    client = as_user("analyst")
    short = client.get("/ui/search", params={"q": "x"})
    assert short.status_code == 422 and "q: a search needs at least 2" in short.text
    assert as_user("partner-otsuka").get("/ui/search", params={"q": "山田"}).status_code == 404


def test_a_saved_search_is_listed_and_its_notices_shown(
    as_user: SignIn, seeded: Seeded, engine: Engine, now: datetime
) -> None:
    from kizashi.search import notify_saved

    client = as_user("analyst")
    page = client.get("/ui/search", params={"q": "yamada"})
    refused = client.post(
        "/ui/search/saved", data={"name": "x", "q": "yamada", "csrf": csrf_of(page.text)}
    )
    assert refused.status_code == 403 and 'data-kind="purpose"' in refused.text
    # Refused at a form's address: the language switch and the purpose form come back to
    # the start page, never to /ui/search/saved (a GET there is no page).
    backs = re.findall(r'name="back" value="([^"]*)"', refused.text)
    assert backs and set(backs) == {"/ui/"}
    client.post(
        "/ui/purpose",
        data={"purpose": "山田の動向確認", "csrf": csrf_of(page.text), "back": "/ui/search"},
    )
    saved = client.post(
        "/ui/search/saved",
        data={"name": "山田の新着", "q": "yamada", "csrf": csrf_of(page.text)},
        follow_redirects=True,
    )
    assert saved.status_code == 200 and "山田の新着" in saved.text
    assert 'data-testid="search-done"' in saved.text
    # The store's documents are indexed after the save: each is new to it.
    _indexed(engine, now)
    notify_saved(client.app.state.guard)  # type: ignore[attr-defined]
    notices = client.get("/ui/notices")
    assert notices.status_code == 200
    assert f'href="/ui/entities/{seeded.main_entity}"' in notices.text
    assert 'data-testid="notices"' not in notices.text  # deconfliction: desk leads only
    other = as_user("analyst-b").get("/ui/notices")
    assert seeded.main_entity not in other.text
