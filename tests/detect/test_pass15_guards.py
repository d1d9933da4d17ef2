"""Fifteenth pass: the English guards read a word's sense, not the word.

`sports` ("court", "final", "score", "season" …), `sports-en` ("rivals", "fans", "season" …),
`news-report` ("court", "news", "police", "hoax" …) and `game-fiction` ("game", "lobby",
"lol", "story", "round" …) stood a real threat down on one shared word. Those words now count
only beside what makes them sport, a report or a game. Every sentence here was written for
the tests; none is a probe item. On the fourteenth pass's code the threats below were not
flagged (a guard read the word) and the twins were already guarded.
"""

from __future__ import annotations

import pytest

from kizashi.detect.scorer import Scorer
from tests.detect.readings import guards_fired


@pytest.mark.parametrize(
    ("text", "guard"),
    [
        ("see you after family court on friday, i'm going to kill you", "news-report"),
        ("see you after family court on friday, i'm going to kill you", "sports"),
        ("my final answer is i will stab you tomorrow", "sports"),
        ("the season of forgiveness is over, i will kill you on monday", "sports"),
        ("game night is cancelled because i'm going to kill you, jason", "game-fiction"),
        ("i will shoot you in the hotel lobby tomorrow morning", "game-fiction"),
        ("lol i'm going to stab you tomorrow at work", "game-fiction"),
        ("our rivals at the expo will be counting their dead on friday", "sports-en"),
    ],
)
def test_a_guard_word_in_another_sense_no_longer_stands_a_threat_down(
    scorer: Scorer, text: str, guard: str
) -> None:
    assert guard not in guards_fired(text)
    assert scorer.score([text])[0].category == "threat"


@pytest.mark.parametrize(
    ("text", "guard"),
    [
        # the word with what makes it sport, a report or a game
        ("we will kill them in the final, the home team never loses", "sports"),
        ("gonna kill them in the cup final", "sports"),
        ("the rivals from the nfl game on sunday will be counting their dead", "sports-en"),
        ("the rivals from the nfl game on sunday will be counting their dead", "sports"),
        (
            "the court ruled today that the man who said i will kill you must stay away",
            "news-report",
        ),
        ("police said the man shouted i will shoot you all before he was tackled", "news-report"),
        ("the bomb threat was a hoax, a teenager said i will bomb the mall", "news-report"),
        # Seventeenth pass: game-fiction reads clause by clause; "… you respawn and i will
        # shoot you" is two clauses, the second the writer's own intention, so the game
        # words of the first no longer reach it (docs/history/detection-journal.md,
        # seventeenth pass).
        ("after you respawn in the lobby i will shoot you with the sniper", "game-fiction"),
        ("lol in valorant i'm going to kill you every round", "game-fiction"),
    ],
)
def test_the_word_in_its_own_sense_still_stands_a_hit_down(
    scorer: Scorer, text: str, guard: str
) -> None:
    assert guard in guards_fired(text)
    assert not scorer.score([text])[0].flagged


def test_a_threat_that_denies_a_hoax_is_not_news(scorer: Scorer) -> None:
    text = "this is no hoax, i will bomb the mall tomorrow"
    assert "news-report" not in guards_fired(text)
    assert scorer.score([text])[0].category == "threat"


def test_a_word_of_sport_alone_is_no_new_guard() -> None:
    # The context words (football, basketball, stadium …) only corroborate an old guard word;
    # alone they guard nothing, so a league game stays an event (the tenth pass's reading).
    text = "there's going to be a massacre at the football game"
    assert not guards_fired(text) & {"sports", "sports-en", "game-fiction"}
