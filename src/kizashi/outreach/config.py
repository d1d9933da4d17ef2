"""``data/outreach.yaml``: the outreach desk, briefing suppression, coverage, channels read."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from kizashi.outreach.errors import OutreachDataError

__all__ = ["ChannelFields", "OutreachConfig", "outreach_config"]


@dataclass(frozen=True)
class ChannelFields:
    company: str
    person: str  # prefix, e.g. "approacher_"
    method: str


@dataclass(frozen=True)
class OutreachConfig:
    desk: str
    briefing_min_count: int
    quiet_after_days: int
    sectors: tuple[str, ...]
    channels: dict[str, ChannelFields]


@cache
def outreach_config() -> OutreachConfig:
    where = "outreach/data/outreach.yaml"
    text = resources.files("kizashi.outreach").joinpath("data", "outreach.yaml")
    data = yaml.safe_load(text.read_text("utf-8"))
    try:
        return OutreachConfig(
            desk=str(data["desk"]),
            briefing_min_count=int(data["briefing_min_count"]),
            quiet_after_days=int(data["quiet_after_days"]),
            sectors=tuple(data["sectors"]),
            channels={
                str(k): ChannelFields(str(v["company"]), str(v["person"]), str(v["method"]))
                for k, v in data["channels"].items()
            },
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise OutreachDataError(f"{where}: missing or bad field: {exc}") from None
