"""An alert's history reads in the page's language: system events composed from their
details (never the English log reason), a person's reason as written, requests linked."""

from __future__ import annotations

from functools import partial

from kizashi.web.alert_history import KNOWN_ACTIONS, history
from kizashi.web.i18n import catalogue, translate

JA = partial(translate, lang="ja")
EN = partial(translate, lang="en")


def _event(action: str, reason: str, **details: object) -> dict[str, object]:
    return {"action": action, "reason": reason, "details": details, "at": None, "user_name": None}


def test_system_events_are_told_from_their_details_not_the_log_reason() -> None:
    opened = _event(
        "opened",
        "URGENT (urgent-threat-named-target: …) risk 126.2",
        score=126.2047,
        urgent="urgent-threat-named-target",
    )
    rescored = _event("rescored", "new or changed evidence", score_before=126.2, score_after=210.08)
    sent = _event(
        "platform_request",
        "request for user information sent to x",
        request="r1",
        platform="sns-operator-a",
    )
    lines = history([opened, rescored, sent], JA)
    assert [line.what for line in lines] == ["アラート起票", "再採点", "事業者への照会を送付"]
    assert lines[0].said == "リスク 126.2 · 日時・場所・保護対象者・公の催しを名指しした危害の予告"
    assert lines[1].said == "新しい情報・変更により リスク 126.2 → 210.1"
    assert lines[2].said == "送付先 sns-operator-a" and lines[2].link == "/ui/share/requests/r1"
    assert not any("URGENT" in line.said or "evidence" in line.said for line in lines)
    assert history([rescored], EN)[0].said == "new or changed evidence: risk 126.2 → 210.1"


def test_a_persons_reason_is_shown_as_written() -> None:
    taken = _event("action_taken", "投稿者を特定し警告した", request="r1", answer_report="a1")
    dismissed = _event("dismissed", "同名の別人")
    lines = history([taken, dismissed], JA)
    assert (lines[0].what, lines[0].said, lines[0].link) == (
        "回答を受けた措置",
        "投稿者を特定し警告した",
        "/ui/share/requests/r1",
    )
    assert (lines[1].what, lines[1].said, lines[1].link) == ("却下", "同名の別人", None)


def test_every_known_action_is_named_and_an_unknown_one_shows_its_code() -> None:
    assert {f"alert_event_{a}" for a in KNOWN_ACTIONS} <= set(catalogue())
    assert history([_event("split", "x")], JA)[0].what == "split"
