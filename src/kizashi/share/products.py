"""Products and their release: draft → submitted (tear-line made) → approved → released.

Every step asks the guard about the product (kind ``product``): drafting and editing are
writes; the release is an ``approve`` that the policy grants only to an approver role of
the owning desk who is not the author (four-eyes, rules ``PRODUCT-1`` … ``-3``), with a
recorded reason and the SHA-256 of the exact tear-line approved; sending is an ``export``
that the policy refuses for anything unapproved (``PRODUCT-4``). Only then are the
recipients written as a release (``guard.identity.release_material``) and each gets their
own fingerprinted copy through :mod:`kizashi.trace` — the tear-line, never the full text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Engine, select

from kizashi.clock import Clock, iso, system_clock
from kizashi.config import Settings
from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.guard import Decision, Guard, Resource, User, decide
from kizashi.guard.identity import get_case, list_compartments, release_material
from kizashi.ids import new_id
from kizashi.share import render
from kizashi.share import repository as repo
from kizashi.share.recipients import parse_recipient, resolve
from kizashi.share.restore import restore_span
from kizashi.share.tear_line import HANDLING_CODES, diff, tearline
from kizashi.store import reports, transaction
from kizashi.store.tables_share import PRODUCT_KINDS

MIN_REASON = 3
SOURCE_KINDS = ("report", "alert", "case")


class ShareRefusedError(ForbiddenError):
    """The guard refused a step of sharing, openly (a concealed refusal is a NotFoundError);
    the decision travels with it so that a page can say why (a purpose is needed, ...)."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        super().__init__(f"{decision.reason} (rule {decision.rule})")


def refuse(decision: Decision, what: str) -> Exception:
    """The error for a refused decision: concealed refusals read as 'no such ...'."""
    if decision.conceal:
        return NotFoundError(f"no {what}")
    return ShareRefusedError(decision)


