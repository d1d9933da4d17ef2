"""A new report that changes an existing entity's grouping: the live worker and a batch
``resolve`` on the same store give the same entities, and the risk follows (issues 12, 22).

Three cases, each fed to the worker report by report (the live path), then compared with a
batch run with the same model (``resolve_store(train=False)``) on the same store:

(a) **a son** — the father is known from two landlords' reports (his name, birth date, the
    household's landline, the family's e-mail); a report of the son with the father's name
    and landline but another birth date must not join him, and the father's risk stays his.
    (On this small store the model alone keeps them apart: name and landline are not enough.)
(b) **a bridge** — a tip naming the man behind a second account, already named behind the
    first: the two accounts' entities become one, as in batch, with one alert (opened when
    neither account had three lures, folded into one when both had an alert);
(c) **an entity that holds two people** — a father's and a son's purchases under one name,
    tied by the family's e-mail address (no birth date on them: nothing told them apart) and
    the father's patrol note (his birth date, his mobile); a patrol note of the son (his birth
    date, his mobile) links by an identity rule to his purchases and conflicts with his
    father's note. What the linker does — live and in batch alike — is keep the entity and
    the son's note apart with a ``split`` review flag on the stopped join, naming the birth
    dates: the entity is flagged, not silently kept, and not split (the clustering joins
    greedily, strongest edge first, ties in record-id order, the same in both paths: the
    identity-rule edges that made the entity weigh what the son's mobile edge weighs). The entity's alert stays where it is, once; the son's
    note is scored on his own new entity.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select

from kizashi.clock import ManualClock
from kizashi.config import Settings
from kizashi.pipeline import Worker
from kizashi.resolve import resolve_store
from kizashi.store import alerts, entity_members, mentions, risk_contributions
from kizashi.store.tables_purchases import purchase_firings
from kizashi.store.tables_resolve import resolve_flags
from tests.pipeline.helpers import NOW, history, ingest, lure
from tests.pipeline.test_regroup_by_report import _tip
from tests.pipeline.test_regrouping import _full_runs_change_nothing
from tests.resolve.partitions import partition

LANDLINE = "03-3944-1234"  # the household's
SON_MOBILE = "080-3333-4444"
FATHER_MOBILE = "090-1111-2222"
FAMILY_EMAIL = "yamada.ke@example.jp"
SULFUR = "試薬 硫黄(粉末) 500g"
ADDRESS = "豊島区南大塚3-12-5"


def _purchase(n: int, phone: str, day: int, grams: int, item: str) -> dict[str, Any]:
    return {
        "retailer": "テスト薬品",
        "store": "本店",
        "transaction_id": f"T-{n:05d}",
        "purchased_at": (NOW - timedelta(days=day)).isoformat(),
        "item": item,
        "quantity": grams,
        "unit": "g",
        "buyer_name": "山田太郎",
        "buyer_phone": phone,
        "buyer_address": ADDRESS,
        "buyer_email": FAMILY_EMAIL,
    }


def _note(ref: str, birth: str, phone: str, hours: int) -> dict[str, Any]:
    return {
        "note_ref": ref,
        "officer_id": "officer-1",
        "note_type": "patrol",
        "text": "職務質問",
        "observed_at": (NOW - timedelta(hours=hours)).isoformat(),
        "location": ADDRESS,
        "persons": [{"name": "山田太郎", "birth_date": birth, "phone": phone}],
    }


def _partner(ref: str, birth: str, hours: int, email: str | None = None) -> dict[str, Any]:
    """A landlord reports his tenant (the household's landline)."""
    return {
        "report_ref": ref,
        "partner_type": "real_estate",
        "category": "suspicious_tenant",
        "text": "賃貸ガレージから夜間に金属を削る音がすると近隣から苦情があった。",
        "observed_at": (NOW - timedelta(hours=hours)).isoformat(),
        "property_address": ADDRESS,
        "persons": [
            {
                "name": "山田太郎",
                "role": "tenant",
                "birth_date": birth,
                "phone": LANDLINE,
                **({"email": email} if email else {}),
            }
        ],
    }


def _entities(engine: Engine) -> dict[str, str]:
    """Mention id -> its entity, for every person mention."""
    with engine.connect() as connection:
        rows = connection.execute(select(entity_members.c.mention_id, entity_members.c.entity_id))
        return {str(r.mention_id): str(r.entity_id) for r in rows}


def _person_mentions(engine: Engine, report_id: str) -> list[str]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(mentions.c.id).where(
                mentions.c.report_id == report_id, mentions.c.kind == "person"
            )
        )
        return sorted(str(r) for r in rows.scalars())


