"""The alert list's query, declared once: what ``GET /api/v1/alerts`` accepts and refuses.

The API reads its query string into :class:`AlertQuery` (FastAPI's query-parameter model), and
the web's queue page (``/ui/alerts``, an officer's and a partner's refused one) maps its own
words for status, sort and cursor to these in one place (:mod:`kizashi.web.alerts`) and reads
the rest under this model, so the two refuse for the same reasons (422, naming each field and
what is wrong with it). A constraint changed here changes both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kizashi.triage.access import AlertFilter

ID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
MAX_LIMIT = 500  # list_alerts refuses more, whoever calls it

AlertStatus = Literal["open", "new", "in_review", "confirmed", "dismissed", "folded"]
AlertSort = Literal["-score", "score", "-opened_at", "opened_at", "-updated_at", "updated_at"]


class AlertQuery(BaseModel):
    """The alert list's query parameters and their constraints (unknown parameters ignored)."""

    model_config = ConfigDict(frozen=True)

    status: AlertStatus | None = Field(
        None, description="`open` is new or in_review; none: every status."
    )
    desk: str | None = Field(None, max_length=50, description="Default: the caller's desk.")
    category: str | None = Field(None, max_length=30)
    entity_id: str | None = Field(None, pattern=ID_PATTERN)
    min_score: float | None = Field(None, ge=0, le=1e9)
    sort: AlertSort = "-score"
    after: str | None = Field(
        None, pattern=ID_PATTERN, description="The previous page's `next_after` (an alert id)."
    )
    limit: int = Field(50, ge=1, le=MAX_LIMIT)

    @classmethod
    def of(cls, params: Mapping[str, str]) -> AlertQuery:
        """Read from a query string's values (its other parameters ignored, as the API does);
        pydantic's ValidationError names each bad field."""
        return cls.model_validate({k: params[k] for k in cls.model_fields if k in params})

    def where(self) -> AlertFilter:
        """The filter :func:`kizashi.triage.list_alerts` reads."""
        return AlertFilter(
            self.status,
            self.desk,
            self.category,
            self.entity_id,
            self.min_score,
            self.sort,
            self.after,
            self.limit,
        )
