"""threat-kill-en (threat version 17): "your last day" is a farewell unless the day is the
last of a life; "your last speech/rally/breath" stay threats.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer


@pytest.mark.parametrize(
    "text",
    [
        "Enjoy your last day at the office tomorrow, we will miss you!",
        "Friday is your last day at school, right? Party at my place after",
    ],
)
def test_a_last_day_at_work_or_school_is_a_farewell(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category is None, text


@pytest.mark.parametrize(
    "text",
    [
        "enjoy your last day on earth, tomorrow at the rally you are done",
        "Sunday will be your last day alive, see you at the parade",
        "this is your last breath, senator, see you at the town hall tomorrow",
    ],
)
def test_the_last_day_of_a_life_is_a_threat(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category == "threat", text
