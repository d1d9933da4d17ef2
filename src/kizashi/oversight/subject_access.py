"""Subject access: what the platform holds about a person, for a lawful request (issue 18).

Two people, neither alone (the guard's SAR rules):

1. An oversight officer registers the request (:func:`register`, SAR-1): its reference, who
   asked (the person or their representative), the legal basis, and the person's identifiers
   as given (names, phones, e-mail addresses, accounts, addresses).
2. An administrator exports it, once (:func:`export`, SAR-2; a request not registered, or
   anyone else: SAR-3, refused with the rule). The export's SHA-256 is kept with the request.

The export holds the person's reports (found through the identifiers' mentions and the
resolved entities they belong to), those entities, the alerts about them and the signals
of those reports, with tear-lines: what identifies a third party or a source is withheld and
listed as withheld with the reason — other persons named in the same report (every mention
that is not the subject's, in the record and in the free text), the report's source and
submitter (the partner organisation, the informant), the fields that name the person who
filed or asked (``reporter_*``, ``tipster_*``, ``employee_*``, ``asked_by``...), and the parts
of an alert that quote other material (its summary and contributions). An expired report is
gone: it is counted, nothing of it is exported. Payloads are opened only for the export,
after the guard allowed it.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import orjson
from sqlalchemy import Connection, insert, select, update

from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.guard import Guard, User, subject_key
from kizashi.guard.policy import Resource
from kizashi.ids import new_id
from kizashi.intake.mentions import normalize
from kizashi.store.payloads import open_payloads
from kizashi.store.tables import mentions, reports
from kizashi.store.tables_oversight import (
    report_expiries,
    subject_access_reports,
    subject_access_requests,
)
from kizashi.store.tables_resolve import entities, entity_members
from kizashi.store.tables_signals import signals
from kizashi.store.tables_triage import alerts

IDENTIFIER_KINDS = ("person", "phone", "email", "account", "address")
WITHHELD = "［withheld］"
THIRD_PARTY = "third party: another person named in the report (tear-line)"
SOURCE = "source: who reported or submitted it is not disclosed (tear-line)"
ASSESSMENT = "operational assessment quoting other material (tear-line)"
# Fields of the channels' records that name who filed, reported or asked: sources, not the
# subject (the channel specs call them "a contact, not a subject").
SOURCE_FIELD = re.compile(
    r"^(reporter|tipster|informant|submitter|employee|asked_by|officer|partner|source)", re.I
)
_CHUNK = 500
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _decide(
    guard: Guard,
    user: User,
    action: str,
    ref: str,
    purpose: str,
    terminal: str,
    ctx: dict[str, Any],
) -> tuple[Resource, int]:
    resource = guard.load("subject_access", ref)
    [(decision, seq)] = guard.decide_each(
        user, action, [(resource, ctx)], purpose, terminal=terminal
    )
    if not decision.allowed:
        raise ForbiddenError(f"{decision.reason} (rule {decision.rule})")
    return resource, seq


def _identifiers(given: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for kind, values in given.items():
        if kind not in IDENTIFIER_KINDS:
            raise InputError(
                f"identifiers: unknown kind {kind!r} (one of {', '.join(IDENTIFIER_KINDS)})"
            )
        kept = sorted({v.strip() for v in values if v.strip()})
        if kept:
            out[kind] = kept
    if not out:
        raise InputError("identifiers: give at least one of the person's identifiers")
    return out


def register(
    guard: Guard,
    user: User,
    ref: str,
    *,
    requester: str,
    legal_basis: str,
    identifiers: Mapping[str, Iterable[str]],
    purpose: str = "subject access request",
    terminal: str = "",
) -> dict[str, Any]:
    """Register a lawful subject-access request (SAR-1: oversight officers)."""
    ref = ref.strip()
    _decide(guard, user, "write", ref or "?", purpose, terminal, {"register": True})
    if not ref:
        raise InputError("ref: give the request's reference")
    if not requester.strip():
        raise InputError("requester: say who asked (the person or their representative)")
    if not legal_basis.strip():
        raise InputError("legal_basis: give the law under which the person asks")
    given = _identifiers(identifiers)
    with guard.engine.connect() as connection:
        taken = connection.execute(
            select(subject_access_requests.c.id).where(subject_access_requests.c.ref == ref)
        ).first()
    if taken is not None:
        raise InputError(f"ref: a request {ref!r} is already registered")
    at = guard.now()
    row: dict[str, Any] = {
        "id": new_id(),
        "ref": ref,
        "subject_key": ";".join(sorted(subject_key(k, v) for k, vs in given.items() for v in vs)),
        "legal_basis": legal_basis.strip(),
        "requester": requester.strip(),
        "identifiers": given,
        "registered_by": user.id,
        "registered_at": at,
    }
    with guard.engine.begin() as connection:
        connection.execute(insert(subject_access_requests).values(**row))
    return {**row, "registered_at": at.isoformat()}


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def _set_path(body: Any, path: str, value: Any) -> bool:
    """Replace the value at a mention's path (``persons[1].name``); False if not there."""
    parts = [(m.group(1), m.group(2)) for m in _PATH_PART.finditer(path)]
    node = body
    for index, (key, position) in enumerate(parts):
        last = index == len(parts) - 1
        if key is not None:
            if not isinstance(node, dict) or key not in node:
                return False
            if last:
                node[key] = value
                return True
            node = node[key]
        else:
            spot = int(position)
            if not isinstance(node, list) or spot >= len(node):
                return False
            if last:
                node[spot] = value
                return True
            node = node[spot]
    return False


