"""det39 pass of issue 13: English threats said from the victim's side — the reader, the
reader's people, an office-holder or a crowd at a place as the subject of a passive or
get-passive harm participle ("ur getting shot", "you'll be killed", "your wife is gonna be
shot") — and the writer's plan said as a bare gerund ("bombing the train station
tomorrow"). News in the past, sports said of "we", idioms said of the writer or of a thing,
a danger warned of, a proposal "shot down" and a photographer's "shooting the wedding" are
left alone.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from kizashi.detect.gate import passes_gate
from tests.detect.readings import guards_fired, rule_ids


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


# A threat, the rule that reads it, and a twin of the same shape that is none.
TWINS = [
    (
        "ur getting shot the minute u leave the library tonight",
        "threat-passive-fate-en",
        "we're getting shot down by the library board tonight",
    ),
    (
        "you'll be stabbed before the month is over, count on it",
        "threat-passive-fate-en",
        "a clerk was stabbed before the month was over, police said",
    ),
    (
        "your sister is gonna get killed on her way to the bakery",
        "threat-passive-fate-en",
        "my sister is gonna kill me on her way to the bakery",
    ),
    (
        "everyone at the depot will be shot on wednesday",
        "threat-passive-fate-en",
        "everyone at the depot will be vaccinated on wednesday",
    ),
    (
        "talk to the press and you'll end up dead in a week",
        "threat-passive-fate-en",
        "talk to the press and you'll end up famous in a week",
    ),
    (
        "bombing the bus terminal first thing tomorrow",
        "threat-gerund-plan-en",
        "bombing my driving test first thing tomorrow",
    ),
    (
        "shooting everyone at the barbecue sunday, stay away",
        "threat-gerund-plan-en",
        "shooting photos at the barbecue sunday, stay away from the grill",
    ),
]


@pytest.mark.parametrize(("text", "rule", "twin"), TWINS)
def test_a_reading_fires_and_its_twin_does_not(text: str, rule: str, twin: str) -> None:
    assert passes_gate(text)
    assert rule in rule_ids(text)
    assert rule not in rule_ids(twin)


@pytest.mark.parametrize(("text", "rule", "twin"), TWINS)
def test_the_readings_are_flagged_and_the_twins_are_not(
    scorer: Scorer, text: str, rule: str, twin: str
) -> None:
    assert scorer.score([text])[0].category == "threat"
    assert not scorer.score([twin])[0].flagged


@pytest.mark.parametrize(
    ("text", "guard"),
    [
        ("you'll get killed crossing the motorway like that", "hazard-warning-en"),
        ("put your seatbelt on or you will be killed one day", "hazard-warning-en"),
        ("you will be shot down by the council if you ask", "idiom-shot-down-en"),
        ("they're bombing the station tomorrow, the radio says", "agent-before-gerund-en"),
    ],
)
def test_warnings_idioms_and_others_plans_are_stood_down(
    scorer: Scorer, text: str, guard: str
) -> None:
    assert guard in guards_fired(text)
    assert not scorer.score([text])[0].flagged


@pytest.mark.parametrize(
    "text",
    [
        "we're gonna get killed by the rangers on saturday",
        "i'm gonna get killed by my mum for this",
        "my inbox is getting blown up with spam",
        "the toast got burned again",
        "ur getting your flu shot tomorrow right",
        "a man was shot dead outside the pub on friday",
    ],
)
def test_everyday_be_and_get_with_harm_verbs_are_not_threats(scorer: Scorer, text: str) -> None:
    assert "threat-passive-fate-en" not in rule_ids(text)
    assert not scorer.score([text])[0].flagged


# The review of the pass: everyday lines the first version of these rules flagged. Each was
# written blind against the rules by the reviewer; a vaccine, a photographer, a game, an animal,
# a poison, a DJ, a gardener, a hypothetical, a law and a chance at a title are no threat.
REVIEW_EVERYDAY = [
    "You'll get killed if you cross without looking, hold my hand.",
    "You'll get shot tomorrow at the clinic, it's just the flu vaccine.",
    "In CoD you'll get shot the second you peek that corner.",
    "If you eat that mushroom you'll end up dead, seriously it's poisonous.",
    "Your dog will get stabbed by a porcupine quill if it sniffs around there.",
    "You'll get your shot at the title tomorrow.",
    "The kids will be shot with confetti at the party tonight.",
    "Your kids will be blown away by the fireworks on Saturday.",
    "You'll be burned out by Friday if you keep working like this.",
    "You're gonna get smoked in the 5k tomorrow, he's fast.",
    "You'll get sprayed by the skunk if you go out back tonight.",
    "Your dog is gonna get sprayed by that skunk again.",
    "You'll get popped for a DUI if you drive home tonight.",
    "All the students will be shot for yearbook photos on Monday.",
    "I'm shooting everyone at the wedding tomorrow, group photos at 3.",
    "Shooting the whole family at the park tomorrow for their Christmas card.",
    "Shooting my mom tomorrow for her 60th birthday portraits.",
    "Killing all the weeds in the garden this weekend.",
    "Blowing up the market tomorrow with our new product launch.",
    "Blowing up the club tonight, DJ set at 11!",
    "Bombing the concert tonight would be embarrassing, I haven't practised.",
    "You'd get killed if you tried that in real life, lol.",
    "You'll get killed by the tax bill this year.",
    "You're getting shot tomorrow, right? The nurse said 9am.",
    "Your baby will get shot at the two-month checkup tomorrow.",
    "Your husband will get smoked at poker tonight.",
    "You'll get burned out at that job by next week.",
    "Trespassing in Texas and you’ll get shot. I would’ve shot them.",
    "Don't go there, you'll get shot.",
    "The president will be shot for the magazine cover on Monday.",
    "Did you get shot at the paintball place yesterday?",
    "When you get shot in laser tag tonight your vest lights up.",
    "What should you do if you get stabbed? Apply pressure to the wound tonight.",
    "You'll be blown away by the new menu tonight.",
]


@pytest.mark.parametrize("text", REVIEW_EVERYDAY)
def test_the_reviews_everyday_lines_are_not_flagged(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged


# Threats of the shapes the review narrowed, still read after it: a crowd said with its place,
# a gathering as a crowd, a whole institution under a mass harm, kin in one token with "'s",
# "shooting up" a gathering, people as the gerund's object.
@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("all the kids at jefferson elementary will be killed thursday", "threat-passive-fate-en"),
        ("the congregation is gonna get blown up this sunday", "threat-passive-fate-en"),
        ("the entire precinct will be burned alive tonight", "threat-passive-fate-en"),
        ("ur brother's getting stabbed after practice", "threat-passive-fate-en"),
        ("youre going to get your head blown off when u leave work", "threat-passive-fate-en"),
        ("shooting up the nightclub on saturday, stay home", "threat-gerund-plan-en"),
        ("killing people at the fair tomorrow, dont come", "threat-gerund-plan-en"),
    ],
)
def test_the_narrowed_shapes_still_read_threats(scorer: Scorer, text: str, rule: str) -> None:
    assert rule in rule_ids(text)
    assert scorer.score([text])[0].category == "threat"


# The second review of the pass: a harmless agent after "by" (a thorn, a cactus, a needle, the
# paparazzi, boredom, "my mom" when she sees the mess) and a film set's words ("on 35mm",
# "against a green screen") are no threat.
SECOND_REVIEW_EVERYDAY = [
    ("You'll be stabbed by the thorns if you grab that rose bush.", "benign-agent-by-en"),
    ("You'll be stabbed by the cactus if you lean on it.", "benign-agent-by-en"),
    ("You'll get stabbed by the needle, it only stings a second.", "benign-agent-by-en"),
    ("You'll get shot by the paparazzi at the premiere.", "benign-agent-by-en"),
    ("Your kids will be killed by boredom at that museum lol.", "benign-agent-by-en"),
    ("You're gonna get killed by my mom when she sees the mess.", "benign-agent-by-en"),
    ("You'll be shot on 35mm, so bring a nice outfit.", "print-or-toy-shot-en"),
    ("You'll be shot against a green screen tomorrow.", "print-or-toy-shot-en"),
]


@pytest.mark.parametrize(("text", "guard"), SECOND_REVIEW_EVERYDAY)
def test_the_second_reviews_everyday_lines_are_stood_down(
    scorer: Scorer, text: str, guard: str
) -> None:
    assert guard in guards_fired(text)
    assert not scorer.score([text])[0].flagged


# The agent list is closed: a brother, "my men", "one of us" after "by" stay threats, and the
# writer's own "we are" plan is no one else's.
@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("you'll be shot by my brother when you leave work tonight", "threat-passive-fate-en"),
        ("you'll be killed by my men before the month is out", "threat-passive-fate-en"),
        ("ur getting stabbed by one of us after practice", "threat-passive-fate-en"),
        ("Tomorrow we are blowing up the courthouse.", "threat-gerund-plan-en"),
    ],
)
def test_the_second_review_keeps_the_threats(scorer: Scorer, text: str, rule: str) -> None:
    assert rule in rule_ids(text)
    assert scorer.score([text])[0].category == "threat"
