"""Use cases of casework: promote alerts into a case, notes, tasks, attachments, the file.

Every call asks the guard before it reads or writes, and the guard logs each decision
before it answers. A case's own file (notes, tasks, attachments, timeline) is decided as
the resource ``case_file``: the officers assigned to the case (CASE-1) and the lead of its
desk (CASE-2); anyone else gets the same :class:`NotFoundError` as for a missing case
(existence does not leak). Creating a case is a management write (MANAGE-1/2: the desk's
lead, administrators); whoever creates one is assigned to it.

Promoting an alert labels the alert and the reports its subject's risk was drawn from into
the case (``material_labels``), so that from then on they are case material (need-to-know).
Only reports the promoter may read are moved; a report already in another case stays there.
Who promoted what, when and why is a row of ``case_promotions`` and an event of the timeline.

An attachment is a report of intake's ``case_attachment`` channel (through
:func:`kizashi.intake.ingest_batch`, so it has a source, grading, purpose and SHA-256 like
every report), labelled into the case; its bytes are kept in ``case_attachments``.
Intake stores the report in its own transaction: if the attachment row then fails to be
written, attaching the same file again finds the stored report (intake is idempotent on
``case_ref`` and ``sha256``) and completes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy import Engine

from kizashi.casework import repository as repo
from kizashi.casework.domain import (
    MAX_NOTE_CHARS,
    MAX_REASON_CHARS,
    MAX_TASK_CHARS,
    MIN_REASON_CHARS,
    CaseClosedError,
    InactiveOfficerError,
    bad,
    check_upload,
    clean_text,
    overdue,
)
from kizashi.casework.outcomes import outcome_labels
from kizashi.config import Settings
from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.guard import Decision, Guard, Resource, User, label_material
from kizashi.guard.identity import (
    CaseInfo,
    assign_case,
    create_case,
    get_case,
    get_user,
    get_user_by_id,
    load_case,
)
from kizashi.ids import new_id
from kizashi.intake import RawRow, ingest_batch
from kizashi.store import transaction


@dataclass(frozen=True)
class Promotion:
    case_ref: str
    created: bool
    alerts: list[str]
    already: list[str]
    reports: int
    kept_elsewhere: int

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def refused(decision: Decision, what: str) -> Exception:
    """A concealed refusal reads as absence; an open one names the rule."""
    if decision.conceal:
        return NotFoundError(f"no {what}")
    return ForbiddenError(f"{decision.reason} (rule {decision.rule})")


@dataclass
class Casework:
    """The room's service, bound to a store, its guard and the settings (time zone)."""

    engine: Engine
    guard: Guard
    settings: Settings

    def now(self) -> datetime:
        return self.guard.now()

    # --- access -------------------------------------------------------------------------

    def case(self, user: User, case_ref: str, action: str, purpose: str | None) -> CaseInfo:
        """The case, if `user` may `action` its file; NotFoundError alike for a missing one."""
        with self.engine.connect() as connection:
            try:
                info = get_case(connection, case_ref)
            except NotFoundError:
                info = None
        if info is None:
            resource = Resource("case_file", f"ref:{case_ref}", found=False)
        else:
            resource = Resource("case_file", info.id, desk=info.desk, case=info)
        decision = self.guard.decide(user, action, resource, purpose or "")
        if not decision.allowed or info is None:
            raise refused(decision, f"case {case_ref!r}")
        if action == "write":
            # Asked after the guard, so a closed case leaks nothing to a stranger.
            with self.engine.connect() as connection:
                closing = repo.closing(connection, info.id)
            if closing is not None:
                raise CaseClosedError(
                    f"closed: case {info.ref} is closed ({closing['outcome']}); "
                    "the desk lead may reopen it"
                )
        return info

    # --- promotion ----------------------------------------------------------------------

    def promote(
        self,
        user: User,
        alert_ids: Sequence[str],
        *,
        reason: str,
        purpose: str | None,
        case_ref: str | None = None,
        new_case_ref: str | None = None,
        title: str = "",
    ) -> Promotion:
        """Promote alerts into an existing case (`case_ref`) or a new one (`new_case_ref`)."""
        wanted = list(dict.fromkeys(a.strip() for a in alert_ids if a.strip()))
        if not wanted:
            raise bad("alerts", "name at least one alert")
        # Whether the user may change the alerts comes first; what the request says, second.
        loaded = [self.guard.load("alert", a) for a in wanted]
        for resource, decision in zip(
            loaded, self.guard.decide_many(user, "write", loaded, purpose or ""), strict=True
        ):
            if not decision.allowed:
                raise refused(decision, f"alert {resource.id}")
        why = clean_text(reason, "reason", MAX_REASON_CHARS, minimum=MIN_REASON_CHARS)
        if bool(case_ref) == bool(new_case_ref):
            raise bad("case", "name either an existing case or a new case's reference")
        with self.engine.connect() as connection:
            rows = repo.alert_rows(connection, wanted)
        if new_case_ref:
            info = self._new_case(user, new_case_ref.strip(), title, rows, purpose)
        else:
            info = self.case(user, str(case_ref), "write", purpose)
        return self._label(user, info, wanted, rows, why, purpose, created=bool(new_case_ref))

    def _new_case(
        self, user: User, ref: str, title: str, rows: dict[str, Any], purpose: str | None
    ) -> CaseInfo:
        ref = clean_text(ref, "case_ref", 100)
        desks = {r.desk_id for r in rows.values()}
        desk = desks.pop() if len(desks) == 1 else user.desk
        if desk is None:
            raise bad("case_ref", "the alerts are of several desks; a new case needs one")
        decision = self.guard.decide(
            user, "write", Resource("case", "new", desk=desk), purpose or ""
        )
        if not decision.allowed:
            raise ForbiddenError(
                f"only the lead of desk {desk} opens its cases: {decision.reason} "
                f"(rule {decision.rule})"
            )
        with transaction(self.engine) as connection:
            now = self.now()
            title = title.strip()[:300] or ref
            info = create_case(connection, ref, desk=desk, title=title, now=now)
            info = assign_case(connection, ref, user.name, now=now)
        return info

    def _label(
        self,
        user: User,
        info: CaseInfo,
        wanted: list[str],
        rows: dict[str, Any],
        why: str,
        purpose: str | None,
        *,
        created: bool,
    ) -> Promotion:
        with self.engine.connect() as connection:
            done = repo.promoted(connection, info.id)
            evidence = {a: repo.reports_of_entity(connection, rows[a].entity_id) for a in wanted}
            every = sorted({r for ids in evidence.values() for r in ids})
            elsewhere = {
                r
                for r, c in repo.case_of_material(connection, "report", every).items()
                if c != info.id
            }
        candidates = [r for r in every if r not in elsewhere]
        # Only what the promoter may read is moved into the case (each decision logged).
        resources = [self.guard.load("report", r) for r in candidates]
        allowed = {
            r.id
            for r, d in zip(
                resources,
                self.guard.decide_many(user, "read", resources, purpose or ""),
                strict=True,
            )
            if d.allowed
        }
        now = self.now()
        fresh = [a for a in wanted if a not in done]
        moved = 0
        kept = 0
        with transaction(self.engine) as connection:
            for alert_id in fresh:
                mine = [r for r in evidence[alert_id] if r in allowed]
                label_material(
                    connection, "alert", alert_id, desk=info.desk, case_ref=info.ref, now=now
                )
                for report_id in mine:
                    label_material(
                        connection, "report", report_id, desk=info.desk, case_ref=info.ref, now=now
                    )
                left = len(evidence[alert_id]) - len(mine)
                repo.add_promotion(
                    connection,
                    {
                        "case_id": info.id,
                        "alert_id": alert_id,
                        "promoted_by": user.id,
                        "promoted_at": now,
                        "reason": why,
                        "reports": len(mine),
                        "kept_elsewhere": left,
                    },
                )
                repo.event(
                    connection,
                    info.id,
                    "promoted",
                    user.id,
                    now,
                    alert_id,
                    {
                        "reason": why,
                        "reports": len(mine),
                        "kept_elsewhere": left,
                        "created_case": created,
                    },
                )
                moved += len(mine)
                kept += left
        return Promotion(info.ref, created, fresh, [a for a in wanted if a in done], moved, kept)

    # --- notes --------------------------------------------------------------------------

    def add_note(self, user: User, case_ref: str, body: str, purpose: str | None) -> dict[str, Any]:
        info = self.case(user, case_ref, "write", purpose)
        text = clean_text(body, "body", MAX_NOTE_CHARS)
        now = self.now()
        note_id = new_id()
        with transaction(self.engine) as connection:
            row = repo.add_note_version(connection, info.id, note_id, 1, text, user.id, now)
            repo.event(connection, info.id, "note", user.id, now, note_id, {"version": 1})
        return row

    def edit_note(
        self, user: User, case_ref: str, note_id: str, body: str, purpose: str | None
    ) -> dict[str, Any]:
        """A new version of the note; every earlier version stays as it was written."""
        info = self.case(user, case_ref, "write", purpose)
        text = clean_text(body, "body", MAX_NOTE_CHARS)
        now = self.now()
        with transaction(self.engine) as connection:
            last = repo.last_version(connection, info.id, note_id)
            if last is None:
                raise NotFoundError(f"no note {note_id!r} in case {case_ref!r}")
            row = repo.add_note_version(connection, info.id, note_id, last + 1, text, user.id, now)
            repo.event(
                connection, info.id, "note_edited", user.id, now, note_id, {"version": last + 1}
            )
        return row

    # --- tasks --------------------------------------------------------------------------

    def add_task(
        self,
        user: User,
        case_ref: str,
        *,
        title: str,
        assignee: str,
        due_on: date | str,
        purpose: str | None,
    ) -> dict[str, Any]:
        info = self.case(user, case_ref, "write", purpose)
        text = clean_text(title, "title", MAX_TASK_CHARS)
        try:
            due = repo.due_date(due_on)
        except ValueError:
            raise bad("due_on", "is not a date (YYYY-MM-DD)") from None
        with self.engine.connect() as connection:
            try:
                person = get_user(connection, assignee.strip())
            except NotFoundError:
                raise bad("assignee", f"no user named {assignee!r}") from None
        self.may_hold_task(info, person, case_ref)
        now = self.now()
        with transaction(self.engine) as connection:
            # Decided under the case's lock (as a hand-over moves the officer's open tasks
            # under it): a task is never left with an officer just handed off the case.
            repo.lock_case(connection, info.id)
            if repo.closing(connection, info.id) is not None:
                raise CaseClosedError(
                    f"closed: case {info.ref} is closed; the desk lead may reopen it"
                )
            repo.lock_user(connection, person.id)
            person = get_user_by_id(connection, person.id)
            self.may_hold_task(load_case(connection, info.id), person, case_ref)
            row = repo.add_task(
                connection,
                {
                    "case_id": info.id,
                    "title": text,
                    "assignee_id": person.id,
                    "due_on": due,
                    "created_by": user.id,
                    "created_at": now,
                },
            )
            repo.event(
                connection,
                info.id,
                "task",
                user.id,
                now,
                row["id"],
                {"title": text, "assignee": person.name, "due_on": due.isoformat()},
            )
        return row

    @staticmethod
    def may_hold_task(info: CaseInfo, person: User, case_ref: str) -> None:
        """An assignee is an active officer on the case, or the desk's active lead."""
        lead = person.role == "desk_lead" and person.desk == info.desk
        if person.id not in info.assigned and not lead:
            raise bad("assignee", f"{person.name} is not assigned to case {case_ref}")
        if not person.active:
            raise InactiveOfficerError(
                f"assignee: {person.name}'s account is disabled; an inactive user is not "
                "given a task (an administrator may enable it again)"
            )

    def finish_task(self, user: User, case_ref: str, task_id: str, purpose: str | None) -> None:
        info = self.case(user, case_ref, "write", purpose)
        now = self.now()
        with transaction(self.engine) as connection:
            # The case row locked, as a task's re-assignment locks it: the two are taken one
            # after the other, and the task's status is read after the other has written.
            repo.lock_case(connection, info.id)
            row = repo.task(connection, info.id, task_id)
            if row is None:
                raise NotFoundError(f"no task {task_id!r} in case {case_ref!r}")
            if row.status == "done":
                raise bad("task", "is done already")
            repo.finish_task(connection, task_id, user.id, now)
            repo.event(
                connection, info.id, "task_done", user.id, now, task_id, {"title": row.title}
            )

    # --- attachments --------------------------------------------------------------------

    def attach(
        self,
        user: User,
        case_ref: str,
        filename: str,
        content: bytes,
        *,
        purpose: str | None,
        reason: str = "",
    ) -> dict[str, Any]:
        """Keep an uploaded file as a report of the case (see the module's docstring)."""
        info = self.case(user, case_ref, "write", purpose)
        upload = check_upload(filename, content)
        with self.engine.connect() as connection:
            if repo.attachment_by_hash(connection, info.id, upload.sha256) is not None:
                raise bad("file", f"{upload.filename} is attached to this case already")
        now = self.now()
        data = {
            "case_ref": info.ref,
            "filename": upload.filename,
            "media_type": upload.media_type,
            "size_bytes": upload.size,
            "sha256": upload.sha256,
            "attached_by": user.name,
            "attached_at": now.isoformat(),
            "text": upload.text,
        }
        if reason.strip():
            data["reason"] = clean_text(reason, "reason", MAX_REASON_CHARS)
        summary = ingest_batch(
            self.engine,
            self.settings,
            "case_attachment",
            [RawRow(1, 1, orjson.dumps(data).decode(), data, None)],
            f"casework:{info.ref}",
            default_source=f"principal:{user.name}",
            submitted_by=user.id,
        )
        item = summary.items[0] if summary.items else None
        if item is None or item.id is None:
            problems = "; ".join(f"{p.field}: {p.reason}" for p in (item.problems if item else []))
            raise InputError(f"file: the attachment was refused ({problems or summary.rejected})")
        report_id = item.id
        attachment_id = new_id()
        with transaction(self.engine) as connection:
            if repo.attachment_of_report(connection, report_id) is not None:
                raise bad("file", f"{upload.filename} is attached to this case already")
            label_material(
                connection, "report", report_id, desk=info.desk, case_ref=info.ref, now=now
            )
            repo.add_attachment(
                connection,
                {
                    "id": attachment_id,
                    "case_id": info.id,
                    "report_id": report_id,
                    "filename": upload.filename,
                    "media_type": upload.media_type,
                    "size_bytes": upload.size,
                    "sha256": upload.sha256,
                    "content": upload.content,
                    "attached_by": user.id,
                    "attached_at": now,
                },
            )
            repo.event(
                connection,
                info.id,
                "attached",
                user.id,
                now,
                attachment_id,
                {
                    "filename": upload.filename,
                    "report_id": report_id,
                    "sha256": upload.sha256,
                    "size_bytes": upload.size,
                    "media_type": upload.media_type,
                },
            )
        return {
            "id": attachment_id,
            "report_id": report_id,
            "filename": upload.filename,
            "media_type": upload.media_type,
            "size_bytes": upload.size,
            "sha256": upload.sha256,
        }

    def attachment(
        self, user: User, case_ref: str, attachment_id: str, purpose: str | None
    ) -> tuple[bytes, str, str]:
        """An attachment's bytes, media type and name: the case's file and its report both
        decided (``read``) for `user`."""
        info = self.case(user, case_ref, "read", purpose)
        with self.engine.connect() as connection:
            row = repo.attachment(connection, info.id, attachment_id)
        if row is None:
            raise NotFoundError(f"no attachment {attachment_id!r}")
        decision = self.guard.decide(
            user, "read", self.guard.load("report", row.report_id), purpose or ""
        )
        if not decision.allowed:
            raise refused(decision, f"attachment {attachment_id!r}")
        return bytes(row.content), str(row.media_type), str(row.filename)

    # --- reading the file ---------------------------------------------------------------

    def file(self, user: User, case_ref: str, purpose: str | None) -> dict[str, Any]:
        """The case's file as the user may read it: notes (each with its versions), tasks
        (overdue by the injected clock), attachments, promoted alerts and the timeline."""
        info = self.case(user, case_ref, "read", purpose)
        with self.engine.connect() as connection:
            notes = repo.notes(connection, info.id)
            tasks = repo.tasks(connection, info.id)
            attachments = repo.attachments(connection, info.id)
            promotions = repo.promotions(connection, info.id)
            events = repo.events(connection, info.id)
            decisions = repo.decisions(connection, [p["alert_id"] for p in promotions])
            people = repo.names(
                connection,
                {n["author_id"] for n in notes}
                | {t["assignee_id"] for t in tasks if t["assignee_id"]}
                | {e["actor_id"] for e in events}
                | {str(d["user_id"]) for d in decisions if d["user_id"]}
                | set(info.assigned),
            )
            case = load_case(connection, info.id)
            closing = repo.closing(connection, info.id)
            if closing is not None:
                people |= repo.names(connection, {closing["closed_by"]})
        now = self.now()
        tz = self.settings.tz
        return {
            "case": {"id": info.id, "ref": info.ref, "desk": info.desk},
            "status": "closed" if closing else "open",
            "closing": _closing(closing, people),
            "assigned": sorted(people.get(u, u) for u in case.assigned),
            "notes": _notes(notes, people),
            "tasks": [
                {
                    **t,
                    # None: its officer was taken off the case; to be re-assigned.
                    "assignee": people.get(t["assignee_id"], "") if t["assignee_id"] else None,
                    "overdue": overdue(t["due_on"], t["status"], now, tz),
                }
                for t in tasks
            ],
            "attachments": attachments,
            "promotions": promotions,
            "timeline": _timeline(events, decisions, people),
        }


def _closing(row: dict[str, Any] | None, people: dict[str, str]) -> dict[str, Any] | None:
    """A closed case's outcome (id and label), reason, closing officer and time."""
    if row is None:
        return None
    # The words are data: a listed outcome's from outcomes.yaml, oversight's closure with no
    # outcome (repo.OVERSIGHT_OUTCOME) from casework's labels.yaml; the page says them from
    # its own catalogue (web/messages.yaml, case_outcome_<id>).
    ja, en = outcome_labels(row["outcome"])
    return {
        "outcome": row["outcome"],
        "outcome_label": ja,
        "outcome_label_en": en,
        "outcomes_version": row["outcomes_version"],
        "reason": row["reason"],
        "closed_by": people.get(row["closed_by"], ""),
        "closed_at": row["closed_at"],
    }


def _notes(rows: list[dict[str, Any]], people: dict[str, str]) -> list[dict[str, Any]]:
    """One entry per note (its latest version first shown), with every version kept."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["note_id"], []).append(
            {**row, "author": people.get(row["author_id"], "")}
        )
    out = []
    for note_id, versions in grouped.items():
        versions.sort(key=lambda v: v["version"])
        latest = versions[-1]
        out.append(
            {
                "note_id": note_id,
                "body": latest["body"],
                "version": latest["version"],
                "author": latest["author"],
                "written_at": latest["written_at"],
                "created_at": versions[0]["written_at"],
                "versions": versions,
            }
        )
    out.sort(key=lambda n: (n["created_at"], n["note_id"]))
    return out


def _timeline(
    events: list[dict[str, Any]], decisions: list[dict[str, Any]], people: dict[str, str]
) -> list[dict[str, Any]]:
    items = [
        {
            "at": e["at"],
            "kind": e["kind"],
            "actor": people.get(e["actor_id"], ""),
            "ref": e["ref"],
            "detail": e["detail"] or {},
        }
        for e in events
    ]
    items += [
        {
            "at": d["at"],
            "kind": "decision",
            "actor": people.get(str(d["user_id"]), "") if d["user_id"] else "",
            "ref": d["alert_id"],
            "detail": {"status": d["to_status"], "reason": d["reason"] or ""},
        }
        for d in decisions
    ]
    items.sort(key=lambda i: i["at"])
    return items