def _entity_of(engine: Engine, report_id: str) -> str:
    of = _entities(engine)
    [entity] = {of[m] for m in _person_mentions(engine, report_id) if m in of}
    return entity


def _flags(engine: Engine) -> list[tuple[str, list[Any]]]:
    with engine.connect() as connection:
        return [(str(r.kind), r.conflicts) for r in connection.execute(select(resolve_flags))]


def _risk(engine: Engine) -> dict[str, Any]:
    with engine.connect() as connection:
        return {
            "alerts": {str(r.id): r for r in connection.execute(select(alerts))},
            "contributions": sorted(
                (str(r.entity_id), r.kind, r.source_ref)
                for r in connection.execute(select(risk_contributions))
            ),
            "firings": {
                (str(r.entity_id), r.rule_id): r
                for r in connection.execute(select(purchase_firings))
            },
        }


def _batch_agrees(engine: Engine) -> None:
    """A batch run with the store's model on the same store gives the entities the live
    path left (as partitions of mentions: a batch run writes entity ids of its own)."""
    live = partition(engine)
    resolve_store(engine, train=False)
    assert partition(engine) == live


def _start(engine: Engine, settings: Settings) -> tuple[Worker, ManualClock]:
    history(engine, settings)
    clock = ManualClock(NOW)
    worker = Worker(engine, settings, clock=clock, as_of=NOW, hooks=(), name="test")
    return worker, clock


def _five_sales(first: int, phone: str) -> list[dict[str, Any]]:
    """Four sulfur sales under a kilogram within two weeks and one larger: an alert's worth
    (a quantity and a structuring firing, as in test_regroup_by_report)."""
    sales = [_purchase(first + n, phone, 3 + n, 900, SULFUR) for n in range(4)]
    return [*sales, _purchase(first + 9, phone, 8, 2000, SULFUR)]


def _open(state: dict[str, Any]) -> list[Any]:
    return [a for a in state["alerts"].values() if a.status in ("new", "in_review")]


def test_a_son_with_the_fathers_name_and_landline_does_not_join(
    engine: Engine, settings: Settings
) -> None:
    worker, clock = _start(engine, settings)
    fathers = ingest(
        engine,
        settings,
        "partner_report",
        [_partner(f"P-{n}", "1961-04-02", 30 + n, FAMILY_EMAIL) for n in range(2)],
    )
    assert worker.drain().parked == 0
    father = _entity_of(engine, fathers[0])
    assert _entity_of(engine, fathers[1]) == father  # one man, seen twice
    before = _risk(engine)
    mine = {c for c in before["contributions"] if c[0] == father}
    assert mine

    clock.advance(timedelta(minutes=5))
    [son_note] = ingest(engine, settings, "partner_report", [_partner("P-9", "1989-08-30", 1)])
    assert worker.drain().parked == 0
    son = _entity_of(engine, son_note)
    assert son != father
    assert {_entity_of(engine, r) for r in fathers} == {father}
    after = _risk(engine)
    # The father's risk is what it was; the son's report is scored on the son only.
    assert {c for c in after["contributions"] if c[0] == father} == mine
    assert f"report:{son_note}" not in {c[2] for c in after["contributions"] if c[0] == father}
    assert any(c[0] == son for c in after["contributions"])
    assert worker.drain().total == 0
    _full_runs_change_nothing(engine, clock)
    _batch_agrees(engine)
    assert _entity_of(engine, son_note) not in {_entity_of(engine, r) for r in fathers}


