from __future__ import annotations

import re

import orjson
from sqlalchemy import Engine, select

from kizashi.guard.policy import RULES
from kizashi.store.tables import audit_entries
from kizashi.web.guard_rules import japanese_meanings, rule_meaning
from tests.web.seeding import Seeded


def test_every_rule_the_guard_can_name_has_its_japanese_and_nothing_else_is_listed() -> None:
    assert set(japanese_meanings()) == set(RULES)
    for rule, text in japanese_meanings().items():
        # The effect is said first, as the guard's English says it ("allow: …", "deny: …").
        effect = RULES[rule].split(":", 1)[0]
        assert text.startswith({"allow": "許可：", "deny": "拒否："}[effect]), rule


def test_a_rule_reads_in_the_pages_language_and_english_is_the_guards_own() -> None:
    japanese = rule_meaning("DESK-2", "ja")
    english = rule_meaning("DESK-2", "en")
    assert japanese.text == "他班の資料"  # the page says 拒否 beside it
    assert english.text == "material of another desk"
    assert (
        english.english == RULES["DESK-2"] == japanese.english == "deny: material of another desk"
    )
    assert rule_meaning("NO-SUCH-9", "ja").text == ""  # an unknown id says nothing made up
    assert rule_meaning(None, "ja").rule == ""


def test_an_audit_entry_says_its_decision_in_the_inspectors_words(  # type: ignore[no-untyped-def]
    as_user, seeded: Seeded, engine: Engine
) -> None:
    """Before: the entry printed ``deny — deny: material of another desk`` on a Japanese page."""
    as_user("analyst").get(f"/ui/alerts/{seeded.main_alert}")
    with engine.connect() as connection:
        rows = connection.execute(
            select(audit_entries.c.seq, audit_entries.c.leaf).order_by(audit_entries.c.seq.desc())
        ).all()
    seq, leaf = next(
        (seq, orjson.loads(leaf))
        for seq, leaf in rows
        if orjson.loads(leaf).get("context", {}).get("rule") in RULES
    )
    rule = leaf["context"]["rule"]
    page = as_user("inspector").get(f"/ui/inspection/audit/{seq}")
    assert page.status_code == 200
    decision = re.search(r'<dd data-testid="decision">(.*?)</dd>', page.text, re.S)
    assert decision is not None
    effect = {"allow": "許可", "deny": "拒否"}[leaf["decision"]["effect"]]
    assert decision.group(1).startswith(effect)
    meaning = japanese_meanings()[rule].split("：", 1)[1]
    assert f"<code>{rule}</code> {meaning}" in decision.group(1)
    assert RULES[rule] not in decision.group(
        1
    )  # the recorded English is the rule's own: not repeated
