"""What the rules read of a text, as the detection tests ask it: the rules that hit, and the
guards that stood a hit down."""

from __future__ import annotations

from kizashi.detect import detect_rules


def rule_ids(text: str) -> set[str]:
    """The ids of the rules that hit ``text`` and were not stood down."""
    return {hit.rule for hit in detect_rules(text).hits}


def guards_fired(text: str) -> set[str]:
    """The ids of the guards that stood down a hit in ``text``."""
    return {guard for s in detect_rules(text).suppressed for guard, _ in s.guards}
