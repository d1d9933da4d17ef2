"""Collect raw contributions from the store: text signals, purchase firings, reports.

Which entity a report counts against is its *subject*: the entities its subject mentions
were resolved to (``entity_members``), where ``risk.yaml`` says which mention paths are
subjects per channel (the buyer of a purchase, the tenant of a partner report, the author
of a post) and which person roles are not (a witness, the reporter).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, Select, and_, delete, exists, func, insert, or_, select

from kizashi.store.payloads import open_bodies, with_payloads
from kizashi.store.tables import mentions, reports
from kizashi.store.tables_purchases import purchase_firings
from kizashi.store.tables_resolve import entities, entity_members
from kizashi.store.tables_signals import signals
from kizashi.store.tables_triage import risk_marks
from kizashi.triage.config import RiskConfig
from kizashi.triage.scoring import Contribution
from kizashi.triage.urgent import SignalFacts, UrgentRules, is_routine

CHUNK = 500

_INDEXED = re.compile(r"^(\w+)\[(\d+)\]")
REPORT_TYPES = ("partner_report", "patrol_note", "public_tip", "company_approach")
# The field of a report's body whose value picks the base weight of its signal type.
_WEIGHT_KEY = {
    "partner_report": "category",
    "patrol_note": "note_type",
    "public_tip": None,
    "company_approach": "approach_type",
}


def _is_subject(config: RiskConfig, channel: str, path: str, body: dict[str, Any]) -> bool:
    prefixes = config.subjects.get(channel, ())
    if not any(path.startswith(prefix) for prefix in prefixes):
        return False
    indexed = _INDEXED.match(path)
    if indexed is not None:
        items = body.get(indexed.group(1)) or []
        index = int(indexed.group(2))
        if index < len(items) and isinstance(items[index], dict):
            role = str(items[index].get("role") or "").casefold()
            return role not in config.exclude_roles
    return True


def _chunked(
    connection: Connection, query: Select[Any], column: Any, ids: Collection[str] | None
) -> Iterator[Any]:
    """Rows of ``query``; restricted to ``column IN ids`` (in chunks) unless ids is None."""
    if ids is None:
        yield from connection.execute(query)
        return
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield from connection.execute(query.where(column.in_(ordered[start : start + CHUNK])))


def _contributing_query(connection: Connection) -> list[Select[Any]]:
    """Members (report, entity) whose report can add to a risk: with a flagged signal, or of
    a channel that counts by itself (:data:`REPORT_TYPES`)."""
    flagged = exists().where(
        signals.c.report_id == entity_members.c.report_id, signals.c.flagged.is_(True)
    )
    members = select(entity_members.c.report_id, entity_members.c.entity_id)
    by_channel = members.join(reports, reports.c.id == entity_members.c.report_id)
    if connection.dialect.name == "postgresql":
        # Two statements, not one OR: with the OR, PostgreSQL needs the channel of every
        # member's report and hash-joins the members with a sequential scan of *every*
        # report (133 ms for 45 entities on a 50k store, EXPLAIN ANALYZE, 2026-12-05);
        # apart, each condition walks an index (10 ms and 0.3 ms). SQLite (no statistics)
        # walks the members by entity and their reports by key either way, and apart
        # would search the reports by channel alone (tests/pipeline/test_query_plans.py).
        return [members.where(flagged), by_channel.where(reports.c.channel.in_(REPORT_TYPES))]
    return [by_channel.where(or_(reports.c.channel.in_(REPORT_TYPES), flagged))]


def contributing_reports(
    connection: Connection, entity_ids: Collection[str], fresh: Collection[str] = ()
) -> set[str]:
    """The reports of ``entity_ids`` that can add to their risk: those with a flagged signal,
    and those of a channel that counts by itself (:data:`REPORT_TYPES`). An entity's other
    reports — ordinary posts, purchases (which count through the purchase rules' firings,
    read per entity) — add nothing, so the live path does not read them: its cost follows
    the entity's evidence, not every report that names it.

    Nor does it join every member to find them (issue 12, fifteenth run: an account's
    entity holds every post of it). Each call marks the entities it answered for
    (``risk_marks``): their contributing reports, the highest membership number of their
    members (``entity_members.seq``: every membership resolve writes is a fresh row with a
    number above every one taken before, :mod:`kizashi.resolve.member_order`), how many
    members had a number up to it, and how many times members had left the entity
    (``entities.members_left``). An entity marked before is answered from its marked reports
    (still members, still contributing) and its members numbered above the mark
    (``ix_entity_members_entity_seq``) — a report's signals are written (detect) before it
    is linked. The mark is used only while no member has left the entity since (the count
    unchanged) and as many members are numbered up to the mark as then (none joined with a
    lower number: on PostgreSQL a worker's number taken before another's and committed after
    it); otherwise, and for an unmarked entity, every member is read. Numbers, not link
    times: a clock standing still or behind the stored links (a fixed clock, a batch run's
    own) leaves a mark valid and its read small. A full triage run marks every entity afresh
    (:func:`mark_all`; after a re-scan of old reports' signals, run one).

    ``fresh``: reports whose signals were written after they were linked — the live triage
    stage's own reports. A member can be linked before its signal exists: with a backlog, a
    batch's linking takes in waiting reports of the same person (the first batch on a new
    store links every stored report), and the entity's next mark then holds the member
    without its signal. Each marked entity's fresh members are read again (issue 12: on the
    demo, four of a recruiter's five flagged ads and three of the planted lone offender's
    four threat posts never reached the risk)."""
    wanted = sorted(set(entity_ids))
    marks = {
        row.entity_id: row
        for start in range(0, len(wanted), CHUNK)
        for row in connection.execute(
            select(risk_marks, entities.c.members_left)
            .join(entities, entities.c.id == risk_marks.c.entity_id)
            .where(risk_marks.c.entity_id.in_(wanted[start : start + CHUNK]))
        )
    }
    # Each entity's members are counted *after* its new ones are read, and the counts of a
    # full walk taken *before* it: a membership committed in between (PostgreSQL reads each
    # statement afresh) voids the next mark or is read, never lost.
    marks = {e: m for e, m in marks.items() if m.members_left == m.left}
    # (A fresh report is asked once, for whichever marked entity holds it: only its own
    # entity has it as a member, which the membership query below checks — not added to
    # every marked entity's candidates, a batch × entities union.)
    fresh_ids = {str(r) for r in fresh}
    candidates: dict[str, set[str]] = defaultdict(set)
    through: dict[str, Any] = {}
    older: dict[str, int] = {}
    # Every marked entity's new members in one statement, then their counts up to the mark
    # in one more (each joined to its mark: a mark rewritten meanwhile shows and is dropped)
    # — two statements a batch, not two per entity (issue 12, live20: ~120 entities a batch
    # of 150 posts at 100k stored, 2–5 ms a round trip on a loaded PostgreSQL).
    marked = sorted(marks)
    recent: dict[str, list[Any]] = defaultdict(list)
    for row in _chunked(connection, _recent_members(), risk_marks.c.entity_id, marked):
        recent[row.entity_id].append(row)
    counted = {
        row.entity_id: row
        for row in _chunked(connection, _counted_to_mark(), risk_marks.c.entity_id, marked)
    }
    for entity_id, mark in list(marks.items()):
        count = counted.get(entity_id)
        rows = recent.get(entity_id, [])
        if (
            count is None
            or count.through != mark.through
            or int(count.older) != mark.older
            or any(row.through != mark.through for row in rows)
        ):
            del marks[entity_id]
            continue
        through[entity_id] = max([mark.through, *(row.seq for row in rows)])
        older[entity_id] = mark.older + len(rows)
        candidates[entity_id] = {row.report_id for row in rows}
        candidates[entity_id].update(str(r) for r in mark.report_ids or [])
    unmarked = [e for e in wanted if e not in marks]
    through.update(dict.fromkeys(unmarked))  # (no member: no mark)
    # The highest number and the count of every unmarked entity's members, one statement
    # (one snapshot: the count is of the members up to that number).
    for row in _chunked(connection, _numbered(), entity_members.c.entity_id, unmarked):
        through[row.entity_id] = row.through
        older[row.entity_id] = int(row.older)
    found: dict[str, set[str]] = defaultdict(set)
    for query in _contributing_query(connection):
        for row in _chunked(connection, query, entity_members.c.entity_id, unmarked):
            found[row.entity_id].add(row.report_id)
    asked = set().union(fresh_ids, *candidates.values()) if candidates else set()
    if asked:
        for query in _contributing_query(connection):
            for row in _chunked(connection, query, entity_members.c.report_id, asked):
                wanted_here = candidates.get(row.entity_id)
                if wanted_here is not None and (
                    row.report_id in wanted_here or row.report_id in fresh_ids
                ):
                    found[row.entity_id].add(row.report_id)
    _mark(connection, {e: (through[e], found.get(e, set())) for e in wanted}, older)
    return set().union(*found.values()) if found else set()


def _recent_members() -> Select[Any]:
    """Members numbered above their entity's mark, with the mark's number (restricted to
    entities by :func:`_chunked` on ``risk_marks.entity_id``; ``ix_entity_members_entity_seq``)."""
    above = and_(
        entity_members.c.entity_id == risk_marks.c.entity_id,
        entity_members.c.seq > risk_marks.c.through,
    )
    return select(
        risk_marks.c.entity_id,
        risk_marks.c.through,
        entity_members.c.report_id,
        entity_members.c.seq,
    ).join(entity_members, above)


def _counted_to_mark() -> Select[Any]:
    """Per marked entity, its mark's number and how many members are numbered up to it (an
    index range count each)."""
    up_to = and_(
        entity_members.c.entity_id == risk_marks.c.entity_id,
        entity_members.c.seq <= risk_marks.c.through,
    )
    return (
        select(
            risk_marks.c.entity_id,
            risk_marks.c.through,
            func.count(entity_members.c.seq).label("older"),
        )
        .select_from(risk_marks.outerjoin(entity_members, up_to))
        .group_by(risk_marks.c.entity_id, risk_marks.c.through)
    )


def _numbered() -> Select[Any]:
    """Per entity, its highest membership number and how many members it has."""
    return select(
        entity_members.c.entity_id,
        func.max(entity_members.c.seq).label("through"),
        func.count(entity_members.c.seq).label("older"),
    ).group_by(entity_members.c.entity_id)


def _mark(
    connection: Connection, marks: dict[str, tuple[Any, set[str]]], older: dict[str, int]
) -> None:
    """Write the marks of :func:`contributing_reports` (an entity without members, none);
    ``older``: how many of its members are numbered up to the mark's number."""
    ordered = sorted(marks)
    left = {
        row.id: row.members_left
        for start in range(0, len(ordered), CHUNK)
        for row in connection.execute(
            select(entities.c.id, entities.c.members_left).where(
                entities.c.id.in_(ordered[start : start + CHUNK])
            )
        )
    }
    rows = [
        {
            "entity_id": e,
            "through": number,
            "older": older[e],
            "left": left[e],
            "report_ids": sorted(ids),
        }
        for e, (number, ids) in sorted(marks.items())
        if number is not None and e in left
    ]
    for start in range(0, len(ordered), CHUNK):
        connection.execute(
            delete(risk_marks).where(risk_marks.c.entity_id.in_(ordered[start : start + CHUNK]))
        )
    if rows:
        connection.execute(insert(risk_marks), rows)