def _tear(
    report_id: str,
    body: dict[str, Any] | None,
    text: str | None,
    found: list[Any],
    own: set[str],
) -> dict[str, Any]:
    """The report's record and text with third parties and sources withheld."""
    torn = copy.deepcopy(body) if body is not None else {}
    withheld: list[dict[str, str]] = [
        {"what": "provenance.source", "reason": SOURCE},
        {"what": "provenance.submitted_by", "reason": SOURCE},
        {"what": "provenance.external_id", "reason": SOURCE},
    ]
    secrets: set[str] = set()
    for key in sorted(torn):
        if SOURCE_FIELD.match(key):
            value = torn[key]
            secrets.update(_strings(value))
            torn[key] = WITHHELD
            withheld.append({"what": key, "reason": SOURCE})
    yours = []
    for mention in found:
        if mention.id in own:
            yours.append({"kind": mention.kind, "path": mention.path, "value": mention.value})
            continue
        if SOURCE_FIELD.match(mention.path):
            continue  # already withheld as a source
        secrets.add(mention.value)
        _set_path(torn, mention.path, WITHHELD)
        withheld.append({"what": mention.path, "reason": THIRD_PARTY})
    # The subject's own words stay; any third party's or source's value is cut from the text,
    # longest first so that a name inside a longer one is not left half-shown.
    if text:
        for secret in sorted((s for s in secrets if s.strip()), key=len, reverse=True):
            if secret in text:
                text = text.replace(secret, WITHHELD)
        _cut_strings(torn, secrets)
    return {"record": torn, "text": text, "about_you": yours, "withheld": withheld}


def _strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {s for v in value.values() for s in _strings(v)}
    if isinstance(value, list):
        return {s for v in value for s in _strings(v)}
    return set()


def _cut_strings(node: Any, secrets: set[str]) -> None:
    """Third parties' names quoted in other free-text fields of the record are cut too."""
    ordered = sorted((s for s in secrets if s.strip()), key=len, reverse=True)
    items: Iterable[tuple[Any, Any]]
    if isinstance(node, dict):
        items = list(node.items())
    elif isinstance(node, list):
        items = list(enumerate(node))
    else:
        return
    for key, value in items:
        if isinstance(value, str) and value != WITHHELD:
            for secret in ordered:
                value = value.replace(secret, WITHHELD)
            node[key] = value
        else:
            _cut_strings(value, secrets)


