"""det51 (issue 13): English threats read as intent + target + outcome with no harm verb — a
person named by a given name as the subject of an outcome only a body has or as the object of
the writer's harm verb at the sentence's end, the reader's life said to end before a date, the
reader's "last" period said alone, the reader's family told of their loss, the reader's routine
known with a visit promised, everyone at a distant gathering not getting home, and an
office-holder's occasion ending otherwise than planned — each beside everyday twins that share
the words and stay unflagged."""

from __future__ import annotations

import pytest

from kizashi.detect.scorer import Scorer

THREATS = [
    # a given name
    "i'm gonna kill Jessica. i mean it this time",
    "Derek is gonna bleed for what he did",
    "somebody needs to put Kyle in the ground",
    "imma murder Shawn",
    "Brandon is a dead man",
    "I am going to kill Gary Hutchins.",
    "Linda Marsh will pay for this with her life.",
    "Mark my words, Steven will be six feet under before long.",
    "Harold is going to die by my hand.",
    "I intend to shoot Walter Briggs.",
    "Trevor won't be breathing much longer",
    # the reader and the reader's kin
    "you're not gonna make it to your birthday",
    "hope you enjoyed thanksgiving, it was your last one",
    "say bye to your mom while you still can",
    "Kiss your children goodnight while you still have the chance.",
    "Your family will be attending your funeral very soon.",
    "your kids won't be coming home from school friday",
    "I know what time your wife leaves work. Give her my regards.",
    "nobody at that concert is making it home",
    "Nobody in that church on Sunday will walk out alive.",
    # an office-holder's occasion
    "hey congressman, that town hall thursday ain't ending how you think",
    "The Governor's town hall on Tuesday will not end the way he planned.",
    "senator blake's fundraiser friday is gonna be a funeral",
    "Congresswoman Ruiz will not see election day.",
    "That candidate's victory party will turn into a wake.",
    "that senator is not leaving the convention center in one piece",
    "Mayor Whitfield, your campaign ends at the county fair, one way or another.",
]

EVERYDAY = [
    "Marcus is going to bleed the brakes on his truck this weekend.",
    "Tyler put the tulip bulbs in the ground yesterday.",
    "Jessica is going to bleed her radiators before winter.",
    "Kevin is a dead man at work today, no sleep since Tuesday.",
    "Emily will be six feet tall at this rate.",
    "Nick will pay for this round, with his own money for once.",
    "Grandpa Joe won't be around much longer, the hospice called.",
    "Mike is going to die when he sees the bill.",
    "Walter is going to die laughing when he sees this picture.",
    "Brian is going to get shot by the photographer at the wedding.",
    "Tom is going to get killed in the ratings after that interview.",
    "Chris needs a bullet journal, he forgets everything.",
    "I'll murder Jessica at Scrabble tonight.",
    "I'm going to shoot Brenda a text later.",
    "I want to see Rick Moreno play live before he retires.",
    "Make sure Brian stops breathing through his mouth when he sleeps, it's bad for him.",
    "Linda will be buried soon after the service, the family asked for privacy.",
    "You won't be around for Christmas? Where are you going?",
    "you're not gonna make it to your birthday dinner if the train is late",
    "congrats on retiring, enjoy your last day!",
    "Enjoy your last weekend of summer break!",
    "enjoy your last weekend before finals y'all",
    "Is this your last one? the bakery closes at five.",
    "Tell your wife goodbye for me, it was lovely to see you both.",
    "Tell your wife goodbye from all of us, we will miss you both when you move.",
    "Say goodbye to your kids, the bus is here.",
    "Kiss your kids goodnight, I'll hold the fort.",
    "Enjoy your kids while you can, they grow up so fast.",
    "Your wife will be a widow for the weekend, you're on call again lol",
    "Your family will cry for you when you leave for college.",
    "I know where you live, see you soon for the housewarming!",
    "I know which school your kids go to, mine go there too! see you at pickup",
    "I know what time the store opens. See you soon.",
    "Nobody at that party is going home sober.",
    "nobody at the office is going home early today, boss says",
    "Did everyone at the concert get home in one piece?",
    "The governor's speech won't end the way he planned if the teleprompter breaks again.",
    "The mayor's parade will be his last as mayor, he retires in June.",
    "The candidate won't see election day results until midnight.",
    "If you want to keep living in this city, you need two jobs.",
    "The campaign ends on November 5th, one way or another we'll know.",
    "The councilman better not show up late to the ribbon cutting again.",
    "A man was sentenced today for threatening to kill his neighbor Brenda.",
    "The Governor received a letter saying his town hall would not end the way he planned. The police have it.",
]


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


