"""Identity rules in bulk: ``rule_edges`` links exactly the pairs ``rule_for`` links."""

from __future__ import annotations

from itertools import combinations
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kizashi.resolve.blocking import BlockRule
from kizashi.resolve.linker import Model
from kizashi.resolve.rules import rule_edges, rule_for

_RULES = [BlockRule("account", ("account",)), BlockRule("email", ("email",)),
          BlockRule("phone", ("phone",))]  # fmt: skip

_rows = st.lists(
    st.fixed_dictionaries(
        {
            "account": st.sampled_from([None, "@a", "@b"]),
            "email": st.sampled_from([None, "x@example.jp", "y@example.jp"]),
            "phone": st.sampled_from([None, "09011112222", "0312345678"]),
            "phone_kind": st.sampled_from([None, "mobile", "landline"]),
            "tok_a": st.sampled_from([None, "tanaka", "suzuki"]),
            "tok_b": st.sampled_from([None, "taro", "hanako"]),
        }
    ),
    max_size=9,
)


def _model(personal: dict[str, bool], stops: set[str]) -> Model:
    return Model(prior=0.0, levels={}, threshold=0.9, rules=list(_RULES), stops=stops,
                 personal=personal)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    rows=_rows,
    shared=st.sets(st.sampled_from(["account", "email", "phone:mobile"])),
    stops=st.sets(st.sampled_from(["0:@a", "1:x@example.jp", "2:09011112222"])),
)
def test_rule_edges_are_the_pairs_rule_for_links(
    rows: list[dict[str, Any]], shared: set[str], stops: set[str]
) -> None:
    records = [{"unique_id": f"r{i:02d}", **row} for i, row in enumerate(rows)]
    model = _model({column: False for column in shared}, stops)
    expected = {
        (a["unique_id"], b["unique_id"], rule)
        for a, b in combinations(records, 2)
        if (rule := rule_for(a, b, model)) is not None
    }
    found = rule_edges(records, model)
    assert len(found) == len(set(found))  # each pair once
    assert set(found) == expected


def test_a_shared_mobile_links_only_with_a_name_part_in_common() -> None:
    model = _model({}, set())
    rows = [
        {"unique_id": "a", "phone": "09011112222", "phone_kind": "mobile", "tok_a": "tanaka"},
        {"unique_id": "b", "phone": "09011112222", "phone_kind": "mobile", "tok_b": "tanaka"},
        {"unique_id": "c", "phone": "09011112222", "phone_kind": "mobile", "tok_a": "suzuki"},
    ]
    assert rule_edges(rows, model) == [("a", "b", "same mobile number and a name part in common")]
