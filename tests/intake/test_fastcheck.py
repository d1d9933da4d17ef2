"""The plain check for well-formed JSON rows gives exactly what the pydantic model gives.

Every row is prepared twice, with the check (``fast=True``, the default) and with the model
alone (``fast=False``): a good row must become the same report, a bad row the same problems
(file row, field and reason), word for word.
"""

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kizashi.config import load_settings
from kizashi.intake.fastcheck import row_checker
from kizashi.intake.prepare import PreparedReport, Preparer, RowProblem
from kizashi.intake.readers import RawRow
from kizashi.intake.spec import FieldSpec, channel_ids, envelope_fields, get_channel

TZ = load_settings().tz
NOW = datetime(2026, 11, 1, 0, 0, tzinfo=UTC)

ODD = [
    "",
    " ",
    "\u3000",
    "a\x00b",
    "x\n",
    "12",
    12,
    12.0,
    12.5,
    -3,
    2**60,
    True,
    None,
    [],
    {},
    ["a"],
    {"a": 1},
    "2025-02-30T10:00:00",
    "1899-12-31T23:59:59",
    "3000-01-01T00:00:00",
    "2025-01-01 09:00:00",
    "2025-01-01T09:00",
    "2025-01-01T24:00:00",
    "2025-01-01T09:00:00.1234567",
    "2025-01-01T09:00:00+0900",
    "2025-01-01",
    "1700000000",
    "x" * 301,
]
MOMENTS = [
    "2026-10-05T10:00:00",
    "2026-10-05T10:00:00Z",
    "2026-10-05T10:00:00.5+09:00",
    "2026-10-05T10:00:00.123456-05:30",
    "2026-10-05T10:00:00+00:00",
    "1900-01-01T00:00:00",
    "2999-12-31T23:59:59.000001",
]


def _good(spec: FieldSpec) -> st.SearchStrategy[Any]:
    if spec.type in ("string", "text"):
        if spec.pattern:
            return st.from_regex(spec.pattern, fullmatch=True)
        most = min(spec.max_length or 40, 40)
        return st.text(min_size=1, max_size=most) | st.sampled_from(["山田", "@a_b", " x "])
    if spec.type == "datetime":
        return st.sampled_from(MOMENTS)
    if spec.type == "date":
        return st.sampled_from(["2026-10-05", "1900-01-01", "2999-12-31"])
    if spec.type == "number":
        return st.integers(-5, 10**6) | st.floats(-5, 1e6)
    if spec.type == "integer":
        return st.integers(-5, 10**6)
    if spec.type == "boolean":
        return st.booleans()
    if spec.type == "enum":
        return st.sampled_from(spec.values)
    if spec.type == "list":
        assert spec.items is not None
        return st.lists(_value(spec.items), max_size=3)
    if spec.type == "object":
        return _record(spec.fields)
    raise AssertionError(spec.type)


def _value(spec: FieldSpec) -> st.SearchStrategy[Any]:
    # Mostly good values, sometimes odd ones: both paths must agree on either.
    return st.one_of(*[_good(spec)] * 5, st.sampled_from(ODD))


def _record(fields: tuple[FieldSpec, ...]) -> st.SearchStrategy[dict[str, Any]]:
    required = {f.name: _value(f) for f in fields if f.required}
    optional = {f.name: _value(f) for f in fields if not f.required}
    base = st.fixed_dictionaries(required, optional=optional)
    extra = st.dictionaries(st.sampled_from(["typo", "Text", "notes"]), st.just("x"), max_size=1)
    return st.one_of(base, base, base, st.builds(lambda a, b: {**a, **b}, base, extra))


def _both(channel: str, data: Any) -> tuple[Any, Any]:
    row = RawRow(row=3, line=4, raw="{}", data=data, error=None)
    fast = Preparer(channel, TZ, now=NOW, default_source="x").prepare(row)
    model = Preparer(channel, TZ, now=NOW, default_source="x", fast=False).prepare(row)
    return fast, model


@pytest.mark.parametrize("channel", channel_ids())
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_both_paths_give_the_same_report_or_the_same_problems(
    channel: str, data: st.DataObject
) -> None:
    row = data.draw(_record(envelope_fields() + get_channel(channel).fields))
    fast, model = _both(channel, row)
    assert type(fast) is type(model)
    if isinstance(model, RowProblem):
        assert isinstance(fast, RowProblem)
        assert (fast.row, fast.line, fast.problems) == (model.row, model.line, model.problems)
    else:
        assert fast == model


POST = {
    "platform": "x",
    "post_id": "123",
    "account_handle": "@Yamada_T",
    "text": "こんにちは",
    "posted_at": "2026-10-05T10:00:00",
}


def test_a_well_formed_row_takes_the_plain_check() -> None:
    assert row_checker(get_channel("sns_post"))(POST) is not None


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"text": "   "}, "text", "must contain text, not only white space, and no NUL character"),
        ({"txt": "a"}, "txt", "unknown field: not in the sns_post schema v1"),
        ({"post_id": None}, "post_id", "required field is missing"),
        ({"posted_at": "2026-02-30T10:00:00"}, "posted_at", "Input should be a valid datetime"),
        ({"follower_count": 12.5}, "follower_count", "Input should be a valid integer"),
        ({"follower_count": -1}, "follower_count", "Input should be greater than or equal to 0"),
    ],
)
def test_a_bad_row_gets_the_models_problems_on_either_path(
    change: dict[str, Any], field: str, reason: str
) -> None:
    row = {key: value for key, value in {**POST, **change}.items() if value is not None}
    assert row_checker(get_channel("sns_post"))(row) is None  # the model decides
    fast, model = _both("sns_post", row)
    assert isinstance(fast, RowProblem) and isinstance(model, RowProblem)
    assert fast.problems == model.problems
    assert fast.first.field == field and fast.first.reason.startswith(reason)


def test_an_anonymous_tip_with_a_name_breaks_the_rule_on_either_path() -> None:
    tip = {"received_via": "phone_110", "text": "騒音", "anonymous": True, "tipster_name": "山田"}
    assert row_checker(get_channel("public_tip"))(tip) is None
    fast, model = _both("public_tip", tip)
    assert isinstance(fast, RowProblem) and fast.problems == model.problems  # type: ignore[union-attr]
    assert fast.first.field == "tipster_name"


def test_a_good_row_becomes_the_same_report_on_either_path() -> None:
    fast, model = _both("sns_post", {**POST, "posted_at": "2026-10-05T10:00:00Z"})
    assert isinstance(fast, PreparedReport) and fast == model
    assert fast.body["posted_at"] == "2026-10-05T10:00:00Z"