def test_threats_read_as_target_and_outcome_are_flagged(scorer: Scorer) -> None:
    results = scorer.score(THREATS)
    missed = [t for t, r in zip(THREATS, results, strict=True) if r.category != "threat"]
    assert missed == []


def test_everyday_twins_stay_unflagged(scorer: Scorer) -> None:
    results = scorer.score(EVERYDAY)
    flagged = [t for t, r in zip(EVERYDAY, results, strict=True) if r.flagged]
    assert flagged == []


# The review's loose readings, each said in words of its own: a clock time is no office-holder,
# "put NAME in" is a job unless a grave follows, pride and hobbies are no mourning, an everyday
# ride is a farewell, a hard week or a bill is no death.
LOOSE_TWINS = [
    # "pm"/"mp" as a clock time
    "Brunch at 11 pm sunday is gonna be a funeral, everyone is hungover.",
    "The quiz night at 8 pm will be the end of him, he knows nothing about sport.",
    "the 9 pm party saturday won't end the way you planned, the venue double-booked",
    "The mp3 player launch at 6 pm will be his funeral if sales stay this bad.",
    # "someone should put/shoot NAME" with a job or a photo after it
    "Somebody should put Kevin in goal on Saturday.",
    "Someone should put Laura in the loop about the budget.",
    "someone needs to put Andrew in the spotlight, he deserves it",
    "Someone should shoot Olivia for the catalogue, her smile is perfect.",
    # kin mourning at an occasion or out of habit; an everyday ride
    "Your mum will cry for you at the prize-giving, she always does.",
    "Your dad is going to cry for you when you walk down the aisle.",
    "Your husband will be a golf widower all summer.",
    "Your wife will be a widow every race weekend, that's motorsport.",
    "Say goodbye to your kids, the school bus is here.",
    "Tell your kids goodbye, the airport shuttle is waiting.",
    # a hard week, a wallet
    "Dan won't survive the week at that job.",
    "Kate won't survive the month without her phone.",
    "Marcus is going to bleed for those tickets, they cost a fortune.",
    "Tom will bleed for this renovation, the contractors' bill is huge.",
]

LOOSE_KEPT = [
    "Tory MP Smith's rally tomorrow will be the end of him.",
    "The prime minister's visit to our city will be the end of him.",
    "someone should put Megan in a box.",
    "Someone should kill Tyler.",
    "Your family will cry for you.",
    "Your wife's going to be a widow by Easter.",
    "Harold won't survive the week.",
    "Marcus is going to bleed for this.",
]


def test_loose_twins_of_the_review_stay_unflagged(scorer: Scorer) -> None:
    results = scorer.score(LOOSE_TWINS)
    flagged = [t for t, r in zip(LOOSE_TWINS, results, strict=True) if r.flagged]
    assert flagged == []


def test_the_tightened_readings_still_flag_their_threats(scorer: Scorer) -> None:
    results = scorer.score(LOOSE_KEPT)
    missed = [t for t, r in zip(LOOSE_KEPT, results, strict=True) if r.category != "threat"]
    assert missed == []


# Readings the review found missed: a death wished on a given name, a named person's days
# numbered with the writer's vow, the reader not waking on a named day — each closing the
# sentence; a ranking, a job, an illness and a late sleeper share the words.
MISSED_READ = [
    "I want Connor Blake dead.",
    "Mark my words, Heather's days are numbered.",
    "Heather's days are numbered, I promise you.",
    "you will not wake up on monday.",
]

MISSED_TWINS = [
    "I want Connor dead last in the draft, he never shows up.",
    "I want Kevin dead center in the photo.",
    "Heather's days are numbered at that company.",
    "Heather's days are numbered, the doctors say weeks.",
    "Mark my words, Tom's days as captain are numbered.",
    "you will not wake up on monday without an alarm, trust me",
    "You won't wake up on Saturday before noon, you never do.",
]


def test_missed_readings_are_flagged_when_they_close_the_sentence(scorer: Scorer) -> None:
    results = scorer.score(MISSED_READ)
    missed = [t for t, r in zip(MISSED_READ, results, strict=True) if r.category != "threat"]
    assert missed == []


def test_their_everyday_twins_stay_unflagged(scorer: Scorer) -> None:
    results = scorer.score(MISSED_TWINS)
    flagged = [t for t, r in zip(MISSED_TWINS, results, strict=True) if r.flagged]
    assert flagged == []
