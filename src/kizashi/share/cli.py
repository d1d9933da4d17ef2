"""`kizashi share`: draft, submit, approve and release products; requests to platforms;
STIX export and STIX/MISP import; building the recogniser's tables.

Commands act as a named user (``--as``) for a stated purpose (``--purpose``), as the API
does for a token: the guard decides each step and logs it before anything is written.
Output is JSON on stdout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import orjson
import typer

from kizashi.cli.common import AsOption, PurposeOption, engine, handle_errors, settings, write_json
from kizashi.errors import InputError
from kizashi.guard import User
from kizashi.guard.identity import get_user
from kizashi.share import delivery, exchange, platform
from kizashi.share.products import ShareService
from kizashi.share.service import open_share

share_app = typer.Typer(
    help="Products for partners: four-eyes release, tear-lines, requests, STIX/MISP.",
    no_args_is_help=True,
)
Reason = Annotated[str, typer.Option("--reason", help="Why (recorded with the decision).")]


def _open(name: str | None) -> tuple[ShareService, User]:
    if not name:
        raise InputError("say who acts: --as NAME (or KIZASHI_USER)")
    current = settings()
    store = engine(current)
    with store.connect() as connection:
        user = get_user(connection, name)
    return open_share(current, store), user


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from None


@share_app.command("draft")
@handle_errors
def draft(
    body: Annotated[Path, typer.Argument(help="The product's text (Markdown; {{a|b}} slots).")],
    title: Annotated[str, typer.Option(help="Title.")],
    to: Annotated[
        list[str], typer.Option("--to", help="user:, partner:, group: or desk: (repeat).")
    ],
    as_user: AsOption,
    purpose: PurposeOption,
    kind: Annotated[
        str, typer.Option(help="advisory, bulletin, briefing, consultation_answer, case_summary.")
    ] = "advisory",
    handling_code: Annotated[str, typer.Option(help="TLP 2.0 code.")] = "TLP:AMBER",
    source: Annotated[
        list[str] | None, typer.Option(help="report:ID, alert:ID, case:REF (repeat).")
    ] = None,
    case: Annotated[str | None, typer.Option(help="Case reference it belongs to.")] = None,
    lang: Annotated[str, typer.Option(help="ja or en.")] = "ja",
    submit: Annotated[bool, typer.Option(help="Also make the tear-line and submit it.")] = True,
) -> None:
    """Draft a product (and, by default, submit it for approval with its tear-line)."""
    service, user = _open(as_user)
    product = service.draft(
        user,
        kind=kind,
        title=title,
        body=_read(body),
        handling_code=handling_code,
        recipients=to,
        purpose=purpose or "",
        sources=source or [],
        case_ref=case,
        lang=lang,
    )
    if submit:
        product = service.submit(user, product["id"], purpose or "")
    write_json(product)


@share_app.command("show")
@handle_errors
def show(product_id: str, as_user: AsOption, purpose: PurposeOption) -> None:
    """A product with its tear-line, the diff and every removal (what the approver sees)."""
    service, user = _open(as_user)
    write_json(service.review(user, product_id, purpose or ""))


@share_app.command("approve")
@handle_errors
def approve(product_id: str, reason: Reason, as_user: AsOption, purpose: PurposeOption) -> None:
    """Approve a submitted product for release (never your own)."""
    service, user = _open(as_user)
    write_json(service.approve(user, product_id, reason, purpose or ""))


@share_app.command("restore")
@handle_errors
def restore(
    product_id: str,
    removal: Annotated[
        int, typer.Option("--removal", help="The removal's index (share show: tearline_removed).")
    ],
    reason: Reason,
    as_user: AsOption,
    purpose: PurposeOption,
) -> None:
    """Put one over-removed span back into a submitted product's tear-line (as its approver)."""
    service, user = _open(as_user)
    write_json(service.restore(user, product_id, removal, reason, purpose or ""))


@share_app.command("reject")
@handle_errors
def reject(product_id: str, reason: Reason, as_user: AsOption, purpose: PurposeOption) -> None:
    """Send a submitted product back to its author."""
    service, user = _open(as_user)
    write_json(service.reject(user, product_id, reason, purpose or ""))


@share_app.command("release")
@handle_errors
def release(
    product_id: str,
    as_user: AsOption,
    purpose: PurposeOption,
    fmt: Annotated[str, typer.Option("--format", help="md or pdf.")] = "md",
) -> None:
    """Send an approved product: one fingerprinted copy per recipient."""
    service, user = _open(as_user)
    write_json(delivery.release(service, user, product_id, purpose or "", fmt=fmt))


@share_app.command("inbox")
@handle_errors
def inbox(as_user: AsOption) -> None:
    """The products released to you."""
    service, user = _open(as_user)
    write_json(delivery.inbox(service, user, ""))


@share_app.command("requests")
@handle_errors
def requests(as_user: AsOption, purpose: PurposeOption) -> None:
    """Open requests to platforms, and turnaround per platform."""
    service, user = _open(as_user)
    write_json(platform.request_dashboard(service, user, purpose or ""))


@share_app.command("export-stix")
@handle_errors
def export_stix(
    as_user: AsOption,
    purpose: PurposeOption,
    product: Annotated[list[str] | None, typer.Option(help="Released product id (repeat).")] = None,
    indicator: Annotated[list[str] | None, typer.Option(help="KIND:VALUE (repeat).")] = None,
) -> None:
    """A STIX 2.1 bundle with TLP 2.0 markings; exits 1 if stix2-validator refuses it."""
    service, user = _open(as_user)
    items = []
    for text in indicator or []:
        kind, _, value = text.partition(":")
        items.append({"kind": kind, "value": value})
    bundle = exchange.export_bundle(
        service, user, purpose or "", product_ids=product or [], indicators=items
    )
    verdict = exchange.validate_bundle(bundle)
    write_json(bundle)
    if not verdict["valid"]:
        raise InputError("stix2-validator: " + "; ".join(verdict["errors"]))


@share_app.command("import")
@handle_errors
def import_file(
    path: Annotated[Path, typer.Argument(help="A STIX 2.1 bundle or a MISP event (JSON).")],
    source: Annotated[str, typer.Option(help="The partner platform it came from.")],
    as_user: AsOption,
    purpose: PurposeOption,
) -> None:
    """Import a STIX bundle's or MISP event's indicators as reports (indicator channel)."""
    service, user = _open(as_user)
    try:
        data = orjson.loads(_read(path))
    except orjson.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc}", file=str(path)) from None
    if isinstance(data, dict) and data.get("type") == "bundle":
        write_json(exchange.import_stix(service, user, data, source, purpose or ""))
    else:
        write_json(exchange.import_misp(service, user, data, source, purpose or ""))


@share_app.command("build-pii-tables")
@handle_errors
def build_pii_tables(
    shared: Annotated[Path | None, typer.Option(help="The shared data folder.")] = None,
) -> None:
    """Rebuild the recogniser's shipped name and place tables from ../shared/data."""
    from kizashi.share.pii_tables import build

    folder = shared or settings().shared_data or Path("../shared/data")
    write_json(build(Path(folder)))


@share_app.command("build-sweep-words")
@handle_errors
def build_sweep_words(
    shared: Annotated[Path | None, typer.Option(help="The shared data folder.")] = None,
) -> None:
    """Rebuild the residual sweep's English common-word list from ../shared/data."""
    from kizashi.share.pii_sweep import build_english_words

    folder = shared or settings().shared_data or Path("../shared/data")
    write_json({"words": build_english_words(Path(folder))})
