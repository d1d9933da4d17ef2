"""The one read model of an entity: what a user may see of it, decided by the guard.

Every surface that shows an entity asks :func:`read_entity` and shows only what it returns:
``GET /api/v1/entities/{id}`` and the entity pages (triage's ``entity_view``, the web's
entity and alert pages) and ``GET /api/v1/entities/{id}/links`` (resolve). The rules:

1. the entity is decided as a *subject* (``entity:<id>``, the guard's one loader
   :func:`kizashi.guard.policy.load_entity`): a compartment holding it or any of its
   identifiers shuts outsiders out with a deconfliction notice; partners are refused;
2. every report behind it (its members' reports) is decided ``read`` on its own;
3. an entity is shown only if the subject is allowed *and* at least one report behind it
   may be read. Otherwise the answer is that of a missing id (404, no label, no count): an
   entity is knowledge drawn from reports, and a guessed id of an address or a shop must
   not tell whether the police hold it, nor under what label.

Only the members whose report may be read are returned; everything drawn from a hidden
report (its mentions, contributions, judgements) is left out by the callers with them.
Light on purpose: no linkage library is imported here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, or_, select

from kizashi.guard import Decision, Guard, Resource, User, decide
from kizashi.guard.policy import load_entity
from kizashi.store.tables import mentions
from kizashi.store.tables_resolve import (
    entities,
    entity_members,
    link_judgements,
    resolve_flags,
    resolve_mentions,
    resolve_records,
)

__all__ = [
    "EntityRead",
    "conflict_values",
    "entity_flags",
    "merged_end",
    "read_entity",
    "review_flags",
]


@dataclass(frozen=True)
class EntityRead:
    """What a user may see of an entity, or why not.

    ``entity`` is None when refused: ``denied`` then holds the refusals the caller may tell
    of (deconfliction, a missing purpose, a 403), or is empty / all concealing, which is
    answered exactly like a missing id.
    """

    entity: dict[str, Any] | None
    denied: tuple[Decision, ...] = ()
    members: list[dict[str, Any]] = field(default_factory=list)
    reports: frozenset[str] = frozenset()
    # With a window (``newest``): how many reports are behind the entity in all, and how many
    # newer ones were skipped; the reports outside the window were neither decided nor shown.
    total_reports: int = 0
    skipped_reports: int = 0
    window_ids: tuple[str, ...] = ()

    @property
    def refused(self) -> bool:
        return self.entity is None

    @property
    def concealed(self) -> bool:
        """Refused, and answered as for a missing id."""
        return self.refused and all(d.conceal for d in self.denied)


def _members(connection: Any, entity_id: str) -> list[dict[str, Any]]:
    query = (
        select(
            entity_members.c.mention_id,
            entity_members.c.report_id,
            entity_members.c.match_weight,
            entity_members.c.reasons,
            mentions.c.kind,
            mentions.c.path,
            mentions.c.value,
            mentions.c.normalized,
        )
        .join(mentions, mentions.c.id == entity_members.c.mention_id)
        .where(entity_members.c.entity_id == entity_id)
        .order_by(mentions.c.kind, mentions.c.normalized, entity_members.c.mention_id)
    )
    return [dict(row._mapping) for row in connection.execute(query)]


def read_entity(
    guard: Guard,
    user: User,
    entity_id: str,
    purpose: str,
    *,
    action: str = "read",
    required: Sequence[Resource] = (),
    terminal: str = "",
    newest: int | None = None,
    skip: int = 0,
) -> EntityRead:
    """Decide (and log) the entity and every report behind it; return what may be shown.

    ``required`` (the alert whose page this is) must be allowed as well. ``required``, then
    the subject, are first checked with the pure policy: at the first refused stage, only
    the stages so far are decided by the guard (logged, deconfliction notices sent) and
    nothing behind the refusal is. When both pass, they and the reports are decided in
    one audit commit (``action`` other than read: the reports in a second one, as ``read``).
    Without ``required``, an entity none of whose reports may be read answers as missing.

    ``newest``: decide only that many reports, the newest stored first after ``skip`` newer
    ones (report ids are time-ordered). A page of a hub — a shop in 1,500 purchase reports —
    then reads, logs and renders one page, not every report (the API reads them all).
    """
    with guard.engine.connect() as connection:
        subject = load_entity(connection, entity_id)
        row = (
            connection.execute(select(entities).where(entities.c.id == entity_id)).first()
            if subject.found
            else None
        )
        members = _members(connection, entity_id) if row is not None else []
    gate = [*required, subject]
    now = guard.now()

    def passes(resources: Sequence[Resource]) -> bool:
        return all(
            decide(user, action, r, purpose, now=now, config=guard.config).allowed
            for r in resources
        )

    # Stage by stage: a refused alert is answered alone, its subject not even looked up.
    # (A missing entity loads as found=False, which the policy refuses like a hidden one.)
    for stage in [list(required), gate] if required else [gate]:
        if passes(stage):
            continue
        decisions = guard.decide_many(user, action, stage, purpose, terminal=terminal)
        denied = tuple(d for d in decisions if not d.allowed)
        if denied or row is None:
            return EntityRead(None, denied)
    if row is None:  # not reached: a missing subject never passes
        return EntityRead(None)
    every_report = sorted({str(m["report_id"]) for m in members}, reverse=True)
    skip = max(skip, 0) if newest is not None else 0
    window = every_report[skip : skip + newest] if newest is not None else every_report
    report_ids = sorted(window)
    reports = guard.load_reports(report_ids)
    if action == "read":
        decisions = guard.decide_many(user, "read", [*gate, *reports], purpose, terminal=terminal)
        gated, shown = decisions[: len(gate)], decisions[len(gate) :]
    else:
        gated = guard.decide_many(user, action, gate, purpose, terminal=terminal)
        shown = (
            guard.decide_many(user, "read", reports, purpose, terminal=terminal)
            if all(d.allowed for d in gated)
            else []
        )
    denied = tuple(d for d in gated if not d.allowed)
    if denied:  # changed between the check and the decision: the guard's answer wins
        return EntityRead(None, denied)
    readable = frozenset(r for r, d in zip(report_ids, shown, strict=True) if d.allowed)
    if not readable and not required:
        # Nothing behind it may be read: the subject is hidden as a missing one. Not so on
        # an alert's page: the alert the user may read (listed in their queue, answered by
        # the API) vouches for its subject; the page then shows no report of it.
        return EntityRead(None)
    return EntityRead(
        dict(row._mapping),
        (),
        [m for m in members if str(m["report_id"]) in readable],
        readable,
        total_reports=len(every_report),
        skipped_reports=skip,
        window_ids=tuple(report_ids),
    )


def merged_end(connection: Connection, entity_id: str) -> str | None:
    """The entity this one's members went to (``entities.merged_into``, followed to its end:
    a merge can be merged again), or None for a live entity. Its alerts stay on this id, so
    their pages say where the person's records are now (issue 12: a judgement merges live).
    Only the id: whoever shows it links to it, and the guard decides that entity's page."""
    seen = {entity_id}
    current = entity_id
    while True:
        following = connection.execute(
            select(entities.c.merged_into).where(entities.c.id == current)
        ).scalar()
        if following is None or following in seen:
            return None if current == entity_id else current
        seen.add(following)
        current = str(following)


