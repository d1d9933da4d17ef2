"""The search page's query, read from its parameters: one reading for the page and for the
door's record of a partner refused the page (:mod:`kizashi.web.door`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from kizashi.errors import InputError
from kizashi.search import SearchQuery


def _day(text: str | None, field: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{field}: not a date (YYYY-MM-DD): {text!r}") from None


def search_query(params: dict[str, Any], page_: int = 1) -> SearchQuery:
    kind = params.get("kind") or None
    return SearchQuery(
        (params.get("q") or "").strip(),
        kind=kind,
        channel=params.get("channel") or None,
        desk=params.get("desk") or None,
        category=params.get("category") or None,
        since=_day(params.get("since"), "since"),
        until=_day(params.get("until"), "until"),
        page=page_,
    )
