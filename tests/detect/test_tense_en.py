"""det41 pass of issue 13: English threats in grammar and spelling no earlier pass read —
arson aimed at a home or a person, a bomb said to be in a place with its hour, the simple
present used as the future ("tonight u die"), killing slang with the reader as object,
"you're next" beside a menace, and harm words misspelt as posts misspell them ("ima kil u",
"stabed", "murderd"; SMS frame words gona, wil, tmrw read in the decoded view). Their twins —
fires of our own barn, a game's bomb, first aid, slang for effort, a queue — are left alone.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from kizashi.detect.features import learned_text, ngram_text
from kizashi.detect.gate import passes_gate
from kizashi.text import model_decoded_text, views
from kizashi.text.decode import read_harm_spellings
from kizashi.text.tables import load_tables
from tests.detect.readings import rule_ids


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


# A threat, the rule that reads it, and a twin of the same shape that is none.
TWINS = [
    (
        "ur garage is going up in flames tonight, sleep well",
        "threat-arson-en",
        "our garage went up in flames in 1998, the insurance paid",
    ),
    (
        "gonna burn the whole thing down with you and your dog inside",
        "threat-arson-en",
        "gonna burn the whole log pile down with the kids watching",
    ),
    (
        "bomb's under the stage at the riverside academy, goes off at 2",
        "threat-bomb-where-en",
        "the bomb disposal talk at the riverside academy starts at 2",
    ),
    (
        "saturday you get stabbed outside the chippy",
        "threat-present-fate-en",
        "if you get stabbed, press on the wound and call an ambulance",
    ),
    (
        "the minute you walk out of the gym tonight, u die",
        "threat-present-fate-en",
        "the minute you walk out of the gym tonight, u rest",
    ),
    (
        "keep snitching and ima murk u",
        "threat-slang-en",
        "keep studying and ima ace it",
    ),
    (
        "you're next. i know which car is yours",
        "threat-next-en",
        "you're next in line at the barber, grab a seat",
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
    "text",
    [
        "ima kil u after practice",
        "u r gonna get stabed at the bus stop tmrw",
        "you will be murderd for this, i promise",
    ],
)
def test_misspelt_harm_words_are_read_and_flagged(scorer: Scorer, text: str) -> None:
    assert passes_gate(text)
    assert scorer.score([text])[0].category == "threat"


def test_misspellings_are_read_only_when_they_are_no_english_word() -> None:
    tables = load_tables()
    assert read_harm_spellings("ima kil u", tables) == "ima kill u"
    assert read_harm_spellings("he got stabed", tables) == "he got stab"
    # "shots" is English (flu shots), and "kiln", "skill" are other words.
    assert read_harm_spellings("flu shots at the kiln, what a skill", tables) == (
        "flu shots at the kiln, what a skill"
    )


@pytest.mark.parametrize(
    "text",
    [
        "burning the leaves in the yard tonight",
        "the candle burned down while i was out tonight",
        "our team killed it tonight, 3-0",
        "ima kill this exam tomorrow",
        "the nurse gives the baby her shots tomorrow",
        "saying 'tonight you die' to anyone is never ok",
        "police said a caller claimed a bomb was in the library on monday",
        "you're next on the rota for the tea run tomorrow",
    ],
)
def test_everyday_and_reported_lines_are_not_threats(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged


# The det41 review's everyday lines: each was read by one of the pass's rules before the fix
# (a wedding's "you're next", a haircut, a photo shoot, a fish, a bullet train, a club, a busy
# shop, burning sage, Christmas lights, a race, a pillow, a lipstick, a phone, a crowd).
DET41_RULES = {
    "threat-arson-en",
    "threat-bomb-where-en",
    "threat-present-fate-en",
    "threat-slang-en",
    "threat-next-en",
}
REVIEW_EVERYDAY = [
    "congrats to my sister on the wedding, you're next! can't wait",
    "you're next, come on up, we've been waiting",
    "happy for you both! you're next, we're all waiting",
    "i cut my hair tomorrow, wish me luck",
    "i cut your hair tomorrow at 10, see you then",
    "i shoot my first wedding on saturday, nervous!",
    "we shoot her engagement portraits saturday at the park",
    "i gut my fish tonight and fry them",
    "u catch a bullet train tomorrow to osaka, right?",
    "you bleed for this club every saturday, respect",
    "your shop is on fire today, so many customers",
    "your restaurant will be on fire with orders this weekend",
    "your house smells like burning sage, come over tonight",
    "your home will look ablaze with lights for christmas",
    "your place burns through firewood so fast, get more tomorrow",
    "gonna smoke you in the 5k tomorrow, better train",
    "we'll smoke them in the final on sunday",
    "ima clap you back tomorrow, nice one lol",
    "i'll whack you with a pillow tonight",
    "i'm gonna wet your hair first then cut it",
    "I'll do you in a nice red for the portrait friday",
    "i'll do you in your makeup for the party friday",
    "the stadium explodes when they score, see you sunday",
    "the school hall explodes with colour at the holi festival on friday",
    "your device is at the library help desk, ready for pickup tomorrow",
    "I left my device in the office, going back tomorrow to get it",
    "selling bath bombs at the farmers market saturday morning",
]


@pytest.mark.parametrize("text", REVIEW_EVERYDAY)
def test_the_reviews_everyday_lines_are_not_read_by_the_pass(text: str) -> None:
    assert not rule_ids(text) & DET41_RULES


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("you're next. i know where you park", "threat-next-en"),
        ("your whole family is next, wait and see", "threat-next-en"),
        ("i come to ur house tonight and i slit ur throat", "threat-present-fate-en"),
        ("tonight i stab you in your sleep", "threat-present-fate-en"),
        ("you catch a bullet monday, watch", "threat-present-fate-en"),
        ("gonna light your garage on fire tonight", "threat-arson-en"),
        ("the device is in locker 12 at the station, goes off at noon", "threat-bomb-where-en"),
        ("the courthouse explodes at 9 tomorrow, evacuate or don't", "threat-bomb-where-en"),
        ("ima smoke you on sight tomorrow", "threat-slang-en"),
        ("im gonna wet you up tomorrow", "threat-slang-en"),
        ("i'll do you in friday, mark my words", "threat-slang-en"),
    ],
)
def test_the_threats_beside_them_are_still_read(text: str, rule: str) -> None:
    assert rule in rule_ids(text)


def test_a_possessive_next_needs_the_person_not_just_apostrophe_s() -> None:
    # "'s next" alone is no gate literal: "it's next week" is ordinary talk.
    assert not passes_gate("it's next week, mark your calendar")
    assert passes_gate("ur mom is next, i know her shift times")


def test_spelling_readings_are_the_rules_alone_not_the_models_input() -> None:
    # The rules read "gunna" as "gonna"; the model's n-grams and readable text do not: the
    # review found an ordinary post flagged by the decoded copy's n-grams.
    text_views = views("cuz I was gunna smoke u out today")
    assert "gonna" in text_views.decoded.text
    assert model_decoded_text(text_views) == text_views.normalized.text
    assert ngram_text(text_views) == learned_text(text_views.normalized.text)


def test_gon_is_not_read_as_gonna() -> None:
    # "gon" is "gone" as often as "gonna"; "I ain't gon shoot you" is a denial.
    assert "gonna" not in views("I ain't gon shoot you").decoded.text


def test_the_harm_hint_is_compiled_with_the_tables() -> None:
    tables = load_tables()
    assert tables.misspelt_hint is not None
    assert tables.misspelt_hint.search("ima KIL u") is not None
    assert tables.misspelt_hint.search("see you at the kiln, what a skill") is None
