"""The company register and outreach activities: what the desk records, and reads back.

Plain storage and queries, in the caller's connection; the guard is asked by the services
above (``service.py``), never here. A company is found for a report by its name, one of its
aliases or the partner organisation that submitted the report, compared NFKC-folded and
without spaces, so 東都セミコンダクター株式会社 and "東都セミコンダクター 株式会社" are one.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from sqlalchemy import Connection, insert, select, update

from kizashi.errors import InputError, NotFoundError
from kizashi.ids import new_id
from kizashi.outreach.config import outreach_config
from kizashi.outreach.errors import RegisterConflictError
from kizashi.store.tables_outreach import companies, outreach_activities

__all__ = [
    "ActivityIn",
    "CompanyIn",
    "Contact",
    "Site",
    "company_key",
    "complete_follow_up",
    "create_company",
    "find_company",
    "get_activity",
    "get_company",
    "list_activities",
    "list_companies",
    "record_activity",
    "update_company",
]

ActivityKind = Literal["visit", "briefing", "consultation"]


class Site(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=200)
    address: str = Field(default="", max_length=500)
    ward: str = Field(default="", max_length=100, description="ward or municipality")


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=200)
    role: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=50)
    email: str = Field(default="", max_length=254)


class CompanyIn(BaseModel):
    """A company of the register, as the desk records it."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=300)
    # The sectors are data (outreach.yaml); the schema lists them so that clients (and the
    # API's own OpenAPI document) know what is accepted.
    sector: str = Field(
        json_schema_extra=lambda schema: schema.update(enum=list(outreach_config().sectors))
    )
    technologies: list[str] = Field(default_factory=list, max_length=100)
    sites: list[Site] = Field(default_factory=list, max_length=100)
    contacts: list[Contact] = Field(default_factory=list, max_length=100)
    aliases: list[str] = Field(default_factory=list, max_length=50)
    organisation: str | None = Field(
        default=None, max_length=300, description="the partner organisation submitting for it"
    )
    handling_code: str = "TLP:AMBER"

    @field_validator("sector")
    @classmethod
    def _known_sector(cls, value: str) -> str:
        if value not in outreach_config().sectors:
            raise ValueError(f"sector must be one of {', '.join(outreach_config().sectors)}")
        return value


class ActivityIn(BaseModel):
    """A visit, briefing or individual consultation: who met whom, what was explained."""

    model_config = ConfigDict(extra="forbid")
    kind: ActivityKind
    held_at: datetime
    ward: str | None = Field(default=None, max_length=100)
    officers: list[str] = Field(default_factory=list, max_length=20)
    attendees: list[str] = Field(default_factory=list, max_length=100)
    topics: str = Field(min_length=1, max_length=5000)
    notes: str | None = Field(default=None, max_length=20000)
    follow_up: str | None = Field(default=None, max_length=2000)
    follow_up_due: datetime | None = None
    report_id: str | None = None

    @field_validator("held_at", "follow_up_due")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("a time needs its offset (e.g. +09:00)")
        return value

    @field_validator("follow_up_due")
    @classmethod
    def _due_after_held(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        # A follow-up due before the visit was held was taken as given (qa16) and showed as
        # overdue from the day it was written. Compared by day in the visit's own zone, so a
        # follow-up due the same day (the form sends a date: midnight) is accepted.
        held = info.data.get("held_at")
        if value is None or not isinstance(held, datetime) or held.tzinfo is None:
            return value
        day = value.astimezone(held.tzinfo).date()
        if day < held.date():
            raise ValueError(
                f"the follow-up is due ({day}) before the activity was held ({held.date()})"
            )
        return value


def row_dict(row: Any) -> dict[str, Any]:
    """A row as a plain dict: its keys as ``str`` (SQLAlchemy's ``quoted_name`` is a str
    subclass that orjson, the CLI's writer, refuses as a key)."""
    return {str(key): value for key, value in row._mapping.items()}


def company_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def _company(row: Any) -> dict[str, Any]:
    return row_dict(row)


def create_company(
    connection: Connection, data: CompanyIn, *, now: datetime, user_id: str | None = None
) -> dict[str, Any]:
    if find_company(connection, data.name) is not None:
        raise RegisterConflictError(f"company {data.name!r} is already in the register")
    company_id = new_id()
    connection.execute(
        insert(companies).values(
            id=company_id,
            desk_id=outreach_config().desk,
            created_at=now,
            updated_at=now,
            created_by=user_id,
            **data.model_dump(mode="json"),
        )
    )
    return get_company(connection, company_id)


def update_company(
    connection: Connection, company_id: str, data: CompanyIn, *, now: datetime
) -> dict[str, Any]:
    get_company(connection, company_id)
    connection.execute(
        update(companies)
        .where(companies.c.id == company_id)
        .values(updated_at=now, **data.model_dump(mode="json"))
    )
    return get_company(connection, company_id)


def get_company(connection: Connection, company_id: str) -> dict[str, Any]:
    row = connection.execute(select(companies).where(companies.c.id == company_id)).first()
    if row is None:
        raise NotFoundError(f"company {company_id}: no such company")
    return _company(row)


def list_companies(connection: Connection) -> list[dict[str, Any]]:
    return [_company(r) for r in connection.execute(select(companies).order_by(companies.c.name))]


def find_company(
    connection: Connection, name: str | None, organisation: str | None = None
) -> dict[str, Any] | None:
    """The company a report names (name or alias), else the one its organisation submits for."""
    rows = list_companies(connection)
    if name:
        key = company_key(name)
        for row in rows:
            if key in {company_key(n) for n in (row["name"], *row["aliases"])}:
                return row
    if organisation:
        for row in rows:
            if row["organisation"] and row["organisation"] == organisation:
                return row
    return None


def record_activity(
    connection: Connection,
    company_id: str,
    data: ActivityIn,
    *,
    now: datetime,
    user_id: str | None = None,
) -> dict[str, Any]:
    company = get_company(connection, company_id)
    ward = data.ward or next((s["ward"] for s in company["sites"] if s.get("ward")), None)
    activity_id = new_id()
    connection.execute(
        insert(outreach_activities).values(
            id=activity_id,
            company_id=company_id,
            created_at=now,
            created_by=user_id,
            **{**data.model_dump(), "ward": ward},
        )
    )
    return get_activity(connection, activity_id)


def get_activity(connection: Connection, activity_id: str) -> dict[str, Any]:
    row = connection.execute(
        select(outreach_activities).where(outreach_activities.c.id == activity_id)
    ).first()
    if row is None:
        raise NotFoundError(f"outreach activity {activity_id}: no such activity")
    return row_dict(row)


def list_activities(connection: Connection, company_id: str | None = None) -> list[dict[str, Any]]:
    query = select(outreach_activities).order_by(
        outreach_activities.c.held_at.desc(), outreach_activities.c.id.desc()
    )
    if company_id is not None:
        query = query.where(outreach_activities.c.company_id == company_id)
    return [row_dict(r) for r in connection.execute(query)]


def complete_follow_up(
    connection: Connection, activity_id: str, *, now: datetime
) -> dict[str, Any]:
    activity = get_activity(connection, activity_id)
    if activity["follow_up_due"] is None:
        raise InputError(f"outreach activity {activity_id} has no follow-up")
    if activity["follow_up_done_at"] is not None:
        raise RegisterConflictError(f"outreach activity {activity_id}: follow-up already done")
    connection.execute(
        update(outreach_activities)
        .where(outreach_activities.c.id == activity_id)
        .values(follow_up_done_at=now)
    )
    return get_activity(connection, activity_id)
