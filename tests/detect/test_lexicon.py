"""Rule files are validated; every error names the file and the entry."""

from __future__ import annotations

from typing import Any

import pytest

from kizashi.detect import LexiconError, load_lexicon
from kizashi.detect.lexicon import CATEGORIES, parse_lexicon

GUARDS = {"version": 1, "guards": [{"id": "news", "scope": "text", "match": [[{"lemma": "逮捕"}]]}]}


def _rule(**changes: Any) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": "demo-rule",
        "category": "threat",
        "weight": 0.5,
        "match": [[{"lemma": "殺す"}]],
        "guards": ["news"],
        "examples": {"positive": ["殺す", "殺してやる"], "negative": ["猫", "犬"]},
        "source": "a test",
    }
    rule.update(changes)
    return rule


def _parse(rule: dict[str, Any]) -> None:
    parse_lexicon({"guards.yaml": GUARDS, "x.yaml": {"version": 2, "rules": [rule]}})


def test_a_valid_rule_loads() -> None:
    parse_lexicon({"guards.yaml": GUARDS, "x.yaml": {"version": 2, "rules": [_rule()]}})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"category": "gossip"}, "category must be one of"),
        ({"weight": 2}, "weight must be"),
        ({"match": [[{"lema": "殺す"}]]}, "unknown matcher keys ['lema']"),
        ({"match": [[{"gap": 2}]]}, "at least one required token"),
        ({"guards": ["nope"]}, "unknown guards ['nope']"),
        ({"examples": {"positive": ["殺す"], "negative": ["a", "b"]}}, "at least 2 positive"),
        ({"source": ""}, "needs a 'source'"),
        ({"colour": "red"}, "unknown keys ['colour']"),
        ({"match": [[{"regex": "("}]]}, "bad regex"),
        # read from a target's own tokens (kizashi.detect.named), never declared by a rule
        ({"component": "named_target"}, "named_target is read from a target's tokens"),
    ],
)
def test_errors_name_file_and_rule(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(LexiconError) as info:
        _parse(_rule(**changes))
    assert "x.yaml" in str(info.value) and "demo-rule" in str(info.value)
    assert message in str(info.value)


def test_file_version_is_required() -> None:
    with pytest.raises(LexiconError, match=r"x\.yaml: needs an integer file-level 'version'"):
        parse_lexicon({"x.yaml": {"rules": []}})


def test_duplicate_ids_are_refused() -> None:
    files = {
        "guards.yaml": GUARDS,
        "a.yaml": {"version": 1, "rules": [_rule()]},
        "b.yaml": {"version": 1, "rules": [_rule()]},
    }
    with pytest.raises(LexiconError, match=r"'demo-rule' also defined in a\.yaml"):
        parse_lexicon(files)


def test_shipped_lexicon_is_versioned_and_covers_every_category() -> None:
    lexicon = load_lexicon()
    assert all(isinstance(v, int) for v in lexicon.versions.values())
    assert {r.category for r in lexicon.rules} == set(CATEGORIES)
    assert all(r.source for r in lexicon.rules)


def test_a_multi_word_counter_speech_entry_suppresses_and_nothing_else() -> None:
    from kizashi.detect import detect_rules

    said = detect_rules("Kill the mayor. not okay.")
    assert said.category is None
    assert {g for s in said.suppressed for g in s.guards} == {("counter-speech", "not okay")}
    # the words apart, or out of order, are no counter-speech
    for text in ("Kill the mayor. okay.", "Kill the mayor, okay? not me"):
        result = detect_rules(text)
        assert result.category == "threat", text
        assert not any(g[0] == "counter-speech" for s in result.suppressed for g in s.guards)


def test_counter_speech_stands_down_beside_a_threat_said_as_the_writers_own_intention() -> None:
    from kizashi.detect import detect_rules

    # A whole-text guard must not let a word elsewhere hide "I will …" (guards.yaml v6).
    for text in (
        "I will kill the mayor. not okay.",
        "I will shoot up the school tomorrow, report me if you want",
        "I will kill you, stop ignoring me",
    ):
        result = detect_rules(text)
        assert result.category == "threat", text
        assert not any(g[0] == "counter-speech" for s in result.suppressed for g in s.guards)
    # with no intention of the writer's own, counter-speech still reads as before
    assert detect_rules("Kill the mayor. not okay.").category is None