def holdings(connection: Connection, identifiers: dict[str, list[str]]) -> dict[str, Any]:
    """What the store holds about the person the identifiers name, torn for third parties."""
    matched: set[str] = set()
    for kind, values in identifiers.items():
        keys = sorted({normalize(kind, v) for v in values})
        matched.update(
            connection.execute(
                select(mentions.c.id).where(
                    mentions.c.kind == kind, mentions.c.normalized.in_(keys)
                )
            ).scalars()
        )
    entity_ids: set[str] = set()
    for chunk in _chunks(matched):
        entity_ids.update(
            connection.execute(
                select(entity_members.c.entity_id).where(entity_members.c.mention_id.in_(chunk))
            ).scalars()
        )
    own = set(matched)
    report_ids: set[str] = set()
    for chunk in _chunks(entity_ids):
        for row in connection.execute(
            select(entity_members.c.mention_id, entity_members.c.report_id).where(
                entity_members.c.entity_id.in_(chunk)
            )
        ):
            own.add(row.mention_id)
            report_ids.add(row.report_id)
    for chunk in _chunks(matched):
        report_ids.update(
            connection.execute(
                select(mentions.c.report_id).where(mentions.c.id.in_(chunk))
            ).scalars()
        )
    expired: set[str] = set()
    for chunk in _chunks(report_ids):
        expired.update(
            connection.execute(
                select(report_expiries.c.report_id).where(report_expiries.c.report_id.in_(chunk))
            ).scalars()
        )
    live = sorted(report_ids - expired)
    payloads = open_payloads(connection, live, ("body", "text"))
    out_reports = []
    for chunk in _chunks(live):
        rows = connection.execute(select(reports).where(reports.c.id.in_(chunk))).all()
        found = connection.execute(
            select(
                mentions.c.id,
                mentions.c.report_id,
                mentions.c.kind,
                mentions.c.path,
                mentions.c.value,
            )
            .where(mentions.c.report_id.in_(chunk))
            .order_by(mentions.c.report_id, mentions.c.path)
        ).all()
        for row in rows:
            payload = payloads.get(row.id)
            if payload is None:
                expired.add(row.id)
                continue
            torn = _tear(
                row.id, payload.body, payload.text, [m for m in found if m.report_id == row.id], own
            )
            out_reports.append(
                {
                    "id": row.id,
                    "channel": row.channel,
                    "received_at": row.received_at.isoformat(),
                    "occurred_at": row.occurred_at.isoformat() if row.occurred_at else None,
                    "purpose": row.purpose,
                    "legal_basis": row.legal_basis,
                    "handling_code": row.handling_code,
                    **torn,
                }
            )
    out_reports.sort(key=lambda r: (r["received_at"], r["id"]))
    out_entities = [
        {"id": r.id, "kind": r.kind, "label": r.label, "created_at": r.created_at.isoformat()}
        for chunk in _chunks(entity_ids)
        for r in connection.execute(select(entities).where(entities.c.id.in_(chunk)))
    ]
    out_alerts = [
        {
            "id": r.id,
            "entity_id": r.entity_id,
            "desk_id": r.desk_id,
            "category": r.category,
            "score": r.score,
            "status": r.status,
            "urgent": r.urgent,
            "opened_at": r.opened_at.isoformat(),
            "closed_at": r.closed_at.isoformat() if r.closed_at else None,
            "rules": (r.explanation or {}).get("rules", []),
            "rule_versions": (r.explanation or {}).get("rule_versions", []),
            "withheld": [
                {"what": "summary", "reason": ASSESSMENT},
                {"what": "explanation.contributions", "reason": ASSESSMENT},
            ],
        }
        for chunk in _chunks(entity_ids)
        for r in connection.execute(select(alerts).where(alerts.c.entity_id.in_(chunk)))
    ]
    shown = [r["id"] for r in out_reports]
    out_signals = [
        {
            "id": r.id,
            "report_id": r.report_id,
            "detector": r.detector,
            "model_version": r.model_version,
            "category": r.category,
            "score": r.score,
            "flagged": r.flagged,
            "rules": sorted({str(e.get("rule")) for e in r.evidence or [] if e.get("rule")}),
            "created_at": r.created_at.isoformat(),
        }
        for chunk in _chunks(shown)
        for r in connection.execute(select(signals).where(signals.c.report_id.in_(chunk)))
    ]
    return {
        "reports": out_reports,
        "entities": sorted(out_entities, key=lambda e: e["id"]),
        "alerts": sorted(out_alerts, key=lambda a: (a["opened_at"], a["id"])),
        "signals": sorted(out_signals, key=lambda s: (s["report_id"], s["id"])),
        "expired_reports": len(expired),
    }