def entity_flags(engine: Engine, entity_id: str) -> list[dict[str, Any]]:
    """Review flags touching the entity's person records: links a decisive disagreement
    stopped (veto, split), analysts' joins of conflicting records (judged) and records that
    could be either of two people and joined neither (ambiguous, with both candidates and
    their entities), each with the entity on the other side (None: a record in no entity).

    ``named_candidates``: how many candidates the flag's conflicts name; ``candidates`` lists
    only those whose record is still stored (a candidate's record expired since is not named,
    and the flag is then not shown: :func:`review_flags`)."""
    with engine.connect() as connection:
        mine = {
            str(r.id)
            for r in connection.execute(
                select(resolve_records.c.id).where(resolve_records.c.entity_id == entity_id)
            )
        }
        if not mine:
            return []
        rows = [
            dict(r)
            for r in connection.execute(
                select(resolve_flags).where(
                    or_(resolve_flags.c.left_id.in_(mine), resolve_flags.c.right_id.in_(mine))
                )
            ).mappings()
        ]
        others = {
            str(r["right_id"]) if str(r["left_id"]) in mine else str(r["left_id"]) for r in rows
        } | {c for r in rows for c in _candidates(r)}
        # A record in no entity (entity_id NULL) has None, never the string "None".
        owner = {
            str(r.id): None if r.entity_id is None else str(r.entity_id)
            for r in connection.execute(
                select(resolve_records.c.id, resolve_records.c.entity_id).where(
                    resolve_records.c.id.in_(sorted(others))
                )
            )
        }
    out = []
    for row in rows:
        own, other = (
            (str(row["left_id"]), str(row["right_id"]))
            if str(row["left_id"]) in mine
            else (str(row["right_id"]), str(row["left_id"]))
        )
        named = _candidates(row)
        out.append(
            {
                "kind": row["kind"],
                "mention_id": own,
                "other_mention_id": other,
                "other_entity_id": owner.get(other),
                "probability": row["probability"],
                "conflicts": row["conflicts"],
                "named_candidates": len(named),
                "candidates": [
                    {"mention_id": c, "entity_id": owner[c]}
                    for c in named
                    if c in owner  # a candidate's record expired since: not named
                ],
            }
        )
    return out