def mark_all(connection: Connection) -> None:
    """Mark every entity as :func:`contributing_reports` would (a full run, which reads every
    member anyway): its contributing reports, its highest membership number, how many
    members are numbered up to it and its leavings.

    Until live19 a full run dropped every mark, so the next live re-score of each entity
    walked all its members once: on a store whose build ends with a full run, a stream about
    people already known (accounts posting again) paid that walk for each entity it reached
    first, and the walk grows with the entity (issue 12: triage 0.5 → 1.9 ms a report from
    20k to 400k stored). The counts are taken before the walk of the contributing reports,
    as for an unmarked entity there: a membership committed in between voids the mark (its
    count differs) or is read as a new member, never lost."""
    left = {
        row.id: int(row.members_left)
        for row in connection.execute(select(entities.c.id, entities.c.members_left))
    }
    counted = {
        row.entity_id: (row.through, int(row.older))
        for row in connection.execute(
            select(
                entity_members.c.entity_id,
                func.max(entity_members.c.seq).label("through"),
                func.count(entity_members.c.seq).label("older"),
            ).group_by(entity_members.c.entity_id)
        )
    }
    found: dict[str, set[str]] = defaultdict(set)
    for query in _contributing_query(connection):
        for row in connection.execute(query):
            found[row.entity_id].add(row.report_id)
    connection.execute(delete(risk_marks))
    rows = [
        {
            "entity_id": e,
            "through": through,
            "older": older,
            "left": left[e],
            "report_ids": sorted(found.get(e, ())),
        }
        for e, (through, older) in sorted(counted.items())
        if through is not None and e in left
    ]
    for start in range(0, len(rows), 5000):
        connection.execute(insert(risk_marks), rows[start : start + 5000])


