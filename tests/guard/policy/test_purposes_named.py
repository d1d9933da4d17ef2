"""Purposes.stated / counted_as: a purpose named by its id or name, the product's own fixed
purposes, and invisible characters (mend17 review)."""

from __future__ import annotations

from typing import Any

import pytest

from kizashi.guard.policy import default_purposes
from kizashi.guard.policy.cli_access import DEFAULT_PURPOSE as CLI_PURPOSE
from kizashi.oversight.access import OTHER_PURPOSE, UNSTATED, _summary
from kizashi.share.taxii import PURPOSE as TAXII_PURPOSE
from kizashi.web.routes_inbox import PURPOSE as INBOX_PURPOSE
from kizashi.web.routes_oversight import PURPOSE as OVERSIGHT_PURPOSE


def _counted(texts: list[str | None]) -> dict[str, Any]:
    purposes = default_purposes()
    lines = [
        {
            "seq": i,
            "user": "u",
            "stated_purpose": text,
            "purpose": purposes.counted_as(text),
            "effect": "allow",
        }
        for i, text in enumerate(texts)
    ]
    return _summary(lines)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("police_record", "police_record"),
        ("economic_security", "economic_security"),
        ("marketplace", "marketplace"),
        ("inspection", "inspection"),
        ("警察活動の記録", "police_record"),
        ("Record of police activity", "police_record"),
        ("Internal inspection", "inspection"),
        ("ｐｒｅｖｅｎｔｉｏｎ", "prevention"),
    ],
)
def test_a_purpose_named_by_its_id_or_name_is_that_purpose(text: str, expected: str) -> None:
    assert default_purposes().stated(text) == expected
    assert _counted([text])["by_purpose"] == {expected: 1}


def test_no_purpose_the_product_writes_itself_is_counted_as_other() -> None:
    fixed = [
        INBOX_PURPOSE,
        TAXII_PURPOSE,
        OVERSIGHT_PURPOSE,
        CLI_PURPOSE,
        "oversight review",
        "subject access request",
        "operation of the installation",
        "identity",
        "retention expiry",
        "legal hold",
        "case closure",
    ]
    summary = _counted(fixed)
    assert OTHER_PURPOSE not in summary["by_purpose"]
    assert summary["other_purposes"] == {}


def test_invisible_characters_alone_are_unstated() -> None:
    summary = _counted(["\u200b", "\u200b\u3000", "\ufeff ", "", None])
    assert summary["by_purpose"] == {UNSTATED: 5}
    assert summary["other_purposes"] == {}


def test_other_lists_the_visible_text() -> None:
    summary = _counted(["au\u200bdit", "audit "])
    assert summary["by_purpose"] == {OTHER_PURPOSE: 2}
    assert summary["other_purposes"] == {"audit": 2}