def _candidates(row: Mapping[str, Any]) -> list[str]:
    """The two records an ``ambiguous`` flag's record could be one of (its conflicts name
    them); none for another kind."""
    if row["kind"] != "ambiguous":
        return []
    return sorted({str(c) for conflict in row["conflicts"] for c in conflict.get("candidates", ())})


# How the linker words each conflict (kizashi.resolve.conflicts): the text before and after
# the two values "a / b". An ID-number column's conflict is the bare "a / b".
_WORDING = {
    "birth_date": ("birth dates ", ""),
    "age": ("born ", ""),
    "given_name": ("same surname, different given names (", ")"),
    "generation": ("generations ", ""),
}


def conflict_values(conflict: Mapping[str, Any]) -> list[str]:
    """The two values a stored conflict sets against each other (``["1957-06-21",
    "1987-02-11"]``), read from the linker's wording, so that a page can say it in its own
    language; empty when the text is not in a known wording (then only the field is told)."""
    stored = conflict.get("values")
    if isinstance(stored, list) and len(stored) == 2:
        return [str(v) for v in stored]
    before, after = _WORDING.get(str(conflict.get("field")), ("", ""))
    text = str(conflict.get("conflict") or "")
    if not (text.startswith(before) and text.endswith(after)):
        return []
    body = text[len(before) : len(text) - len(after)]
    parts = body.split(" / ")
    return parts if len(parts) == 2 and all(p.strip() for p in parts) else []


def _report_of(connection: Connection, mention_ids: set[str]) -> dict[str, str]:
    return {
        str(r.id): str(r.report_id)
        for r in connection.execute(
            select(mentions.c.id, mentions.c.report_id).where(
                mentions.c.id.in_(sorted(mention_ids))
            )
        )
    }


def _verdicts(connection: Connection, pairs: set[tuple[str, str]]) -> dict[frozenset[str], str]:
    """The judgement in force (the latest not undone) between the records of each pair."""
    records = {r for pair in pairs for r in pair}
    record_of = {
        str(r.mention_id): str(r.record_id)
        for r in connection.execute(
            select(resolve_mentions.c.mention_id, resolve_mentions.c.record_id).where(
                resolve_mentions.c.record_id.in_(sorted(records))
            )
        )
    }
    # A record's own id is one of its mentions' (a flag's ids are records').
    record_of |= {r: r for r in records if r not in record_of}
    wanted = {frozenset(p) for p in pairs}
    out: dict[frozenset[str], str] = {}
    rows = connection.execute(
        select(link_judgements)
        .where(
            link_judgements.c.undone_at.is_(None),
            link_judgements.c.left_mention_id.in_(sorted(record_of)),
        )
        .order_by(link_judgements.c.created_at, link_judgements.c.id)
    ).mappings()
    for row in rows:
        pair = frozenset(
            (
                record_of.get(str(row["left_mention_id"]), ""),
                record_of.get(str(row["right_mention_id"]), ""),
            )
        )
        if pair in wanted:
            out[pair] = str(row["verdict"])
    return out


