"""det42 (issue 13, Japanese): a harm noun made a verb by する and the polite ます form said as
the writer's own act; a count of victims as what the act is done to (no test: every
sentence we tried was read on main through another rule); a headline's threat named as a
noun with its recipient and its outcome (〜に殺害予告、休校に) is a report.

det42fix (the review of det42): the headline guard stands down only on text shaped like a
headline — not the writer's own 爆破予告 (送った, お前の, しろ, さもないと, 〜ぞ); the
ます reading needs a person as what the act is done to, not a skewer, a needle or rubbish;
中学/高専 as places and survival denied by its manner (無事に帰れると思うな) were dropped,
as they read chores and jokes. These sentences are written for the tests, none is a probe
or review item (docs/history/detection-journal.md, "det42")."""

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
        "今週中に母校の中学校で銃を乱射する",
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


@pytest.mark.parametrize(
    "text",
    [
        "あんたの会社に爆破予告送っといたから、休業になるぞ",
        "市民会館に爆破予告、催しを中止しろ。さもないと本当にやる",
        "体育館へ爆破予告を出した。逮捕されても構わない、次は本当に爆破する",
    ],
)
def test_the_writers_own_bomb_notice_is_no_headline(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category == "threat"


@pytest.mark.parametrize(
    "text",
    [
        "明日、学校の中庭で落ち葉を燃やします",
        "病院で採血の針を刺しますね",
        "来週、中学の家庭科で豚肉に串を刺す",
        "納期前の徹夜、今夜は無事に家に帰れると思うなよ（笑）",
    ],
)
def test_chores_and_jokes_in_the_new_readings_are_left_alone(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category is None
