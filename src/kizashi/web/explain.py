"""Risk in the analyst's words: a contribution or an alert told as sentences, not stored dicts.

Triage stores every contribution's explanation as data (base weight, grading factors, detector
score, repeat damping, half-life); this module turns that data into what an analyst reads: what
was seen, how far it is trusted (the grading spelled out), the weight as a formula with each
factor named, and how much of it is left today. Nothing here decides anything; it only says
what triage decided, in the language of the page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

Translate = Callable[..., str]


@dataclass(frozen=True)
class ExplainedContribution:
    what: str  # the kind of signal and its category
    grading: str  # how far the source and its content are trusted, spelled out
    formula: str  # weight = base × factors = weight, each factor named
    decay: str  # weight now = weight × ½^(age / half-life)
    notes: tuple[str, ...]  # protected person or event, urgent rule, rules that fired


def label(t: Translate, prefix: str, code: str | None) -> str:
    """The catalogue's word for a code (``category_threat``); the code itself if there is none."""
    if not code:
        return "—"
    key = f"{prefix}_{code}"
    word = t(key)
    return code if word == f"[{key}]" else word


def _factor(value: Any) -> str:
    return f"{float(value):.3g}"


def _age_days(observed_at: datetime | str, as_of: datetime) -> float:
    when = datetime.fromisoformat(observed_at) if isinstance(observed_at, str) else observed_at
    return max(0.0, (as_of - when).total_seconds() / 86400)


def explain_contribution(
    t: Translate, contribution: Mapping[str, Any], as_of: datetime
) -> ExplainedContribution:
    """One contribution of an entity's risk as four short sentences in the page's language."""
    data: Mapping[str, Any] = contribution.get("explanation") or {}
    kind = str(contribution.get("kind") or data.get("signal_type") or "")
    category = contribution.get("category")
    what = t(
        "explain_what",
        kind=label(t, "signal_type", kind),
        category=label(t, "category", category),
    )
    reliability = (data.get("reliability") or {}).get("code") or contribution.get("reliability")
    credibility = (data.get("credibility") or {}).get("code") or contribution.get("credibility")
    if not reliability and not credibility:
        grading = ""
    elif data.get("grading") and "artefact" in str(data.get("grading")):
        grading = t(
            "explain_grading_artefact",
            reliability=reliability or "—",
            reliability_words=label(t, "reliability", reliability),
        )
    else:
        grading = t(
            "explain_grading",
            reliability=reliability or "—",
            reliability_words=label(t, "reliability", reliability),
            credibility=credibility or "—",
            credibility_words=label(t, "credibility", credibility),
        )
    weight = float(contribution.get("weight") or data.get("weight") or 0.0)
    formula = _formula(t, data, weight)
    half_life = float(contribution.get("half_life_days") or data.get("half_life_days") or 0.0)
    age = _age_days(contribution["observed_at"], as_of)
    left = weight * 0.5 ** (age / half_life) if half_life > 0 else weight
    decay = t(
        "explain_decay",
        weight=f"{weight:.4g}",
        age=f"{age:.1f}",
        half_life=f"{half_life:g}",
        now=f"{left:.4g}",
    )
    return ExplainedContribution(what, grading, formula, decay, _notes(t, data))


def _formula(t: Translate, data: Mapping[str, Any], weight: float) -> str:
    if "base_weight" not in data:
        return t("explain_weight_only", weight=f"{weight:.4g}")
    parts = [t("explain_factor_base", value=_factor(data["base_weight"]))]
    reliability = data.get("reliability") or {}
    credibility = data.get("credibility") or {}
    if "factor" in reliability:
        parts.append(
            t(
                "explain_factor_reliability",
                value=_factor(reliability["factor"]),
                code=reliability.get("code", ""),
            )
        )
    if "factor" in credibility and credibility.get("code"):
        parts.append(
            t(
                "explain_factor_credibility",
                value=_factor(credibility["factor"]),
                code=credibility.get("code", ""),
            )
        )
    strength = float(data.get("strength", 1.0))
    protected = float(data.get("protected_factor", 1.0) or 1.0)
    if "detector_score" in data and protected != 1.0:
        parts.append(t("explain_factor_score", value=_factor(data["detector_score"])))
        parts.append(t("explain_factor_protected", value=_factor(protected)))
    elif "detector_score" in data:
        parts.append(t("explain_factor_score", value=_factor(strength)))
    elif not math.isclose(strength, 1.0):
        parts.append(t("explain_factor_strength", value=_factor(strength)))
    repeat = data.get("repeat") or {}
    if repeat and not math.isclose(float(repeat.get("factor", 1.0)), 1.0):
        parts.append(
            t("explain_factor_repeat", value=_factor(repeat["factor"]), rank=repeat.get("rank", ""))
        )
    return t("explain_formula", factors=" × ".join(parts), weight=f"{weight:.4g}")


