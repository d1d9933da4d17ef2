"""Score the reports in the store and keep one ``signals`` row per report and model version.

``store_signals(engine)`` is the service behind ``kizashi scan --store``, the demo's detect
stage and the triage room: it reads the reports that carry text and have no signal of this
``model_version`` yet (so a re-scan with the same model stores nothing, and an interrupted
scan resumes where it stopped), scores them in batches through the same code as
``kizashi scan``, and writes each batch in one transaction: a failure leaves every earlier
batch complete and nothing of the failing one.

``model_version`` is the provenance of a signal: the scorer's version and the SHA-256 of its
weights, plus a SHA-256 over every rule, guard, decoding table, gate and watch-list file.
Change any of them and the next scan scores every report again, beside the old signals.

Each signal also names the versions of the rule files it was scored under (``rule_versions``:
``detect_rules:<sha[:16]>`` ...; :mod:`kizashi.detect.rule_versions`), recorded as in force in
the same transaction, so ``kizashi oversight rules --at`` shows them as they stood.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import Connection, Engine, and_, exists, func, select
from sqlalchemy.dialects import postgresql, sqlite

from kizashi.clock import Clock, system_clock
from kizashi.detect.rule_versions import detect_rule_sets
from kizashi.ids import new_id
from kizashi.store import is_sqlite, payload_keys, report_payloads, reports, signals, transaction
from kizashi.store.payloads import with_payloads
from kizashi.store.rule_versions import record_rules
from kizashi.store.tables_signals import report_times

__all__ = [
    "DETECTOR",
    "NOT_FREE_TEXT",
    "SignalSummary",
    "model_version",
    "pending_reports",
    "score_reports",
    "store_signals",
]

DETECTOR = "text"
# Channels scored by default: every channel whose reports carry free text. A purchase's
# text is an item name (過酸化水素水 30% 500mL), not something a person wrote; the detector
# would read every precursor purchase as weapon talk. `channels=["purchase"]` still scores it.
NOT_FREE_TEXT = ("purchase",)
STORE_BATCH = 512

# Every data file that changes what the scorer concludes: rules, guards, the decoding tables,
# the cascade gate and the watch-lists.
_RULE_DATA = (
    ("kizashi.detect", "rules"),
    ("kizashi.detect", "watchlists"),
    ("kizashi.text", "data"),
)


def _sha(parts: Sequence[bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


@cache
def model_version() -> str:
    """``text-scorer-<n>-<weights sha[:10]>+rules-<sha[:10]>`` of the shipped model and data."""
    from kizashi.detect.model import shipped_model, shipped_path

    model = shipped_model()
    weights = shipped_path().with_suffix(".npz").read_bytes()
    data: list[bytes] = []
    for package, folder in _RULE_DATA:
        root = resources.files(package).joinpath(folder)
        for entry in sorted(root.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".yaml"):
                data += [entry.name.encode(), entry.read_bytes()]
    gate = resources.files("kizashi.detect").joinpath("gate.yaml")
    data += [b"gate.yaml", gate.read_bytes()]
    number = model.metadata.get("model_version", 0)
    return f"text-scorer-{number}-{_sha([weights])[:10]}+rules-{_sha(data)[:10]}"


@dataclass
class SignalSummary:
    """What one ``store_signals`` run did."""

    model_version: str
    pending: int = 0  # reports with text and no signal of this version when the run started
    scored: int = 0
    stored: int = 0
    flagged: int = 0
    categories: Counter[str] = field(default_factory=Counter)  # flagged, per category
    channels: Counter[str] = field(default_factory=Counter)  # scored, per channel
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "model_version": self.model_version,
            "pending": self.pending,
            "scored": self.scored,
            "stored": self.stored,
            "flagged": self.flagged,
            "categories": dict(sorted(self.categories.items())),
            "channels": dict(sorted(self.channels.items())),
            "seconds": round(self.seconds, 2),
        }


def _pending_filter(version: str, channels: Sequence[str] | None) -> Any:
    done = exists().where(
        and_(
            signals.c.report_id == reports.c.id,
            signals.c.detector == DETECTOR,
            signals.c.model_version == version,
        )
    )
    # Only reports with free text whose payload can still be read (not expired).
    has_text = exists().where(
        report_payloads.c.report_id == reports.c.id,
        report_payloads.c.text_length > 0,
        payload_keys.c.id == report_payloads.c.key_id,
        payload_keys.c.key.is_not(None),
    )
    condition = and_(has_text, ~done)
    if channels:
        condition = and_(condition, reports.c.channel.in_(list(channels)))
    else:
        condition = and_(condition, reports.c.channel.not_in(NOT_FREE_TEXT))
    return condition


def pending_reports(
    connection: Connection, version: str, channels: Sequence[str] | None = None
) -> int:
    """How many reports with text have no signal of ``version``."""
    query = select(func.count()).select_from(reports).where(_pending_filter(version, channels))
    return int(connection.execute(query).scalar_one())


def _page(
    connection: Connection, version: str, channels: Sequence[str] | None, after: str, size: int
) -> list[tuple[str, str, str]]:
    """(id, channel, text) of the next pending reports after ``after``, in id order."""
    query = (
        select(reports.c.id, reports.c.channel)
        .where(and_(reports.c.id > after, _pending_filter(version, channels)))
        .order_by(reports.c.id)
        .limit(size)
    )
    rows = connection.execute(query)
    return [(r.id, r.channel, p.text or "") for r, p in with_payloads(connection, rows, ("text",))]


def _signal_rows(
    outputs: Sequence[dict[str, Any]], version: str, now: datetime, rule_versions: list[str]
) -> list[dict[str, Any]]:
    return [
        {
            "id": new_id(),
            "report_id": out["id"],
            "detector": DETECTOR,
            "model_version": version,
            "category": out["category"],
            "score": out["score"],
            "scores": out["scores"],
            "flagged": out["flagged"],
            "evidence": out["evidence"],
            "protected": out["protected"],
            "rule_versions": rule_versions,
            "created_at": now,
        }
        for out in outputs
    ]


def score_reports(
    connection: Connection, reports_: Sequence[tuple[str, str, str]], *, now: datetime
) -> list[dict[str, Any]]:
    """Score a few reports ``(id, channel, text)`` and store their signals, in the caller's
    transaction (the live pipeline's detect stage). Reports without text, or of a channel
    in :data:`NOT_FREE_TEXT`, are skipped, as ``store_signals`` skips them; a report that
    already has a signal of this model keeps it (ON CONFLICT DO NOTHING).

    Returns the scanner's outputs (``id``, ``flagged``, ``category`` ...) of those scored."""
    from kizashi.detect.scanner import scan_texts

    todo = [(rid, text) for rid, channel, text in reports_ if text and channel not in NOT_FREE_TEXT]
    if not todo:
        return []
    outputs = scan_texts(todo)
    named = record_rules(connection, detect_rule_sets(), now)
    _insert(connection, _signal_rows(outputs, model_version(), now, named))
    return outputs


def _insert(connection: Connection, rows: list[dict[str, Any]]) -> int:
    # Each signal carries its report's time (the dashboard's window, migration 0024).
    times = report_times(connection, (row["report_id"] for row in rows))
    rows = [{**row, "report_at": times[row["report_id"]]} for row in rows]
    # ON CONFLICT DO NOTHING: a concurrent scan of the same model that got there first wins,
    # and this one neither fails nor duplicates.
    dialect = sqlite if is_sqlite(connection) else postgresql
    statement = dialect.insert(signals).on_conflict_do_nothing(
        index_elements=["report_id", "detector", "model_version"]
    )
    result = connection.execute(statement, rows)
    return result.rowcount if result.rowcount is not None and result.rowcount >= 0 else len(rows)


def store_signals(
    engine: Engine,
    *,
    channels: Sequence[str] | None = None,
    batch_size: int = STORE_BATCH,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    clock: Clock = system_clock,
) -> SignalSummary:
    """Score every report with text and no signal of the shipped model; store the signals.

    ``channels`` restricts the channels (default: every channel with free text, i.e. all but
    :data:`NOT_FREE_TEXT`);
    ``limit`` stops after that many reports; ``progress(done, total)`` is called after each
    stored batch; ``clock`` stamps the signals' ``created_at``. Returns the counts; raises
    :class:`~kizashi.errors.StoreError` if the store
    fails (the batches stored before the failure stay, complete).
    """
    from kizashi.detect.scanner import scan_texts

    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    started = time.perf_counter()
    version = model_version()
    summary = SignalSummary(version)
    with transaction(engine) as connection:  # wraps database errors in StoreError
        summary.pending = pending_reports(connection, version, channels)
        # The rule files' versions, in force from this run (nothing written if unchanged).
        named = record_rules(connection, detect_rule_sets(), clock())
    total = summary.pending if limit is None else min(limit, summary.pending)
    if progress:
        progress(0, total)
    after = ""
    while summary.scored < total:
        size = min(batch_size, total - summary.scored)
        with transaction(engine) as connection:
            page = _page(connection, version, channels, after, size)
        if not page:
            break
        after = page[-1][0]
        outputs = scan_texts([(rid, text) for rid, _channel, text in page])
        rows = _signal_rows(outputs, version, clock(), named)
        with transaction(engine) as connection:
            stored = _insert(connection, rows)
        summary.scored += len(page)
        summary.stored += stored
        summary.channels.update(channel for _rid, channel, _text in page)
        for out in outputs:
            if out["flagged"]:
                summary.flagged += 1
                summary.categories[out["category"]] += 1
        if progress:
            progress(summary.scored, total)
    summary.seconds = time.perf_counter() - started
    return summary
