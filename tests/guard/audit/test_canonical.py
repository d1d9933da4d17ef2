"""Canonical JSON of audit leaves: one byte form per value, and values a leaf cannot hold."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kizashi.guard.audit.canonical import canonical_json, is_canonical, personal_hash

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.text(st.characters(exclude_categories=["Cs"]))
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(st.characters(max_codepoint=127), max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(_values)
def test_the_canonical_form_is_sorted_compact_unescaped_utf8(value: Any) -> None:
    expected = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")
    assert canonical_json(value) == expected
    assert is_canonical(expected)


def test_whitespace_or_key_order_is_not_canonical() -> None:
    assert canonical_json({"b": 1, "a": "山田"}) == '{"a":"山田","b":1}'.encode()
    assert not is_canonical(b'{"b":1,"a":2}')
    assert not is_canonical(b'{"a": 2}')
    assert not is_canonical(b'{"a":"\\u5c71"}')


@pytest.mark.parametrize("value", [1.5, 2**60, {"名前": 1}, {1: "x"}, b"bytes"])
def test_values_a_leaf_cannot_hold_are_refused(value: Any) -> None:
    with pytest.raises(ValueError):
        canonical_json({"x": value} if not isinstance(value, dict) else value)


def test_personal_hash_is_salted_sha256() -> None:
    salt = bytes(16)
    assert personal_hash(salt, "山田太郎") != personal_hash(b"\x01" * 16, "山田太郎")
    assert len(personal_hash(salt, "山田太郎")) == 64
