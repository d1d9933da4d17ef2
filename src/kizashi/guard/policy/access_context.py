"""What each audit entry records for insider analytics, besides the decision itself.

Insider analytics (``kizashi.insider``) reads the audit log back as access events, so the
guard writes into every entry about material the keys it needs (docs/insider.md):

- ``terminal``: where the request came from (an API header, the CLI's host);
- ``kind``: what the material is to an inspector: ``raid_plan`` (a report held in an
  operation's compartment), ``target_list`` (a subject an operation targets),
  ``surveillance_media``, ``case_file`` (case material), ``subject_profile``;
- ``case_id`` and ``assigned``: the case the material belongs to (or the operation's case)
  and whether the user had a need to know at the time: assigned to the case, lead of its
  desk, or a current member of the compartment holding it;
- ``subject_id``: a keyed pseudonym of a subject (HMAC-SHA-256 under a key derived from
  the log's signing key), never the name: leaves are exported, and a plain hash of a name
  can be reversed by guessing;
- ``desk_work``: case-less work items (a triage alert routed to the user's desk, a product
  the desk drafted or the user authored) are the desk's own work, as a case is its
  assigned officers'; ``workflow: approval`` marks the export of a product a second person
  approved (share's four-eyes release): a dissemination, not a bulk export;
- ``request``: the HTTP request (an API call, a web page) the decision belongs to, so that
  a page that decides twelve items and hides three is read back as one access, not as
  three refusals. The app's plumbing opens a :func:`request_scope` per request; decisions
  made outside one (the CLI, the pipeline's worker) carry no ``request``.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from kizashi.guard.identity import User
from kizashi.guard.policy.domain import CONTENT_KINDS, INSIDER_KINDS, Resource

# Work items that carry no case: the desk that owns them is the officer's need to know.
DESK_WORK_KINDS = frozenset({"alert", "product"})
_REQUEST: ContextVar[str] = ContextVar("kizashi_request", default="")


@contextmanager
def request_scope(request_id: str) -> Iterator[None]:
    """Every decision made inside belongs to the request `request_id` (see ``request``)."""
    token = _REQUEST.set(request_id)
    try:
        yield
    finally:
        _REQUEST.reset(token)


class Pseudonyms:
    """Stable, keyed pseudonyms of subject keys (the same key gives the same pseudonym)."""

    def __init__(self, key: bytes) -> None:
        self._key = hashlib.sha256(b"kizashi/subject-pseudonym\n" + key).digest()

    def __call__(self, subject_key: str) -> str:
        mac = hmac.new(self._key, subject_key.encode("utf-8"), hashlib.sha256)
        return "p-" + mac.hexdigest()[:20]


def insider_kind(resource: Resource) -> str:
    operations = [c for c in resource.compartments if c.starts_at is not None]
    if resource.kind == "subject":
        return "target_list" if operations else "subject_profile"
    if resource.kind in INSIDER_KINDS:
        return INSIDER_KINDS[resource.kind]
    if resource.compartments:
        return "raid_plan"
    return "case_file" if resource.case is not None else ""


def access_context(
    user: User, resource: Resource, now: datetime, pseudonym: Pseudonyms, terminal: str
) -> dict[str, Any]:
    """The analytics keys of one access (empty but for the terminal if not material)."""
    context: dict[str, Any] = {"terminal": terminal} if terminal else {}
    if request := _REQUEST.get():
        context["request"] = request
    if resource.kind not in CONTENT_KINDS or not resource.found:
        return context
    case = resource.case
    case_id = case.id if case is not None else ""
    # Need-to-know as the policy grants it: assigned officers, and the lead of the case's desk.
    assigned = case is not None and (
        user.id in case.assigned or (user.role == "desk_lead" and user.desk == case.desk)
    )
    for box in resource.compartments:
        if box.case_id and not case_id:
            case_id = box.case_id
        if box.admits(user.id, now):
            assigned = True
    context["kind"] = insider_kind(resource)
    # Case-less work items are a desk's own work as a case is its assigned officers': an
    # alert triage routed to the user's desk, a product the desk drafts or the user wrote.
    # Reading them out of hours is on-call work (analytics' off_shift), not an odd access.
    work_item = case is None and not resource.compartments and resource.kind in DESK_WORK_KINDS
    if work_item and user.desk and (resource.desk == user.desk or resource.author == user.id):
        context["desk_work"] = True
    if resource.kind == "product" and resource.approved:
        # A product a second person approved (share's four-eyes) leaves by that approval:
        # a dissemination through a workflow, not a bulk export.
        context["workflow"] = "approval"
    if case_id:
        context["case_id"] = case_id
        context["assigned"] = assigned
    if resource.kind == "subject":
        context["subject_id"] = pseudonym(resource.id)
    return context
