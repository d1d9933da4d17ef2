"""Risk weights, half-lives and alert routing as data: ``data/risk.yaml``, ``data/alert_routing.yaml``.

Loading checks everything an analyst could get wrong (unknown desk, a grade without a
factor, a routing list without a catch-all) and names the file, entry and field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kizashi.errors import SchemaError
from kizashi.guard.identity import load_desks
from kizashi.store.rule_versions import RuleSet, rule_set
from kizashi.store.tables import CREDIBILITY_CODES, RELIABILITY_CODES

SIGNAL_TYPES = (
    "text_signal",
    "purchase_rule",
    "partner_report",
    "patrol_note",
    "public_tip",
    "company_approach",
    "finding",
)


@dataclass(frozen=True)
class SignalType:
    id: str
    description: str
    half_life_days: float
    repeat_factor: float
    weights: dict[str, float]
    default_weight: float
    category: str | None
    scale: float = 1.0
    channels: tuple[str, ...] = ()
    protected_factor: float = 1.0
    boosts: dict[str, float] = field(default_factory=dict)
    # "content": the report's reliability × credibility weigh the contribution (a claim about
    # someone is only as good as its source and its plausibility). "artefact": the text itself
    # is the evidence (a post was made, a listing was put up), so the reliability of the
    # collection per channel applies and the content's credibility does not (docs/triage.md).
    grading: str = "content"
    artefact: dict[str, str] = field(default_factory=dict)  # channel -> reliability code

    def base_weight(self, key: str | None) -> float:
        return self.weights.get(key or "", self.default_weight)


@dataclass(frozen=True)
class RiskConfig:
    id: str
    version: int
    alert_threshold: float
    alert_entity_kinds: frozenset[str]
    reliability: dict[str, float]
    credibility: dict[str, float]
    types: dict[str, SignalType]
    subjects: dict[str, tuple[str, ...]]
    exclude_roles: frozenset[str]
    # The version of the file it was parsed from (kizashi.store.rule_versions).
    rule_version: RuleSet | None = field(default=None, compare=False, repr=False)

    @property
    def label(self) -> str:
        return f"{self.id}@{self.version}"


@dataclass(frozen=True)
class Route:
    id: str
    desk: str
    why: str
    categories: frozenset[str] = frozenset()
    any_category: frozenset[str] = frozenset()
    protected: bool | None = None
    regions: tuple[str, ...] = ()
    # Country codes (a finding's facts: an approacher's claimed organisation or nationality)
    countries: frozenset[str] = frozenset()

    @property
    def catch_all(self) -> bool:
        conditions = self.categories or self.any_category or self.regions or self.countries
        return not conditions and self.protected is None


@dataclass(frozen=True)
class AlertRouting:
    id: str
    version: int
    rules: tuple[Route, ...] = field(default=())
    # The version of the file it was parsed from (kizashi.store.rule_versions).
    rule_version: RuleSet | None = field(default=None, compare=False, repr=False)


def _read(path: Path | None, name: str) -> tuple[Any, str]:
    if path is None:
        text = resources.files("kizashi.triage").joinpath("data", name).read_text("utf-8")
        return yaml.safe_load(text), f"kizashi/triage/data/{name}"
    try:
        return yaml.safe_load(path.read_text("utf-8")), str(path)
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"{path}: cannot read: {exc}") from exc


def _factors(raw: Any, codes: tuple[str, ...], where: str) -> dict[str, float]:
    values = {str(k): float(v) for k, v in (raw or {}).items()}
    missing = [c for c in codes if c not in values]
    if missing:
        raise SchemaError(f"{where}: no factor for {', '.join(missing)}")
    return values


def parse_risk(data: Any, source: str) -> RiskConfig:
    if not isinstance(data, dict) or not isinstance(data.get("version"), int):
        raise SchemaError(f"{source}: expected a mapping with an integer version")
    where = source
    try:
        types = {}
        for key in SIGNAL_TYPES:
            where = f"{source}: signal_types.{key}"
            raw = data["signal_types"][key]
            types[key] = SignalType(
                id=key,
                description=str(raw.get("description", "")),
                half_life_days=float(raw["half_life_days"]),
                repeat_factor=float(raw.get("repeat_factor", 1.0)),
                weights={str(k): float(v) for k, v in (raw.get("weights") or {}).items()},
                default_weight=float(raw.get("default_weight", 0.0)),
                category=raw.get("category"),
                scale=float(raw.get("scale", 1.0)),
                channels=tuple(raw.get("channels") or ()),
                protected_factor=float(raw.get("protected_factor", 1.0)),
                boosts={str(k): float(v) for k, v in (raw.get("boosts") or {}).items()},
                grading=str(raw.get("grading", "content")),
                artefact={str(k): str(v) for k, v in (raw.get("artefact") or {}).items()},
            )
            if types[key].grading not in ("content", "artefact"):
                raise SchemaError(f"{where}: grading must be content or artefact")
            bad = sorted(set(types[key].artefact.values()) - set(RELIABILITY_CODES))
            if bad:
                raise SchemaError(f"{where}: artefact reliability {bad} is not one of A-F")
            if types[key].half_life_days <= 0 or not 0 < types[key].repeat_factor <= 1:
                raise SchemaError(f"{where}: half_life_days > 0 and 0 < repeat_factor <= 1")
        where = source
        return RiskConfig(
            id=str(data.get("id", "risk")),
            version=int(data["version"]),
            alert_threshold=float(data["alert_threshold"]),
            alert_entity_kinds=frozenset(data["alert_entity_kinds"]),
            reliability=_factors(data["reliability"], RELIABILITY_CODES, f"{source}: reliability"),
            credibility=_factors(data["credibility"], CREDIBILITY_CODES, f"{source}: credibility"),
            types=types,
            subjects={str(k): tuple(v) for k, v in data["subjects"].items()},
            exclude_roles=frozenset(data.get("exclude_roles") or ()),
            rule_version=rule_set("risk", data["version"], source, data),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise SchemaError(f"{where}: missing or bad field: {exc}") from None


def parse_alert_routing(data: Any, source: str, desks: set[str] | None = None) -> AlertRouting:
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise SchemaError(f"{source}: expected a mapping with a list of rules")
    known = desks if desks is not None else {d.id for d in load_desks()}
    rules = []
    for index, raw in enumerate(data["rules"]):
        where = f"{source}: rules[{index}] ({raw.get('id') if isinstance(raw, dict) else raw})"
        try:
            when = raw.get("when") or {}
            unknown = set(when) - {
                "categories",
                "any_category",
                "protected",
                "regions",
                "countries",
            }
            if unknown:
                raise SchemaError(f"{where}: unknown condition(s) {sorted(unknown)}")
            route = Route(
                id=str(raw["id"]),
                desk=str(raw["desk"]),
                why=str(raw.get("why", "")),
                categories=frozenset(when.get("categories") or ()),
                any_category=frozenset(when.get("any_category") or ()),
                protected=when.get("protected"),
                regions=tuple(when.get("regions") or ()),
                countries=frozenset(when.get("countries") or ()),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise SchemaError(f"{where}: missing or bad field: {exc}") from None
        if route.desk not in known:
            raise SchemaError(f"{where}: desk {route.desk!r} is not in desks.yaml")
        rules.append(route)
    if not rules or not rules[-1].catch_all:
        raise SchemaError(f"{source}: the last routing rule must have no conditions (catch-all)")
    return AlertRouting(
        str(data.get("id", "routing")),
        int(data.get("version", 1)),
        tuple(rules),
        rule_version=rule_set("routing", data.get("version", 1), source, data),
    )


def load_risk(path: Path | None = None) -> RiskConfig:
    if path is None:
        return default_risk()
    return parse_risk(*_read(path, "risk.yaml"))


def load_alert_routing(path: Path | None = None) -> AlertRouting:
    if path is None:
        return default_alert_routing()
    return parse_alert_routing(*_read(path, "alert_routing.yaml"))


@cache
def default_risk() -> RiskConfig:
    return parse_risk(*_read(None, "risk.yaml"))


@cache
def default_alert_routing() -> AlertRouting:
    return parse_alert_routing(*_read(None, "alert_routing.yaml"))