@pytest.mark.parametrize(("first", "second"), [(2, 1), (3, 3)])
def test_a_tip_bridging_two_accounts_merges_them_as_batch_does(
    engine: Engine, settings: Settings, first: int, second: int
) -> None:
    worker, clock = _start(engine, settings)
    posted = [lure(engine, settings, n, 20 - n, "kasegu_a") for n in range(first)]
    posted += [lure(engine, settings, 10 + n, 10 - n, "kasegu_b") for n in range(second)]
    [tip] = ingest(engine, settings, "public_tip", [_tip("T-1", "kasegu_a")])
    assert worker.drain().parked == 0
    assert len({_entity_of(engine, r) for r in posted}) == 2
    alerts_before = len(_risk(engine)["alerts"])
    assert alerts_before == (first >= 3) + (second >= 3)

    clock.advance(timedelta(minutes=5))
    [bridge] = ingest(engine, settings, "public_tip", [_tip("T-2", "kasegu_b")])
    assert worker.drain().parked == 0
    [one] = {_entity_of(engine, r) for r in [*posted, tip, bridge]}
    after = _risk(engine)
    [kept] = _open(after)  # one alert for the person, on the merged entity
    assert kept.entity_id == one
    assert {c[0] for c in after["contributions"]} == {one}
    assert len(after["alerts"]) == max(alerts_before, 1)  # folded or opened, never a third
    assert worker.drain().total == 0
    _full_runs_change_nothing(engine, clock)
    _batch_agrees(engine)
    assert len({_entity_of(engine, r) for r in [*posted, tip, bridge]}) == 1


def test_a_record_revealing_two_people_in_one_entity_is_flagged_as_in_batch(
    engine: Engine, settings: Settings
) -> None:
    worker, clock = _start(engine, settings)
    fathers = ingest(
        engine,
        settings,
        "purchase",
        [_purchase(n, FATHER_MOBILE, 10 + n, 300, "園芸用 肥料 1kg") for n in range(3)],
    )
    sons = ingest(engine, settings, "purchase", _five_sales(10, SON_MOBILE))
    [father_note] = ingest(
        engine, settings, "patrol_note", [_note("N-1", "1961-04-02", FATHER_MOBILE, 30)]
    )
    assert worker.drain().parked == 0
    # Nothing told the father and the son apart: one entity (the family's e-mail address).
    [held] = {_entity_of(engine, r) for r in [*fathers, *sons, father_note]}
    before = _risk(engine)
    [alert] = _open(before)
    assert alert.entity_id == held and _flags(engine) == []

    clock.advance(timedelta(minutes=5))
    [son_note] = ingest(
        engine, settings, "patrol_note", [_note("N-2", "1989-08-30", SON_MOBILE, 1)]
    )
    assert worker.drain().parked == 0
    son = _entity_of(engine, son_note)
    assert son != held
    assert {_entity_of(engine, r) for r in [*fathers, *sons, father_note]} == {held}
    flagged = [
        ("split", [{"field": "birth_date", "conflict": "birth dates 1989-08-30 / 1961-04-02"}])
    ]
    assert _flags(engine) == flagged  # the entity is flagged for review, not silently kept
    after = _risk(engine)
    assert [(a.id, a.entity_id) for a in _open(after)] == [(alert.id, held)]  # once
    assert set(after["alerts"]) == set(before["alerts"])
    assert {e for e, _ in after["firings"]} == {held}
    # (a note is scored on every entity it names: the person, and the place of the stop)
    scored = {c[0] for c in after["contributions"] if c[2] == f"report:{son_note}"}
    assert son in scored and held not in scored
    assert worker.drain().total == 0
    _full_runs_change_nothing(engine, clock)
    _batch_agrees(engine)
    assert _flags(engine) == flagged
