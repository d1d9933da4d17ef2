"""Urgent signals: rules as data (``data/urgent.yaml``) that open an alert on their own.

An entity's risk is a sum that waits for evidence to pile up; a dated threat against a rally
must not wait. A signal that matches an urgent rule makes its subject hot whatever the sum,
and the alert carries the rule, the reason and the evidence that satisfied each condition,
so that the desk sees why it bypassed the threshold.

Rules read what signals carry today (detector rule ids, categories, evidence spans, the
protected watch-list, the report's text) and the structured components of the detector's
compositional threat rule (``component`` on an evidence span) once it provides them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fnmatch import fnmatchcase
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from kizashi.errors import SchemaError
from kizashi.store.rule_versions import RuleSet, rule_set
from kizashi.triage.config import SIGNAL_TYPES

GROUP_KEYS = ("label", "label_ja", "rules", "components", "protected", "categories", "text")
RULE_KEYS = (
    "id", "why", "priority", "channels", "categories", "min_score", "max_age_days", "all_of",
)  # fmt: skip
# How an alert a rule opens is announced: ``urgent`` at once (stream, banner, webhook);
# ``routine`` only on the desk's queue, whatever the entity's risk.
PRIORITIES = ("urgent", "routine")
REPEAT_KEYS = ("id", "why", "categories", "kinds", "min_count", "window_days", "distinct")
# What makes two counted signals distinct: their reports (five signals of one post are one
# lure), or their sources (each signal, purchase firing or report by itself).
DISTINCT = ("report", "source")
# At most this many counted signals are listed on the alert (the count is always whole).
COUNTED_LISTED = 20


@dataclass(frozen=True)
class Condition:
    label: str
    label_ja: str = ""  # the label in Japanese, for the command centre's pages
    rules: tuple[str, ...] = ()
    components: frozenset[str] = frozenset()
    protected: bool = False
    categories: frozenset[str] = frozenset()
    text: tuple[str, ...] = ()

    def satisfied_by(self, facts: SignalFacts) -> dict[str, Any] | None:
        """What satisfied the condition (for the explanation), or None.

        Every span that satisfies it is named, in the order of the text, with touching spans
        of the same rule or part joined (12月 + 20日 → 12月20日): the desk sees the date, the
        place and the event that made the threat urgent, not only the first of them."""
        named = {
            "condition": self.label,
            **({"condition_ja": self.label_ja} if self.label_ja else {}),
        }
        hits = self._spans_satisfying(facts.evidence, facts.text)
        if hits:
            first = hits[0]
            found = {**named, first.kind: first.name, "text": first.text}
            if len(hits) > 1:
                found["texts"] = [{hit.kind: hit.name, "text": hit.text} for hit in hits]
            return found
        if self.protected and facts.protected:
            return {**named, "protected": list(facts.protected)}
        if facts.category and facts.category in self.categories:
            return {**named, "category": facts.category}
        folded = facts.text.casefold()
        for word in self.text:
            if word.casefold() in folded:
                return {**named, "text": word}
        return None

    def _spans_satisfying(self, evidence: Sequence[Mapping[str, Any]], text: str) -> list[_Hit]:
        hits: list[_Hit] = []
        for order, span in enumerate(evidence):
            rule = str(span.get("rule", ""))
            if any(fnmatchcase(rule, pattern) for pattern in self.rules):
                hits.append(_Hit.of(span, order, "rule", rule))
                continue
            for component in sorted(_components(span) & self.components):
                for part in _parts(span, component):
                    hits.append(_Hit.of(part, order, "component", component))
        return _joined(hits, text)


@dataclass(frozen=True)
class _Hit:
    """One span that satisfied a condition: where it is (when the detector says), its
    words, and the rule or part that named it."""

    start: int | None
    end: int | None
    order: int
    kind: str  # "rule" or "component"
    name: str
    text: Any

    @staticmethod
    def of(span: Mapping[str, Any] | str, order: int, kind: str, name: str) -> _Hit:
        if isinstance(span, str):  # a part given by its words (or a watch-list id) only
            return _Hit(None, None, order, kind, name, span)
        start, end = span.get("start"), span.get("end")
        return _Hit(
            start if isinstance(start, int) else None,
            end if isinstance(end, int) else None,
            order,
            kind,
            name,
            span.get("text"),
        )


def _joined(hits: list[_Hit], text: str) -> list[_Hit]:
    """The hits in the order of the text (those without a position after, in evidence
    order), the same words at the same place once, overlapping spans named once by the words
    they cover together (56す and 56すから覚悟 and 覚悟しとけ: 56すから覚悟しとけ; 駅 within
    大塚駅前), and touching spans of one rule or part joined (12月 + 20日)."""
    ordered = sorted(hits, key=lambda h: (h.start is None, h.start or 0, h.order))
    joined: list[_Hit] = []
    seen: set[tuple[int | None, int | None, str]] = set()
    for hit in ordered:
        key = (hit.start, hit.end, str(hit.text))
        if key in seen:
            continue
        seen.add(key)
        last = joined[-1] if joined else None
        if last is not None and _continues(last, hit):
            joined[-1] = _union(last, hit, text)
            continue
        joined.append(hit)
    return joined


def _continues(last: _Hit, hit: _Hit) -> bool:
    """Whether ``hit`` overlaps ``last`` (any rule), or touches it as the same rule or part."""
    if last.start is None or last.end is None or hit.start is None or hit.end is None:
        return False
    if hit.start < last.end:
        return True
    same = (last.kind, last.name) == (hit.kind, hit.name)
    return same and hit.start == last.end


def _union(last: _Hit, hit: _Hit, text: str) -> _Hit:
    """One hit for the words ``last`` and ``hit`` cover together, read from the report's text
    (evidence spans index the original text, whatever view found them)."""
    assert last.start is not None and last.end is not None and hit.end is not None
    end = max(last.end, hit.end)
    words: Any = text[last.start : end] if end <= len(text) else None
    if not words:
        words = last.text if hit.end <= last.end else f"{last.text}{hit.text}"
    return _Hit(last.start, end, last.order, last.kind, last.name, words)


def _components(span: Mapping[str, Any]) -> set[str]:
    """The parts an evidence span carries: ``components`` (a mapping of part name to the
    spans that make it, as the detector's composed threat rules write it, or a list of
    names) or a single ``component``."""
    found = span.get("components") or ([span["component"]] if span.get("component") else [])
    return {str(c) for c in found}


def _parts(span: Mapping[str, Any], component: str) -> list[Mapping[str, Any] | str]:
    """The spans that make ``component`` (its own words when the detector gives them), else
    the whole span. A watch-listed person is named by its id."""
    parts = span.get("components")
    if isinstance(parts, Mapping):
        own = [
            part
            for part in parts.get(component) or ()
            if (isinstance(part, Mapping) and part.get("text")) or isinstance(part, str)
        ]
        if own:
            return own
    return [span]


@dataclass(frozen=True)
class SignalFacts:
    """What an urgent rule may look at: one flagged signal and its report."""

    channel: str
    category: str | None
    score: float
    evidence: Sequence[Mapping[str, Any]]
    protected: Sequence[str]
    text: str
    observed_at: datetime


@dataclass(frozen=True)
class UrgentRule:
    id: str
    why: str
    all_of: tuple[Condition, ...]
    channels: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    min_score: float = 0.0
    max_age_days: float = 14.0
    priority: str = "urgent"

    def match(self, facts: SignalFacts) -> dict[str, Any] | None:
        if self.channels and facts.channel not in self.channels:
            return None
        if self.categories and facts.category not in self.categories:
            return None
        if facts.score < self.min_score:
            return None
        found = []
        for condition in self.all_of:
            hit = condition.satisfied_by(facts)
            if hit is None:
                return None
            found.append(hit)
        return {
            "rule": self.id,
            "why": self.why,
            "max_age_days": self.max_age_days,
            "matched": found,
            **({"priority": self.priority} if self.priority != "urgent" else {}),
        }


@dataclass(frozen=True)
class Counted:
    """One signal a repeat rule may count: a contribution of an entity, as triage holds it."""

    source_ref: str
    report_id: str | None
    kind: str
    category: str | None
    observed_at: datetime


@dataclass(frozen=True)
class RepeatRule:
    """Repeated activity by one subject (``repeated:`` in urgent.yaml): at least ``min_count``
    distinct flagged signals of the listed categories (and signal types, when listed) counted
    against the same entity, each observed at most ``window_days`` before triage time, open
    an alert whatever the entity's accumulated risk. One lure is a lead among hundreds; the
    same account posting its third within a month is how these networks recruit."""

    id: str
    why: str
    categories: frozenset[str]
    min_count: int
    window_days: float
    kinds: frozenset[str] = frozenset()
    distinct: str = "report"

    def match(self, items: Sequence[Counted], as_of: datetime) -> dict[str, Any] | None:
        """What the rule counted for one entity's signals at ``as_of``, or None below the count.

        A signal counts while ``as_of - observed_at <= window_days`` (one from the future, a
        clock's skew, counts, as its weight does undecayed). Pure: the same signals and time
        give the same answer in the live worker and in a backfill."""
        window = timedelta(days=self.window_days)
        first: dict[str, Counted] = {}
        for item in items:
            if item.category not in self.categories or (self.kinds and item.kind not in self.kinds):
                continue
            if as_of - item.observed_at > window:
                continue
            key = item.source_ref
            if self.distinct == "report" and item.report_id:
                key = item.report_id
            held = first.get(key)
            if held is None or (item.observed_at, item.source_ref) < (
                held.observed_at,
                held.source_ref,
            ):
                first[key] = item  # one per report: its earliest signal, then by id
        if len(first) < self.min_count:
            return None
        counted = sorted(first.values(), key=lambda c: (c.observed_at, c.source_ref))
        return {
            "rule": self.id,
            "why": self.why,
            "categories": sorted(self.categories),
            "min_count": self.min_count,
            "window_days": self.window_days,
            "distinct": self.distinct,
            "count": len(counted),
            "first_at": counted[0].observed_at.isoformat(),
            "last_at": counted[-1].observed_at.isoformat(),
            "counted": [
                {
                    "source_ref": c.source_ref,
                    "report_id": c.report_id,
                    "kind": c.kind,
                    "category": c.category,
                    "observed_at": c.observed_at.isoformat(),
                }
                for c in counted[-COUNTED_LISTED:]
            ],
        }


@dataclass(frozen=True)
class UrgentRules:
    id: str
    version: int
    rules: tuple[UrgentRule, ...]
    # The version of the file it was parsed from (kizashi.store.rule_versions).
    rule_version: RuleSet | None = field(default=None, compare=False, repr=False)
    # Patterns of repeated activity by one subject (``repeated:``), read per entity.
    repeated: tuple[RepeatRule, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.id}@{self.version}"

    def repeat_of(self, items: Sequence[Counted], as_of: datetime) -> dict[str, Any] | None:
        """The first repeat rule that holds for one entity's signals at ``as_of``, with what it
        counted; None when none does."""
        for rule in self.repeated:
            found = rule.match(items, as_of)
            if found is not None:
                return {**found, "rules_version": self.label}
        return None

    def match(self, facts: SignalFacts) -> dict[str, Any] | None:
        """The first rule that holds, with what satisfied it; None when none does. An
        ``urgent`` rule comes before any ``routine`` one whatever their order in the file (a
        named person's dated threat is urgent); a routine match says ``priority: routine``."""
        for priority in PRIORITIES:
            for rule in self.rules:
                if rule.priority != priority:
                    continue
                found = rule.match(facts)
                if found is not None:
                    return {**found, "rules_version": self.label}
        return None


def is_routine(match: Mapping[str, Any]) -> bool:
    """Whether a match is of a ``routine`` rule: it opens an alert, and announces nothing."""
    return match.get("priority") == "routine"


def in_force(urgent: Mapping[str, Any], observed_at: datetime, as_of: datetime) -> bool:
    """An urgent match counts while the signal is at most ``max_age_days`` old."""
    return as_of - observed_at <= timedelta(days=float(urgent.get("max_age_days", 14)))


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise SchemaError(f"{where}: expected a list of strings")
    return tuple(str(v) for v in value)


def parse_urgent(data: Any, source: str) -> UrgentRules:
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise SchemaError(f"{source}: expected a mapping with a list of rules")
    rules, seen = [], set()
    for index, raw in enumerate(data["rules"]):
        where = f"{source}: rules[{index}]"
        if not isinstance(raw, dict) or not raw.get("id") or not raw.get("why"):
            raise SchemaError(f"{where}: a rule needs an id and a why")
        where = f"{where} ({raw['id']})"
        if raw["id"] in seen:
            raise SchemaError(f"{where}: duplicate id")
        seen.add(raw["id"])
        unknown = set(raw) - set(RULE_KEYS)
        if unknown:
            raise SchemaError(f"{where}: unknown keys {sorted(unknown)}")
        priority = str(raw.get("priority", "urgent"))
        if priority not in PRIORITIES:
            raise SchemaError(f"{where}: priority must be one of {', '.join(PRIORITIES)}")
        groups = raw.get("all_of")
        if not isinstance(groups, list) or not groups:
            raise SchemaError(f"{where}: all_of must be a non-empty list of conditions")
        conditions = []
        for number, group in enumerate(groups):
            at = f"{where}: all_of[{number}]"
            if not isinstance(group, dict) or not group.get("label"):
                raise SchemaError(f"{at}: a condition needs a label")
            unknown = set(group) - set(GROUP_KEYS)
            if unknown:
                raise SchemaError(f"{at}: unknown keys {sorted(unknown)}")
            condition = Condition(
                label=str(group["label"]),
                label_ja=str(group.get("label_ja") or ""),
                rules=_strings(group.get("rules"), f"{at}.rules"),
                components=frozenset(_strings(group.get("components"), f"{at}.components")),
                protected=bool(group.get("protected", False)),
                categories=frozenset(_strings(group.get("categories"), f"{at}.categories")),
                text=_strings(group.get("text"), f"{at}.text"),
            )
            if not (
                condition.rules
                or condition.components
                or condition.protected
                or condition.categories
                or condition.text
            ):
                raise SchemaError(f"{at}: a condition needs something to match")
            conditions.append(condition)
        try:
            rules.append(
                UrgentRule(
                    id=str(raw["id"]),
                    why=str(raw["why"]),
                    all_of=tuple(conditions),
                    channels=frozenset(_strings(raw.get("channels"), f"{where}.channels")),
                    categories=frozenset(_strings(raw.get("categories"), f"{where}.categories")),
                    min_score=float(raw.get("min_score", 0.0)),
                    max_age_days=float(raw.get("max_age_days", 14)),
                    priority=priority,
                )
            )
        except (TypeError, ValueError) as exc:
            raise SchemaError(f"{where}: bad number: {exc}") from None
    return UrgentRules(
        str(data.get("id", "urgent")),
        int(data.get("version", 1)),
        tuple(rules),
        rule_version=rule_set("urgent", data.get("version", 1), source, data),
        repeated=_parse_repeated(data.get("repeated"), source, seen),
    )


def _parse_repeated(raw_rules: Any, source: str, seen: set[str]) -> tuple[RepeatRule, ...]:
    """The ``repeated:`` section: each rule's id (unique among all the file's rules), why,
    categories, count and window, checked so that a wrong number names its rule."""
    if raw_rules is None:
        return ()
    if not isinstance(raw_rules, list):
        raise SchemaError(f"{source}: repeated: expected a list of rules")
    found = []
    for index, raw in enumerate(raw_rules):
        where = f"{source}: repeated[{index}]"
        if not isinstance(raw, dict) or not raw.get("id") or not raw.get("why"):
            raise SchemaError(f"{where}: a rule needs an id and a why")
        where = f"{where} ({raw['id']})"
        if raw["id"] in seen:
            raise SchemaError(f"{where}: duplicate id")
        seen.add(str(raw["id"]))
        unknown = set(raw) - set(REPEAT_KEYS)
        if unknown:
            raise SchemaError(f"{where}: unknown keys {sorted(unknown)}")
        categories = frozenset(_strings(raw.get("categories"), f"{where}.categories"))
        if not categories:
            raise SchemaError(f"{where}: categories must name what is counted")
        kinds = frozenset(_strings(raw.get("kinds"), f"{where}.kinds"))
        if kinds - set(SIGNAL_TYPES):
            raise SchemaError(
                f"{where}: kinds {sorted(kinds - set(SIGNAL_TYPES))} are not signal types "
                "of risk.yaml"
            )
        distinct = str(raw.get("distinct", "report"))
        if distinct not in DISTINCT:
            raise SchemaError(f"{where}: distinct must be one of {', '.join(DISTINCT)}")
        try:
            min_count = raw["min_count"]
            window_days = float(raw["window_days"])
        except KeyError as exc:
            raise SchemaError(f"{where}: missing {exc.args[0]}") from None
        except (TypeError, ValueError) as exc:
            raise SchemaError(f"{where}: bad number: {exc}") from None
        if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 2:
            raise SchemaError(f"{where}: min_count must be a whole number of at least 2")
        if min_count > 2**53 - 1:
            raise SchemaError(f"{where}: min_count is too large")
        if not 0 < window_days <= 3650:
            raise SchemaError(f"{where}: window_days must be over 0 and at most 3650")
        found.append(
            RepeatRule(
                id=str(raw["id"]),
                why=str(raw["why"]),
                categories=categories,
                min_count=min_count,
                window_days=window_days,
                kinds=kinds,
                distinct=distinct,
            )
        )
    return tuple(found)


def load_urgent(path: Path | None = None) -> UrgentRules:
    if path is None:
        return default_urgent()
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"{path}: cannot read: {exc}") from exc
    return parse_urgent(data, str(path))


@cache
def default_urgent() -> UrgentRules:
    text = resources.files("kizashi.triage").joinpath("data", "urgent.yaml").read_text("utf-8")
    return parse_urgent(yaml.safe_load(text), "kizashi/triage/data/urgent.yaml")
