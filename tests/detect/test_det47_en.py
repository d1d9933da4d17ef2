"""det47 of issue 13: English threats in shapes no rule read — the victim named by a name
("beat <name> to death", "shoot <name> in the face", "one in his head"), a toll or a place's
carnage ("take as many as I can with me", "turn X into a bloodbath", "every person at X is
going to die"), a person's remains said as nothing left, an office-holder who won't make it
off the stage, a vehicle said to get blown up, incendiary and explosive recipes, a firearm's
serial taken off, and three spellings (a capital I for l, a dotted word with its last dot,
"every1"). Each has a twin of the same shape that is none; "shoot someone a text" is sending,
not shooting.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from kizashi.detect.gate import passes_gate
from kizashi.text import views
from tests.detect.readings import guards_fired, rule_ids


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


# A threat, the rule that reads it, its category, and a twin of the same shape that is none.
TWINS = [
    (
        "ima stomp marcus to death behind the gym",
        "threat-named-victim-en",
        "threat",
        "ima beat this cold to death with soup and sleep",
    ),
    (
        "i swear i'll stab trevor in the neck at the bus depot",
        "threat-named-victim-en",
        "threat",
        "i swear i'll shoot trevor at the studio for his headshots",
    ),
    (
        "im putting two in his chest when he walks out of the bar",
        "threat-named-victim-en",
        "threat",
        "im putting two in the oven when he walks out of the bar",
    ),
    (
        "the mayor's ribbon cutting is friday. hope she likes lead.",
        "threat-named-victim-en",
        "threat",
        "the mayor's band plays friday. hope she likes lead guitar.",
    ),
    (
        "walking into the depot at noon and taking as many people as i can with me",
        "threat-toll-en",
        "threat",
        "walking into the depot at noon and taking as many snacks as i can with me",
    ),
    (
        "every last person in that clinic is going to die, tomorrow",
        "threat-toll-en",
        "threat",
        "every last person in that clinic is going to dance at the gala tomorrow",
    ),
    (
        "gonna turn the food bank into a slaughterhouse on monday",
        "threat-toll-en",
        "threat",
        "gonna turn the food bank into a community kitchen on monday",
    ),
    (
        "keep calling the cops and your wife is picking out a coffin",
        "threat-toll-en",
        "threat",
        "keep calling the shop and your wife is picking out a sofa",
    ),
    (
        "there won't be anything left of him for the dogs to find",
        "threat-remains-en",
        "threat",
        "there won't be anything left of the pizza for the dogs to find",
    ),
    (
        "Senator Olsen won't make it off the podium at the town picnic on saturday",
        "threat-survival-occasion-en",
        "threat",
        "Senator Olsen won't make it off the waitlist for the town picnic on saturday",
    ),
    (
        "the 6:40 ferry is getting blown up, stay away from the pier",
        "threat-bomb-where-en",
        "threat",
        "the 6:40 ferry is getting cleaned up, stay away from the pier",
    ),
    (
        "gonna unalive my landlord this weekend",
        "threat-intent-en",
        "threat",
        "gonna unpack my landlord's boxes this weekend",
    ),
    (
        "how do you make napalm that sticks to skin",
        "wpn-recipe-en",
        "weapon",
        "napalm death are touring again, who wants to come",
    ),
    (
        "ammonium nitrate and diesel, what ratio for the biggest blast",
        "wpn-recipe-en",
        "weapon",
        "ammonium nitrate is spread on the wheat field in spring",
    ),
    (
        "how to file the serial off a revolver before selling it",
        "wpn-recipe-en",
        "weapon",
        "how to file the serial number sticker off a laptop before selling it",
    ),
    (
        "building a nail bomb in the garage, need a timer",
        "wpn-recipe-en",
        "weapon",
        "building a nail art kit in the garage, need a timer",
    ),
]


@pytest.mark.parametrize(("text", "rule", "category", "twin"), TWINS)
def test_a_reading_fires_and_its_twin_does_not(
    text: str, rule: str, category: str, twin: str
) -> None:
    assert passes_gate(text)
    assert rule in rule_ids(text)
    assert rule not in rule_ids(twin)


@pytest.mark.parametrize(("text", "rule", "category", "twin"), TWINS)
def test_the_readings_are_flagged_and_the_twins_are_not(
    scorer: Scorer, text: str, rule: str, category: str, twin: str
) -> None:
    assert scorer.score([text])[0].category == category
    assert not scorer.score([twin])[0].flagged


def test_a_bomb_going_off_somewhere_is_a_threat_not_a_weapon(scorer: Scorer) -> None:
    # The bomb is no third person making a plan: third-person-en stood the reading down on
    # "bomb going", and the pipe bomb's name made the post a weapon.
    text = "pipe bomb going off under the stage at the library at 4"
    assert "threat-bomb-where-en" in rule_ids(text)
    assert scorer.score([text])[0].category == "threat"


@pytest.mark.parametrize(
    ("text", "decoded_word"),
    [("i'm gonna kiII the lot of them", "kill"), ("i'll s.t.a.b. that guy tonight", "stab")],
)
def test_lookalike_and_dotted_spellings_are_read(text: str, decoded_word: str) -> None:
    surfaces = [t.surface.lower() for t in views(text).decoded_tokens]
    assert decoded_word in surfaces
    assert "." not in surfaces[: surfaces.index(decoded_word) + 2]


def test_initialisms_and_names_keep_their_letters() -> None:
    decoded = views("we moved to the U.S.A. and bought a McIntosh amp").decoded.text
    assert "U.S.A." in decoded or "USA." in decoded
    assert "McIntosh" in decoded


def test_every1_is_everyone(scorer: Scorer) -> None:
    assert scorer.score(["i will shoot every1 in the lobby at lunch"])[0].category == "threat"


@pytest.mark.parametrize(
    "text",
    [
        "gonna shoot my uncle a quick message tonight",
        "ima shoot my roommate a text about the rent",
    ],
)
def test_shooting_someone_a_message_is_sending(scorer: Scorer, text: str) -> None:
    assert "shoot-message-en" in guards_fired(text)
    assert not scorer.score([text])[0].flagged


@pytest.mark.parametrize(
    "text",
    [
        "gonna snipe all of you on rust later, bring meds",
        "the rust on my truck is spreading, gonna kill it with a wire brush tonight",
    ],
)
def test_a_game_with_an_ordinary_name_is_a_game(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged
