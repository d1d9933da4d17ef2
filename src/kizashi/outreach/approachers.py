"""Reading approach reports as they arrive, and what that says about each approacher.

For every new report of a channel outreach reads (``data/outreach.yaml``: approach reports,
consultations, joint-research requests) the text is read into stages (``reading.py``) and
stored beside the report with the company it came from. The approacher is the person entity
that ``resolve`` made of the report's approacher fields — so the same person under another
romanisation, or known only by the same phone or e-mail, is one approacher across companies
and desks, and a relink by resolve moves the readings with it (they are joined through
``entity_members`` when read, never by a stored id alone).

Then the approacher is recomputed: names, identifiers, claimed organisations and their
countries, the companies that reported them, the desks that already hold them (their other
reports' desks, compartments holding them), and the escalation rules over the furthest stage
of each reading in time order. At level ``alert`` outreach raises a *finding* through
triage (``kizashi.triage.raise_finding``) and re-scores the entity there, so the alert is
triage's — routed to the country desk by ``alert_routing.yaml``'s ``countries`` — and the
approacher is shared with that desk. A subject held in another desk's compartment is marked
on the finding; the alert then says "held by another desk — contact them", and the holding
desk's lead is told by the guard when someone looks the subject up (deconfliction).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select, update

from kizashi.guard.identity import holding_compartments, subject_key
from kizashi.outreach.cards import business_card
from kizashi.outreach.chinese_names import chinese_names, same_chinese_name
from kizashi.outreach.config import outreach_config
from kizashi.outreach.escalation import ApproacherFacts, Escalation, escalate
from kizashi.outreach.model import load_countries, stage_model
from kizashi.outreach.reading import read_approach
from kizashi.outreach.registry import find_company
from kizashi.store.payloads import open_bodies, with_payloads
from kizashi.store.tables import material_labels, mentions, reports
from kizashi.store.tables_outreach import approach_readings, approachers
from kizashi.store.tables_resolve import entity_members
from kizashi.triage import Finding, raise_finding, triage_entities, withdraw_finding

__all__ = [
    "OutreachSummary",
    "follow_regrouping",
    "read_all",
    "read_reports",
    "refresh_approacher",
]

ROOM = "outreach"
CATEGORY = "approacher_pattern"
_TLP = ("TLP:CLEAR", "TLP:WHITE", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")


@dataclass
class OutreachSummary:
    read: int = 0
    approachers: int = 0
    findings: int = 0
    withdrawn: int = 0
    # (alert id, opened/updated, desk, urgent rule) for the pipeline's notifications
    changed: list[tuple[str, str, str, str | None]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "changed"}


def _approacher_entity(connection: Connection, report_id: str, prefix: str) -> str | None:
    """The entity of the report's approacher: its name's, else its phone's or e-mail's."""
    rows = connection.execute(
        select(entity_members.c.entity_id, mentions.c.kind)
        .join(mentions, mentions.c.id == entity_members.c.mention_id)
        .where(mentions.c.report_id == report_id, mentions.c.path.startswith(prefix))
    ).all()
    for kind in ("person", "phone", "email"):
        for entity_id, found in rows:
            if found == kind:
                return str(entity_id)
    return None


def read_reports(
    connection: Connection,
    report_ids: Collection[str],
    *,
    now: datetime,
    as_of: datetime | None = None,
) -> OutreachSummary:
    """Read the given reports (those of outreach's channels) and recompute their approachers.

    In the caller's transaction (the live pipeline's outreach stage); idempotent. ``as_of``:
    the time an alert's risk is decayed to when a finding re-scores its entity (the
    pipeline's, as the triage stage's; ``now`` when not given) — a backfill ``--as-of`` the
    period's end scored outreach's alerts at the wall clock, so the demo's fa-russia alert
    depended on the day the demo was built.
    """
    config = outreach_config()
    summary = OutreachSummary()
    if not report_ids:
        return summary
    rows = connection.execute(
        select(reports).where(
            reports.c.id.in_(sorted(report_ids)), reports.c.channel.in_(sorted(config.channels))
        )
    ).all()
    touched: set[str] = set()
    for row, payload in with_payloads(connection, rows, ("body", "text")):
        body = payload.body or {}
        fields = config.channels[row.channel]
        company = find_company(connection, body.get(fields.company), row.organisation or row.source)
        reading = read_approach(payload.text or "")
        entity_id = _approacher_entity(connection, row.id, fields.person)
        values = {
            "channel": row.channel,
            "company_id": company["id"] if company else None,
            "entity_id": entity_id,
            "observed_at": row.occurred_at or row.received_at,
            "stages": list(reading.stages),
            "furthest": reading.furthest,
            "stage_order": stage_model().order(reading.furthest),
            "evidence": list(reading.evidence),
            "suppressed": list(reading.suppressed),
            "method": body.get(fields.method),
            "lexicon": reading.lexicon,
            "read_at": now,
        }
        updated = connection.execute(
            update(approach_readings)
            .where(approach_readings.c.report_id == row.id)
            .values(**values)
        )
        if not updated.rowcount:
            connection.execute(insert(approach_readings).values(report_id=row.id, **values))
        summary.read += 1
        if entity_id:
            touched.add(entity_id)
    done: set[str] = set()
    for entity_id in sorted(touched):
        if entity_id not in done:
            found = refresh_approacher(connection, entity_id, now=now, as_of=as_of, summary=summary)
            done |= set(found["entities"]) if found else {entity_id}
    return summary


def follow_regrouping(
    connection: Connection,
    entity_ids: Collection[str],
    *,
    now: datetime,
    as_of: datetime | None = None,
) -> OutreachSummary:
    """Recompute the approachers an analyst's re-grouping touched, in the caller's
    transaction: ``entity_ids`` are the entities a judgement's re-clustering took records
    from or put them into (resolve names them for the live re-score).

    Without this a "same" judgement that joins two spellings left the absorbed entity's
    approacher row standing (its entity gone, its finding kept) and the surviving one without
    the joined reports, until a batch ``kizashi outreach run``. Only entities that hold an
    approacher or a reading's report are recomputed; a merged-away one has no member left,
    so ``refresh_approacher`` deletes its row and withdraws its finding."""
    summary = OutreachSummary()
    ids = sorted({str(e) for e in entity_ids})
    if not ids:
        return summary
    held = set(
        connection.execute(
            select(approachers.c.entity_id).where(approachers.c.entity_id.in_(ids))
        ).scalars()
    )
    reading = set(
        connection.execute(
            select(entity_members.c.entity_id)
            .join(
                approach_readings,
                approach_readings.c.report_id == entity_members.c.report_id,
            )
            .where(entity_members.c.entity_id.in_(ids))
            .distinct()
        ).scalars()
    )
    done: set[str] = set()
    for entity_id in sorted({str(e) for e in held | reading}):
        if entity_id in done:
            continue
        found = refresh_approacher(connection, entity_id, now=now, as_of=as_of, summary=summary)
        done |= set(found["entities"]) if found else {entity_id}
        summary.approachers += found is not None
    return summary


def _live(query: Any, excluding: Any) -> Any:
    """``query`` without the memberships of the reports ``excluding`` selects (an expiry's
    reports: their memberships go with resolve's hook, which runs after outreach's)."""
    if excluding is None:
        return query
    return query.where(entity_members.c.report_id.not_in(excluding))


def _members(
    connection: Connection, entity_ids: Collection[str], excluding: Any = None
) -> list[Any]:
    return list(
        connection.execute(
            _live(
                select(
                    entity_members.c.entity_id,
                    entity_members.c.report_id,
                    mentions.c.kind,
                    mentions.c.value,
                    mentions.c.path,
                    mentions.c.normalized,
                )
                .join(mentions, mentions.c.id == entity_members.c.mention_id)
                .where(entity_members.c.entity_id.in_(sorted(entity_ids))),
                excluding,
            )
        ).all()
    )


def first_seen(connection: Connection, entity_ids: Collection[str], excluding: Any = None) -> str:
    """The entity among ``entity_ids`` whose earliest mention was stored first (mention ids
    are time-ordered, so this is the spelling the store met first), ties by entity id."""
    firsts = dict(
        connection.execute(
            _live(
                select(entity_members.c.entity_id, func.min(entity_members.c.mention_id))
                .where(entity_members.c.entity_id.in_(sorted(entity_ids)))
                .group_by(entity_members.c.entity_id),
                excluding,
            )
        ).all()
    )
    return min(entity_ids, key=lambda e: (firsts.get(e) is None, str(firsts.get(e) or ""), e))


MAX_GROUP = 50  # a phone shared by more approachers than this is a switchboard, not a person


def approacher_group(
    connection: Connection, entity_id: str, excluding: Any = None
) -> tuple[set[str], list[dict[str, str]]]:
    """The entities that are one approacher: ``entity_id``, and every entity whose approacher
    fields in an approach report carry the same phone or e-mail (intake's comparison key).

    Resolve decides who is the same person; when it keeps two spellings of a name apart
    (Viktor Halloran, Victor Haloran) although both reports give the same mobile number,
    outreach still reads them as one approacher and says why (``links``), so the desk can
    ask for a judgement that joins them in resolve too.
    """
    prefixes = tuple(f.person for f in outreach_config().channels.values())
    group, links, frontier = {entity_id}, [], [entity_id]
    seen_keys: set[tuple[str, str]] = set()
    while frontier and len(group) < MAX_GROUP:
        keys = {
            (str(m.kind), str(m.normalized))
            for m in _members(connection, frontier, excluding)
            if m.kind in ("phone", "email") and str(m.path).startswith(prefixes) and m.normalized
        } - seen_keys
        seen_keys |= keys
        frontier = []
        for kind, key in sorted(keys):
            others = connection.execute(
                _live(
                    select(entity_members.c.entity_id, mentions.c.path)
                    .join(mentions, mentions.c.id == entity_members.c.mention_id)
                    .where(mentions.c.kind == kind, mentions.c.normalized == key),
                    excluding,
                ).limit(MAX_GROUP)
            ).all()
            for other, path in others:
                if str(path).startswith(prefixes) and str(other) not in group:
                    group.add(str(other))
                    frontier.append(str(other))
                    links.append({"entity_id": str(other), "by": kind, "key": key})
        if not frontier and len(group) < MAX_GROUP:
            # Phones and e-mails are exhausted: a Chinese name in another script, with a
            # country in common, may still join (then its phones and e-mails are followed).
            for link in _chinese_name_links(connection, group, prefixes, excluding):
                group.add(link["entity_id"])
                frontier.append(link["entity_id"])
                links.append(link)
    return group, links


def _claimed_countries(connection: Connection, report_ids: Collection[str]) -> set[str]:
    """Countries the approacher fields of these reports claim (organisation, card,
    nationality)."""
    channels = outreach_config().channels
    texts: list[str] = []
    kinds = dict(
        connection.execute(
            select(reports.c.id, reports.c.channel).where(reports.c.id.in_(sorted(report_ids)))
        ).all()
    )
    for report_id, body in open_bodies(connection, sorted(report_ids)).items():
        fields = channels.get(str(kinds.get(report_id)))
        if fields is None:
            continue
        card = business_card(str(kinds[report_id]), body) or {}
        for value in (
            body.get(fields.person + "affiliation"),
            body.get(fields.person + "nationality"),
            card.get("organisation"),
        ):
            if value:
                texts.append(str(value))
    return set(load_countries().of(*texts))


def _chinese_name_links(
    connection: Connection, group: set[str], prefixes: tuple[str, ...], excluding: Any = None
) -> list[dict[str, str]]:
    """Entities outside ``group`` whose approacher name is the group's Chinese name in
    another script (王伟 / Wang Wei / ワン・ウェイ) *and* who claim a country in common with
    the group. A common Chinese name alone would join strangers, so the country is required;
    the link says which names and country (``by: chinese_name``)."""
    names = chinese_names()
    own = [m for m in _members(connection, group, excluding) if m.kind == "person"]
    own = [m for m in own if str(m.path).startswith(prefixes) and names.readings(str(m.value))]
    if not own:
        return []
    read = select(approach_readings.c.report_id)
    others = connection.execute(
        select(entity_members.c.entity_id, entity_members.c.report_id, mentions.c.value)
        .join(mentions, mentions.c.id == entity_members.c.mention_id)
        .where(
            mentions.c.kind == "person",
            entity_members.c.report_id.in_(read),
            entity_members.c.entity_id.not_in(sorted(group)),
        )
        .where(or_(*(mentions.c.path.startswith(p) for p in prefixes)))
    ).all()
    candidates: dict[str, tuple[str, str]] = {}
    for other, _report, value in others:
        if str(other) in candidates:
            continue
        for mine in own:
            if same_chinese_name(str(mine.value), str(value)):
                candidates[str(other)] = (str(mine.value), str(value))
                break
    if not candidates:
        return []
    countries = _claimed_countries(connection, {str(m.report_id) for m in own})
    links = []
    for other, (mine_name, their_name) in sorted(candidates.items()):
        reports_of = {str(r) for e, r, _ in others if str(e) == other}
        shared = countries & _claimed_countries(connection, reports_of)
        if shared:
            key = f"{mine_name} = {their_name} ({', '.join(sorted(shared))})"
            links.append({"entity_id": other, "by": "chinese_name", "key": key})
    return links[: MAX_GROUP - len(group)]


def _known_to(
    connection: Connection, other_reports: Iterable[str], keys: Iterable[str], own_desk: str
) -> tuple[list[str], list[str]]:
    """(desks that already hold the person, desks whose compartments hold them)."""
    labelled = set(
        connection.execute(
            select(material_labels.c.desk_id).where(
                material_labels.c.resource_type == "report",
                material_labels.c.resource_id.in_(sorted(other_reports)),
            )
        ).scalars()
    )
    held = {box.desk for key in keys for box in holding_compartments(connection, "subject", key)}
    known = sorted((labelled | held) - {own_desk})
    return known, sorted(held)


def refresh_approacher(
    connection: Connection,
    entity_id: str,
    *,
    now: datetime,
    as_of: datetime | None = None,
    summary: OutreachSummary | None = None,
    excluding: Any = None,
    rescore: bool = True,
) -> dict[str, Any] | None:
    """Recompute one approacher from every reading of a report the entity is in (see above).

    ``excluding`` (a subquery of report ids) leaves those reports' memberships out: the
    expiry hook recomputes before resolve's hook has removed them (``outreach/expiry.py``),
    and with ``rescore=False``: triage's own hook, which runs next, settles the alert.
    """
    config = outreach_config()
    summary = summary or OutreachSummary()
    group, links = approacher_group(connection, entity_id, excluding)
    # One row per approacher, under the entity first seen among those already holding a row,
    # else among the whole group. Never the smallest entity id: ids are digests, so that
    # would pick a different spelling of the same approacher from one run to the next.
    held = set(
        connection.execute(
            select(approachers.c.entity_id).where(approachers.c.entity_id.in_(sorted(group)))
        ).scalars()
    )
    entity_id = first_seen(connection, held or group, excluding)
    for other in sorted(held - {entity_id}):
        connection.execute(delete(approachers).where(approachers.c.entity_id == other))
        withdraw_finding(connection, ROOM, f"approacher:{other}", now=now)
    members = _members(connection, group, excluding)
    report_ids = {str(m.report_id) for m in members}
    readings = connection.execute(
        select(approach_readings, reports.c.handling_code)
        .join(reports, reports.c.id == approach_readings.c.report_id)
        .where(approach_readings.c.report_id.in_(sorted(report_ids)))
        .order_by(approach_readings.c.observed_at, approach_readings.c.report_id)
    ).all()
    bodies = open_bodies(connection, sorted({str(r.report_id) for r in readings}))
    # A report that can no longer be read (expired) is left out with its reading.
    readings = [r for r in readings if str(r.report_id) in bodies]
    previous = connection.execute(
        select(approachers).where(approachers.c.entity_id == entity_id)
    ).first()
    if not readings:
        if previous is not None:
            connection.execute(delete(approachers).where(approachers.c.entity_id == entity_id))
            if withdraw_finding(connection, ROOM, f"approacher:{entity_id}", now=now):
                summary.withdrawn += 1
        return None
    reading_reports = {str(r.report_id) for r in readings}
    names = Counter(str(m.value) for m in members if m.kind == "person")
    identifiers = sorted(
        {(str(m.kind), str(m.value)) for m in members if m.kind in ("phone", "email")}
    )
    organisations: list[str] = []
    nationalities: list[str] = []
    for r in readings:
        body = bodies[str(r.report_id)]
        card = business_card(r.channel, body) or {}
        for value, into in (
            (body.get(config.channels[r.channel].person + "affiliation"), organisations),
            (card.get("organisation"), organisations),
            (body.get(config.channels[r.channel].person + "nationality"), nationalities),
        ):
            if value and value not in into:
                into.append(str(value))
    countries = list(load_countries().of(*organisations, *nationalities))
    companies = sorted(
        {
            r.company_id
            or f"name:{bodies[str(r.report_id)].get(config.channels[r.channel].company)}"
            for r in readings
        }
    )
    keys = {f"entity:{e}" for e in group} | {subject_key("person", n) for n in names}
    keys |= {subject_key(kind, value) for kind, value in identifiers}
    known_to, held_by = _known_to(
        connection, report_ids - reading_reports, sorted(keys), config.desk
    )
    level = escalate(
        ApproacherFacts(
            [r.furthest for r in readings], companies=len(companies), known_to_desk=bool(known_to)
        )
    )
    values: dict[str, Any] = {
        "label": names.most_common(1)[0][0] if names else entity_id,
        "entities": sorted(group),
        "links": links,
        "names": sorted(names),
        "identifiers": [{"kind": k, "value": v} for k, v in identifiers],
        "organisations": organisations,
        "countries": countries,
        "companies": companies,
        "reports": [str(r.report_id) for r in readings],
        "furthest": level.furthest,
        "level": level.level,
        "fired": list(level.fired),
        "known_to": known_to,
        "held_elsewhere": held_by,
        "desk_id": config.desk,
        "first_seen": readings[0].observed_at,
        "last_seen": readings[-1].observed_at,
        "updated_at": now,
    }
    shared = list(previous.shared_with) if previous is not None else []
    finding_id = previous.finding_id if previous is not None else None
    if level.at_least("alert"):
        finding_id = raise_finding(
            connection,
            _finding(entity_id, values, level, readings, held_by),
            now=now,
        )
        summary.findings += 1
        if rescore:
            shared = _rescore(connection, entity_id, now, as_of, summary, config.desk) or shared
    elif finding_id is not None:
        if withdraw_finding(connection, ROOM, f"approacher:{entity_id}", now=now):
            summary.withdrawn += 1
            if rescore:
                _rescore(connection, entity_id, now, as_of, summary, config.desk)
        finding_id, shared = None, []
    values.update(finding_id=finding_id, shared_with=shared)
    if previous is None:
        connection.execute(insert(approachers).values(entity_id=entity_id, **values))
    else:
        connection.execute(
            update(approachers).where(approachers.c.entity_id == entity_id).values(**values)
        )
    summary.approachers += 1
    return {"entity_id": entity_id, **values}


def _rescore(
    connection: Connection,
    entity_id: str,
    now: datetime,
    as_of: datetime | None,
    summary: OutreachSummary,
    own: str,
) -> list[str]:
    """Triage the entity now (the finding changed); the desks its alert went to, if any."""
    result = triage_entities(connection, {entity_id}, now=now, as_of=as_of)
    summary.changed.extend(result.changed)
    return sorted({desk for _id, _what, desk, _urgent in result.changed if desk != own})


def _why(fired: dict[str, Any], lang: str) -> str:
    """A fired rule's reason in ``lang`` (rows stored before the reasons had both
    languages hold a bare English string)."""
    why = fired.get("why")
    return str(why.get(lang) or why.get("en") or "") if isinstance(why, dict) else str(why or "")


def _finding(
    entity_id: str,
    values: dict[str, Any],
    level: Escalation,
    readings: Sequence[Any],
    held_by: list[str],
) -> Finding:
    model = stage_model()
    furthest = model.get(level.furthest).name["en"] if level.furthest else "no stage"
    why = "; ".join(f"{f['rule']}: {_why(f, 'en')}" for f in level.fired if f["level"] == "alert")
    codes = [r.handling_code for r in readings if r.handling_code in _TLP]
    return Finding(
        entity_id=entity_id,
        room=ROOM,
        source_ref=f"approacher:{entity_id}",
        category=CATEGORY,
        summary=(
            f"approacher {values['label']} ({', '.join(values['organisations']) or 'no claimed organisation'}): "
            f"{len(values['companies'])} compan{'ies' if len(values['companies']) > 1 else 'y'}, "
            f"{len(readings)} report{'s' if len(readings) > 1 else ''}, furthest stage {furthest} — {why}"
        ),
        observed_at=values["last_seen"],
        facts={"countries": values["countries"], "held_by": held_by},
        explanation={
            "escalation": level.to_json(),
            "names": values["names"],
            "countries": values["countries"],
            "companies": values["companies"],
            "readings": [
                {"report_id": str(r.report_id), "furthest": r.furthest, "stages": r.stages}
                for r in readings
            ],
        },
        handling_code=max(codes, key=_TLP.index) if codes else None,
    )


def read_all(
    engine: Any, *, now: datetime, as_of: datetime | None = None, chunk: int = 500
) -> OutreachSummary:
    """Read every report of outreach's channels (the backfill), then drop approachers whose
    entity no longer holds any reading (resolve merged or split them)."""
    from kizashi.store import transaction

    channels = sorted(outreach_config().channels)
    with engine.connect() as connection:
        ids = list(
            connection.execute(
                select(reports.c.id).where(reports.c.channel.in_(channels)).order_by(reports.c.id)
            ).scalars()
        )
    total = OutreachSummary()
    for start in range(0, len(ids), chunk):
        with transaction(engine) as connection:
            part = read_reports(connection, ids[start : start + chunk], now=now, as_of=as_of)
        total.read += part.read
        total.findings += part.findings
        total.withdrawn += part.withdrawn
        total.changed.extend(part.changed)
    with transaction(engine) as connection:
        for entity_id in connection.execute(select(approachers.c.entity_id)).scalars().all():
            refreshed = refresh_approacher(
                connection, str(entity_id), now=now, as_of=as_of, summary=total
            )
            total.approachers += refreshed is not None
    return total
