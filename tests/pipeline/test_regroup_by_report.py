"""A new report that links two existing entities moves their alerts to one, once (issue 12,
live21).

Two buyers each bought enough sulfur, in small sales, for an alert of their own (a quantity
and a structuring firing): 山田太郎 with an e-mail address, and ヤマダ タロウ with another mobile
(one reading, nothing shared: two entities). A third purchase, 山田太郎 again, carries the first
buyer's e-mail address and the second's mobile number, so the resolve stage's identity rules
link it to both and the two components become one person. (The third buyer was 山田一郎 until
link40: another given name under one surname is now a family member's, not the same man's,
whatever e-mail they share — issue 22's decisive disagreement.) The worker alone
— no batch command, no analyst — re-evaluates the firings for the merged buyer, re-scores
him, folds the merged-away alert into the survivor's and leaves one open alert with every
purchase counted once; another pass and full runs of the purchase rules and triage
afterwards change nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select

from kizashi.clock import ManualClock
from kizashi.config import Settings
from kizashi.pipeline import Worker
from kizashi.store import alert_events, alerts, entity_members, mentions, risk_contributions
from kizashi.store.tables_purchases import purchase_firings
from tests.pipeline.helpers import NOW, history, ingest, lure
from tests.pipeline.test_regrouping import _full_runs_change_nothing

EMAIL = "taro.yamada@example.jp"


def _purchase(
    name: str, phone: str, email: str | None, transaction_id: str, day: int, grams: int
) -> dict[str, Any]:
    return {
        "retailer": "テスト薬品",
        "store": "本店",
        "transaction_id": transaction_id,
        "purchased_at": (NOW - timedelta(days=day)).isoformat(),
        "item": "試薬 硫黄(粉末) 500g",
        "quantity": grams,
        "unit": "g",
        "buyer_name": name,
        "buyer_phone": phone,
        "buyer_email": email,
    }


def _buyer_sales(name: str, phone: str, email: str | None, first_day: int) -> list[dict[str, Any]]:
    """Four sales under a kilogram within two weeks and one larger: 5.6 kg in all."""
    key = phone[-4:]
    sales = [_purchase(name, phone, email, f"T-{key}-{n}", first_day + n, 900) for n in range(4)]
    return [*sales, _purchase(name, phone, email, f"T-{key}-9", first_day + 5, 2000)]


def _buyer_entities(engine: Engine) -> dict[str, str]:
    """Report id -> the entity its buyer's name is in now."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(mentions.c.report_id, entity_members.c.entity_id)
            .join(entity_members, entity_members.c.mention_id == mentions.c.id)
            .where(mentions.c.path == "buyer_name")
        )
        return {str(r.report_id): str(r.entity_id) for r in rows}


def _state(engine: Engine) -> dict[str, Any]:
    with engine.connect() as connection:
        return {
            "alerts": {r.id: r for r in connection.execute(select(alerts))},
            "events": [
                (r.alert_id, r.action)
                for r in connection.execute(
                    select(alert_events).order_by(alert_events.c.at, alert_events.c.id)
                )
            ],
            "contributions": sorted(
                (r.entity_id, r.kind, r.source_ref, r.weight)
                for r in connection.execute(select(risk_contributions))
            ),
            "firings": {
                (r.entity_id, r.rule_id): r for r in connection.execute(select(purchase_firings))
            },
        }


def test_a_report_linking_two_buyers_leaves_one_alert_rescored_once(
    engine: Engine, settings: Settings
) -> None:
    history(engine, settings)
    clock = ManualClock(NOW)
    worker = Worker(engine, settings, clock=clock, as_of=NOW, hooks=(), name="test")
    ingest(
        engine,
        settings,
        "purchase",
        [
            *_buyer_sales("山田太郎", "090-1111-2222", EMAIL, 10),
            *_buyer_sales("ヤマダ タロウ", "080-3333-4444", None, 3),
        ],
    )
    assert worker.drain().parked == 0
    before = _state(engine)
    assert len({e for e in _buyer_entities(engine).values()}) == 2
    assert len(before["alerts"]) == 2  # one per buyer, each on its own firings
    assert {a.status for a in before["alerts"].values()} == {"new"}

    clock.advance(timedelta(minutes=5))
    [linking] = ingest(
        engine,
        settings,
        "purchase",
        [_purchase("山田太郎", "080-3333-4444", EMAIL, "T-LINK", 1, 900)],
    )
    assert worker.drain().parked == 0
    buyers = _buyer_entities(engine)
    survivor = buyers[linking]
    assert set(buyers.values()) == {survivor}  # the resolve stage made one person of three

    after = _state(engine)
    assert set(after["alerts"]) == set(before["alerts"])  # no alert opened on the merged one
    open_now = [a for a in after["alerts"].values() if a.status in ("new", "in_review")]
    [kept] = open_now
    [folded] = [a for a in after["alerts"].values() if a.status == "folded"]
    assert kept.entity_id == survivor and folded.folded_into == kept.id
    assert kept.desk_id == before["alerts"][kept.id].desk_id == "lone-offender"
    assert kept.score > max(a.score for a in before["alerts"].values())
    # Every purchase counted once, on the merged buyer only: one quantity and one
    # structuring firing over all eleven sales (5.6 + 5.6 + 0.9 kg), nothing left on the
    # merged-away entity.
    assert {e for e, _ in after["firings"]} == {survivor}
    quantity = after["firings"][(survivor, "precursor-quantity:sulfur")]
    assert len(quantity.report_ids) == 11
    assert {c[0] for c in after["contributions"]} == {survivor}
    assert len(after["contributions"]) == 2
    # Once: one fold (an event on each alert), the survivor re-scored with the merged
    # evidence at most once. (A `rescored` event is written only when the evidence's source
    # refs change: which buyer's entity survives the re-clustering decides whether the
    # firings keep their ids, so it is there on some runs and not on others.)
    new_events = after["events"][len(before["events"]) :]
    once = [(kept.id, "merged"), (folded.id, "folded")]
    assert sorted(e for e in new_events if e[1] != "rescored") == sorted(once)
    assert [e for e in new_events if e[1] == "rescored"] in ([], [(kept.id, "rescored")])

    # Nothing left to do: another pass and full runs change nothing.
    assert worker.drain().total == 0
    clock.advance(timedelta(minutes=5))
    _full_runs_change_nothing(engine, clock)
    assert _state(engine)["events"] == after["events"]


