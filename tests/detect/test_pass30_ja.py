"""det42 (issue 13, Japanese): a harm noun made a verb by する and the polite ます form said as
the writer's own act; a count of victims as what the act is done to (no test: every
sentence we tried was read on main through another rule); 中学/高専 as places;
survival denied by its manner (無事に, 五体満足で); a headline's threat named as a noun with
its recipient (〜に殺害予告) is a report. These sentences are written for the tests, none is a
probe item (docs/detection.md, "det42")."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


@pytest.mark.parametrize(
    "text",
    [
        "明後日、天王寺駅の通路で通行人を切りつけます",
        "今週中に母校の中学で銃を乱射する",
        "帰り道、お前は無事で家に帰れると思うなよ",
    ],
)
def test_threats_in_polite_or_suru_form_are_read(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category == "threat"


@pytest.mark.parametrize(
    "text",
    [
        "県立高校に殺害予告、きょうは臨時休校",
        "区役所へ爆破予告のはがき、けが人なし",
        "市民ホールへの襲撃予告、催しは中止に",
        "焼き鳥の串を肉に刺します",
        "無事に帰れると思ってたのに大雪で足止めされた",
    ],
)
def test_headlines_and_everyday_polite_forms_are_left_alone(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category is None


def test_a_threat_named_by_its_writer_as_a_notice_stays_read(scorer: Scorer) -> None:
    assert scorer.score(["区役所に爆破予告する、来週の月曜だ"])[0].category == "threat"
