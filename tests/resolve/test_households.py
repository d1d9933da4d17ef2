"""Households' sample of records sharing a value: the groups a dict in record order gives."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizashi.resolve.frame import RecordTable
from kizashi.resolve.households import (
    _MAX_GROUP,
    _sampled_groups,
    household_generic,
    personal_columns,
)
from tests.depth import examples


def _reference(rows: list[dict[str, Any]], column: str, budget: int) -> list[list[int]]:
    """The per-value dict over the rows in order (what households did before Arrow)."""
    field, _, kind = column.partition(":")
    groups: dict[str, list[int]] = defaultdict(list)
    for position, row in enumerate(rows):
        value = row.get(field)
        if not value:
            continue
        if kind and ("mobile" if row.get("phone_kind") == "mobile" else "other") != kind:
            continue
        groups[value].append(position)
    chosen = []
    for group in (g for g in groups.values() if 2 <= len(g) <= _MAX_GROUP):
        chosen.append(group)
        budget -= len(group) * (len(group) - 1) // 2
        if budget <= 0:
            break
    return chosen


_ROW = st.fixed_dictionaries(
    {"unique_id": st.just("")},
    optional={
        "phone": st.sampled_from(["0901", "0902", "0311", "0312", "0313"]),
        "phone_kind": st.sampled_from(["mobile", "landline"]),
        "addr_block": st.sampled_from(["a|1", "a|2", "b|1"]),
    },
)


@pytest.mark.deep
@settings(max_examples=examples(150), deadline=None)
@given(st.lists(_ROW, max_size=80), st.integers(1, 40))
def test_sampled_groups_are_the_per_value_dicts(rows: list[dict[str, Any]], budget: int) -> None:
    for index, row in enumerate(rows):
        row["unique_id"] = f"r{index}"
    table = RecordTable.from_rows(rows)
    for column in ("phone:mobile", "phone:other", "addr_block", "email"):
        assert _sampled_groups(table, column, budget) == _reference(rows, column, budget)


@pytest.mark.parametrize(
    ("column", "household"),
    [
        ("x_自宅電話", True),
        ("x_home_phone", True),
        ("x_landline", True),
        ("x_postal_address", True),
        ("x_自宅住所", True),
        ("x_mobile_phone", False),
        ("x_携帯電話", False),
        ("x_mail_address", False),  # an e-mail header, not a home (review of link29)
        ("x_email_address_2", False),
        ("x_ip_address", False),
        ("x_wallet_address", False),
        ("x_メールアドレス", False),
        ("x_remarks", False),
    ],
)
def test_a_generic_column_is_a_households_only_when_named_as_a_home_line_or_address(
    column: str, household: bool
) -> None:
    assert household_generic(column) is household


def test_a_postcode_is_a_place_wherever_there_are_families() -> None:
    """link45: a postcode column measured "personal" (few pairs shared one, none of them in
    conflict) added its +6.8 to the address's +7.7 and merged namesakes of one town. It
    names the area the address names: counted once with it, as household evidence; in data
    without families (FEBRL) every column stays personal."""
    shares = {"x_郵便番号": (0, 200), "x_postcode": (0, 200), "x_会員番号": (0, 200)}
    found = personal_columns(shares, families=True)
    assert found == {"x_郵便番号": False, "x_postcode": False, "x_会員番号": True}
    assert all(personal_columns(shares, families=False).values())