def subject_entities(
    connection: Connection, config: RiskConfig, report_ids: Collection[str] | None = None
) -> dict[str, set[str]]:
    """Report id -> the entities it is about (see the module docstring); every report's, or
    those of ``report_ids``."""
    query = (
        select(
            entity_members.c.report_id,
            entity_members.c.entity_id,
            mentions.c.path,
            reports.c.channel,
        )
        .join(mentions, mentions.c.id == entity_members.c.mention_id)
        .join(reports, reports.c.id == entity_members.c.report_id)
    )
    rows = _chunked(connection, query, entity_members.c.report_id, report_ids)
    candidates = [row for row in rows if row.channel in config.subjects]
    bodies = _bodies(connection, {r.report_id for r in candidates if _INDEXED.match(r.path)})
    found: dict[str, set[str]] = defaultdict(set)
    for row in candidates:
        if _is_subject(config, row.channel, row.path, bodies.get(row.report_id, {})):
            found[row.report_id].add(row.entity_id)
    return found


def _bodies(connection: Connection, ids: set[str]) -> dict[str, dict[str, Any]]:
    return open_bodies(connection, sorted(ids))


def _when(row: Any) -> Any:
    return row.occurred_at or row.received_at


def _snippet(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def text_contributions(
    connection: Connection,
    config: RiskConfig,
    subjects: dict[str, set[str]],
    urgent: UrgentRules | None = None,
    report_ids: Collection[str] | None = None,
) -> Iterable[Contribution]:
    signal_type = config.types["text_signal"]
    query = (
        select(
            signals.c.id,
            signals.c.report_id,
            signals.c.category,
            signals.c.score,
            signals.c.evidence,
            signals.c.protected,
            signals.c.detector,
            signals.c.model_version,
            signals.c.rule_versions,
            reports.c.channel,
            reports.c.reliability,
            reports.c.credibility,
            reports.c.handling_code,
            reports.c.occurred_at,
            reports.c.received_at,
        )
        .join(reports, reports.c.id == signals.c.report_id)
        .where(signals.c.flagged.is_(True))
    )
    rows = _chunked(connection, query, signals.c.report_id, report_ids)
    for row, payload in with_payloads(connection, rows, ("text",), key="report_id"):
        if signal_type.channels and row.channel not in signal_type.channels:
            continue
        owners = subjects.get(row.report_id, ())
        if not owners:
            continue
        rules = sorted({str(e.get("rule")) for e in row.evidence or [] if isinstance(e, dict)})
        protected = list(row.protected or [])
        factor = signal_type.protected_factor if protected else 1.0
        details: dict[str, Any] = {
            "channel": row.channel,
            "rules": rules,
            "evidence": (row.evidence or [])[:5],
            "protected": protected,
            "detector_score": float(row.score),
            "protected_factor": factor,
            # The versions of detect's rule files the signal was scored under (null before
            # 0021); the alert names them beside triage's own.
            "rule_versions": list(row.rule_versions or []),
        }
        matched = urgent.match(_facts(row, row, payload.text)) if urgent else None
        if matched:
            details[_match_key(matched)] = matched
        for entity_id in owners:
            yield Contribution(
                entity_id=entity_id,
                kind="text_signal",
                source_ref=f"signal:{row.id}",
                report_id=row.report_id,
                category=row.category,
                base_weight=signal_type.base_weight(row.category),
                reliability=row.reliability,
                credibility=row.credibility,
                strength=float(row.score) * factor,
                observed_at=_when(row),
                handling_code=row.handling_code,
                summary=(
                    f"{row.channel} flagged {row.category} ({row.score:.2f}) by "
                    f"{row.detector} {row.model_version}: 「{_snippet(payload.text or '')}」"
                ),
                details=details,
            )


def _match_key(matched: dict[str, Any]) -> str:
    """Where a contribution keeps a rule's match: ``urgent``, or ``routine`` for a rule that
    opens an alert without announcing it (so nothing that reads ``urgent`` takes it for one)."""
    return "routine" if is_routine(matched) else "urgent"


def _facts(signal: Any, report: Any, text: str | None) -> SignalFacts:
    return SignalFacts(
        channel=report.channel,
        category=signal.category,
        score=float(signal.score),
        evidence=[e for e in signal.evidence or [] if isinstance(e, dict)],
        protected=list(signal.protected or []),
        text=text or "",
        observed_at=_when(report),
    )


def _flagged_signals(connection: Connection, report_ids: Collection[str] | None) -> dict[str, Any]:
    """Report id -> its flagged signal of highest score (for urgent rules on reports)."""
    query = select(
        signals.c.report_id,
        signals.c.category,
        signals.c.score,
        signals.c.evidence,
        signals.c.protected,
    ).where(signals.c.flagged.is_(True))
    best: dict[str, Any] = {}
    for row in _chunked(connection, query, signals.c.report_id, report_ids):
        if row.report_id not in best or row.score > best[row.report_id].score:
            best[row.report_id] = row
    return best


def firing_contributions(
    connection: Connection, config: RiskConfig, entity_ids: Collection[str] | None = None
) -> Iterable[Contribution]:
    signal_type = config.types["purchase_rule"]
    rows = list(
        _chunked(connection, select(purchase_firings), purchase_firings.c.entity_id, entity_ids)
    )
    anchors = {row.report_ids[0] for row in rows if row.report_ids}
    grading = {
        r.id: r
        for start in range(0, len(anchors), 500)
        for r in connection.execute(
            select(
                reports.c.id, reports.c.reliability, reports.c.credibility, reports.c.handling_code
            ).where(reports.c.id.in_(sorted(anchors)[start : start + 500]))
        )
    }
    for row in rows:
        anchor = grading.get(row.report_ids[0]) if row.report_ids else None
        yield Contribution(
            entity_id=row.entity_id,
            kind="purchase_rule",
            source_ref=f"firing:{row.id}",
            report_id=row.report_ids[0] if anchor else None,
            category=signal_type.category,
            base_weight=row.weight * signal_type.scale,
            reliability=anchor.reliability if anchor else "F",
            credibility=anchor.credibility if anchor else "6",
            strength=1.0,
            observed_at=row.window_end,
            handling_code=anchor.handling_code if anchor else None,
            summary=f"purchase rule {row.rule_id}: {row.summary}",
            details={
                "rule": row.rule_id,
                "rule_kind": row.rule_kind,
                "purchases": row.report_ids,
                "stores": row.stores,
                "window": [row.window_start.isoformat(), row.window_end.isoformat()],
            },
        )


def report_contributions(
    connection: Connection,
    config: RiskConfig,
    subjects: dict[str, set[str]],
    urgent: UrgentRules | None = None,
    report_ids: Collection[str] | None = None,
) -> Iterable[Contribution]:
    query = select(
        reports.c.id,
        reports.c.channel,
        reports.c.reliability,
        reports.c.credibility,
        reports.c.handling_code,
        reports.c.occurred_at,
        reports.c.received_at,
        reports.c.source,
    ).where(reports.c.channel.in_(REPORT_TYPES))
    flagged = _flagged_signals(connection, report_ids) if urgent else {}
    rows = (r for r in _chunked(connection, query, reports.c.id, report_ids) if r.id in subjects)
    for row, payload in with_payloads(connection, rows, ("body", "text")):
        owners = subjects[row.id]
        body, text = payload.body or {}, payload.text or ""
        signal = flagged.get(row.id)
        matched = urgent.match(_facts(signal, row, text)) if urgent and signal is not None else None
        signal_type = config.types[row.channel]
        key_field = _WEIGHT_KEY[row.channel]
        key = str(body.get(key_field)) if key_field else None
        boosts = {f: v for f, v in signal_type.boosts.items() if body.get(f)}
        strength = 1.0
        for value in boosts.values():
            strength *= value
        for entity_id in owners:
            yield Contribution(
                entity_id=entity_id,
                kind=row.channel,
                source_ref=f"report:{row.id}",
                report_id=row.id,
                category=signal_type.category,
                base_weight=signal_type.base_weight(key),
                reliability=row.reliability,
                credibility=row.credibility,
                strength=strength,
                observed_at=_when(row),
                handling_code=row.handling_code,
                summary=f"{row.channel}{f' ({key})' if key else ''} from {row.source}: 「{_snippet(text)}」",
                details={
                    "channel": row.channel,
                    "source": row.source,
                    "weight_key": key,
                    "boosts": boosts,
                    **({_match_key(matched): matched} if matched else {}),
                },
            )


def entity_kinds(connection: Connection, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Entity id -> (kind, label)."""
    ordered = sorted(set(ids))
    out: dict[str, tuple[str, str]] = {}
    for start in range(0, len(ordered), 500):
        query = select(entities.c.id, entities.c.kind, entities.c.label).where(
            entities.c.id.in_(ordered[start : start + 500])
        )
        out.update({row.id: (row.kind, row.label) for row in connection.execute(query)})
    return out


def entity_addresses(connection: Connection, ids: Iterable[str]) -> dict[str, list[str]]:
    """Entity id -> address mentions of its reports (for routing by region)."""
    ordered = sorted(set(ids))
    out: dict[str, list[str]] = defaultdict(list)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        member_reports = (
            select(entity_members.c.entity_id, entity_members.c.report_id)
            .where(entity_members.c.entity_id.in_(chunk))
            .subquery()
        )
        query = (
            select(member_reports.c.entity_id, mentions.c.value)
            .join(mentions, mentions.c.report_id == member_reports.c.report_id)
            .where(mentions.c.kind == "address")
            .distinct()
        )
        for row in connection.execute(query):
            out[row.entity_id].append(row.value)
    return out
