"""Chinese names across scripts: 王伟, Wang Wei and ワン・ウェイ read as one name, and two
companies' approachers with that name and a country in common are one approacher (SQLite
and PostgreSQL), while a namesake claiming no such country stays apart."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from kizashi.config import Settings
from kizashi.outreach import list_approachers, read_reports
from kizashi.outreach.chinese_names import same_chinese_name
from kizashi.store import transaction
from kizashi.store.tables_triage import alerts
from tests.outreach.world import KM, NOW, PURPOSE, TSC, World, approach, ingest, link_approacher


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("王伟", "Wang Wei"),
        ("王伟", "ワン・ウェイ"),
        ("王偉", "Wei Wang"),  # traditional form, Latin name in Western order
        ("張明", "チャン・ミン"),
        ("李小龍", "Li Xiaolong"),
        ("李小龍", "リー・シャオロン"),
        ("王伟", "Wáng Wěi"),  # tone marks folded
    ],
)
def test_one_chinese_name_in_three_scripts(a: str, b: str) -> None:
    assert same_chinese_name(a, b) and same_chinese_name(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("张伟", "Chang Wei"),  # Wade–Giles chang is pinyin zhang
        ("徐明", "Hsu Ming"),
        ("徐明", "Hsü Ming"),
        ("陳偉", "Ch'en Wei"),
        ("陳偉", "Ch’en Wei"),  # a typographic apostrophe
        ("陈伟", "Chen Wei"),  # the apostrophe dropped, as passports do
        ("Chang Wei", "チャン・ウェイ"),
        ("李小龍", "Lee Siu-lung"),  # Cantonese surname and given name, Wade–Giles lung
        ("陈伟", "Chan Wai"),  # Cantonese
        ("王伟", "Wong Wai"),
        ("黄伟", "Wong Wai"),  # Wong is 王 or 黄
        ("张家伟", "Cheung Ka-wai"),
        ("张家伟", "Ka-wai Cheung"),  # Western order, hyphenated given name
        ("吴家伟", "Ng Ka Wai"),
        ("许志明", "Hui Chi-ming"),
    ],
)
def test_wade_giles_and_cantonese_spellings_meet_the_other_scripts(a: str, b: str) -> None:
    assert same_chinese_name(a, b) and same_chinese_name(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("王伟", "Chan Wai"),  # Chan is 陈, never 王
        ("张伟", "Chang Wen"),
        ("王伟", "Ng Wai"),
        ("吴伟", "Wing Wai"),  # an older spelling is read whole, never inside a word
        ("Wang Wei", "Wangi Wei"),
        ("王伟", "Wang Wen"),
        ("王伟", "王"),  # a surname alone is not a name
        ("Viktor Halloran", "ヴィクトル・ハロラン"),  # not a Chinese name: resolve's work
        ("王伟", "佐藤 健一"),
    ],
)
def test_different_or_unreadable_names_do_not_match(a: str, b: str) -> None:
    assert not same_chinese_name(a, b)


def test_the_same_chinese_name_and_country_at_two_companies_is_one_approacher(
    world: World, engine: Engine, settings: Settings
) -> None:
    text = "展示会の懇親会で声をかけてきた人物と、その後何度も食事をし、費用は毎回先方が払った。"
    bodies = {
        "tsc": approach(
            "TSC-CI-2026-020", TSC, "semiconductor", text, date="2026-11-03",
            approacher_name="王伟", approacher_affiliation="中華人民共和国駐日本国大使館 科技処",
            approacher_phone="03-5555-0188",
        ),
        "km": approach(
            "KM-2026-040", KM, "materials", text, date="2026-11-12", employee="中村 直樹",
            approacher_name="Wang Wei", approacher_nationality="中国",
            approacher_phone="090-7777-2121",
        ),
        "namesake": approach(
            "KM-2026-041", KM, "materials", text, date="2026-11-13", employee="藤田 恵",
            approacher_name="ワン・ウェイ", approacher_affiliation="株式会社アオバ電子",
        ),
    }  # fmt: skip
    ids = {
        k: ingest(
            engine, settings, "company_approach", b, f"company:{'tsc' if k == 'tsc' else 'km'}"
        )
        for k, b in bodies.items()
    }
    with transaction(engine) as connection:
        entities = {k: link_approacher(connection, [i], "x") for k, i in ids.items()}
        read_reports(connection, list(ids.values()), now=NOW)
    found = [
        a
        for a in list_approachers(world.guard, world.users["es-analyst"], PURPOSE)
        if {"王伟", "Wang Wei", "ワン・ウェイ"} & set(a["names"])
    ]
    assert len(found) == 2
    wang = next(a for a in found if "王伟" in a["names"])
    assert set(wang["names"]) == {"王伟", "Wang Wei"} and len(wang["companies"]) == 2
    assert {entities["tsc"], entities["km"]} == set(wang["entities"])
    assert wang["links"] == [
        {"entity_id": entities["km"], "by": "chinese_name", "key": "王伟 = Wang Wei (CN)"}
    ]
    assert "ESC-TWO-COMPANIES" in {f["rule"] for f in wang["fired"]}
    with engine.connect() as connection:
        desk = connection.execute(
            select(alerts.c.desk_id).where(alerts.c.entity_id == wang["entity_id"])
        ).scalar_one()
    assert desk == "fa-china"
    namesake = next(a for a in found if a is not wang)
    assert namesake["names"] == ["ワン・ウェイ"] and namesake["entities"] == [entities["namesake"]]


def test_a_cantonese_spelling_at_one_company_and_hanzi_at_another_are_one_approacher(
    world: World, engine: Engine, settings: Settings
) -> None:
    text = "展示会の懇親会で声をかけてきた人物と、その後何度も食事をし、費用は毎回先方が払った。"
    bodies = {
        "tsc": approach(
            "TSC-CI-2026-030", TSC, "semiconductor", text, date="2026-11-03",
            approacher_name="張家偉", approacher_affiliation="香港貿易投資公司（中国）",
            approacher_phone="03-5555-0301",
        ),
        "km": approach(
            "KM-2026-050", KM, "materials", text, date="2026-11-12", employee="中村 直樹",
            approacher_name="Cheung Ka-wai", approacher_nationality="中国",
            approacher_phone="090-7777-0302",
        ),
    }  # fmt: skip
    ids = {
        k: ingest(engine, settings, "company_approach", b, f"company:{k}")
        for k, b in bodies.items()
    }
    with transaction(engine) as connection:
        entities = {k: link_approacher(connection, [i], "x") for k, i in ids.items()}
        read_reports(connection, list(ids.values()), now=NOW)
    [cheung] = [
        a
        for a in list_approachers(world.guard, world.users["es-analyst"], PURPOSE)
        if {"張家偉", "Cheung Ka-wai"} & set(a["names"])
    ]
    assert set(cheung["names"]) == {"張家偉", "Cheung Ka-wai"}
    assert {entities["tsc"], entities["km"]} == set(cheung["entities"])
    assert [link["by"] for link in cheung["links"]] == ["chinese_name"]
