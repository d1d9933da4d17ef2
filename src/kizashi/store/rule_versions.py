"""The rules in force, versioned: what a room loaded, recorded the first time it is used.

The triage thresholds (``risk``), urgent rules (``urgent``), alert routing (``routing``) and
watch-lists (``purchase_watchlist``) are files a deployment may change. An alert must be
explainable "by the rules as they stood that day", so each parsed file becomes a
:class:`RuleSet` — its content as canonical JSON (keys sorted: comments and layout are not
rules) and that content's SHA-256 — once, when the file is parsed (the rooms cache their
parsed files: once per process). :func:`record_rules` stores a version the first time it is
used and a row in ``rules_in_force`` whenever the content used for a kind differs from the
latest one in force; unchanged content writes nothing. It costs one read per call (the latest
version in force of every kind it is given; a triage run, a purchase-rules run), never per
report.

Reading the history (which versions were in force at a time) is oversight's
(:mod:`kizashi.oversight.rule_versions`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Connection, func, insert, select, update

from kizashi.ids import new_id
from kizashi.store.pass_cache import forget, shared
from kizashi.store.tables_oversight import rule_versions, rules_in_force


@dataclass(frozen=True)
class RuleSet:
    kind: str
    version: str
    source: str
    content: str
    sha256: str

    @property
    def id(self) -> str:
        """The version's id as alerts quote it: kind and the first 16 hex digits."""
        return f"{self.kind}:{self.sha256[:16]}"


def rule_set(kind: str, version: object, source: str, data: Any) -> RuleSet:
    """The version of a parsed rule file (``data``, as YAML loaded it)."""
    content = orjson.dumps(
        data, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS
    ).decode()
    digest = hashlib.sha256(content.encode()).hexdigest()
    return RuleSet(kind, str(version), source, content, digest)


def record_rules(connection: Connection, sets: Iterable[RuleSet], now: datetime) -> list[str]:
    """Record each rule set as in force from ``now`` unless it already is; their ids."""
    sets = list(sets)
    latest = _latest_in_force(connection, {rules.kind for rules in sets})
    ids = []
    for rules in sets:
        ids.append(rules.id)
        if latest.get(rules.kind) == rules.sha256:
            continue
        latest[rules.kind] = rules.sha256
        # Written in this transaction, which may yet roll back: a worker pass's later stages
        # read what is in force again (kizashi.store.pass_cache).
        forget(_IN_FORCE)
        known = connection.execute(
            select(rule_versions.c.sha256).where(
                rule_versions.c.kind == rules.kind, rule_versions.c.sha256 == rules.sha256
            )
        ).first()
        if known is None:
            connection.execute(
                insert(rule_versions).values(
                    kind=rules.kind,
                    sha256=rules.sha256,
                    version=rules.version[:100],
                    source=rules.source,
                    content=rules.content,
                    first_used_at=now,
                    last_used_at=now,
                )
            )
        else:
            connection.execute(
                update(rule_versions)
                .where(rule_versions.c.kind == rules.kind, rule_versions.c.sha256 == rules.sha256)
                .values(last_used_at=now)
            )
        connection.execute(
            insert(rules_in_force).values(
                id=new_id(), kind=rules.kind, sha256=rules.sha256, effective_from=now
            )
        )
    return ids


_IN_FORCE = "rules_in_force"


def _latest_in_force(connection: Connection, kinds: set[str]) -> dict[str, str]:
    """The content in force for each of ``kinds`` (those ever recorded), in one read: a
    worker's pass records its detection and triage rules in every batch (issue 12, ninth
    run: one read per kind was ten statements a pass). Every kind is read at once (a
    handful of rows), so that in a worker pass detect, purchases and triage share one read
    (issue 12, eleventh run; :mod:`kizashi.store.pass_cache`)."""
    if not kinds:
        return {}
    every = shared(_IN_FORCE, lambda: _read_in_force(connection))
    return {kind: sha for kind, sha in every.items() if kind in kinds}


def _read_in_force(connection: Connection) -> dict[str, str]:
    ranked = select(
        rules_in_force.c.kind,
        rules_in_force.c.sha256,
        func.row_number()
        .over(
            partition_by=rules_in_force.c.kind,
            order_by=(rules_in_force.c.effective_from.desc(), rules_in_force.c.id.desc()),
        )
        .label("rank"),
    ).subquery()
    rows = connection.execute(select(ranked.c.kind, ranked.c.sha256).where(ranked.c.rank == 1))
    return {row.kind: row.sha256 for row in rows}
