"""Pass 14 of issue 13 (English, rules only): threats that carry no harm word — a person's
survival tied to an occasion, mass-casualty forecasts, conditional revenge with a means,
witness intimidation by a known routine, SNS markup, a weapon post that names a target (a
threat, not `weapon`) — and a threat reported in the present tense, which is left alone.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer, detect_rules
from kizashi.detect.gate import passes_gate
from tests.detect.readings import rule_ids


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Assemblywoman Grant stops breathing before her speech on Sunday", "threat-survival-en"),
        (
            "after tomorrow's hearing the sheriff won't be going home to his wife",
            "threat-survival-en",
        ),
        ("enjoy the gala tonight, it's the last one you get", "threat-survival-en"),
        ("your keynote on the 4th is the final thing you ever say", "threat-survival-en"),
        ("someone ought to finish off the senator at the debate tuesday", "threat-survival-en"),
        ("dozens of body bags at the stadium this saturday night", "threat-mass-forecast-en"),
        ("the plaza will be full of corpses by friday noon", "threat-mass-forecast-en"),
        ("the concert on the 9th will make parkland look tame", "threat-mass-forecast-en"),
        ("if the board denies my permit i'll come back with a gas can", "threat-return-means-en"),
        ("if they repossess my truck the lender meets my shotgun", "threat-return-means-en"),
        ("your wife leaves the gym at 7:30 alone. withdraw the complaint.", "threat-coercion-en"),
        ("ur kids walk home every day at 3. think hard before you testify", "threat-coercion-en"),
        ("@j_ross 🔫 see you monday #yourenext", "threat-sns-markup-en"),
        ("4 days left @westfield_hs 💣💣", "threat-sns-markup-en"),
    ],
)
def test_each_reading_is_a_flagged_threat(scorer: Scorer, text: str, rule: str) -> None:
    assert passes_gate(text), text
    assert rule in rule_ids(text), text
    assert scorer.score([text])[0].category == "threat", text


@pytest.mark.parametrize(
    "text",
    [
        # The predicates alone, or with no person, no time, no condition, no routine.
        "the senator won't be going home for the holidays, the session runs late",
        "grab the last slice, it's the last one you get",
        "my grandfather stopped breathing in his sleep last year",
        "lots of body bags were used in the disaster drill",
        "i'll be back with a gas can for the lawn mower on saturday",
        "if they evict me i'll come back with my lawyer",
        "drop the lawsuit, it's a waste of money",
        "I know what time your son gets out, I'll pick him up at 3:15",
        "🔫 lol this meme",
        "@bestie 🎂🎉 see you friday",
        # Reports, news, fiction, games and ranges.
        "police said a man wrote the senator stops breathing at the rally on friday",
        "prosecutors say he told the witness her son leaves at 3:15 daily and to drop the complaint",
        "in the game the plaza is full of corpses by friday noon",
        "my rifle is zeroed for the competition, the target is at the fairgrounds",
        "@squad 🔫 tomorrow ranked in valorant #gg",
        "the stadium will be a graveyard for the visiting team on sunday",
    ],
)
def test_hard_negatives_stay_unflagged(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged, text


def test_a_weapon_post_that_names_a_target_is_a_threat_not_a_weapon(scorer: Scorer) -> None:
    text = "two pipe bombs finished, the courthouse on main is the target"
    result = detect_rules(text)
    assert "threat-weapon-target-en" in {h.rule for h in result.hits}
    assert result.reading == ("threat-weapon-target-en",)
    assert scorer.score([text])[0].category == "threat"
    # The same weapon post with no target keeps its weapon reading, not a threat.
    plain = scorer.score(["two pipe bombs finished in the garage"])[0]
    assert plain.category != "threat"


def test_a_target_at_a_range_or_in_a_game_is_no_threat(scorer: Scorer) -> None:
    for text in (
        "loaded the rocket launcher in the game, the enemy stadium is the target",
        "sales target is 50 units at the mall this month",
    ):
        assert "threat-weapon-target-en" not in rule_ids(text), text
        assert scorer.score([text])[0].category != "threat", text


@pytest.mark.parametrize(
    "text",
    [
        "I just saw somebody post they'll shoot up the mall tomorrow, what do I do",
        "a kid keeps telling everyone he will bomb the library friday",
        "some user is posting he's going to kill the teacher at school",
        "my sister gets DMs where he says he's gonna stab her after work",
    ],
)
def test_a_threat_reported_in_the_present_is_left_alone(scorer: Scorer, text: str) -> None:
    result = detect_rules(text)
    guarded = {g for s in result.suppressed for g, _ in s.guards}
    assert "reported-threat-en" in guarded, text
    assert not scorer.score([text])[0].flagged, text


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to shoot up the mall tomorrow, somebody post this",
        "they keep ignoring me so I will stab the manager tomorrow",
    ],
)
def test_the_writers_own_threat_is_no_report(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category == "threat", text