def export(
    guard: Guard,
    user: User,
    ref: str,
    *,
    purpose: str = "subject access request",
    terminal: str = "",
    prepare: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """The export of a registered request (SAR-2: an administrator, once).

    ``prepare`` is called with the finished document before the export is recorded (the
    signed bundle is made there): if it fails, the request stays unexported. The reports
    exported are tied to the request (``subject_access_reports``), so that expiry erases the
    person's identifiers once they have all expired."""
    _decide(guard, user, "export", ref, purpose, terminal, {"export": True})
    with guard.engine.connect() as connection:
        request = connection.execute(
            select(subject_access_requests).where(subject_access_requests.c.ref == ref)
        ).first()
        if request is None:  # registered when decided: gone since cannot happen, but say so
            raise NotFoundError(f"no subject-access request {ref}")
        if request.expired_at is not None:
            raise InputError(
                f"request {ref}: its identifiers were erased at expiry "
                f"({request.expired_at.isoformat()})"
            )
        if request.exported_at is not None:
            raise InputError(
                f"request {ref} was exported at {request.exported_at.isoformat()}: once only"
            )
        held = holdings(connection, dict(request.identifiers or {}))
    at = guard.now()
    document: dict[str, Any] = {
        "request": {
            "ref": request.ref,
            "requester": request.requester,
            "legal_basis": request.legal_basis,
            "identifiers": request.identifiers,
            "registered_by": request.registered_by,
            "registered_at": request.registered_at.isoformat(),
        },
        "generated_at": at.isoformat(),
        "generated_by": user.id,
        "tear_lines": {"marker": WITHHELD, "third_party": THIRD_PARTY, "source": SOURCE},
        "counts": {k: (len(v) if isinstance(v, list) else v) for k, v in held.items()},
        **held,
    }
    digest = hashlib.sha256(orjson.dumps(document, option=orjson.OPT_SORT_KEYS)).hexdigest()
    document["sha256"] = digest
    if prepare is not None:
        prepare(document)
    with guard.engine.begin() as connection:
        connection.execute(
            update(subject_access_requests)
            .where(subject_access_requests.c.ref == ref)
            .values(exported_by=user.id, exported_at=at, export_sha256=digest)
        )
        tie_reports(connection, request.id, [r["id"] for r in document["reports"]])
    return document


def tie_reports(connection: Connection, request_id: str, report_ids: Iterable[str]) -> None:
    """Tie reports to a request (those it exported, those its corrections are about)."""
    wanted = set(report_ids)
    if not wanted:
        return
    known = set(
        connection.execute(
            select(subject_access_reports.c.report_id).where(
                subject_access_reports.c.request_id == request_id
            )
        ).scalars()
    )
    rows = [{"request_id": request_id, "report_id": r} for r in sorted(wanted - known)]
    if rows:
        connection.execute(insert(subject_access_reports), rows)
