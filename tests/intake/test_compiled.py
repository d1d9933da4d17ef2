"""The generated validator accepts only what the channel's model accepts, and gives the same
report: each row is prepared with and without it and the outcomes compared."""

from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizashi.config import load_settings
from kizashi.intake.compiled import compiled_validator, json_datetime, natural_key
from kizashi.intake.prepare import Preparer
from kizashi.intake.readers import RawRow
from kizashi.intake.spec import channel_ids, get_channel
from tests.depth import examples

TZ = load_settings().tz
NOW = datetime(2026, 11, 1, 0, 0, tzinfo=UTC)
POST: dict[str, Any] = {
    "platform": "x",
    "post_id": "123",
    "account_handle": "@Yamada_T",
    "display_name": "山田",
    "text": "こんにちは",
    "posted_at": "2026-10-05T10:00:00",
    "follower_count": 12,
}
PURCHASE: dict[str, Any] = {
    "retailer": "ホームセンターA",
    "store": "店舗01",
    "transaction_id": "T1",
    "purchased_at": "2026-10-05T10:00:00+09:00",
    "item": "硝酸アンモニウム",
    "quantity": 2,
    "unit": "kg",
    "price_jpy": 1200,
    "payment_token_hash": "00ff00ff00ff00ff",
}

POST_VARIANTS: list[dict[str, Any]] = [
    {},
    {"posted_at": "2026-10-05T10:00:00Z"},
    {"posted_at": "2026-10-05T10:00:00+00:00"},
    {"posted_at": "2026-10-05T10:00:00-00:00"},
    {"posted_at": "2026-10-05 10:00:00.5+05:30"},
    {"posted_at": "2026-10-05T10:00:00.123456-03:30"},
    {"posted_at": "2026-10-05T10:00:00.1234567Z"},
    {"posted_at": "2026-10-05T24:00:00"},
    {"posted_at": "2026-10-05T10:00"},
    {"posted_at": "2026-10-05"},
    {"posted_at": "1899-12-31T23:00:00Z"},
    {"posted_at": "3000-01-01T00:00:00Z"},
    {"posted_at": "2026-02-30T00:00:00Z"},
    {"posted_at": "１７００"},
    {"posted_at": "1700000000"},
    {"posted_at": 1700000000},
    {"text": "  \u3000 "},
    {"text": "a\x00b"},
    {"text": ""},
    {"text": "x" * 20_001},
    {"text": "x" * 20_000},
    {"text": " 前後に空白 \n"},
    {"display_name": None},
    {"display_name": ""},
    {"follower_count": -1},
    {"follower_count": 2**53},
    {"follower_count": 12.0},
    {"follower_count": 12.5},
    {"follower_count": True},
    {"follower_count": "12"},
    {"post_id": 123},
    {"unknown": 1},
    {"source": "partner", "external_id": "e-1", "reliability": "B", "credibility": "2"},
    {"handling_code": "TLP:RED", "purpose": "p", "legal_basis": "l", "language": "ja"},
    {"reliability": "Z"},
    {"received_at": "2026-10-06T00:00:00Z", "occurred_at": "2026-10-05T09:00:00"},
    {"occurred_at": "0001-01-01T00:00:00+09:00"},
    {"source": " "},
]
PURCHASE_VARIANTS: list[dict[str, Any]] = [
    {},
    {"quantity": 2.5},
    {"quantity": 0},
    {"quantity": 0.0},
    {"quantity": -1.0},
    {"quantity": 2**60},
    {"quantity": True},
    {"quantity": "2"},
    {"unit": "ｍL"},
    {"payment_token_hash": "00ff00ff00ff00ff\n"},
    {"payment_token_hash": "00ff00ff00ff00fg"},
    {"payment_token_hash": "00ff"},
    {"price_jpy": -5},
    {"substance": "硝酸アンモニウム", "buyer_name": "山田 太郎", "buyer_phone": "090-1234-5678"},
]


def _prepared(channel: str, data: Any, fast: bool, **options: Any) -> Any:
    preparer = Preparer(channel, TZ, **({"default_source": "bench"} | options), now=NOW)
    if not fast:
        preparer._fast = None
    return preparer.prepare(RawRow(row=3, line=4, raw="{}", data=data, error=None))


@pytest.mark.parametrize(
    "options",
    [
        {"organisation": "partner-a"},
        {"organisation": "partner-a", "default_source": None},
        {"default_source": None},
        {"default_source": ""},
        {"organisation": ""},
    ],
)
@pytest.mark.parametrize(
    "data",
    [POST, POST | {"source": "partner-a"}, POST | {"source": "other"}, POST | {"reliability": "A"}],
)
def test_a_partner_row_or_one_without_a_source_gives_the_same_outcome_either_way(
    options: dict[str, Any], data: dict[str, Any]
) -> None:
    fast = _prepared("sns_post", data, True, **options)
    assert fast == _prepared("sns_post", data, False, **options)
    # Later rows of a run take the provenance worked out for the first.
    preparer = Preparer("sns_post", TZ, **({"default_source": "bench"} | options), now=NOW)
    rows = [RawRow(row=3, line=4, raw="{}", data=data, error=None)] * 2
    assert [preparer.prepare(row) for row in rows] == [fast, fast]