def _tip(ref: str, handle: str) -> dict[str, Any]:
    """A citizen names the man behind an account: his name and the mobile he gave."""
    return {
        "tip_ref": ref,
        "received_via": "web_form",
        "anonymous": True,
        "text": f"知人の本山が @{handle} というアカウントで割のいいバイトを紹介していると言っていた。",
        "observed_at": (NOW - timedelta(hours=2)).isoformat(),
        "subjects": [
            {"name": "本山 一樹", "phone": "090-5555-6666", "account_handle": f"@{handle}"}
        ],
    }


def _text_state(engine: Engine) -> tuple[dict[str, Any], list[tuple[str, str]], list[Any]]:
    with engine.connect() as connection:
        opened = {r.id: r for r in connection.execute(select(alerts))}
        events = [
            (r.alert_id, r.action)
            for r in connection.execute(
                select(alert_events).order_by(alert_events.c.at, alert_events.c.id)
            )
        ]
        contributions = list(connection.execute(select(risk_contributions)))
    return opened, events, contributions


@pytest.mark.parametrize(("first", "second"), [(2, 1), (3, 3)])
def test_a_tip_tying_two_accounts_together_counts_their_lures_once_on_one_alert(
    engine: Engine, settings: Settings, first: int, second: int
) -> None:
    """A recruiter posts from two accounts. A tip names the man behind the first (his name,
    mobile and handle), a second tip the same man behind the second: the resolve stage
    links the second tip to both, and the lures of two entities become one person's. The
    repeat rule then counts them together — an alert opens when neither account had three
    (2 + 1), or the two accounts' alerts become one (3 + 3) — each lure counted once, on the
    survivor only, and nothing changes on another pass or a full run."""
    history(engine, settings)
    clock = ManualClock(NOW)
    worker = Worker(engine, settings, clock=clock, as_of=NOW, hooks=(), name="test")
    posted = [lure(engine, settings, n, 20 - n, "kasegu_a") for n in range(first)]
    posted += [lure(engine, settings, 10 + n, 10 - n, "kasegu_b") for n in range(second)]
    ingest(engine, settings, "public_tip", [_tip("T-1", "kasegu_a")])
    assert worker.drain().parked == 0
    before, before_events, _ = _text_state(engine)
    assert len(before) == (first >= 3) + (second >= 3)

    clock.advance(timedelta(minutes=5))
    [linking] = ingest(engine, settings, "public_tip", [_tip("T-2", "kasegu_b")])
    assert worker.drain().parked == 0
    after, events, contributions = _text_state(engine)
    open_now = [a for a in after.values() if a.status in ("new", "in_review")]
    [kept] = open_now
    assert kept.desk_id == "tokuryu"
    repeated = kept.explanation["repeated"]
    assert repeated["count"] == first + second
    assert sorted(c["report_id"] for c in repeated["counted"]) == sorted(posted)
    # Every lure and tip counted once, on the one entity.
    lures = [c for c in contributions if c.kind == "text_signal"]
    assert sorted(c.report_id for c in lures) == sorted(posted)
    assert {c.entity_id for c in contributions} == {kept.entity_id}
    assert len({(c.entity_id, c.kind, c.source_ref) for c in contributions}) == len(contributions)
    assert linking in {c.report_id for c in contributions}
    new_events = events[len(before_events) :]
    if before:  # the two accounts' alerts: one kept, one folded into it, no third opened
        assert set(after) == set(before)
        [folded] = [a for a in after.values() if a.status == "folded"]
        assert folded.folded_into == kept.id
        assert sorted(e for e in new_events if e[1] != "rescored") == sorted(
            [(kept.id, "merged"), (folded.id, "folded")]
        )
    else:  # neither account had three: the person has three, and one alert opens
        assert [e for e in new_events if e[1] != "rescored"] == [(kept.id, "opened")]

    assert worker.drain().total == 0
    clock.advance(timedelta(minutes=5))
    _full_runs_change_nothing(engine, clock)
    final, final_events, _ = _text_state(engine)
    assert final_events == events
    assert {(a.id, a.entity_id, a.status, a.score) for a in final.values()} == {
        (a.id, a.entity_id, a.status, a.score) for a in after.values()
    }
