"""Threat rules (threat.yaml version 16): office titles as targets (係長, 主任, 支店長 …) and
arson said as the purpose of going (家に火をつけに行く); fire lit to burn (candles, bonfires,
a shrine's かがり火) stays ordinary.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from tests.detect.readings import rule_ids


@pytest.mark.parametrize(
    "text",
    [
        "係長の車、燃やすけえの",
        "明日、支店長の家に火をつけに行く",
        "土曜の夜、あの寺に火をつけに行く",
    ],
)
def test_an_office_title_or_arson_as_a_purpose_is_a_threat(scorer: Scorer, text: str) -> None:
    assert "threat-composed" in rule_ids(text), text
    assert scorer.score([text])[0].category == "threat", text


@pytest.mark.parametrize(
    "text",
    [
        "係長に昇進しました、来週から新しい部署です",
        "明日はキャンプで焚き火に火をつけに行く当番です",
        "お寺の護摩焚きで火をつけに行く役をもらった",
        "今夜、神社のかがり火に火をつけに行く",
        "来週の日曜、教会のキャンドルに火をつけに行く",
    ],
)
def test_fire_lit_to_burn_and_a_promotion_stay_ordinary(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category is None, text
