"""Global search on the seeded world, on SQLite and PostgreSQL: a person found in any
script; hidden material never shown nor counted; the search audited with its purpose."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import Connection, Engine, func, select, text

from kizashi.errors import ForbiddenError, InputError
from kizashi.guard.identity import add_item, add_member, create_compartment, label_material
from kizashi.guard.identity.service import create_user
from kizashi.search import SearchQuery, reindex_all, search
from kizashi.store.tables import audit_entries, audit_personal, mentions, reports
from kizashi.store.tables_resolve import entity_members
from kizashi.store.tables_search import search_docs
from tests.search.conftest import World
from tests.triage.seed import NOW

PURPOSE = "investigation of threats"


def _route(engine: Engine, world: World, entity_id: str, desk: str = "lone-offender") -> list[str]:
    """Route every report behind the entity to ``desk``; re-index."""
    with engine.begin() as connection:
        ids = sorted(
            set(
                connection.execute(
                    select(entity_members.c.report_id).where(
                        entity_members.c.entity_id == entity_id
                    )
                ).scalars()
            )
        )
        for report_id in ids:
            label_material(connection, "report", report_id, desk=desk)
        reindex_all(connection, now=NOW)
    return ids


def _labels(page: object) -> list[tuple[str, str]]:
    return [(i["kind"], i["label"]) for i in page.items]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "query",
    [
        "山田太郎",
        "山田 太郎",
        "山田",
        "ヤマダ タロウ",
        "ﾔﾏﾀﾞﾀﾛｳ",
        "やまだ",
        "yamada",
        "Taro Yamada",
        "YAMADA TARO",
        "090-1234-5678",
        "09012345678",
        "+81 90 1234 5678",
        "tar0_ymd",
        "南大塚",
    ],
)
def test_the_person_is_found_in_any_script_and_by_any_identifier(
    world: World, engine: Engine, query: str
) -> None:
    _route(engine, world, world.seeded.offender)
    page = search(world.guard, world.users["analyst"], SearchQuery(query), PURPOSE)
    people = [i for i in page.items if i["kind"] == "person"]
    assert [p["id"] for p in people] == [world.seeded.offender]
    assert people[0]["url"] == f"/ui/entities/{world.seeded.offender}"
    assert page.facets["kind"]["person"] == 1


def test_reports_are_found_by_their_text_and_facets_narrow_them(
    world: World, engine: Engine
) -> None:
    routed = _route(engine, world, world.seeded.offender)
    page = search(world.guard, world.users["analyst"], SearchQuery("ガレージ"), PURPOSE)
    assert page.total >= 1 and {i["kind"] for i in page.items} == {"report"}
    assert {i["id"] for i in page.items} <= set(routed)
    only = search(
        world.guard, world.users["analyst"], SearchQuery("yamada", kind="report"), PURPOSE
    )
    assert only.items and {i["kind"] for i in only.items} == {"report"}
    assert set(only.facets["kind"]) == {"report"}
    channel = only.items[0]["channel"]
    narrowed = search(
        world.guard,
        world.users["analyst"],
        SearchQuery("yamada", kind="report", channel=channel, per_page=1),
        PURPOSE,
    )
    assert narrowed.total == only.facets["channel"][channel] and len(narrowed.items) == 1
    future = search(
        world.guard,
        world.users["analyst"],
        SearchQuery("yamada", since=(NOW + timedelta(days=400)).date()),
        PURPOSE,
    )
    assert future.total == 0 and future.items == []


def test_hidden_material_is_never_shown_nor_counted(world: World, engine: Engine) -> None:
    _route(engine, world, world.seeded.offender)
    # Sato's reports go to another desk: the analyst may not see them, nor Sato.
    _route(engine, world, world.seeded.bystander, desk="tokuryu")
    analyst = world.users["analyst"]
    page = search(world.guard, analyst, SearchQuery("佐藤花子"), PURPOSE)
    assert (page.total, page.items, page.needs_purpose) == (0, [], False)
    assert all(not counts for counts in page.facets.values())
    # A compartment of another desk holds Yamada: gone for the analyst, facets included.
    with engine.begin() as connection:
        create_compartment(
            connection,
            "op-kaede",
            desk="tokuryu",
            valid_from=NOW - timedelta(days=1),
            valid_until=NOW + timedelta(days=30),
        )
        add_item(connection, "op-kaede", "subject", f"entity:{world.seeded.offender}")
        member = create_user(connection, "an-kaede", role="analyst", desk="lone-offender")
        add_member(connection, "op-kaede", "an-kaede")
    for query in ("山田太郎", "yamada", "090-1234-5678"):
        hidden = search(world.guard, analyst, SearchQuery(query), PURPOSE)
        assert world.seeded.offender not in {i["id"] for i in hidden.items}
        assert hidden.facets["kind"].get("person", 0) == 0
    # A named member of the compartment still finds him.
    shown = search(world.guard, member, SearchQuery("yamada"), PURPOSE)
    assert world.seeded.offender in {i["id"] for i in shown.items}


def test_the_search_is_audited_with_its_query_and_purpose(world: World, engine: Engine) -> None:
    _route(engine, world, world.seeded.offender)
    with engine.connect() as connection:
        before = connection.execute(select(func.max(audit_entries.c.seq))).scalar() or -1
    search(world.guard, world.users["analyst"], SearchQuery("ヤマダ", kind="person"), PURPOSE)
    with engine.connect() as connection:
        entries = connection.execute(
            select(audit_entries).where(audit_entries.c.seq > before).order_by(audit_entries.c.seq)
        ).all()
        personal = dict(
            connection.execute(
                select(audit_personal.c.field, audit_personal.c.value).where(
                    audit_personal.c.seq == entries[0].seq
                )
            ).all()
        )
    assert {e.action for e in entries} == {"search"}
    assert {e.purpose for e in entries} == {PURPOSE}
    first = entries[0]
    assert (first.resource_type, first.resource_id, first.effect) == ("subject", "", "allow")
    assert personal == {"subject": "search:やまだ"}  # the query: personal, redactable
    assert '"kind":"person"' in first.leaf  # the facets: in the leaf
    assert "やまだ" not in first.leaf
    # The person it found was decided, as a subject, and one report behind it.
    assert {e.resource_type for e in entries[1:]} == {"subject", "report"}


def test_accounts_that_may_not_search_are_refused_and_bad_queries_named(
    world: World, engine: Engine
) -> None:
    with pytest.raises(ForbiddenError):
        search(world.guard, world.users["admin"], SearchQuery("山田"), PURPOSE)
    with pytest.raises(InputError, match="q: a search needs at least 2"):
        search(world.guard, world.users["analyst"], SearchQuery(" x "), PURPOSE)
    with pytest.raises(InputError, match="kind must be one of"):
        search(world.guard, world.users["analyst"], SearchQuery("山田", kind="spaceship"), PURPOSE)
    inverted = SearchQuery("山田", since=NOW.date(), until=(NOW - timedelta(days=2)).date())
    assert search(world.guard, world.users["analyst"], inverted, PURPOSE).total == 0


def test_the_index_is_the_stores_full_text_index(world: World, engine: Engine) -> None:
    with engine.begin() as connection:
        reindex_all(connection, now=NOW)
    with engine.connect() as connection:
        docs = connection.execute(select(func.count()).select_from(search_docs)).scalar_one()
        stored = connection.execute(select(func.count()).select_from(reports)).scalar_one()
        assert docs >= stored  # every report, and every live entity
        if engine.dialect.name == "sqlite":
            fts = connection.execute(text("SELECT count(*) FROM search_fts")).scalar_one()
            assert fts == docs
            plan = " ".join(
                str(r[-1])
                for r in connection.execute(
                    text(
                        "EXPLAIN QUERY PLAN SELECT rowid FROM search_fts WHERE search_fts MATCH 'yamada'"
                    )
                )
            )
            assert "VIRTUAL TABLE INDEX" in plan
        else:
            index = connection.execute(
                text(
                    "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_search_docs_body_trgm' "
                    "AND schemaname = current_schema()"
                )
            ).scalar_one()
            assert "gin_trgm_ops" in index


def test_an_entity_document_holds_each_value_once_and_its_latest_date(
    world: World, engine: Engine
) -> None:
    """The entity's members repeat values (one name on many reports); its document is read
    one row per distinct value, so each value is said once and the date is the latest."""
    from kizashi.search.terms import body

    offender = world.seeded.offender
    with engine.begin() as connection:
        reindex_all(connection, now=NOW)
        said = connection.execute(
            select(
                mentions.c.kind,
                mentions.c.value,
                func.coalesce(reports.c.occurred_at, reports.c.received_at),
            )
            .join(entity_members, entity_members.c.mention_id == mentions.c.id)
            .join(reports, reports.c.id == entity_members.c.report_id)
            .where(entity_members.c.entity_id == offender)
        ).all()
        doc = connection.execute(
            select(search_docs.c.body, search_docs.c.occurred_at).where(
                search_docs.c.ref_id == offender
            )
        ).one()
    assert len(said) > len({(kind, value) for kind, value, _ in said})  # values repeat
    lines = doc.body.split("\n")
    assert len(lines) == len(set(lines))
    assert set(lines) == set(body([(kind, value) for kind, value, _ in said]).split("\n"))
    assert doc.occurred_at == max(at for _, _, at in said)


def _document(engine: Engine, ref_id: str) -> tuple[frozenset[str], object]:
    with engine.connect() as connection:
        doc = connection.execute(
            select(search_docs.c.body, search_docs.c.occurred_at).where(
                search_docs.c.ref_id == ref_id, search_docs.c.kind != "report"
            )
        ).one()
    return frozenset(doc.body.split("\n")), doc.occurred_at


def _a_report_of(connection: Connection, entity_id: str) -> str:
    report_id = (
        connection.execute(
            select(entity_members.c.report_id).where(entity_members.c.entity_id == entity_id)
        )
        .scalars()
        .first()
    )
    assert report_id is not None
    return str(report_id)


def _add_alias(
    connection: Connection, mention_id: str, entity_id: str, report_id: str, at: datetime
) -> None:
    """A new member of ``entity_id`` with a name the entity never had (黒木 玄)."""
    connection.execute(
        mentions.insert().values(
            id=mention_id,
            report_id=report_id,
            kind="person",
            path="persons[9].name",
            value="黒木 玄",
            normalized="黒木 玄",
        )
    )
    connection.execute(
        entity_members.insert().values(
            mention_id=mention_id,
            entity_id=entity_id,
            report_id=report_id,
            reasons=[],
            linked_at=at,
        )
    )


def test_the_live_stage_adds_what_new_members_say_and_rebuilds_after_one_leaves(
    world: World, engine: Engine
) -> None:
    """The pipeline's search stage follows the new members of an entity (it does not read
    every member again); what it writes is what a rebuild from every member writes, as it
    grows and after a member leaves (resolve marks the entity, the stage rebuilds it)."""
    from kizashi.resolve.entities_writer import mark_left
    from kizashi.search import index_reports

    offender = world.seeded.offender
    with engine.begin() as connection:
        reindex_all(connection, now=NOW)
        report_id = _a_report_of(connection, offender)
    before = _document(engine, offender)
    with engine.begin() as connection:  # a report said again: nothing new to find it by
        index_reports(connection, [report_id], now=NOW + timedelta(hours=1))
    assert _document(engine, offender) == before
    with engine.begin() as connection:  # a new member with a name the entity never had
        _add_alias(connection, "m-new-alias", offender, report_id, NOW + timedelta(hours=2))
        index_reports(connection, [report_id], now=NOW + timedelta(hours=2))
    grown = _document(engine, offender)
    assert "黒木 玄" in grown[0] and grown[0] > before[0]
    with engine.begin() as connection:
        reindex_all(connection, now=NOW + timedelta(hours=3))
    assert _document(engine, offender) == grown  # what a rebuild from every member gives
    with engine.begin() as connection:  # the member leaves; resolve marks the entity
        connection.execute(
            entity_members.delete().where(entity_members.c.mention_id == "m-new-alias")
        )
        mark_left(connection, [offender], NOW + timedelta(hours=4))
        index_reports(connection, [report_id], now=NOW + timedelta(hours=5))
    assert _document(engine, offender) == before


def test_a_leaving_is_counted_not_timed(world: World, engine: Engine, monkeypatch: object) -> None:
    """Whatever the clock says (standing still, going back), the live stage rebuilds an
    entity's document after a member left it since it was built, and only then (live19,
    migration 0031: the test compared ``members_left_at`` with the document's time, so with a
    clock standing still every entity a member had ever left was rebuilt on every touch, and
    with a clock going back a leaving was missed)."""
    import pytest

    from kizashi.resolve.entities_writer import mark_left
    from kizashi.search import index, index_reports

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    rebuilt: list[str] = []
    docs = index._entity_docs

    def spy(connection: object, entity_ids: list[str], *args: object, **kw: object) -> object:
        rebuilt.extend(entity_ids)
        return docs(connection, entity_ids, *args, **kw)  # type: ignore[arg-type]

    offender = world.seeded.offender
    with engine.begin() as connection:
        mark_left(connection, [offender], NOW)  # a member left it once, before the build
        reindex_all(connection, now=NOW)
        report_id = _a_report_of(connection, offender)
    before = _document(engine, offender)
    monkeypatch.setattr(index, "_entity_docs", spy)
    with engine.begin() as connection:  # the clock stands still: nothing left since the build
        index_reports(connection, [report_id], now=NOW)
    assert offender not in rebuilt and _document(engine, offender) == before
    with engine.begin() as connection:  # a new member, then it leaves, the clock going back
        _add_alias(connection, "m-gone-alias", offender, report_id, NOW)
        index_reports(connection, [report_id], now=NOW)
    assert "黒木 玄" in _document(engine, offender)[0]
    with engine.begin() as connection:
        connection.execute(
            entity_members.delete().where(entity_members.c.mention_id == "m-gone-alias")
        )
        mark_left(connection, [offender], NOW - timedelta(hours=1))
        index_reports(connection, [report_id], now=NOW - timedelta(hours=1))
    assert offender in rebuilt
    assert _document(engine, offender) == before