@pytest.mark.parametrize(
    ("channel", "data"),
    [("sns_post", POST | change) for change in POST_VARIANTS]
    + [("purchase", PURCHASE | change) for change in PURCHASE_VARIANTS]
    + [("sns_post", {k: v for k, v in POST.items() if k != "text"}), ("sns_post", [POST])],
)
def test_a_row_gives_the_same_report_or_the_same_problems_either_way(
    channel: str, data: Any
) -> None:
    assert _prepared(channel, data, fast=True) == _prepared(channel, data, fast=False)


def test_the_plain_rows_take_the_generated_path() -> None:
    assert compiled_validator("sns_post")(POST, TZ) is not None
    assert compiled_validator("purchase")(PURCHASE, TZ) is not None
    assert compiled_validator("sns_post")(POST | {"unknown": 1}, TZ) is None


def test_an_anonymous_tip_with_a_tipster_is_left_to_the_model() -> None:
    tip = {"received_via": "phone_110", "text": "騒音", "anonymous": True, "tipster_name": "A"}
    assert compiled_validator("public_tip")(tip, TZ) is None
    assert _prepared("public_tip", tip, fast=True) == _prepared("public_tip", tip, fast=False)
    plain = {"received_via": "phone_110", "text": "騒音", "anonymous": True}
    assert _prepared("public_tip", plain, fast=True) == _prepared("public_tip", plain, fast=False)


@pytest.mark.parametrize("channel", channel_ids())
def test_every_channel_gets_a_validator(channel: str) -> None:
    assert compiled_validator(channel)({"no such field": 1}, TZ) is None


def test_json_datetime_writes_what_pydantic_writes_even_for_an_offset_with_seconds() -> None:
    from datetime import timedelta, timezone

    odd = datetime(1950, 1, 1, tzinfo=timezone(-timedelta(minutes=44, seconds=30)))
    assert json_datetime(odd) == "1950-01-01T00:00:00-00:44"
    assert json_datetime(datetime(2026, 1, 1, tzinfo=UTC)) == "2026-01-01T00:00:00Z"


_DIGITS = st.text("0123456789", min_size=1, max_size=6)


@pytest.mark.deep
@settings(max_examples=examples(300), deadline=None)
@given(
    day=st.dates(date(1900, 1, 1), date(2999, 12, 31)),
    clock=st.times(),
    separator=st.sampled_from("T "),
    fraction=st.none() | st.sampled_from(["0", "000000", "5", "500000", "000001"]) | _DIGITS,
    offset=st.sampled_from(["Z", "+00:00", "-00:00", "+09:00", "-03:30", "+23:59", ""]),
)
def test_a_time_is_written_into_the_body_as_the_model_writes_it(
    day: date, clock: time, separator: str, fraction: str | None, offset: str
) -> None:
    # The generated validator keeps a time's own text when isoformat() would give it back;
    # the model (through prepare without the generated validator) is the reference.
    text = f"{day.isoformat()}{separator}{clock.strftime('%H:%M:%S')}"
    text += (f".{fraction}" if fraction is not None else "") + offset
    row = POST | {"posted_at": text}
    fast = _prepared("sns_post", row, fast=True)
    assert fast == _prepared("sns_post", row, fast=False)
    assert compiled_validator("sns_post")(row, TZ) is not None  # the generated path took it


@pytest.mark.parametrize("day", ["1900-01-01", "2026-02-28", "2999-12-31", "1899-12-31"])
def test_a_date_is_written_into_the_body_as_the_model_writes_it(day: str) -> None:
    row = {
        "report_ref": "R-1",
        "company": "A社",
        "sector": "quantum",
        "employee_name": "山田",
        "description": "接触があった",
        "approach_date": day,
    }
    fast = _prepared("company_approach", row, fast=True)
    assert fast == _prepared("company_approach", row, fast=False)
    assert (compiled_validator("company_approach")(row, TZ) is None) == (day < "1900")


def _loop_key(fields: list[str], body: dict[str, Any]) -> str | None:
    # What prepare's loop over the natural key's fields gave before it was generated.
    parts: list[str] = []
    for name in fields:
        part = body.get(name)
        if part is None:
            return None
        parts.append(part if type(part) is str else str(part))
    return ":".join(parts) if parts else None


@pytest.mark.deep
@settings(max_examples=examples(200), deadline=None)
@given(
    channel=st.sampled_from(channel_ids()),
    values=st.lists(
        st.none() | st.text(max_size=5) | st.integers() | st.floats() | st.booleans(),
        min_size=4,
        max_size=4,
    ),
)
def test_the_generated_natural_key_is_the_loops(channel: str, values: list[Any]) -> None:
    fields = list(get_channel(channel).natural_key)
    body = {name: value for name, value in zip(fields, values, strict=False) if value is not None}
    assert natural_key(channel)(body) == _loop_key(fields, body)


def test_channels_have_natural_keys_of_one_to_four_fields() -> None:
    sizes = {len(get_channel(c).natural_key) for c in channel_ids()}
    assert {1, 2, 4} <= sizes  # the generated key is compared above for each size
    assert natural_key("sns_post")({"platform": "x", "post_id": 7}) == "x:7"
