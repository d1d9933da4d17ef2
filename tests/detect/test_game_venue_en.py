"""game-fiction (guards version 20): "during the game" is a story's or a video game's only
where no venue people fill is named; a stadium, a ballpark or the bleachers make it a real game.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer


@pytest.mark.parametrize(
    "text",
    [
        "gonna shoot up the stadium during the game friday",
        "im going to open fire on the crowd at the ballpark during the game saturday",
        "i will kill everyone in the student section during the game tonight",
    ],
)
def test_a_threat_at_a_real_game_is_not_a_story(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category == "threat", text


@pytest.mark.parametrize(
    "text",
    [
        "I shot him in the head during the game lol, best sniper round ever",
        "we killed it at the stadium during the game, what a comeback",
    ],
)
def test_a_video_game_or_a_win_stays_left_alone(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category is None, text
