"""Pass 11 of issue 13: an office-holder's or a public event's fate said with no harm word,
armed presence at a gathering, English weapon conversions, and marketplace listings of
ammunition and converted toy guns; the legal replicas, the singer's last tour and the
reports of such threats stay unflagged.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from kizashi.detect.gate import passes_gate
from kizashi.detect.patterns import compile_pattern, find_all
from kizashi.text.mapped import Mapped
from kizashi.text.tokens import tokenize
from tests.detect.readings import rule_ids


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("the councilwoman pays with her life at the fundraiser", "threat"),
        ("the governor won't leave that debate alive", "threat"),
        ("the president goes home in a casket after the summit", "threat"),
        ("the mayor's parade on the 3rd will be his last.", "threat"),
        ("I'll be at the town hall armed.", "threat"),
        ("heading to the senator's speech with my shotgun", "threat"),
        ("how to convert an ar-15 to full auto", "weapon"),
        ("milling a receiver in the garage tonight", "weapon"),
        ("実包 10発 手渡しで譲ります", "prohibited_listing"),
        ("改造品 金属弾が撃てます 現状渡し", "prohibited_listing"),
    ],
)
def test_pass11_shapes_are_flagged(scorer: Scorer, text: str, category: str) -> None:
    assert passes_gate(text), text
    assert scorer.score([text])[0].category == category, text


@pytest.mark.parametrize(
    "text",
    [
        "this world tour will be his last, he told the fans",
        "the coach's final game will be his last before retirement",
        "my uncle paid with his life in the war",
        "nobody leaves the escape room alive, it's the theme",
        "we're going to the rally armed with facts",
        "I'll be carrying the flag at the parade",
        "Police said a man brought a rifle to the rally on Friday.",
        "Writing that the mayor will pay with his life is a threat, report it.",
        "the solvent trap cleans my barrel nicely",
        "my stereo receiver has no serial number",
        "モデルガン 発射不可 SPG 美品",
        "薬莢風キーホルダー 真鍮",
        "実弾射撃はできません、BB弾のみ",
    ],
)
def test_pass11_innocent_shapes_are_not_flagged(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category is None, text


def test_a_fate_needs_an_office_holder_or_a_public_event() -> None:
    assert "threat-fate-political-en" in rule_ids("the senator will pay with his life at the rally")
    assert "threat-fate-political-en" not in rule_ids("the drummer will pay with his life")


def test_final_means_the_sentence_ends_there() -> None:
    pattern = compile_pattern([{"surface": "her"}, {"surface": "last", "final": True}], "t")

    def hits(text: str) -> bool:
        return bool(find_all(pattern, tokenize(Mapped.identity(text))))

    assert hits("it will be her last")
    assert hits("it will be her last. ok")
    assert hits("it will be her last, she said")
    assert not hits("it will be her last speech")
