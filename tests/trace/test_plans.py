"""Leak match: seized messages against an operation plan."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from kizashi.errors import SchemaError
from kizashi.trace.plans import Message, Operation, dates_named, leaked, match

JST = timezone(timedelta(hours=9))
TOKYO = ZoneInfo("Asia/Tokyo")
OPERATION = Operation(
    "op-oyama-1022",
    (date(2026, 10, 22),),
    ("東京都板橋区大山町 サンハイツ大山203号室",),
    ("@king_0x",),
)


def _message(text: str, when: datetime) -> Message:
    return Message("m", text, when)


def test_the_demo_warning_matches_place_date_and_word() -> None:
    warning = _message(
        "明日の朝、板橋区大山町のサンハイツ大山203にガサが入る。荷物全部移せ。今夜中に",
        datetime(2026, 10, 21, 23, 12, tzinfo=JST),
    )
    hit = match(OPERATION, warning, TOKYO)
    assert hit.score >= 0.7
    assert hit.parts["place"]["overlap"] >= 0.6
    assert hit.parts["date"]["said_as"] == "rel-ja-ashita"
    assert "raid-ja-gasa" in hit.parts["terms"]


def test_relative_dates_use_the_local_sending_day() -> None:
    # 23:30 JST on the 21st is still the 21st in Tokyo (14:30 UTC): 明日 is the 22nd.
    assert date(2026, 10, 22) in dates_named("明日", date(2026, 10, 21))
    assert date(2026, 10, 22) in dates_named("10/22 6時", date(2026, 10, 19))
    assert date(2026, 11, 2) in dates_named("2日に", date(2026, 10, 28))


def test_ordinary_chat_and_messages_outside_the_window_do_not_match() -> None:
    chatter = _message(
        "明日10時、池袋駅のコインロッカー212番", datetime(2026, 10, 21, 9, tzinfo=JST)
    )
    late = _message("板橋区大山町 サンハイツ大山203号室 ガサ", datetime(2026, 12, 1, tzinfo=JST))
    assert leaked(OPERATION, [chatter, late], TOKYO, min_score=0.6, window_days=7) == []


def test_an_operation_needs_id_dates_and_places() -> None:
    with pytest.raises(SchemaError, match=r"plan\.md: an operation needs"):
        Operation.from_meta({"id": "x", "dates": ["2026-10-22"]}, "plan.md")
    with pytest.raises(SchemaError, match=r"operation\.dates"):
        Operation.from_meta({"id": "x", "dates": ["22 Oct"], "places": ["a"]}, "plan.md")
