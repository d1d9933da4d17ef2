"""Channels: which report kinds exist, and their published JSON Schemas."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, status

from kizashi.http import ProblemOut
from kizashi.intake import channels, json_schema
from kizashi.intake.api_schemas import ChannelOut

router = APIRouter(prefix="/api/v1/channels", tags=["channels"])


@router.get("", response_model=list[ChannelOut], summary="The channels and their schema versions")
def list_channels() -> list[dict[str, Any]]:
    return [
        {
            "id": spec.id,
            "version": spec.version,
            "title": spec.title,
            "description": spec.description,
            "schema_id": spec.schema_id,
            "partner_may_submit": spec.partner_may_submit,
        }
        for spec in channels().values()
    ]


@router.get(
    "/{channel}/schema",
    responses={404: {"model": ProblemOut}},
    summary="A channel's JSON Schema (draft 2020-12)",
)
def channel_schema(channel: Annotated[str, Path(max_length=50)]) -> dict[str, Any]:
    if channel not in channels():
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown channel {channel!r}")
    return json_schema(channel)
