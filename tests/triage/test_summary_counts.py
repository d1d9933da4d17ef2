"""The alert summary counts its contributions in plain English (qa16: "3 company approachs")."""

from __future__ import annotations

import pytest

from kizashi.triage.service import _counted


@pytest.mark.parametrize(
    ("kind", "n", "said"),
    [
        ("company_approach", 3, "3 company approaches"),
        ("company_approach", 1, "1 company approach"),
        ("finding", 1, "1 finding"),
        ("text_signal", 2, "2 text signals"),
        ("purchase_rule", 4, "4 purchase rules"),
        ("sns_post", 2, "2 sns posts"),
    ],
)
def test_a_counted_kind_reads_as_english(kind: str, n: int, said: str) -> None:
    assert _counted(kind, n) == said
