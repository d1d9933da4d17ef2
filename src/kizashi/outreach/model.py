"""The outreach room's data as typed values: the stage model, escalation rules, countries.

Each file in ``data/`` is versioned YAML with ids and is checked when loaded; a problem names
the file, the entry and the field (:class:`OutreachDataError`), because a stage that silently
fails to load is an approach that silently reads as harmless.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from kizashi.outreach.errors import OutreachDataError

__all__ = [
    "LEVELS",
    "Countries",
    "EscalationRule",
    "OutreachDataError",
    "Stage",
    "StageModel",
    "escalation_rules",
    "load_countries",
    "parse_escalation",
    "parse_stages",
    "stage_model",
]

LEVELS = ("watch", "escalate", "alert")


@dataclass(frozen=True)
class Stage:
    id: str
    order: int
    name: dict[str, str]  # ja, en
    indicators: dict[str, tuple[str, ...]]  # ja, en


@dataclass(frozen=True)
class StageModel:
    id: str
    version: int
    stages: tuple[Stage, ...]

    @property
    def label(self) -> str:
        return f"{self.id}@{self.version}"

    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.stages)

    def order(self, stage_id: str | None) -> int:
        """1.. for a stage, 0 for none (a benign contact)."""
        if stage_id is None:
            return 0
        for stage in self.stages:
            if stage.id == stage_id:
                return stage.order
        raise KeyError(stage_id)

    def furthest(self, stage_ids: Any) -> str | None:
        found = [s for s in self.stages if s.id in set(stage_ids)]
        return max(found, key=lambda s: s.order).id if found else None

    def get(self, stage_id: str) -> Stage:
        return next(s for s in self.stages if s.id == stage_id)


@dataclass(frozen=True)
class EscalationRule:
    id: str
    level: str
    why: dict[str, str]  # {ja, en}: the desk reads the reason in its own language
    reached: str | None = None
    progressed: int | None = None
    companies: int | None = None
    known_to_desk: bool | None = None


@dataclass(frozen=True)
class Countries:
    # (code, folded names) in file order
    entries: tuple[tuple[str, tuple[str, ...]], ...]

    def of(self, *texts: str | None) -> tuple[str, ...]:
        """Country codes named in any of ``texts`` (substring, NFKC-folded, lower case)."""
        folded = " ".join(_fold(t) for t in texts if t)
        return tuple(code for code, names in self.entries if any(n in folded for n in names))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _read(name: str) -> Any:
    text = resources.files("kizashi.outreach").joinpath("data", name).read_text("utf-8")
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise OutreachDataError(f"outreach/data/{name}: not valid YAML: {exc}") from None


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise OutreachDataError(f"{where}: must be a non-empty list of strings")
    return tuple(value)


def parse_stages(data: Any, source: str = "stages.yaml") -> StageModel:
    if not isinstance(data, dict) or not isinstance(data.get("version"), int):
        raise OutreachDataError(f"{source}: expected a mapping with an integer version")
    stages = []
    for n, raw in enumerate(data.get("stages") or []):
        where = f"{source}: stages[{n}]"
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            raise OutreachDataError(f"{where}: every stage needs a string 'id'")
        where = f"{source}: stage {raw['id']!r}"
        name, indicators = raw.get("name") or {}, raw.get("indicators") or {}
        for lang in ("ja", "en"):
            if not isinstance(name.get(lang), str) or not name[lang]:
                raise OutreachDataError(f"{where}: name.{lang} is missing")
            _strings(indicators.get(lang), f"{where}: indicators.{lang}")
        if not isinstance(raw.get("order"), int) or raw["order"] < 1:
            raise OutreachDataError(f"{where}: order must be a positive integer")
        stages.append(
            Stage(
                raw["id"],
                raw["order"],
                {k: name[k] for k in ("ja", "en")},
                {k: tuple(indicators[k]) for k in ("ja", "en")},
            )
        )
    if not stages:
        raise OutreachDataError(f"{source}: no stages")
    orders = [s.order for s in stages]
    if orders != sorted(set(orders)):
        raise OutreachDataError(f"{source}: stage orders must be unique and ascending")
    if len({s.id for s in stages}) != len(stages):
        raise OutreachDataError(f"{source}: stage ids must be unique")
    return StageModel(str(data.get("id", "stages")), data["version"], tuple(stages))


def parse_escalation(
    data: Any, stages: StageModel, source: str = "escalation.yaml"
) -> tuple[EscalationRule, ...]:
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise OutreachDataError(f"{source}: expected a mapping with a list of rules")
    rules = []
    for n, raw in enumerate(data["rules"]):
        where = f"{source}: rules[{n}] ({raw.get('id') if isinstance(raw, dict) else raw})"
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            raise OutreachDataError(f"{where}: every rule needs a string 'id'")
        when = raw.get("when") or {}
        unknown = sorted(set(when) - {"reached", "progressed", "companies", "known_to_desk"})
        if unknown or not when:
            raise OutreachDataError(
                f"{where}: conditions must be among reached, progressed, "
                f"companies, known_to_desk (got {sorted(when)})"
            )
        if raw.get("level") not in LEVELS:
            raise OutreachDataError(f"{where}: level must be one of {', '.join(LEVELS)}")
        reached = when.get("reached")
        if reached is not None and reached not in stages.ids():
            raise OutreachDataError(f"{where}: reached: {reached!r} is not a stage")
        for key in ("progressed", "companies"):
            value = when.get(key)
            if value is not None and (not isinstance(value, int) or value < 1):
                raise OutreachDataError(f"{where}: {key} must be a positive integer")
        why = raw.get("why")
        if not isinstance(why, dict) or not all(
            isinstance(why.get(lang), str) and why[lang] for lang in ("ja", "en")
        ):
            raise OutreachDataError(f"{where}: why needs ja and en (the reason in both languages)")
        rules.append(
            EscalationRule(
                id=raw["id"],
                level=raw["level"],
                why={lang: str(why[lang]) for lang in ("ja", "en")},
                reached=reached,
                progressed=when.get("progressed"),
                companies=when.get("companies"),
                known_to_desk=when.get("known_to_desk"),
            )
        )
    return tuple(rules)


@cache
def stage_model() -> StageModel:
    return parse_stages(_read("stages.yaml"), "outreach/data/stages.yaml")


@cache
def escalation_rules() -> tuple[EscalationRule, ...]:
    return parse_escalation(
        _read("escalation.yaml"), stage_model(), "outreach/data/escalation.yaml"
    )


@cache
def load_countries() -> Countries:
    data = _read("countries.yaml")
    where = "outreach/data/countries.yaml"
    if not isinstance(data, dict) or not isinstance(data.get("countries"), list):
        raise OutreachDataError(f"{where}: expected a mapping with a list of countries")
    entries = []
    for n, raw in enumerate(data["countries"]):
        if not isinstance(raw, dict) or not isinstance(raw.get("code"), str):
            raise OutreachDataError(f"{where}: countries[{n}] needs a string 'code'")
        names = _strings(raw.get("names"), f"{where}: country {raw['code']!r} names")
        entries.append((raw["code"], tuple(_fold(name) for name in names)))
    return Countries(tuple(entries))
