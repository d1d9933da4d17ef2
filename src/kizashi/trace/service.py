"""Use cases: register a product, issue fingerprinted copies, fetch one's copy.

Products are stills, PDFs (case reports, advisories) and marked-up texts. Registering keeps
the original and indexes it for the find shortlist (descriptors of a still's or each PDF
page's picture; hashed shingles of a text's fixed wording). Every step asks the guard. Registering needs ``write`` on the product; issuing needs
``export`` for the issuer *and* for every recipient (a recipient the policy would not let
see the material gets nothing, and nobody gets a copy). Each copy is recorded in the audit
log (actor, recipient, copy id, SHA-256 of the exact bytes) before it is handed out.
Tracing and leak matching are for the inspection desk only (see :mod:`kizashi.trace.inspect`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine

from kizashi.clock import Clock, system_clock
from kizashi.config import Settings
from kizashi.errors import ForbiddenError, InputError, NotFoundError, StoreError
from kizashi.guard import Guard, User, open_audit_log
from kizashi.guard.identity import get_case, get_compartment, get_user
from kizashi.guard.policy import Resource
from kizashi.ids import new_id
from kizashi.store import transaction
from kizashi.trace import repository as repo
from kizashi.trace.image_index import SCHEME as INDEX_SCHEME
from kizashi.trace.image_index import original_views, pack
from kizashi.trace.image_mark import Image
from kizashi.trace.keyed import load_or_create_key
from kizashi.trace.params import TraceParams, default_params
from kizashi.trace.plans import Operation
from kizashi.trace.products import (
    TEXT_SCHEMES,
    Copy,
    PictureMaker,
    classify,
    copy_media_type,
    load_template,
    media_type,
    pictures_of,
    sha256,
    text_codeword,
    text_copy,
    text_scheme,
)
from kizashi.trace.text_index import SCHEME as TEXT_INDEX_SCHEME
from kizashi.trace.text_index import shingles_of

MAX_REDRAWS = 50


@dataclass(frozen=True)
class IssuedCopy:
    copy_id: str
    recipient: str
    content: bytes
    suffix: str
    sha256: str
    audit_seq: int
    media_type: str = "application/octet-stream"

    def to_json(self) -> dict[str, Any]:
        return {
            "copy_id": self.copy_id,
            "recipient": self.recipient,
            "sha256": self.sha256,
            "audit_seq": self.audit_seq,
            "bytes": len(self.content),
            "media_type": self.media_type,
        }


@dataclass(frozen=True)
class _Seq:
    seq: int


@dataclass
class TraceService:
    engine: Engine
    guard: Guard
    key: bytes
    params: TraceParams = field(default_factory=default_params)
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Tokyo"))
    clock: Clock = system_clock  # the callers pass their guard's (open_trace does)
    cache_dir: Path | None = None  # originals' features kept between finds (feature_cache)

    # --- products -------------------------------------------------------------------------

    def add_product(
        self,
        user: User,
        content: bytes,
        filename: str,
        *,
        purpose: str,
        title: str | None = None,
        desk: str | None = None,
        case_ref: str | None = None,
        compartment: str | None = None,
        handling_code: str | None = None,
    ) -> dict[str, Any]:
        return self._add_product(
            user,
            content,
            filename,
            purpose=purpose,
            title=title,
            desk=desk,
            case_ref=case_ref,
            compartment=compartment,
            handling_code=handling_code,
        )[0]

    def _add_product(
        self,
        user: User,
        content: bytes,
        filename: str,
        *,
        purpose: str,
        title: str | None,
        desk: str | None,
        case_ref: str | None,
        compartment: str | None,
        handling_code: str | None,
    ) -> tuple[dict[str, Any], list[Image] | None]:
        """The product, and a still's or PDF's pages as decoded for the index (issuing right
        after reuses them instead of decoding the original again)."""
        # Where it belongs and whether this user may put it there come first; what it is,
        # second (so that nobody learns anything from content errors about material they
        # may not handle).
        with self.engine.connect() as connection:
            case = get_case(connection, case_ref) if case_ref else None
            box = get_compartment(connection, compartment) if compartment else None
            placed = {
                "id": new_id(),
                "desk_id": desk or (case.desk if case else box.desk if box else user.desk),
                "case_id": case.id if case else None,
                "compartment_id": box.id if box else None,
                "handling_code": handling_code,
            }
            resource = repo.product_resource(connection, placed)
        decision = self.guard.decide(user, "write", resource, purpose)
        if not decision.allowed:
            raise ForbiddenError(
                f"{user.name} may not register this material: "
                f"{decision.reason} (rule {decision.rule})"
            )
        kind, decoded = classify(content, filename)
        operation = None
        template = None
        if kind == "text":
            template = load_template(content, filename, self.params)
            if not template.slots:
                raise InputError(
                    "the text has no variant slots ({{a|b}}, {{decoy:...}}, "
                    "{{date:...}}, ...): its copies could not be told apart",
                    file=filename,
                )
            meta = template.meta
            title = title or str(meta.get("title") or "")
            if meta.get("operation"):
                operation = Operation.from_meta(dict(meta["operation"]), filename).to_json()
        values = {
            **placed,
            "kind": kind,
            "title": title or Path(filename).stem,
            "filename": Path(filename).name,
            "media_type": media_type(kind, filename),
            "original": content,
            "original_sha256": sha256(content),
            "operation": operation,
            "scheme": self.params.text.id if kind == "text" else self.params.image.id,
            "params": _params_json(self.params, kind),
            "created_by": user.id,
            "created_at": self.clock(),
        }
        pages: list[Image] | None = None
        if template is not None:
            index_rows: list[dict[str, Any]] = []
            text_row = {
                "product_id": values["id"],
                "scheme": TEXT_INDEX_SCHEME,
                "shingles": shingles_of(template).tobytes(),
            }
        else:
            text_row = None
            pages = [decoded] if decoded is not None else pictures_of(values)
            index_rows = [
                {
                    "product_id": values["id"],
                    "page": page,
                    "scheme": INDEX_SCHEME,
                    "height": int(picture.shape[0]),
                    "width": int(picture.shape[1]),
                    "views": pack(original_views(picture)),
                }
                for page, picture in enumerate(pages)
            ]
        with transaction(self.engine) as connection:
            repo.insert_product(connection, values)
            repo.insert_index(connection, index_rows)
            if text_row is not None:
                repo.insert_text_index(connection, text_row)
        return _product_json(values), pages

    def issue_file(
        self,
        user: User,
        content: bytes,
        filename: str,
        recipients: Sequence[str],
        *,
        purpose: str,
        title: str | None = None,
        desk: str | None = None,
        case_ref: str | None = None,
        compartment: str | None = None,
        handling_code: str | None = None,
    ) -> tuple[dict[str, Any], list[IssuedCopy]]:
        """Register `content` as a product and issue it to `recipients` in one go.

        The entry point for rooms whose products leave the platform (case reports, advisories):
        a still, a PDF or a marked-up text in, one fingerprinted copy per recipient out.
        """
        product, pages = self._add_product(
            user,
            content,
            filename,
            purpose=purpose,
            title=title,
            desk=desk,
            case_ref=case_ref,
            compartment=compartment,
            handling_code=handling_code,
        )
        copies = self._issue(user, str(product["id"]), recipients, purpose=purpose, pages=pages)
        return product, copies

    # --- issuing --------------------------------------------------------------------------

    def issue(
        self, user: User, product_id: str, recipients: Sequence[str], *, purpose: str
    ) -> list[IssuedCopy]:
        return self._issue(user, product_id, recipients, purpose=purpose, pages=None)

    def _issue(
        self,
        user: User,
        product_id: str,
        recipients: Sequence[str],
        *,
        purpose: str,
        pages: list[Image] | None,
    ) -> list[IssuedCopy]:
        if not recipients:
            raise InputError("name at least one recipient (--to)")
        with self.engine.connect() as connection:
            product = repo.get_product(connection, product_id)
            resource = repo.product_resource(connection, product)
            people = [_recipient(connection, name) for name in dict.fromkeys(recipients)]
            earlier = repo.copies_of(connection, product_id)
        self._permitted(user, people, resource, purpose)
        copies = self._make(product, people, earlier, pages)
        hashes = [c.sha256 for c in copies]
        now = self.clock()
        # Each copy is an export of the product's material to one recipient: decided (as the
        # product was) and logged, with what was handed out, before anything leaves.
        items = [
            (
                Resource(
                    "copy",
                    c.label,
                    desk=resource.desk,
                    case=resource.case,
                    compartments=resource.compartments,
                    handling_code=resource.handling_code,
                ),
                {
                    "product": product_id,
                    "recipient": person.name,
                    "recipient_id": person.id,
                    "content_sha256": digest,
                    "scheme": str(c.fingerprint["scheme"]),
                },
            )
            for person, c, digest in zip(people, copies, hashes, strict=True)
        ]
        decided = self.guard.decide_each(user, "export", items, purpose)  # fails closed
        refused = [d for d, _seq in decided if not d.allowed]
        if refused:
            raise ForbiddenError(f"{refused[0].reason} (rule {refused[0].rule}); no copy issued")
        receipts = [_Seq(seq) for _d, seq in decided]
        rows = [
            {
                "id": c.label,
                "product_id": product_id,
                "recipient_id": person.id,
                "issued_by": user.id,
                "issued_at": now,
                "fingerprint": c.fingerprint,
                "content_sha256": digest,
                "audit_seq": receipt.seq,
            }
            for person, c, digest, receipt in zip(people, copies, hashes, receipts, strict=True)
        ]
        with transaction(self.engine) as connection:
            repo.insert_copies(connection, rows)
        media = copy_media_type(product)
        return [
            IssuedCopy(c.label, person.name, c.content, c.suffix, digest, receipt.seq, media)
            for person, c, digest, receipt in zip(people, copies, hashes, receipts, strict=True)
        ]

    def _permitted(
        self, issuer: User, people: Sequence[User], resource: Resource, purpose: str
    ) -> None:
        decision = self.guard.decide(issuer, "export", resource, purpose)
        if not decision.allowed and decision.conceal:
            raise NotFoundError(f"no trace product {resource.id}")
        if not decision.allowed:
            raise ForbiddenError(
                f"{issuer.name} may not issue this material: "
                f"{decision.reason} (rule {decision.rule})"
            )
        refused = []
        for person in people:
            verdict = self.guard.decide(person, "export", resource, purpose)
            if not verdict.allowed:
                refused.append(f"{person.name} ({verdict.rule})")
        if refused:
            raise ForbiddenError(
                "the guard does not permit this material for: "
                + ", ".join(refused)
                + "; no copy was issued"
            )

    def _make(
        self,
        product: dict[str, Any],
        people: Sequence[User],
        earlier: Sequence[dict[str, Any]],
        pages: list[Image] | None,
    ) -> list[Copy]:
        pid = product["id"]
        if product["kind"] in ("image", "pdf"):
            maker = PictureMaker(product, self.key, self.params, pages=pages)
            return maker.make_many([new_id() for _ in people])
        template = load_template(product["original"], product["filename"], self.params)
        scheme = text_scheme(product, self.params)  # more copies of a v2 text stay v2
        taken = {tuple(c["fingerprint"].get("codeword", ())) for c in earlier}
        made = []
        for _ in people:
            for _attempt in range(MAX_REDRAWS):
                label = new_id()
                word = text_codeword(template, self.key, pid, label, scheme)
                if word not in taken:
                    taken.add(word)
                    made.append(text_copy(template, self.key, pid, label, scheme))
                    break
            else:
                raise InputError(
                    f"{len(taken)} copies use up this text's variants: mark more "
                    "slots ({{a|b}}) so that every recipient's copy differs",
                    file=product["filename"],
                )
        return made

    # --- a recipient fetching their copy ---------------------------------------------------

    def copy_content(self, user: User, copy_id: str, *, purpose: str) -> tuple[bytes, str]:
        """The exact bytes issued as `copy_id`, for its recipient (or issuer) only.

        The copy is made again from the kept original and the key, and must hash to what
        was recorded when it was issued; the fetch is decided and logged like any read.
        """
        with self.engine.connect() as connection:
            row = repo.get_copy(connection, copy_id)
            product = repo.get_product(connection, row["product_id"])
            resource = repo.product_resource(connection, product)
        if user.id not in (row["recipient_id"], row["issued_by"]):
            raise NotFoundError(f"no copy {copy_id}")
        decision = self.guard.decide(user, "read", resource, purpose)
        if not decision.allowed:
            raise ForbiddenError(f"{decision.reason} (rule {decision.rule})")
        current = (self.params.image.id, *TEXT_SCHEMES)
        if product["scheme"] not in current:
            raise StoreError(
                f"copy {copy_id} was made under scheme {product['scheme']}, which this "
                f"version no longer makes (it makes {', '.join(current)})"
            )
        if product["kind"] in ("image", "pdf"):
            recorded = row["fingerprint"] or {}
            impl = recorded.get("blind_impl")  # None: the ONNX encoder part
            maker = PictureMaker(product, self.key, self.params, blind_impl=impl)
            made = maker.make(
                copy_id,
                encoding=recorded.get("encoding"),  # None: made before it
                blind_impl=impl,
            )
        else:
            template = load_template(product["original"], product["filename"], self.params)
            scheme = text_scheme(product, self.params)
            made = text_copy(template, self.key, product["id"], copy_id, scheme)
        if made.sha256 != row["content_sha256"]:
            raise StoreError(f"copy {copy_id} cannot be reproduced (key or parameters changed)")
        return made.content, copy_media_type(product)


def _recipient(connection: Connection, name: str) -> User:
    try:
        return get_user(connection, name)
    except NotFoundError:
        raise InputError(f"unknown recipient {name!r}") from None


def _params_json(params: TraceParams, kind: str) -> dict[str, Any]:
    if kind == "text":
        return dict(params.text.__dict__)
    recorded: dict[str, Any] = dict(params.image.__dict__)
    recorded["blind"] = params.blind.enabled and kind == "image"
    recorded["blind_scheme"] = params.blind.id if recorded["blind"] else None
    if kind == "pdf":
        recorded["dpi"] = 150
    return recorded


def _product_json(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k != "original"}


def open_trace(
    settings: Settings, engine: Engine, *, guard: Guard | None = None, **kwargs: Any
) -> TraceService:
    """The installation's trace service: its fingerprint key, and the caller's guard (one
    on the installation's audit log when none is given, e.g. for the CLI)."""
    clock = kwargs.setdefault("clock", guard.now if guard is not None else system_clock)
    guard = guard or Guard(engine, open_audit_log(settings, engine, clock=clock), clock=clock)
    key = load_or_create_key(settings.data_dir / "trace" / "fingerprint.key")
    kwargs.setdefault("cache_dir", settings.data_dir / "trace" / "cache")
    return TraceService(engine, guard, key, tz=settings.tz, **kwargs)
