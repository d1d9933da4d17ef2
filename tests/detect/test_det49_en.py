"""det49 (issue 13): English readings by class — strictly lethal verbs read a capitalised name
(ending the sentence, or with a time, "when" or a body part after it) or a lowercase one with a
person cue as a person, kill reads a lowercase name (no activity) with a time, everyone at a
place said to die by the writer's act or weapon, "shoot up" a gathering in the writer's frame,
text-speak frames and eye-dialect spellings of harm verbs — each beside everyday twins that
share the words and stay unflagged, and the review's everyday lines and threats."""

from __future__ import annotations

import pytest

from kizashi.detect.result import detect_rules
from kizashi.detect.scorer import Scorer
from kizashi.text.tables import load_tables

THREATS = [
    # a strictly lethal verb and a bare name
    "I'm gonna strangle Dale",
    "I'm going to stab Dale when he gets home",
    "imma stab jerome when i see him",
    # kill / murder and a lowercase name with a time
    "imma kill marcus tonight",
    "imma kill kevin tomorrow",
    # everyone at a place said to die
    "everyone at the mall is going to die when i open fire",
    # shoot up any gathering
    "gonna shoot up the football game friday",
    "gonna shoot up the lan party saturday",
    # text-speak frames and spellings
    "boutta kill u",
    "ima murda him",
    "gonna stabb u",
    "gonna strangel you",
]

EVERYDAY = [
    "I will kill Brenda at chess on Monday, she never wins.",
    "im gonna murder brunch on sunday",
    "imma kill crossfit tomorrow",
    "imma kill tennis tomorrow",
    "imma kill calc tomorrow",
    "imma kill this exam tomorrow, studied all week",
    "i will stab caesar in the play tonight",
    "gonna strangle Kevin with a hug when he lands",
    "I'm gonna see Knife Party tonight in Vegas",
    "i'll murder the person who finished the coffee",
    "we're gonna kill the raid boss who keeps one-shotting us tonight",
    "everyone at the party is going to die when they see the cake",
    "everyone at the gym is gonna die, leg day is brutal.",
    "everyone in this house is going to die of boredom",
    "im gonna shoot up the charts with this song",
    "gonna shoot up the ranks this season",
    "we're gonna shoot up the leaderboard tonight",
    "i'm going to shoot up the hill tomorrow on my bike",
    "I'm gonna shoot up the M1 to see mum on Friday",
    "Murda Beatz dropped a new beat",
    "Bath bombs are on sale at the mall this weekend.",
    "There's a bomb-sniffing dog demonstration at the station on Saturday.",
    "our striker shoots from everywhere, he'll kill them on the counter",
    "Shoot me a text when you get to the rally.",
    "We'll shoot the wedding photos at the train station at 4pm.",
    "The last bus from the station leaves at 11:40.",
    "Kill the engine when you get to the gas station.",
]


