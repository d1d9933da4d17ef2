"""det48 of issue 13: an English threat against a person named by name — "I intend to kill
Judge Morrow", "imma end quentin with a knife", "I'm going to kill Brenda tonight" — had no
target: a name was no person to the rules, so the harm reading never composed. A name now
reads as the object of a harm verb with a person cue: a title before it, or a weapon, a means
or a body part after it; in the writer's frame also a capitalised word with a time after it,
unless a game, play, sport, photograph, shop or meal word is in the text.

Precision first (det48fix, after revdet48's review): a bare capitalised or lowercase word after
a harm verb is a game's boss, a part in a play, a team, a place to photograph, a shop or an
activity as often as a person, so it is no target by itself. The sentences are written for
these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from kizashi.detect.gate import passes_gate
from tests.detect.readings import guards_fired, rule_ids


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


# A threat against a person named by name, in the writer's frame.
POSITIVES = [
    "I will kill Brenda tonight.",
    "im gonna murder tanner with my bare hands",
    "I'm going to shoot Mr. Okafor when he opens the shop",
    "We plan to stab Victor with a screwdriver",
    "swear i'll strangle Deb with a rope",
    "I intend to kill Judge Morrow before the verdict.",
    "imma end quentin with a knife",
    "I am going to murder Lorenzo in his sleep",
    "finna shoot Rico in the head",
    "I will knife Marguerite tomorrow",
    "gonna kill bethany with a gun",
]

# Names beside harm-verb idioms, sending, photography, cooking, reports, fiction, games,
# sports and products: none is a threat.
NEGATIVES = [
    "Grace killed it at the recital, everyone stood up",
    "I'm gonna kill time at the library until Owen finishes practice",
    "Can you shoot Priya a quick text about dinner?",
    "I'll shoot Marcus an email with the slides tonight",
    "Nadia absolutely murdered that karaoke song",
    "We're going to kill this presentation, right Hannah?",
    "Jake is going to shoot a music video in Brooklyn",
    "Uncle Ray shot the breeze with Dad for hours",
    "Ollie blew up my phone with memes all morning",
    "I'll end the call with Fiona at four",
    "My mom is gonna kill me if I miss the bus again lol",
    "Curry killed the Celtics with nine threes",
    "LeBron murdered the Knicks in the fourth quarter",
    "Police say the gunman shot Daniel Reyes outside a bar",
    "The suspect allegedly stabbed Kevin Moore twice, officials said",
    "In the book, Arthur kills the dragon at dawn",
    "In the movie, Kate shoots Viktor in the final scene",
    "Let's take a stab at the puzzle with Leo later",
    "Maya is shooting hoops with Andre after school",
    "Kill the lights, Sam, the movie is starting",
    "Ben is gonna finish off the leftovers tonight",
    "Ruby blew up on Instagram last week",
    "Jordan shot his shot with Emma and she said yes",
    "This essay is killing me, Rachel",
    "I'm going to kill it at my interview tomorrow, wish me luck Tara",
    "Felix is going to murder this crossword",
    "Don't let Ethan kill the vibe at the party",
    "I'm about to end this stream, thanks for watching everyone",
    "Dad is going to run over to the store for milk",
    "I'll run Zoe over to practice at six",
    "Chris got absolutely murdered in the debate last night",
    "Noah killed his final exam, so proud",
    "Lucy shot a great photo of the sunset",
    "I'm going to shoot Rebecca's engagement photos on Saturday",
    "The photographer will shoot Lily and Max at the beach",
    "gonna shoot kayla a dm about the concert",
    "im gonna kill time till derek gets here",
    "omg emma killed it tonight 😍",
    "i'm dying, josh is killing me with these jokes 💀",
    "mason smoked everyone in fortnite lol",
    "Aunt Linda will kill me if I forget her birthday",
    "Coach said he'll kill us with sprints tomorrow",
    "Officer Grant said he will shoot the video for the safety campaign",
    "Dr. Patel shot down the proposal at the board meeting",
    "Mr. Aldridge killed the motion in committee",
    "Mrs. Pemberton is going to end the meeting early",
    "The detective believes Sarah shot Tom in self-defense",
    "Witnesses said the man stabbed Luis and fled on foot",
    "Sources say Ivanov ordered officers to shoot protesters",
    "The soldier in the novel kills Hans with a bayonet",
    "My character killed Ragnar in the boss fight, so satisfying",
    "Sophie killed me in Mario Kart again",
    "I'll kill Noah at chess next time, just watch",
    "Our team is going to murder Arsenal on Saturday",
    "Liverpool will kill Chelsea this weekend",
    "We're going to slaughter Duke in the tournament",
    "Federer murdered Nadal in the final set",
    "Ana stabbed the potatoes with a fork to check them",
    "Carlos will knife the onions thinly for the salsa",
    "Liam will kill the engine before we get out",
    "Let Grace end the quote there",
    "Zara will end Monday's session with a quiz",
    "I'm gonna shoot Paris a postcard from Rome",
    "We plan to shoot Kenya's savannah for the documentary",
    "I'll murder a burger after the gym, Tom",
    "Nick's going to kill two birds with one stone",
    "Daisy shot the ball from half court",
    "Ava's band killed it at the festival",
    "He was killed by Marco in the third act of the play",
    "I could kill for a coffee right now, Jess",
    "You're killing me, Smalls",
    "Kill Bill is my favorite movie",
    "I plan to shoot Broadway shows with my new camera",
    "Ella will shoot Yosemite in the spring",
    "Going to end Tuesday's practice early",
    "Kim will finish off the report before she leaves",
    "Harry will blow up the balloons for Amy's party",
    "Grandpa used to shoot rabbits on the farm",
    "Let's kill Friday night with pizza and movies",
    "I'm going to murder Mondays from now on, new routine",
    "The team hopes to kill Boston's winning streak",
    "Emma said she would kill for Jake's hair",
]


@pytest.mark.parametrize("text", POSITIVES)
def test_a_named_person_as_the_object_of_a_harm_verb_is_a_target(text: str) -> None:
    assert passes_gate(text)
    assert "threat-named-person-en" in rule_ids(text)


def test_threats_against_named_persons_are_flagged(scorer: Scorer) -> None:
    missed = [
        t for t, s in zip(POSITIVES, scorer.score(POSITIVES), strict=True) if s.category != "threat"
    ]
    assert missed == []


def test_everyday_names_with_harm_idioms_stay_clean(scorer: Scorer) -> None:
    assert len(NEGATIVES) >= 80
    flagged = [t for t, s in zip(NEGATIVES, scorer.score(NEGATIVES), strict=True) if s.flagged]
    assert flagged == []


@pytest.mark.parametrize(
    "text",
    [
        "police said he shot Tomas outside the bar",
        "I'll shoot Bianca a text tonight",
        "gonna kill time until Petra lands",
        "I'm going to kill Chrome, it froze again",
        "I will kill Brenda.",
        "imma end quentin on sight",
    ],
)
def test_reports_sending_and_things_name_no_target(text: str) -> None:
    assert "threat-named-person-en" not in rule_ids(text)


@pytest.mark.parametrize(
    ("banter", "plan"),
    [
        (
            "ima kill Rosa tonight 😂😭 she wore my hoodie again",
            "ima kill rosa with a knife, she knows what she did",
        ),
        (
            "gonna murder Theo tonight 🤣 he spoiled the finale",
            "gonna murder Theo tonight when he gets home",
        ),
    ],
)
def test_laughter_right_after_the_name_is_banter(banter: str, plan: str) -> None:
    assert "threat-named-person-en" not in rule_ids(banter)
    assert "laughter-after-en" in guards_fired(banter)
    assert "threat-named-person-en" in rule_ids(plan)


@pytest.mark.parametrize(
    ("threat", "twin"),
    [
        (
            "i'm going to finish her off when she gets home",
            "i'm going to finish it off when i get home",
        ),
        ("we'll do him in tonight behind the garage", "we'll do it in an hour behind the garage"),
        ("gonna glass that bloke at the pub", "gonna have a glass at the pub with that bloke"),
    ],
)
def test_phrasal_and_british_harm_verbs_read_with_a_person(
    scorer: Scorer, threat: str, twin: str
) -> None:
    assert "threat-intent-en" in rule_ids(threat)
    assert scorer.score([threat])[0].category == "threat"
    assert not scorer.score([twin])[0].flagged


# revdet47's review of det47: its new rules' everyday twins. Each pair: a sentence the det47
# reading flagged on ordinary text, and a threat of the same shape that stays flagged.
REVIEW_TWINS = [
    (
        "Cocktail night! Molotov cocktail recipe: rum, ginger, lime, mix and shake.",
        "how do you make a molotov that sticks, need it for friday",
    ),
    (
        "Quarry blasting uses ANFO, ammonium nitrate mixed with diesel, my dad was a miner.",
        "what ratio of ammonium nitrate to diesel gives the biggest blast",
    ),
    (
        "Peel the serial number sticker off the shotgun case before you return it.",
        "how to drill the serial number off a pistol, asking for me",
    ),
    (
        "I'm taking as many as I can with me to the book swap, got two bags of paperbacks.",
        "walking into that clinic tomorrow and taking as many people as i can with me",
    ),
    (
        "Every single person at the office is going to die when they taste my chili.",
        "every single person at that office is going to die, i mean it",
    ),
    (
        "Your family is choosing a casket? I'm so sorry, thinking of you.",
        "keep lying to the cops and your family is choosing a casket",
    ),
    (
        "There won't be anything left of you after this hike, pack snacks.",
        "cross me again and there won't be anything left of you to bury",
    ),
    (
        "The old cinema is getting blown up on Sunday morning, controlled demolition, stay back.",
        "the 6:40 train to the airport is getting blown up, stay off it",
    ),
    (
        "The governor won't make it off the stage at the banquet without a selfie line.",
        "the governor won't make it off the stage at the banquet on friday",
    ),
    (
        "Hope she likes lead, she got the lead role in the musical.",
        "the councilman's town hall is monday. hope he likes lead.",
    ),
    (
        "I'm gonna strangle my brother if he eats my leftovers one more time.",
        "i'm gonna strangle my brother when he gets home tonight",
    ),
]


@pytest.mark.parametrize(("everyday", "threat"), REVIEW_TWINS)
def test_det47_readings_keep_their_threats_and_drop_everyday_twins(
    scorer: Scorer, everyday: str, threat: str
) -> None:
    assert not scorer.score([everyday])[0].flagged
    assert scorer.score([threat])[0].flagged


@pytest.mark.parametrize(
    "text",
    [
        "gonna shoot up the gym in the finals tonight",
        "im gonna shoot up the mall in destiny tomorrow",
    ],
)
def test_ordinary_words_are_no_game_names(scorer: Scorer, text: str) -> None:
    assert "game-fiction" not in guards_fired(text)
    assert scorer.score([text])[0].category == "threat"


# revdet48's review of det48 (High 1): a bare word after a harm verb and a time is a game's
# boss, a part, a team, a place or thing to photograph, a shop or an activity.
LEISURE = [
    "I'm gonna kill Morgoth tonight, third try on this boss",
    "Gonna stab Macbeth in the play on Thursday, I got the part",
    "We'll murder Portugal on Saturday in the cup",
    "I'll shoot Zion tomorrow for the sunrise pics",
    "i'm gonna shoot maddie tomorrow for her senior pics",
    "i'm gonna murder pancakes on sunday",
    "imma kill pilates today",
    "I'll kill Target on Saturday, we need groceries",
    "I'm going to kill Uncle Lou at bowling tonight",
    "Gonna kill Captain Price in the campaign tonight",
    "i'm gonna strangle grandma if she tells that joke again",
    "I'll murder Nina if she eats my fries again",
]


def test_a_bare_word_after_a_harm_verb_is_no_person(scorer: Scorer) -> None:
    flagged = [t for t, s in zip(LEISURE, scorer.score(LEISURE), strict=True) if s.flagged]
    assert flagged == []
    assert all("threat-named-person-en" not in rule_ids(t) for t in LEISURE)


# revdet48 (High 2, Medium): a weapon, a means or a harm that follows keeps the threat beside a
# grievance, a table game, a fixture's word or laughter.
@pytest.mark.parametrize(
    "text",
    [
        "I'm going to kill my husband tonight, he spoiled the surprise, and the rifle is loaded.",
        "I'll stab my cousin tonight at poker with a knife.",
        "I'm going to kill my neighbor tomorrow, I got the gun, he keeps the music loud.",
        "I'll shoot my manager at the office tomorrow, jk unless he fires me.",
        "I'm going to kill Marla tonight at home when she's alone.",
        "I'm going to kill Denise tonight 😂 and then bury her body",
    ],
)
def test_guards_stand_aside_for_a_weapon_or_a_harm_that_follows(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category == "threat"
    fired = guards_fired(text)
    assert not fired & {"petty-grievance-en", "team-name-en", "laughter-after-en"}