def protected_label(watch_id: Any) -> str:
    """A watch-list id as the officer knows it (桜井 みどり), the id itself if unknown."""
    from kizashi.detect import protected_labels

    return protected_labels().get(str(watch_id), str(watch_id))


def _notes(t: Translate, data: Mapping[str, Any]) -> tuple[str, ...]:
    notes: list[str] = []
    protected = data.get("protected") or []
    if protected:
        notes.append(t("explain_protected", names="、".join(protected_label(p) for p in protected)))
    urgent = data.get("urgent")
    if isinstance(urgent, Mapping) and urgent.get("rule"):
        rule = str(urgent["rule"])
        notes.append(t("explain_urgent", rule=label(t, "urgent_rule", rule)))
    routine = data.get("routine")
    if isinstance(routine, Mapping) and routine.get("rule"):
        rule = str(routine["rule"])
        notes.append(t("explain_routine", rule=label(t, "urgent_rule", rule)))
    if data.get("rule"):
        notes.append(t("explain_rule", rule=str(data["rule"])))
    rules = [str(r) for r in data.get("rules") or () if r]
    if rules:
        notes.append(t("explain_detector_rules", rules="、".join(rules)))
    purchases = data.get("purchases") or []
    if purchases:
        notes.append(t("explain_purchases", count=len(purchases)))
    return tuple(notes)


def alert_summary(t: Translate, alert: Mapping[str, Any], when: Callable[..., str]) -> str:
    """The alert's one-line summary from its stored explanation, in the page's language.

    Triage keeps an English summary for logs and the API; the page says the same from the
    explanation's data (score, threshold, what kinds of signal, when it was scored).
    """
    data: Mapping[str, Any] = alert.get("explanation") or {}
    if not data.get("signal_kinds"):
        if alert.get("category") and alert.get("score") is not None:
            # No explanation to read: its category and risk in the reader's words rather
            # than the stored English line (or a bare category code inside it).
            return t(
                "explain_alert_category",
                category=label(t, "category", str(alert["category"])),
                score=f"{float(alert['score']):.1f}",
            )
        return str(alert.get("summary") or "")
    kinds = "、".join(
        t("explain_kind_count", kind=label(t, "signal_type", kind), count=count)
        for kind, count in sorted(data["signal_kinds"].items())
    )
    as_of = data.get("as_of")
    scored = when(datetime.fromisoformat(as_of)) if isinstance(as_of, str) else "—"
    text = t(
        "explain_alert",
        score=f"{float(data.get('score', alert.get('score', 0.0))):.1f}",
        threshold=f"{float(data.get('threshold', 0.0)):g}",
        kinds=kinds,
        scored=scored,
    )
    repeated = data.get("repeated")
    if isinstance(repeated, Mapping) and repeated.get("rule"):
        prefix = t(
            "explain_alert_repeated",
            rule=label(t, "repeated_rule", str(repeated["rule"])),
            count=repeated.get("count", "?"),
        )
        if repeated.get("bypassed_threshold"):
            prefix += t("explain_alert_bypassed")
        text = f"{prefix} {text}"
    routine = data.get("routine")
    if isinstance(routine, Mapping) and routine.get("rule"):
        prefix = t("explain_alert_routine", rule=label(t, "urgent_rule", str(routine["rule"])))
        if routine.get("bypassed_threshold"):
            prefix += t("explain_alert_bypassed")
        text = f"{prefix} {text}"
    urgent = data.get("urgent")
    if isinstance(urgent, Mapping) and urgent.get("rule"):
        prefix = t("explain_alert_urgent", rule=label(t, "urgent_rule", str(urgent["rule"])))
        if urgent.get("bypassed_threshold"):
            prefix += t("explain_alert_bypassed")
        text = f"{prefix} {text}"
    return text


def readable(value: Any) -> str:
    """A report field's value as a person writes it, never a Python repr.

    Lists join with 、, mappings read ``key：value``, nested structures the same way inside
    brackets; None and empty values show as —.
    """
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, Mapping):
        return "、".join(f"{k}：{_nested(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "、".join(_nested(v) for v in value)
    return str(value)


def _nested(value: Any) -> str:
    text = readable(value)
    return f"（{text}）" if isinstance(value, Mapping | list | tuple) and value else text


def latest_evidence(alert: Mapping[str, Any]) -> datetime | None:
    """When the newest thing behind an alert happened (its contributions' observation times),
    as opposed to when triage scored it: the queue's "latest sign" column."""
    data: Mapping[str, Any] = alert.get("explanation") or {}
    times = [
        datetime.fromisoformat(c["observed_at"])
        for c in data.get("contributions") or ()
        if isinstance(c, Mapping) and isinstance(c.get("observed_at"), str)
    ]
    return max(times) if times else None