@dataclass
class ShareService:
    engine: Engine
    guard: Guard
    settings: Settings
    clock: Clock = system_clock  # the callers pass their guard's
    trace: Any = None  # kizashi.trace.TraceService, made on first delivery

    # --- drafting --------------------------------------------------------------------------

    def draft(
        self,
        user: User,
        *,
        kind: str,
        title: str,
        body: str,
        handling_code: str,
        recipients: Sequence[str],
        purpose: str,
        sources: Sequence[str] = (),
        desk: str | None = None,
        case_ref: str | None = None,
        lang: str = "ja",
    ) -> dict[str, Any]:
        """A new draft product; the author must be allowed to write it and read its sources."""
        if kind not in PRODUCT_KINDS:
            raise InputError(f"unknown product kind {kind!r}; one of {', '.join(PRODUCT_KINDS)}")
        if handling_code not in HANDLING_CODES:
            raise InputError(
                f"unknown handling code {handling_code!r}; one of {', '.join(HANDLING_CODES)}"
            )
        # White space as intake spells it (U+0085 and U+001C-1F are text, as in the schema's
        # regexes; Python's str.strip would drop them).
        blank = "\t\n\x0b\x0c\r \u00a0\u3000"
        if not title.strip(blank) or not body.strip(blank):
            raise InputError("a product needs a title and a body")
        parsed = [parse_recipient(r) for r in recipients]
        if not parsed:
            raise InputError("name at least one recipient")
        with self.engine.connect() as connection:
            case = get_case(connection, case_ref) if case_ref else None
            resolve(connection, parsed)  # every recipient must name somebody now
        now = self.clock()
        values = {
            "id": new_id(),
            "kind": kind,
            "title": title.strip(),
            "lang": lang,
            "body": body,
            "handling_code": handling_code,
            "desk_id": desk or (case.desk if case else user.desk),
            "case_id": case.id if case else None,
            "sources": [self._source(user, s, purpose) for s in sources],
            "recipients": parsed,
            "status": "draft",
            "created_by": user.id,
            "created_at": now,
            "updated_at": now,
        }
        if values["desk_id"] is None:
            raise InputError("a product belongs to a desk: name one (--desk)")
        with self.engine.connect() as connection:
            resource = repo.product_resource(connection, values)
        self.decide(user, "write", resource, purpose)
        with transaction(self.engine) as connection:
            repo.insert_product(connection, values)
        return self._out(values)

    def _source(self, user: User, text: str, purpose: str) -> dict[str, str]:
        kind, _, ident = text.partition(":")
        if kind not in SOURCE_KINDS or not ident:
            raise InputError(f"source {text!r}: write report:ID, alert:ID or case:REF")
        if kind == "alert":
            from kizashi.triage import get_alert  # the one read model of alerts

            get_alert(self.guard, user, ident, purpose)
        elif kind == "report":
            decision = self.guard.check(user, "read", "report", ident, purpose)
            if not decision.allowed:
                raise refuse(decision, f"report {ident}")
        return {"kind": kind, "id": ident}

    def edit(self, user: User, product_id: str, purpose: str, **changes: Any) -> dict[str, Any]:
        """Change a draft (or a rejected product, which goes back to draft)."""
        product, resource = self.load(product_id)
        self.decide(user, "write", resource, purpose)
        if product["status"] not in ("draft", "rejected"):
            raise InputError(f"a {product['status']} product cannot be changed")
        allowed = {"title", "body", "handling_code", "lang"}
        unknown = set(changes) - allowed - {"recipients"}
        if unknown:
            raise InputError(f"cannot change {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {k: v for k, v in changes.items() if k in allowed and v}
        if changes.get("recipients"):
            values["recipients"] = [parse_recipient(r) for r in changes["recipients"]]
        values.update(status="draft", tearline=None, tearline_removed=None)
        values["updated_at"] = self.clock()
        with transaction(self.engine) as connection:
            repo.update_product(connection, product_id, **values)
        return self.get(user, product_id, purpose)

    # --- submission: the tear-line --------------------------------------------------------

    def submit(
        self, user: User, product_id: str, purpose: str, *, keep: Iterable[str] = ()
    ) -> dict[str, Any]:
        """Make the tear-line and put the product before an approver."""
        product, resource = self.load(product_id)
        self.decide(user, "write", resource, purpose)
        if product["status"] not in ("draft", "rejected"):
            raise InputError(f"a {product['status']} product cannot be submitted")
        # the title leaves with the body: the same sensitive terms go from both (a
        # compartment named in the title went to every recipient before)
        sensitive = self._sensitive_terms(product)
        torn = tearline(
            product["body"],
            product["handling_code"],
            lang=product["lang"],
            keep=keep,
            extra_terms=sensitive,
        )
        torn_title = tearline(
            product["title"],
            product["handling_code"],
            lang=product["lang"],
            keep=keep,
            extra_terms=sensitive,
        ).text
        with transaction(self.engine) as connection:
            repo.update_product(
                connection,
                product_id,
                status="submitted",
                title=torn_title,
                tearline=torn.text,
                tearline_removed=torn.removed,
                updated_at=self.clock(),
            )
        return self.get(user, product_id, purpose)

    def _sensitive_terms(self, product: dict[str, Any]) -> list[tuple[str, str]]:
        """Compartment names and ids, and the organisations that sourced the product."""
        terms: list[tuple[str, str]] = []
        with self.engine.connect() as connection:
            for box in list_compartments(connection):
                terms += [("compartment", str(box.name)), ("compartment", str(box.id))]
            report_ids = [s["id"] for s in product["sources"] if s["kind"] == "report"]
            if report_ids:
                rows = connection.execute(
                    select(reports.c.source, reports.c.id).where(reports.c.id.in_(report_ids))
                )
                for row in rows:
                    terms += [("partner", str(row.source)), ("report_id", str(row.id))]
        return terms

    # --- the second person ----------------------------------------------------------------

    def review(self, user: User, product_id: str, purpose: str) -> dict[str, Any]:
        """What the approver sees: the full text, the tear-line, the diff, every removal."""
        out, full = self._read(user, product_id, purpose)
        if not full:  # a recipient's own copy, never the text it was torn from
            return out
        if out["tearline"] is not None:
            out["diff"] = diff(out["body"], out["tearline"])
        return out

    def approve(self, user: User, product_id: str, reason: str, purpose: str) -> dict[str, Any]:
        return self._decide_release(user, product_id, reason, purpose, "approved")

    def reject(self, user: User, product_id: str, reason: str, purpose: str) -> dict[str, Any]:
        return self._decide_release(user, product_id, reason, purpose, "rejected")

    def _decide_release(
        self, user: User, product_id: str, reason: str, purpose: str, outcome: str
    ) -> dict[str, Any]:
        product, resource = self.load(product_id)
        seq = self.decide_recorded(user, "approve", resource, purpose)
        if product["status"] != "submitted":
            raise InputError(
                f"only a submitted product can be {outcome}, not a {product['status']} one"
            )
        if len(reason.strip()) < MIN_REASON:
            raise InputError(f"a decision to release needs a reason ({outcome})")
        now = self.clock()
        with transaction(self.engine) as connection:
            repo.insert_approval(
                connection,
                {
                    "id": new_id(),
                    "subject_kind": "product",
                    "subject_id": product_id,
                    "decided_by": user.id,
                    "decision": outcome,
                    "reason": reason.strip(),
                    "content_sha256": _sha256(product["tearline"] or ""),
                    "decided_at": now,
                    "audit_seq": seq,
                },
            )
            repo.update_product(connection, product_id, status=outcome, updated_at=now)
        return self.get(user, product_id, purpose)

    def restore(
        self, user: User, product_id: str, index: int, reason: str, purpose: str
    ) -> dict[str, Any]:
        """Put one removal of a submitted product's tear-line back (`index` into its
        removals), as its approver: the guard's four-eyes ``approve`` decides (never the
        author), the level's ``restore:`` rule decides the kind, the audit entry names the
        removal, and the product's history (its approvals) records it with the reason. The
        product stays submitted: it still needs its approval, of the tear-line as restored."""
        product, resource = self.load(product_id)
        stood = product.get("tearline_removed") or []
        # which removal, never its text (the audit entry is not for personal data); an index
        # naming none is recorded as such, not as given (any integer may be asked for, and
        # the audit chain holds only integers a JSON reader keeps exactly)
        removal: dict[str, Any] = {"restore": None, "restore_removals": len(stood)}
        if 0 <= index < len(stood):
            removal = {
                "restore": index,
                "restore_kind": stood[index]["kind"],
                "restore_rule": stood[index]["rule"],
            }
        seq = self.decide_recorded(user, "approve", resource, purpose, context=removal)
        if product["status"] != "submitted":
            raise InputError(
                f"only a submitted product's tear-line is restored, not a {product['status']} one's"
            )
        if len(reason.strip()) < MIN_REASON:
            raise InputError("restoring a removed span needs a reason")
        now = self.clock()
        torn, removed = restore_span(
            product["body"],
            product["tearline"] or "",
            product["tearline_removed"] or [],
            index,
            product["handling_code"],
            {"by": user.id, "reason": reason.strip(), "at": now.isoformat(), "audit_seq": seq},
        )
        r = removed[index]
        with transaction(self.engine) as connection:
            repo.insert_approval(
                connection,
                {
                    "id": new_id(),
                    "subject_kind": "product",
                    "subject_id": product_id,
                    "decided_by": user.id,
                    "decision": "restored",
                    "reason": f"removal {index} ({r['kind']}, {r['rule']}, "
                    f"{r['start']}–{r['end']}): {reason.strip()}",
                    "content_sha256": _sha256(torn),
                    "decided_at": now,
                    "audit_seq": seq,
                },
            )
            repo.update_product(
                connection, product_id, tearline=torn, tearline_removed=removed, updated_at=now
            )
        return self.review(user, product_id, purpose)

    # --- release ----------------------------------------------------------------------------

    def approved_release(self, product: dict[str, Any]) -> str:
        """The approval that released this exact tear-line (its id), or an error."""
        if product["status"] != "approved":
            raise InputError(f"only an approved product is released, not a {product['status']} one")
        with self.engine.connect() as connection:
            approved = [
                a
                for a in repo.approvals_of(connection, "product", product["id"])
                if a["decision"] == "approved"
            ]
        if not approved or approved[-1]["content_sha256"] != _sha256(product["tearline"] or ""):
            raise InputError("the tear-line changed after it was approved: submit it again")
        return str(approved[-1]["id"])

    def release_to(self, connection: Any, product_id: str, ids: Iterable[str], ref: str) -> None:
        release_material(connection, product_id, ids, release_ref=ref, now=self.clock())

    # --- reading ----------------------------------------------------------------------------

    def get(self, user: User, product_id: str, purpose: str) -> dict[str, Any]:
        return self._read(user, product_id, purpose)[0]

    def _read(self, user: User, product_id: str, purpose: str) -> tuple[dict[str, Any], bool]:
        """The product as this user may see it, and whether that is the full (desk's) view."""
        product, resource = self.load(product_id)
        self.decide(user, "read", resource, purpose)
        if self.recipient_only(user, resource, purpose):
            # A recipient without the originating desk's need to know (a partner, or an
            # officer of another desk): its own copy (partner_view), never the product.
            from kizashi.share.partner_view import product_as_recipient_sees_it

            return product_as_recipient_sees_it(self, user, product, purpose), False
        with self.engine.connect() as connection:
            approvals = repo.approvals_of(connection, "product", product_id)
            delivered = repo.deliveries(connection, product_id=product_id)
        out = self._out(product)
        out["approvals"] = [_json(a) for a in approvals]
        out["deliveries"] = [_json(d) for d in delivered]
        return out, True

    def recipient_only(self, user: User, resource: Resource, purpose: str) -> bool:
        """Does this user see the product only as a recipient does (its own copy: share/
        partner_view), not as the originating desk? A partner always; an officer when the
        release is all that lets them read it (``PRODUCT-5``): the pure policy is asked again
        as if they were not a recipient (nothing logged twice), and an officer it still allows
        (the desk's own, an assigned officer, a desk lead) keeps the full view (docs/share.md)."""
        if user.is_partner:
            return True
        if user.id not in resource.released_to:
            return False
        unnamed = replace(resource, released_to=frozenset())
        again = decide(user, "read", unnamed, purpose, now=self.clock(), config=self.guard.config)
        return not again.allowed

    def list(self, user: User, purpose: str, *, status: str | None = None) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            rows = repo.list_products(connection, status=status)
            resources = [repo.product_resource(connection, r) for r in rows]
        decisions = self.guard.decide_many(user, "list", resources, purpose)
        from kizashi.share.partner_view import own_deliveries, product_summary

        out: list[dict[str, Any]] = []
        with self.engine.connect() as connection:
            for r, resource, d in zip(rows, resources, decisions, strict=True):
                if not d.allowed:
                    continue
                if self.recipient_only(user, resource, purpose):
                    # the recipient-safe metadata and its own deliveries only
                    out.append(product_summary(r, own_deliveries(connection, user, r["id"])))
                    continue
                out.append(
                    {
                        k: iso(v)
                        for k, v in r.items()
                        if k not in ("body", "tearline", "tearline_removed")
                    }
                )
        return out

    # --- helpers ----------------------------------------------------------------------------

    def load(self, product_id: str) -> tuple[dict[str, Any], Resource]:
        with self.engine.connect() as connection:
            try:
                product = repo.get_product(connection, product_id)
            except NotFoundError:
                return {}, repo.missing_product(product_id)
            return product, repo.product_resource(connection, product)

    def decide(self, user: User, action: str, resource: Resource, purpose: str) -> Decision:
        decision = self.guard.decide(user, action, resource, purpose)
        if not decision.allowed:
            raise refuse(decision, f"product {resource.id}")
        return decision

    def decide_recorded(
        self,
        user: User,
        action: str,
        resource: Resource,
        purpose: str,
        *,
        context: dict[str, Any] | None = None,
    ) -> int:
        """Allowed, or the refusal; the audit entry's sequence number (stored with an
        approval, so the record points at the guard's decision behind it)."""
        decision, seq = self.guard.decide_recorded(user, action, resource, purpose, context=context)
        if not decision.allowed:
            raise refuse(decision, f"{resource.kind} {resource.id}")
        return seq

    def tracer(self) -> Any:
        """kizashi.trace's service on this share service's guard and clock (made once)."""
        if self.trace is None:
            from kizashi.trace import open_trace

            self.trace = open_trace(self.settings, self.engine, guard=self.guard, clock=self.clock)
        return self.trace

    def _out(self, product: dict[str, Any]) -> dict[str, Any]:
        out = {k: iso(v) for k, v in product.items()}
        if product.get("tearline") is not None:
            out["preview"] = render.markdown(product)
        return out


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _json(row: dict[str, Any]) -> dict[str, Any]:
    return {k: iso(v) for k, v in row.items()}
