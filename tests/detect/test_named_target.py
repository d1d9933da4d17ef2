"""A threat's target said by a person's name (``named_target``, kizashi.detect.named): read from
the tokens of the spans that found the target, never from a pronoun, role, relative or epithet,
so that triage can tell "I'll kill him" from a threat to a person someone can warn."""

from __future__ import annotations

import pytest

from kizashi.detect import detect_rules


def named(text: str) -> list[str]:
    """The named_target parts of the text's composed threat hits, each once, in order."""
    found: list[str] = []
    for entry in detect_rules(text).evidence():
        for part in (entry.get("components") or {}).get("named_target", []):  # type: ignore[union-attr]
            assert text[part["start"] : part["end"]] == part["text"]
            if part["text"] not in found:
                found.append(part["text"])
    return found


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("田中を絶対に殺してやる", ["田中"]),
        ("鈴木一郎を殺してやる", ["鈴木一郎"]),  # a family and a given name are one name
        ("山田太郎さんを刺してやる", ["山田太郎さん"]),  # shown with the honorific
        ("佐藤くんを殺す", ["佐藤くん"]),
        ("I'm going to shoot Mr. Okafor", ["Mr. Okafor"]),  # with the title
        ("I am going to murder Mrs. Pemberton", ["Mrs. Pemberton"]),
        ("gonna stab Marcus with a knife", ["Marcus"]),
        ("imma end quentin with a knife", ["quentin"]),  # det48: a name by its person cue
        ("If I ever see Laura Finch again I'll kill her", ["Laura Finch"]),
    ],
)
def test_a_target_said_by_name_is_named(text: str, names: list[str]) -> None:
    assert detect_rules(text).category == "threat"
    assert named(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "お前を殺す",
        "こいつ絶対に殺してやる",
        "上司を殺す",
        "部長をぶっ殺してやる",
        # a name marked by が is who speaks, not whom the harm is aimed at
        "山田さんが言ってたけど、お前を殺す",
        "I'll kill him.",
        "I will kill you",
        "ill kill that bitch",
        # Sudachi tags English words it does not know as 人名 ("lost"): no name.
        "Im kill a bitch if it gets lost, cause I hadnt saved it.",
    ],
)
def test_a_pronoun_role_or_epithet_is_no_name(text: str) -> None:
    assert detect_rules(text).category == "threat"
    assert named(text) == []


def test_the_target_part_is_kept_beside_the_name() -> None:
    (entry,) = [
        e
        for e in detect_rules("田中を絶対に殺してやる").evidence()
        if e["rule"] == "threat-composed"
    ]
    parts = entry["components"]
    assert isinstance(parts, dict)
    assert [p["text"] for p in parts["target"]] == ["田中"]
    assert [(p["rule"], p["text"]) for p in parts["named_target"]] == [
        ("threat-context-target", "田中")
    ]
