"""The person a search names comes first (then the newest), after the guard decided: on the
seeded world, where a newer 小山田太郎 (Oyamada Taro) also contains 山田太郎."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from kizashi.config import Settings
from kizashi.search import SearchQuery, reindex_all, search
from kizashi.search.ranking import Named
from tests.search.conftest import World
from tests.search.test_search import PURPOSE, _route
from tests.triage.seed import NOW, add_entity, ingest, link, purchase


def _oyamada(engine: Engine, settings: Settings) -> str:
    """小山田太郎 buys charcoal a day before now: newer than every report of 山田太郎."""
    bought = ingest(
        engine,
        settings,
        "purchase",
        [
            purchase(
                "T9",
                "ホームセンターA/大塚店",
                "2026-11-01T10:00:00+09:00",
                "BBQ用 木炭 3kg",
                "木炭",
                3,
                "kg",
                "小山田太郎",
                "070-9999-0000",
            )
        ],
        "retailer:test",
    )
    with engine.begin() as connection:
        entity = add_entity(connection, "person", "小山田 太郎")
        link(connection, entity, bought)
        reindex_all(connection, now=NOW)
    return entity


@pytest.mark.parametrize(
    "query",
    ["山田太郎", "山田 太郎", "ヤマダ タロウ", "やまだたろう", "Taro Yamada", "YAMADA TARO"],
)
def test_the_person_named_comes_before_newer_partial_matches(
    world: World, engine: Engine, settings: Settings, query: str
) -> None:
    oyamada = _oyamada(engine, settings)
    _route(engine, world, world.seeded.offender)
    _route(engine, world, oyamada)
    page = search(world.guard, world.users["analyst"], SearchQuery(query), PURPOSE)
    people = [i["id"] for i in page.items if i["kind"] == "person"]
    assert people == [world.seeded.offender, oyamada]
    # Within reports too: those naming 山田太郎 before the newer one naming 小山田太郎.
    reports = [i["id"] for i in page.items if i["kind"] == "report"]
    assert reports[-1] == _newest_report_of(page, reports)


def _newest_report_of(page: object, report_ids: list[str]) -> str:
    items = {i["id"]: i for i in page.items}  # type: ignore[attr-defined]
    return max(report_ids, key=lambda r: items[r]["occurred_at"])


def test_a_partial_query_keeps_the_newest_first(
    world: World, engine: Engine, settings: Settings
) -> None:
    oyamada = _oyamada(engine, settings)
    _route(engine, world, world.seeded.offender)
    _route(engine, world, oyamada)
    page = search(world.guard, world.users["analyst"], SearchQuery("太郎"), PURPOSE)
    people = [i["id"] for i in page.items if i["kind"] == "person"]
    assert people == [oyamada, world.seeded.offender]  # neither is named: newest first


def test_ranking_comes_after_the_guard(world: World, engine: Engine, settings: Settings) -> None:
    """The person named exactly, held by another desk, is neither ranked nor counted."""
    oyamada = _oyamada(engine, settings)
    _route(engine, world, world.seeded.offender, desk="tokuryu")
    _route(engine, world, oyamada)
    page = search(world.guard, world.users["analyst"], SearchQuery("山田太郎"), PURPOSE)
    assert [i["id"] for i in page.items if i["kind"] == "person"] == [oyamada]
    assert page.facets["kind"]["person"] == 1
    assert page.total == sum(page.facets["kind"].values())


@pytest.mark.parametrize(
    ("query", "kind", "value", "named"),
    [
        ("山田太郎", "person", "山田 太郎", True),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "person", "山田太郎", True),
        ("Taro Yamada", "person", "ヤマダ タロウ", True),
        ("山田", "person", "山田太郎", False),
        ("山田太郎", "person", "小山田太郎", False),
        ("090-1234-5678", "phone", "+81 90 1234 5678", False),
        ("090-1234-5678", "phone", "０９０－１２３４－５６７８", True),
        ("09012345678", "phone", "090 1234 5678", True),
        ("tar0_ymd", "account", "TAR0_YMD", True),
        ("yamada", "account", "yamada_t", False),
        ("mama_54", "person", "mama_548", False),  # a handle-like label is not read as a name
    ],
)
def test_what_a_query_names(query: str, kind: str, value: str, named: bool) -> None:
    assert Named(query).by(kind, value) is named
