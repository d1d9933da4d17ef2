"""The composed threat rules, their components as evidence, and the anchor-only gate."""

from __future__ import annotations

import pytest

from kizashi.detect import detect_rules
from kizashi.detect.gate import anchor_words, passes_gate
from kizashi.detect.lexicon import load_lexicon
from kizashi.detect.patterns import conjugated_stems


def _composed(text: str) -> dict[str, object]:
    evidence = detect_rules(text).evidence()
    (entry,) = [e for e in evidence if e["rule"] == "threat-composed"]
    return entry


def test_composed_threat_lists_every_part_with_its_span() -> None:
    text = "11/1 大塚駅で桜井を56す"
    entry = _composed(text)
    parts = entry["components"]
    assert isinstance(parts, dict)
    assert {"harm_intent", "target", "time", "place", "protected_person"} <= set(parts)
    for name in ("harm_intent", "target", "time", "place"):
        for part in parts[name]:
            assert text[part["start"] : part["end"]] == part["text"]
    assert "candidate-sakurai" in parts["protected_person"]
    # 56す is a kill verb, and, ending its clause with 桜井 as its object, the plain form said
    # as the writer's own plan (threat-plain-ja, pass 7)
    assert [(p["rule"], p["text"]) for p in parts["harm_intent"]] == [
        ("threat-kill-ja", "56す"),
        ("threat-plain-ja", "56す"),
    ]


def test_an_imminent_attack_is_a_component() -> None:
    text = "今から駅で刺してやる"
    parts = _composed(text)["components"]
    assert isinstance(parts, dict)
    assert [p["text"] for p in parts["imminent"]] == ["今から"]
    english = _composed("gonna shoot up the school, on my way")["components"]
    assert isinstance(english, dict) and "imminent" in english
    # Alone, a word of time is no threat.
    assert detect_rules("今から駅に向かってる").scores["threat"] == 0.0


def test_a_title_sudachi_splits_is_still_a_target() -> None:
    parts = _composed("市長を刺してやる")["components"]
    assert isinstance(parts, dict)
    assert [p["text"] for p in parts["target"]] == ["市長"]


@pytest.mark.parametrize(
    "text",
    ["Hang your coat in the hall please.", "It is difficult to execute the task.",
     "I need some medicine to kill the pain.", "He can really shoot the 3.",
     "We're all gonna die.", "If I should die, please offer my heart.",
     "I'm gonna take out the trash"],
)  # fmt: skip
def test_english_harm_verbs_need_a_person(text: str) -> None:
    assert detect_rules(text).scores["threat"] == 0.0


@pytest.mark.parametrize(
    "text",
    ["I will assassinate the senator at the rally", "gonna shoot up city hall tonight",
     "going to open fire at the mall", "gonna blow the school up", "take him out at the speech",
     "kill that bitch", "you're gonna die"],
)  # fmt: skip
def test_english_threat_shapes(text: str) -> None:
    assert detect_rules(text).category == "threat"


def test_means_and_place_compose_a_threat_without_a_kill_verb() -> None:
    result = detect_rules("明日包丁持って学校行くわ")
    assert result.category == "threat"
    assert "threat-composed-means" in {h.rule for h in result.hits}


@pytest.mark.parametrize(
    "text",
    ["ゴミを燃やしてやる", "時間を潰すしかない", "包丁を研いで料理の準備", "車で駅まで迎えに行く"],
)
def test_a_weak_verb_or_a_means_alone_is_no_threat(text: str) -> None:
    assert detect_rules(text).scores["threat"] == 0.0


@pytest.mark.parametrize(
    "text",
    ["あいつ殺したるわ", "店長しばいたろか", "刺させていただきます", "お命頂戴いたします"],
)
def test_dialect_and_keigo_harm_frames(text: str) -> None:
    assert detect_rules(text).category == "threat"


def test_conjugated_stems() -> None:
    assert conjugated_stems("殺す") == {"殺さ", "殺し", "殺せ", "殺そ"}
    assert "仕留め" in conjugated_stems("仕留める")
    assert conjugated_stems("放火する") == {"放火"}


def test_the_gate_is_built_from_anchors_not_object_slots() -> None:
    words = anchor_words(load_lexicon())
    assert {"you", "her", "him", "them", "the"}.isdisjoint(words)
    assert "kill" in words and "殺す" in words


@pytest.mark.parametrize(
    "text",
    [
        "Thank you so much for the birthday card, it made my day",
        "Can you send her the photos from the weekend?",
        "今日は天気がいいので散歩してきた",
    ],
)
def test_ordinary_text_does_not_pass_the_gate(text: str) -> None:
    assert not passes_gate(text)


@pytest.mark.parametrize(
    "text",
    [
        "桜井を五六す",
        "桜井誌ね",
        "こ🔪ろ🔪す",
        "こ\nろ\nす",
        "こ\u200bろ\u200bす",
        "I will k1ll her",
    ],
)
def test_disguises_pass_the_gate(text: str) -> None:
    assert passes_gate(text)
