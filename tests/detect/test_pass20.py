"""Pass 20 of issue 13: English threats that name no harm, read as an OUTCOME said of someone
(a last occasion ahead of them, not coming back, bodily cost, a price in blood) beside a target
and a date or occasion, and LEVERAGE (a legal process said to the reader beside a relative's
routine); each with its benign twin. Also a single casing listed with a count and a buy-now
word (Japanese).

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from tests.detect.readings import guards_fired, rule_ids


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


# (threat, rule it is read by, benign twin with the same words)
TWINS = [
    (
        "the deputy mayor unveils the statue on sunday. it'll be his last photo op",
        "threat-last-occasion-of-en",
        "the deputy mayor unveiled the statue on sunday. it was his last photo op",
    ),
    (
        "the dean addresses the graduates on may 20, the final speech he'll ever make",
        "threat-last-occasion-of-en",
        "the dean addresses the graduates on may 20, a speech he'll always remember",
    ),
    (
        "the auditor testifies on thursday and she doesnt get to go home to her kids after",
        "threat-no-return-en",
        "the auditor testifies on thursday and she gets to go home to her kids after",
    ),
    (
        "the block party on elm is saturday. nobody on that lawn walks out alive",
        "threat-no-return-en",
        "the block party on elm is saturday. nobody on that lawn walks out early",
    ),
    (
        "the 6:10 ferry to staten island on friday, they'll be hauling passengers off in body bags",
        "threat-bodily-cost-en",
        "the 6:10 ferry to staten island on friday, they'll be hauling passengers off to work",
    ),
    (
        "the treasurer speaks at the luncheon on the 2nd. he'll pay with his life",
        "threat-blood-price-en",
        "the treasurer speaks at the luncheon on the 2nd. he'll pay with his card",
    ),
    (
        "your grandson waits at the 3:40 stop by the pool. remember that before the deposition",
        "threat-leverage-routine-en",
        "my grandson waits at the 3:40 stop by the pool. remember that before the deposition",
    ),
]


@pytest.mark.parametrize(("threat", "rule", "twin"), TWINS)
def test_an_outcome_said_of_someone_is_read_and_its_twin_is_not(
    threat: str, rule: str, twin: str
) -> None:
    assert rule in rule_ids(threat)
    assert rule not in rule_ids(twin)


@pytest.mark.parametrize(("threat", "rule", "twin"), TWINS)
def test_the_outcome_readings_are_flagged_as_threats(
    scorer: Scorer, threat: str, rule: str, twin: str
) -> None:
    assert scorer.score([threat])[0].category == "threat"
    assert not scorer.score([twin])[0].flagged


def test_an_outcome_needs_a_date_or_an_occasion() -> None:
    # the same outcome with no time, date or occasion is a grudge, not a dated threat
    assert "threat-blood-price-en" not in rule_ids("the treasurer will pay with his life")
    assert "threat-blood-price-en" in rule_ids("the treasurer will pay with his life on friday")


@pytest.mark.parametrize(
    "text",
    [
        "the senator will be buried at the polls on thursday",
        "the mayor gets what's coming to him at the ballot box in may",
    ],
)
def test_an_outcome_at_the_ballot_box_is_a_defeat(scorer: Scorer, text: str) -> None:
    assert "contest-outcome-en" in guards_fired(text)
    assert not scorer.score([text])[0].flagged


def test_a_ballot_box_beside_blood_keeps_the_threat() -> None:
    text = "the senator will pay in blood at the rally before the election on friday"
    assert "threat-blood-price-en" in rule_ids(text)


@pytest.mark.parametrize(
    "text",
    [
        # a report of leverage: someone else's relative
        "the witness got a text about her son's 3:40 stop before the deposition, police said",
        # a care plan: the routine and a relative, no process
        "we know your granny's routine, the nurse comes at nine every morning",
        # a process and a routine, no relative
        "your hearing is at 9:30 on monday, the court is on elm street",
    ],
)
def test_leverage_needs_the_readers_relative_routine_and_process(text: str) -> None:
    assert "threat-leverage-routine-en" not in rule_ids(text)


def test_a_negated_last_occasion_is_no_threat() -> None:
    assert "threat-last-occasion-of-en" not in rule_ids(
        "that shouldn't be his final speech, the dinner on friday will want another"
    )


@pytest.mark.parametrize(
    "text", ["撃ち殻（ライフル）2本 即購入可", "空薬莢 ひとつ ジャンク 送料込み"]
)
def test_a_casing_listed_with_a_count_or_buy_now_is_a_listing(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category == "prohibited_listing"


def test_a_casing_kept_as_a_count_in_a_report_is_not_listed(scorer: Scorer) -> None:
    assert not scorer.score(["撃ち殻が2本、射撃場の回収箱に入っていたと係員が話した"])[0].flagged


def test_a_family_diary_that_mentions_a_hearing_is_no_leverage() -> None:
    # the reader's relative, a routine and a process word, but nothing pressed on the reader
    text = "your dad's hearing test is at 4:30 on friday, his bus gets in at 4 every week"
    assert "threat-leverage-routine-en" not in rule_ids(text)
    pressed = "your dad's bus gets in at 4 every friday. think about that before you testify"
    assert "threat-leverage-routine-en" in rule_ids(pressed)