# The review's everyday lines (det49 before the fix flagged every one; main none): harm verbs
# on food, crafts, pains and golf, "shoot up" as launching, travelling, photographing and
# growing, and "everyone at/in X … die" as mortality, a boast or exaggeration.
REVIEW_EVERYDAY = [
    "I'm going to stab Yukon Golds with a fork before they go in the oven",
    "gonna stab holes in the potatoes before baking",
    "I'm going to slit Roma tomatoes and blanch them for sauce",
    "I'm gonna need a knife sharpener for christmas",
    "I'm gonna stab Brie with a cheese knife lol",
    "going to slit Brussels sprouts before roasting them",
    "i'm going to slit seams on the dress im altering",
    "I'm going to shank Titleists into the pond again tomorrow",
    "I'm going to bludgeon Photoshop into working tonight",
    "I'm having stabbing pains in my side again",
    "I'm getting stabbing headaches every morning",
    "I'm gonna buy a stab vest for my security job",
    "I'm going to behead dandelions in the yard this weekend",
    "Gonna slit envelopes in the mail room all day",
    "I'm going to stab marshmallows onto sticks for the campfire",
    "I'm going to stab stitch the binding on my quilt",
    "we're going to practice with EpiPens on oranges, gonna stab Oranges all afternoon",
    "i'm going to knife butter onto the bread",
    "gonna slit open Amazon boxes all day at work",
    "I'll decapitate strawberries for the jam",
    "I'm going to shank Callaway balls into the trees all weekend",
    "I'm gonna stab Lemons with cloves for the potpourri",
    "i'm going to slit Kalamata olives and pit them",
    "gonna stab Pineapple chunks onto skewers tonight",
    "Our tomatoes are going to shoot up the trellis",
    "We're gonna shoot up the east coast tomorrow",
    "we're gonna shoot up the interstate tomorrow",
    "He's going to shoot up the doorframe!",
    "I'm shooting up the engagement photos tonight",
    "gonna shoot up the whole roll tonight",
    "I'll shoot up the last roll tomorrow at the beach",
    "We're gonna shoot up the rocket saturday at the club field",
    "we're going to shoot up the fireworks tonight",
    "We're gonna shoot up the flares tonight on the boat",
    "We're gonna shoot up the canyon tomorrow for sunset",
    "We're gonna shoot up the range tomorrow",
    "we're gonna shoot up the confetti cannons tonight",
    "Everyone in the world is going to die.",
    "Everyone in this room is going to die, that's what being mortal means",
    "Everybody at brunch is going to die when I tell them the news",
    "Everyone at school is going to die when I show up with pink hair",
    "Everyone at the reunion is gonna die, I lost 60 pounds",
    "Everyone in Westeros is going to die.",
    "everyone in my family is going to die when i announce the engagement",
    "Everyone at the bakery is gonna die, these croissants are unreal",
    "Everyone at the hospice is going to die, that's why it's a hospice",
]

# Threats main flags that det49 before the fix dropped (its sports and leisure guards had
# gained swim/track meet, spin, hugs and wings), and one its leisure guard kept off.
REVIEW_THREATS = [
    "gonna shoot everyone at the swim meet saturday",
    "gonna shoot everyone at the track meet friday",
    "gonna strangle Becca tonight after her spin class",
    "gonna strangle Nate tonight, no more hugs",
    "i'll shoot Marcus tomorrow at the wings place",
    "gonna stab Tom tomorrow after his interview",
]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


def test_threats_read_by_class_are_flagged(scorer: Scorer) -> None:
    results = scorer.score(THREATS)
    missed = [t for t, r in zip(THREATS, results, strict=True) if r.category != "threat"]
    assert missed == []


def test_everyday_twins_stay_unflagged(scorer: Scorer) -> None:
    results = scorer.score(EVERYDAY)
    flagged = [t for t, r in zip(EVERYDAY, results, strict=True) if r.flagged]
    assert flagged == []


def test_review_everyday_lines_stay_unflagged(scorer: Scorer) -> None:
    results = scorer.score(REVIEW_EVERYDAY)
    flagged = [t for t, r in zip(REVIEW_EVERYDAY, results, strict=True) if r.flagged]
    assert flagged == []


def test_review_threats_hidden_by_guards_are_flagged(scorer: Scorer) -> None:
    results = scorer.score(REVIEW_THREATS)
    missed = [t for t, r in zip(REVIEW_THREATS, results, strict=True) if r.category != "threat"]
    assert missed == []


def test_eye_dialect_spellings_are_derived_by_class() -> None:
    misspelt = load_tables().harm_misspelt
    assert misspelt["stabb"] == "stab"
    assert misspelt["murda"] == "murder"
    assert misspelt["strangel"] == "strangle"
    # Doubling is for a single final stop consonant only; inflected forms keep their spelling.
    assert "killingg" not in misspelt
    assert "kille" not in misspelt


@pytest.mark.parametrize(
    "text", ["boutta kill u", "gunna stab him", "bouta shoot u", "gon kill her"]
)
def test_text_speak_frames_read_as_the_writers_intent(text: str) -> None:
    assert "threat-intent-en" in detect_rules(text).reading
