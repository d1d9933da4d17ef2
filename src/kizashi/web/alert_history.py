"""An alert's history as an officer reads it: each event named in the page's language.

The triage and sharing rooms write an event's ``action`` as a code and, for the events the
system writes itself (opened, re-scored, a request sent to a platform), an English ``reason``
for logs and the API. The page says what happened in its own words from the event's details
instead; a reason a person wrote (a review, an assignment, the action taken on an answer) is
shown as written. Steps of a request to a platform link to the request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# Events whose reason the system wrote (in English): the page composes its own words.
SYSTEM_WRITTEN = frozenset(
    {"opened", "rescored", "merged", "folded", "platform_request", "platform_answer"}
)
# Every action the rooms write on an alert; an unknown one shows its code (a test lists them).
KNOWN_ACTIONS = (
    "opened",
    "rescored",
    "assigned",
    "in_review",
    "confirmed",
    "dismissed",
    "reopened",
    "merged",
    "folded",
    "platform_request",
    "platform_answer",
    "action_taken",
)


@dataclass(frozen=True)
class HistoryLine:
    at: Any
    who: str | None  # the person's name; None for the system
    what: str
    said: str  # the event's own words: a person's reason, or the page's account of the details
    link: str | None = None  # the request to a platform this step belongs to


def history(events: Iterable[Mapping[str, Any]], t: Callable[..., str]) -> list[HistoryLine]:
    return [_line(event, t) for event in events]


def _line(event: Mapping[str, Any], t: Callable[..., str]) -> HistoryLine:
    action = str(event["action"])
    details: Mapping[str, Any] = event.get("details") or {}
    what = t(f"alert_event_{action}") if action in KNOWN_ACTIONS else action
    said = "" if action in SYSTEM_WRITTEN else str(event.get("reason") or "")
    if action == "opened":
        said = t("alert_event_opened_said", score=_score(details.get("score")))
        if details.get("urgent"):
            said += " · " + t(f"urgent_rule_{details['urgent']}")
    elif action == "rescored":
        said = t(
            "alert_event_rescored_said",
            before=_score(details.get("score_before")),
            after=_score(details.get("score_after")),
        )
    elif action == "merged" and details.get("from_alert"):
        said = t(
            "alert_event_merged_fold_said",
            alert=details["from_alert"],
            before=_score(details.get("score_before")),
            after=_score(details.get("score_after")),
        )
    elif action == "merged":
        said = t("alert_event_merged_said")
    elif action == "folded":
        said = t("alert_event_folded_said", alert=details.get("into_alert", "—"))
    elif action == "platform_request":
        said = t("alert_event_platform_request_said", platform=details.get("platform", "—"))
    request = details.get("request")
    link = f"/ui/share/requests/{request}" if isinstance(request, str) else None
    return HistoryLine(event.get("at"), event.get("user_name"), what, said, link)


def _score(value: Any) -> str:
    return f"{float(value):.1f}" if isinstance(value, int | float) else "—"