def review_flags(
    guard: Guard,
    user: User,
    entity_id: str,
    purpose: str,
    *,
    decided: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    """The entity's review flags the user may see: the one permission filter of every
    surface that shows them (``GET /api/v1/entities/{id}/links``, the entity and alert pages).

    Decided from the flagged records' own reports, not from the members a page shows (a
    page shows 100 reports at a time; the flags are the same on every page and in the API).
    A flag is shown only if the reports of its own record and of the record on the other
    side may be read (decided and logged); an ``ambiguous`` flag names two people and is
    shown only if the user may read both candidates' reports — and not at all once fewer
    candidates remain than its conflicts name (a candidate expired: the conflict still tells
    that person's birth date). A record whose mention is gone fails closed. Last, every
    other entity a shown flag names (the other side's, a candidate's) is decided as a
    subject, as search decides an entity: one held in a compartment the user is outside
    (deconfliction notice sent by the guard) or refused otherwise hides the flag, which
    would name and link it.

    ``decided``: reports this request's read model already decided readable (``EntityRead.
    reports``): not decided (and logged) a second time.
    """
    flags = [
        f
        for f in entity_flags(guard.engine, entity_id)
        if len(f["candidates"]) == f["named_candidates"]
    ]
    if not flags:
        return []
    named = (
        {f["mention_id"] for f in flags}
        | {f["other_mention_id"] for f in flags}
        | {c["mention_id"] for f in flags for c in f["candidates"]}
    )
    with guard.engine.connect() as connection:
        report_of = _report_of(connection, named)
    report_ids = sorted(set(report_of.values()) - decided)
    decisions = guard.decide_many(user, "read", guard.load_reports(report_ids), purpose)
    readable = {r for r, d in zip(report_ids, decisions, strict=True) if d.allowed} | decided

    def seen(mention_id: str) -> bool:
        return report_of.get(mention_id) in readable

    flags = [
        f
        for f in flags
        if seen(f["mention_id"])
        and seen(f["other_mention_id"])
        # an ambiguous flag names two people: shown only if the user may read both
        and all(seen(c["mention_id"]) for c in f["candidates"])
    ]
    if not flags:
        return []
    sealed = _refused_entities(guard, user, entity_id, flags, purpose)
    flags = [f for f in flags if not (_entities_named(f) & sealed)]
    with guard.engine.connect() as connection:
        verdicts = _verdicts(connection, {(f["mention_id"], f["other_mention_id"]) for f in flags})
    return [
        {
            **{k: f[k] for k in ("kind", "mention_id", "other_mention_id", "other_entity_id")},
            "conflicts": [
                {"field": c["field"], "conflict": c["conflict"], "values": conflict_values(c)}
                for c in f["conflicts"]
            ],
            "candidates": f["candidates"],
            "judgement": verdicts.get(frozenset((f["mention_id"], f["other_mention_id"]))),
        }
        for f in flags
    ]


def _entities_named(flag: Mapping[str, Any]) -> set[str]:
    named = {flag["other_entity_id"]} | {c["entity_id"] for c in flag["candidates"]}
    return {str(e) for e in named if e is not None}


def _refused_entities(
    guard: Guard, user: User, entity_id: str, flags: Sequence[Mapping[str, Any]], purpose: str
) -> set[str]:
    """The other entities the flags name that the user may not know of as subjects."""
    ids = sorted({e for f in flags for e in _entities_named(f)} - {entity_id})
    if not ids:
        return set()
    with guard.engine.connect() as connection:
        subjects = [load_entity(connection, e) for e in ids]
    decisions = guard.decide_many(user, "read", subjects, purpose)
    return {e for e, d in zip(ids, decisions, strict=True) if not d.allowed}
