"""Retention schedules as data, and when each report falls due (pure; docs/oversight.md).

``data/retention.yaml`` lists schedules in order; the first whose ``when`` matches a report
(channel, the purpose it was collected for, its legal basis, what it led to) decides how
long the report is kept: ``months`` from receipt, or ``years_after_case_closes`` for a
case's material (kept while the case is open). A legal hold keeps anything; that is
decided where the facts are gathered (:mod:`kizashi.oversight.expiration`), not here.
"""

from __future__ import annotations

import calendar
import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from kizashi.errors import SchemaError

RETENTION_FILE = Path(__file__).parent / "data" / "retention.yaml"

LedTo = Literal["case", "alert", "flagged", "nothing"]
LED_TO: tuple[LedTo, ...] = get_args(LedTo)


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus whole calendar months (the day clamped to the month's length)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@dataclass(frozen=True)
class Facts:
    """What retention is judged on for one report (gathered from the store)."""

    report_id: str
    channel: str
    received_at: datetime
    purpose: str | None  # purpose id it was collected for (purposes.yaml), if known
    legal_basis: str
    led_to: LedTo
    case_closed_at: datetime | None = None  # its case's closure, when led_to == "case"
    held: bool = False


@dataclass(frozen=True)
class Schedule:
    id: str
    channels: frozenset[str] | None
    purposes: frozenset[str] | None
    legal_bases: tuple[str, ...] | None
    led_to: frozenset[str] | None
    months: int | None
    years_after_case_closes: int | None

    def matches(self, facts: Facts) -> bool:
        return (
            (self.channels is None or facts.channel in self.channels)
            and (self.purposes is None or facts.purpose in self.purposes)
            and (self.led_to is None or facts.led_to in self.led_to)
            and (
                self.legal_bases is None
                or any(b in _fold(facts.legal_basis) for b in self.legal_bases)
            )
        )

    def due(self, facts: Facts) -> datetime | None:
        """When the report falls due under this schedule (None: not while its case is open)."""
        if self.months is not None:
            return add_months(facts.received_at, self.months)
        if facts.case_closed_at is None:
            return None
        return add_months(facts.case_closed_at, 12 * (self.years_after_case_closes or 0))

    def why(self) -> str:
        if self.months is not None:
            return f"kept {self.months} months from receipt"
        return f"kept until its case closes, then {self.years_after_case_closes} years"


@dataclass(frozen=True)
class Verdict:
    report_id: str
    schedule: str
    due_at: datetime | None
    led_to: LedTo
    held: bool
    why: str

    def expires(self, as_of: datetime) -> bool:
        return not self.held and self.due_at is not None and self.due_at <= as_of


@dataclass(frozen=True)
class Schedules:
    id: str
    sha256: str
    schedules: tuple[Schedule, ...]

    @property
    def shortest_months(self) -> int:
        """No report younger than this can be due under any schedule."""
        months = [s.months for s in self.schedules if s.months is not None]
        return min(months) if months else 0

    def judge(self, facts: Facts) -> Verdict:
        schedule = next(s for s in self.schedules if s.matches(facts))
        why = schedule.why()
        if facts.held:
            why += "; under legal hold"
        return Verdict(
            facts.report_id, schedule.id, schedule.due(facts), facts.led_to, facts.held, why
        )


def _set(where: str, value: Any, name: str) -> frozenset[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SchemaError(f"{where}: when.{name} must be a list of strings")
    return frozenset(value)


def load_schedules(path: Path = RETENTION_FILE, purpose_ids: tuple[str, ...] = ()) -> Schedules:
    """Read retention schedules; SchemaError names the file, the schedule and the problem."""
    try:
        raw = path.read_bytes()
        data = yaml.safe_load(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"{path}: cannot read the retention schedules: {exc}") from exc
    if not isinstance(data, dict) or data.get("version") != 1:
        raise SchemaError(f"{path}: expected a mapping with version: 1")
    entries = data.get("schedules")
    if not isinstance(entries, list) or not entries:
        raise SchemaError(f"{path}: 'schedules' must be a non-empty list")
    found: list[Schedule] = []
    for number, entry in enumerate(entries, 1):
        where = f"{path}: schedule {number}"
        if not isinstance(entry, dict) or not entry.get("id"):
            raise SchemaError(f"{where}: expected a mapping with an id")
        where = f"{where} ({entry['id']})"
        when = entry.get("when") or {}
        keep = entry.get("keep")
        if not isinstance(when, dict) or not isinstance(keep, dict):
            raise SchemaError(f"{where}: 'when' and 'keep' must be mappings")
        unknown = set(when) - {"channels", "purposes", "legal_bases", "led_to"}
        if unknown:
            raise SchemaError(f"{where}: unknown when.{sorted(unknown)[0]}")
        led_to = _set(where, when.get("led_to"), "led_to")
        if led_to is not None and not led_to <= set(LED_TO):
            raise SchemaError(f"{where}: when.led_to must be among {list(LED_TO)}")
        purposes = _set(where, when.get("purposes"), "purposes")
        if purposes is not None and purpose_ids and not purposes <= set(purpose_ids):
            raise SchemaError(
                f"{where}: when.purposes names unknown {sorted(purposes - set(purpose_ids))}"
            )
        bases = _set(where, when.get("legal_bases"), "legal_bases")
        months, years = keep.get("months"), keep.get("years_after_case_closes")
        if (months is None) == (years is None) or not all(
            v is None or (isinstance(v, int) and v >= 0) for v in (months, years)
        ):
            raise SchemaError(
                f"{where}: keep needs exactly one of months or years_after_case_closes, "
                "a whole number >= 0"
            )
        if years is not None and led_to != frozenset({"case"}):
            raise SchemaError(f"{where}: years_after_case_closes is for led_to: [case] only")
        found.append(
            Schedule(
                id=str(entry["id"]),
                channels=_set(where, when.get("channels"), "channels"),
                purposes=purposes,
                legal_bases=tuple(sorted(_fold(b) for b in bases)) if bases is not None else None,
                led_to=led_to,
                months=months,
                years_after_case_closes=years,
            )
        )
    ids = [s.id for s in found]
    if len(set(ids)) != len(ids):
        raise SchemaError(f"{path}: duplicate schedule ids")
    last = found[-1]
    if any(v is not None for v in (last.channels, last.purposes, last.legal_bases, last.led_to)):
        raise SchemaError(f"{path}: the last schedule must match every report (no 'when')")
    return Schedules(
        str(data.get("id", "retention")), hashlib.sha256(raw).hexdigest(), tuple(found)
    )


@lru_cache(maxsize=1)
def default_schedules() -> Schedules:
    return load_schedules()
