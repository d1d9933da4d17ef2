"""Learning from analysts: reviewed alerts as labelled examples, and score drift.

**Reviews → examples** (``kizashi detect train --from-reviews``). When an analyst closes an
alert, triage stores the outcome (``alert_outcomes``) and the alert's explanation lists the
text signals that raised it (``contributions`` of kind ``text_signal``, each with its report).
A *confirmed* alert makes each of those reports a positive of the signal's category; a
*dismissed* one makes each a negative (the analyst saw the text and judged it no threat).
The latest decision about a report wins. Items are split by alert (a fifth to dev, by hash),
so one alert's texts never sit on both sides, and carry the weight :data:`REVIEW_WEIGHT`:
an analyst's judgement on a real post is worth more than a written example.

**Drift** (``kizashi detect drift``): the distribution of the stored signals' scores in a
window (by default the calendar month of "now") against the distribution the model saw on
its dev split of ordinary text at training time (``score_reference`` in the model's
metadata): the population stability index over fixed score bins, and the flag rate per
category against training's. A PSI above 0.2 is the usual sign that the feed no longer looks
like what the thresholds were set on.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, select

from kizashi.detect.lexicon import CATEGORIES
from kizashi.store import alert_outcomes, alerts, signals, transaction
from kizashi.store.payloads import open_texts

__all__ = [
    "DRIFT_BINS",
    "REVIEW_WEIGHT",
    "drift_report",
    "histogram",
    "psi",
    "review_items",
    "score_reference",
]

REVIEW_WEIGHT = 4.0
DRIFT_BINS = (0.0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0001)


def review_items(engine: Engine) -> list[dict[str, Any]]:
    """Labelled items from every closed alert's text signals (see the module docstring)."""
    query = (
        select(
            alert_outcomes.c.alert_id,
            alert_outcomes.c.outcome,
            alert_outcomes.c.decided_at,
            alerts.c.explanation,
        )
        .join(alerts, alerts.c.id == alert_outcomes.c.alert_id)
        .order_by(alert_outcomes.c.decided_at, alert_outcomes.c.id)
    )
    decided: dict[str, tuple[str, str | None]] = {}  # report id -> (alert id, label)
    with transaction(engine) as connection:
        for row in connection.execute(query):
            for c in (row.explanation or {}).get("contributions", []):
                if c.get("kind") != "text_signal" or not c.get("report_id"):
                    continue
                category = c.get("category") if c.get("category") in CATEGORIES else None
                label = category if row.outcome == "confirmed" else None
                decided[c["report_id"]] = (row.alert_id, label)
        texts = open_texts(connection, sorted(decided))
    items = []
    for report_id, (alert_id, label) in sorted(decided.items()):
        text = texts.get(report_id)
        if not text:
            continue
        bucket = int.from_bytes(hashlib.sha256(alert_id.encode()).digest()[:4], "big") % 5
        items.append({
            "id": f"review:{report_id}",
            "text": text,
            "label": label,
            "functionality": "review",
            "family": f"review/{alert_id}",
            "split": "dev" if bucket == 0 else "train",
            "origin": "review",
            "weight": REVIEW_WEIGHT,
        })  # fmt: skip
    return items


def histogram(scores: Sequence[float]) -> list[int]:
    counts = [0] * (len(DRIFT_BINS) - 1)
    for score in scores:
        for k in range(len(counts)):
            if DRIFT_BINS[k] <= score < DRIFT_BINS[k + 1]:
                counts[k] += 1
                break
    return counts


def psi(expected: Sequence[int], actual: Sequence[int]) -> float:
    """Population stability index of two histograms over the same bins (smoothed)."""
    e_total, a_total = sum(expected) or 1, sum(actual) or 1
    value = 0.0
    for e, a in zip(expected, actual, strict=True):
        pe = (e + 0.5) / (e_total + 0.5 * len(expected))
        pa = (a + 0.5) / (a_total + 0.5 * len(actual))
        value += (pa - pe) * math.log(pa / pe)
    return round(value, 4)


def drift_report(
    engine: Engine, version: str, reference: dict[str, Any], since: datetime, until: datetime
) -> dict[str, Any]:
    """This window's signal scores (of model ``version``) against the training reference."""
    query = select(signals.c.score, signals.c.category, signals.c.flagged).where(
        and_(
            signals.c.model_version == version,
            signals.c.created_at >= since,
            signals.c.created_at < until,
        )
    )
    with transaction(engine) as connection:
        rows = list(connection.execute(query))
    now_hist = histogram([float(r.score) for r in rows])
    flagged = Counter(r.category for r in rows if r.flagged)
    n = len(rows)
    ref_n = int(reference.get("n", 0)) or 1
    ref_flags = reference.get("flagged", {})
    value = psi(reference.get("histogram", [0] * len(now_hist)), now_hist) if n else None
    return {
        "model_version": version,
        "window": {"since": since.isoformat(), "until": until.isoformat()},
        "bins": list(DRIFT_BINS),
        "signals": n,
        "histogram": now_hist,
        "reference": {"n": reference.get("n", 0), "histogram": reference.get("histogram")},
        "psi": value,
        "drifted": value is not None and value > 0.2,
        "flag_rate": {
            c: {
                "now": round(flagged.get(c, 0) / n, 5) if n else None,
                "training": round(ref_flags.get(c, 0) / ref_n, 5),
            }
            for c in CATEGORIES
        },
    }


def score_reference(model: Any, texts: Sequence[str]) -> dict[str, Any]:
    """What :func:`drift_report` compares with: the model's scores on ``texts`` (the dev
    split of the ordinary text it was trained beside), binned, and its flags per category."""
    from kizashi.detect.scorer import Scorer

    scored = Scorer(model, cache_size=0).score(list(texts))
    return {
        "n": len(scored),
        "histogram": histogram([s.score for s in scored]),
        "flagged": dict(Counter(s.category for s in scored if s.category)),
        "source": "dev split of ../shared/data background text",
    }
